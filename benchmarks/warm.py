"""The warm-path benchmark: commands served by the unlocked vault's key
agent against the same commands run cold, and against a trivial Typer app,
all interleaved in one run (ratios, not absolute times, are the figures).

    python benchmarks/warm.py                 # measure, write the Warm path section of RESULTS.md
    python benchmarks/warm.py --runs 3 --no-write

It uses the vaults, the measuring process and the command runner of
``benchmarks/run.py``. Warm: the vault is unlocked and the command is handed
to its agent. Cold: the same command with ``BALINTLOG_NO_AGENT=1`` (its own
process, the key still from the agent). The entry's own cost when no agent
runs (the one ``stat`` of the socket path) is measured as ``balintlog status``
for a vault that is not unlocked, through the console script against
``balintlog.cli.main`` called directly (the entry before the warm path).
The agent's resident memory is read from the agent itself (``status``): idle,
and the largest a served command reached.

With ``--jrnl EXE`` (jrnl installed in an environment of its own, never a
dependency of balintlog: ``python -m venv benchmarks/vaults/jrnl-venv &&
benchmarks/vaults/jrnl-venv/bin/pip install jrnl``) jrnl is measured as the
peer, on plain-text journals made to the size of each vault (an entry per
presentation: its title, account, group process, leader's notes and
resonances), with its nearest commands: ``--short`` (case list), ``-n 10``
(case show), ``-contains WORD`` (search).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import run as bench

START_MARK = "<!-- warm:start -->"
END_MARK = "<!-- warm:end -->"
OLD_ENTRY = "import sys; sys.argv[0] = 'balintlog'; from balintlog.cli import main; main()"


def agent_facts(vault: Path) -> dict[str, Any]:
    """What the agent of ``vault`` says about itself (in a child process:
    this one stays small, see benchmarks/run.py)."""
    code = (
        "import json, sys; from pathlib import Path; from balintlog import agent\n"
        "print(json.dumps(agent._ask(Path(sys.argv[1]), {'op': 'status'})))\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(vault)], capture_output=True, text=True, check=True)
    answer = json.loads(done.stdout)
    if not answer or not answer.get("ok"):
        raise SystemExit(f"no agent answers for {vault}")
    return dict(answer)


#: Makes a jrnl journal file of ``count`` entries (in a child process: the
#: measuring side stays small, see benchmarks/run.py).
JRNL_JOURNAL = r"""
import datetime as dt, random, sys
import generate
path, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(2024)
day = dt.datetime(2015 if count > 5000 else 2024, 1, 1, 9, 0)
step = dt.timedelta(minutes=(10 * 365 * 24 * 60 if count > 5000 else 365 * 24 * 60) // count)
with open(path, "w", encoding="utf-8") as out:
    for n in range(count):
        note = generate.case_note(rng, "M1", ["M1"])
        lines = [note.title + ".", "", note.account, "", note.group_process, "", note.leader_notes, ""]
        lines += [f"- {r.kind} / {r.level} / {r.intensity} / {r.text}" for r in note.resonances]
        out.write(f"[{(day + step * n):%Y-%m-%d %H:%M}] " + "\n".join(lines) + "\n\n")
"""
JRNL_CONFIG = """\
colors: {{body: none, date: none, tags: none, title: none}}
default_hour: 9
default_minute: 0
editor: ''
encrypt: false
highlight: false
indent_character: '|'
journals:
  default:
    journal: {journal}
linewrap: 79
tagsymbols: '#@'
template: false
timeformat: '%Y-%m-%d %H:%M'
version: v4.6
"""


class WarmBench(bench.Bench):
    jrnl: str | None = None

    def jrnl_commands(self, name: str, count: int, word: str) -> list[bench.Command]:
        """jrnl's nearest commands on a journal of ``count`` entries."""
        assert self.jrnl is not None
        home = self.work / f"jrnl-{name}"
        (home / "jrnl").mkdir(parents=True)
        journal = home / "journal.txt"
        subprocess.run(
            [sys.executable, "-c", JRNL_JOURNAL, str(journal), str(count)], cwd=bench.HERE, check=True
        )
        (home / "jrnl" / "jrnl.yaml").write_text(JRNL_CONFIG.format(journal=journal), encoding="utf-8")
        env = {**self.base_env, "XDG_CONFIG_HOME": str(home), "HOME": str(home)}
        return [
            bench.Command(f"jrnl-short-{name}", f"jrnl --short ({name} size)", [self.jrnl, "--short"], env),
            bench.Command(f"jrnl-n10-{name}", f"jrnl -n 10 ({name} size)", [self.jrnl, "-n", "10"], env),
            bench.Command(f"jrnl-contains-{name}", f"jrnl -contains {word} ({name} size)",
                          [self.jrnl, "-contains", word], env),
        ]

    def commands(self, runs: int) -> dict[str, bench.Command]:  # type: ignore[override]
        cold_env = {**self.base_env}
        warm_env = {k: v for k, v in self.base_env.items() if k != "BALINTLOG_NO_AGENT"}
        made: list[bench.Command] = [
            bench.Command(
                "trivial-run",
                "trivial Typer app, a command",
                [sys.executable, str(self.trivial), "hello", "x"],
                cold_env,
            ),
        ]
        for name, vault in (("1-year", self.one), ("10-year", self.ten)):
            info = self.manifests["one-year" if name == "1-year" else "ten-year"]
            year = str(info["report_year"])
            reads = {
                "list": ("case list", ["case", "list"]),
                "show": (f"case show {info['show_case']}", ["case", "show", str(info["show_case"])]),
                "search": (f"search {info['search_word']}", ["search", info["search_word"]]),
                "sessions": ("session list", ["session", "list"]),
                "report-terminal": (f"report --year {year}", ["report", "--year", year]),
                "report-json": (f"report --year {year} --json", ["report", "--year", year, "--format", "json"]),
                "report-html": (f"report --year {year} --format html", ["report", "--year", year, "--format", "html"]),
            }
            for key, (label, args) in reads.items():
                for how, env in (("warm", warm_env), ("cold", cold_env)):
                    argv = self.balintlog(vault, *args)
                    made.append(bench.Command(f"{key}-{how}-{name}", f"{label} ({name}, {how})", argv, env))
            if self.jrnl is not None:
                made += self.jrnl_commands(name, int(info["counts"]["presentations"]), str(info["search_word"]))
        note = self.case_template(self.presenter[self.work_ten])
        for how, env in (("warm", warm_env), ("cold", cold_env)):
            made.append(
                bench.Command(
                    f"add-{how}-10-year",
                    f"case add --from FILE (10-year, {how})",
                    self.balintlog(self.work_ten, "case", "add", "--from", str(note), "--allow-duplicate"),
                    self.on_copy(self.work_ten, env),
                    check=lambda out: out.startswith(b"Added case #"),
                )
            )
        nowhere = self.work / "not-unlocked.db"
        made += [
            bench.Command(
                "entry-new",
                "status, no agent (console script: the warm check)",
                self.balintlog(nowhere, "status"),
                warm_env,
                check=lambda out: out.startswith(b"Locked"),
            ),
            bench.Command(
                "entry-old",
                "status, no agent (balintlog.cli.main directly)",
                [sys.executable, "-c", OLD_ENTRY, "--vault", str(nowhere), "status"],
                warm_env,
                check=lambda out: out.startswith(b"Locked"),
            ),
        ]
        for cmd in made:
            cmd.runs = runs
        return {cmd.key: cmd for cmd in made}


READS_TIMED = (("list", "case list"), ("show", "case show N"), ("search", "search RARE"), ("sessions", "session list"))
#: (label, command, baseline, at most) -- ratios of medians.
TARGETS = [
    *(
        (f"warm {what} ({name}) ≤ 0.5 × trivial Typer app", f"{key}-warm-{name}", "trivial-run", 0.5)
        for name in ("1-year", "10-year")
        for key, what in READS_TIMED
    ),
    ("warm case add --from FILE (10-year) ≤ 0.6 × trivial Typer app", "add-warm-10-year", "trivial-run", 0.6),
    *(
        (f"warm {fmt} report ({name}) ≤ 0.5 × cold", f"report-{fmt}-warm-{name}", f"report-{fmt}-cold-{name}", 0.5)
        for name in ("1-year", "10-year")
        for fmt in ("terminal", "json", "html")
    ),
    ("cold entry no slower: status with no agent ≤ 1.05 × the old entry", "entry-new", "entry-old", 1.05),
    *(
        (f"warm {what} ({name}) ≥ 2 × faster than {peer}", f"{key}-warm-{name}", f"{peer_key}-{name}", 0.5)
        for name in ("1-year", "10-year")
        for key, what, peer_key, peer in (("list", "case list", "jrnl-short", "jrnl --short"),
                                          ("show", "case show N", "jrnl-n10", "jrnl -n 10"),
                                          ("search", "search RARE", "jrnl-contains", "jrnl -contains"))
    ),
]


def section(cmds: dict[str, bench.Command], runs: int, loads: tuple[float, float], memory: dict[str, Any]) -> str:
    lines = [
        START_MARK,
        "## Warm path (the unlocked agent serves the command)",
        "",
        f"Measured {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} with `python benchmarks/warm.py` "
        f"(median of {runs} runs, interleaved with their baselines).",
        "",
        f"Machine: {bench.machine()}; load average {loads[0]:.1f} before, {loads[1]:.1f} after. "
        "Warm: `balintlog unlock` first, the command handed to the agent. Cold: the same with "
        "`BALINTLOG_NO_AGENT=1` (its own process, the key from the agent). Peak RSS is the calling process's "
        "(the served command's is the agent's, below).",
        "",
        "| Command | wall (median) | wall (range) | vs. trivial app | vs. cold | peak RSS |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    trivial = cmds["trivial-run"].median("wall")
    for key, cmd in cmds.items():
        wall = cmd.median("wall")
        walls = [s.wall for s in cmd.samples]
        cold = cmds.get(key.replace("-warm-", "-cold-")) if "-warm-" in key else None
        vs_cold = f"{wall / cold.median('wall'):.2f} ×" if cold is not None else ""
        lines.append(
            f"| {cmd.label} | {wall:.3f} s | {min(walls):.2f}–{max(walls):.2f} s | {wall / trivial:.2f} × | "
            f"{vs_cold} | {cmd.peak() / bench.MIB:.0f} MiB |"
        )
    lines += ["", "| Target | median | holds |", "|---|---:|:---:|"]
    for label, key, base, most in TARGETS:
        if key in cmds and base in cmds:
            ratio = cmds[key].median("wall") / cmds[base].median("wall")
            lines.append(f"| {label} | {ratio:.2f} × | {'yes' if ratio <= most else '**no**'} |")
    lines += [
        "",
        "Agent memory (resident, from `/proc`): "
        + "; ".join(
            f"{name}: {facts['rss'] / bench.MIB:.0f} MiB idle after the run, the largest served command "
            f"{facts['served_max_rss'] / bench.MIB:.0f} MiB ({facts['served']} commands served)"
            for name, facts in memory.items()
        )
        + ". A served command runs in a fork of the agent, which exits afterwards: the agent's own memory "
        "stays what it was after its warm-up (a fork's peak counts the pages it shares with the agent).",
        "",
        "Reading the figures: the warm path takes away what every cold command pays before its work — "
        "starting Python, importing Typer, rich, SQLAlchemy and cryptography, building the command tree "
        "(the difference between the cold and the warm row of a command). What is left is the command's own "
        "work (reading and checking the sealed rows, unsealing the text, laying out the output), which the "
        "agent does no faster than a cold process; where that work alone is longer than half the trivial "
        "app's start (`case list`, `search`, `session list`, the reports), the ratio to the trivial app "
        "cannot reach the target through the warm path.",
        END_MARK,
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each command (default 5)")
    parser.add_argument("--only", help="comma-separated command keys (the trivial app is always measured)")
    parser.add_argument("--no-write", action="store_true", help="print the section instead of writing RESULTS.md")
    parser.add_argument("--jrnl", metavar="EXE", help="the jrnl executable to measure as the peer (see above)")
    args = parser.parse_args(argv)
    loads = os.getloadavg()[0]
    work = Path(tempfile.mkdtemp(prefix="balintlog-warm-"))
    runner = WarmBench(work)
    runner.jrnl = args.jrnl
    measurer = bench.Measurer(work)
    try:
        runner.prepare()
        cmds = runner.commands(args.runs)
        if args.only:
            keep = set(args.only.split(",")) | {"trivial-run"}
            cmds = {k: c for k, c in cmds.items() if k in keep}
        bench.measure(cmds, args.runs, measurer)
        memory = {name: agent_facts(vault) for name, vault in (("1-year", runner.one), ("10-year", runner.ten))}
        text = section(cmds, args.runs, (loads, os.getloadavg()[0]), memory)
    finally:
        measurer.close()
        runner.cleanup()
        shutil.rmtree(work, ignore_errors=True)
    bench.publish(text, "Warm path", (START_MARK, END_MARK), write=not args.no_write)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
