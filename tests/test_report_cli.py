"""``balintlog report`` against data entered through the CLI: the JSON
report's counts, shifts, attendance and outcomes are worked out by hand
from the entries below. Today is Thu 26 Nov 2026 (the ``cli`` clock), so the
default period is 27 Nov 2025 to 26 Nov 2026.

The vault (one for the module):

* ``nord`` (block group, from 1 Jun 2025): M1 judge, M2 teacher, M3 priest
  (joined 1 Feb 2026), M4 mediator (never comes).
* ``sued`` (continuous, from 1 Jan 2026): S1; no session ever.
* nord:1, 10 Oct 2025 (before the period): case #1 first presented by M1.
* nord:2-5, block day 14 Mar 2026, all with M1 M2 M3 at first: #1 follow-up
  (eased) in nord:2; M3 leaves after nord:2; #2 first presented by M2 in
  nord:3; nord:4 and nord:5 follow.
* nord:6, 20 Jun 2026, M1 M3 (and M2, marked present as the presenter):
  #2 follow-up (worsened); session notes with a question for supervision.
"""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, make_cli

CASE_1 = """\
Title: The mother who waits
Presenter: M1
Client: woman, 38, custody dispute
Relationship: judge_party
Institution: family court
Question: Why do I side with the mother?
Kind: first

## Resonances
- affect / client / 4 / anger at the father
- image / relationship / 2 / a waiting room without chairs
"""

FOLLOW_UP_1 = """\
Question: What does the court expect of me?
Kind: follow_up
Outcome: eased

## Resonances
- absence / institution / 4 / the group fell silent, like the court file #mirroring
- thought / client / 2 / she has done this before

## What changed
The hearing was postponed; she calmed down.
"""

CASE_2 = """\
Title: The boy at the back
Presenter: M2
Client: pupil, 14
Relationship: teacher_pupil
Institution: comprehensive school
Question: Can I reach him at all?
Kind: first

## Resonances
- affect / client / 5 / despair
- bodily / presenter / 3 / tight throat @M1 #mirroring
"""

FOLLOW_UP_2 = """\
Question: Should I hand him over to the school social worker?
Kind: follow_up
Outcome: worsened

## Resonances
- absence / institution / 3 / nobody answered the question #mirroring

## Leader's notes
I felt the urge to protect M2.
"""

NOTES = """\
## Atmosphere
Tired, summer heat.

## Questions for my supervision
Why do I hold back with M4?
"""


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cli]:
    home = tmp_path_factory.mktemp("report-home")
    (home / "run").mkdir(mode=0o700)
    runner = make_cli(home)
    runner.env = {"HOME": str(home), "XDG_RUNTIME_DIR": str(home / "run"), "BALINTLOG_DATA_DIR": str(home / "data")}
    ok = runner.ok
    ok("init", "--insecure-test-kdf")
    ok("group", "add", "nord", "--name", "Balint group North", "--kind", "block", "--start", "2025-06-01")
    for code, profession in (("M1", "judge"), ("M2", "teacher"), ("M4", "mediator")):
        ok("member", "add", "nord", code, "--profession", profession)
    ok("member", "add", "nord", "M3", "--profession", "priest", "--joined", "2026-02-01")
    ok("group", "add", "sued", "--name", "South", "--kind", "continuous", "--start", "2026-01-01")
    ok("member", "add", "sued", "S1", "--profession", "physician")

    ok("session", "start", "-g", "nord", "--date", "2025-10-10", "--present", "M1,M2,M4")
    ok("case", "add", "--from", "-", input=CASE_1)
    ok("session", "end", "-g", "nord")

    ok("session", "start", "-g", "nord", "--block", "--date", "2026-03-14", "--present", "M1,M2,M3")
    ok("case", "follow-up", "1", "--from", "-", input=FOLLOW_UP_1)
    ok("session", "next", "-g", "nord")
    ok("session", "attend", "-g", "nord", "--absent", "M3")
    ok("case", "add", "--from", "-", input=CASE_2)
    for _ in range(3):
        ok("session", "next", "-g", "nord")

    ok("session", "start", "-g", "nord", "--date", "2026-06-20", "--present", "M1,M3")
    ok("case", "follow-up", "2", "--from", "-", input=FOLLOW_UP_2)
    ok("session", "note", "--from", "-", input=NOTES)
    ok("session", "end", "-g", "nord")
    yield runner


def report(cli: Cli, *args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(cli.ok("report", "--json", *args).stdout)
    assert data["schema"] == "balintlog.report/1"
    return data


@pytest.fixture(scope="module")
def year(vault: Cli) -> dict[str, Any]:
    return report(vault)


def test_default_period_is_the_last_twelve_months(vault: Cli, year: dict[str, Any]) -> None:
    assert year["period"] == {"from": "2025-11-27", "to": "2026-11-26", "label": "last 12 months"}
    assert report(vault, "--year")["period"] == year["period"]
    assert report(vault, "--year", "--group", "nord")["period"] == year["period"]


def test_totals(year: dict[str, Any]) -> None:
    totals = year["totals"]
    assert (totals["groups"], totals["sessions"], totals["block_days"]) == (2, 5, 1)  # nord:2-6
    assert (totals["minutes"], totals["hours"], totals["double_sessions"]) == (450, 7.5, 5.0)
    assert (totals["cases"], totals["new_cases"]) == (2, 1)  # #1 began in Oct 2025
    assert (totals["first_presentations"], totals["follow_ups"]) == (1, 2)
    assert totals["members"] == 5  # M1-M4 and S1
    # nord:2 3 of 4, nord:3-5 2 of 4 (M3 left the day), nord:6 3 of 4: 3.0 / 5
    assert totals["mean_attendance_rate"] == 0.6
    assert (totals["resonances"], totals["mirroring"]) == (5, 3)


def test_attendance_matrix(year: dict[str, Any]) -> None:
    nord = next(g for g in year["groups"] if g["handle"] == "nord")
    assert nord["attendance"]["sessions"] == ["nord:2", "nord:3", "nord:4", "nord:5", "nord:6"]
    assert nord["attendance"]["matrix"] == {
        "M1": [True] * 5,
        "M2": [True] * 5,  # nord:6 as the presenter of the follow-up
        "M3": [True, False, False, False, True],
        "M4": [False] * 5,
    }
    assert {m["code"]: m["presentations"] for m in nord["members"]} == {"M1": 1, "M2": 2, "M3": 0, "M4": 0}
    assert nord["not_presented"] == ["M3", "M4"]
    assert [(r["kind"], r["level"], r["sessions"], r["cases"]) for r in nord["recurring_mirroring"]] == [
        ("absence", "institution", ["nord:2", "nord:6"], [1, 2])
    ]
    assert [q["count"] for q in nord["resonance_profile_by_quarter"]] == [0, 4, 1, 0, 0]  # 2025-Q4 .. 2026-Q4


def test_case_first_presented_before_the_period(year: dict[str, Any]) -> None:
    first = year["cases"][0]
    assert (first["number"], first["new"], first["opened"]) == (1, False, "2025-10-10")
    assert [p["session"] for p in first["presentations"]] == ["nord:2"]
    assert first["outcomes"] == ["eased"] and first["shift"] is None
    assert first["sessions_since_last"] == 4 and not first["stale"]  # nord:3-6
    assert first["status"] == "followed_up"


def test_case_shift_and_outcomes(year: dict[str, Any]) -> None:
    second = year["cases"][1]
    assert [p["question"] for p in second["presentations"]] == [
        "Can I reach him at all?",
        "Should I hand him over to the school social worker?",
    ]
    assert second["presentations"][0]["resonances"]["mean_intensity"] == 4.0  # (5 + 3) / 2
    assert second["outcomes"] == ["worsened"]
    assert second["shift"] == {
        "kinds_appeared": ["absence"],
        "kinds_faded": ["affect", "bodily"],
        "mean_intensity_change": -1.0,  # 4.0 -> 3.0
        # client 1, presenter 1 is a tie, whatever the intensities: no level moved, counts changed
        "dominant_level": {"from": None, "to": "institution"},
        "by_level": {"from": {"client": 1, "presenter": 1}, "to": {"institution": 1}},
    }


def test_supervision_notes(year: dict[str, Any]) -> None:
    assert [(s["session"], s["kind"], s["case"], s["text"]) for s in year["supervision"]] == [
        ("nord:6", "leader_notes", 2, "I felt the urge to protect M2."),
        ("nord:6", "question", None, "Why do I hold back with M4?"),
    ]


def test_calendar_year(vault: Cli) -> None:
    data = report(vault, "--year", "2025")
    assert data["period"] == {"from": "2025-01-01", "to": "2025-12-31", "label": "2025"}
    assert [g["handle"] for g in data["groups"]] == ["nord"]  # sued starts in 2026
    assert data["totals"]["sessions"] == 1 and data["cases"][0]["new"] is True
    assert [m["code"] for m in data["groups"][0]["members"]] == ["M1", "M2", "M4"]  # M3 joined in 2026


def test_an_empty_period(vault: Cli) -> None:
    data = report(vault, "--since", "2026-07-01", "--until", "2026-08-31")
    assert data["totals"]["sessions"] == 0 and data["totals"]["cases"] == 0
    assert data["totals"]["mean_attendance_rate"] is None
    assert data["cases"] == [] and data["supervision"] == []
    out = vault.ok("report", "--since", "2026-07-01", "--until", "2026-08-31").stdout
    assert "No case was presented in this period." in out


def test_a_group_with_no_sessions(vault: Cli) -> None:
    data = report(vault, "--group", "sued")
    (sued,) = data["groups"]
    assert (sued["sessions"], sued["presentations"], sued["not_presented"]) == (0, 0, ["S1"])
    assert data["totals"]["sessions"] == 0 and data["scope"] == {"group": "sued", "case": None}


def test_one_case_whole_history(vault: Cli) -> None:
    data = report(vault, "--case", "1", "--year", "2026")  # the period does not narrow a case
    (case,) = data["cases"]
    assert data["period"]["from"] == "2025-10-10" and data["scope"]["case"] == 1
    assert [p["session"] for p in case["presentations"]] == ["nord:1", "nord:2"]
    assert case["shift"] == {
        "kinds_appeared": ["thought", "absence"],
        "kinds_faded": ["affect", "image"],
        "mean_intensity_change": 0.0,  # (4 + 2) / 2 both times
        "dominant_level": {"from": None, "to": None},  # one resonance per level both times
        "by_level": {"from": {"client": 1, "relationship": 1}, "to": {"client": 1, "institution": 1}},
    }
    assert case["sessions_since_last"] == 4  # nord:3-6, up to today
    assert [s["ref"] for s in data["sessions"]] == ["nord:1", "nord:2"]


def test_usage_errors(vault: Cli) -> None:
    both = vault("report", "--year", "2025", "--since", "2025-03-01")
    assert both.exit_code == 2 and "--year cannot be combined" in both.stderr
    bare = vault("report", "--year", "--until", "2026-01-01")
    assert bare.exit_code == 2
    assert vault("report", "--year", "soon").exit_code == 2
    backwards = vault("report", "--since", "2026-05-01", "--until", "2026-01-01")
    assert backwards.exit_code == 2 and "swap them" in backwards.stderr
    assert vault("report", "--format", "pdf").exit_code == 2
    assert vault("report", "--case", "99").exit_code == 4


def test_terminal_report_reads_as_a_report(vault: Cli) -> None:
    out = vault.ok("report").stdout
    for expected in (
        "Overview",
        "The group nord",
        "#2 The boy at the back",
        "Can I reach him at all?",
        "levels client 1→0, presenter 1→0, institution 0→1",
        "For supervision",
        "Why do I hold back with M4?",
    ):
        assert expected in out
    assert max(len(line) for line in out.splitlines()) <= 80


@pytest.mark.parametrize(("fmt", "marker"), [("markdown", "## Each case's development"), ("html", "<svg")])
def test_output_file_is_private(vault: Cli, tmp_path: Path, fmt: str, marker: str) -> None:
    target = tmp_path / f"report.{fmt}"
    result = vault.ok("report", "--format", fmt, "--output", str(target))
    assert result.stdout == "" and str(target) in result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert marker in target.read_text(encoding="utf-8")


def test_an_open_session_is_counted_and_named(cli: Cli) -> None:
    """Right after ``case add`` in a session not yet ended, the case is in the
    report, and the report says the session is still open."""
    cli.ok("group", "add", "nord", "--name", "North", "--kind", "continuous", "--start", "2026-01-01")
    cli.ok("member", "add", "nord", "M1", "--profession", "judge")
    cli.ok("session", "start", "-g", "nord", "--date", "2026-11-26", "--present", "M1")
    cli.ok("case", "add", "--from", "-", input=CASE_1.replace("Presenter: M1", "Presenter: M1"))
    data = report(cli)
    assert data["totals"]["sessions"] == 1 and [c["number"] for c in data["cases"]] == [1]
    assert data["open_sessions"] == ["nord:1"]
    out = cli.ok("report").stdout
    assert "No case was presented" not in out
    assert "Still open: nord:1" in out and "#1 The mother who waits" in out


def test_detail_and_context(vault: Cli) -> None:
    brief = report(vault, "--case", "1", "--detail", "brief")
    first = brief["cases"][0]["presentations"][0]
    # brief: the strong (affect 4) quoted, the faint image (2) not; no account
    assert [r["text"] for r in first["resonance_texts"]] == ["anger at the father"]
    assert first["account"] is None and brief["detail"] == "brief"
    full = report(vault, "--case", "1")  # a handout carries the words
    texts = [r["text"] for r in full["cases"][0]["presentations"][0]["resonance_texts"]]
    assert texts == ["anger at the father", "a waiting room without chairs"]  # client before relationship
    assert full["cases"][0]["presentations"][0]["account"] == ""
    assert full["detail"] == "full" and report(vault)["detail"] == "brief"
    plain = vault.ok("report", "--without-context", "--format", "markdown").stdout
    assert "family court" not in plain and "custody dispute" not in plain
    assert "family court" in vault.ok("report", "--format", "markdown").stdout


def test_a_groups_own_stale_threshold(vault: Cli) -> None:
    # #2 was last presented in nord:6, the latest session: stale after 0 block days is not allowed
    assert vault("group", "edit", "nord", "--stale-after", "-1").exit_code == 2
    vault.ok("group", "edit", "nord", "--stale-after", "1")
    try:
        cases = {c["number"]: c for c in report(vault)["cases"]}
        # #1 was last presented on the block day of 14 Mar; 20 Jun is one block day later
        assert cases[1]["block_days_since_last"] == 1 and cases[1]["stale"]
        assert cases[1]["stale_after"] == {"count": 1, "unit": "block_days"}
    finally:
        vault.ok("group", "edit", "nord", "--stale-after", "0")
    assert report(vault)["cases"][0]["stale_after"] == {"count": 2, "unit": "block_days"}


def test_every_format_shows_the_same_totals_and_lists(vault: Cli) -> None:
    data = report(vault, "--detail", "full")
    texts = {fmt: vault.ok("report", "--detail", "full", "--format", fmt).stdout for fmt in ("markdown", "html")}
    texts["terminal"] = vault.ok("report", "--detail", "full").stdout
    totals = data["totals"]
    def words(text: str) -> str:  # wrapped lines joined again
        return " ".join(text.split())

    for fmt, text in texts.items():
        plain = words(text.replace("&#39;", "'"))
        assert f"{totals['presentations']} ({totals['first_presentations']} first" in plain, fmt
        assert f"{totals['resonances']} ({totals['mirroring']} mirroring)" in plain, fmt
        for case in data["cases"]:
            assert f"#{case['number']} {case['title']}" in plain, fmt
            for p in case["presentations"]:
                for kind, count in p["resonances"]["by_kind"].items():  # every kind, none cut
                    assert f"{kind} {count}" in plain, fmt
                for r in p["resonance_texts"]:
                    assert words(r["text"]) in plain, fmt
        for group in data["groups"]:
            for e in group["mirroring_events"]:
                assert words(e["text"]) in plain, fmt
        for item in data["supervision"]:
            assert words(item["text"]) in plain, fmt
