"""balintlog.template: partial edits (left out keeps, present and empty
clears), every problem in one round, warnings for misplaced resonance lines,
field length bounds."""

from __future__ import annotations

import pytest

from balintlog.domain import Relationship, ResonanceKind, ResonanceLevel, SessionNotes
from balintlog.errors import TemplateError
from balintlog.limits import LONG_TEXT, RESONANCE_TEXT, TITLE
from balintlog.template import (
    CaseNote,
    ResonanceLine,
    SessionNotesEdit,
    describe_removed,
    merge_case_note,
    parse_case,
    parse_session_edit,
    removed_from_case,
    removed_from_session,
    same_content,
)

OLD = CaseNote(
    title="The patient who never complains",
    presenter="M3",
    client="woman, 54",
    relationship=Relationship.DOCTOR_PATIENT,
    institution="rural practice",
    question="Why do I dread her?",
    account="She never complains.",
    group_process="The group went quiet.",
    resonances=(
        ResonanceLine(ResonanceKind.AFFECT, ResonanceLevel.CLIENT, 4, "anger"),
        ResonanceLine(ResonanceKind.BODILY, ResonanceLevel.PRESENTER, 3, "heaviness", "M2"),
    ),
    closing="It helped.",
    leader_notes="Ask about the time pressure.",
)


def edited(text: str, *, follow_up: bool = False) -> CaseNote:
    return merge_case_note(OLD, parse_case(text, follow_up=follow_up, edit=True))


# --------------------------------------------------------------------------- left out keeps, empty clears


def test_an_edit_giving_only_one_header_changes_only_that_header() -> None:
    assert edited("Institution: city hospital\n") == CaseNote(**{**OLD.__dict__, "institution": "city hospital"})


def test_a_header_present_and_empty_clears_it() -> None:
    note = edited("Institution:\nRelationship:\n")
    assert (note.institution, note.relationship) == ("", None)
    assert (note.client, note.account, note.resonances) == (OLD.client, OLD.account, OLD.resonances)


def test_a_left_out_section_keeps_its_text_and_an_empty_one_clears_it() -> None:
    note = edited("## Closing statement\n\n## Presentation\nShe complains after all.\n")
    assert note.closing == ""
    assert note.account == "She complains after all."
    assert (note.group_process, note.leader_notes) == (OLD.group_process, OLD.leader_notes)


def test_resonances_present_replace_them_and_absent_keep_them() -> None:
    assert edited("## Presentation\nnew\n").resonances == OLD.resonances
    assert edited("## Resonances\n").resonances == ()
    replaced = edited("## Resonances\n- image / group / 2 / a door\n").resonances
    assert replaced == (ResonanceLine(ResonanceKind.IMAGE, ResonanceLevel.GROUP, 2, "a door"),)


def test_an_empty_kind_header_keeps_the_kind() -> None:
    assert "kind" not in parse_case("Kind:\n", edit=True).present
    assert "kind" in parse_case("Kind: first\n", edit=True).present


def test_an_edit_needs_no_header_but_a_given_title_or_presenter_must_not_be_empty() -> None:
    assert parse_case("", edit=True).present == frozenset()
    with pytest.raises(TemplateError) as info:
        parse_case("Title:\nPresenter:\n", edit=True)
    assert info.value.problems == [
        "line 1: Title is empty (give the case a short title)",
        "line 2: Presenter is empty (the code of the member who presented it)",
    ]


def test_a_follow_up_edit_may_not_empty_the_title() -> None:
    with pytest.raises(TemplateError) as info:
        parse_case("Title:\n", follow_up=True, edit=True)
    assert info.value.problems == [
        "line 1: Title is empty (give the case a short title); leave the line out to keep it"
    ]


def test_a_new_case_still_needs_title_and_presenter() -> None:
    with pytest.raises(TemplateError) as info:
        parse_case("Client: x\n")
    assert [p.split(" (")[0] for p in info.value.problems] == [
        "line 1: missing header 'Title:'",
        "line 1: missing header 'Presenter:'",
    ]


def test_a_full_template_records_every_part_as_present() -> None:
    text = "Title: T\nPresenter: M1\n\n## Presentation\n\n## Resonances\n"
    assert parse_case(text).present == {"title", "presenter", "account", "resonances"}


# --------------------------------------------------------------------------- what an edit removed


def test_removed_names_cleared_texts_and_counts_resonances() -> None:
    new = edited("## Resonances\n- affect / client / 4 / anger\n\n## Closing statement\n")
    assert removed_from_case(OLD, new) == ["1 resonance", "the closing statement"]
    cleared = edited("Institution: rural practice\n## Resonances\n")
    assert describe_removed(removed_from_case(OLD, cleared)) == "2 resonances"
    assert removed_from_case(OLD, edited("Title: Another title\n")) == []


def test_describe_removed_joins_in_prose() -> None:
    assert describe_removed([]) == ""
    assert describe_removed(["a"]) == "a"
    assert describe_removed(["a", "b"]) == "a and b"
    assert describe_removed(["4 resonances", "the question", "the closing statement"]) == (
        "4 resonances, the question and the closing statement"
    )


# --------------------------------------------------------------------------- session notes


def test_session_notes_edit_changes_only_the_sections_given() -> None:
    old = SessionNotes(atmosphere="tense", group_process="lively", countertransference="tired")
    edit = parse_session_edit("## Group process\nslow\n\n## My countertransference\n")
    assert edit.present == {"group_process", "countertransference"}
    new = edit.onto(old)
    assert new == SessionNotes(atmosphere="tense", group_process="slow")
    assert removed_from_session(old, new) == ["your countertransference"]


def test_session_notes_append_adds_after_the_old_text() -> None:
    old = SessionNotes(atmosphere="tense", group_process="lively")
    edit = parse_session_edit("## Atmosphere\nlighter later\n\n## My countertransference\nsleepy\n")
    assert edit.onto(old, append=True) == SessionNotes(
        atmosphere="tense\n\nlighter later", group_process="lively", countertransference="sleepy"
    )


def test_session_notes_edit_of_nothing_changes_nothing() -> None:
    old = SessionNotes(atmosphere="tense")
    assert SessionNotesEdit(SessionNotes(), frozenset()).onto(old) == old


# --------------------------------------------------------------------------- unchanged means cancel


def test_same_content_ignores_comments_and_trailing_space() -> None:
    blank = "# guidance\nTitle:\nPresenter:\n\n## Presentation\n"
    assert same_content(blank, "# other comments\n\nTitle:  \nPresenter:\r\n\n## Presentation\n\n\n")
    assert not same_content(blank, "Title: T\nPresenter:\n\n## Presentation\n")


# --------------------------------------------------------------------------- resonance-like lines elsewhere


def test_resonance_lines_under_another_section_are_kept_as_text_with_a_warning() -> None:
    text = (
        "Title: T\nPresenter: M1\n\n## Closing statement\nIt helped.\n"
        "- affect / client / 3 / anger\n- bodily / presenter / 2 / heavy @M2\n"
    )
    note = parse_case(text)
    assert note.closing.endswith("- bodily / presenter / 2 / heavy @M2")
    assert note.resonances == ()
    assert note.warnings == (
        "lines 6 and 7 look like resonances but are under '## Closing statement', so they are kept there as "
        "text; to record them as resonances, put them under '## Resonances'",
    )


def test_one_misplaced_resonance_line_is_named_alone_and_a_plain_list_is_no_resonance() -> None:
    text = "Title: T\nPresenter: M1\n## Presentation\n- first / second / third\n- image / group / 2 / a door\n"
    assert parse_case(text).warnings == (
        "line 5 looks like a resonance but is under '## Presentation', so it is kept there as text; "
        "to record it as a resonance, put it under '## Resonances'",
    )
    assert parse_case("Title: T\nPresenter: M1\n## Presentation\n- a / b / c / d\n").warnings == ()


# --------------------------------------------------------------------------- all problems in one round


def test_vault_problems_come_with_the_syntax_problems_each_at_its_line() -> None:
    text = (
        "Title: T\nPresenter: M9\nRelationship: cousin\n\n## Resonances\n"
        "- affect / client / 9 / too strong\n- image / group / 2 / a door @X1\n"
    )
    seen: list[CaseNote] = []

    def check(note: CaseNote) -> list[tuple[str, str]]:
        seen.append(note)
        return [("presenter", "nord has no member 'M9'"), ("resonance 0", "unknown source '@X1'")]

    with pytest.raises(TemplateError) as info:
        parse_case(text, check=check)
    assert [p.split(" (")[0].split(";")[0] for p in info.value.problems] == [
        "line 2: nord has no member 'M9'",
        "line 3: unknown relationship 'cousin'",
        "line 6: intensity must be a whole number from 1 to 5, not '9'",
        "line 7: unknown source '@X1'",
    ]
    assert seen[0].presenter == "M9" and [r.source for r in seen[0].resonances] == ["X1"]


def test_a_check_that_finds_nothing_lets_the_note_through() -> None:
    assert parse_case("Title: T\nPresenter: M1\n", check=lambda note: []).title == "T"


# --------------------------------------------------------------------------- length bounds


def test_a_title_longer_than_its_bound_is_named_with_the_limit() -> None:
    with pytest.raises(TemplateError) as info:
        parse_case(f"Title: {'x' * (TITLE + 1)}\nPresenter: M1\n")
    assert info.value.problems == [f"line 1: Title is {TITLE + 1:,} characters long; at most {TITLE:,} fit"]


def test_a_long_account_fits_but_a_runaway_one_does_not() -> None:
    long_text = "a line of a long account\n" * 2_000
    assert parse_case(f"Title: T\nPresenter: M1\n## Presentation\n{long_text}").account == long_text.strip()
    with pytest.raises(TemplateError) as info:
        parse_case(f"Title: T\nPresenter: M1\n## Presentation\n{'x' * (LONG_TEXT + 1)}\n")
    assert info.value.problems == [
        f"line 3: section '## Presentation' is {LONG_TEXT + 1:,} characters long; at most {LONG_TEXT:,} fit"
    ]


def test_a_resonance_text_has_a_bound_and_session_sections_too() -> None:
    with pytest.raises(TemplateError) as info:
        parse_case(f"Title: T\nPresenter: M1\n## Resonances\n- affect / client / 2 / {'y' * (RESONANCE_TEXT + 1)}\n")
    assert info.value.problems == [
        f"line 4: the resonance's text is {RESONANCE_TEXT + 1:,} characters long; at most {RESONANCE_TEXT:,} fit"
    ]
    with pytest.raises(TemplateError):
        parse_session_edit(f"## Atmosphere\n{'z' * (LONG_TEXT + 1)}\n")
