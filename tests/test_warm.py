"""The warm path: an unlocked vault's key agent runs commands itself.

Every test runs the installed ``balintlog`` script as a user does, once
warm (the agent serves it) and once cold (``--no-agent``: this process runs
it, with the key the agent hands out), and compares what the user sees byte
for byte, on pipes and on a pseudo-terminal, in English and German."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import Cli

from balintlog import agent
from balintlog.agent import warm

SCRIPT = Path(sys.executable).parent / "balintlog"

CASE = """\
Title: Case {n} at the harbour
Presenter: M{p}
Relationship: doctor_patient
Question: Why does Frau Ä. come back every week ({n})?

## Presentation
Account {n}: she brings her husband’s letters. Über Ärger und Schuld.

## Resonances
- affect / client / {i} / anger at the system {n}
- image / group / 2 / a lighthouse in fog
"""


@dataclass
class Run:
    code: int
    out: bytes
    err: bytes


def env_for(cli: Cli, **extra: str) -> dict[str, str]:
    """The environment of a user of this vault without a passphrase source."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BALINTLOG_PASSPHRASE")}
    env.update({"BALINTLOG_VAULT": str(cli.vault), "COLUMNS": "100"})
    env.update(extra)
    return env


def run(cli: Cli, *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None) -> Run:
    done = subprocess.run(
        [str(SCRIPT), *args],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        env=env or env_for(cli),
        timeout=120,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def run_pty(cli: Cli, *args: str, env: dict[str, str], columns: int = 90) -> Run:
    """Run on a pseudo-terminal (stdin, stdout and stderr): what the user
    sees, colours and the terminal's width included."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    term_env = {k: v for k, v in env.items() if k not in ("COLUMNS", "NO_COLOR")}
    term_env["TERM"] = "xterm-256color"
    proc = subprocess.Popen([str(SCRIPT), *args], stdin=slave, stdout=slave, stderr=slave, env=term_env)
    os.close(slave)
    chunks = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _w, _x = select.select([master], [], [], 1.0)
        if not ready:
            if proc.poll() is not None:
                break
            continue
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: every writer has closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return Run(proc.wait(timeout=60), b"".join(chunks), b"")


def agent_status(cli: Cli) -> dict[str, object]:
    answer = agent._ask(cli.vault, {"op": "status"})
    assert answer is not None and answer.get("ok"), "no agent answers"
    return answer


def served(cli: Cli) -> int:
    return int(agent_status(cli)["served"])  # type: ignore[call-overload]


def populate(cli: Cli) -> None:
    cli.ok("group", "add", "nord", "--name", "Balint group North", "--start", "2026-01-05")
    for code in ("M1", "M2", "M3"):
        cli.ok("member", "add", "nord", code, "--profession", "physician")
    cli.ok("session", "start", "--present", "M1,M2,M3", "--date", "2026-11-19")
    for n in range(1, 4):
        cli.ok("case", "add", "--from", "-", input=CASE.format(n=n, p=1 + n % 3, i=1 + n % 5))
    cli.ok("session", "end")
    cli.ok("session", "start", "--present", "M1,M2")
    cli.ok("case", "add", "--from", "-", input=CASE.format(n=4, p=2, i=3))


def unlock(cli: Cli) -> None:
    env = {**env_for(cli), "BALINTLOG_PASSPHRASE_COMMAND": f"cat {cli.passphrase_file}"}
    done = run(cli, "unlock", env=env)
    assert done.code == 0, done.err


@pytest.fixture
def warm_cli(cli: Cli) -> Iterator[Cli]:
    """A vault with a group, sessions and cases, unlocked."""
    populate(cli)
    unlock(cli)
    yield cli
    agent.lock(cli.vault)


#: Commands whose output must not differ warm and cold.
READS = (
    ("case", "list"),
    ("case", "list", "--json"),
    ("case", "show", "2"),
    ("case", "show", "2", "--json"),
    ("session", "list"),
    ("session", "show", "nord:1"),
    ("member", "list"),
    ("group", "list"),
    ("group", "show", "nord"),
    ("search", "lighthouse"),
    ("report", "--year", "2026"),
    ("report", "--year", "2026", "--format", "markdown"),
    ("report", "--year", "2026", "--format", "json"),
    ("report", "--year", "2026", "--format", "html"),
    ("verify",),
    ("log",),
    ("draft", "list"),
    ("case", "show", "99"),  # not found: exit 4
    ("case", "list", "--no-such-option"),  # usage error: exit 2
)
GERMAN = (
    ("case", "list"),
    ("case", "show", "2"),
    ("session", "list"),
    ("search", "lighthouse"),
    ("report", "--year", "2026"),
    ("verify",),
    ("case", "show", "99"),
)
ON_A_TERMINAL = (
    ("case", "list"),
    ("case", "show", "2"),
    ("session", "show", "nord:1"),
    ("report", "--year", "2026"),
    ("search", "lighthouse"),
)

#: What differs between two runs of the same command in any case: the time
#: a JSON or HTML report was made.
_DRAFT = re.compile(rb"(draft |--resume-draft |draft show )[0-9a-f]{6}")
_GENERATED = re.compile(rb'("generated": ")[^"]*(")|(generated )[0-9-]+ [0-9:]+()')


def _same(args: Sequence[str], warm_run: Run, cold_run: Run) -> None:
    def clean(data: bytes) -> bytes:
        return _DRAFT.sub(rb"\1<id>", _GENERATED.sub(rb"\1\3<time>\2\4", data))

    assert (warm_run.code, clean(warm_run.out), clean(warm_run.err)) == (
        cold_run.code,
        clean(cold_run.out),
        clean(cold_run.err),
    ), f"{' '.join(args)} differs warm and cold"


def _compare_on_pipes(cli: Cli, commands: Sequence[Sequence[str]], env: dict[str, str]) -> None:
    before = served(cli)
    for args in commands:
        _same(args, run(cli, *args, env=env), run(cli, "--no-agent", *args, env=env))
    assert served(cli) == before + len(commands)


def test_reads_are_the_same_warm_and_cold_on_pipes(warm_cli: Cli) -> None:
    _compare_on_pipes(warm_cli, READS, env_for(warm_cli))


def test_reads_are_the_same_warm_and_cold_in_german(warm_cli: Cli) -> None:
    env = env_for(warm_cli, BALINTLOG_LANG="de")
    _compare_on_pipes(warm_cli, GERMAN, env)
    assert "Warnung" in run(warm_cli, "case", "list", env=env).err.decode()  # German indeed


@pytest.mark.parametrize("language", ["en", "de"])
def test_reads_are_the_same_warm_and_cold_on_a_terminal(warm_cli: Cli, language: str) -> None:
    env = env_for(warm_cli, BALINTLOG_LANG=language)
    before = served(warm_cli)
    for args in ON_A_TERMINAL:
        warm_run = run_pty(warm_cli, *args, env=env)
        _same(args, warm_run, run_pty(warm_cli, "--no-agent", *args, env=env))
    assert served(warm_cli) == before + len(ON_A_TERMINAL)
    # The terminal's facts reached the agent: colours and its width.
    narrow = run_pty(warm_cli, "report", "--year", "2026", env=env, columns=50)
    assert b"\x1b[" in narrow.out
    wide = run_pty(warm_cli, "report", "--year", "2026", env=env, columns=120)
    assert len(narrow.out.splitlines()) > len(wide.out.splitlines())
    _same(("narrow",), narrow, run_pty(warm_cli, "--no-agent", "report", "--year", "2026", env=env, columns=50))


def test_a_write_by_stdin_is_the_same_warm_and_cold(warm_cli: Cli, tmp_path: Path) -> None:
    """``case add --from -``: the agent reads the caller's stdin, all of it
    and nothing more (a large note with non-ASCII text)."""
    account = "Über den Ärger, Zeile für Zeile – " * 40
    text = CASE.format(n=5, p=3, i=2).replace("Account 5", account + "\nAccount 5")
    env = env_for(warm_cli)
    before = served(warm_cli)
    warm_run = run(warm_cli, "case", "add", "--from", "-", stdin=text.encode(), env=env)
    assert warm_run.code == 0, warm_run.err
    assert served(warm_cli) == before + 1
    shown = json.loads(run(warm_cli, "case", "show", "5", "--json", env=env).out)
    assert account in json.dumps(shown, ensure_ascii=False)
    # The same note cold, on a copy of the vault made before: the same words.
    assert warm_run.out.startswith(b"Added case #5")
    file_run = tmp_path / "note.txt"
    file_run.write_text(CASE.format(n=6, p=1, i=1), encoding="utf-8")
    by_file = run(warm_cli, "case", "add", "--from", str(file_run), env=env)
    assert by_file.code == 0 and by_file.out.startswith(b"Added case #6")
    assert served(warm_cli) == before + 3
    refused = CASE.format(n=7, p=9, i=1)  # M9 is no member: exit 2, all problems at once
    warm_bad = run(warm_cli, "case", "add", "--from", "-", stdin=refused.encode(), env=env)
    cold_bad = run(warm_cli, "--no-agent", "case", "add", "--from", "-", stdin=refused.encode(), env=env)
    _same(("case", "add"), warm_bad, cold_bad)
    assert warm_bad.code == 2


def test_what_may_ask_or_is_not_allowed_stays_cold(warm_cli: Cli) -> None:
    env = env_for(warm_cli)
    before = served(warm_cli)
    for args in (
        ("--debug", "case", "list"),
        ("--no-agent", "case", "list"),
        ("case", "list", "--help"),
        ("lock", "--help"),
        ("backup", "--help"),
        ("--version",),
    ):
        assert run(warm_cli, *args, env=env).code == 0, args
    assert run(warm_cli, "case", "list", env={**env, "BALINTLOG_NO_AGENT": "1"}).code == 0
    assert served(warm_cli) == before
    # A write from a terminal could ask a question: it is never forwarded.
    assert warm.warm_vault(["case", "add", "--from", "x"], {}, stdin_is_tty=True) is None
    assert warm.warm_vault(["case", "add", "--from", "-"], {"BALINTLOG_VAULT": "/v"}, stdin_is_tty=False) == "/v"
    stays_cold = (
        ["init"], ["passwd"], ["rekey"], ["recover"], ["restore", "x"], ["unlock"], ["lock"], ["undo"],
        ["case", "delete", "1", "--yes"], ["demo"], ["backup"], ["--debug", "verify"], ["--version"], ["case"],
    )  # fmt: skip
    for cold in stays_cold:
        assert warm.warm_vault(cold, {"BALINTLOG_VAULT": "/v"}, stdin_is_tty=False) is None, cold
    assert warm.warm_vault(["--vault", "/w", "verify"], {"BALINTLOG_VAULT": "/v"}, stdin_is_tty=True) == "/w"
    assert warm.warm_vault(["--vault=/w", "verify"], {}, stdin_is_tty=True) == "/w"
    assert warm.warm_vault(["verify"], {"BALINTLOG_NO_AGENT": "1"}, stdin_is_tty=True) is None


def test_no_agent_option_runs_cold_and_needs_no_agent(cli: Cli) -> None:
    populate(cli)
    env = {**env_for(cli), "BALINTLOG_PASSPHRASE_COMMAND": f"cat {cli.passphrase_file}"}
    locked = run(cli, "--no-agent", "case", "list", env=env)
    assert locked.code == 0 and b"Case 1 at the harbour" in locked.out
    assert run(cli, "case", "list", env=env).out == locked.out


def test_falls_back_when_the_agent_is_gone(warm_cli: Cli) -> None:
    pid = int(agent_status(warm_cli)["pid"])  # type: ignore[call-overload]
    expected = run(warm_cli, "--no-agent", "case", "list")
    os.kill(pid, signal.SIGKILL)
    _wait_gone(pid)
    assert agent.socket_path(warm_cli.vault).exists()  # a stale socket stays behind
    env = {**env_for(warm_cli), "BALINTLOG_PASSPHRASE_COMMAND": f"cat {warm_cli.passphrase_file}"}
    after = run(warm_cli, "case", "list", env=env)
    assert (after.code, after.out) == (0, expected.out)


def test_refused_for_another_vault_at_the_same_path(warm_cli: Cli, tmp_path: Path) -> None:
    """The agent checks the vault's id, not only its path: a different vault
    put in its place is not served (the command runs cold)."""
    from conftest import make_cli

    other = make_cli(tmp_path / "other")
    other.ok("init", "--insecure-test-kdf")
    before = served(warm_cli)
    for suffix in ("-wal", "-shm"):
        Path(str(warm_cli.vault) + suffix).unlink(missing_ok=True)
    os.replace(other.vault, warm_cli.vault)
    env = {**env_for(warm_cli), "BALINTLOG_PASSPHRASE_COMMAND": f"cat {other.passphrase_file}"}
    done = run(warm_cli, "case", "list", env=env)
    assert done.code == 0, done.err
    assert b"harbour" not in done.out
    assert served(warm_cli) == before


def test_the_agent_answers_no_run_request_for_another_vault(warm_cli: Cli, tmp_path: Path) -> None:
    request = warm.request_for(["balintlog", "case", "list"], tmp_path / "elsewhere.db")
    path = agent.socket_path(warm_cli.vault)
    import socket

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(10)
        sock.connect(str(path))
        agent.send_message(sock, request)
        socket.send_fds(sock, [b"\0"], [0, 1, 2])
        answer = agent.recv_message(sock)
    assert answer["ok"] is False


@pytest.mark.skipif(os.getuid() != 0 or not Path("/usr/bin/python3").exists(), reason="needs a second uid")
def test_another_user_gets_no_answer(warm_cli: Cli) -> None:
    """A process of another uid cannot even reach the socket (its directory
    is private); were it to, the agent answers only its own uid."""
    path = agent.socket_path(warm_cli.vault)
    probe = (
        "import socket, sys\n"
        "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)\n"
        "try:\n"
        "    s.connect(sys.argv[1])\n"
        "except OSError as exc:\n"
        "    print(type(exc).__name__)\n"
        "else:\n"
        "    print('connected')\n"
    )
    done = subprocess.run(
        ["/usr/bin/python3", "-c", probe, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        user=65534,
        group=65534,
        extra_groups=[],
        cwd="/",
    )
    assert done.stdout.strip() == "PermissionError", done.stderr


def test_served_commands_count_as_use(cli: Cli) -> None:
    populate(cli)
    env = {**env_for(cli), "BALINTLOG_PASSPHRASE_COMMAND": f"cat {cli.passphrase_file}", "BALINTLOG_AGENT_IDLE": "60"}
    assert run(cli, "unlock", env=env).code == 0
    try:
        time.sleep(2.5)
        before = float(agent_status(cli)["idle_left"])  # type: ignore[arg-type]
        assert before < 58.5
        assert run(cli, "case", "list").code == 0
        assert float(agent_status(cli)["idle_left"]) > before + 1  # type: ignore[arg-type]
    finally:
        agent.lock(cli.vault)


def test_the_agent_compiles_the_first_reads_before_it_serves(warm_cli: Cli) -> None:
    """The agent compiles the reads every command begins with before its
    first fork (a fork cannot fill the agent's own cache), and keeps no
    connection to the vault open: nothing of SQLite crosses a fork."""
    assert run(warm_cli, "case", "show", "2").code == 0
    assert served(warm_cli) == 1
    status = agent_status(warm_cli)
    compiled = int(status["compiled"])  # type: ignore[call-overload]
    assert compiled >= 6
    assert run(warm_cli, "case", "list").code == 0
    assert agent_status(warm_cli)["compiled"] == compiled
    fds = Path(f"/proc/{status['pid']}/fd")
    if fds.is_dir():
        held = {os.path.realpath(fd) for fd in fds.iterdir()}
        vault = os.path.realpath(warm_cli.vault)
        assert not {name for name in held if name.startswith(vault)}


def _wait_gone(pid: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        with contextlib.suppress(ChildProcessError):  # ours only when this test started it
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.05)
    raise AssertionError(f"process {pid} still runs")


def _report_served_into_a_small_pipe(cli: Cli) -> tuple[subprocess.Popen[bytes], int]:
    """Start ``report --format html`` writing into a 4 KiB pipe nobody reads
    yet and wait until the agent serves it. The caller gets the process and
    the pipe's read end, and closes both."""
    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)
    proc = subprocess.Popen(
        [str(SCRIPT), "report", "--year", "2026", "--format", "html"],
        stdin=subprocess.DEVNULL,
        stdout=write_end,
        stderr=subprocess.PIPE,
        env=env_for(cli),
    )
    os.close(write_end)
    try:
        deadline = time.monotonic() + 60
        while int(agent_status(cli)["serving"]) == 0:  # type: ignore[call-overload]
            assert time.monotonic() < deadline and proc.poll() is None, "the report was not served"
            time.sleep(0.05)
    except BaseException:
        os.close(read_end)
        proc.kill()
        proc.wait()
        raise
    return proc, read_end


def test_lock_during_a_long_report_stops_it_at_once(warm_cli: Cli) -> None:
    """The report blocks writing into a pipe nobody reads; ``lock`` still
    answers, the serving process ends, the caller says so in one line."""
    proc, read_end = _report_served_into_a_small_pipe(warm_cli)
    try:
        pid = int(agent_status(warm_cli)["pid"])  # type: ignore[call-overload]
        time.sleep(1.0)  # it is writing now, blocked on the full pipe
        assert proc.poll() is None
        started = time.monotonic()
        locked = run(warm_cli, "lock")
        assert locked.code == 0 and locked.out.startswith(b"Locked")
        _, err = proc.communicate(timeout=30)
        assert time.monotonic() - started < 10
        assert proc.returncode == 1
        lines = [line for line in err.decode().strip().splitlines() if not line.startswith("warning:")]
        assert len(lines) == 1 and lines[0].startswith("Error: the key agent stopped"), err
        _wait_gone(pid)
        assert agent.status(warm_cli.vault) is None
    finally:
        os.close(read_end)
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _count_cases(cli: Cli) -> int:
    env = {**env_for(cli), "BALINTLOG_PASSPHRASE_COMMAND": f"cat {cli.passphrase_file}"}
    done = run(cli, "--no-agent", "case", "list", "--json", env=env)
    assert done.code == 0, done.err
    return len(json.loads(done.out)["cases"])


@pytest.mark.parametrize("when", ["in the transaction", "just after it"])
def test_an_agent_killed_mid_write_leaves_the_change_whole_or_absent(warm_cli: Cli, when: str) -> None:
    before = _count_cases(warm_cli)
    env = env_for(warm_cli, BALINTLOG_TEST_WRITE_PAUSE="3" if when == "in the transaction" else "0")
    proc = subprocess.Popen(
        [str(SCRIPT), "case", "add", "--from", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdin is not None and proc.stderr is not None
    pgid = os.getpgid(int(agent_status(warm_cli)["pid"]))  # type: ignore[call-overload]
    proc.stdin.write(CASE.format(n=9, p=1, i=4).encode())
    proc.stdin.close()
    proc.stdin = None
    line = proc.stderr.readline()
    while line and b"pausing inside the write transaction" not in line:
        line = proc.stderr.readline()
    assert line, "the write never started"
    if when == "just after it":
        time.sleep(0.3)
    os.killpg(pgid, signal.SIGKILL)
    out, err = proc.communicate(timeout=60)
    env_pw = {**env_for(warm_cli), "BALINTLOG_PASSPHRASE_COMMAND": f"cat {warm_cli.passphrase_file}"}
    verified = run(warm_cli, "verify", env=env_pw)
    assert verified.code == 0, verified.err
    after = _count_cases(warm_cli)
    if proc.returncode == 0:  # it finished before the kill: the whole case is there
        assert after == before + 1 and out.startswith(b"Added case #")
    else:
        assert proc.returncode == 1
        assert b"Error: the key agent stopped" in err
        assert after in (before, before + 1)
    if after == before + 1:
        shown = json.loads(run(warm_cli, "case", "show", str(before + 1), "--json", env=env_pw).out)
        assert "Case 9 at the harbour" in json.dumps(shown) and "a lighthouse in fog" in json.dumps(shown)


def test_ctrl_c_interrupts_the_served_command(warm_cli: Cli) -> None:
    """Ctrl-C reaches the caller only (the agent is in a session of its
    own): the caller passes it on, the command ends as a cold one does."""
    from balintlog import INTERRUPTED

    proc, read_end = _report_served_into_a_small_pipe(warm_cli)
    try:
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        time.sleep(0.5)
        with os.fdopen(read_end, "rb") as rest:  # what it wrote before: read, so that it can end
            read_end = -1
            rest.read()
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 130, err
        assert err.decode().strip().splitlines()[-1] == INTERRUPTED
        assert agent.status(warm_cli.vault) is not None  # the agent itself serves on
    finally:
        if read_end >= 0:
            os.close(read_end)
        if proc.poll() is None:
            proc.kill()
            proc.wait()


# -- the client's own cost: what the entry point loads before every command ----------------------------------------


def test_the_entry_point_loads_nothing_heavy_before_it_forwards(tmp_path: Path) -> None:
    """Everything the warm path imports before it knows where the command
    runs is paid by every command, cold ones too: no pathlib, typing,
    platformdirs, the catalogue, SQLAlchemy or rich (each a few ms), nor
    the socket module (its enumerations: 3 ms; ``_socket`` does)."""
    code = (
        "import sys\n"
        "from balintlog.agent import warm\n"
        "vault = warm.warm_vault(['case', 'list'], {'HOME': sys.argv[1]}, stdin_is_tty=False)\n"
        "warm.wire.quick_socket_path(vault)\n"
        "warm.request_for(['balintlog', 'case', 'list'], vault)\n"
        "heavy = {'pathlib', 'typing', 'platformdirs', 'tempfile', 'gettext', 'balintlog.i18n', 'balintlog.errors',\n"
        "         'balintlog.agent.core', 'sqlalchemy', 'rich', 'typer', 'hashlib', 'socket', 'selectors'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("BALINTLOG_")}
    env.pop("XDG_DATA_HOME", None)
    done = subprocess.run(
        [sys.executable, "-S", "-c", code, str(tmp_path)], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.strip() == "[]", done.stdout


@pytest.mark.parametrize(
    "env",
    [
        {"HOME": "{root}/anna"},
        {"HOME": "{root}/anna/"},
        {"HOME": "{root}/anna", "XDG_DATA_HOME": "{root}/data"},
        {"HOME": "{root}/anna", "XDG_DATA_HOME": ""},
        {"HOME": "{root}/anna", "XDG_DATA_HOME": "relative/data"},
        {"HOME": "{root}/anna", "XDG_DATA_HOME": " {root}/data "},
        {"HOME": "relative", "XDG_DATA_HOME": "{root}/data"},
        {"HOME": "{root}/anna", "BALINTLOG_DATA_DIR": "{root}/elsewhere"},
    ],
)
def test_the_default_vault_is_the_one_the_command_line_opens(env: dict[str, str], tmp_path: Path) -> None:
    """The warm path works out the default vault without platformdirs; it
    must name the very file :func:`balintlog.paths.default_vault` names.
    (``{root}``: an absolute directory, the test's own.)"""
    env = {name: value.format(root=tmp_path) for name, value in env.items()}
    code = (
        "import os; from balintlog.paths import default_vault; from balintlog.agent import warm; "
        "print(default_vault()); print(warm.default_vault(os.environ))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BALINTLOG_", "XDG_", "HOME"))}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**clean, **env}, check=True
    )
    exact, quick = done.stdout.splitlines()
    assert quick == exact


def test_the_quick_socket_path_is_the_agents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The client finds the socket where the agent binds it, under
    XDG_RUNTIME_DIR and in the temp directory, without creating anything."""
    import tempfile

    vault = tmp_path / "v" / ".." / "journal.db"
    short = Path(tempfile.mkdtemp(prefix="bl-", dir="/tmp" if os.path.isdir("/tmp") else None))
    try:
        runtime = short / "run"
        runtime.mkdir()
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
        assert warm.wire.quick_socket_path(vault) == str(agent.socket_path(vault))
        monkeypatch.delenv("XDG_RUNTIME_DIR")
        temp = short / "tmp"
        temp.mkdir()
        monkeypatch.setenv("TMPDIR", str(temp))
        monkeypatch.setattr(tempfile, "tempdir", None)  # tempfile remembers the directory it chose
        private = temp / f"balintlog-{os.getuid()}"
        assert warm.wire.quick_socket_path(vault) == str(private / agent.socket_path(vault).name)
        assert private.is_dir()  # made by socket_path (as by the agent), never by the client
        assert warm.wire.quick_socket_path(vault) == str(agent.socket_path(vault))
    finally:
        import shutil

        shutil.rmtree(short)


def test_a_closed_output_ends_the_command_quietly_warm_and_cold(warm_cli: Cli) -> None:
    """``balintlog case list | head``: when the reader has gone, the command
    stops without a word on stderr and exits 141, as a shell reports a
    program a closed pipe ended; served or not."""
    for extra in ((), ("--no-agent",)):
        for args in (("case", "list"), ("case", "show", "1"), ("case", "list", "--json")):
            read_end, write_end = os.pipe()
            os.close(read_end)  # the reader is gone before the first line
            try:
                done = subprocess.run(
                    [str(SCRIPT), *extra, *args],
                    stdin=subprocess.DEVNULL,
                    stdout=write_end,
                    stderr=subprocess.PIPE,
                    env=env_for(warm_cli),
                    timeout=120,
                    check=False,
                )
            finally:
                os.close(write_end)
            said = [line for line in done.stderr.splitlines() if b"insecure test KDF" not in line]
            assert (done.returncode, said) == (141, []), (extra, args, done.stderr)


def test_the_agents_warm_up_reads_and_writes_nothing_of_the_users(
    warm_cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The warm-up's reads (the newest case, on the vault opened read-only)
    and writes (in a scratch vault of its own, removed afterwards) run
    without an error (the agent would swallow one, and serve slower), and
    leave the user's vault as it was. (The writes run in a runtime
    directory of their own: the fixture's agent may be making its scratch
    vault in the shared one at the same moment.)"""
    from balintlog.agent import serving
    from balintlog.db.engine import COMPILED_CACHE
    from balintlog.paths import runtime_dir
    from balintlog.store import Store

    before = warm_cli.vault.read_bytes()
    store = Store.open_read_only(warm_cli.vault, what="", then="")
    try:
        key = agent.get_key(warm_cli.vault, store.vault_id)
    finally:
        store.close()
    assert key is not None
    # Emptied first: after the rest of the suite in this worker the cache
    # may be full, and then new entries push old ones out.
    COMPILED_CACHE.clear()
    compiled = len(COMPILED_CACHE)
    serving.warm_reads(warm_cli.vault, key)
    (tmp_path / "run").mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    serving.warm_writes()
    assert len(COMPILED_CACHE) > compiled
    assert warm_cli.vault.read_bytes() == before
    assert not list(runtime_dir().glob("warm-*"))
