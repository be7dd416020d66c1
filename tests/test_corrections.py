"""Correcting the day's mistakes through the CLI: edits that change only
what was given, empty input that records nothing, text that fails to parse
kept as a draft, and earlier presentations that can be edited."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from conftest import Cli

CASE = """\
Title: The patient who never complains
Presenter: M3
Client: woman, 54, chronic pain
Relationship: doctor_patient
Institution: rural group practice
Question: Why do I dread her appointments?

## Presentation
She comes every week and never complains.

## Group process
Long silence.

## Resonances
- affect / client / 4 / anger at being dismissed
- bodily / presenter / 3 / heaviness in the chest @M2
- image / relationship / 2 / a locked door #mirroring
- thought / group / 1 / who decides here

## Closing statement
I had not seen how tired I am of her.

## Leader's notes
Why did I rescue the presenter?
"""

NOTES = """\
## Atmosphere
Tired after lunch.

## Group process
The group protected M3.

## My countertransference
Impatient.

## Questions for my supervision
Why do I hurry?
"""

FOLLOW_UP = "Outcome: eased\n\n## What changed\nLighter visits.\n"


@pytest.fixture
def day(cli: Cli) -> Cli:
    """Group nord (M1–M3), an open session nord:1 with case #1."""
    cli.ok("group", "add", "nord", "--start", "2026-01-01")
    for code in ("M1", "M2", "M3"):
        cli.ok("member", "add", "nord", code, "--joined", "2026-01-01")
    cli.ok("session", "start", "--present", "M1,M2,M3")
    cli.ok("case", "add", "--from", "-", input=CASE)
    return cli


def shown(cli: Cli, number: int = 1) -> dict[str, Any]:
    return json.loads(cli.ok("case", "show", str(number), "--json").stdout)  # type: ignore[no-any-return]


def notes(cli: Cli, ref: str = "nord:1") -> dict[str, str]:
    return json.loads(cli.ok("session", "show", ref, "--json").stdout)["notes"]  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- case edit: left out keeps


def test_case_edit_with_one_header_changes_only_that_header(day: Cli) -> None:
    before = shown(day)
    result = day.ok("case", "edit", "1", "--from", "-", input="Institution: city hospital\n")
    after = shown(day)
    assert after == {**before, "institution": "city hospital"}
    assert "removed" not in result.stdout + result.stderr


def test_case_edit_with_an_empty_header_clears_it(day: Cli) -> None:
    before = shown(day)
    day.ok("case", "edit", "1", "--from", "-", input="Institution:\nClient:\n")
    assert shown(day) == {**before, "institution": "", "client": ""}


def test_case_edit_left_out_sections_keep_their_text(day: Cli) -> None:
    before = shown(day)["presentations"][0]
    day.ok("case", "edit", "1", "--from", "-", input="## Group process\nThe group woke up.\n")
    after = shown(day)["presentations"][0]
    assert after == {**before, "group_process": "The group woke up."}


def test_case_edit_says_what_it_removed_and_how_to_bring_it_back(day: Cli) -> None:
    text = "## Resonances\n\n## Closing statement\n"
    result = day.ok("case", "edit", "1", "--from", "-", input=text)
    said = result.stdout + result.stderr
    assert "Removed 4 resonances and the closing statement" in said
    assert "balintlog undo" in said
    after = shown(day)["presentations"][0]
    assert after["resonances"] == [] and after["closing"] == ""
    assert after["account"] == "She comes every week and never complains."


def test_case_edit_of_an_earlier_presentation(day: Cli) -> None:
    day.ok("session", "end")
    day.today = dt.date(2026, 11, 27)
    day.ok("session", "start", "--present", "M3")
    day.ok("case", "follow-up", "1", "--from", "-", input=FOLLOW_UP)
    day.ok("case", "edit", "1", "--first", "--from", "-", input="## Presentation\nFixed first account.\n")
    first, second = shown(day)["presentations"]
    assert first["account"] == "Fixed first account."
    assert second["what_changed"] == "Lighter visits."
    day.ok("case", "edit", "1", "--presentation", "nord:1", "--from", "-", input="Question: Fixed question?\n")
    assert shown(day)["presentations"][0]["question"] == "Fixed question?"
    missing = day("case", "edit", "1", "--presentation", "nord:9", "--from", "-", input="Question: x\n")
    assert missing.exit_code == 4


# --------------------------------------------------------------------------- session note


def test_session_note_from_with_some_sections_changes_only_those(day: Cli) -> None:
    day.ok("session", "note", "--from", "-", input=NOTES)
    day.ok("session", "note", "--from", "-", input="## Atmosphere\nLively later.\n")
    assert notes(day) == {
        "atmosphere": "Lively later.",
        "group_process": "The group protected M3.",
        "countertransference": "Impatient.",
        "supervision_questions": "Why do I hurry?",
    }


def test_session_note_append_adds_to_the_sections_given(day: Cli) -> None:
    day.ok("session", "note", "--from", "-", input=NOTES)
    day.ok("session", "note", "--append", "--from", "-", input="## Atmosphere\nLively later.\n")
    assert notes(day)["atmosphere"] == "Tired after lunch.\n\nLively later."
    assert notes(day)["countertransference"] == "Impatient."


def test_session_note_empty_section_clears_and_says_so(day: Cli) -> None:
    day.ok("session", "note", "--from", "-", input=NOTES)
    result = day.ok("session", "note", "--from", "-", input="## My countertransference\n")
    assert "Removed your countertransference" in result.stdout + result.stderr
    assert notes(day)["countertransference"] == ""


# --------------------------------------------------------------------------- empty input cancels


@pytest.mark.parametrize(
    "args",
    [
        ("session", "note", "--from", "-"),
        ("case", "add", "--from", "-"),
        ("case", "edit", "1", "--from", "-"),
        ("case", "follow-up", "1", "--from", "-"),
    ],
)
@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_input_records_nothing_and_exits_1(day: Cli, args: tuple[str, ...], text: str) -> None:
    day.ok("session", "note", "--from", "-", input=NOTES)
    before = (shown(day), notes(day))
    result = day(*args, input=text)
    assert result.exit_code == 1
    assert "nothing was saved" in result.stderr.lower()
    assert "Recorded" not in result.stdout
    assert (shown(day), notes(day)) == before


# --------------------------------------------------------------------------- text that fails to parse


def test_unparsable_text_from_stdin_is_kept_as_a_draft(day: Cli) -> None:
    broken = CASE.replace("Title: The patient who never complains", "Title: Second case").replace(
        "doctor_patient", "docter_patient"
    )
    result = day("case", "add", "--from", "-", input=broken)
    assert result.exit_code == 2
    (draft,) = json.loads(day.ok("draft", "list", "--json").stdout)["drafts"]
    assert f"--resume-draft {draft['id']}" in result.stderr
    assert f"draft show {draft['id']}" in result.stderr
    assert day.ok("draft", "show", draft["id"]).stdout == broken


def test_vault_problems_and_syntax_problems_come_in_one_round(day: Cli) -> None:
    text = "Title: T\nPresenter: M9\nRelationship: cousin\n\n## Resonances\n- affect / client / 2 / a @X1\n"
    result = day("case", "add", "--from", "-", input=text)
    assert result.exit_code == 2
    assert "line 2: nord has no member 'M9'" in result.stderr
    assert "line 3: unknown relationship 'cousin'" in result.stderr
    assert "line 6: unknown source '@X1'" in result.stderr


def test_resonance_lines_under_another_heading_are_warned_about(day: Cli) -> None:
    text = "## Closing statement\nIt helped.\n- affect / client / 3 / anger\n"
    result = day.ok("case", "edit", "1", "--from", "-", input=text)
    assert "line 3 looks like a resonance but is under '## Closing statement'" in result.stderr


# --------------------------------------------------------------------------- sessions put right


def session_refs(cli: Cli) -> list[tuple[str, str, str]]:
    listed = json.loads(cli.ok("session", "list", "--json").stdout)["sessions"]
    return [(s["ref"], s["date"], s["status"]) for s in listed]


def test_a_back_filled_session_takes_its_place_in_date_order(day: Cli) -> None:
    day.ok("session", "end")
    result = day.ok("session", "start", "--date", "2026-11-19", "--present", "M1")
    assert "nord:1 is now nord:2" in result.stdout + result.stderr
    day.ok("session", "end")
    assert session_refs(day) == [("nord:1", "2026-11-19", "ended"), ("nord:2", "2026-11-26", "ended")]
    assert shown(day)["presentations"][0]["session"] == "nord:2"


def test_session_edit_moves_an_ended_session_and_renumbers(day: Cli) -> None:
    day.ok("session", "end")
    day.today = dt.date(2026, 12, 3)
    day.ok("session", "start", "--present", "M1")
    day.ok("session", "end")
    result = day.ok("session", "edit", "nord:2", "--date", "2026-11-12")
    said = result.stdout + result.stderr
    assert "Thu 12 Nov 2026" in said and "nord:2 is now nord:1" in said
    assert session_refs(day) == [("nord:1", "2026-11-12", "ended"), ("nord:2", "2026-11-26", "ended")]


def test_session_edit_times_minutes_mode_and_place(day: Cli) -> None:
    day.ok("session", "end")
    day.ok("session", "edit", "nord:1", "--start", "15:30", "--end", "17:00", "--mode", "online")
    got = json.loads(day.ok("session", "show", "nord:1", "--json").stdout)
    assert (got["start_time"], got["end_time"], got["minutes"], got["mode"]) == ("15:30", "17:00", 90, "online")
    no_block = day("session", "edit", "nord:1", "--place", "Zoom")
    assert no_block.exit_code == 2 and "not part of a block day" in no_block.stderr
    day.ok("session", "edit", "nord:1", "--minutes", "75")
    assert json.loads(day.ok("session", "show", "nord:1", "--json").stdout)["minutes"] == 75
    bad = day("session", "edit", "nord:1", "--start", "18:00", "--end", "17:00")
    assert bad.exit_code == 2 and "before" in bad.stderr


def test_session_edit_sets_the_place_of_a_block_day(cli: Cli) -> None:
    cli.ok("group", "add", "nord", "--kind", "block", "--start", "2026-01-01", "--block-size", "2")
    cli.ok("member", "add", "nord", "M1")
    cli.ok("session", "start", "--block", "--present", "M1")
    cli.ok("session", "edit", "nord:2", "--place", "Haus am See")
    assert json.loads(cli.ok("session", "show", "nord:1", "--json").stdout)["place"] == "Haus am See"


def test_session_delete_refuses_a_session_with_cases_unless_asked(day: Cli) -> None:
    day.ok("session", "end")
    refused = day("session", "delete", "nord:1", "--yes")
    assert refused.exit_code == 5 and "--with-cases" in refused.stderr
    assert len(session_refs(day)) == 1
    day.ok("session", "delete", "nord:1", "--with-cases", "--yes")
    assert session_refs(day) == []
    assert json.loads(day.ok("case", "list", "--json").stdout)["cases"] == []


def test_session_delete_of_a_mistaken_session_renumbers_the_later_ones(day: Cli) -> None:
    day.ok("session", "end")
    day.today = dt.date(2026, 12, 3)
    day.ok("session", "start", "--date", "2026-11-30", "--present", "M1")
    day.ok("session", "end")
    day.ok("session", "start", "--present", "M1")
    day.ok("session", "end")
    unconfirmed = day("session", "delete", "nord:2")
    assert unconfirmed.exit_code == 2 and "--yes" in unconfirmed.stderr
    result = day.ok("session", "delete", "nord:2", "--yes")
    assert "nord:3 is now nord:2" in result.stdout + result.stderr
    assert session_refs(day) == [("nord:1", "2026-11-26", "ended"), ("nord:2", "2026-12-03", "ended")]


# --------------------------------------------------------------------------- members


def test_member_add_without_joined_joins_at_the_start_before_any_session(cli: Cli) -> None:
    cli.ok("group", "add", "nord", "--start", "2026-01-10")
    result = cli.ok("member", "add", "nord", "M1")
    assert "joined Sat 10 Jan 2026" in result.stdout
    assert "from the start" in cli.ok("member", "list", "nord").stdout


def test_member_add_without_joined_joins_today_once_sessions_were_held(day: Cli) -> None:
    result = day.ok("member", "add", "nord", "M4")
    assert "joined Thu 26 Nov 2026" in result.stdout
    members = json.loads(day.ok("member", "list", "nord", "--json").stdout)["members"]
    assert [m["joined"] for m in members if m["code"] == "M4"] == ["2026-11-26"]


# --------------------------------------------------------------------------- cases put right


def test_case_reopen_brings_a_closed_case_back(day: Cli) -> None:
    day.ok("case", "close", "1", "--status", "lost")
    result = day.ok("case", "reopen", "1")
    assert "open" in result.stdout
    assert shown(day)["status"] == "open"
    again = day("case", "reopen", "1")
    assert again.exit_code == 5 and "open already" in again.stderr


def test_a_duplicate_case_add_is_refused_without_a_terminal(day: Cli) -> None:
    refused = day("case", "add", "--from", "-", input=CASE)
    assert refused.exit_code == 5
    assert "#1" in refused.stderr and "--allow-duplicate" in refused.stderr
    assert len(json.loads(day.ok("case", "list", "--json").stdout)["cases"]) == 1
    day.ok("case", "add", "--allow-duplicate", "--from", "-", input=CASE)
    assert len(json.loads(day.ok("case", "list", "--json").stdout)["cases"]) == 2





# --------------------------------------------------------------------------- bad input, clear errors


@pytest.mark.parametrize(
    "args",
    [
        ("case", "show", str(2**63)),
        ("case", "show", "9" * 30),
        ("session", "show", f"nord:{2**63}"),
        ("case", "follow-up", str(2**64), "--from", "-"),
    ],
)
def test_numbers_beyond_the_vault_are_a_usage_error(day: Cli, args: tuple[str, ...]) -> None:
    result = day(*args, input="Outcome: eased\n")
    assert result.exit_code == 2, result.stderr
    assert "too large" in result.stderr
    assert "unexpected" not in result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("Error")] == [
        line for line in result.stderr.splitlines() if "too large" in line
    ]


def test_invalid_utf8_on_stdin_is_a_clear_error(day: Cli) -> None:
    result = day("session", "note", "--from", "-", input=b"## Atmosphere\nbad \xff byte\n")  # type: ignore[arg-type]
    assert result.exit_code == 2
    assert "not UTF-8" in result.stderr and "unexpected" not in result.stderr


def test_a_fifo_as_from_file_is_refused_without_hanging(day: Cli, tmp_path: Any) -> None:
    import os

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = day("case", "edit", "1", "--from", str(fifo))
    assert result.exit_code == 2 and "not a regular file" in result.stderr
    assert "disk full" not in result.stderr


def test_proc_self_mem_as_from_file_is_refused(day: Cli) -> None:
    result = day("case", "edit", "1", "--from", "/proc/self/mem")
    assert result.exit_code == 2 and "not a regular file" in result.stderr


def test_a_title_too_long_is_refused_with_the_bound(day: Cli) -> None:
    result = day("case", "edit", "1", "--from", "-", input="Title: " + "x" * 5000 + "\n")
    assert result.exit_code == 2 and "at most 200 fit" in result.stderr


def test_control_characters_in_stored_text_are_shown_escaped(day: Cli) -> None:
    day.ok("case", "edit", "1", "--from", "-", input="Title: evil \x1b]0;owned\x07 title\n")
    for args in (("case", "show", "1"), ("case", "list")):
        out = day.ok(*args).stdout
        assert "\x1b]0;owned" not in out and "\x07" not in out
    assert "evil \\e]0;owned" in day.ok("case", "show", "1").stdout
    assert shown(day)["title"] == "evil \x1b]0;owned\x07 title"


def test_a_report_range_far_beyond_the_data_covers_only_the_years_of_data(day: Cli) -> None:
    day.ok("session", "end")
    result = day.ok("report", "--since", "0001-01-01", "--until", "9999-12-31", "--format", "json")
    period = json.loads(result.stdout)["period"]
    assert (period["from"], period["to"]) == ("2025-01-01", "2027-12-31")
    assert "0001" in period["label"] and "9999" in period["label"]
    assert json.loads(result.stdout)["totals"]["sessions"] == 1
    assert "nord" in day.ok("report", "--since", "0001-01-01", "--until", "9999-12-31").stdout


def test_search_shows_the_first_hundred_matches_and_says_how_many_more(day: Cli) -> None:
    lines = "".join(f"- affect / client / 2 / echo {n}\n" for n in range(130))
    day.ok("case", "add", "--from", "-", input=f"Title: Many\nPresenter: M1\n\n## Resonances\n{lines}")
    result = day.ok("search", "echo")
    assert "130 matches; the first 100 are shown, 30 more with --all." in result.stderr
    assert json.loads(day.ok("search", "echo", "--json").stdout)["more"] == 30
    assert len(json.loads(day.ok("search", "echo", "--json", "--all").stdout)["hits"]) == 130


def test_a_search_hit_in_a_long_text_keeps_only_its_surroundings(day: Cli) -> None:
    account = "x" * 5000 + " NEEDLE " + "y" * 5000
    day.ok("case", "edit", "1", "--from", "-", input=f"## Presentation\n{account}\n")
    (hit,) = json.loads(day.ok("search", "needle", "--json").stdout)["hits"]
    assert "NEEDLE" in hit["snippet"] and len(hit["snippet"]) < 200


def test_free_text_options_can_come_from_stdin_instead_of_the_command_line(cli: Cli) -> None:
    cli.ok("group", "add", "nord", "--name", "-", "--start", "2026-01-01", input="Klinik Sonnenhang\n")
    assert json.loads(cli.ok("group", "show", "nord", "--json").stdout)["name"] == "Klinik Sonnenhang"
    cli.ok("member", "add", "nord", "M1", "--field", "-", input="palliative care\n")
    assert json.loads(cli.ok("member", "list", "nord", "--json").stdout)["members"][0]["field"] == "palliative care"
    two = cli("group", "edit", "nord", "--name", "-", "--institution", "-", input="A\n")
    assert two.exit_code == 2 and "stdin went to another option already" in two.stderr


def test_free_text_options_are_asked_for_on_a_terminal(cli: Cli) -> None:
    cli.interactive = True
    cli.ok("group", "add", "nord", "--kind", "block", "--start", "2026-01-01", "--block-size", "1")
    cli.ok("member", "add", "nord", "M1")
    cli.ok("session", "start", "--block", "--place", "-", "--present", "M1", input="Haus am See\n")
    assert json.loads(cli.ok("session", "show", "nord:1", "--json").stdout)["place"] == "Haus am See"


def test_a_continuous_group_speaks_of_no_block_days(cli: Cli) -> None:
    added = cli.ok("group", "add", "sued", "--kind", "continuous")
    assert "block days" not in added.stdout
    assert "block days" not in cli.ok("group", "show", "sued").stdout


def test_session_show_says_when_the_clock_and_the_counted_minutes_differ(day: Cli) -> None:
    day.ok("session", "end")
    shown_text = day.ok("session", "show", "nord:1").stdout
    assert "18:30–18:30, 90 min counted (0 min by the clock; 'balintlog session edit' corrects either)" in shown_text
    day.ok("session", "edit", "nord:1", "--start", "17:00", "--end", "18:30")
    assert "17:00–18:30, 90 min," in day.ok("session", "show", "nord:1").stdout


def test_member_help_summaries_are_whole_sentences(cli: Cli) -> None:
    listed = cli.ok("member", "--help").stdout
    assert "Add a member to a group under a pseudonym code such as M3." in listed


def test_a_case_before_any_session_suggests_starting_one(cli: Cli) -> None:
    cli.ok("group", "add", "nord", "--start", "2026-01-01")
    cli.ok("member", "add", "nord", "M1")
    result = cli("case", "add", "--from", "-", input="Title: T\nPresenter: M1\n")
    assert result.exit_code == 2
    assert "no session was held yet; start one with 'balintlog session start'" in result.stderr


def test_case_list_gives_the_title_the_width_at_80_columns(day: Cli) -> None:
    title = "Die Patientin, die nie klagt und trotzdem jede Woche in die Sprechstunde kommt"
    day.ok("case", "edit", "1", "--from", "-", input=f"Title: {title}\n")
    lines = day.ok("case", "list", env={"COLUMNS": "80"}).stdout.splitlines()
    header = lines[0].split("┃")
    assert [h.strip() for h in header] == ["Case", "Title", "Presenter", "Status", "Times", "Last"]
    assert len(header[1]) >= 30 and all(len(line) <= 80 for line in lines)
