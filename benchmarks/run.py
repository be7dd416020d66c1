"""The performance benchmark: whole ``balintlog`` processes on synthetic
vaults, each figure a ratio to a baseline measured in the same run.

    python benchmarks/run.py                  # generate missing vaults, measure, write RESULTS.md
    python benchmarks/run.py --runs 3 --only help,report-json --no-write

Every command runs ``--runs`` times, interleaved in rounds with its
baselines (so that the machine's load hits both alike) after one untimed
warm-up round; the table reports medians of the wall time, of the CPU time
(user + system) and the peak memory (max RSS from ``os.wait4``). Commands
that open the vault run with the key agent warm (``balintlog unlock`` first)
and without any passphrase source, so they can never spend time in the KDF;
they run in their own process (``BALINTLOG_NO_AGENT=1``, the cold path):
``benchmarks/warm.py`` measures the agent serving them.
Write commands run on copies of the vaults (``vaults/work-*.db``, removed
afterwards), so the generated vaults stay as generated.

Targets that are missed get a profile in RESULTS.md: ``-X importtime`` for
start-up targets, cProfile for the others.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import platform
import pstats
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import generate

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
START_MARK = "<!-- performance:start -->"
END_MARK = "<!-- performance:end -->"
MIB = 1024 * 1024

IMPORT_FLOOR = (
    "import typer, rich.console, sqlalchemy.orm, cryptography.hazmat.primitives.ciphers.aead, dateutil.parser"
)
TRIVIAL_APP = '''\
import typer

app = typer.Typer()


@app.command()
def hello(name: str) -> None:
    """Say hello."""
    typer.echo(f"Hello {name}")


@app.command()
def bye(name: str) -> None:
    """Say goodbye."""
    typer.echo(f"Bye {name}")


if __name__ == "__main__":
    app(prog_name="trivial")
'''


# -- running one process ----------------------------------------------------------------------------------------------

#: Runs the measured processes and reports each one's wall time, CPU time and
#: peak RSS. A process of its own, started without site-packages and importing
#: next to nothing: a child's ``ru_maxrss`` is at least its parent's RSS
#: high-water mark when it was spawned, so the parent must stay small.
MEASURER = r"""
import json, os, resource, sys, time
for line in sys.stdin:
    job = json.loads(line)
    inp = os.open(job["stdin"] or os.devnull, os.O_RDONLY)
    out = os.open(job["stdout"] or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    err = os.open(job["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    actions = [(os.POSIX_SPAWN_DUP2, inp, 0), (os.POSIX_SPAWN_DUP2, out, 1), (os.POSIX_SPAWN_DUP2, err, 2)]
    start = time.perf_counter()
    pid = os.posix_spawn(job["argv"][0], job["argv"], job["env"], file_actions=actions)
    _pid, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    for fd in (inp, out, err):
        os.close(fd)
    code = os.waitstatus_to_exitcode(status)
    try:  # VmHWM: what a child starts from (ru_maxrss would count this process's parent too)
        own = next(int(l.split()[1]) * 1024 for l in open("/proc/self/status") if l.startswith("VmHWM:"))
    except (OSError, StopIteration):
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps([wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, code, own]), flush=True)
"""


@dataclass(frozen=True)
class Sample:
    wall: float
    cpu: float
    max_rss: int  # bytes


class CommandFailed(RuntimeError):
    pass


class Measurer:
    """The process that runs the measured commands (see :data:`MEASURER`)."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.own_rss = 0
        self.proc = subprocess.Popen(
            [sys.executable, "-S", "-c", MEASURER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )

    def run(self, argv: Sequence[str], env: dict[str, str], stdin: Path | None, stdout: Path | None) -> Sample:
        """Run ``argv`` to its end; CommandFailed (with its stderr) unless it exits 0."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        err = self.work / "stderr"
        job = {"argv": list(argv), "env": env, "stdin": stdin and str(stdin), "stdout": stdout and str(stdout)}
        self.proc.stdin.write(json.dumps({**job, "stderr": str(err)}) + "\n")
        self.proc.stdin.flush()
        wall, cpu, rss, code, own = json.loads(self.proc.stdout.readline())
        self.own_rss = max(self.own_rss, own)
        if code != 0:
            message = err.read_bytes()[-2000:].decode("utf-8", "replace").strip()
            raise CommandFailed(f"{shlex.join(argv)} exited {code}: {message}")
        return Sample(wall, cpu, rss)

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait()


def run_once(argv: Sequence[str], env: dict[str, str], stdin: bytes = b"") -> None:
    """Run a command that is not measured (setting up); CommandFailed unless it exits 0."""
    done = subprocess.run(argv, env=env, input=stdin, capture_output=True, check=False)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()[-2000:]
        raise CommandFailed(f"{shlex.join(argv)} exited {done.returncode}: {message}")


def ensure_vaults(names: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The manifests of the vaults, generating the missing ones in a child
    process. This process imports nothing but the standard library: a child's
    peak RSS (``ru_maxrss``) counts its parent's RSS at the spawn."""
    missing = [name for name in names if generate.manifest(name) is None]
    if missing:
        subprocess.run([sys.executable, str(HERE / "generate.py"), *missing], check=True)
    found = {name: generate.manifest(name) for name in names}
    return {name: info for name, info in found.items() if info is not None}


# -- what is measured -------------------------------------------------------------------------------------------------


def _head_and_tail(path: Path, size: int = 64 * 1024) -> bytes:
    """The first and last ``size`` bytes of a file: what output checks
    look at. Never the whole file: this process must stay small (see
    :func:`ensure_vaults`), and a high-water mark of its RSS would count too."""
    with open(path, "rb") as f:
        head = f.read(size)
        f.seek(0, os.SEEK_END)
        length = f.tell()
        if length <= size:
            return head
        f.seek(max(size, length - size))
        return head + f.read()


@dataclass
class Command:
    """One measured process: how to run it, and what it prints."""

    key: str
    label: str
    argv: list[str]
    env: dict[str, str]
    stdin: Path | None = None  # a file
    runs: int = 0  # 0: --runs
    check: Callable[[bytes], bool] | None = None  # on stdout
    before: Callable[[], list[str]] | None = None  # extra argv per run (e.g. a fresh directory)
    samples: list[Sample] = field(default_factory=list)

    def run(self, measurer: Measurer, keep_output: bool = False) -> Sample:
        argv = self.argv + (self.before() if self.before else [])
        if self.check is None and not keep_output:
            return measurer.run(argv, self.env, self.stdin, None)
        out = measurer.work / "stdout"
        sample = measurer.run(argv, self.env, self.stdin, out)
        text = _head_and_tail(out)
        out.unlink()
        if self.check is not None and not self.check(text):
            raise CommandFailed(f"{shlex.join(argv)} printed something unexpected: {text[:500]!r}")
        return sample

    def median(self, attr: str) -> float:
        values = sorted(getattr(s, attr) for s in self.samples)
        middle = len(values) // 2
        return float(values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2)

    def wall(self, stat: str) -> float:
        """The median or the best (shortest) wall time."""
        return self.median("wall") if stat == "median" else min(s.wall for s in self.samples)

    def peak(self) -> int:
        return max(s.max_rss for s in self.samples)


@dataclass(frozen=True)
class Target:
    """A promise: ``command`` against ``baseline``, as a ratio (``ratio``)
    or an absolute difference in seconds (``extra``), or an absolute limit
    (``seconds``, ``mib``)."""

    label: str
    command: str
    baseline: str | None = None
    ratio: float | None = None
    extra: float | None = None
    seconds: float | None = None
    mib: float | None = None
    #: How a miss is profiled: "importtime" (start-up) and/or "cprofile".
    profile: tuple[str, ...] = ("cprofile",)

    def holds(self, cmds: dict[str, Command], stat: str = "median") -> bool:
        """Whether the target holds on the median (or the best) wall times."""
        value = cmds[self.command].wall(stat)
        base = cmds[self.baseline].wall(stat) if self.baseline else 0.0
        if self.ratio is not None:
            return value <= self.ratio * base
        if self.extra is not None:
            return value <= base + self.extra
        if self.seconds is not None:
            return value <= self.seconds
        if self.mib is not None:
            return cmds[self.command].peak() <= self.mib * MIB
        raise ValueError(self.label)

    def figure(self, cmds: dict[str, Command], stat: str = "median") -> str:
        value = cmds[self.command].wall(stat)
        if self.mib is not None:
            return f"{cmds[self.command].peak() / MIB:.0f} MiB"
        if self.baseline is None:
            return f"{value:.2f} s"
        base = cmds[self.baseline].wall(stat)
        if self.ratio is not None:
            return f"{value / base:.2f} ×"
        return f"{value - base:+.2f} s"


class Bench:
    """The vaults, their agents and the commands measured on them."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.exe = shutil.which("balintlog", path=str(Path(sys.executable).parent))
        if self.exe is None:
            raise SystemExit(f"no balintlog script beside {sys.executable}; run this with the project's venv")
        self.manifests = ensure_vaults(["ten-year", "one-year", "empty"])
        # As an installed balintlog runs: with bytecode caches (this tree's
        # environment may forbid writing them beside the sources).
        self.base_env = {
            k: v for k, v in os.environ.items() if not k.startswith("BALINTLOG_") and k != "PYTHONDONTWRITEBYTECODE"
        }
        # The cold path (the command runs in its own process, with the key
        # from the agent); benchmarks/warm.py measures the agent serving it.
        self.base_env.update(
            {
                "COLUMNS": "100",
                "NO_COLOR": "1",
                "PYTHONPYCACHEPREFIX": str(generate.VAULTS / "pycache"),
                "BALINTLOG_NO_AGENT": "1",
                # The record of the last change seen of each vault: the
                # benchmark's own, never the user's.
                "BALINTLOG_STATE_DIR": str(generate.VAULTS / "state"),
            }
        )
        self.unlock_env = {
            **self.base_env,
            "BALINTLOG_PASSPHRASE_COMMAND": f"cat {shlex.quote(str(generate.PASSPHRASE_FILE))}",
            "BALINTLOG_AGENT_IDLE": "3600",
        }
        self.unlocked: list[Path] = []
        self.trivial = work / "trivial.py"
        self.trivial.write_text(TRIVIAL_APP)

    # -- preparing ------------------------------------------------------------------

    def balintlog(self, vault: Path, *args: str) -> list[str]:
        assert self.exe is not None
        return [self.exe, "--vault", str(vault), *args]

    def setup(self, vault: Path, *args: str) -> None:
        run_once(self.balintlog(vault, *args), self.on_copy(vault, self.unlock_env))

    def on_copy(self, vault: Path, env: dict[str, str]) -> dict[str, str]:
        """``env`` for a command on ``vault``: a work copy (the same vault,
        by its id, as the one it was copied from) keeps its own record of
        the last change seen, or its writes would make the generated vault
        look rolled back to every later command on it."""
        if not vault.name.startswith("work-"):
            return env
        return {**env, "BALINTLOG_STATE_DIR": str(self.work / "copy-state")}

    def unlock(self, vault: Path) -> None:
        """Start the vault's agent, unless one runs already (an agent this
        did not start is left running afterwards)."""
        status = subprocess.run(
            self.balintlog(vault, "status"),
            env=self.on_copy(vault, self.base_env),
            capture_output=True,
            text=True,
            check=False,
        )
        if status.stdout.startswith("Unlocked"):
            return
        self.setup(vault, "unlock")
        self.unlocked.append(vault)

    def work_copy(self, name: str) -> Path:
        """A copy of a generated vault that write commands may change."""
        source = generate.vault_path(name)
        target = generate.VAULTS / f"work-{name}.db"
        for suffix in ("", "-wal", "-shm"):
            target.with_name(target.name + suffix).unlink(missing_ok=True)
        shutil.copyfile(source, target)
        os.chmod(target, 0o600)
        return target

    def prepare(self) -> None:
        """Unlock the vaults; make the work copies and open a session in each."""
        self.ten = generate.vault_path("ten-year")
        self.one = generate.vault_path("one-year")
        self.work_empty = self.work_copy("empty")
        self.work_ten = self.work_copy("ten-year")
        for vault in (self.ten, self.one, self.work_empty, self.work_ten):
            self.unlock(vault)
        info = self.manifests["ten-year"]
        codes = [f"M{i}" for i in range(1, 13)]
        self.setup(self.work_empty, "group", "add", "nord", "--name", "Balint group North")
        for code in codes:
            self.setup(self.work_empty, "member", "add", "nord", code, "--profession", "physician")
        self.setup(self.work_empty, "session", "start", "--present", ",".join(codes))
        present = info["present"]
        self.setup(self.work_ten, "session", "start", "--group", info["session_group"], "--present", ",".join(present))
        self.presenter = {self.work_empty: codes[0], self.work_ten: present[0]}

    def cleanup(self) -> None:
        for vault in self.unlocked:
            try:
                self.setup(vault, "lock")
            except CommandFailed as exc:
                print(f"warning: {exc}", file=sys.stderr)
        for name in ("empty", "ten-year"):
            target = generate.VAULTS / f"work-{name}.db"
            for suffix in ("", "-wal", "-shm"):
                target.with_name(target.name + suffix).unlink(missing_ok=True)

    def case_template(self, presenter: str) -> Path:
        """A file with a realistic template for ``case add --from -`` (made
        in a child process: see :func:`ensure_vaults`)."""
        code = (
            "import random, sys, generate\n"
            "from balintlog.template import render_case\n"
            "note = generate.case_note(random.Random(7), sys.argv[1], [sys.argv[1]])\n"
            "sys.stdout.write(render_case(note))\n"
        )
        done = subprocess.run([sys.executable, "-c", code, presenter], cwd=HERE, capture_output=True, check=True)
        path = self.work / f"case-{presenter}.txt"
        path.write_bytes(done.stdout)
        return path

    # -- the commands -----------------------------------------------------------------

    def commands(self, runs: int) -> dict[str, Command]:
        info = self.manifests["ten-year"]
        year = str(info["report_year"])
        env = self.base_env
        slow = max(3, runs // 2)
        completion_env = {"COMP_CWORD": "2", "COMP_WORDS": "balintlog case "}

        def backup_dir() -> list[str]:
            return [tempfile.mkdtemp(dir=self.work, prefix="backup-")]

        def is_report_json(out: bytes) -> bool:
            return out.lstrip().startswith(b"{") and out.rstrip().endswith(b"}") and b'"balintlog.report/' in out

        # The terminal report as a facilitator reads it: on a colour
        # terminal (rich takes FORCE_COLOR for one), so with its escapes.
        colour = {k: v for k, v in env.items() if k != "NO_COLOR"} | {"FORCE_COLOR": "1", "TERM": "xterm-256color"}

        def is_report_terminal(out: bytes) -> bool:
            return out.startswith(b"\x1b[1m") and b"Glossary" in out[-4096:]

        made = [
            Command("trivial-help", "trivial Typer app --help", [sys.executable, str(self.trivial), "--help"], env),
            Command(
                "trivial-complete",
                "trivial Typer app, tab completion",
                [sys.executable, str(self.trivial)],
                {**env, "_TRIVIAL_COMPLETE": "complete_bash", "COMP_CWORD": "1", "COMP_WORDS": "trivial h"},
                check=lambda out: b"hello" in out,
            ),
            Command(
                "trivial-run", "trivial Typer app, a command", [sys.executable, str(self.trivial), "hello", "x"], env
            ),
            Command("floor", "import floor", [sys.executable, "-c", IMPORT_FLOOR], env),
            Command("help", "balintlog --help", [*self.balintlog(self.ten), "--help"], env),
            Command(
                "complete",
                "balintlog tab completion (case …)",
                self.balintlog(self.ten),
                {**env, "_BALINTLOG_COMPLETE": "complete_bash", **completion_env},
                check=lambda out: b"follow-up" in out,
            ),
            Command(
                "add-empty",
                "case add --from - (new vault)",
                self.balintlog(self.work_empty, "case", "add", "--from", "-"),
                self.on_copy(self.work_empty, env),
                stdin=self.case_template(self.presenter[self.work_empty]),
                check=lambda out: out.startswith(b"Added case #"),
            ),
            Command(
                "add-ten",
                "case add --from - (10-year vault)",
                self.balintlog(self.work_ten, "case", "add", "--from", "-"),
                self.on_copy(self.work_ten, env),
                stdin=self.case_template(self.presenter[self.work_ten]),
                check=lambda out: out.startswith(b"Added case #"),
            ),
            Command("list", "case list (10-year)", self.balintlog(self.ten, "case", "list"), env),
            Command(
                "show",
                f"case show {info['show_case']} (10-year)",
                self.balintlog(self.ten, "case", "show", str(info["show_case"])),
                env,
            ),
            Command(
                "report-json-ten",
                f"report --year {year} --format json (10-year)",
                self.balintlog(self.ten, "report", "--year", year, "--format", "json"),
                env,
                check=is_report_json,
            ),
            Command(
                "report-json-one",
                f"report --year {year} --format json (1-year)",
                self.balintlog(self.one, "report", "--year", year, "--format", "json"),
                env,
                check=is_report_json,
            ),
            Command(
                "report-terminal-ten",
                f"report --year {year} in the terminal (10-year)",
                self.balintlog(self.ten, "report", "--year", year),
                colour,
                check=is_report_terminal,
            ),
            Command(
                "report-terminal-one",
                f"report --year {year} in the terminal (1-year)",
                self.balintlog(self.one, "report", "--year", year),
                colour,
                check=is_report_terminal,
            ),
            Command(
                "report-html-ten",
                f"report --year {year} --format html (10-year)",
                self.balintlog(self.ten, "report", "--year", year, "--format", "html"),
                env,
                check=lambda out: out.rstrip().endswith(b"</html>"),
            ),
            Command(
                "report-html-one",
                f"report --year {year} --format html (1-year)",
                self.balintlog(self.one, "report", "--year", year, "--format", "html"),
                env,
                check=lambda out: out.rstrip().endswith(b"</html>"),
            ),
            Command(
                "search",
                f"search {info['search_word']} (10-year)",
                self.balintlog(self.ten, "search", info["search_word"]),
                env,
                check=lambda out: info["search_word"].encode() in out,
            ),
            Command(
                "search-common",
                "search e (10-year: nearly every field matches)",
                self.balintlog(self.ten, "search", "e"),
                env,
                check=lambda out: b"e" in out,
            ),
            Command(
                "verify",
                "verify (10-year)",
                self.balintlog(self.ten, "verify"),
                env,
                runs=slow,
                check=lambda out: out.startswith(b"OK"),
            ),
            Command(
                "backup",
                "backup DIR (10-year)",
                self.balintlog(self.ten, "backup"),
                env,
                runs=slow,
                before=backup_dir,
            ),
        ]
        for cmd in made:
            cmd.runs = cmd.runs or runs
        return {cmd.key: cmd for cmd in made}


STATS = ("median", "best")
START_UP = ("importtime",)
BOTH = ("importtime", "cprofile")
TARGETS = (
    Target("--help within 1.2× of a trivial Typer app", "help", "trivial-help", ratio=1.2, profile=START_UP),
    Target("tab completion within 1.2× of a trivial Typer app", "complete", "trivial-complete", 1.2, profile=START_UP),
    Target("case add (new vault) within 1.1× of the import floor", "add-empty", "floor", ratio=1.1, profile=BOTH),
    Target("case add (10-year) within 1.1× of the import floor", "add-ten", "floor", ratio=1.1, profile=BOTH),
    Target("case add (10-year) within 1.1× of case add (new vault)", "add-ten", "add-empty", ratio=1.1),
    Target("case list (10-year) within floor + 0.15 s", "list", "floor", extra=0.15),
    Target("case show (10-year) within floor + 0.15 s", "show", "floor", extra=0.15, profile=BOTH),
    Target("year report JSON (10-year) within floor + 0.5 s", "report-json-ten", "floor", extra=0.5),
    Target("year report JSON (10-year) ≤ 1.2× (1-year)", "report-json-ten", "report-json-one", ratio=1.2),
    Target("year report JSON (10-year) under 150 MiB", "report-json-ten", mib=150),
    Target("year report in the terminal (10-year) ≤ 1.2× JSON", "report-terminal-ten", "report-json-ten", ratio=1.2),
    Target("year report in the terminal (1-year) ≤ 1.2× JSON", "report-terminal-one", "report-json-one", ratio=1.2),
    Target("year report HTML (10-year) within floor + 0.5 s", "report-html-ten", "floor", extra=0.5),
    Target("year report HTML (10-year) ≤ 1.2× (1-year)", "report-html-ten", "report-html-one", ratio=1.2),
    Target("year report HTML (10-year) under 150 MiB", "report-html-ten", mib=150),
    Target("search (10-year) within floor + 0.6 s", "search", "floor", extra=0.6),
    Target("search e (10-year) within 3× search of a rare word", "search-common", "search", ratio=3.0),
    Target("search e (10-year) under 150 MiB", "search-common", mib=150),
    Target("verify (10-year) under 5 s", "verify", seconds=5.0),
)

#: Which baseline each command's row is compared with in the table.
BASELINES = {
    "help": "trivial-help",
    "complete": "trivial-complete",
    "add-empty": "floor",
    "add-ten": "floor",
    "list": "floor",
    "show": "floor",
    "report-json-ten": "floor",
    "report-json-one": "floor",
    "report-terminal-ten": "report-json-ten",
    "report-terminal-one": "report-json-one",
    "report-html-ten": "floor",
    "report-html-one": "floor",
    "search": "floor",
    "search-common": "search",
    "verify": "floor",
    "backup": "floor",
}


def measure(cmds: dict[str, Command], runs: int, measurer: Measurer) -> None:
    """A warm-up round, then ``runs`` rounds of every command (those with
    fewer runs drop out of the later rounds)."""
    order = list(cmds.values())
    total = sum(c.runs for c in order) + len(order)
    done = 0
    for round_no in range(runs + 1):
        for cmd in order:
            if round_no > cmd.runs:
                continue
            sample = cmd.run(measurer, keep_output=round_no == 0)  # the warm-up checks the output
            if round_no > 0:
                cmd.samples.append(sample)
            done += 1
            print(f"\r[{done}/{total}] {cmd.label:<50} {sample.wall:6.2f} s", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)


# -- profiles of missed targets ---------------------------------------------------------------------------------------


def profile(cmd: Command, how: str, baseline: Command | None, limit: int = 25) -> str:
    """Why a command is slow: what it imports beyond its baseline, or where
    its time goes past the imports (cProfile)."""
    if cmd.argv[0] == sys.executable:
        return ""
    if how == "importtime":
        mine = import_times(cmd)
        theirs = set(import_times(baseline)) if baseline is not None else set()
        return importtime_summary(mine, theirs, baseline.label if baseline else "", limit)
    stdin = cmd.stdin.read_bytes() if cmd.stdin else b""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "prof"
        argv = [sys.executable, "-m", "cProfile", "-o", str(out), *cmd.argv, *(cmd.before() if cmd.before else [])]
        subprocess.run(
            argv, env=cmd.env, input=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
        )
        if not out.exists():
            return "(no profile written)"
        buffer = io.StringIO()
        stats = pstats.Stats(str(out), stream=buffer)
        stats.sort_stats("cumulative").print_stats()
    lines = buffer.getvalue().splitlines()
    start = next((n for n, line in enumerate(lines) if line.startswith("   ncalls")), 0)
    kept = []
    for line in lines[start + 1 :]:
        # Imports (<module> frames, the import machinery) are the import
        # profile's business; Typer's own frames only wrap the command.
        if not line.strip() or any(m in line for m in _NOT_THE_WORK):
            continue
        head, _, where = line.rpartition(" ")
        kept.append(f"{head} {_short_path(where)}")
    total = lines[start - 2].strip() if start >= 2 else ""
    return "\n".join([f"{total} (imports, Typer and the import machinery left out)", lines[start], *kept[:limit]])


_NOT_THE_WORK = (
    "<frozen ",
    "(<module>)",
    "builtins.exec}",
    "builtins.__import__}",
    "builtins.next}",
    "contextlib.py",
    "/typer/",
    "/importlib/",
)


#: Where the standard library lives (its modules are shown as ``stdlib/typing.py``).
STDLIB = sysconfig.get_paths()["stdlib"]


def _short_path(where: str) -> str:
    """``.../site-packages/sqlalchemy/engine/base.py:1(x)`` -> ``sqlalchemy/engine/base.py:1(x)``;
    no machine's absolute path is written to RESULTS.md."""
    for marker in ("/site-packages/", f"{HERE.parent}/"):
        if marker in where:
            return where.split(marker, 1)[1]
    if where.startswith(f"{STDLIB}/"):
        return "stdlib/" + where.removeprefix(f"{STDLIB}/")
    return where


def import_times(cmd: Command) -> dict[str, int]:
    """Each module a command imports, with its own import time (µs)."""
    stdin = cmd.stdin.read_bytes() if cmd.stdin else b""
    # A baseline is "python ARGS", balintlog its script: both run by this Python.
    args = cmd.argv[1:] if cmd.argv[0] == sys.executable else cmd.argv
    argv = [sys.executable, "-X", "importtime", *args, *(cmd.before() if cmd.before else [])]
    done = subprocess.run(
        argv, env=cmd.env, input=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    found: dict[str, int] = {}
    for line in done.stderr.decode("utf-8", "replace").splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)", line)
        if match:
            found[match[2]] = int(match[1])
    return found


def importtime_summary(mine: dict[str, int], theirs: set[str], baseline: str, limit: int) -> str:
    """The imports a command makes that its baseline does not, by package
    (``balintlog`` by module), largest first."""
    extra = {name: us for name, us in mine.items() if name not in theirs}
    groups: dict[str, int] = {}
    for name, us in extra.items():
        key = ".".join(name.split(".")[:2]) if name.startswith("balintlog") else name.split(".")[0]
        groups[key] = groups.get(key, 0) + us
    lines = [
        f"{len(extra)} modules that {baseline or 'the baseline'} does not import, "
        f"{sum(extra.values()) / 1000:.0f} ms of their own import time (python -X importtime; one run):",
        "      ms  package (balintlog: module)",
    ]
    lines += [f"{us / 1000:8.1f}  {key}" for key, us in sorted(groups.items(), key=lambda kv: -kv[1])[:limit]]
    return "\n".join(lines)


# -- the report -------------------------------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
        ram = f", {memory:.0f} GiB RAM"
    except (ValueError, OSError):
        ram = ""
    system = f"{platform.system()} {platform.release()}"
    return f"{system}, {cpu}, {os.cpu_count()} cores{ram}, Python {platform.python_version()}"


def section(
    cmds: dict[str, Command], runs: int, loads: tuple[float, float], profiles: dict[str, str], measurer_rss: int
) -> str:
    info = generate.manifest("ten-year") or {}
    counts = info.get("counts", {})
    one = (generate.manifest("one-year") or {}).get("counts", {})
    lines = [
        START_MARK,
        "## Performance",
        "",
        f"Measured {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} with `python benchmarks/run.py` "
        f"(median of {runs} runs, {max(3, runs // 2)} for verify and backup; see benchmarks/README.md).",
        "",
        f"Machine: {machine()}; load average {loads[0]:.1f} before, {loads[1]:.1f} after. "
        f"The commands were started by a process of {measurer_rss / MIB:.0f} MiB peak RSS "
        "(no command's peak RSS can show below it).",
        "",
        f"10-year vault ({info.get('first_day')} to {info.get('last_day')}, "
        f"{generate.vault_path('ten-year').stat().st_size / MIB:.0f} MiB): "
        f"{counts.get('sessions', 0):,} sessions ({counts.get('block_days', 0):,} block days), "
        f"{counts.get('cases', 0):,} cases, {counts.get('presentations', 0):,} presentations, "
        f"{counts.get('resonances', 0):,} resonances. 1-year vault: {one.get('sessions', 0):,} sessions, "
        f"{one.get('presentations', 0):,} presentations, {one.get('resonances', 0):,} resonances. "
        "Both with the real KDF at vault.MIN_PARAMS; every command with the key agent warm.",
        "",
        "| Command | wall (median) | wall (range) | vs. baseline | CPU (median) | vs. baseline | peak RSS |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for key, cmd in cmds.items():
        base_key = BASELINES.get(key)
        wall, cpu = cmd.median("wall"), cmd.median("cpu")
        if base_key is None:
            vs_wall = vs_cpu = "(baseline)"
        else:
            base = cmds[base_key]
            vs_wall = f"{wall / base.median('wall'):.2f} × {base_key} ({wall - base.median('wall'):+.2f} s)"
            vs_cpu = f"{cpu / base.median('cpu'):.2f} × ({cpu - base.median('cpu'):+.2f} s)"
        walls = [sample.wall for sample in cmd.samples]
        spread = f"{min(walls):.2f}–{max(walls):.2f} s"
        peak = f"{cmd.peak() / MIB:.0f} MiB"
        lines.append(f"| {cmd.label} | {wall:.3f} s | {spread} | {vs_wall} | {cpu:.3f} s | {vs_cpu} | {peak} |")
    lines += [
        "",
        "Targets, judged on the median wall times; where the machine's speed varies between runs (see the "
        "ranges above), the same figures on the best run of each command show them without that noise.",
        "",
        "| Target | median | holds | best | holds on best |",
        "|---|---:|:---:|---:|:---:|",
    ]
    for target in TARGETS:
        if target.command not in cmds or (target.baseline and target.baseline not in cmds):
            continue
        cells = [f"{target.figure(cmds, stat)} | {'yes' if target.holds(cmds, stat) else '**no**'}" for stat in STATS]
        lines.append(f"| {target.label} | {' | '.join(cells)} |")
    if profiles:
        lines += ["", "### Profiles of the targets missed", ""]
        for label, text in profiles.items():
            lines += [f"**{label}**", "", "```", text, "```", ""]
    lines.append(END_MARK)
    return "\n".join(lines) + "\n"


def publish(text: str, name: str, marks: tuple[str, str], *, write: bool) -> None:
    """Print a section of RESULTS.md and, when ``write``, put it in place of
    the section between ``marks`` (appended when there is none), keeping
    the rest of the file."""
    if write:
        start, end = marks
        old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
        if start in old and end in old:
            head, rest = old.split(start, 1)
            tail = rest.split(end, 1)[1].lstrip("\n")
            new = head + text + ("\n" + tail if tail else "")
        else:
            new = old.rstrip("\n") + "\n\n" + text
        RESULTS.write_text(new, encoding="utf-8")
    print(text)
    if write:
        print(f"Wrote the {name} section of {RESULTS}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each command (default 7)")
    parser.add_argument("--only", help="comma-separated command keys (baselines are always measured)")
    parser.add_argument("--no-write", action="store_true", help="print the section instead of writing RESULTS.md")
    parser.add_argument("--no-profiles", action="store_true", help="skip profiling the targets missed")
    args = parser.parse_args(argv)
    loads = os.getloadavg()[0]
    work = Path(tempfile.mkdtemp(prefix="balintlog-bench-"))
    bench = Bench(work)
    measurer = Measurer(work)
    try:
        bench.prepare()
        cmds = bench.commands(args.runs)
        if args.only:
            keep = set(args.only.split(",")) | {"trivial-help", "trivial-complete", "trivial-run", "floor"}
            unknown = keep - set(cmds)
            if unknown:
                parser.error(f"unknown command keys {', '.join(sorted(unknown))} (known: {', '.join(cmds)})")
            keep |= {t.baseline for t in TARGETS if t.command in keep and t.baseline}
            cmds = {k: c for k, c in cmds.items() if k in keep}
        measure(cmds, args.runs, measurer)
        profiles: dict[str, str] = {}
        if not args.no_profiles:
            for target in TARGETS:
                if target.command in cmds and target.baseline in (None, *cmds) and not target.holds(cmds):
                    baseline = cmds.get(target.baseline or BASELINES.get(target.command, ""))
                    for how in target.profile:
                        key = f"{cmds[target.command].label} ({how})"
                        if key not in profiles:
                            print(f"profiling {cmds[target.command].label} ({how}) …", file=sys.stderr)
                            profiles[key] = profile(cmds[target.command], how, baseline)
        text = section(cmds, args.runs, (loads, os.getloadavg()[0]), profiles, measurer.own_rss)
    finally:
        measurer.close()
        bench.cleanup()
        shutil.rmtree(work, ignore_errors=True)
    publish(text, "Performance", (START_MARK, END_MARK), write=not args.no_write)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
