"""Sessions and block days through the command line: a whole block day,
attendance, conflicts, cancelling, REFs (with the 24-hours default), and the
JSON of list and show."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from conftest import TODAY, Cli

from balintlog.terminal.state import AppState

EVENING = dt.datetime.combine(TODAY, dt.time(18, 30))
PROFESSIONS = ("physician", "psychotherapist", "social_worker", "teacher", "judge", "priest")


@dataclass
class ClockedCli(Cli):
    """The CLI with a clock set to any moment, not only 18:30 of ``today``."""

    now: dt.datetime = EVENING

    def state(self) -> AppState:
        moment = self.now
        return AppState(vault=self.vault, interactive=False, clock=lambda: moment)


def clocked(cli: Cli, now: dt.datetime) -> ClockedCli:
    return ClockedCli(vault=cli.vault, passphrase_file=cli.passphrase_file, now=now)


def with_nord(cli: Cli, *, block_size: int = 4) -> Cli:
    """A block-seminar group with six members of different professions."""
    cli.ok("group", "add", "nord", "--kind", "block", "--start", "2026-01-10", "--block-size", str(block_size))
    for n, profession in enumerate(PROFESSIONS, start=1):
        cli.ok("member", "add", f"M{n}", "--profession", profession)
    return cli


def sessions_json(cli: Cli, *args: str) -> list[dict[str, object]]:
    data = json.loads(cli.ok("session", "list", "--json", *args).stdout)
    assert data["schema"] == "balintlog.sessions/1"
    return list(data["sessions"])


def test_a_whole_block_day(cli: Cli) -> None:
    with_nord(cli)
    started = cli.ok("session", "start", "--block", "--present", "M1,M2", "--present", "M3", "--place", "Haus am See")
    assert started.stdout.splitlines() == [
        "Started nord:1 (block day 1, session 1 of 4) on Thu 26 Nov 2026 with M1, M2, M3.",
        "Planned nord:2 to nord:4; move on with 'balintlog session next'.",
    ]
    assert [(s["ref"], s["status"], s["block"], s["block_pos"], s["present"]) for s in sessions_json(cli)] == [
        ("nord:1", "open", 1, 1, ["M1", "M2", "M3"]),
        ("nord:2", "planned", 1, 2, ["M1", "M2", "M3"]),
        ("nord:3", "planned", 1, 3, ["M1", "M2", "M3"]),
        ("nord:4", "planned", 1, 4, ["M1", "M2", "M3"]),
    ]

    late = cli.ok("session", "attend", "M4")
    assert late.stdout.strip() == "nord:1: M1, M2, M3, M4 present (4 of 6)."

    first = cli.ok("session", "next")
    assert first.stdout.splitlines() == [
        "Ended nord:1 at 18:30.",
        "Started nord:2 (block day 1, session 2 of 4) with M1, M2, M3, M4.",
    ]
    gone = cli.ok("session", "attend", "--absent", "M1", "M5,M6")
    assert gone.stdout.strip() == "nord:2: M2, M3, M4, M5, M6 present (5 of 6)."
    second = cli.ok("session", "next")
    assert second.stdout.splitlines()[1] == "Started nord:3 (block day 1, session 3 of 4) with M2, M3, M4, M5, M6."
    cli.ok("session", "next")
    last = cli.ok("session", "next")
    assert last.stdout.splitlines() == ["Ended nord:4 at 18:30.", "Block day 1 of nord is complete."]

    listed = sessions_json(cli)
    assert [s["status"] for s in listed] == ["ended"] * 4
    assert listed[0]["present"] == ["M1", "M2", "M3", "M4"]
    assert listed[3]["present"] == ["M2", "M3", "M4", "M5", "M6"]
    table = cli.ok("session", "list").stdout
    assert "nord:4" in table and "1: 4/4" in table

    nothing_open = cli("session", "next")
    assert nothing_open.exit_code == 4
    assert "no session is open" in nothing_open.stderr

    group = json.loads(cli.ok("group", "show", "--json").stdout)
    assert group["sessions"]["ended"] == 4 and group["block_days"] == 1


def test_starting_while_one_is_open_is_a_conflict(cli: Cli) -> None:
    with_nord(cli)
    cli.ok("session", "start", "--present", "M1")
    again = cli("session", "start", "--block")
    assert again.exit_code == 5
    assert "nord:1 is still open" in again.stderr
    assert "balintlog session end" in again.stderr
    ended = cli.ok("session", "end")
    assert ended.stdout.strip() == "Ended nord:1 at 18:30 (1 present)."
    other = cli.ok("session", "start", "--date", "yesterday")
    assert other.stdout.startswith("Started nord:1 on Wed 25 Nov 2026;")  # numbers follow the dates
    assert "nobody is marked present yet" in other.stdout
    assert "Session numbers follow the dates: nord:1 is now nord:2." in other.stdout


def test_ending_a_block_day_early_and_cancelling(cli: Cli) -> None:
    with_nord(cli, block_size=3)
    cli.ok("session", "start", "--block", "--present", "M1,M2")
    early = cli.ok("session", "end")
    assert early.stdout.splitlines()[1].startswith("nord:2 and nord:3 of this block day stay planned")
    assert "balintlog session cancel nord:2 nord:3" in early.stdout

    second_block = cli("session", "start", "--block")
    assert second_block.exit_code == 5
    assert "has block day 1 on Thu 26 Nov 2026 already" in second_block.stderr

    resumed = cli.ok("session", "start")  # opens the next planned session of the day
    assert resumed.stdout.startswith("Started nord:2 (block day 1, session 2 of 3)")
    not_planned = cli("session", "cancel", "nord:2")
    assert not_planned.exit_code == 5
    assert "nord:2 is open" in not_planned.stderr
    cli.ok("session", "end")
    cancelled = cli.ok("session", "cancel", "nord:3")
    assert cancelled.stdout.strip() == "Cancelled nord:3 (Thu 26 Nov 2026)."
    assert [s["status"] for s in sessions_json(cli)] == ["ended", "ended", "cancelled"]
    assert sessions_json(cli, "--status", "cancelled")[0]["present"] == []


def test_attendance_errors(cli: Cli) -> None:
    with_nord(cli)
    cli.ok("member", "leave", "M6", "--date", "2026-06-30")
    unknown = cli("session", "start", "--present", "M1,M9")
    assert unknown.exit_code == 4
    assert "nord has no member 'M9'" in unknown.stderr
    gone = cli("session", "start", "--present", "M6")
    assert gone.exit_code == 2
    assert "M6 was not a member of nord on Thu 26 Nov 2026" in gone.stderr
    assert sessions_json(cli) == []

    cli.ok("session", "start", "--present", "M1")
    both = cli("session", "attend", "M2", "--absent", "m2")
    assert both.exit_code == 2
    nothing = cli("session", "attend")
    assert nothing.exit_code == 2
    cli.ok("session", "end")
    future = cli("session", "start", "--date", "tomorrow")
    assert future.exit_code == 2
    assert "in the future" in future.stderr


def test_session_json_is_exact(cli: Cli) -> None:
    with_nord(cli, block_size=2)
    cli.ok("session", "start", "--block", "--present", "M2,M1", "--place", "Seminar house")
    shown = json.loads(cli.ok("session", "show", "--json").stdout)
    assert shown == {
        "schema": "balintlog.session/1",
        "ref": "nord:1",
        "group": "nord",
        "seq": 1,
        "date": "2026-11-26",
        "status": "open",
        "block": 1,
        "block_pos": 1,
        "block_sessions": 2,
        "minutes": 90,
        "start_time": "18:30",
        "end_time": None,
        "mode": "in_person",
        "present": ["M1", "M2"],
        "place": "Seminar house",
        "absent": ["M3", "M4", "M5", "M6"],
        "notes": {"atmosphere": "", "group_process": "", "countertransference": "", "supervision_questions": ""},
    }
    first = {key: value for key, value in shown.items() if key not in ("schema", "place", "absent", "notes")}
    second = {**first, "ref": "nord:2", "seq": 2, "status": "planned", "block_pos": 2, "start_time": None}
    assert sessions_json(cli) == [first, second]
    result = cli.ok("session", "list", "--json")
    assert result.stdout.lstrip().startswith("{") and "\x1b[" not in result.stdout

    text = cli.ok("session", "show").stdout
    assert text.splitlines()[0] == "nord:1  Thu 26 Nov 2026  open"
    assert "Present: M1, M2 (2 of 6)" in text
    assert "Absent:  M3, M4, M5, M6" in text
    assert "block day 1, session 1 of 2, Seminar house" in text


def test_refs_and_the_24_hours_default(cli: Cli) -> None:
    with_nord(cli)
    cli.ok("group", "add", "sued", "--start", "2026-01-01")
    cli.ok("member", "add", "sued", "S1")
    monday = dt.date(2026, 11, 23)
    at = clocked(cli, dt.datetime.combine(monday, dt.time(9, 0)))
    at.ok("session", "start", "--group", "nord", "--present", "M1")
    at.ok("session", "start", "--group", "sued")
    several = at("session", "show", "current")
    assert several.exit_code == 5
    assert "several sessions are open (nord:1, sued:1)" in several.stderr
    assert at("session", "end").exit_code == 5
    at.ok("session", "end", "--group", "sued")
    assert json.loads(at.ok("session", "show", "current", "--json").stdout)["ref"] == "nord:1"

    evening = clocked(cli, dt.datetime.combine(monday, dt.time(20, 15)))
    evening.ok("session", "end")  # the only open one, in any group
    assert json.loads(evening.ok("session", "show", "last", "--json").stdout)["end_time"] == "20:15"
    assert json.loads(evening.ok("session", "show", "sued:1", "--json").stdout)["end_time"] == "09:00"
    assert json.loads(evening.ok("session", "show", "1", "--group", "sued", "--json").stdout)["ref"] == "sued:1"

    # The default REF: the open session, else the one ended in the last 24 hours.
    next_day = clocked(cli, dt.datetime.combine(monday + dt.timedelta(days=1), dt.time(20, 0)))
    assert next_day.ok("session", "attend", "M2").stdout.startswith("nord:1: M1, M2 present")
    too_late = clocked(cli, dt.datetime.combine(monday + dt.timedelta(days=1), dt.time(20, 16)))
    stale = too_late("session", "attend", "M3")
    assert stale.exit_code == 2
    assert "no open session" in stale.stderr and "--session GROUP:N" in stale.stderr
    explicit = too_late.ok("session", "attend", "M3", "--session", "NORD:1")
    assert explicit.stdout.startswith("nord:1: M1, M2, M3 present")
    # show without REF falls back to the latest ended session
    assert json.loads(too_late.ok("session", "show", "--json").stdout)["ref"] == "nord:1"

    missing = cli("session", "show", "nord:7")
    assert missing.exit_code == 4
    assert "nord has no session 7 (sessions 1-1)" in missing.stderr
    unreadable = cli("session", "show", "yesterday")
    assert unreadable.exit_code == 2
    assert "use current, last or GROUP:N" in unreadable.stderr
    no_group = cli("session", "show", "nrd:1")
    assert no_group.exit_code == 4
    assert "did you mean 'nord'?" in no_group.stderr
    nothing_open = cli("session", "show", "current")
    assert nothing_open.exit_code == 4


def test_default_group_for_sessions(cli: Cli) -> None:
    with_nord(cli)
    cli.ok("group", "add", "sued")
    several = cli("session", "start")
    assert several.exit_code == 2
    assert "pass --group" in several.stderr
    cli.ok("session", "start", "-g", "sued")
    assert [s["group"] for s in sessions_json(cli)] == ["sued"]
    assert sessions_json(cli, "--group", "nord") == []
