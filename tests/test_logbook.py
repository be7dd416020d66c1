"""The leader's logbook: the template in either language, entries sealed
in the vault and undone through the change log, and the report's totals
against sessions counted by hand."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import Cli

from balintlog import i18n
from balintlog.domain import LogbookKind
from balintlog.errors import TemplateError
from balintlog.template import blank_logbook_template, parse_logbook

TODAY = dt.date(2026, 11, 26)

SUPERVISION = """\
Kind: supervision
Date: 2026-03-01
Hours: 1,5
With: Dr. Sommer
Format: individual

## Notes
SEALED-NOTE-4471 about the silent group
"""
SEMINAR_DE = """\
Art: Gruppenleiterseminar
Datum: 14.02.2026
DS: 5
Titel: Leiterseminar in Bad Boll
"""
CO_LED = "Kind: co-led\nDate: 2026-04-02\nDS: 2\nSessions: 2\nWith: Dr. Winter\n"
MEMBER = "Kind: member\nDate: 2026-05-05\nDS: 20\nSessions: 20\nTitle: Balintgruppe Süd\n"


def test_the_blank_template_in_either_language_lists_every_header_and_fails_until_filled() -> None:
    for language, kind_key in (("en", "Kind:"), ("de", "Art:")):
        i18n.set_language(language)
        blank = blank_logbook_template()
        assert kind_key in blank
        with pytest.raises(TemplateError) as caught:
            parse_logbook(blank, today=TODAY)
        assert len(caught.value.problems) == 3  # kind, date, DS or hours


def test_a_german_and_an_english_template_are_the_same_entry() -> None:
    german = parse_logbook(SEMINAR_DE, today=TODAY)
    english = parse_logbook(
        "Kind: leader_seminar\nDate: 2026-02-14\nDS: 5\nTitle: Leiterseminar in Bad Boll\n", today=TODAY
    )
    assert german == english
    assert german.kind is LogbookKind.LEADER_SEMINAR and german.minutes == 450


def test_every_problem_is_named_with_its_line() -> None:
    text = "Kind: lunch\nDate: someday\nDS: 2\nHours: 3\nSessions: many\n"
    with pytest.raises(TemplateError) as caught:
        parse_logbook(text, today=TODAY)
    problems = caught.value.problems
    assert problems[0].startswith("line 1: unknown logbook kind 'lunch'")
    assert problems[1].startswith("line 2: ")
    assert problems[2] == "line 4: give DS or Hours, not both"
    assert problems[3].startswith("line 5: Sessions must be a whole number")
    with pytest.raises(TemplateError) as caught:
        parse_logbook("Kind: supervision\nDate: today\nHours: 1\n", today=TODAY)
    assert caught.value.problems == ["line 1: missing header 'With:' (the supervisor)"]


def add(cli: Cli, text: str) -> str:
    out = cli.ok("logbook", "add", "--from", "-", input=text).stdout
    assert out.startswith("Recorded logbook entry ")
    return out.split()[3].rstrip(":")


def test_entries_are_listed_sealed_and_undone_through_the_change_log(cli: Cli) -> None:
    first = add(cli, SUPERVISION)
    add(cli, SEMINAR_DE)
    listed = json.loads(cli.ok("logbook", "list", "--json").stdout)
    assert listed["schema"] == "balintlog.logbook/1"
    entries = listed["entries"]
    assert [e["kind"] for e in entries] == ["leader_seminar", "supervision"]  # in order of day
    assert entries[1]["id"].startswith(first) and entries[1]["minutes"] == 90 and entries[1]["with"] == "Dr. Sommer"
    assert "SEALED-NOTE-4471" in entries[1]["notes"]
    table = cli.ok("logbook", "list", env={"COLUMNS": "200"}).stdout
    assert "supervision received" in table and "leader seminar" in table
    # Sealed: neither the note nor the supervisor is in the vault's files.
    for path in cli.vault.parent.iterdir():
        data = path.read_bytes()
        assert b"SEALED-NOTE-4471" not in data and b"Dr. Sommer" not in data
    assert cli.ok("verify").stdout.startswith("OK")
    # The latest add is undone, then a delete is undone.
    cli.ok("undo", "--yes")
    assert [e["kind"] for e in json.loads(cli.ok("logbook", "list", "--json").stdout)["entries"]] == ["supervision"]
    assert cli("logbook", "delete", first).exit_code == 2  # no terminal: --yes needed
    cli.ok("logbook", "delete", first, "--yes")
    assert json.loads(cli.ok("logbook", "list", "--json").stdout)["entries"] == []
    cli.ok("undo", "--yes")
    (back,) = json.loads(cli.ok("logbook", "list", "--json").stdout)["entries"]
    assert back["id"].startswith(first) and "SEALED-NOTE-4471" in back["notes"]
    assert "logbook add" in cli.ok("log").stdout
    assert cli.ok("verify").stdout.startswith("OK")


def test_bad_input_is_refused_without_a_trace(cli: Cli) -> None:
    result = cli("logbook", "add", "--from", "-", input="Kind: led\nDate: 2026-02-30\nDS: 1\n")
    assert result.exit_code == 2 and "line 2:" in result.stderr and "Traceback" not in result.stderr
    result = cli("logbook", "delete", "abcdef", "--yes")
    assert result.exit_code == 4 and "no logbook entry abcdef; see 'balintlog logbook list'" in result.stderr
    result = cli("logbook", "delete", "xyz", "--yes")
    assert result.exit_code == 2
    result = cli("logbook", "report", "--since", "2026-05-01", "--until", "2026-04-01")
    assert result.exit_code == 2 and "swap them" in result.stderr


CASE = "Title: {title}\nPresenter: M1\n\n## Presentation\nText.\n"


def journal_with_sessions(cli: Cli) -> None:
    """Hand-counted: group nord (co-leader Dr. Winter) has 3 ended sessions
    of 90 minutes, group sued (no co-leader) 2 of 120 minutes; two cases
    presented in nord's first session and one in sued's second: 3 case
    discussions in all."""
    cli.ok("group", "add", "nord", "--start", "2026-01-01", "--co-leader", "Dr. Winter")
    cli.ok("group", "add", "sued", "--start", "2026-01-01", "--length", "120")
    for group in ("nord", "sued"):
        cli.ok("member", "add", group, "M1")
    cli.ok("session", "start", "-g", "nord", "--date", "2026-02-01", "--present", "M1")
    cli.ok("case", "add", "--from", "-", input=CASE.format(title="One"))
    cli.ok("case", "add", "--from", "-", input=CASE.format(title="Two"))
    cli.ok("session", "end", "-g", "nord")
    for day in ("2026-03-01", "2026-04-01"):
        cli.ok("session", "start", "-g", "nord", "--date", day, "--present", "M1")
        cli.ok("session", "end", "-g", "nord")
    cli.ok("session", "start", "-g", "sued", "--date", "2026-02-10", "--present", "M1")
    cli.ok("session", "end", "-g", "sued")
    cli.ok("session", "start", "-g", "sued", "--date", "2026-06-10", "--present", "M1")
    cli.ok("case", "add", "--from", "-", input=CASE.format(title="Three"))
    cli.ok("session", "end", "-g", "sued")


def test_the_report_counts_the_journal_and_the_entries(cli: Cli) -> None:
    journal_with_sessions(cli)
    add(cli, SUPERVISION)
    add(cli, SEMINAR_DE)
    add(cli, CO_LED)
    add(cli, MEMBER)
    data = json.loads(cli.ok("logbook", "report", "--format", "json").stdout)
    assert data["schema"] == "balintlog.logbook-report/1"
    assert data["journal"]["co_led"] == {"entries": 0, "sessions": 3, "minutes": 270, "ds": 3.0}
    assert data["journal"]["led"] == {"entries": 0, "sessions": 2, "minutes": 240, "ds": 2.67}
    counts = data["counts"]
    assert counts == {
        "sessions_led": 2,
        "sessions_co_led": 5,  # 3 in the journal, 2 in an entry
        "co_leaders": ["Dr. Winter"],
        "case_discussions": 3,
        "supervision_sessions": 1,
        "supervision_hours": 1.5,
        "supervisors": ["Dr. Sommer"],
        "seminars": 1,
        "sessions_as_member": 20,
    }
    assert data["dbg"]["as_member"]["ds"] == 20 and data["dbg"]["leader_seminars"]["ds"] == 5
    # A period: from March to May holds two of nord's sessions, the co-led entry and the member entry.
    period = json.loads(
        cli.ok("logbook", "report", "--since", "2026-03-01", "--until", "2026-05-31", "-f", "json").stdout
    )["counts"]
    assert period["sessions_co_led"] == 4 and period["sessions_led"] == 0 and period["case_discussions"] == 0
    assert period["supervision_sessions"] == 1 and period["seminars"] == 0
    text = cli.ok("logbook", "report").stdout
    assert "20 of 105 DS" in text and "1 of 6 seminars, 5 of 30 DS" in text
    assert "Dr. Winter" in text and "Case discussions" in text
    markdown = cli.ok("logbook", "report", "--format", "markdown").stdout
    assert markdown.startswith("# Training logbook") and "| Sessions co-led | 5 |" in markdown


def test_the_report_in_german(cli: Cli) -> None:
    i18n.set_language("de")
    german = {"BALINTLOG_LANG": "de", "COLUMNS": "200"}
    added = cli.ok("logbook", "add", "--from", "-", input=SEMINAR_DE, env=german).stdout
    assert added.startswith("Logbuch-Eintrag ") and "Gruppenleiterseminar am Sa., 14. Februar 2026, 5 DS" in added
    text = cli.ok("logbook", "report", env=german).stdout
    assert "Gruppenleiterseminare" in text and "1 von 6 Seminaren, 5 von 30 DS" in text
    listed = cli.ok("logbook", "list", env=german).stdout
    assert "Gruppenleiterseminar" in listed and "14. Februar 2026" in listed


def test_the_editor_opens_the_blank_template_and_reopens_it_until_the_entry_parses(cli: Cli, tmp_path: Path) -> None:
    from test_editor import fake_editor, seen

    visual, plan = fake_editor(
        tmp_path,
        {"action": "replace", "old": "Kind:", "new": "Kind: conference"},
        {"action": "replace", "old": "Date:", "new": "Date: 2026-09-12"},
        {"action": "replace", "old": "DS:", "new": "DS: 4"},
    )
    cli.interactive = True
    result = cli.ok("logbook", "add", env={"VISUAL": visual}, input="y\ny\n")
    assert "Recorded logbook entry" in result.stdout and "conference on Sat 12 Sep 2026, 4 DS" in result.stdout
    assert "## Notes" in seen(plan, 0)
    assert "# line 14: Date is empty" in seen(plan, 1) and "DS is empty" in seen(plan, 2)
    (entry,) = json.loads(cli.ok("logbook", "list", "--json").stdout)["entries"]
    assert entry["kind"] == "conference" and entry["minutes"] == 360
    assert json.loads(cli.ok("draft", "list", "--json").stdout)["drafts"] == []
