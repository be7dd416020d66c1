"""The editor loop: a template opened in ``$VISUAL``/``$EDITOR``, parsed, re-opened
with its errors at the top, and sealed as a draft when the user gives up.

The temp file is the one place where note text exists in plaintext outside
memory, so it is handled with care: it lives in a fresh 0700 directory under
:func:`balintlog.paths.runtime_dir` (tmpfs where there is one), is created
0600, and the directory is removed in every case, with whatever swap or
backup files an editor left beside it. vim and neovim are started without
swap, backup, undo and viminfo files. A sidecar file names the vault and
process, so that when balintlog dies while the editor is open, the next
command that unlocks that vault seals the orphaned text as a draft
(:func:`adopt_orphans`) and removes it.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from balintlog.domain import DraftKind
from balintlog.errors import BalintlogError, TemplateError, UsageError
from balintlog.i18n import _, ngettext
from balintlog.paths import runtime_dir

if TYPE_CHECKING:
    from balintlog.journal import Journal

T = TypeVar("T")

EDIT_DIR_PREFIX = "edit-"
SIDECAR = "edit.json"
#: An editor that comes back faster than this with the file unchanged did
#: not wait for the user (a GUI editor started without its wait flag).
QUICK_RETURN_SECONDS = 1.0
RAM_FILESYSTEMS = frozenset({"tmpfs", "ramfs"})
#: In the runtime directory: the day the warning about a temp file on disk was last given.
WARNED_MARKER = "not-tmpfs-warned"

FILE_NAMES = {
    DraftKind.CASE: "case.md",
    DraftKind.FOLLOW_UP: "follow-up.md",
    DraftKind.CASE_EDIT: "case-edit.md",
    DraftKind.SESSION_NOTE: "session-note.md",
    DraftKind.LOGBOOK: "logbook-entry.md",
}

_VIM_NAMES = ("vim", "nvim", "gvim", "mvim", "vimx")
_GUI_VIM_NAMES = ("gvim", "mvim")


# -- which editor, and how it is run ---------------------------------------------


def editor_command(environ: Mapping[str, str] | None = None) -> list[str]:
    """The editor to run: ``$VISUAL``, else ``$EDITOR`` (split like a shell
    would), else ``nano`` if installed, else ``vi``; vim and neovim get the
    options that keep them from writing swap, backup, undo or viminfo files."""
    env = os.environ if environ is None else environ
    for var in ("VISUAL", "EDITOR"):
        raw = env.get(var, "").strip()
        if raw:
            try:
                argv = shlex.split(raw)
            except ValueError:
                raise UsageError(
                    _("cannot read ${variable} ({value!r}): fix its quoting").format(variable=var, value=raw)
                ) from None
            if argv:
                return with_private_options(argv)
    return with_private_options(["nano" if shutil.which("nano") else "vi"])


def _names(program: str) -> set[str]:
    """The program's name as given and, where it is a link, as installed."""
    names = {Path(program).name}
    found = shutil.which(program)
    if found:
        names.add(Path(os.path.realpath(found)).name)
    return names


def _is_vim(program: str) -> bool:
    return any(name.startswith(_VIM_NAMES) for name in _names(program))


def with_private_options(argv: list[str]) -> list[str]:
    """``argv`` plus, for vim-like editors, ``-n -i NONE`` and settings that
    switch off backup and undo files (also after the user's vimrc); GUI vims
    also get ``-f`` so that they wait. nano runs in restricted mode (``-R``:
    no backup, history or position files, no saving under another name).
    An editor started through a wrapper script is run as it is."""
    if argv and "nano" in _names(argv[0]):
        return [argv[0], "-R", *argv[1:]] if "-R" not in argv and "--restricted" not in argv else list(argv)
    if not argv or not _is_vim(argv[0]):
        return list(argv)
    extra = [
        "-n",
        "-i",
        "NONE",
        "--cmd",
        "set nobackup nowritebackup noundofile noswapfile",
        "-c",
        "set nobackup nowritebackup | setlocal noundofile noswapfile",
    ]
    if Path(argv[0]).name.startswith(_GUI_VIM_NAMES) and "-f" not in argv:
        extra.insert(0, "-f")
    return [argv[0], *extra, *argv[1:]]


@contextmanager
def _editor_owns_terminal() -> Iterator[None]:
    """While the editor runs, Ctrl-C and Ctrl-\\ belong to it, as in git:
    balintlog must not die and leave the file behind."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old_int = signal.signal(signal.SIGINT, signal.SIG_IGN)
    old_quit = signal.signal(signal.SIGQUIT, signal.SIG_IGN) if hasattr(signal, "SIGQUIT") else None
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old_int)
        if old_quit is not None:
            signal.signal(signal.SIGQUIT, old_quit)


def run_editor(command: Sequence[str], path: Path) -> int:
    """Run the editor on ``path`` and wait for it; returns its exit status."""
    try:
        with _editor_owns_terminal():
            done = subprocess.run([*command, str(path)], check=False)
    except FileNotFoundError:
        raise UsageError(
            _("cannot run the editor {editor!r}; set VISUAL or EDITOR to an installed editor").format(editor=command[0])
        ) from None
    except PermissionError:
        raise UsageError(
            _("the editor {editor!r} is not executable; set VISUAL or EDITOR").format(editor=command[0])
        ) from None
    return done.returncode


# -- the private directory of one edit ---------------------------------------------


def filesystem_type(path: Path) -> str | None:
    """The type of the filesystem holding ``path`` (from /proc/self/mounts),
    or None where that cannot be known."""
    try:
        mounts = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    real = os.path.realpath(path)
    best, fstype = "", None
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        mount = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), parts[1])
        inside = real == mount or real.startswith(mount.rstrip("/") + "/")
        if inside and len(mount) >= len(best):
            best, fstype = mount, parts[2]
    return fstype


def _warn_unless_tmpfs(base: Path, warn: Callable[[str], None]) -> None:
    """Say once a day (not at every editor opened) that the temp file is on disk."""
    if filesystem_type(base) in RAM_FILESYSTEMS:
        return
    marker = base / WARNED_MARKER
    today = datetime.date.today().isoformat()
    try:
        if marker.read_text(encoding="ascii") == today:
            return
    except (OSError, UnicodeDecodeError):
        pass
    warn(
        _(
            "warning: the editor's temp file is in {directory}, which is not in memory (tmpfs): its text may "
            "stay recoverable on the disk after deletion; set XDG_RUNTIME_DIR to a tmpfs directory"
        ).format(directory=base)
    )
    with contextlib.suppress(OSError):
        marker.write_text(today, encoding="ascii")


@dataclass
class EditFile:
    """One edit's private directory with the text file and its sidecar.
    Use as a context manager: the directory is removed on exit, however the
    block ends."""

    vault_id: str
    kind: DraftKind
    context: Mapping[str, str]
    base: Path | None = None
    directory: Path = field(init=False)
    path: Path = field(init=False)
    #: Set only when the text could be saved nowhere else: the directory then
    #: stays for :func:`adopt_orphans`.
    keep: bool = field(init=False, default=False)

    def __enter__(self) -> EditFile:
        base = self.base or runtime_dir()
        name = f"{EDIT_DIR_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
        self.directory = base / name
        self.directory.mkdir(mode=0o700)
        self.path = self.directory / FILE_NAMES[self.kind]
        return self

    def __exit__(self, *_exc: object) -> None:
        if not self.keep:
            self.remove()

    def remove(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)

    def write(self, text: str, *, unsaved: bool) -> None:
        """Write ``text`` (0600) and record in the sidecar whether it exists
        anywhere else (``unsaved`` False: a blank template, text in the vault)."""
        self.path.unlink(missing_ok=True)
        fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        sidecar = {
            "vault_id": self.vault_id,
            "pid": os.getpid(),
            "kind": self.kind.value,
            "context": dict(self.context),
            "unsaved": unsaved,
            "mtime_ns": self.path.stat().st_mtime_ns,
            "file": self.path.name,
        }
        # Replaced atomically, so a crash leaves the old sidecar or the new one.
        fresh = self.directory / (SIDECAR + ".new")
        fresh.unlink(missing_ok=True)
        fd = os.open(fresh, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(sidecar, out)
        os.replace(fresh, self.directory / SIDECAR)

    def read(self) -> str:
        """The file as the editor left it (missing = empty)."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return ""
        return normalise(data.decode("utf-8", errors="replace"))


def normalise(text: str) -> str:
    """Unix line ends and no byte-order mark; every line is kept."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


# -- reading a template from --from FILE|- -----------------------------------------


def read_source(source: str, stdin: Callable[[], str] | None = None) -> str:
    """The text of ``--from``: a regular file, or stdin for ``-`` (UTF-8, at
    most a template's size; see :mod:`balintlog.inputs`)."""
    from balintlog.inputs import read_text_file

    if source == "-":
        reader = stdin or sys.stdin.read
        return normalise(reader())
    return normalise(read_text_file(source))


# -- the loop ---------------------------------------------------------------------


class EditorReturnedImmediately(UsageError):
    """The editor came back at once with the file unchanged."""


@dataclass
class EditorLoop:
    """Open a template, hand the result to ``accept`` (which parses and
    stores it, raising TemplateError for problems the user can fix), re-open
    with the problems at the top until it is accepted or the user gives up.

    ``keep_draft(text)`` seals text as a draft and returns its short id;
    ``resume_hint(id)`` is the command that resumes it. Nothing typed is ever
    lost: giving up, an editor error, an interrupt or a failure to store all
    keep the last text the user wrote as a draft."""

    vault_id: str
    kind: DraftKind
    context: Mapping[str, str]
    keep_draft: Callable[[str], str]
    resume_hint: Callable[[str], str]
    confirm: Callable[[str], bool]
    info: Callable[[str], None]
    warn: Callable[[str], None]
    command: Sequence[str] | None = None
    base: Path | None = None
    quick_return: float = QUICK_RETURN_SECONDS

    def run(self, initial: str, accept: Callable[[str], T], *, unsaved: bool = False) -> T | None:
        """The accepted result, or None when the user gave up (the text is
        then a draft, or nothing was typed). ``unsaved`` says that
        ``initial`` exists nowhere else (so it is kept even if unchanged)."""
        from balintlog.template import is_empty_edit, same_content, with_errors

        command = list(self.command) if self.command is not None else editor_command()
        text, written, worth_keeping = initial, initial, unsaved
        with EditFile(self.vault_id, self.kind, self.context, self.base) as edit:
            _warn_unless_tmpfs(edit.directory.parent, self.warn)
            try:
                while True:
                    edit.write(written, unsaved=worth_keeping)
                    started = time.monotonic()
                    status = run_editor(command, edit.path)
                    elapsed = time.monotonic() - started
                    result = edit.read()
                    changed = result != written
                    if status != 0:
                        if changed and not is_empty_edit(result):
                            text, worth_keeping = result, True
                        self._give_up(
                            edit, text, worth_keeping, _("The editor exited with status {status}").format(status=status)
                        )
                        return None
                    if not changed and elapsed < self.quick_return:
                        self._give_up(edit, text, worth_keeping, "")
                        raise EditorReturnedImmediately(
                            _(
                                "your editor ({editor}) returned immediately; if it opens a window, "
                                "make it wait: set VISUAL to e.g. 'code --wait' or 'subl -w'"
                            ).format(editor=command[0])
                        )
                    if is_empty_edit(result):
                        self._give_up(edit, text, worth_keeping, _("The file was emptied"))
                        return None
                    if same_content(written, result):
                        # Quit without saving, or saved as it was: cancel, as git does.
                        self._give_up(edit, text, worth_keeping, _("The template was left unchanged"))
                        return None
                    text, worth_keeping = result, worth_keeping or changed
                    try:
                        return accept(text)
                    except TemplateError as exc:
                        self._show_problems(exc.problems)
                        if not self.confirm(_("Re-open the editor to fix them?")):
                            self._give_up(edit, text, worth_keeping, _("Not re-opened"))
                            return None
                        written = with_errors(text, exc.problems)
                    except BalintlogError:
                        self._give_up(edit, text, worth_keeping, _("It could not be stored"))
                        raise
            except KeyboardInterrupt:
                self._give_up(edit, text, worth_keeping, _("Interrupted"))
                raise

    def _show_problems(self, problems: Sequence[str]) -> None:
        count = len(problems)
        self.info(
            ngettext("The template has {count} problem:", "The template has {count} problems:", count).format(
                count=count
            )
        )
        for problem in problems:
            self.info(f"  {problem}")

    def _give_up(self, edit: EditFile, text: str, worth_keeping: bool, why: str) -> None:
        """Seal ``text`` as a draft when it holds something the user wrote.
        Should even that fail (a busy vault), the text stays in the private
        directory for the next unlock to adopt, and the error propagates."""
        if not worth_keeping:
            if why:
                self.info(_("{why}; nothing was saved.").format(why=why))
            return
        try:
            draft_id = self.keep_draft(text)
        except BalintlogError:
            edit.write(text, unsaved=True)
            edit.keep = True
            self.warn(
                _(
                    "{why}; your text could not be stored as a draft now. It stays in "
                    "{directory} and becomes a draft when balintlog next unlocks the vault."
                ).format(why=why or _("Stopped"), directory=edit.directory)
            )
            raise
        kept = (
            _("{why}; your text was kept as encrypted draft {id}; resume it with '{command}'.")
            if why
            else _("Your text was kept as encrypted draft {id}; resume it with '{command}'.")
        )
        self.info(kept.format(why=why, id=draft_id, command=self.resume_hint(draft_id)))


# -- text orphaned by a crash ------------------------------------------------------


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _pid_of(directory: Path) -> int | None:
    match = re.fullmatch(rf"{EDIT_DIR_PREFIX}(\d+)-[0-9a-f]+", directory.name)
    return int(match.group(1)) if match else None


def adopt_orphans(journal: Journal, warn: Callable[[str], None], base: Path | None = None) -> list[str]:
    """Seal the text of every edit whose balintlog process died while its
    editor was open (in ``journal``'s vault) as a draft, and remove the
    files. Returns the new drafts' short ids. Edits of other vaults and of
    running processes are left alone."""
    from balintlog.template import is_empty_edit

    try:
        base = base or runtime_dir()
    except BalintlogError as exc:
        warn(_("warning: editor files left by a crash cannot be looked for: {error}").format(error=exc))
        return []
    adopted: list[str] = []
    for directory in sorted(base.glob(f"{EDIT_DIR_PREFIX}*")):
        pid = _pid_of(directory)
        if pid is None or _process_alive(pid) or not directory.is_dir():
            continue
        try:
            meta = json.loads((directory / SIDECAR).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            # Died before the first write: nothing in it but what an editor
            # may have made; without a sidecar its vault is unknown.
            if not any(directory.iterdir()):
                directory.rmdir()
            continue
        if meta.get("vault_id") != journal.store.vault_id:
            continue
        path = directory / str(meta.get("file", ""))
        try:
            text = normalise(path.read_bytes().decode("utf-8", errors="replace"))
            touched = path.stat().st_mtime_ns != meta.get("mtime_ns")
        except OSError:
            text, touched = "", False
        if (meta.get("unsaved") or touched) and not is_empty_edit(text):
            context = {str(k): str(v) for k, v in dict(meta.get("context") or {}).items()}
            kinds = {k.value: k for k in DraftKind}
            kind = kinds.get(str(meta.get("kind")), DraftKind.CASE)
            try:
                draft = journal.drafts.save(kind, text, context)
            except BalintlogError as exc:
                warn(
                    _(
                        "warning: text left by a crashed editor in {directory} could not be kept as a draft now "
                        "({error}); it is tried again at the next unlock"
                    ).format(directory=directory, error=exc)
                )
                continue
            adopted.append(draft.short_id)
            warn(
                _(
                    "Recovered text from an editor left open when balintlog stopped; it is now "
                    "encrypted draft {id} (see 'balintlog draft list')."
                ).format(id=draft.short_id)
            )
        shutil.rmtree(directory, ignore_errors=True)
    return adopted
