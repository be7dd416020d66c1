"""The key agent itself and its clients' requests: unlock once, then work without the passphrase for a while.

``balintlog unlock`` derives the master key once and starts this package as a
fresh process (``python -m balintlog.agent``, never a fork of the caller). It
receives its configuration and the master key as one JSON line on stdin (a
pipe: never argv or the environment), binds its socket, and forks once, so
that the agent that stays is no child of the caller; it then serves the key
on a Unix socket in the private runtime directory to processes of the same
user only. It holds
the master key, never the passphrase, and exits after an idle time, after a
maximum lifetime, or on ``balintlog lock``.

Protocol (framing in :mod:`balintlog.agent.wire`): each message is a 4-byte
big-endian length followed by UTF-8 JSON. Requests: ``{"op": "get-key", "vault": PATH, "vault_id": ID}`` (the key,
base64, only if both match the vault the agent was started for; it restarts
the idle timer), ``{"op": "status"}`` (seconds left, commands served,
memory), ``{"op": "lock"}`` (exit at once, stopping any command being
served), ``{"op": "run", ...}`` followed by the caller's three standard file
descriptors: the warm path, a whole command served in a fork of the agent
(:mod:`balintlog.agent.warm`, :mod:`balintlog.agent.serving`).

This module uses only the standard library; the warm path, which runs before
every command, needs only :mod:`balintlog.agent.wire` of it.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import signal
import socket
import stat
import struct
import sys
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from balintlog.agent.wire import (
    CLIENT_TIMEOUT,
    MAX_SOCKET_PATH,
    peer_uid,
    recv_message,
    send_message,
    socket_name,
    vault_key_path,
)
from balintlog.errors import BalintlogError, UsageError

IDLE_ENV = "BALINTLOG_AGENT_IDLE"
MAX_ENV = "BALINTLOG_AGENT_MAX"
DEFAULT_IDLE = 10 * 60.0
DEFAULT_MAX = 2 * 60 * 60.0

#: How long ``unlock`` waits for the agent to come up.
START_TIMEOUT = 15.0
#: The agent wakes at least this often to check its deadlines (a suspended
#: laptop must not keep the key past its lifetime on wake-up).
TICK = 5.0

READY = b"ready "

#: Variables a child never needs (commands that print the passphrase).
_SECRET_ENV_PREFIXES = ("BALINTLOG_PASSPHRASE_", "BALINTLOG_NEW_PASSPHRASE_")


def _(message: str) -> str:
    """The catalogue's translation of ``message``, loaded when first needed
    (the entry point imports this module before every command)."""
    from balintlog.i18n import _ as translate

    return translate(message)


class AgentStatus(NamedTuple):
    """What a running agent says about itself."""

    vault: str
    pid: int
    idle_left: float
    max_left: float


def _clock() -> float:
    """Seconds on a clock that keeps running while the machine sleeps."""
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is not None:
        return time.clock_gettime(boottime)
    return time.monotonic()


def socket_path(vault: Path) -> Path:
    """The socket of the agent for ``vault``: one per vault path, named by a
    hash of the resolved path, in the private runtime directory."""
    from balintlog.paths import runtime_dir

    path = runtime_dir() / socket_name(vault)
    if len(os.fsencode(path)) > MAX_SOCKET_PATH:
        raise BalintlogError(
            _(
                "the runtime directory path is too long for a socket ({path}); "
                "set XDG_RUNTIME_DIR (or TMPDIR) to a shorter directory"
            ).format(path=path)
        )
    return path


def durations_from_env() -> tuple[float, float]:
    """(idle, max) seconds: ``BALINTLOG_AGENT_IDLE`` / ``BALINTLOG_AGENT_MAX``
    or 10 minutes / 2 hours."""
    values = []
    for name, default in ((IDLE_ENV, DEFAULT_IDLE), (MAX_ENV, DEFAULT_MAX)):
        raw = os.environ.get(name)
        if not raw:
            values.append(default)
            continue
        try:
            value = float(raw)
        except ValueError:
            value = -1.0
        if not 0 < value <= 24 * 3600:
            raise UsageError(
                _("{name} must be a number of seconds between 1 and 86400, not {value!r}").format(name=name, value=raw)
            )
        values.append(value)
    return values[0], values[1]


# -- client -----------------------------------------------------------------------


def _exchange(path: Path, message: Mapping[str, Any]) -> dict[str, Any] | None:
    """One request and its answer on the socket ``path``; None when nothing
    of ours answers there (no socket, a stale one, another user's, garbage)."""
    if not path.exists():
        return None
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(CLIENT_TIMEOUT)
        try:
            sock.connect(str(path))
            if peer_uid(sock) != os.getuid():
                return None
            send_message(sock, message)
            return recv_message(sock)
        except (OSError, ConnectionError, ValueError, struct.error):
            return None


def has_socket(vault: Path) -> bool:
    """Whether an agent socket exists for ``vault`` (cheap: no connection)."""
    try:
        return socket_path(vault).exists()
    except BalintlogError:
        return False


def _ask(vault: Path, message: Mapping[str, Any]) -> dict[str, Any] | None:
    """One request to the agent of ``vault``; None when no agent answers."""
    try:
        path = socket_path(vault)
    except BalintlogError:
        return None
    return _exchange(path, message)


def get_key(vault: Path, vault_id: str) -> bytes | None:
    """The master key of ``vault`` if an agent holds it, else None."""
    answer = _ask(vault, {"op": "get-key", "vault": vault_key_path(vault), "vault_id": vault_id})
    if not answer or not answer.get("ok") or not isinstance(answer.get("key"), str):
        return None
    try:
        return base64.b64decode(answer["key"], validate=True)
    except ValueError:
        return None


def status(vault: Path) -> AgentStatus | None:
    """The running agent of ``vault``, or None when it is locked."""
    return _status_from(_ask(vault, {"op": "status"}))


def running_agents() -> list[AgentStatus]:
    """Every agent of this user that answers (one per unlocked vault)."""
    from balintlog.paths import runtime_dir

    try:
        sockets = sorted(runtime_dir().glob("agent-*.sock"))
    except BalintlogError:
        return []
    found = (_status_from(_exchange(path, {"op": "status"})) for path in sockets)
    return [agent for agent in found if agent is not None]


def _status_from(answer: Mapping[str, Any] | None) -> AgentStatus | None:
    if not answer or not answer.get("ok"):
        return None
    try:
        return AgentStatus(
            vault=str(answer["vault"]),
            pid=int(answer["pid"]),
            idle_left=float(answer["idle_left"]),
            max_left=float(answer["max_left"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


def lock(vault: Path) -> bool:
    """Tell the agent of ``vault`` to forget the key and exit. True if one
    was running."""
    answer = _ask(vault, {"op": "lock"})
    remove_stale_socket(vault)
    return bool(answer and answer.get("ok"))


def lock_all() -> list[AgentStatus]:
    """Lock every vault of this user; returns the agents that were running."""
    return [found for found in running_agents() if lock(Path(found.vault))]


def remove_stale_socket(vault: Path) -> bool:
    """Remove the socket file of ``vault`` if it is ours and nothing answers
    on it (an agent that was killed). True if one was removed."""
    try:
        path = socket_path(vault)
        before = path.lstat()
    except (BalintlogError, OSError):
        return False
    if not stat.S_ISSOCK(before.st_mode) or before.st_uid != os.getuid():
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(CLIENT_TIMEOUT)
        try:
            sock.connect(str(path))
            return False
        except (ConnectionRefusedError, FileNotFoundError):
            pass
        except OSError:
            return False
    try:
        after = path.lstat()
        # The agent binds under a temporary name and renames the listening
        # socket into place, so a refused connection means a dead agent; the
        # inode check keeps a new agent's socket that just replaced it.
        if (after.st_ino, after.st_dev) == (before.st_ino, before.st_dev):
            path.unlink()
            return True
    except OSError:
        pass
    return False


def child_env() -> dict[str, str]:
    """The environment for the agent: ours without the passphrase sources,
    and with this very balintlog importable (also when it runs from a source
    tree that is only on the path as the current directory)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_SECRET_ENV_PREFIXES)}
    package_root = str(Path(__file__).resolve().parent.parent)
    installed = {str(Path(entry).resolve()) for entry in sys.path[1:] if entry}
    if package_root not in installed:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
    return env


def start(vault: Path, vault_id: str, master_key: bytes, *, idle: float, max_age: float) -> AgentStatus:
    """Start an agent for ``vault`` holding ``master_key`` and wait until its
    socket answers. The key goes through a pipe to a fresh interpreter."""
    import subprocess

    path = socket_path(vault)
    remove_stale_socket(vault)
    config = {
        "socket": str(path),
        "vault": vault_key_path(vault),
        "vault_id": vault_id,
        "key": base64.b64encode(master_key).decode("ascii"),
        "idle": idle,
        "max": max_age,
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "balintlog.agent"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd="/",
        env=child_env(),
        start_new_session=True,
        close_fds=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        proc.stdin.write(json.dumps(config).encode("ascii") + b"\n")
        proc.stdin.close()
        ready, _writable, _errors = select.select([proc.stdout], [], [], START_TIMEOUT)
        line = proc.stdout.readline() if ready else b""
    except OSError:
        line = b""
    proc.stdout.close()
    try:
        proc.wait(timeout=START_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if not line.startswith(READY) or not line[len(READY) :].strip().isdigit():
        reason = line.decode("utf-8", "replace").strip() or _("it did not start")
        raise BalintlogError(
            _("could not start the key agent ({reason}); the vault stays locked").format(reason=reason)
        )
    pid = int(line[len(READY) :])
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        found = status(vault)
        if found is not None and found.pid == pid:
            return found
        time.sleep(0.02)
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    raise BalintlogError(_("the key agent started but does not answer on its socket; the vault stays locked"))


# -- the agent process ----------------------------------------------------------------


def harden_process() -> None:
    """No core dumps, and no ptrace-attach or /proc/<pid>/mem reading by
    other processes of the same user (Linux: PR_SET_DUMPABLE = 0)."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):
        pass
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_dumpable = 4
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(pr_set_dumpable, 0, 0, 0, 0)
        except (OSError, AttributeError):
            pass


class Agent:
    """One running agent: the key of one vault, its deadlines, its socket."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.socket_path = Path(str(config["socket"]))
        self.vault = str(config["vault"])
        self.vault_id = str(config["vault_id"])
        self.key = base64.b64decode(str(config["key"]), validate=True)
        self.idle = float(config["idle"])
        started = _clock()
        self.idle_deadline = started + self.idle
        self.max_deadline = started + float(config["max"])
        self.running = True
        self._listener: socket.socket | None = None
        #: The processes serving commands now (forks of this one).
        self.children: set[int] = set()
        self._warming: threading.Thread | None = None
        #: Commands served so far, and the largest resident memory one took.
        self.served = 0
        self.served_max_rss = 0
        self._inode: tuple[int, int] | None = None

    def bind(self) -> None:
        """Listen on a temporary name, then rename the socket into place, so
        the final path only ever names a socket that answers."""
        answer = _exchange(self.socket_path, {"op": "status"})
        if answer and answer.get("ok"):
            raise BalintlogError(_("an agent for this vault is already running"))
        temp = self.socket_path.with_name(f".{self.socket_path.name}.{os.getpid()}")
        temp.unlink(missing_ok=True)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(str(temp))
        os.chmod(temp, 0o600)
        listener.listen(16)
        os.replace(temp, self.socket_path)
        st = self.socket_path.lstat()
        self._inode = (st.st_ino, st.st_dev)
        self._listener = listener

    def time_left(self) -> tuple[float, float]:
        now = _clock()
        return max(0.0, self.idle_deadline - now), max(0.0, self.max_deadline - now)

    def serve(self) -> None:
        assert self._listener is not None
        self.warm_up()
        while self.running:
            self.reap()
            idle_left, max_left = self.time_left()
            if max_left <= 0 or (idle_left <= 0 and not self.children):
                break
            wait = max(0.05, min(idle_left, max_left, TICK))
            if self.children:
                wait = min(wait, 0.2)
            ready, _writable, _errors = select.select([self._listener], [], [], wait)
            if not ready:
                continue
            try:
                conn, _address = self._listener.accept()
            except OSError:
                continue
            with conn:
                self.handle(conn)

    def warm_up(self) -> None:
        """Import what commands need, once, in this process (each served
        command runs in a fork of it), in a thread: the agent answers
        meanwhile, and forks only once it is done."""
        from balintlog.agent import serving

        def work() -> None:
            with contextlib.suppress(Exception):  # a command then imports what it needs itself
                serving.warm_up(Path(self.vault), self.key)

        self._warming = threading.Thread(target=work, name="warm-up", daemon=True)
        self._warming.start()

    def reap(self) -> None:
        """Collect the commands that finished; each counts as use."""
        for pid in list(self.children):
            try:
                done, _status, usage = os.wait4(pid, os.WNOHANG)
            except ChildProcessError:
                done, usage = pid, None
            if done:
                self.children.discard(pid)
                self.idle_deadline = max(self.idle_deadline, _clock() + self.idle)
                if usage is not None:
                    self.served_max_rss = max(self.served_max_rss, usage.ru_maxrss * 1024)

    def handle(self, conn: socket.socket) -> None:
        conn.settimeout(2.0)
        if peer_uid(conn) != os.getuid():
            return
        try:
            request = recv_message(conn)
            if request.get("op") == "run":
                self.run(conn, request)
            else:
                send_message(conn, self.answer(request))
        except (OSError, ConnectionError, ValueError, struct.error):
            return
        except Exception as exc:  # one bad answer must not end the agent (and lock the vault)
            with contextlib.suppress(OSError):
                send_message(conn, {"ok": False, "error": type(exc).__name__})

    def run(self, conn: socket.socket, request: Mapping[str, Any]) -> None:
        """Serve a command (the warm path, see :mod:`balintlog.agent.warm`)
        in a fork of this process, which answers on ``conn``. The caller's
        standard streams come after the request, as passed descriptors."""
        from balintlog.agent import serving

        _data, fds, _flags, _address = socket.recv_fds(conn, 1, 3)
        try:
            refusal = serving.refusal(request, vault=self.vault, vault_id=self.vault_id)
            if refusal is None and len(fds) != 3:
                refusal = "three standard streams expected"
            if refusal is not None:
                send_message(conn, {"ok": False, "error": refusal})
                return
            self.idle_deadline = _clock() + self.idle
            if self._warming is not None:
                self._warming.join()  # never fork in the middle of an import
            pid = os.fork()
            if pid == 0:  # the child: run the command, never return into the loop
                code = 1
                try:
                    assert self._listener is not None
                    self._listener.close()
                    code = serving.serve(conn, request, fds)
                finally:
                    os._exit(code)
            self.children.add(pid)
            self.served += 1
        finally:
            for fd in fds:
                os.close(fd)

    def answer(self, request: Mapping[str, Any]) -> dict[str, Any]:
        op = request.get("op")
        if op == "get-key":
            if request.get("vault") != self.vault or request.get("vault_id") != self.vault_id:
                return {"ok": False, "error": "not the vault this agent holds"}
            self.idle_deadline = _clock() + self.idle
            return {"ok": True, "key": base64.b64encode(self.key).decode("ascii")}
        if op == "status":
            idle_left, max_left = self.time_left()
            return {
                "ok": True,
                "vault": self.vault,
                "pid": os.getpid(),
                "idle_left": idle_left,
                "max_left": max_left,
                "served": self.served,
                "serving": len(self.children),
                "rss": _resident_memory(),
                "served_max_rss": self.served_max_rss,
                "compiled": _compiled_statements(),
            }
        if op == "lock":
            self.running = False
            return {"ok": True}
        return {"ok": False, "error": f"unknown request {op!r}"}

    def close(self) -> None:
        """Stop the commands being served, forget the key and remove the
        socket (only if it is still ours)."""
        for pid in self.children:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        for pid in self.children:
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)
        self.children.clear()
        self.key = b""
        if self._listener is not None:
            self._listener.close()
        try:
            st = self.socket_path.lstat()
            if (st.st_ino, st.st_dev) == self._inode:
                self.socket_path.unlink()
        except OSError:
            pass


def _resident_memory() -> int:
    """This process's resident memory in bytes (0 where /proc cannot say)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status_file:
            for line in status_file:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _compiled_statements() -> int:
    """How many statements this process holds compiled for its engines (its
    warm-up's, which every served command inherits)."""
    # The warm-up thread may be importing the module right now: then it is
    # in sys.modules without its names yet.
    cache = getattr(sys.modules.get("balintlog.db.engine"), "COMPILED_CACHE", None)
    return 0 if cache is None else len(cache)


def _detach_stdio() -> None:
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)


def main() -> int:
    """Entry point of ``python -m balintlog.agent``: harden, read the
    configuration from stdin, bind, say ``ready``, serve until a deadline or
    ``lock``."""
    harden_process()
    os.umask(0o077)
    signal.signal(signal.SIGTERM, lambda _sig, _frame: sys.exit(0))
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    out = sys.stdout.buffer
    try:
        agent = Agent(json.loads(sys.stdin.buffer.readline()))
        agent.bind()
    except (BalintlogError, OSError, ValueError, KeyError, TypeError) as exc:
        message = str(exc) if isinstance(exc, BalintlogError) else type(exc).__name__
        out.write(f"error: {message}\n".encode())
        out.flush()
        return 1
    pid = os.fork()
    if pid:
        # The launcher: the agent serves in this process's child, which is no
        # child of the caller, so a long-running caller keeps no zombie.
        out.write(READY + f"{pid}\n".encode())
        out.flush()
        os._exit(0)
    try:
        _detach_stdio()
        agent.serve()
    finally:
        agent.close()
    os._exit(0)  # not through interpreter shutdown while the warm-up may still import
