"""The warm path, client side: hand a command to the unlocked key agent.

While a vault is unlocked its agent has the libraries imported and the
command tree built; it can run a command in a forked copy of itself far
sooner than a fresh interpreter can import them. The ``balintlog`` entry
point (:mod:`balintlog.__main__`) calls :func:`forward` before it imports
Typer or anything heavy. It forwards only a command that

- is on the allow-list (:data:`WARM_READS`, or :data:`WARM_WRITES` when
  stdin is not a terminal, so that nothing can ask a question or open an
  editor), given without ``--debug``, ``--help``, ``--no-agent`` or a root
  option this module does not know;
- is for the vault whose agent answers on its socket (the agent checks the
  vault path and id itself, and refuses anything else).

What is forwarded: argv, the working directory, the environment variables
balintlog and its libraries read (:func:`forwarded_env`), how Python set up
its standard streams (encoding, buffering), and the three standard file
descriptors themselves, passed over the Unix socket (``SCM_RIGHTS``). The
command in the agent writes to the caller's own terminal or pipe, reads its
stdin only where the command reads it, and sees the same terminal size and
colour support: its output is the cold path's, byte for byte.

Anything else, or an agent that does not answer or refuses, falls back to the
cold path silently (:func:`forward` returns None). An agent that stops after
it accepted the command gives one line on stderr and exit 1; the vault's
transactions hold as in a cold command (the change is whole or absent).

This runs before every command, cold ones too, so it imports only
:mod:`balintlog.agent.wire` and what the interpreter has loaded anyway (not
``pathlib``, ``typing``, ``platformdirs`` or the catalogue, which together
took longer than the rest of a served command's client side).
"""

from __future__ import annotations

import _socket
import os
import struct
import sys

from balintlog.agent import wire

TYPE_CHECKING = False  # typing itself is not imported at run time
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from types import FrameType
    from typing import Any

NO_AGENT_ENV = "BALINTLOG_NO_AGENT"
NO_AGENT_OPTION = "--no-agent"

#: Commands (noun, verb) that read only: served warm on terminals and pipes.
WARM_READS = frozenset(
    {
        ("case", "list"),
        ("case", "show"),
        ("session", "list"),
        ("session", "show"),
        ("member", "list"),
        ("member", "progress"),
        ("logbook", "list"),
        ("logbook", "report"),
        ("accreditation", "list"),
        ("group", "list"),
        ("group", "show"),
        ("draft", "list"),
        ("draft", "show"),
        ("search",),
        ("report",),
        ("status",),
        ("verify",),
        ("log",),
    }
)
#: Commands that write, served warm only when stdin is not a terminal: then
#: no command asks a question or opens an editor (their input comes by file
#: or stdin, e.g. ``--from -``), exactly as in the cold path.
WARM_WRITES = frozenset(
    {
        ("case", "add"),
        ("case", "follow-up"),
        ("case", "edit"),
        ("case", "close"),
        ("case", "reopen"),
        ("session", "note"),
        ("session", "attend"),
        ("resonance", "add"),
    }
)
#: Every command served warm. Anything not here runs in the calling process:
#: a new command is cold until it is added here.
WARM_COMMANDS = WARM_READS | WARM_WRITES
#: The nouns whose commands are ``noun verb``.
NOUNS = frozenset(key[0] for key in WARM_COMMANDS if len(key) == 2)
#: Options anywhere on the line that keep a command cold.
COLD_OPTIONS = frozenset({"--help", "--debug", NO_AGENT_OPTION})

#: Environment variables forwarded to the agent: what balintlog, rich, click
#: and Typer read. The passphrase sources are never sent: a warm command
#: needs none.
FORWARDED_NAMES = frozenset(
    {
        "COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TERM", "COLORTERM", "TTY_COMPATIBLE", "TTY_INTERACTIVE",
        "TERMINAL_WIDTH", "GITHUB_ACTIONS", "PY_COLORS", "TYPER_USE_RICH", "_TYPER_FORCE_DISABLE_TERMINAL",
        "TZ", "LANG", "LANGUAGE", "HOME", "USER", "LOGNAME", "PATH", "TMPDIR", "TEMP", "TMP", "EDITOR", "VISUAL",
    }
)  # fmt: skip
FORWARDED_PREFIXES = ("BALINTLOG_", "LC_", "XDG_")
SECRET_PREFIXES = ("BALINTLOG_PASSPHRASE_", "BALINTLOG_NEW_PASSPHRASE_")


def _truthy(value: str | None) -> bool:
    return bool(value) and value.strip().lower() not in {"0", "no", "false", "off"}  # type: ignore[union-attr]


def command_key(args: Sequence[str]) -> tuple[tuple[str, ...], str | None] | None:
    """The command ``args`` (argv without the program) names, and the
    ``--vault`` given before it; None when the line has a root option other
    than ``--vault`` (``--no-agent``, ``--debug``, ``--version``, ...) or
    names no command."""
    vault: str | None = None
    index = 0
    while index < len(args) and args[index].startswith("-"):
        token = args[index]
        if token == "--vault" and index + 1 < len(args):
            vault = args[index + 1]
            index += 2
        elif token.startswith("--vault="):
            vault = token.partition("=")[2]
            index += 1
        else:
            return None
    if index >= len(args):
        return None
    noun = args[index]
    if noun in NOUNS:
        if index + 1 >= len(args):
            return None
        return (noun, args[index + 1]), vault
    return (noun,), vault


def warm_vault(args: Sequence[str], environ: Mapping[str, str], *, stdin_is_tty: bool) -> str | None:
    """The vault a command line may be served warm for, or None when it
    runs cold (the rule of this module's docstring)."""
    if _truthy(environ.get(NO_AGENT_ENV)) or environ.get("_BALINTLOG_COMPLETE"):
        return None
    found = command_key(args)
    if found is None:
        return None
    key, vault = found
    if key in WARM_WRITES:
        if stdin_is_tty:
            return None
    elif key not in WARM_READS:
        return None
    if any(arg in COLD_OPTIONS or arg == "-h" for arg in args):
        return None
    if vault:
        return os.path.expanduser(vault)
    env_vault = environ.get("BALINTLOG_VAULT")
    if env_vault:
        return os.path.expanduser(env_vault)
    return default_vault(environ)


def default_vault(environ: Mapping[str, str]) -> str:
    """What :func:`balintlog.paths.default_vault` gives when neither
    ``--vault`` nor ``BALINTLOG_VAULT`` is set, worked out without
    ``platformdirs`` where that is plain: Linux, with an absolute
    ``XDG_DATA_HOME`` or else an absolute ``HOME`` (a test holds it against
    ``platformdirs``); anywhere else it asks that module."""
    data_dir = environ.get("BALINTLOG_DATA_DIR")
    if data_dir:
        return os.path.join(data_dir, "journal.db")
    xdg = environ.get("XDG_DATA_HOME", "")
    home = environ.get("HOME", "")
    plain = (
        sys.platform == "linux"
        and not hasattr(sys, "getandroidapilevel")
        and not (environ.get("ANDROID_DATA") == "/data" and environ.get("ANDROID_ROOT") == "/system")
    )
    if plain and xdg and os.path.isabs(xdg) and xdg == xdg.strip():
        return os.path.join(xdg, "balintlog", "journal.db")
    if plain and not xdg and os.path.isabs(home):
        return os.path.join(home.rstrip("/") + "/.local/share", "balintlog", "journal.db")
    from balintlog.paths import default_vault as exact

    return str(exact())


def forwarded_env(environ: Mapping[str, str]) -> dict[str, str]:
    """The variables of :data:`FORWARDED_NAMES` and the prefixes, less secrets."""
    return {
        name: value
        for name, value in environ.items()
        if (name in FORWARDED_NAMES or name.startswith(FORWARDED_PREFIXES)) and not name.startswith(SECRET_PREFIXES)
    }


def program_name() -> str:
    """The program name click would print in a usage line (it reads it from
    ``sys.argv[0]`` and ``__main__``), decided here because the agent runs
    under another ``__main__``."""
    main = sys.modules.get("__main__")
    path = sys.argv[0] if sys.argv and sys.argv[0] else "balintlog"
    package = getattr(main, "__package__", None)
    if package in (None, ""):
        return os.path.basename(path)
    module = str(package)
    name = os.path.splitext(os.path.basename(path))[0]
    if name != "__main__":
        module = f"{module}.{name}"
    return f"python -m {module.lstrip('.')}"


def _stream_facts(stream: Any) -> dict[str, Any]:
    return {
        "encoding": getattr(stream, "encoding", None) or "utf-8",
        "errors": getattr(stream, "errors", None) or "strict",
        "line_buffering": bool(getattr(stream, "line_buffering", False)),
        "write_through": bool(getattr(stream, "write_through", False)),
    }


def request_for(argv: Sequence[str], vault: str | os.PathLike[str]) -> dict[str, Any]:
    """The ``run`` request for ``argv`` on ``vault``."""
    return {
        "op": "run",
        "vault": wire.vault_key_path(vault),
        "argv": list(argv),
        "prog_name": program_name(),
        "cwd": os.getcwd(),
        "env": forwarded_env(os.environ),
        "stdio": [_stream_facts(s) for s in (sys.stdin, sys.stdout, sys.stderr)],
        "utf8_mode": sys.flags.utf8_mode,
        "fs_encoding": sys.getfilesystemencoding(),
    }


def _isatty(fd: int) -> bool:
    try:
        return os.isatty(fd)
    except OSError:
        return False


def forward(argv: Sequence[str]) -> int | None:
    """Run ``argv`` in the agent of its vault and return its exit code; None
    when it runs cold (not to be forwarded, no agent, or the agent refused)."""
    vault = warm_vault(argv[1:], os.environ, stdin_is_tty=_isatty(0))
    if vault is None:
        return None
    path = wire.quick_socket_path(vault)
    if path is None:
        return None
    try:
        if not os.path.exists(path):  # the one stat a cold command pays
            return None
        request = request_for(argv, vault)
        for fd in (0, 1, 2):
            os.fstat(fd)  # a closed standard stream: cold, as before
    except OSError:
        return None
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.settimeout(wire.CLIENT_TIMEOUT)
        try:
            sock.connect(path)
            if wire.peer_uid(sock) != os.getuid():
                return None
            wire.send_message(sock, request)
            # The three standard streams, as socket.send_fds passes them.
            sock.sendmsg([b"\0"], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, struct.pack("3i", 0, 1, 2))])
            answer = wire.recv_message(sock)
        except (OSError, ConnectionError, ValueError, struct.error):
            return None
        if not answer.get("ok") or not isinstance(answer.get("pid"), int):
            return None
        return _wait(sock, int(answer["pid"]))
    finally:
        sock.close()


def _wait(sock: _socket.socket, pid: int) -> int:
    """Wait for the exit code of the command running in the agent's process
    ``pid``; Ctrl-C here interrupts it there, as in a cold command."""

    import signal

    def interrupt(_signum: int, _frame: FrameType | None) -> None:
        try:  # noqa: SIM105 -- contextlib is not loaded on this path
            os.kill(pid, signal.SIGINT)
        except OSError:
            pass

    previous = signal.signal(signal.SIGINT, interrupt)
    try:
        sock.settimeout(None)
        while True:
            try:
                answer = wire.recv_message(sock)
            except InterruptedError:
                continue
            except (OSError, ConnectionError, ValueError, struct.error):
                return _stopped()
            code = answer.get("exit")
            if isinstance(code, int):
                return code
    finally:
        signal.signal(signal.SIGINT, previous)


def _stopped() -> int:
    import contextlib

    from balintlog.i18n import _

    # "Error: " as the error boundary of a cold command prints it.
    message = "Error: " + _(
        "the key agent stopped before the command finished; a change it was making is saved whole "
        "or not at all (see 'balintlog log'); run the command again"
    )
    with contextlib.suppress(OSError):
        sys.stdout.flush()
    sys.stderr.write(message + "\n")
    sys.stderr.flush()
    return 1
