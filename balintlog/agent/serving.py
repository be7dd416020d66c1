"""The warm path, agent side: run a forwarded command in a fork of the agent.

The agent imports the command line once, and compiles the reads every
command begins with into the engines' shared cache (:func:`warm_up`); for each
``run`` request it checks the request (:func:`refusal`) and forks. The fork
takes the caller's standard streams as its own, its working directory, its
environment and its Python stream set-up, and runs the command through the
same Typer app and error boundary as a cold command, with a fresh
:class:`~balintlog.terminal.state.AppState`. The journal is opened as in a
cold command: with the master key this agent hands out, checked against the
vault's id. Nothing a command changes in its fork (environment, language,
caches) reaches the agent or the next command.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import signal
import socket
import sqlite3
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

from balintlog.agent import send_message

#: What commands import lazily, imported once by the agent so that a served
#: command finds it loaded (the command line itself imports the rest).
WARM_IMPORTS = (
    "balintlog.cli",
    "balintlog.journal",
    "balintlog.store",
    "balintlog.terminal.unlocking",
    "balintlog.terminal.boundary",
    "balintlog.terminal.capture",
    "balintlog.terminal.editor",
    "balintlog.terminal.output",
    "balintlog.terminal.text",
    "balintlog.reports",
    "balintlog.reports.model",
    "balintlog.inputs",
    "balintlog.template",
    "balintlog.textfold",
    "balintlog.labels",
    "balintlog.dates",
    "rich.console",
    "rich.table",
    "rich.text",
    "rich.markup",
    "rich.padding",
    "rich.rule",
    "typer.rich_utils",
    "typer._adapters",
    "typer._click.decorators",
    "rich._emoji_codes",
    "balintlog.passphrase",
    "balintlog.vault",
    "_sha256",  # the agent's socket name (Python 3.11)
    "_sha2",  # (3.12 and later)
    "balintlog.db.schema_snapshot",
    "platformdirs",
    "zoneinfo",
    "pydantic",
    "dateutil.relativedelta",
    # The engine's dialect (create_engine imports it on first use) and the
    # ciphers a journal opens its fields with: a third of a served command's
    # time went to these imports.
    "sqlalchemy.dialects.sqlite",
    "sqlalchemy.dialects.sqlite.pysqlite",
    "cryptography.hazmat.primitives.ciphers.aead",
    "cryptography.hazmat.primitives.ciphers",
    # verify's progress display
    "rich.progress",
    "rich.live",
    "rich.ansi",
)

_command: Any = None


def warm_up(vault: Path | None = None, key: bytes | None = None) -> None:
    """Import the command line and what its commands load, build the
    command tree once, and compile the reads every command of ``vault``
    begins with (:func:`warm_queries`) and, with the vault's ``key``, those
    of showing a case (:func:`warm_reads`)."""
    global _command
    for name in WARM_IMPORTS:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    _import_all("balintlog.reports")
    _import_cell_table()
    _warm_cipher()
    import typer.main

    from balintlog import cli

    _command = typer.main.get_command(cli.app)
    if vault is not None:
        with contextlib.suppress(Exception):  # then a command compiles them itself
            warm_queries(vault)
        if key is not None:
            with contextlib.suppress(Exception):
                warm_reads(vault, key)
        with contextlib.suppress(Exception):
            warm_writes()
    # What is loaded now stays as it is: a fork's garbage collector never
    # walks it (which would copy every page of it into the fork).
    import gc

    gc.collect()
    gc.freeze()


def warm_queries(vault: Path) -> None:
    """Compile, in this process, the reads every served command begins
    with, into the compiled-statement cache its engines share
    (:data:`balintlog.db.engine.COMPILED_CACHE`), which a fork inherits.

    The vault is opened read-only; the statements run without their rows
    being fetched: nothing is decrypted, no key is used, and the store is
    closed (every connection with it) before this returns, so no SQLite
    connection is ever open across a fork. Only the SQL and its result
    set-up are kept, never a value. A command still reads and checks every
    row itself."""
    from sqlalchemy import select

    from balintlog.db.schema import T_CHANGE, T_DATA_KEY, T_KEYSLOT, T_META
    from balintlog.store import Store

    store = Store.open_read_only(vault, what=str(vault), then="")
    try:
        with store.transaction(write=False) as conn:
            for statement in (
                select(T_META),  # Store.meta, Store.check_header
                select(T_KEYSLOT),  # Store.check_header
                select(T_DATA_KEY).where(T_DATA_KEY.c.case_id.is_(None)),  # keyslots.data_key
                select(T_DATA_KEY).where(T_DATA_KEY.c.case_id == ""),  # a case's data key
                select(T_CHANGE.c.seq, T_CHANGE.c.body).order_by(T_CHANGE.c.seq.desc()).limit(1),  # ChangeLog.last
                select(T_CHANGE.c.body).where(T_CHANGE.c.seq == 0),  # ChangeLog.hash_at
            ):
                conn.execute(statement).close()
    finally:
        store.close()


def warm_reads(vault: Path, key: bytes) -> None:
    """Read, in this process, the newest case's whole history as ``case
    show`` does, so that the statements it and its kin (``session show``,
    the groups and members every listing names) run are compiled once into
    the engines' shared cache before any fork: they were a third of a served
    ``case show``. The journal is opened and closed here as in a command,
    with the key this agent holds; what it read is dropped before this
    returns, and no connection stays open across a fork. The vault is
    opened read-only: nothing can be written."""
    import datetime as dt

    from sqlalchemy import func, select

    from balintlog.db.schema import T_CASE
    from balintlog.journal import Journal
    from balintlog.store import Store

    store = Store.open_read_only(vault, what=str(vault), then="")
    journal = Journal.from_store(store, key, today=dt.date.today())
    try:
        with journal.store.transaction(write=False) as conn:
            newest = conn.execute(select(func.max(T_CASE.c.number))).scalar()
        if newest is not None:
            journal.cases.history(int(newest))
    finally:
        journal.close()


#: The notes :func:`warm_writes` records in its scratch vault.
_SCRATCH_CASE = """\
Title: Warm-up
Presenter: W1
Relationship: doctor_patient
Question: -

## Presentation
-

## Resonances
- affect / client / 3 / -
- image / group / 2 / -
"""
_SCRATCH_FOLLOW_UP = """\
Outcome: unchanged

## What changed
-
"""


def warm_writes() -> None:
    """Make, in a scratch vault of its own, the writes that served commands
    make (``case add``, ``case follow-up``, ``case edit``, ``case close``
    and ``reopen``, ``session note``, ``session attend``, ``resonance
    add``), so that their statements are compiled into the engines' shared
    cache before the first fork: a third of a served ``case add``. The
    scratch vault is a new, empty vault under a random passphrase in a
    private temporary directory, removed before this returns; nothing of
    the user's vault is read or written."""
    import datetime as dt
    import shutil
    import tempfile

    from balintlog.domain import SessionNotes
    from balintlog.journal import Journal
    from balintlog.paths import runtime_dir
    from balintlog.template import parse_case

    today = dt.date.today()
    scratch = Path(tempfile.mkdtemp(prefix="warm-", dir=runtime_dir()))
    try:
        journal, _code = Journal.create(scratch / "scratch.db", os.urandom(16), today=today, test_kdf=True)
        try:
            journal.groups.add("warm", "warm", "continuous", today)
            for code in ("W1", "W2"):
                journal.groups.add_member("warm", code, "physician")
            session = journal.sessions.start("warm", today, block=False, present=["W1"])[0]
            note = parse_case(_SCRATCH_CASE)
            journal.cases.duplicates(session, note)
            number = journal.cases.add(session, note).case.number
            journal.cases.edit(number, parse_case(_SCRATCH_CASE, edit=True))
            journal.sessions.end("warm")
            later = journal.sessions.start("warm", today, block=False, present=["W1"])[0]
            journal.cases.add_follow_up(number, later, parse_case(_SCRATCH_FOLLOW_UP, follow_up=True))
            journal.cases.add_resonance(number, "image", "group", "-")
            journal.cases.close(number)
            journal.cases.reopen(number)
            journal.sessions.set_notes(session, SessionNotes(atmosphere="-"))
            journal.sessions.attend(session, ["W2"])
        finally:
            journal.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _warm_cipher() -> None:
    """Seal and open a few bytes with AES-GCM under a throwaway key, so that
    OpenSSL has looked up its cipher before a fork (every served command
    otherwise does it on its first field). Nothing of the vault is used:
    the key and nonce are random and dropped at once."""
    with contextlib.suppress(Exception):
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        cipher = AESGCM(AESGCM.generate_key(bit_length=256))
        nonce = os.urandom(12)
        cipher.decrypt(nonce, cipher.encrypt(nonce, b"warm", b""), b"")


def _import_cell_table() -> None:
    """Import rich's newest table of character widths, which it loads on
    first use. Only the module: which version a command uses is still
    decided in the command (``UNICODE_VERSION``), by rich's own cached
    ``load``, which is not called here."""
    with contextlib.suppress(ImportError, AttributeError, IndexError):
        versions: Sequence[str] = importlib.import_module("rich._unicode_data").VERSIONS
        newest = versions[-1]
        importlib.import_module(".unicode" + newest.replace(".", "-"), "rich._unicode_data")


def _import_all(package: str) -> None:
    import pkgutil

    module = importlib.import_module(package)
    for found in pkgutil.walk_packages(getattr(module, "__path__", []), prefix=f"{package}."):
        with contextlib.suppress(ImportError):
            importlib.import_module(found.name)


def _vault_id(path: str) -> str | None:
    """The id of the vault at ``path`` read without the library (None when
    it cannot be read)."""
    try:
        db = sqlite3.connect(f"{Path(path).as_uri()}?mode=ro", uri=True, timeout=1.0)
    except sqlite3.Error:
        return None
    try:
        row = db.execute("SELECT vault_id FROM vault_meta").fetchone()
    except sqlite3.Error:
        return None
    finally:
        db.close()
    return str(row[0]) if row else None


def refusal(request: Mapping[str, Any], *, vault: str, vault_id: str) -> str | None:
    """Why the agent of ``vault`` does not serve ``request`` (the caller then
    runs the command itself), or None."""
    if request.get("vault") != vault:
        return "not the vault this agent holds"
    if _vault_id(vault) != vault_id:
        return "the vault file is not the vault this agent holds"
    argv = request.get("argv")
    if not isinstance(argv, list) or not argv or not all(isinstance(a, str) for a in argv):
        return "no command"
    env = request.get("env")
    if not isinstance(env, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in env.items()):
        return "no environment"
    stdio = request.get("stdio")
    if not isinstance(stdio, list) or len(stdio) != 3 or not all(isinstance(s, dict) for s in stdio):
        return "no standard streams"
    if not isinstance(request.get("cwd"), str) or not isinstance(request.get("prog_name"), str):
        return "no working directory"
    # Decided at interpreter start-up, and they change how text is read and
    # written: a caller that differs runs its command itself.
    if request.get("utf8_mode") != sys.flags.utf8_mode or request.get("fs_encoding") != sys.getfilesystemencoding():
        return "another text mode"
    return None


def _stream(fd: int, facts: Mapping[str, Any], *, write: bool) -> io.TextIOWrapper:
    """A standard stream on ``fd`` set up as the caller's Python set up its own."""
    raw = open(fd, "wb" if write else "rb", closefd=False)  # noqa: SIM115 -- lives as long as the fork
    return io.TextIOWrapper(
        raw,
        encoding=str(facts.get("encoding") or "utf-8"),
        errors=str(facts.get("errors") or "strict"),
        newline="\n",
        line_buffering=bool(facts.get("line_buffering")),
        write_through=bool(facts.get("write_through")),
    )


def _become_the_caller(request: Mapping[str, Any], fds: Sequence[int]) -> None:
    """Take the caller's streams, directory, environment and language."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    for target, fd in enumerate(fds):
        os.dup2(fd, target, inheritable=True)
    os.chdir(str(request["cwd"]))
    os.environ.clear()
    os.environ.update(request["env"])
    time.tzset()
    with contextlib.suppress(Exception):
        import locale

        locale.setlocale(locale.LC_CTYPE, "")
    stdio = request["stdio"]
    sys.stdin = _stream(0, stdio[0], write=False)
    sys.stdout = _stream(1, stdio[1], write=True)
    sys.stderr = _stream(2, stdio[2], write=True)
    sys.argv = list(request["argv"])
    from balintlog import i18n

    i18n.set_language(None)
    # Typer reads a few variables when its rich helpers are imported.
    import typer.core
    from typer.utils import parse_boolean_env_var

    typer.core.HAS_RICH = parse_boolean_env_var(os.getenv("TYPER_USE_RICH"), default=True)
    rich_utils = sys.modules.get("typer.rich_utils")
    if rich_utils is not None:
        _reread_rich_utils_env(rich_utils)


def _reread_rich_utils_env(rich_utils: Any) -> None:
    """Set what ``typer.rich_utils`` computes from the environment when it
    is imported, from the caller's environment: the same as reloading the
    module (which a Typer that has other such names still gets), in a tenth
    of its time."""
    names = ("_TERMINAL_WIDTH", "MAX_WIDTH", "_TYPER_FORCE_DISABLE_TERMINAL", "FORCE_TERMINAL")
    if not all(hasattr(rich_utils, name) for name in names):
        importlib.reload(rich_utils)
        return
    width = os.getenv("TERMINAL_WIDTH")
    rich_utils._TERMINAL_WIDTH = width
    rich_utils.MAX_WIDTH = int(width) if width else None
    disabled = os.getenv("_TYPER_FORCE_DISABLE_TERMINAL")
    rich_utils._TYPER_FORCE_DISABLE_TERMINAL = disabled
    forced = True if os.getenv("GITHUB_ACTIONS") or os.getenv("FORCE_COLOR") or os.getenv("PY_COLORS") else None
    rich_utils.FORCE_TERMINAL = False if disabled else forced


def _no_interaction(*_args: object, **_kwargs: object) -> NoReturn:
    """What a served command meets if it would ask a question or open an
    editor (the allow-list keeps such commands cold; this is the net)."""
    from balintlog.errors import LockedError
    from balintlog.i18n import _

    raise LockedError(_("the key agent cannot ask questions or open an editor; run the command with --no-agent"))


def _guard_interaction() -> None:
    from balintlog.terminal import editor
    from balintlog.terminal.state import AppState

    for name in ("confirm", "ask", "ask_secret"):
        setattr(AppState, name, _no_interaction)
    editor.run_editor = _no_interaction


def serve(conn: socket.socket, request: Mapping[str, Any], fds: Sequence[int]) -> int:
    """In the fork: become the caller, say so, run the command, send its exit
    code. Returns what the fork exits with."""
    conn.settimeout(None)
    try:
        _become_the_caller(request, fds)
        _guard_interaction()
    except Exception as exc:
        send_message(conn, {"ok": False, "error": type(exc).__name__})
        return 1
    send_message(conn, {"ok": True, "pid": os.getpid()})
    code = run_command(list(request["argv"][1:]), str(request["prog_name"]))
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            code = 120 if code == 0 else code  # as Python exits when it cannot flush stdout
    with contextlib.suppress(OSError):
        send_message(conn, {"exit": code})
    return 0


def _exit_code(value: object) -> int:
    """The exit status ``sys.exit(value)`` gives."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value & 0xFF
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(f"{value}\n")
    return 1


def run_command(args: list[str], prog_name: str) -> int:
    """Run one command line as :func:`balintlog.cli.main` does (with the
    command tree built once) and return its exit code."""
    from balintlog.terminal.boundary import interrupted_message
    from balintlog.terminal.state import AppState

    command = _command
    if command is None:
        import typer.main

        from balintlog import cli

        command = typer.main.get_command(cli.app)
    state = AppState()
    try:
        command.main(args=args, prog_name=prog_name, obj=state)
    except SystemExit as exc:
        return _exit_code(exc.code)
    except KeyboardInterrupt:
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(interrupted_message(state) + "\n")
        return 130
    except Exception:
        import traceback

        traceback.print_exc()
        return 1
    return 0
