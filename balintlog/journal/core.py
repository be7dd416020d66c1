"""The library API: a :class:`Journal` is an unlocked vault.

The command line is a thin client of this package; tests and reports use it
directly. Open a journal with :meth:`Journal.unlock` (or :meth:`Journal.create`
for a new vault) and close it when done. Its use cases are grouped by noun,
one service each: ``journal.groups``, ``journal.sessions``, ``journal.cases``,
``journal.drafts``, ``journal.search``, ``journal.reports``, ``journal.history``,
``journal.training`` (PSGV progress), ``journal.logbook`` (the leader's logbook). Every change to
the vault passes :meth:`Journal.writing`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from balintlog import changelog, vault
from balintlog.db import keyslots, maintenance
from balintlog.errors import ConflictError, DamagedError, LockedError
from balintlog.i18n import N_, _
from balintlog.journal.cases import Cases
from balintlog.journal.documents import Documents
from balintlog.journal.drafts import Drafts
from balintlog.journal.groups import Groups
from balintlog.journal.history import History
from balintlog.journal.logbook import Logbook
from balintlog.journal.reporting import Reports
from balintlog.journal.search import Search
from balintlog.journal.sessions import Sessions
from balintlog.journal.training import Training
from balintlog.keys import (
    PassphraseSource,
    Warn,
    after_master_key_changed,
    ignore,
    passphrase_slot,
    recover_master_key,
    recovery_slot,
    rewrap_data_keys,
    unlock_master_key,
)
from balintlog.paths import remove_vault_files
from balintlog.store import SLOT_PASSPHRASE, Store

TEST_KDF_WARNING = N_("warning: this vault uses the insecure test KDF; never keep real notes in it")


@dataclass(frozen=True)
class VerifyResult:
    fields: int
    failures: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.failures


@dataclass(frozen=True)
class Rekeyed:
    """What :meth:`Journal.rekey` did."""

    #: The new recovery code, to be shown once.
    recovery_code: str
    #: Data keys re-wrapped under the new master key.
    data_keys: int


@dataclass(frozen=True)
class Writing:
    """An open write of :meth:`Journal.writing`: what command makes it."""

    command: str


class Journal:
    """An unlocked vault."""

    def __init__(self, store: Store, *, today: dt.date, warn: Warn = ignore, now: dt.datetime | None = None) -> None:
        self.store = store
        self.today = today
        self.warn = warn
        #: The time of day (the caller's clock); session start and end times come from it.
        self.now = now if now is not None else dt.datetime.combine(today, dt.datetime.now().time())
        self.groups = Groups(self)
        self.sessions = Sessions(self)
        self.cases = Cases(self)
        self.drafts = Drafts(self)
        self.search = Search(self)
        self.reports = Reports(self)
        self.history = History(self)
        self.training = Training(self)
        self.logbook = Logbook(self)
        self.documents = Documents(self)

    # -- the write gate -------------------------------------------------------

    @contextmanager
    def writing(self, command: str) -> Iterator[Writing]:
        """The one way to change the vault: a write transaction (which takes
        the write lock at BEGIN) for ``command`` (``"case add"``), committed
        when the block ends without an error. The store refuses every write
        outside it. Within an open one, it joins it."""
        with self.store.write_transaction(command):
            yield Writing(command)

    @classmethod
    def create(
        cls,
        path: Path,
        passphrase: bytes,
        *,
        today: dt.date,
        test_kdf: bool = False,
        params: vault.KdfParams | None = None,
        warn: Warn = ignore,
        now: dt.datetime | None = None,
    ) -> tuple[Journal, str]:
        """Create a vault at ``path``. Returns the journal and the recovery
        code, which is shown once and stored nowhere."""
        if path.exists():
            raise ConflictError(_("a vault already exists at {path}").format(path=path), hint="vault_exists")
        if test_kdf:
            params = vault.TEST_PARAMS
        elif params is None:
            params = vault.calibrate()
        store = Store.create(path, test_kdf=test_kdf, today=today)
        journal = cls(store, today=today, warn=warn, now=now)
        try:
            master = vault.new_key()
            code = vault.new_recovery_code()
            store.unlock(master)
            with journal.writing("init"):
                store.seal_unsealed()  # the vault header Store.create wrote
                keyslots.put_keyslot(store, passphrase_slot(store, master, passphrase, params), today)
                keyslots.put_keyslot(store, recovery_slot(store, master, code), today)
                keyslots.create_data_key(store, master, None)
        except BaseException:
            store.close()
            remove_vault_files(path)
            raise
        if test_kdf:
            warn(_(TEST_KDF_WARNING))
        return journal, code

    @classmethod
    def unlock(
        cls,
        path: Path,
        passphrase: PassphraseSource,
        *,
        today: dt.date,
        warn: Warn = ignore,
        now: dt.datetime | None = None,
    ) -> Journal:
        """Open the vault at ``path`` with the passphrase ``passphrase()``
        returns (asked only after the vault was found and checked)."""
        store = Store.open(path)
        with _closed_on_failure(store):
            store.unlock(unlock_master_key(store, passphrase()))
            _after_unlock(store, warn, now)
        return cls(store, today=today, warn=warn, now=now)

    @classmethod
    def with_master_key(
        cls,
        path: Path,
        master_key: bytes,
        *,
        today: dt.date,
        warn: Warn = ignore,
        now: dt.datetime | None = None,
    ) -> Journal:
        """Open with a master key held by the agent; the key is checked
        against the vault's own data key before anything is trusted."""
        return cls.from_store(Store.open(path), master_key, today=today, warn=warn, now=now)

    @classmethod
    def from_store(
        cls,
        store: Store,
        master_key: bytes,
        *,
        today: dt.date,
        warn: Warn = ignore,
        now: dt.datetime | None = None,
    ) -> Journal:
        """:meth:`with_master_key` for a vault opened already (to ask the
        agent for its key by vault id), so that it is not opened twice. The
        store is closed when the key is not the vault's."""
        store.unlock(master_key)
        with _closed_on_failure(store):
            try:
                keyslots.data_key(store, master_key, None)
            except DamagedError:
                raise LockedError(_("the agent holds the key of another vault"), hint="agent_other_vault") from None
            _after_unlock(store, warn, now)
        return cls(store, today=today, warn=warn, now=now)

    @classmethod
    def recover(
        cls,
        path: Path,
        code: str,
        new_passphrase: bytes,
        *,
        today: dt.date,
        params: vault.KdfParams | None = None,
        warn: Warn = ignore,
    ) -> Journal:
        """Open the vault with its recovery code and set a new passphrase."""
        store = Store.open(path)
        with _closed_on_failure(store):
            store.unlock(recover_master_key(store, code))
            _after_unlock(store, warn, None)
        journal = cls(store, today=today, warn=warn)
        journal.change_passphrase(new_passphrase, params=params)
        return journal

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def master_key(self) -> bytes:
        keys = self.store.keys
        if keys is None:
            raise LockedError(_("the vault is locked"))
        return keys.master_key

    def change_passphrase(self, new_passphrase: bytes, *, params: vault.KdfParams | None = None) -> None:
        """Re-wrap the master key under a new passphrase. The data is not
        re-encrypted: backups made earlier still open with the old one."""
        if params is None:
            params = vault.TEST_PARAMS if self.store.meta().test_kdf else vault.calibrate()
        with self.writing("passwd"):
            keyslots.put_keyslot(self.store,
                passphrase_slot(self.store, self.master_key, new_passphrase, params), self.today
            )
        self.store.checkpoint()

    def rekey(self, passphrase: bytes) -> Rekeyed:
        """A new master key: every data key re-wrapped under it, the
        passphrase keyslot written anew for ``passphrase`` (the one the
        journal was unlocked with: the passphrase stays) with the same KDF
        cost, and a new recovery code. One write, then the WAL is
        checkpointed so that the old wrapped keys do not linger in it. An
        earlier copy of the vault keeps its old keys; the key its passphrase
        or recovery code yields opens nothing in this vault any more."""
        store = self.store
        old_master = self.master_key
        params = self.kdf_params()
        new_master = vault.new_key()
        code = vault.new_recovery_code()
        try:
            with self.writing(changelog.REKEY_COMMAND):
                count = rewrap_data_keys(store, old_master, new_master)
                keyslots.put_keyslot(store, passphrase_slot(store, new_master, passphrase, params), self.today)
                keyslots.put_keyslot(store, recovery_slot(store, new_master, code), self.today)
                after_master_key_changed(store, old_master, new_master)
        except BaseException:
            store.unlock(old_master)  # rolled back: the vault keeps the old key
            raise
        store.checkpoint()
        return Rekeyed(code, count)

    def new_recovery_code(self) -> str:
        """A new recovery code (shown once, stored nowhere); the old one
        stops opening this vault (an earlier copy keeps its own)."""
        code = vault.new_recovery_code()
        with self.writing("recovery-code"):
            keyslots.put_keyslot(self.store, recovery_slot(self.store, self.master_key, code), self.today)
        self.store.checkpoint()
        return code

    def kdf_params(self) -> vault.KdfParams:
        """The Argon2id parameters of the passphrase keyslot."""
        return keyslots.keyslot(self.store, SLOT_PASSPHRASE).params

    def verify(self, progress: Callable[[int, int], None] | None = None) -> VerifyResult:
        """Open every sealed field of the vault; each failure names its record."""
        fields, failures = maintenance.verify(self.store, progress)
        try:
            older = self.store.rollback_warning()
        except DamagedError as exc:
            older = str(exc)
        if older is not None:
            failures.append(older)
        return VerifyResult(fields, tuple(failures))

    def backup(
        self,
        directory: Path,
        keep: int | None = None,
        progress: Callable[[int, int], None] | None = None,
        *,
        age_to: tuple[str, ...] = (),
    ) -> Path:
        """Write a verified backup into ``directory`` (``VACUUM INTO`` a 0600
        temp file, integrity check and full decryption of the copy, atomic
        rename to ``balintlog-YYYYMMDDTHHMMSS.bldb``) and keep only the
        ``keep`` newest. With ``age_to`` (age recipients) the verified copy
        is wrapped in age format (``.bldb.age``). Returns the backup's path.
        Restore with :func:`balintlog.backup.restore`."""
        from balintlog.backup import make_backup

        return make_backup(
            self.store, self.master_key, directory, now=self.now, keep=keep, progress=progress, age_to=age_to
        )


@contextmanager
def _closed_on_failure(store: Store) -> Iterator[None]:
    """A vault opened but not unlocked all the way is closed again before
    the failure (a wrong passphrase, another vault's key, a broken seal)
    goes on up."""
    try:
        yield
    except BaseException:
        store.close()
        raise


def _after_unlock(store: Store, warn: Warn, now: dt.datetime | None) -> None:
    """What every unlock does once the key is known to be the vault's:
    check the header rows' seals, upgrade a vault of format 1 (after a
    verified backup beside it), and warn when the vault is older than the
    one last used on this machine."""
    store.check_header()
    if store.meta().test_kdf:
        warn(_(TEST_KDF_WARNING))
    if store.needs_format_upgrade():
        from balintlog.backup import make_backup

        keys = store.keyring()
        kept = make_backup(store, keys.master_key, store.path.parent, now=now or dt.datetime.now())
        count = store.upgrade_format()
        warn(
            _(
                "upgraded the vault to format 2: {count} records sealed and entered in the change log "
                "(the vault as it was is kept in {name})"
            ).format(count=count, name=kept.name)
        )
    older = store.rollback_warning()
    if older is not None:
        warn(_("warning: {problem}").format(problem=older))
