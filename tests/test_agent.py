"""Unlock once: the key agent. Every test starts real agent processes with
short lifetimes, and the fixture locks (or kills) each of them afterwards."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import PASSPHRASE, Cli
from test_security import seed

from balintlog import agent
from balintlog.journal import Journal

NO_SOURCE = {"BALINTLOG_PASSPHRASE_COMMAND": ""}
NOTE = "ORCHID-NOTE-4471"


def _alive(pid: int) -> bool:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reap it if it is our own child
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except (OSError, IndexError):
        return True


def wait_until(condition: Callable[[], bool], timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture(autouse=True)
def agents(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Short agent lifetimes; the pids of the agents started in-process; and
    afterwards no agent outlives the test."""
    monkeypatch.setenv(agent.IDLE_ENV, "120")
    monkeypatch.setenv(agent.MAX_ENV, "300")
    started: list[int] = []
    real_start = agent.start

    def recording_start(*args: object, **kwargs: object) -> agent.AgentStatus:
        found = real_start(*args, **kwargs)  # type: ignore[arg-type]
        started.append(found.pid)
        return found

    monkeypatch.setattr(agent, "start", recording_start)
    yield started
    pids = set(started) | {found.pid for found in agent.lock_all()}
    for pid in pids:
        if not wait_until(lambda pid=pid: not _alive(pid), timeout=10):  # type: ignore[misc]
            os.kill(pid, signal.SIGKILL)
            wait_until(lambda pid=pid: not _alive(pid), timeout=10)  # type: ignore[misc]


def agent_pid(cli: Cli) -> int:
    found = agent.status(cli.vault)
    assert found is not None, "no agent is running"
    return found.pid


def test_unlock_then_commands_need_no_passphrase_until_lock(cli: Cli) -> None:
    assert cli("verify", env=NO_SOURCE).exit_code == 3
    result = cli.ok("unlock")
    assert "Unlocked" in result.stdout and "balintlog lock" in result.stdout
    for _ in range(3):
        assert "OK" in cli.ok("verify", env=NO_SOURCE).stdout
    status = cli.ok("status", env=NO_SOURCE).stdout
    assert "Unlocked" in status and "min" in status

    assert "Locked" in cli.ok("lock").stdout
    assert cli("verify", env=NO_SOURCE).exit_code == 3
    assert "Locked" in cli.ok("status").stdout
    assert "Already locked" in cli.ok("lock").stdout


@pytest.mark.parametrize(("idle", "max_age"), [("1", "300"), ("120", "1")], ids=["idle", "max"])
def test_the_agent_ends_after_its_idle_time_or_lifetime(
    cli: Cli, agents: list[int], monkeypatch: pytest.MonkeyPatch, idle: str, max_age: str
) -> None:
    monkeypatch.setenv(agent.IDLE_ENV, idle)
    monkeypatch.setenv(agent.MAX_ENV, max_age)
    cli.ok("unlock")
    assert wait_until(lambda: not _alive(agents[-1]))
    assert cli("verify", env=NO_SOURCE).exit_code == 3
    assert "Locked" in cli.ok("status").stdout
    assert not agent.socket_path(cli.vault).exists()


def test_using_the_key_restarts_the_idle_time(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(agent.IDLE_ENV, "60")
    cli.ok("unlock")
    assert wait_until(lambda: (found := agent.status(cli.vault)) is not None and found.idle_left < 59.5)
    before = agent.status(cli.vault)
    cli.ok("verify", env=NO_SOURCE)
    after = agent.status(cli.vault)
    assert before is not None and after is not None
    assert after.max_left < before.max_left
    # The agent's own clock: its lifetime ran down by exactly the time that passed.
    # Unused, the idle time would have run down by as much (however long a loaded
    # machine takes for verify); used, it restarted at least 0.5 s higher (before
    # was under 59.5 of 60).
    passed = before.max_left - after.max_left
    assert after.idle_left > before.idle_left - passed + 0.25


def test_unlock_twice_keeps_the_running_agent(cli: Cli, agents: list[int]) -> None:
    cli.ok("unlock")
    result = cli.ok("unlock", env=NO_SOURCE)
    assert "Already unlocked" in result.stdout
    assert len(agents) == 1


def test_bad_lifetimes_are_a_usage_error(cli: Cli) -> None:
    result = cli("unlock", env={agent.IDLE_ENV: "soon"})
    assert result.exit_code == 2 and agent.IDLE_ENV in result.stderr
    assert agent.status(cli.vault) is None


def test_each_vault_has_its_own_agent(cli: Cli, tmp_path: Path) -> None:
    other = Cli(vault=tmp_path / "other" / "journal.db", passphrase_file=cli.passphrase_file)
    other.ok("init", "--insecure-test-kdf")
    cli.ok("unlock")
    assert other("verify", env=NO_SOURCE).exit_code == 3
    assert "Locked" in other.ok("status").stdout
    with Journal.unlock(cli.vault, lambda: PASSPHRASE.encode(), today=cli.today) as journal:
        vault_id = journal.store.vault_id
    assert agent.get_key(cli.vault, vault_id) is not None
    assert agent.get_key(cli.vault, "0" * 32) is None
    assert agent.get_key(other.vault, vault_id) is None


def test_lock_all(cli: Cli, tmp_path: Path) -> None:
    other = Cli(vault=tmp_path / "other" / "journal.db", passphrase_file=cli.passphrase_file)
    other.ok("init", "--insecure-test-kdf")
    cli.ok("unlock")
    other.ok("unlock")
    result = cli.ok("lock", "--all")
    assert str(cli.vault) in result.stdout and str(other.vault) in result.stdout
    assert agent.running_agents() == []


def test_a_stale_socket_is_never_trusted_and_is_cleaned_up(cli: Cli) -> None:
    path = agent.socket_path(cli.vault)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as dead:
        dead.bind(str(path))  # bound, never listening: what a killed agent leaves
    assert path.exists()
    assert cli("verify", env=NO_SOURCE).exit_code == 3
    assert "Locked" in cli.ok("status").stdout
    assert not path.exists()

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as dead:
        dead.bind(str(path))
    cli.ok("unlock")
    cli.ok("verify", env=NO_SOURCE)


def test_a_killed_agent_leaves_the_vault_locked(cli: Cli) -> None:
    cli.ok("unlock")
    pid = agent_pid(cli)
    os.kill(pid, signal.SIGKILL)
    assert wait_until(lambda: not _alive(pid))
    assert cli("verify", env=NO_SOURCE).exit_code == 3
    assert "Locked" in cli.ok("status").stdout
    assert not agent.socket_path(cli.vault).exists()


def test_an_agent_with_a_wrong_key_is_not_trusted(cli: Cli) -> None:
    with Journal.unlock(cli.vault, lambda: PASSPHRASE.encode(), today=cli.today) as journal:
        vault_id = journal.store.vault_id
    agent.start(cli.vault, vault_id, os.urandom(32), idle=60, max_age=60)
    result = cli("verify", env=NO_SOURCE)
    assert result.exit_code == 3
    assert "balintlog lock" in result.stderr


def _proc_text(pid: int, name: str) -> bytes:
    """/proc/<pid>/<name>, or b"" where /proc refuses (that is a pass)."""
    try:
        return Path(f"/proc/{pid}/{name}").read_bytes()
    except OSError:
        return b""


def _assert_no_secret(pid: int) -> None:
    for name in ("cmdline", "environ"):
        text = _proc_text(pid, name)
        assert PASSPHRASE.encode() not in text, f"passphrase in /proc/{pid}/{name}"
        assert NOTE.encode() not in text, f"note text in /proc/{pid}/{name}"


def _subprocess_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BALINTLOG_PASSPHRASE")}
    return {**env, **extra}


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
def test_neither_agent_nor_a_running_command_shows_secrets_in_proc(cli: Cli) -> None:
    seed(cli.vault, marker=NOTE)
    # A running command, held while it waits for its passphrase on a pipe.
    read, write = os.pipe()
    command = subprocess.Popen(
        [sys.executable, "-m", "balintlog", "--vault", str(cli.vault), "unlock"],
        env=_subprocess_env(BALINTLOG_PASSPHRASE_FD=str(read)),
        pass_fds=(read,),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    os.close(read)
    try:
        _assert_no_secret(command.pid)
        os.write(write, (PASSPHRASE + "\n").encode())
    finally:
        os.close(write)
    _out, err = command.communicate(timeout=60)
    assert command.returncode == 0, err
    pid = agent_pid(cli)
    _assert_no_secret(pid)
    assert "BALINTLOG_PASSPHRASE" not in _proc_text(pid, "environ").decode(errors="replace")

    # A command unlocked by the agent, held while it reads note text from stdin.
    writing = subprocess.Popen(
        [sys.executable, "-m", "balintlog", "--vault", str(cli.vault), "resonance", "add", "1",
         "--kind", "image", "--level", "presenter"],
        env=_subprocess_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert writing.stdin is not None
    writing.stdin.write(f"a locked door, {NOTE}\n".encode())
    writing.stdin.flush()
    _assert_no_secret(writing.pid)
    _out, err = writing.communicate(timeout=60)
    assert writing.returncode == 0, err
    _assert_no_secret(pid)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/<pid>/limits")
def test_the_agent_cannot_dump_core(cli: Cli) -> None:
    cli.ok("unlock")
    limits = Path(f"/proc/{agent_pid(cli)}/limits").read_text().splitlines()
    core = next(line for line in limits if line.startswith("Max core file size"))
    assert core.split()[4:6] == ["0", "0"]


def test_socket_and_runtime_directory_are_private(cli: Cli) -> None:
    cli.ok("unlock")
    path = agent.socket_path(cli.vault)
    directory = path.parent
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    assert directory.stat().st_uid == os.getuid()
    for entry in directory.iterdir():
        assert stat.S_IMODE(entry.lstat().st_mode) & 0o077 == 0, entry
    assert [p.name for p in directory.iterdir() if p.name.startswith(".")] == []
    assert stat.S_ISSOCK(path.lstat().st_mode)


def test_restore_uses_the_agent_for_a_backup_of_the_same_vault(cli: Cli, tmp_path: Path) -> None:
    cli.ok("unlock")
    cli.ok("backup", str(tmp_path / "backups"), env=NO_SOURCE)
    backup = next((tmp_path / "backups").glob("balintlog-*.bldb"))
    result = cli.ok("restore", str(backup), env=NO_SOURCE)
    assert "Restored" in result.stdout
    cli.ok("verify", env=NO_SOURCE)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_hardening_forbids_core_dumps_and_attaching() -> None:
    probe = (
        "import ctypes, resource; from balintlog.agent import harden_process; harden_process(); "
        "print(ctypes.CDLL(None).prctl(3, 0, 0, 0, 0), resource.getrlimit(resource.RLIMIT_CORE))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "0 (0, 0)"  # PR_GET_DUMPABLE: 0; no core file


def test_rekey_locks_the_agent_holding_the_old_key(cli: Cli) -> None:
    cli.ok("unlock")
    result = cli.ok("rekey")
    assert "The key agent held the old key and was locked" in result.stdout
    assert "Locked" in cli.ok("status").stdout
    cli.ok("unlock")
    assert "OK" in cli.ok("verify", env=NO_SOURCE).stdout


def test_unlock_for_a_block_day_with_idle_and_max(cli: Cli) -> None:
    result = cli.ok("unlock", "--idle", "2h", "--max", "9h")
    assert "it locks after 2 h 0 min without use, at the latest in 9 h 0 min" in result.stdout
    shown = cli.ok("status").stdout
    assert "without use" in shown and ("at the latest in 8 h 59 min" in shown or "at the latest in 9 h 0 min" in shown)
    assert cli("verify", env=NO_SOURCE).exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [(("--idle", "4h"), "--idle is at most 3 h"), (("--max", "13h"), "--max is at most 12 h"),
     (("--idle", "soon"), "give a duration such as 2h")],
)
def test_unlock_durations_are_bounded(cli: Cli, args: tuple[str, str], message: str) -> None:
    result = cli("unlock", *args)
    assert result.exit_code == 2 and message in result.stderr
    assert agent.status(cli.vault) is None


def test_a_block_day_suggests_unlocking_for_the_day(cli: Cli) -> None:
    cli.ok("group", "add", "nord", "--kind", "block", "--start", "2026-01-01")
    cli.ok("member", "add", "nord", "M1")
    started = cli.ok("session", "start", "--block", "--present", "M1")
    assert "balintlog unlock --idle 2h --max 9h" in started.stderr
    cli.ok("session", "end")
    cli.ok("unlock", "--idle", "2h", "--max", "9h")
    cli.today = cli.today + dt.timedelta(days=7)
    again = cli.ok("session", "start", "--block", "--present", "M1")
    assert "balintlog unlock" not in again.stderr


def test_a_status_during_the_warm_up_does_not_end_the_agent(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Asked for its status while its warm-up thread was importing the
    engine module (in sys.modules, its names not yet there), the agent died
    of an AttributeError and so locked the vault. Now the count is 0 then,
    and no answer that fails ends the agent."""
    import base64
    import socket
    import types

    from balintlog.agent import core

    monkeypatch.setitem(sys.modules, "balintlog.db.engine", types.ModuleType("balintlog.db.engine"))
    assert core._compiled_statements() == 0

    running = core.Agent(
        {
            "socket": str(tmp_path / "agent.sock"),
            "vault": str(tmp_path / "journal.db"),
            "vault_id": "0" * 32,
            "key": base64.b64encode(b"k" * 32).decode(),
            "idle": 60,
            "max": 60,
        }
    )

    def broken(_request: object) -> dict[str, object]:
        raise RuntimeError("an answer that fails")

    monkeypatch.setattr(running, "answer", broken)
    ours, theirs = socket.socketpair()
    with ours, theirs:
        agent.send_message(theirs, {"op": "status"})
        running.handle(ours)  # returns: the agent goes on serving
        assert agent.recv_message(theirs) == {"ok": False, "error": "RuntimeError"}
