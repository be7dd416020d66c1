"""``log`` and ``undo``: every edit can be seen and undone, exactly."""

from __future__ import annotations

import json

import pytest
from conftest import Cli

CASE = """\
Title: {title}
Presenter: M1
Relationship: doctor_patient
Question: {question}

## Presentation
{account}

## Closing statement
{closing}

## Resonances
- affect / client / 2 / {resonance}
- image / presenter / 4 / the sea at night
"""

FIRST = dict(
    title="The harbour master",
    question="Why does he call every night?",
    account="He calls at night and asks for nothing.",
    closing="I will ask him what he fears.",
    resonance="tired and angry",
)
EDITED = dict(
    title="The harbour",
    question="Why?",
    account="Only three headers.",
    closing="",
    resonance="nothing",
)


@pytest.fixture
def journal(cli: Cli) -> Cli:
    cli.ok("group", "add", "nord")
    cli.ok("member", "add", "nord", "M1", "--profession", "physician")
    cli.ok("session", "start", "--present", "M1")
    cli.ok("case", "add", "--from", "-", input=CASE.format(**FIRST))
    return cli


def shown(cli: Cli) -> dict[str, object]:
    return dict(json.loads(cli.ok("case", "show", "1", "--json").stdout))


def test_case_edit_then_undo_gives_back_exactly_the_earlier_text_and_resonances(journal: Cli) -> None:
    before = shown(journal)
    journal.ok("case", "edit", "1", "--from", "-", input=CASE.format(**EDITED))
    assert shown(journal) != before
    undone = journal.ok("undo", "--yes")
    assert "Undid change" in undone.stdout
    assert "The harbour master" in undone.stderr  # what it restores, shown first
    assert shown(journal) == before
    assert journal.ok("verify").stdout.startswith("OK")


def test_log_patch_shows_both_versions(journal: Cli) -> None:
    journal.ok("case", "edit", "1", "--from", "-", input=CASE.format(**EDITED))
    text = journal.ok("log", "--patch", "--limit", "1").stdout
    for old, new in (("The harbour master", "The harbour"), ("tired and angry", "nothing")):
        assert f"- title: {old}" in text or f"- text: {old}" in text
        assert f"+ title: {new}" in text or f"+ text: {new}" in text
    assert "- closing: I will ask him what he fears." in text
    data = json.loads(journal.ok("log", "--patch", "--limit", "1", "--json").stdout)
    (change,) = data["changes"]
    fields = {(f["field"], f["old"], f["new"]) for r in change["records"] for f in r["fields"]}
    assert ("question", FIRST["question"], EDITED["question"]) in fields


def test_undo_of_a_change_whose_records_changed_again_is_refused(journal: Cli) -> None:
    journal.ok("case", "edit", "1", "--from", "-", input=CASE.format(**EDITED))
    edit = json.loads(journal.ok("log", "--limit", "1", "--json").stdout)["changes"][0]["change"]
    journal.ok("case", "close", "1")
    result = journal("undo", str(edit), "--yes")
    assert result.exit_code == 5
    assert "later changes touched the same records: case #1" in result.stderr
    assert "The harbour master" not in json.dumps(shown(journal))


def test_undo_needs_yes_without_a_terminal_and_changes_nothing(journal: Cli) -> None:
    journal.ok("case", "close", "1")
    result = journal("undo")
    assert result.exit_code == 2 and "--yes" in result.stderr
    assert "closed" in journal.ok("case", "show", "1").stdout


def test_log_lists_commands_newest_first_and_filters_by_case_and_session(journal: Cli) -> None:
    journal.ok("case", "add", "--from", "-", input=CASE.format(**{**FIRST, "title": "Second case"}))
    data = json.loads(journal.ok("log", "--json").stdout)["changes"]
    numbers = [c["change"] for c in data]
    assert numbers == sorted(numbers, reverse=True)
    assert numbers[-1] == 1 and data[-1]["command"] == "init"
    case_two = json.loads(journal.ok("log", "--case", "2", "--json").stdout)["changes"]
    assert len(case_two) == 1
    assert {r["record"] for r in case_two[0]["records"]} >= {"case #2"}
    session = json.loads(journal.ok("log", "--session", "nord:1", "--json").stdout)["changes"]
    assert len(session) >= 3  # started, and each case presented in it
    assert len(json.loads(journal.ok("log", "--limit", "2", "--json").stdout)["changes"]) == 2


def test_undo_of_a_case_add_erases_the_case_and_its_key(journal: Cli) -> None:
    journal.ok("undo", "--yes")
    assert journal("case", "show", "1").exit_code == 4
    assert journal.ok("verify").stdout.startswith("OK")
    # and that undo cannot be undone: the case's key is gone
    result = journal("undo", "--yes")
    assert result.exit_code == 5 and "cannot be put back" in result.stderr


def test_a_passphrase_change_cannot_be_undone(journal: Cli) -> None:
    import os

    read, write = os.pipe()
    os.write(write, b"a new long passphrase\n")
    os.close(write)
    journal.ok("passwd", env={"BALINTLOG_NEW_PASSPHRASE_FD": str(read)})
    journal.set_passphrase("a new long passphrase")
    result = journal("undo", "--yes")
    assert result.exit_code == 5
    assert "the passphrase keyslot cannot be put back (keys are never restored)" in result.stderr
