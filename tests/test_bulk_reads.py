"""Reading many cases at once (listings, search, reports, verify) unwraps
their data keys together; what a user sees must not change: every case reads
back, and a case whose key was tampered with is still named, never shown."""

from __future__ import annotations

import json
import sqlite3

import pytest
from conftest import PASSPHRASE, TODAY, Cli

CASE = """\
Title: Case {n} at the harbour
Presenter: M1
Relationship: doctor_patient
Question: Why {n}?

## Presentation
Account {n}.

## Resonances
- affect / client / {i} / resonance {n}
"""


@pytest.fixture
def many(cli: Cli) -> Cli:
    cli.ok("group", "add", "nord")
    cli.ok("member", "add", "nord", "M1", "--profession", "physician")
    cli.ok("session", "start", "--present", "M1")
    for n in range(1, 8):
        cli.ok("case", "add", "--from", "-", input=CASE.format(n=n, i=1 + n % 5))
    return cli


def _tamper_key_of_case(cli: Cli, number: int) -> None:
    conn = sqlite3.connect(cli.vault, isolation_level=None)
    try:
        (case_id,) = conn.execute("SELECT id FROM balint_case WHERE number = ?", (number,)).fetchone()
        (wrapped,) = conn.execute("SELECT wrapped_key FROM data_key WHERE case_id = ?", (case_id,)).fetchone()
        flipped = bytes(wrapped[:-1]) + bytes([wrapped[-1] ^ 1])
        conn.execute("UPDATE data_key SET wrapped_key = ? WHERE case_id = ?", (flipped, case_id))
    finally:
        conn.close()


def test_every_case_reads_back_in_listings_search_and_reports(many: Cli) -> None:
    listed = many.ok("case", "list", "--json")
    assert [c["title"] for c in json.loads(listed.stdout)["cases"]] == [
        f"Case {n} at the harbour" for n in range(1, 8)
    ]
    found = many.ok("search", "harbour", "--json")
    assert len(json.loads(found.stdout)["hits"]) == 7
    assert "OK:" in many.ok("verify").stdout


def test_a_tampered_case_key_is_named_by_listing_and_verify(many: Cli) -> None:
    _tamper_key_of_case(many, 4)
    listed = many("case", "list")
    assert listed.exit_code == 6
    assert "Case 4 at the harbour" not in listed.stdout
    verified = many("verify")
    assert verified.exit_code == 6
    failed = [line for line in verified.stderr.splitlines() if line.startswith("FAILED")]
    # The key itself, named once: its row seal and its change-log entry fail with it and say
    # nothing more; nothing of any other case.
    assert failed == ["FAILED the data key of case #4 failed to open (damaged or tampered)"]
    assert "1 record failed verification" in verified.stderr
    assert many.ok("case", "show", "3").stdout.count("Case 3 at the harbour") >= 1


def test_verify_reports_progress_to_the_end(many: Cli) -> None:
    from balintlog.journal import Journal

    seen: list[tuple[int, int]] = []
    with Journal.unlock(many.vault, lambda: PASSPHRASE.encode(), today=TODAY) as journal:
        result = journal.verify(lambda done, total: seen.append((done, total)))
    assert result.ok
    assert seen and seen[-1][0] == seen[-1][1]


def test_listing_fits_the_console_and_keeps_every_word(many: Cli) -> None:
    long_title = "[red]The mother who calls the office several times a week and always asks for me personally[/red]"
    many.ok("case", "add", "--from", "-", input=CASE.format(n=8, i=2).replace("Case 8 at the harbour", long_title))
    listed = many.ok("case", "list").stdout
    lines = listed.splitlines()
    assert lines[0].startswith("Case") and "Title" in lines[0]
    assert all(len(line) <= 80 for line in lines)
    titles = "".join(line.split("│")[1] for line in lines[2:] if "│" in line).replace(" ", "")
    assert titles.endswith(long_title.replace(" ", ""))  # wrapped, every character kept, markup literal
    assert listed.count("#") == 8
