"""Verified backups, restore, and the warning for vaults in sync folders.

A backup is ``VACUUM INTO`` a private temp file beside its final place,
fsynced, opened read-only, integrity-checked and decrypted field by field,
and only then renamed to ``balintlog-YYYYMMDDTHHMMSS.bldb``: a file with
that name has been verified. It holds the fields as encrypted as the vault
does, with the keyslots the vault had then, so it opens with the passphrase
of the day it was made (or the recovery code).

``restore`` verifies a copy of the backup first, keeps the replaced vault as
``*.pre-restore`` and renames the verified copy into place. It takes only a
file that is exactly a vault: balintlog's schema and nothing else (see
:mod:`balintlog.db.schema_check`), no more free pages than
:func:`free_page_allowance` and no bytes beyond its last page, at most
:data:`RESTORE_MAX_BYTES` in all.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from balintlog import agent
from balintlog.db import keyslots, maintenance, schema_check
from balintlog.errors import BalintlogError, DamagedError, LockedError, NotFoundError, UsageError
from balintlog.i18n import _, format_number, ngettext
from balintlog.keys import PassphraseSource, Warn, ignore, unlock_master_key
from balintlog.paths import ensure_private_dir, remove_vault_files, vault_files
from balintlog.store import Store

Progress = Callable[[int, int], None]

SUFFIX = ".bldb"
AGE_SUFFIX = ".bldb.age"
PRE_RESTORE_SUFFIX = ".pre-restore"
_GENERATION = re.compile(r"balintlog-(\d{8}T\d{6})(?:-(\d+))?\.bldb(?:\.age)?")
_STAMP = "%Y%m%dT%H%M%S"
#: The largest file ``restore`` takes: 2 GiB. A vault of ten years of weekly
#: groups is about 150 MiB; what is far beyond that is not a journal.
RESTORE_MAX_BYTES = 2 * 1024**3


# -- files ----------------------------------------------------------------------------


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable (where the platform allows it)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def _temp_in(directory: Path, suffix: str) -> Iterator[Path]:
    """An empty 0600 file in ``directory``, hidden by its leading dot, and
    removed afterwards unless the caller renamed it."""
    fd, name = tempfile.mkstemp(prefix=".balintlog-", suffix=suffix, dir=directory)
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
    finally:
        remove_vault_files(temp)


# -- generations ------------------------------------------------------------------------


def _generation_key(path: Path) -> tuple[str, int] | None:
    match = _GENERATION.fullmatch(path.name)
    if match is None:
        return None
    return match.group(1), int(match.group(2) or 0)


def generations(directory: Path) -> list[Path]:
    """The backups in ``directory`` (plain and age-wrapped), oldest first."""
    if not directory.is_dir():
        return []
    found = [(key, p) for p in directory.iterdir() if (key := _generation_key(p)) is not None and p.is_file()]
    return [p for _key, p in sorted(found)]


def _backup_name(directory: Path, now: dt.datetime, suffix: str) -> Path:
    """``balintlog-YYYYMMDDTHHMMSS.bldb``, with ``-N`` when that second is taken."""
    stamp = now.strftime(_STAMP)
    taken = {p.name.split(".", 1)[0] for p in generations(directory)}
    base = f"balintlog-{stamp}"
    name, n = base, 1
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    return directory / (name + suffix)


def prune(directory: Path, keep: int, *, spare: Path | None = None) -> list[Path]:
    """Delete all but the ``keep`` newest backups in ``directory`` (never
    ``spare``, the one just written). Returns what was deleted."""
    if keep < 1:
        raise UsageError(_("keep at least 1 backup, not {keep}").format(keep=keep), hint="keep")
    others = [p for p in generations(directory) if p != spare]
    room = keep - 1 if spare is not None else keep
    excess = others[: max(0, len(others) - room)]
    for path in excess:
        path.unlink(missing_ok=True)
    return excess


# -- verification -------------------------------------------------------------------------


def verify_copy(
    store: Store, master_key: bytes, progress: Progress | None, *, what: str, then: str, hint: str | None = None
) -> int:
    """The SQLite integrity check and a decryption of every field of an
    opened copy. Returns the number of fields; DamagedError naming ``what``
    (translated: "the vault") and saying ``then`` (what happens now,
    translated), with ``hint``, otherwise."""
    problems = maintenance.integrity_problems(store)
    if problems:
        raise DamagedError(
            _("{what} failed the SQLite integrity check ({problem}); {then}").format(
                what=what, problem=problems[0], then=then
            ),
            hint=hint,
        )
    store.unlock(master_key)
    try:
        keyslots.data_key(store, master_key, None)
    except DamagedError:
        raise DamagedError(
            _("{what}: its data key does not open (damaged or tampered); {then}").format(what=what, then=then),
            hint=hint,
        ) from None
    fields, failures = maintenance.verify(store, progress)
    if failures:
        first = failures[0]
        if len(failures) > 1:
            more = len(failures) - 1
            first = ngettext("{problem} (and {count} more)", "{problem} (and {count} more)", more).format(
                problem=first, count=more
            )
        raise DamagedError(
            _("{what}: {problem}; it is damaged or was tampered with; {then}").format(
                what=what, problem=first, then=then
            ),
            hint=hint,
        )
    return fields


# -- backup ---------------------------------------------------------------------------------


def age_recipients(texts: Sequence[str]) -> list[Any]:
    """age recipients (``age1…`` X25519 keys or ``ssh-…`` public keys), read
    with pyrage (the optional ``age`` extra)."""
    try:
        import importlib

        pyrage: Any = importlib.import_module("pyrage")
    except ImportError:
        raise UsageError(
            _("encrypting for age recipients needs the optional pyrage package: pip install 'balintlog[age]'")
        ) from None
    recipients = []
    for text in texts:
        kind = pyrage.ssh if text.startswith("ssh-") else pyrage.x25519
        try:
            recipients.append(kind.Recipient.from_str(text.strip()))
        except Exception:
            raise UsageError(
                _("{text!r}… is not an age recipient; give an 'age1…' public key or an ssh public key").format(
                    text=text[:16]
                )
            ) from None
    return recipients


def make_backup(
    store: Store,
    master_key: bytes,
    directory: Path,
    *,
    now: dt.datetime,
    keep: int | None = None,
    progress: Progress | None = None,
    age_to: Sequence[str] = (),
) -> Path:
    """Write a verified backup of the open ``store`` into ``directory`` and
    return its path; prune to ``keep`` generations. With ``age_to``, the
    verified copy is wrapped for those age recipients (``.bldb.age``)."""
    if keep is not None and keep < 1:
        raise UsageError(_("keep at least 1 backup, not {keep}").format(keep=keep), hint="keep")
    recipients = age_recipients(age_to) if age_to else []
    directory = directory.expanduser()
    if directory.exists() and not directory.is_dir():
        raise UsageError(
            _("{path} is not a directory; give the directory to keep backups in").format(path=directory)
        )
    # A new directory is private; an existing one (a sync folder, a mounted
    # disk) keeps its modes: each backup file is 0600 anyway.
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    with _temp_in(directory, ".tmp") as copy:
        maintenance.vacuum_into(store, copy)
        _fsync_file(copy)
        checked = Store.open_read_only(
            copy, what=_("the copy of the vault"), then=_("no backup was written: run 'balintlog verify'")
        )
        try:
            verify_copy(
                checked,
                master_key,
                progress,
                what=_("the vault"),
                then=_("no backup was written"),
                hint="backup_unverified",
            )
        finally:
            checked.close()
        if recipients:
            with _temp_in(directory, ".age.tmp") as wrapped:
                import importlib

                importlib.import_module("pyrage").encrypt_file(str(copy), str(wrapped), recipients)
                _fsync_file(wrapped)
                final = _backup_name(directory, now, AGE_SUFFIX)
                os.replace(wrapped, final)
        else:
            final = _backup_name(directory, now, SUFFIX)
            os.replace(copy, final)
    _fsync_dir(directory)
    if keep is not None:
        prune(directory, keep, spare=final)
    return final


# -- restore ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreResult:
    vault: Path
    #: The replaced vault, kept; None when there was none.
    previous: Path | None
    fields: int
    #: The backup belongs to another vault than the one it replaced.
    other_vault: bool


def _backup_key(store: Store, vault: Path, passphrase: PassphraseSource) -> bytes:
    """The master key of an opened backup: the agent's, if it holds this
    vault's key, else from the passphrase of the backup."""
    held = agent.get_key(vault, store.vault_id)
    if held is not None:
        try:
            keyslots.data_key(store, held, None)
            return held
        except DamagedError:
            pass
    try:
        return unlock_master_key(store, passphrase())
    except LockedError:
        raise LockedError(
            _(
                "wrong passphrase for this backup; it opens with the passphrase the vault had when the "
                "backup was made"
            )
        ) from None


def _pre_restore_name(vault: Path, now: dt.datetime) -> Path:
    plain = vault.with_name(vault.name + PRE_RESTORE_SUFFIX)
    if not plain.exists():
        return plain
    return vault.with_name(f"{vault.name}.{now.strftime(_STAMP)}{PRE_RESTORE_SUFFIX}")


def _set_aside(vault: Path, now: dt.datetime) -> Path | None:
    """Keep the vault about to be replaced under a ``.pre-restore`` name, its
    WAL folded into it first (or kept beside it, when it cannot be: a damaged
    vault), so that no stale -wal/-shm is applied to the restored file."""
    if not vault.exists():
        return None
    folded = maintenance.fold_wal(vault)
    kept = _pre_restore_name(vault, now)
    try:
        os.link(vault, kept)
    except OSError:
        shutil.copy2(vault, kept)
    _main, wal, shm = vault_files(vault)
    if wal.exists():
        if folded or wal.stat().st_size == 0:
            wal.unlink()
        else:
            os.replace(wal, kept.with_name(kept.name + "-wal"))
    shm.unlink(missing_ok=True)
    return kept


def free_page_allowance(pages: int) -> int:
    """How many free pages a restored file may carry: a backup (``VACUUM
    INTO``) has none, a copy of a live vault some from its last deletions;
    64, or a sixteenth of its pages when that is more."""
    return max(64, pages // 16)


def check_restorable(copy: Path, what: str) -> None:
    """Refuse a file that carries more than a vault: foreign schema objects
    (named), more free pages than :func:`free_page_allowance`, or bytes
    beyond its last page. Reads only."""
    then = _("nothing was changed")
    from urllib.parse import quote

    unreadable = _("{what} is damaged (not a readable SQLite database); {then}")
    try:
        conn = sqlite3.connect(f"file:{quote(str(copy))}?mode=ro", uri=True, isolation_level=None)
    except sqlite3.Error:
        raise DamagedError(unreadable.format(what=what, then=then)) from None
    try:
        schema_check.check(conn, what, then)
        pages, free, page_size = (
            conn.execute(f"PRAGMA {name}").fetchone()[0] for name in ("page_count", "freelist_count", "page_size")
        )
    except sqlite3.Error:
        raise DamagedError(unreadable.format(what=what, then=then)) from None
    finally:
        conn.close()
    if free > free_page_allowance(pages):
        raise DamagedError(
            _(
                "{what} holds {free} free pages of {pages}, more than a vault leaves (at most {most}); {then}. "
                "To restore a copy of a vault that is not a backup, open it with --vault and make a backup of it "
                "with 'balintlog backup'"
            ).format(what=what, free=free, pages=pages, most=free_page_allowance(pages), then=then)
        )
    if copy.stat().st_size != pages * page_size:
        raise DamagedError(
            _("{what} holds bytes beyond its last page (not a vault as balintlog writes it); {then}").format(
                what=what, then=then
            )
        )


def _vault_id_of(vault: Path) -> str | None:
    try:
        store = Store.open(vault)
    except BalintlogError:
        return None
    try:
        return store.vault_id
    except BalintlogError:
        return None
    finally:
        store.close()


def restore(
    vault: Path,
    backup_file: Path,
    passphrase: PassphraseSource,
    *,
    now: dt.datetime,
    progress: Progress | None = None,
    warn: Warn = ignore,
) -> RestoreResult:
    """Replace ``vault`` by ``backup_file`` after verifying a copy of it with
    the backup's own passphrase (the agent's key when it holds it). The
    replaced vault is kept as ``*.pre-restore``; the live vault is untouched
    unless the backup verified."""
    source = backup_file.expanduser()
    if not source.is_file():
        raise NotFoundError(_("no backup at {path}; give the path of a balintlog-*.bldb file").format(path=source))
    if source.name.endswith(".age"):
        raise UsageError(
            _(
                "{name} is age-encrypted; decrypt it first: age -d -i KEYFILE -o {plain} {name}, "
                "then restore that file"
            ).format(name=source.name, plain=source.name[:-4])
        )
    size = source.stat().st_size
    if size > RESTORE_MAX_BYTES:
        too_big = _(
            "{name} is {size} GiB, more than a balintlog vault can be (at most {most} GiB); nothing was changed"
        )
        raise DamagedError(
            too_big.format(name=source.name, size=format_number(size / 1024**3), most=RESTORE_MAX_BYTES // 1024**3)
        )
    vault = vault.expanduser()
    ensure_private_dir(vault.parent)
    with _temp_in(vault.parent, ".restore") as copy:
        try:
            with source.open("rb") as src, copy.open("wb") as dst:
                shutil.copyfileobj(src, dst, 1024 * 1024)
        except OSError as exc:
            raise BalintlogError(
                _("could not read {path} ({error}); nothing was changed").format(path=source, error=exc.strerror)
            ) from None
        _fsync_file(copy)
        what = _("the backup {name}").format(name=source.name)
        check_restorable(copy, what)
        store = Store.open(copy, what=what, then=_("nothing was changed"))
        try:
            key = _backup_key(store, vault, passphrase)
            fields = verify_copy(store, key, progress, what=what, then=_("nothing was changed"))
            restored_id = store.vault_id
            last = store.last_change_now()
            if last is not None:
                # Restored on purpose: the older vault is the one to expect from now on.
                store.record_as_seen(last)
        finally:
            store.close()
        other = vault.exists() and _vault_id_of(vault) not in (None, restored_id)
        kept = _set_aside(vault, now)
        os.replace(copy, vault)
    _fsync_dir(vault.parent)
    if other:
        warn(
            _("warning: {name} is a backup of another vault than the one replaced (kept as {kept})").format(
                name=source.name, kept=kept
            )
        )
    return RestoreResult(vault, kept, fields, bool(other))


# -- sync folders --------------------------------------------------------------------------------

#: (service, exact folder names, folder name prefixes), compared casefolded.
_SYNC_FOLDERS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("Dropbox", ("dropbox",), ("dropbox (", "dropbox-")),
    ("OneDrive", ("onedrive",), ("onedrive - ", "onedrive-")),
    ("iCloud Drive", ("mobile documents", "icloud drive", "iclouddrive", "com~apple~clouddocs"), ()),
    ("Nextcloud", ("nextcloud",), ("nextcloud-",)),
    ("ownCloud", ("owncloud",), ("owncloud-",)),
)
#: Files a sync client leaves in the root of the folder it syncs.
_SYNC_MARKERS = ((".dropbox", "Dropbox"), (".owncloudsync.log", "ownCloud"), (".nextcloudsync.log", "Nextcloud"))


def _named_service(name: str) -> str | None:
    folded = name.casefold()
    for service, names, prefixes in _SYNC_FOLDERS:
        if folded in names or folded.startswith(prefixes):
            return service
    return None


def sync_service(path: Path) -> str | None:
    """The sync service (Dropbox, OneDrive, iCloud Drive, Nextcloud,
    ownCloud) whose folder holds ``path``, if any."""
    folder = path.expanduser().resolve().parent
    for directory in (folder, *folder.parents):
        service = _named_service(directory.name)
        if service is not None:
            return service
        for marker, marker_service in _SYNC_MARKERS:
            if (directory / marker).exists():
                return marker_service
    return None


def sync_warning(path: Path) -> BalintlogError | None:
    """The warning for a live vault inside a sync folder, or None: an error
    value, never raised, so that it carries the hint (what to do, in the
    front end's words) as errors do."""
    service = sync_service(path)
    if service is None:
        return None
    return BalintlogError(
        _(
            "warning: the vault {path} is inside a {service} folder; syncing a live database can corrupt "
            "it or leave conflicting copies."
        ).format(path=path, service=service),
        hint="sync_folder",
    )
