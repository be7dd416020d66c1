"""Cases through the real CLI: a whole block day with its cases, resonances,
session notes and a follow-up two weeks later, read back exactly; template
errors; resonances from stdin; close, edit and delete (crypto-shredding)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from conftest import Cli, vault_files

MEMBERS = (
    ("M1", "physician"),
    ("M2", "psychotherapist"),
    ("M3", "social_worker"),
    ("M4", "teacher"),
    ("M5", "judge"),
    ("M6", "priest"),
)
BLOCK_DAY = dt.date(2026, 3, 14)

CASE_1 = """\
Title: The patient who never complains
Presenter: M3
Client: woman, 54, chronic pain
Relationship: doctor_patient
Field: general practice
Institution: rural group practice, under time pressure
Question: Why do I dread her appointments?
Kind: first

## Presentation
She comes every week and never complains.
# this line is text, not a comment
\\## Presentation (a line that only looks like a heading)

## Group process
Long silence; then everyone talked at once.

## Resonances
- affect / client / 4 / anger at being dismissed
- bodily / presenter / 3 / heaviness in the chest @M2
- image / relationship / 2 / a locked door #mirroring

## Closing statement
I had not seen how tired I am of her.

## Leader's notes
Why did I rescue the presenter?
"""

CASE_2 = """\
Title: [red]The silent boy[/red]
Presenter: M1
Relationship: social_worker_client
Question: Why does he make me angry?

## Presentation
He says nothing, for weeks.

## Resonances
- absence / client / 2 / nobody could picture his face @leader
"""

CASE_3 = """\
Title: The mediation that went round in circles
Presenter: M5
Relationship: mediator_parties
Institution: family court

## Resonances
- splitting / third_parties / 5 / the group took sides at once @M4 #mirroring
"""

NOTES = """\
## Atmosphere
Tired after lunch, then lively.

## Group process
The group protected M5.

## My countertransference
I was impatient with M4.

## Questions for my supervision
Why do I hurry the last round?
"""

FOLLOW_UP = """\
Question: Can I let her be tired too?
Kind: follow_up
Outcome: eased

## What changed
She brought her daughter along; the appointments feel lighter.

## Resonances
- thought / institution / 2 / the practice's rota shapes the visits
"""


def make_group(cli: Cli) -> None:
    cli.ok("group", "add", "nord", "--name", "Balint group North", "--kind", "block", "--start", "2026-01-01")
    for code, profession in MEMBERS:
        cli.ok("member", "add", "nord", code, "--profession", profession)


def res(
    seq: int, kind: str, level: str, intensity: int, text: str, source: str = "group", mirroring: bool = False
) -> dict[str, Any]:
    return {
        "seq": seq,
        "kind": kind,
        "level": level,
        "intensity": intensity,
        "source": source,
        "mirroring": mirroring,
        "text": text,
    }


def presentation(session: str, date: str, kind: str, **fields: Any) -> dict[str, Any]:
    empty = {"question": "", "account": "", "group_process": "", "resonances": [], "closing": ""}
    return {
        "session": session,
        "date": date,
        "kind": kind,
        **empty,
        "leader_notes": "",
        "outcome": None,
        "what_changed": "",
        **fields,
    }


def test_a_block_day_and_a_follow_up_read_back_exactly(cli: Cli) -> None:
    cli.today = BLOCK_DAY
    make_group(cli)
    cli.ok("session", "start", "--block", "--present", "M1,M2,M4,M5,M6")

    added = cli.ok("case", "add", "--from", "-", input=CASE_1)
    assert "case #1" in added.stdout
    assert "M3" in added.stderr and "marked present" in added.stderr
    cli.ok("session", "next")
    cli.ok("case", "add", "--from", "-", input=CASE_2)
    cli.ok("session", "next")
    cli.ok("case", "add", "--from", "-", input=CASE_3)
    cli.ok(
        "resonance", "add", "3", "--kind", "impulse", "--level", "group", "--intensity", "2", "--source", "m6",
        input="to leave the room\n",
    )  # fmt: skip
    cli.ok("session", "next")
    cli.ok("session", "note", "--from", "-", input=NOTES)
    assert "complete" in cli.ok("session", "next").stdout

    cli.today = BLOCK_DAY + dt.timedelta(days=14)
    cli.ok("session", "start", "--block", "--present", "M1,M2,M3,M4,M5,M6")
    followed = cli.ok("case", "follow-up", "1", "--from", "-", input=FOLLOW_UP)
    assert "case #1" in followed.stdout and "nord:5" in followed.stdout

    shown = json.loads(cli.ok("case", "show", "1", "--json").stdout)
    assert shown == {
        "schema": "balintlog.case/1",
        "number": 1,
        "title": "The patient who never complains",
        "group": "nord",
        "presenter": "M3",
        "client": "woman, 54, chronic pain",
        "relationship": "doctor_patient",
        "field": "general practice",
        "institution": "rural group practice, under time pressure",
        "status": "followed_up",
        "opened": "2026-03-14",
        "question": "Can I let her be tired too?",
        "presentations": [
            presentation(
                "nord:1",
                "2026-03-14",
                "first",
                question="Why do I dread her appointments?",
                account="She comes every week and never complains.\n# this line is text, not a comment\n"
                "## Presentation (a line that only looks like a heading)",
                group_process="Long silence; then everyone talked at once.",
                resonances=[
                    res(1, "affect", "client", 4, "anger at being dismissed"),
                    res(2, "bodily", "presenter", 3, "heaviness in the chest", source="M2"),
                    res(3, "image", "relationship", 2, "a locked door", mirroring=True),
                ],
                closing="I had not seen how tired I am of her.",
                leader_notes="Why did I rescue the presenter?",
            ),
            presentation(
                "nord:5",
                "2026-03-28",
                "follow_up",
                question="Can I let her be tired too?",
                resonances=[res(1, "thought", "institution", 2, "the practice's rota shapes the visits")],
                outcome="eased",
                what_changed="She brought her daughter along; the appointments feel lighter.",
            ),
        ],
    }
    third = json.loads(cli.ok("case", "show", "3", "--json").stdout)
    assert third["presentations"][0]["resonances"] == [
        res(1, "splitting", "third_parties", 5, "the group took sides at once", source="M4", mirroring=True),
        res(2, "impulse", "group", 2, "to leave the room", source="M6"),
    ]
    assert json.loads(cli.ok("case", "show", "2", "--json").stdout)["title"] == "[red]The silent boy[/red]"

    sessions = json.loads(cli.ok("session", "list", "--json").stdout)["sessions"]
    day_one = ["M1", "M2", "M3", "M4", "M5", "M6"]
    assert [(s["ref"], s["date"], s["status"], s["block"], s["block_pos"], s["present"]) for s in sessions] == [
        ("nord:1", "2026-03-14", "ended", 1, 1, day_one),
        ("nord:2", "2026-03-14", "ended", 1, 2, day_one),
        ("nord:3", "2026-03-14", "ended", 1, 3, day_one),
        ("nord:4", "2026-03-14", "ended", 1, 4, day_one),
        ("nord:5", "2026-03-28", "open", 2, 1, day_one),
        ("nord:6", "2026-03-28", "planned", 2, 2, day_one),
        ("nord:7", "2026-03-28", "planned", 2, 3, day_one),
        ("nord:8", "2026-03-28", "planned", 2, 4, day_one),
    ]
    notes = json.loads(cli.ok("session", "show", "nord:4", "--json").stdout)["notes"]
    assert notes == {
        "atmosphere": "Tired after lunch, then lively.",
        "group_process": "The group protected M5.",
        "countertransference": "I was impatient with M4.",
        "supervision_questions": "Why do I hurry the last round?",
    }

    listed = json.loads(cli.ok("case", "list", "--json").stdout)["cases"]
    assert [(c["number"], c["presenter"], c["status"], c["presentations"]) for c in listed] == [
        (1, "M3", "followed_up", 2),
        (2, "M1", "open", 1),
        (3, "M5", "open", 1),
    ]
    assert [c["number"] for c in json.loads(cli.ok("case", "list", "--status", "open", "--json").stdout)["cases"]] == [
        2,
        3,
    ]


@pytest.fixture
def worked(cli: Cli) -> Cli:
    """A vault with group nord, an open session nord:1 and case #1."""
    make_group(cli)
    cli.ok("session", "start", "--present", "M1,M2,M3")
    cli.ok("case", "add", "--from", "-", input=CASE_1)
    return cli


def test_template_errors_from_stdin_are_all_printed_and_exit_2(worked: Cli) -> None:
    broken = """\
Title: Broken
Presenter: M9
Relationship: docter_patient
Colour: blue

## Resonances
- anger / client / 4 / too much
- affect / client / 7 / too strong
"""
    result = worked("case", "add", "--from", "-", input=broken)
    assert result.exit_code == 2
    err = result.stderr
    assert "line 3: unknown relationship 'docter_patient'" in err and "did you mean 'doctor_patient'" in err
    assert "line 4: unknown header 'Colour'" in err
    assert "line 7: unknown kind 'anger'" in err
    assert "line 8: intensity must be a whole number from 1 to 5" in err
    assert json.loads(worked.ok("case", "list", "--json").stdout)["cases"][0]["number"] == 1
    assert len(json.loads(worked.ok("case", "list", "--json").stdout)["cases"]) == 1


def test_presenter_and_sources_must_be_members_named_by_line(worked: Cli) -> None:
    text = "Title: T\nPresenter: M9\n\n## Resonances\n- affect / client / 2 / a\n- image / group / 2 / b @M8\n"
    result = worked("case", "add", "--from", "-", input=text)
    assert result.exit_code == 2
    assert "line 2: nord has no member 'M9'" in result.stderr
    assert "line 6: unknown source '@M8'" in result.stderr


def test_without_a_terminal_and_without_from_it_says_to_pipe(worked: Cli) -> None:
    result = worked("case", "add")
    assert result.exit_code == 2
    assert "--from -" in result.stderr


def test_without_a_session_to_default_to_it_asks_for_one(cli: Cli) -> None:
    make_group(cli)
    result = cli("case", "add", "--from", "-", input=CASE_1)
    assert result.exit_code == 2
    assert "balintlog session start" in result.stderr  # no session was held yet


def test_user_text_is_printed_literally(worked: Cli) -> None:
    worked.ok("case", "add", "--from", "-", input=CASE_2)
    shown = worked.ok("case", "show", "2").stdout
    assert "[red]The silent boy[/red]" in shown
    assert "[red]The" in worked.ok("case", "list").stdout


def test_resonance_text_comes_from_stdin_never_argv(worked: Cli) -> None:
    added = worked.ok(
        "resonance", "add", "1", "--kind", "phantasy", "--level", "leader", "--intensity", "5", "--mirroring",
        input="I imagined carrying her bags\n",
    )  # fmt: skip
    assert "resonance 4" in added.stdout
    last = json.loads(worked.ok("case", "show", "1", "--json").stdout)["presentations"][-1]["resonances"][-1]
    assert last == res(4, "phantasy", "leader", 5, "I imagined carrying her bags", mirroring=True)
    empty = worked("resonance", "add", "1", "--kind", "affect", "--level", "client", input="")
    assert empty.exit_code == 2 and "stdin" in empty.stderr
    unknown = worked("resonance", "add", "1", "--kind", "afect", "--level", "client", input="x\n")
    assert unknown.exit_code == 2 and "did you mean" in unknown.stderr


def test_resonance_text_is_asked_for_on_a_terminal(worked: Cli) -> None:
    worked.interactive = True
    worked.ok("resonance", "add", "1", "--kind", "affect", "--level", "group", input="sadness in the room\n")
    last = json.loads(worked.ok("case", "show", "1", "--json").stdout)["presentations"][-1]["resonances"][-1]
    assert last["text"] == "sadness in the room"


def test_case_edit_changes_headers_and_the_latest_presentation(worked: Cli) -> None:
    changed = CASE_1.replace("Title: The patient who never complains", "Title: The patient who never complains (2)")
    changed = changed.replace("- affect / client / 4 / anger at being dismissed\n", "")
    worked.ok("case", "edit", "1", "--from", "-", input=changed)
    shown = json.loads(worked.ok("case", "show", "1", "--json").stdout)
    assert shown["title"] == "The patient who never complains (2)"
    assert [r["text"] for r in shown["presentations"][0]["resonances"]] == ["heaviness in the chest", "a locked door"]


def test_close_and_status_filter(worked: Cli) -> None:
    assert "lost" in worked.ok("case", "close", "1", "--status", "lost").stdout
    assert json.loads(worked.ok("case", "list", "--status", "lost", "--json").stdout)["cases"][0]["number"] == 1
    wrong = worked("case", "close", "1", "--status", "open")
    assert wrong.exit_code == 2


def test_follow_up_keeps_the_presenter(worked: Cli) -> None:
    worked.ok("session", "end")
    worked.today = worked.today + dt.timedelta(days=14)
    worked.ok("session", "start", "--present", "M1")
    other = "Presenter: M1\n" + FOLLOW_UP
    result = worked("case", "follow-up", "1", "--from", "-", input=other)
    assert result.exit_code == 2 and "line 1: case #1 was presented by M3" in result.stderr
    missing_outcome = FOLLOW_UP.replace("Outcome: eased\n", "")
    assert worked("case", "follow-up", "1", "--from", "-", input=missing_outcome).exit_code == 2
    done = worked.ok("case", "follow-up", "1", "--from", "-", input=FOLLOW_UP)
    assert "M3" in done.stderr and "marked present" in done.stderr


def test_case_delete_confirms_and_shreds(worked: Cli) -> None:
    marker = "ZEBRA-MARKER-7734"
    worked.ok("case", "add", "--from", "-", input=CASE_3.replace("family court", marker))
    blobs = [
        bytes(v)
        for v in _raw(worked, "SELECT institution FROM balint_case WHERE number = 2")
        + _raw(worked, "SELECT wrapped_key FROM data_key WHERE case_id IS NOT NULL")[1:]
    ]
    no_tty = worked("case", "delete", "2")
    assert no_tty.exit_code == 2 and "--yes" in no_tty.stderr
    worked.interactive = True
    declined = worked("case", "delete", "2", input="n\n")
    assert declined.exit_code == 1 and "Nothing was changed" in declined.stderr
    assert worked.ok("case", "show", "2", "--json")
    deleted = worked.ok("case", "delete", "2", input="y\n")
    assert "Backups made before now still hold the case" in deleted.stderr
    assert worked("case", "show", "2").exit_code == 4
    for path in vault_files(worked.vault):
        data = path.read_bytes()
        assert marker.encode() not in data
        for blob in blobs:
            assert blob not in data, f"ciphertext of the deleted case is still in {path.name}"
    worked.interactive = False
    assert worked.ok("case", "delete", "1", "--yes")
    assert worked.ok("verify")


def _raw(cli: Cli, sql: str) -> list[bytes]:
    import sqlite3

    with sqlite3.connect(cli.vault) as conn:
        return [row[0] for row in conn.execute(sql)]
