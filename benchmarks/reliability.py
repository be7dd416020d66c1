"""Reliability harnesses: they try hard to make balintlog lose or corrupt an
entry, and print figures.

    python benchmarks/reliability.py fuzz --examples 10000
    python benchmarks/reliability.py disk-full --trials 200
    python benchmarks/reliability.py concurrency --writers 2 --cases 100
    python benchmarks/reliability.py interrupt --trials 100
    python benchmarks/reliability.py crash-loop --kills 1000

Every harness is also a function (``fuzz``, ``disk_full``, ``concurrency``,
``interrupt``, ``crash_loop``) that returns its figures; the crash loop
counts what was lost or corrupt, the others raise :class:`HarnessFailure`
at the first broken promise. ``tests/test_reliability.py`` runs short
versions of each. Vaults use the insecure test KDF and live in a temporary
directory (``--keep DIR`` to keep them). The figures of the long runs are in
``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import random
import re
import resource
import select
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typer.testing import Result

    from balintlog.domain import Presentation
    from balintlog.journal import Journal

PASSPHRASE = "reliability harness passphrase"
SCRIPT = Path(__file__).resolve()


def say(line: str) -> None:
    """Progress and figures, at once even when the output is a file."""
    print(line, flush=True)


class HarnessFailure(AssertionError):
    """A promise was broken: what, and where to look."""


# -- vaults and balintlog processes ---------------------------------------------------------------------

TEST_KDF_WARNING = "warning: this vault uses the insecure test KDF"


@dataclass(frozen=True)
class Vault:
    """A test-KDF vault and the file its passphrase command reads."""

    path: Path
    passphrase_file: Path

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of a balintlog process on this vault (no other
        BALINTLOG_ variable leaks in from ours)."""
        base = {k: v for k, v in os.environ.items() if not k.startswith("BALINTLOG_")}
        return {
            **base,
            "BALINTLOG_VAULT": str(self.path),
            "BALINTLOG_PASSPHRASE_COMMAND": f"cat {self.passphrase_file}",
            "BALINTLOG_NEW_PASSPHRASE_COMMAND": f"cat {self.passphrase_file}",
            **extra,
        }

    def run(
        self,
        *args: str,
        input: str | None = None,
        env: dict[str, str] | None = None,
        preexec_fn: Callable[[], None] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """``python -m balintlog ARGS`` on this vault, as a user runs it."""
        return subprocess.run(
            [sys.executable, "-m", "balintlog", *args],
            input=input,
            capture_output=True,
            text=True,
            env=self.env(**(env or {})),
            preexec_fn=preexec_fn,
            timeout=300,
            check=False,
        )

    def popen(self, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "balintlog", *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=self.env(**(env or {})),
        )

    @contextmanager
    def journal(self) -> Iterator[Journal]:
        from balintlog.journal import Journal

        journal = Journal.unlock(self.path, lambda: PASSPHRASE.encode(), today=dt.date.today())
        with journal:
            yield journal

    def verify(self) -> None:
        """The vault opens and every field verifies, or HarnessFailure."""
        with self.journal() as journal:
            result = journal.verify()
        if not result.ok:
            raise HarnessFailure(f"{self.path}: verify failed: {'; '.join(result.failures)}")

    def fingerprint(self) -> str:
        """A digest of every row of every table (ciphertext included): equal
        before and after a command exactly when it changed nothing."""
        import hashlib

        digest = hashlib.sha256()
        db = sqlite3.connect(self.path)
        try:
            names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
            for name in names:
                rows = sorted(repr(row) for row in db.execute(f'SELECT * FROM "{name}"'))
                digest.update(f"{name}:{len(rows)}:".encode())
                for row in rows:
                    digest.update(row.encode())
        finally:
            db.close()
        return digest.hexdigest()


def new_vault(directory: Path, name: str = "journal.db") -> Vault:
    """A fresh test-KDF vault in ``directory`` (made in-process: fast)."""
    from balintlog.journal import Journal

    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    secret = directory / f"{name}.passphrase"
    secret.write_text(PASSPHRASE + "\n")
    secret.chmod(0o600)
    path = directory / "vault" / name
    journal, _code = Journal.create(path, PASSPHRASE.encode(), today=dt.date.today(), test_kdf=True)
    journal.close()
    return Vault(path, secret)


def error_lines(stderr: str) -> list[str]:
    """What a command said on stderr, without the test-KDF warning."""
    return [line for line in stderr.splitlines() if line.strip() and not line.startswith(TEST_KDF_WARNING)]


def expect_one_line_error(done: subprocess.CompletedProcess[str], what: str) -> str:
    """The single ``Error: …`` line of a failed command, or HarnessFailure."""
    lines = error_lines(done.stderr)
    if "Traceback" in done.stderr or len(lines) != 1 or not lines[0].startswith(("Error: ", "Interrupted")):
        raise HarnessFailure(f"{what}: expected a one-line error, got exit {done.returncode}:\n{done.stderr}")
    return lines[0]


@contextmanager
def temporary_directory(keep: Path | None) -> Iterator[Path]:
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep
        return
    with tempfile.TemporaryDirectory(prefix="balintlog-reliability-") as name:
        yield Path(name)


def balintlog_in_process(vault: Vault, *args: str, input: str | None = None) -> str:
    """Run a command through the real CLI in this process (for setting up a
    vault quickly); its stdout, or HarnessFailure."""
    from typer.testing import CliRunner

    from balintlog.cli import app

    env = {k: v for k, v in vault.env().items() if k.startswith("BALINTLOG_")}
    result = CliRunner().invoke(app, list(args), input=input, env=env)
    if result.exit_code != 0:
        raise HarnessFailure(f"{' '.join(args)} exited {result.exit_code}: {result.stderr.strip()}")
    return result.stdout


@dataclass(frozen=True)
class WriteCommand:
    """A command that writes to the vault, and how to see that it did."""

    name: str
    args: tuple[str, ...]
    input: str | None = None
    #: Whether its effect is in the vault (None: any change will do).
    took_effect: Callable[[Vault], bool] | None = None
    #: What to do first, without a limit (e.g. open a new session).
    prepare: Callable[[Vault], None] | None = None


def _group_add(i: int) -> WriteCommand:
    handle = f"g{i}"

    def present(vault: Vault) -> bool:
        with vault.journal() as journal:
            return any(g.handle == handle for g in journal.groups.all())

    return WriteCommand("group add", ("group", "add", handle, "--name", f"Group {i} " + "x" * 200), None, present)


def _member_add(i: int) -> WriteCommand:
    code = f"M{i}"

    def present(vault: Vault) -> bool:
        with vault.journal() as journal:
            return any(m.code == code for m in journal.groups.members(SETUP_GROUP))

    return WriteCommand(
        "member add", ("member", "add", SETUP_GROUP, code, "--profession", "judge", "--field", "family court"),
        None, present,
    )  # fmt: skip


def _passwd(_i: int) -> WriteCommand:
    return WriteCommand("passwd", ("passwd",))


SETUP_GROUP = "nord"


def setup_group(vault: Vault, members: int = 3) -> None:
    """A group with members and an open session, for the capture commands."""
    with vault.journal() as journal:
        journal.groups.add(SETUP_GROUP, "Balint group North", "continuous", journal.today)
        for n in range(1, members + 1):
            journal.groups.add_member(SETUP_GROUP, f"M{n}", "physician")
    new_session(vault)


def new_session(vault: Vault) -> None:
    """End the open session, if there is one, and open another."""
    from balintlog.errors import NotFoundError

    with vault.journal() as journal:
        with suppress(NotFoundError):
            journal.sessions.end(SETUP_GROUP)
        journal.sessions.start(SETUP_GROUP, journal.today, block=False, present=["M1", "M2"])


# -- capturing cases: what the crash loop and the concurrent writers write ---------------------------------


def account_text(token: str) -> str:
    """A presentation's account: a few KiB, so that it spans pages."""
    return "\n".join(f"Line {k} of the account {token}: she comes every week and never complains." for k in range(48))


def case_template(token: str) -> str:
    return f"""Title: Crash case {token}
Presenter: M1
Client: woman, 54
Relationship: doctor_patient
Field: general practice
Institution: rural group practice
Question: Why {token}?
Kind: first

## Presentation
{account_text(token)}

## Group process
The group fell silent ({token}).

## Resonances
- affect / client / 4 / anger {token}
- bodily / presenter / 3 / heaviness {token} @M2
- image / relationship / 2 / a locked door {token} #mirroring

## Leader's notes
Notes {token}
"""


def follow_up_template(token: str) -> str:
    return f"""Kind: follow_up
Outcome: eased
Question: What now {token}?

## Presentation
{account_text(token)}

## What changed
Changed {token}

## Resonances
- affect / client / 2 / relief {token}
"""


@dataclass
class Entries:
    """What writers reported as committed: case number -> token of the case,
    and (case number, token) of each follow-up."""

    cases: dict[int, str] = field(default_factory=dict)
    follow_ups: set[tuple[int, str]] = field(default_factory=set)

    def __len__(self) -> int:
        return len(self.cases) + len(self.follow_ups)

    def take(self, line: str) -> None:
        """Record a writer's report line: ``case N TOKEN`` or ``follow-up N TOKEN``."""
        what, number, token = line.split()
        if what == "case":
            if int(number) in self.cases:
                raise HarnessFailure(f"case #{number} was handed out twice ({self.cases[int(number)]} and {token})")
            self.cases[int(number)] = token
        else:
            self.follow_ups.add((int(number), token))


@dataclass
class VaultCheck:
    """What a vault holds against what was reported: entries missing,
    entries whose content is not what was written, and entries present
    that were never reported (committed just before a kill)."""

    lost: list[str] = field(default_factory=list)
    corrupt: list[str] = field(default_factory=list)
    unreported: int = 0
    cases: int = 0
    #: Changes in the vault's change log.
    changes: int = 0


def check_vault(vault: Vault, reported: Entries) -> VaultCheck:
    """Open and verify the vault, then compare every case and follow-up in it
    with what its template said and every reported entry with the vault."""
    found = VaultCheck()
    with vault.journal() as journal:
        # verify replays the change log: every row there must have been written by a change in it
        result = journal.verify()
        found.corrupt += [f"verify: {failure}" for failure in result.failures]
        cases = {case.number: case for case in journal.cases.all()}
        logged = journal.history.log()
        found.changes = len(logged)
        in_log = {r.row_id for change in logged for r in change.records if r.table == "balint_case"}
        found.corrupt += [f"case #{n}: not in the change log" for n, case in cases.items() if case.id not in in_log]
        by_case: dict[str, list[Presentation]] = {case.id: [] for case in cases.values()}
        for number in cases:
            for entry in journal.cases.history(number).presentations:
                by_case[entry.presentation.case_id].append(entry.presentation)
    found.cases = len(cases)
    follow_ups: set[tuple[int, str]] = set()
    for number, case in cases.items():
        token = case.title.removeprefix("Crash case ")
        presentations = by_case[case.id]
        first = [p for p in presentations if p.kind == "first"]
        later = [p for p in presentations if p.kind != "first"]
        if len(first) != 1 or not _first_presentation_intact(first[0], token):
            found.corrupt.append(f"case #{number}: its first presentation is not what was written")
        if reported.cases.get(number, token) != token:
            found.corrupt.append(f"case #{number}: holds {token}, reported {reported.cases[number]}")
        for presentation in later:
            later_token = presentation.what_changed.removeprefix("Changed ")
            if not _follow_up_intact(presentation, later_token):
                found.corrupt.append(f"case #{number}: a follow-up is not what was written")
            follow_ups.add((number, later_token))
    found.lost += [f"case #{n} ({token})" for n, token in reported.cases.items() if n not in cases]
    found.lost += [f"follow-up of #{n} ({token})" for n, token in reported.follow_ups - follow_ups]
    found.unreported = len(set(cases) - set(reported.cases)) + len(follow_ups - reported.follow_ups)
    return found


def _resonance_texts(presentation: Presentation) -> list[str]:
    return [f"{r.kind}/{r.level}/{r.intensity}/{r.source}/{r.mirroring}/{r.text}" for r in presentation.resonances]


def _first_presentation_intact(presentation: Presentation, token: str) -> bool:
    return bool(
        presentation.account == account_text(token)
        and presentation.question == f"Why {token}?"
        and presentation.group_process == f"The group fell silent ({token})."
        and presentation.leader_notes == f"Notes {token}"
        and _resonance_texts(presentation)
        == [
            f"affect/client/4/group/False/anger {token}",
            f"bodily/presenter/3/M2/False/heaviness {token}",
            f"image/relationship/2/group/True/a locked door {token}",
        ]
    )


def _follow_up_intact(presentation: Presentation, token: str) -> bool:
    return bool(
        presentation.account == account_text(token)
        and presentation.question == f"What now {token}?"
        and presentation.outcome == "eased"
        and _resonance_texts(presentation) == [f"affect/client/2/group/False/relief {token}"]
    )


class CaptureWriter:
    """Runs capture commands through the real CLI in this process, one after
    the other, and reports each entry once its command has committed."""

    CASE_NUMBER = re.compile(r"case #(\d+)")

    def __init__(self, vault: Vault, report: Callable[[str], None], seed: int) -> None:
        from typer.testing import CliRunner

        self.vault = vault
        self.report = report
        self.rng = random.Random(seed)
        self.seed = seed
        self.runner = CliRunner()
        self.env = {k: v for k, v in vault.env().items() if k.startswith("BALINTLOG_")}
        self.count = 0

    def invoke(self, *args: str, input: str | None = None) -> Result:
        from balintlog.cli import app

        return self.runner.invoke(app, list(args), input=input, env=self.env)

    def add_case(self) -> int:
        token = self.token()
        result = self.invoke("case", "add", "--from", "-", input=case_template(token))
        match = self.CASE_NUMBER.search(result.stdout)
        if result.exit_code != 0 or match is None:
            raise HarnessFailure(f"case add exited {result.exit_code}: {result.stderr.strip()}")
        self.report(f"case {match.group(1)} {token}")
        return int(match.group(1))

    def follow_up(self, number: int) -> None:
        """A follow-up of case ``number`` (refused, exit 5, when the case was
        presented in the open session already: then nothing is reported)."""
        token = self.token()
        result = self.invoke("case", "follow-up", str(number), "--from", "-", input=follow_up_template(token))
        if result.exit_code == 5:
            return
        if result.exit_code != 0:
            raise HarnessFailure(f"case follow-up {number} exited {result.exit_code}: {result.stderr.strip()}")
        self.report(f"follow-up {number} {token}")

    def next_session(self) -> None:
        """End the open session (if one is open) and start another."""
        ended = self.invoke("session", "end")
        if ended.exit_code not in (0, 4, 5):
            raise HarnessFailure(f"session end exited {ended.exit_code}: {ended.stderr.strip()}")
        started = self.invoke("session", "start", "--group", SETUP_GROUP, "--present", "M1,M2")
        if started.exit_code != 0:
            raise HarnessFailure(f"session start exited {started.exit_code}: {started.stderr.strip()}")

    def token(self) -> str:
        self.count += 1
        return f"{self.seed}-{self.count}"

    def run(self, commands: int | None, known: list[int], follow_ups: float = 0.3, lifetime: float = 60) -> None:
        """Add cases (and, with ``follow_ups`` > 0, follow-ups of the cases
        in ``known`` and new sessions now and then), ``commands`` times or
        until ``lifetime`` seconds have passed."""
        done = 0
        deadline = time.monotonic() + lifetime
        while (commands is None or done < commands) and time.monotonic() < deadline:
            done += 1
            draw = self.rng.random()
            if known and draw < follow_ups:
                self.follow_up(self.rng.choice(known))
            elif follow_ups and draw > 0.92:
                self.next_session()
            else:
                known.append(self.add_case())


# -- the crash loop -------------------------------------------------------------------------------------------

#: What the forked writers import before they fork, so that each starts at once.
PRELOAD = (
    "balintlog.cli",
    "balintlog.commands.case",
    "balintlog.commands.session",
    "balintlog.journal",
    "balintlog.template",
    "balintlog.terminal.unlocking",
    "cryptography.hazmat.primitives.ciphers.aead",
    "cryptography.hazmat.primitives.kdf.argon2",
    "typer.testing",
)


def preload(*, warm_up: bool = True) -> None:
    """Warm a writer process up: build the CLI's command tree once (Typer's
    test runner rebuilds it for every command otherwise, which takes longer
    than the command itself: a harness-only patch of a private name), then
    run each capture command once on a scratch vault, so that every lazy
    import and first-use cost is paid before the writers start (or fork)."""
    import functools
    import importlib

    import typer.testing

    for name in PRELOAD:
        importlib.import_module(name)
    typer.testing._get_command = functools.cache(typer.testing._get_command)  # type: ignore[attr-defined]
    from balintlog.cli import app

    typer.testing._get_command(app)  # type: ignore[attr-defined]
    if not warm_up:
        return
    with tempfile.TemporaryDirectory(prefix="balintlog-warm-up-") as scratch:
        vault = new_vault(Path(scratch))
        setup_group(vault)
        writer = CaptureWriter(vault, lambda _line: None, 0)
        number = writer.add_case()
        writer.next_session()
        writer.follow_up(number)


def crash_zygote() -> None:
    """The parent of the crash loop's writers (``crash-zygote``). For each
    ``go SEED VAULT SECRET KNOWN`` line on stdin it forks a writer that
    adds cases and follow-ups until it is killed, prints ``pid N``, passes
    on each report line of the writer, and ``done`` once it is dead. It is
    single-threaded and holds no vault open, so forking it is safe."""
    preload()
    for line in sys.stdin:
        _go, seed, path, secret, known = line.split()
        reports, writer_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the writer
            os.close(reports)
            _crash_writer(Vault(Path(path), Path(secret)), int(seed), known, writer_end)
            os._exit(0)
        os.close(writer_end)
        print(f"pid {pid}", flush=True)
        with os.fdopen(reports, "rb") as lines:
            for report in lines:
                print(report.decode().rstrip("\n"), flush=True)
        os.waitpid(pid, 0)
        print("done", flush=True)


def _crash_writer(vault: Vault, seed: int, known: str, fd: int) -> None:
    def report(line: str) -> None:
        os.write(fd, (line + "\n").encode())  # one write below PIPE_BUF: never half a line

    try:
        CaptureWriter(vault, report, seed).run(None, [int(n) for n in known.split(",") if n.isdigit()])
    except BaseException as exc:  # the parent must hear of anything
        report("fail " + " ".join(f"{type(exc).__name__}: {exc}".split()))
        time.sleep(60)  # until killed: the parent kills every writer by its pid


class LineReader:
    """Lines from a pipe, with a timeout."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = b""

    def readline(self, timeout: float) -> str | None:
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self.fd], [], [], remaining)[0]:
                return None
            chunk = os.read(self.fd, 65536)
            if not chunk:
                raise HarnessFailure("a harness process ended unexpectedly")
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode()


@dataclass
class CrashFigures:
    kills: int = 0
    committed: int = 0
    lost: int = 0
    corrupt: int = 0
    #: Entries found in the vault that were committed just before a kill,
    #: too late to be reported: they must be intact too.
    unreported: int = 0
    vaults: int = 0
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        return f"kills: {self.kills}, committed: {self.committed}, lost: {self.lost}, corrupt: {self.corrupt}"


@contextmanager
def zygote() -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(
        [sys.executable, str(SCRIPT), "crash-zygote"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        start_new_session=True,  # its own process group: the writers die with it
    )
    try:
        yield process
    finally:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()


def crash_loop(
    kills: int,
    workdir: Path,
    *,
    seed: int | None = None,
    max_delay: float = 0.8,
    kills_per_vault: int = 50,
    report: Callable[[str], None] = say,
) -> CrashFigures:
    """Kill a writer with SIGKILL ``kills`` times, each at a random moment
    up to ``max_delay`` seconds after it started; after every kill, check
    that the vault opens and verifies (its change log replayed against its
    rows), holds every entry reported so far, intact, and that each is in
    the change log. A fresh vault every ``kills_per_vault`` kills keeps the
    checks quick."""
    rng = random.Random(seed)
    figures = CrashFigures()
    with zygote() as process:
        assert process.stdin is not None and process.stdout is not None
        reader = LineReader(process.stdout.fileno())
        while figures.kills < kills:
            figures.vaults += 1
            vault = new_vault(workdir / f"crash-{figures.vaults}")
            setup_group(vault)
            reported = Entries()
            lost: set[str] = set()
            corrupt: set[str] = set()
            for _ in range(min(kills_per_vault, kills - figures.kills)):
                known = ",".join(str(n) for n in list(reported.cases)[-30:]) or "-"
                command = f"go {rng.randrange(10**9)} {vault.path} {vault.passphrase_file} {known}\n"
                process.stdin.write(command.encode())
                process.stdin.flush()
                _kill_writer(reader, rng.uniform(0, max_delay), reported)
                figures.kills += 1
                check = check_vault(vault, reported)
                lost.update(check.lost)
                corrupt.update(check.corrupt)
                if figures.kills % 100 == 0:
                    report(f"  {figures.kills} kills, {figures.committed + len(reported)} committed")
            figures.committed += len(reported)
            figures.lost += len(lost)
            figures.corrupt += len(corrupt)
            figures.unreported += check.unreported
            figures.problems += sorted(lost | corrupt)
    report(figures.line())
    report(f"  (plus {figures.unreported} entries committed but killed before they were reported; "
           f"{figures.vaults} vaults)")  # fmt: skip
    for problem in figures.problems[:20]:
        report(f"  {problem}")
    return figures


def _kill_writer(reader: LineReader, delay: float, reported: Entries) -> None:
    """Take the writer's reports for ``delay`` seconds, SIGKILL it, and take
    what it reported before it died."""
    line = reader.readline(60)
    if line is None or not line.startswith("pid "):
        raise HarnessFailure(f"the crash zygote said {line!r} instead of a pid")
    pid = int(line.split()[1])
    deadline = time.monotonic() + delay
    killed = False
    while True:
        if not killed and time.monotonic() >= deadline:
            os.kill(pid, signal.SIGKILL)
            killed = True
        line = reader.readline(60 if killed else max(deadline - time.monotonic(), 0))
        if line is None:
            if killed:
                raise HarnessFailure("a killed writer was not reaped")
            continue
        if line == "done":
            if not killed:
                raise HarnessFailure("a writer ended before it was killed")
            return
        if line.startswith("fail "):
            if not killed:
                os.kill(pid, signal.SIGKILL)
                reader.readline(60)
            raise HarnessFailure(f"a writer failed: {line[5:]}")
        reported.take(line)


# -- concurrency -------------------------------------------------------------------------------------------


def capture_writer(path: str, secret: str, cases: int, seed: int) -> None:
    """One of the concurrent writers (``capture-writer``): waits for ``go``
    on stdin, adds ``cases`` cases and reports each."""
    preload(warm_up=False)
    writer = CaptureWriter(Vault(Path(path), Path(secret)), lambda line: print(line, flush=True), seed)
    print("ready", flush=True)
    sys.stdin.readline()
    writer.run(cases, [], follow_ups=0)


@dataclass
class ConcurrencyFigures:
    writers: int = 0
    cases: int = 0
    lost: int = 0
    duplicates: int = 0
    busy_refusals: int = 0
    #: How often the next case number went to another writer than the one
    #: before: the writers really did take turns.
    turns: int = 0

    def line(self) -> str:
        return (
            f"concurrent writers: {self.writers}, cases added: {self.cases}, lost: {self.lost}, "
            f"numbers handed out twice: {self.duplicates}, writer changes between consecutive numbers: "
            f"{self.turns}, busy refusals (exit 5): {self.busy_refusals}"
        )


def concurrency(
    writers: int, cases: int, workdir: Path, *, seed: int | None = None, report: Callable[[str], None] = say
) -> ConcurrencyFigures:
    """``writers`` processes add ``cases`` cases each at the same time; then
    a command meets a vault whose write lock another process holds."""
    rng = random.Random(seed)
    vault = new_vault(workdir / "concurrency")
    setup_group(vault)
    figures = ConcurrencyFigures(writers=writers)
    processes = [
        subprocess.Popen(
            [sys.executable, str(SCRIPT), "capture-writer", *map(str, (vault.path, vault.passphrase_file, cases, n))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=vault.env(BALINTLOG_BUSY_TIMEOUT="120"),
        )
        for n in (rng.randrange(10**9) for _ in range(writers))
    ]
    try:
        for process in processes:
            assert process.stdout is not None
            if process.stdout.readline().strip() != "ready":
                raise HarnessFailure(f"a writer did not start: {process.communicate()[1]}")
        for process in processes:
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        outputs = [process.communicate(timeout=600) for process in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
    entries = Entries()
    owner: dict[int, int] = {}
    for n, (process, (out, err)) in enumerate(zip(processes, outputs, strict=True)):
        if process.returncode != 0:
            raise HarnessFailure(f"a writer exited {process.returncode}: {err.strip()[-2000:]}")
        for line in out.splitlines():
            try:
                entries.take(line)
            except HarnessFailure:
                figures.duplicates += 1
                raise
            owner[int(line.split()[1])] = n
    ordered = [owner[number] for number in sorted(owner)]
    figures.turns = sum(a != b for a, b in itertools.pairwise(ordered))
    check = check_vault(vault, entries)
    figures.cases = check.cases
    figures.lost = len(check.lost)
    if check.lost or check.corrupt or check.cases != writers * cases:
        raise HarnessFailure(f"{check.cases} cases of {writers * cases}: {check.lost + check.corrupt}")
    busy_refusal(vault)
    figures.busy_refusals += 1
    report(figures.line())
    return figures


@contextmanager
def write_lock(vault: Vault) -> Iterator[None]:
    """Hold the vault's write lock (as another writer would)."""
    db = sqlite3.connect(vault.path, isolation_level=None)
    try:
        db.execute("BEGIN IMMEDIATE")
        yield
        db.execute("ROLLBACK")
    finally:
        db.close()


def busy_refusal(vault: Vault) -> str:
    """A capture command on a vault another process is writing to waits its
    busy timeout, then fails with exit 5 and one line; nothing is written."""
    before = vault.fingerprint()
    with write_lock(vault):
        done = vault.run(
            "case", "add", "--from", "-", input=case_template("busy"), env={"BALINTLOG_BUSY_TIMEOUT": "0.5"}
        )
    message = expect_one_line_error(done, "case add on a busy vault")
    if done.returncode != 5 or "vault busy" not in message:
        raise HarnessFailure(f"case add on a busy vault: exit {done.returncode}, {message}")
    if vault.fingerprint() != before:
        raise HarnessFailure("case add on a busy vault changed it")
    vault.verify()
    return message


# -- interrupts -------------------------------------------------------------------------------------------

INTERRUPTED = "Interrupted"


@dataclass
class InterruptFigures:
    trials: int = 0
    #: The command had finished when the signal came (exit 0, or killed by
    #: it while the interpreter was shutting down).
    completed: int = 0
    #: Exit 130 and nothing written.
    interrupted: int = 0
    #: Exit 130 after the command's write had committed (the entry is whole).
    saved_then_interrupted: int = 0
    #: Stopped by the signal before balintlog's code ran (Python had not set
    #: up its handler yet, or ``python -m`` was still loading runpy and
    #: finding the module: CPython's traceback), nothing written.
    before_start: int = 0

    def line(self) -> str:
        return (
            f"interrupt trials: {self.trials}, finished first: {self.completed}, interrupted with nothing "
            f"written: {self.interrupted}, interrupted after the write committed: {self.saved_then_interrupted}, "
            f"before balintlog started: {self.before_start}"
        )


def interrupt_case_add(
    vault: Vault, figures: InterruptFigures, *, delay: float | None = None, env: dict[str, str] | None = None,
    wait_for: str | None = None,
) -> float:  # fmt: skip
    """SIGINT a ``case add`` ``delay`` seconds after it started, or as soon
    as it printed ``wait_for`` on stderr. It exits 130 with one line and
    nothing half-written (or had finished: exit 0 with its case whole).
    Returns how long the process ran before the signal (or to its end)."""
    before = vault.fingerprint()
    note = vault.passphrase_file.with_name("case.txt")
    note.write_text(case_template(f"interrupt-{figures.trials}"))
    started = time.monotonic()
    process = vault.popen("case", "add", "--from", str(note), env=env)
    assert process.stderr is not None
    try:
        if wait_for is not None:
            seen = LineReader(process.stderr.fileno())
            while wait_for not in (seen.readline(120) or wait_for):
                pass
        else:
            with suppress(subprocess.TimeoutExpired):
                process.wait(timeout=delay or 0)
        ran = time.monotonic() - started
        process.send_signal(signal.SIGINT)  # (not sent if it has ended)
        _, err = process.communicate(timeout=120)
        if wait_for is not None:
            err = seen.buffer.decode() + err
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    figures.trials += 1
    changed = vault.fingerprint() != before
    check = check_vault(vault, Entries())
    what = f"case add interrupted after {delay} s" if wait_for is None else f"case add interrupted at {wait_for!r}"
    if check.corrupt:
        raise HarnessFailure(f"{what}: {check.corrupt}")
    if process.returncode == 0 and changed:
        figures.completed += 1
    elif process.returncode == 130:
        # Typer's own handler (before and after the command's body) exits
        # 130 silently; if a line is said, it must say what happened.
        if error_lines(err):
            message = expect_one_line_error(subprocess.CompletedProcess([], 130, "", err), what)
            if not message.startswith(INTERRUPTED) or ("saved" in message) != changed:
                raise HarnessFailure(f"{what}: exit 130, vault changed: {changed}, but it said {message!r}")
        if changed:
            figures.saved_then_interrupted += 1
        else:
            figures.interrupted += 1
    elif not changed and _in_startup(err):
        figures.before_start += 1
    elif process.returncode == -signal.SIGINT and "Traceback" not in err:
        # Python's handler is not there yet (start-up) or any more (exit).
        if changed:
            figures.completed += 1
        else:
            figures.before_start += 1
    else:
        raise HarnessFailure(f"{what}: exit {process.returncode}, vault changed: {changed}:\n{err}")
    return ran


def _in_startup(err: str) -> bool:
    """Whether the interrupt's traceback lies wholly in the interpreter's
    start-up (``python -m`` loading runpy and finding the module), before
    any code of balintlog ran: CPython's, not balintlog's to catch."""
    import balintlog

    package = str(Path(balintlog.__file__).parent)
    frames = re.findall(r'File "([^"]+)"', err)
    return (
        bool(frames)
        and err.rstrip().endswith("KeyboardInterrupt")
        and not any(frame.startswith(package) for frame in frames)
    )


def interrupt(
    trials: int, workdir: Path, *, seed: int | None = None, report: Callable[[str], None] = say
) -> InterruptFigures:
    """``case add`` interrupted at random moments of its run, and at the two
    moments that matter most: inside its write transaction (the test-only
    pause hook) and while it waits for another writer's lock."""
    rng = random.Random(seed)
    vault = new_vault(workdir / "interrupt")
    setup_group(vault)
    figures = InterruptFigures()
    interrupt_in_write(vault, figures)
    interrupt_while_busy(vault, figures)
    # Not interrupted: how long a case add takes here.
    took = min(interrupt_case_add(vault, figures, delay=600) for _ in range(2))
    for _ in range(trials - 4):
        # Half of the signals come in the last part, where it unlocks and writes.
        low, high = rng.choice([(0, 1), (0.5, 0.9)])
        interrupt_case_add(vault, figures, delay=rng.uniform(low * took, high * took))
    report(figures.line())
    return figures


def interrupt_in_write(vault: Vault, figures: InterruptFigures) -> None:
    interrupt_case_add(
        vault, figures, env={"BALINTLOG_TEST_WRITE_PAUSE": "60"}, wait_for="pausing inside the write transaction"
    )
    if figures.interrupted == 0:
        raise HarnessFailure("an interrupt inside the write transaction did not interrupt it")


def interrupt_while_busy(vault: Vault, figures: InterruptFigures) -> None:
    """The signal comes once the command has unlocked the vault (it warns
    of the test KDF then) and is waiting for the write lock."""
    interrupted = figures.interrupted
    with write_lock(vault):
        interrupt_case_add(vault, figures, env={"BALINTLOG_BUSY_TIMEOUT": "600"}, wait_for=TEST_KDF_WARNING)
    if figures.interrupted == interrupted:
        raise HarnessFailure("an interrupt while waiting for a busy vault did not interrupt it")


# -- disk full --------------------------------------------------------------------------------------------


def _case_add(i: int) -> WriteCommand:
    token = f"disk-{i}"

    def present(vault: Vault) -> bool:
        with vault.journal() as journal:
            return any(case.title == f"Crash case {token}" for case in journal.cases.all())

    return WriteCommand("case add", ("case", "add", "--from", "-"), case_template(token), present)


def _follow_up(i: int) -> WriteCommand:
    token = f"disk-{i}"

    def present(vault: Vault) -> bool:
        with vault.journal() as journal:
            history = journal.cases.history(1)
        return any(e.presentation.what_changed == f"Changed {token}" for e in history.presentations)

    # new_session first: a case is followed up once per session.
    return WriteCommand(
        "case follow-up", ("case", "follow-up", "1", "--from", "-"), follow_up_template(token), present, new_session
    )


def _session_note(i: int) -> WriteCommand:
    atmosphere = f"Tense, then warm ({i}); " + "x" * 3000

    def present(vault: Vault) -> bool:
        with vault.journal() as journal:
            return journal.sessions.get(None).notes.atmosphere == atmosphere

    return WriteCommand("session note", ("session", "note", "--from", "-"), f"## Atmosphere\n{atmosphere}\n", present)


def _resonance_add(i: int) -> WriteCommand:
    return WriteCommand(
        "resonance add", ("resonance", "add", "1", "--kind", "image", "--level", "group"), f"a bridge {i}\n"
    )


WRITE_COMMANDS: dict[str, Callable[[int], WriteCommand]] = {
    "group add": _group_add,
    "member add": _member_add,
    "passwd": _passwd,
    "case add": _case_add,
    "case follow-up": _follow_up,
    "session note": _session_note,
    "resonance add": _resonance_add,
}


def file_size_limit(limit: int) -> Callable[[], None]:
    """A preexec_fn: no file may grow beyond ``limit`` bytes, and going
    beyond is an EFBIG error instead of SIGXFSZ killing the process."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@dataclass
class DiskFullFigures:
    trials: int = 0
    completed: int = 0
    refused: int = 0
    messages: Counter[str] = field(default_factory=Counter)
    #: (command, "completed" or "refused") -> trials
    by_command: Counter[tuple[str, str]] = field(default_factory=Counter)

    def record(self, command: str, message: str | None = None) -> None:
        """One trial: completed, or refused with ``message``."""
        self.trials += 1
        if message is None:
            self.completed += 1
        else:
            self.refused += 1
            self.messages[message] += 1
        self.by_command[command, "completed" if message is None else "refused"] += 1

    def line(self) -> str:
        return f"disk-full trials: {self.trials}, completed: {self.completed}, refused cleanly: {self.refused}"

    def lines(self) -> list[str]:
        names = sorted({name for name, _ in self.by_command})
        return [
            self.line(),
            *(
                f"  {n}: {self.by_command[n, 'completed']} completed, {self.by_command[n, 'refused']} refused"
                for n in names
            ),
            *(f"  {count} x {message}" for message, count in self.messages.most_common()),
        ]


def disk_full_trial(vault: Vault, command: WriteCommand, limit: int, figures: DiskFullFigures) -> None:
    """Run ``command`` with no file allowed beyond ``limit`` bytes. It either
    completes (and its effect is there) or fails with one line, a non-zero
    exit and the vault unchanged; the vault verifies either way."""
    if command.prepare is not None:
        command.prepare(vault)
    before = vault.fingerprint()
    done = vault.run(*command.args, input=command.input, preexec_fn=file_size_limit(limit))
    what = f"{command.name} under a {limit}-byte file size limit"
    after = vault.fingerprint()
    vault.verify()
    if done.returncode == 0:
        if after == before or (command.took_effect is not None and not command.took_effect(vault)):
            raise HarnessFailure(f"{what}: exit 0 but its change is not in the vault")
        figures.record(command.name)
        return
    message = expect_one_line_error(done, what)
    if after != before:
        raise HarnessFailure(f"{what}: failed ({message}) but the vault changed")
    if "disk full" not in message:
        raise HarnessFailure(f"{what}: the error does not say the disk is full: {message}")
    figures.record(command.name, message)


def init_under_limit(directory: Path, limit: int, figures: DiskFullFigures) -> None:
    """``init`` under a file size limit: a verifying vault, or a one-line
    error and no vault file left behind (so that 'init' can be run again)."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    vault = Vault(directory / "vault" / "journal.db", directory / "init.passphrase")
    vault.passphrase_file.write_text(PASSPHRASE + "\n")
    done = vault.run("init", "--insecure-test-kdf", preexec_fn=file_size_limit(limit))
    what = f"init under a {limit}-byte file size limit"
    if done.returncode == 0:
        vault.verify()
        figures.record("init")
    else:
        message = expect_one_line_error(done, what)
        left = sorted(p.name for p in vault.path.parent.glob(vault.path.name + "*"))
        if left:
            raise HarnessFailure(f"{what}: failed ({message}) but left {left} behind")
        figures.record("init", message)
    for leftover in vault.path.parent.glob(vault.path.name + "*"):
        leftover.unlink()


def vault_size(vault: Vault) -> int:
    return sum(p.stat().st_size for p in vault.path.parent.glob(vault.path.name + "*"))


def disk_full(
    trials: int, workdir: Path, *, seed: int | None = None, report: Callable[[str], None] = say
) -> DiskFullFigures:
    """``trials`` write commands, each under a random file size limit from
    nothing to a little more than the vault needs; one in ten is an ``init``.
    (The limit is per file: the WAL, where a command writes first, starts
    empty; the checkpoint into the main file fails quietly above it, and
    the WAL keeps the committed pages until a later checkpoint succeeds.)"""
    rng = random.Random(seed)
    vault = new_vault(workdir / "disk-full")
    setup_group(vault)
    balintlog_in_process(vault, "case", "add", "--from", "-", input=case_template("disk-0"))
    figures = DiskFullFigures()
    for i in range(trials):
        if i % 10 == 9:
            init_under_limit(workdir / "disk-full-init", rng.randint(0, 300 * 1024), figures)
            continue
        command = WRITE_COMMANDS[rng.choice(sorted(WRITE_COMMANDS))](i)
        # Half the limits fall where a command's WAL frames stop fitting.
        ceiling = rng.choice([128 * 1024, vault_size(vault) + 96 * 1024])
        disk_full_trial(vault, command, rng.randint(0, ceiling), figures)
    for line in figures.lines():
        report(line)
    return figures


# -- fuzzing --------------------------------------------------------------------------------------------


def _fuzz_properties(tick: Callable[[], None]) -> dict[str, Callable[..., None]]:
    """The fuzzed properties, each a Hypothesis test (without settings) that
    calls ``tick`` once per example."""
    from hypothesis import assume, example, given
    from hypothesis import strategies as st

    from balintlog import dates, vault
    from balintlog.errors import UsageError

    date_tokens = st.sampled_from(
        [
            "today", "yesterday", "tomorrow", "ago", "days", "day", "weeks", "a", "last", "friday", "fri",
            "March", "Mar", "14th", "of", "2026", "26", "0", "00", "9999", "10000", "99999999999999999999",
            "-", "/", ".", ",", " ", "  ", "\t", "T", "Z", "+01:00", "am", "pm", "12:30", "29", "31", "2",
            "Feb", "février", "٣", "1e9", "Sat", "sunday", "noon", "next", "\x00",
        ]
    )  # fmt: skip
    date_text = st.one_of(
        st.text(),
        st.lists(date_tokens, max_size=8).map("".join),
        st.lists(date_tokens, max_size=8).map(" ".join),
        st.builds(
            "{}{}{}{}{}".format,
            st.integers(-5, 10**12),
            st.sampled_from([".", "/", "-", " "]),
            st.integers(-5, 10**6),
            st.sampled_from([".", "/", "-", " ", ""]),
            st.one_of(st.just(""), st.integers(-5, 10**12).map(str)),
        ),
    )
    any_day = st.dates(min_value=dt.date.min, max_value=dt.date.max)

    @given(date_text, any_day, st.booleans())
    @example("0:10000000000000000000000000000A", dt.date(2000, 1, 1), False)  # dateutil's decimal error
    def date_parser(text: str, today: dt.date, dayfirst: bool) -> None:
        tick()
        try:
            day = dates.parse_date(text, today=today, dayfirst=dayfirst)
        except UsageError as exc:
            assert "\n" not in str(exc), "a date error must be one line"
            return
        assert type(day) is dt.date

    key = st.binary(min_size=vault.KEY_SIZE, max_size=vault.KEY_SIZE)

    @given(key, st.text(), st.binary(max_size=200))
    def cipher_round_trip(key: bytes, text: str, ad: bytes) -> None:
        tick()
        cipher = vault.FieldCipher(key)
        blob = cipher.seal(text, ad)
        assert cipher.open(blob, ad) == text
        assert (len(blob) - 1 - vault.NONCE_SIZE - vault.TAG_SIZE) % vault.PAD_BLOCK == 0

    mutations = st.sampled_from(["flip", "nonce", "version", "truncate", "extend", "fresh_nonce"])

    @given(key, st.text(max_size=100), st.binary(max_size=64), mutations, st.data())
    def cipher_rejects_mutated_blob(key: bytes, text: str, ad: bytes, how: str, data: st.DataObject) -> None:
        cipher = vault.FieldCipher(key)
        blob = cipher.seal(text, ad)
        body = bytearray(blob)
        if how == "flip":
            at = data.draw(st.integers(0, len(body) - 1))
            body[at] ^= data.draw(st.integers(1, 255))
        elif how == "nonce":
            at = data.draw(st.integers(1, vault.NONCE_SIZE))
            body[at] ^= data.draw(st.integers(1, 255))
        elif how == "version":
            body[0] = data.draw(st.integers(0, 255).filter(lambda v: v != vault.BLOB_VERSION))
        elif how == "truncate":
            del body[data.draw(st.integers(0, len(body) - 1)) :]
        elif how == "extend":
            body += data.draw(st.binary(min_size=1, max_size=40))
        else:
            body[1 : 1 + vault.NONCE_SIZE] = data.draw(st.binary(min_size=vault.NONCE_SIZE, max_size=vault.NONCE_SIZE))
        assume(bytes(body) != blob)
        tick()
        try:
            cipher.open(bytes(body), ad)
        except ValueError:
            return
        raise AssertionError(f"a blob mutated by {how!r} opened")

    @given(key, st.text(max_size=100), st.binary(max_size=64), st.binary(max_size=64))
    def cipher_rejects_other_associated_data(key: bytes, text: str, ad: bytes, other: bytes) -> None:
        assume(other != ad)
        tick()
        cipher = vault.FieldCipher(key)
        blob = cipher.seal(text, ad)
        try:
            cipher.open(blob, other)
        except ValueError:
            return
        raise AssertionError("a blob opened under other associated data")

    @given(key, key, st.text(max_size=100), st.binary(max_size=64))
    def cipher_rejects_other_key(key: bytes, other: bytes, text: str, ad: bytes) -> None:
        assume(other != key)
        tick()
        blob = vault.FieldCipher(key).seal(text, ad)
        try:
            vault.FieldCipher(other).open(blob, ad)
        except ValueError:
            return
        raise AssertionError("a blob opened under another key")

    from balintlog import domain, template
    from balintlog.errors import TemplateError

    def any_case(values: list[str]) -> st.SearchStrategy[str]:
        return st.sampled_from(values).flatmap(
            lambda v: st.sampled_from([v, v.upper(), v.lower(), v.replace("_", " "), v.replace("_", "-")])
        )

    header_keys = any_case([key for _, key in template.CASE_HEADERS] + ["Titel", "Date", "Presenter "])
    section_names = any_case(
        [name for _, name in template.CASE_SECTIONS + template.SESSION_SECTIONS] + ["Notes", "", "Resonance"]
    )
    choices = any_case(
        [str(v) for enum in (domain.Relationship, domain.PresentationKind, domain.Outcome) for v in enum]
        + ["M1", "M2", "woman, 54", "anger", ""]
    )
    words = st.text(st.characters(codec="utf-8", exclude_characters="\n"), max_size=12)
    tokens = st.sampled_from(["@M2", "@leader", "@Co_Leader", "@group", "@", "#mirroring", "#Mirroring", "\\@home"])
    resonance_line = st.builds(
        "- {} / {} / {} / {} {} {}".format,
        any_case([str(v) for v in domain.ResonanceKind] + ["anger"]),
        any_case([str(v) for v in domain.ResonanceLevel] + ["client / client"]),
        st.one_of(st.integers(-1, 7).map(str), words),
        words,
        st.one_of(st.just(""), tokens),
        st.one_of(st.just(""), tokens),
    )
    template_line = st.one_of(
        st.builds("{}: {}".format, header_keys, st.one_of(choices, words)),
        st.builds(
            "{}{}".format, st.sampled_from(["## ", "##", "### ", "\\## ", "\\\\## ", " ## ", "#"]), section_names
        ),
        resonance_line,
        st.builds("# {}".format, words),
        st.sampled_from(["", " ", "\t", "\r", "\ufeff", "-", "- / / /", "---"]),
        words,
    )
    template_text = st.one_of(
        st.text(),
        st.builds(
            lambda lines, newline: newline.join(lines),
            st.lists(template_line, max_size=30),
            st.sampled_from(["\n", "\n", "\r\n"]),
        ),
    )

    line_text = (
        st.text(st.characters(codec="utf-8", exclude_characters="\n\r"), min_size=1, max_size=20)
        .map(str.strip)
        .filter(bool)
    )
    sources = st.one_of(st.sampled_from(domain.SPECIAL_SOURCES), st.from_regex(r"[A-Z][A-Z0-9]{0,3}", fullmatch=True))
    resonances = st.lists(
        st.builds(
            template.ResonanceLine,
            kind=st.sampled_from(domain.ResonanceKind),
            level=st.sampled_from(domain.ResonanceLevel),
            intensity=st.integers(1, 5),
            text=line_text,
            source=sources,
            mirroring=st.booleans(),
        ),
        max_size=4,
    ).map(tuple)

    @st.composite
    def rendered_case(draw: st.DrawFn) -> tuple[str, bool]:
        """A rendered note, sometimes with a stray line put in."""
        follow_up = draw(st.booleans())
        note = template.CaseNote(
            title=draw(line_text),
            presenter=draw(st.from_regex(r"M[0-9]{1,2}", fullmatch=True)),
            client=draw(st.one_of(st.just(""), line_text)),
            relationship=draw(st.one_of(st.none(), st.sampled_from(domain.Relationship))),
            question=draw(st.one_of(st.just(""), line_text)),
            kind=domain.PresentationKind.FOLLOW_UP if follow_up else domain.PresentationKind.FIRST,
            outcome=draw(st.sampled_from(domain.Outcome)) if follow_up else None,
            account=draw(st.text()),
            group_process=draw(st.text(max_size=30)),
            resonances=draw(resonances),
            leader_notes=draw(st.text(max_size=30)),
            what_changed=draw(st.text(max_size=30)) if follow_up else "",
        )
        lines = template.render_case(note, follow_up=follow_up).split("\n")
        if draw(st.booleans()):
            lines.insert(draw(st.integers(0, len(lines))), draw(template_line))
        return "\n".join(lines), follow_up

    case_input = st.one_of(st.tuples(template_text, st.booleans()), rendered_case())

    @st.composite
    def rendered_session_notes(draw: st.DrawFn) -> str:
        texts = [draw(st.text(max_size=40)) for _ in range(4)]
        notes = domain.SessionNotes(*texts)
        lines = template.render_session_notes(notes).split("\n")
        if draw(st.booleans()):
            lines.insert(draw(st.integers(0, len(lines))), draw(template_line))
        return "\n".join(lines)

    def check_problems(error: TemplateError) -> None:
        assert error.problems, "a template error lists its problems"
        for problem in error.problems:
            assert problem.startswith("line "), f"a problem that names no line: {problem!r}"

    @given(case_input)
    def case_template_parser(case: tuple[str, bool]) -> None:
        tick()
        text, follow_up = case
        try:
            note = template.parse_case(text, follow_up=follow_up)
        except TemplateError as error:
            check_problems(error)
            again = template.with_errors(text, error.problems)
            lines = text.removeprefix("\ufeff").split("\n")
            while lines and (not lines[0].strip() or lines[0].startswith("#")):
                del lines[0]  # the leading comments, which the errors may replace
            assert again.endswith("\n".join(lines)), "the editor loop lost text"
            try:
                template.parse_case(again, follow_up=follow_up)
            except TemplateError as second:
                shown = [line[2:] for line in again.split("\n")[1 : 1 + len(error.problems)]]
                assert shown == [p.replace("\n", " ") for p in second.problems]
            else:
                raise AssertionError("the text with its errors on top parsed") from None
            return
        assert isinstance(note, template.CaseNote)
        assert template.parse_case(template.render_case(note, follow_up=follow_up), follow_up=follow_up) == note

    @given(st.one_of(template_text, rendered_session_notes()))
    def session_notes_parser(text: str) -> None:
        tick()
        try:
            notes = template.parse_session_notes(text)
        except TemplateError as error:
            check_problems(error)
            return
        assert template.parse_session_notes(template.render_session_notes(notes)) == notes

    found: dict[str, Callable[..., None]] = {
        "date_parser": date_parser,
        "case_template_parser": case_template_parser,
        "session_notes_parser": session_notes_parser,
        "cipher_round_trip": cipher_round_trip,
        "cipher_rejects_mutated_blob": cipher_rejects_mutated_blob,
        "cipher_rejects_other_associated_data": cipher_rejects_other_associated_data,
        "cipher_rejects_other_key": cipher_rejects_other_key,
    }
    return found


FUZZ_PROPERTIES = (
    "case_template_parser",
    "session_notes_parser",
    "date_parser",
    "cipher_round_trip",
    "cipher_rejects_mutated_blob",
    "cipher_rejects_other_associated_data",
    "cipher_rejects_other_key",
)


def fuzz_property(name: str, examples: int, *, seed: int | None = None) -> int:
    """Run one fuzzed property for ``examples`` examples; returns how many
    examples ran (a failure raises Hypothesis's falsifying example)."""
    from hypothesis import HealthCheck, settings
    from hypothesis import seed as hypothesis_seed

    ran = 0

    def tick() -> None:
        nonlocal ran
        ran += 1

    test = _fuzz_properties(tick)[name]
    configured = settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))(
        test
    )
    if seed is not None:
        configured = hypothesis_seed(seed)(configured)
    configured()
    return ran


def fuzz(examples: int, *, seed: int | None = None, report: Callable[[str], None] = say) -> dict[str, int]:
    """Every fuzzed property, ``examples`` examples each."""
    figures: dict[str, int] = {}
    for name in FUZZ_PROPERTIES:
        start = time.perf_counter()
        figures[name] = fuzz_property(name, examples, seed=seed)
        report(f"{name}: {figures[name]} examples, {time.perf_counter() - start:.1f} s")
    report(f"fuzz examples run: {sum(figures.values())}")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="harness", required=True)

    def harness(name: str, help: str, count: str, default: int, count_help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help)
        p.add_argument(f"--{count}", type=int, default=default, help=count_help)
        p.add_argument("--seed", type=int, default=None, help="for a reproducible run")
        p.add_argument("--keep", type=Path, default=None, help="work in this directory and keep the vaults")
        return p

    harness("crash-loop", "SIGKILL a writer at random moments", "kills", 1000, "how many kills").add_argument(
        "--max-delay", type=float, default=1.5, help="kill within this many seconds of the writer's start"
    )
    harness("disk-full", "write commands under random file size limits", "trials", 200, "commands to run")
    harness("concurrency", "writers adding cases at the same time", "cases", 100, "cases per writer").add_argument(
        "--writers", type=int, default=2
    )
    harness("interrupt", "SIGINT case add at random moments", "trials", 100, "commands to interrupt")
    harness("fuzz", "fuzz the template and date parsers and the sealing layer", "examples", 10_000,
            "examples per property")  # fmt: skip
    sub.add_parser("crash-zygote")  # internal: see crash_zygote()
    writer = sub.add_parser("capture-writer")  # internal: see capture_writer()
    for name in ("vault", "secret", "cases", "seed"):
        writer.add_argument(name)
    args = parser.parse_args(argv)
    os.umask(0o077)
    if args.harness == "crash-zygote":
        crash_zygote()
        return 0
    if args.harness == "capture-writer":
        capture_writer(args.vault, args.secret, int(args.cases), int(args.seed))
        return 0
    started = time.perf_counter()
    with temporary_directory(args.keep) as workdir:
        os.environ.setdefault("XDG_RUNTIME_DIR", str(workdir))
        if args.harness == "crash-loop":
            figures = crash_loop(args.kills, workdir, seed=args.seed, max_delay=args.max_delay)
            failed = figures.lost + figures.corrupt
        elif args.harness == "disk-full":
            disk_full(args.trials, workdir, seed=args.seed)
        elif args.harness == "concurrency":
            concurrency(args.writers, args.cases, workdir, seed=args.seed)
        elif args.harness == "interrupt":
            interrupt(args.trials, workdir, seed=args.seed)
        else:
            fuzz(args.examples, seed=args.seed)
    print(f"({time.perf_counter() - started:.0f} s)")
    return 1 if args.harness == "crash-loop" and failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except HarnessFailure as failure:
        sys.exit(f"FAILED: {failure}")
