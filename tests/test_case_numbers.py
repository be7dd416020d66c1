"""Case numbers are never given out twice: a sealed mark in the vault keeps
the highest number ever given out, so that a deleted case's number (which
older backups still hold) is not reused, nor one an undo took back."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import Cli, golden_copy

CASE = """\
Title: {title}
Presenter: M1
Relationship: doctor_patient

## Presentation
Told in the group.
"""


@pytest.fixture
def day(cli: Cli) -> Cli:
    cli.ok("group", "add", "nord", "--start", "2026-01-01")
    cli.ok("member", "add", "nord", "M1", "--joined", "2026-01-01")
    cli.ok("session", "start", "--present", "M1")
    return cli


def add(cli: Cli, title: str) -> int:
    cli.ok("case", "add", "--from", "-", input=CASE.format(title=title))
    return numbers(cli)[-1]


def numbers(cli: Cli) -> list[int]:
    return [c["number"] for c in json.loads(cli.ok("case", "list", "--json").stdout)["cases"]]


def changes(cli: Cli) -> list[dict[str, object]]:
    return json.loads(cli.ok("log", "--json").stdout)["changes"]  # type: ignore[no-any-return]


def test_after_deleting_the_highest_case_the_next_number_is_higher(day: Cli) -> None:
    assert [add(day, t) for t in ("A", "B", "C")] == [1, 2, 3]
    day.ok("case", "delete", "3", "--yes")
    assert numbers(day) == [1, 2]
    assert add(day, "D") == 4
    assert numbers(day) == [1, 2, 4]
    assert day.ok("verify").stdout.startswith("OK")


def test_after_deleting_a_middle_case_its_number_stays_free(day: Cli) -> None:
    for title in ("A", "B", "C"):
        add(day, title)
    day.ok("case", "delete", "2", "--yes")
    assert add(day, "D") == 4
    day.ok("case", "delete", "4", "--yes")
    day.ok("case", "delete", "3", "--yes")
    assert add(day, "E") == 5
    assert numbers(day) == [1, 5]


def test_deleting_every_case_still_never_gives_a_number_twice(day: Cli) -> None:
    add(day, "A")
    add(day, "B")
    day.ok("case", "delete", "2", "--yes")
    day.ok("case", "delete", "1", "--yes")
    assert numbers(day) == []
    assert add(day, "C") == 3


def test_an_undone_case_add_does_not_give_its_number_back(day: Cli) -> None:
    add(day, "A")
    add(day, "B")
    day.ok("undo", "--yes")
    assert numbers(day) == [1]
    assert add(day, "C") == 3
    assert day.ok("verify").stdout.startswith("OK")


def test_an_earlier_case_add_can_still_be_undone_and_its_number_stays_taken(day: Cli) -> None:
    """Every case add raises the mark; that alone is no conflict for the
    undo of an earlier one (the mark is never put back)."""
    add(day, "A")
    first = changes(day)[0]["change"]
    add(day, "B")
    undone = day.ok("undo", str(first), "--yes")
    assert "setting" not in undone.stdout + undone.stderr
    assert numbers(day) == [2]
    assert add(day, "C") == 3
    assert day.ok("verify").stdout.startswith("OK")


def test_a_case_delete_cannot_be_undone_and_its_number_stays_taken(day: Cli) -> None:
    """A delete shreds the case's key, so no undo brings the case back
    (under its old number or any other); the number is not reused."""
    add(day, "A")
    add(day, "B")
    day.ok("case", "delete", "2", "--yes")
    refused = day("undo", "--yes")
    assert refused.exit_code == 5 and "cannot be put back" in refused.stderr
    assert numbers(day) == [1]
    assert add(day, "C") == 3


def test_an_undone_edit_keeps_the_case_number(day: Cli) -> None:
    """An undone edit puts the case back as it was, under its number; the
    next case still comes after it."""
    add(day, "A")
    day.ok("case", "edit", "1", "--from", "-", input=CASE.format(title="A, corrected"))
    day.ok("undo", "--yes")
    assert numbers(day) == [1]
    assert add(day, "B") == 2


def test_the_mark_is_not_shown_in_the_log(day: Cli) -> None:
    add(day, "A")
    day.ok("case", "delete", "1", "--yes")
    text = day.ok("log").stdout
    assert "setting" not in text
    records = [r["table"] for c in changes(day) for r in c["records"]]  # type: ignore[attr-defined]
    assert "setting" not in records


def test_the_mark_is_sealed_and_a_tampered_mark_is_named(day: Cli) -> None:
    add(day, "A")
    day.ok("case", "delete", "1", "--yes")
    db = sqlite3.connect(day.vault)
    with db:
        (name, value) = db.execute("SELECT name, value FROM setting WHERE id = 'case-number-mark'").fetchone()
        assert b"case_number_mark" not in name and len(value) > 16  # sealed, not plaintext
        # Back to "no mark", as if the row had never been written: the change log knows better.
        db.execute("DELETE FROM setting WHERE id = 'case-number-mark'")
    db.close()
    verified = day("verify")
    assert verified.exit_code == 6


def test_a_changed_mark_fails_its_seal(day: Cli) -> None:
    add(day, "A")
    add(day, "B")
    db = sqlite3.connect(day.vault)
    with db:
        db.execute("UPDATE setting SET seal = zeroblob(32) WHERE id = 'case-number-mark'")
    db.close()
    result = day("case", "add", "--from", "-", input=CASE.format(title="C"))
    assert result.exit_code == 6
    assert "failed its integrity check" in result.stderr
    assert day("verify").exit_code == 6


@pytest.mark.parametrize("name", ["golden-v1.db", "golden-v2.db"])
def test_a_vault_made_before_the_mark_goes_on_from_its_highest_number(tmp_path: Path, name: str) -> None:
    old = golden_copy(tmp_path, name)
    assert numbers(old) == [1, 2, 3]
    # Its highest case deleted before any case is added: #3 is not given out again.
    old.ok("case", "delete", "3", "--yes")
    session = json.loads(old.ok("session", "list", "--json").stdout)["sessions"][0]["ref"]
    text = CASE.format(title="After the upgrade").replace("Presenter: M1", "Presenter: M2")
    old.ok("case", "add", "--session", session, "--from", "-", input=text)
    assert numbers(old) == [1, 2, 4]
    assert old.ok("verify").stdout.startswith("OK")


@pytest.mark.parametrize("name", ["golden-v1.db", "golden-v2.db"])
def test_a_vault_made_before_the_mark_adds_at_max_plus_one(tmp_path: Path, name: str) -> None:
    old = golden_copy(tmp_path, name)
    session = json.loads(old.ok("session", "list", "--json").stdout)["sessions"][0]["ref"]
    text = CASE.format(title="After the upgrade").replace("Presenter: M1", "Presenter: M2")
    old.ok("case", "add", "--session", session, "--from", "-", input=text)
    assert numbers(old) == [1, 2, 3, 4]
