"""balintlog.template: the case and session note text format."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from balintlog.domain import (
    Outcome,
    PresentationKind,
    Relationship,
    ResonanceKind,
    ResonanceLevel,
    SessionNotes,
)
from balintlog.errors import TemplateError, UsageError
from balintlog.template import (
    ERRORS_HEADER,
    CaseNote,
    ResonanceLine,
    blank_case_template,
    blank_session_template,
    is_empty_edit,
    parse_case,
    parse_session_notes,
    render_case,
    render_session_notes,
    with_errors,
)

EXAMPLE = """\
# a comment the editor loop put here
Title: The patient who never complains
Presenter: M3
Client: woman, 54, chronic pain
Relationship: doctor_patient
Field: general practice
Institution: rural group practice, under time pressure
Question: Why do I dread her appointments?
Kind: first

## Presentation
Free text …

## Group process
Free text …

## Resonances
- affect / client / 4 / anger at being dismissed
- bodily / presenter / 3 / heaviness in the chest @M2
- image / relationship / 2 / a locked door #mirroring

## Closing statement
What the presenter said when they came back in …

## Leader's notes
Free text … (questions for my supervision go here)
"""

HEAD = "Title: T\nPresenter: M3\nKind: first\n"
FOLLOW_HEAD = "Kind: follow_up\nOutcome: eased\n"


def problems(text: str, *, follow_up: bool = False) -> list[str]:
    with pytest.raises(TemplateError) as info:
        parse_case(text, follow_up=follow_up)
    return info.value.problems


def session_problems(text: str) -> list[str]:
    with pytest.raises(TemplateError) as info:
        parse_session_notes(text)
    return info.value.problems


def line_numbers(found: list[str]) -> list[int]:
    return [int(re.match(r"line (\d+): ", p).group(1)) for p in found]  # type: ignore[union-attr]


# --------------------------------------------------------------------------- the design's example


def test_the_design_example_parses() -> None:
    note = parse_case(EXAMPLE)
    assert note.title == "The patient who never complains"
    assert note.presenter == "M3"
    assert note.client == "woman, 54, chronic pain"
    assert note.relationship is Relationship.DOCTOR_PATIENT
    assert note.field == "general practice"
    assert note.institution == "rural group practice, under time pressure"
    assert note.question == "Why do I dread her appointments?"
    assert note.kind is PresentationKind.FIRST
    assert note.outcome is None
    assert note.account == "Free text …"
    assert note.closing == "What the presenter said when they came back in …"
    assert note.leader_notes == "Free text … (questions for my supervision go here)"
    assert note.what_changed == ""
    assert note.resonances == (
        ResonanceLine(ResonanceKind.AFFECT, ResonanceLevel.CLIENT, 4, "anger at being dismissed"),
        ResonanceLine(ResonanceKind.BODILY, ResonanceLevel.PRESENTER, 3, "heaviness in the chest", "M2"),
        ResonanceLine(ResonanceKind.IMAGE, ResonanceLevel.RELATIONSHIP, 2, "a locked door", mirroring=True),
    )
    assert parse_case(render_case(note)) == note


def test_template_error_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        parse_case("")


# --------------------------------------------------------------------------- headers


def test_header_keys_any_case_and_empty_values() -> None:
    note = parse_case("TITLE: T\npresenter:   M1  \nclient:\nRelationship:\nkind: FIRST\n")
    assert (note.title, note.presenter, note.client, note.relationship) == ("T", "M1", "", None)
    assert note.kind is PresentationKind.FIRST


def test_kind_defaults() -> None:
    assert parse_case("Title: T\nPresenter: M1\n").kind is PresentationKind.FIRST
    assert parse_case("Outcome: eased\n", follow_up=True).kind is PresentationKind.FOLLOW_UP


@pytest.mark.parametrize("raw", ["doctor-patient", "Doctor Patient", "doctor_patient", " DOCTOR  patient "])
def test_relationship_accepts_dash_and_space(raw: str) -> None:
    note = parse_case(f"Title: T\nPresenter: M1\nRelationship: {raw}\n")
    assert note.relationship is Relationship.DOCTOR_PATIENT


@pytest.mark.parametrize("raw", ["follow-up", "Follow up", "follow_up"])
def test_kind_accepts_dash_and_space(raw: str) -> None:
    assert parse_case(f"Kind: {raw}\nOutcome: eased\n", follow_up=True).kind is PresentationKind.FOLLOW_UP


def test_header_value_may_contain_colons_and_hashes() -> None:
    note = parse_case("Title: #1: a case ## Presentation\nPresenter: M1\n")
    assert note.title == "#1: a case ## Presentation"


def test_unknown_header_with_did_you_mean() -> None:
    found = problems("Title: T\nPresenter: M1\nTitl: x\n")
    assert len(found) == 1
    assert found[0].startswith("line 3: unknown header 'Titl' (expected one of title, presenter,")
    assert "did you mean 'title'?" in found[0]


def test_duplicate_header() -> None:
    found = problems("Title: T\nPresenter: M1\ntitle: again\n")
    assert found == ["line 3: header 'Title' is given twice; keep one"]


def test_missing_title_and_presenter_point_at_the_first_content_line() -> None:
    found = problems("# comment\n\nClient: x\n")
    assert found == [
        "line 3: missing header 'Title:' (give the case a short title)",
        "line 3: missing header 'Presenter:' (the code of the member who presented it)",
    ]


def test_empty_title() -> None:
    found = problems("Title:   \nPresenter: M1\n")
    assert found == ["line 1: Title is empty (give the case a short title)"]


def test_unknown_relationship() -> None:
    found = problems("Title: T\nPresenter: M1\nRelationship: doctor_patients\n")
    assert len(found) == 1
    assert found[0].startswith("line 3: unknown relationship 'doctor_patients' (expected one of doctor_patient,")
    assert found[0].endswith("did you mean 'doctor_patient'?")


def test_unknown_kind_header() -> None:
    found = problems("Title: T\nPresenter: M1\nKind: frist\n")
    assert len(found) == 1
    assert found[0].startswith("line 3: unknown presentation kind 'frist' (expected one of first, follow_up, update)")


def test_kind_must_match_first() -> None:
    found = problems("Title: T\nPresenter: M1\nKind: follow_up\n")
    assert found == ["line 3: Kind 'follow_up' is for 'case follow-up'; a new case is 'first'"]


def test_outcome_is_an_error_in_a_new_case() -> None:
    found = problems("Title: T\nPresenter: M1\nOutcome: eased\n")
    assert found == ["line 3: an Outcome belongs to a follow-up ('case follow-up'); remove it here"]
    # an empty Outcome line is harmless
    assert parse_case("Title: T\nPresenter: M1\nOutcome:\n").outcome is None


def test_text_before_the_sections_that_is_not_a_header() -> None:
    text = "Title: T\nPresenter: M1\nsome free text\nmore of it\n\nand more\n## Presentation\nok\n"
    found = problems(text)
    # one problem per paragraph of stray text
    assert line_numbers(found) == [3, 6]
    assert "not a 'Key: value' header" in found[0]


def test_hash_lines_after_the_first_header_are_not_comments() -> None:
    found = problems("# comment\nTitle: T\n# not a comment any more\nPresenter: M1\n")
    assert found == ["line 3: '#' comments are allowed only at the top, before the first header; remove the line"]


def test_comment_lines_only_before_the_first_header() -> None:
    note = parse_case("# one\n#two\n### three\n\nTitle: T\nPresenter: M1\n")
    assert note.title == "T"


# --------------------------------------------------------------------------- follow-ups


def test_follow_up_needs_no_case_headers() -> None:
    note = parse_case("Question: still?\nKind: update\nOutcome: Understanding changed\n", follow_up=True)
    assert note == CaseNote(question="still?", kind=PresentationKind.UPDATE, outcome=Outcome.UNDERSTANDING_CHANGED)


def test_follow_up_may_carry_case_headers() -> None:
    note = parse_case("Title: New title\nKind: follow_up\nOutcome: eased\n", follow_up=True)
    assert note.title == "New title"


def test_follow_up_needs_an_outcome() -> None:
    found = problems("\nKind: follow_up\n## What changed\nx\n", follow_up=True)
    assert len(found) == 1
    assert found[0].startswith("line 2: missing header 'Outcome:' (how it went on: one of eased,")


def test_follow_up_rejects_kind_first_and_bad_outcome() -> None:
    found = problems("Kind: first\nOutcome: better\n", follow_up=True)
    assert found[0] == "line 1: Kind 'first' is for a new case ('case add'); a follow-up is follow_up or update"
    assert found[1].startswith("line 2: unknown outcome 'better' (expected one of eased, unchanged,")


def test_what_changed_section() -> None:
    note = parse_case(FOLLOW_HEAD + "## What changed\nShe came early.\n", follow_up=True)
    assert note.what_changed == "She came early."
    assert note.outcome is Outcome.EASED
    rendered = render_case(note, follow_up=True)
    assert "## What changed\nShe came early.\n" in rendered
    assert "Title:" not in rendered  # the case's own headers are left out when empty
    assert parse_case(rendered, follow_up=True) == note


def test_render_of_a_first_presentation_leaves_out_outcome_and_what_changed() -> None:
    rendered = render_case(CaseNote(title="T", presenter="M1"))
    assert "Outcome" not in rendered
    assert "## What changed" not in rendered
    assert "Client:\n" in rendered


# --------------------------------------------------------------------------- sections


def test_unknown_section_with_did_you_mean() -> None:
    found = problems(HEAD + "\n## Presentation\ntext\n## Group proces\nmore\n")
    assert len(found) == 1
    assert found[0].startswith("line 7: unknown section 'Group proces' (expected one of Presentation, Group process,")
    assert "did you mean 'Group process'?" in found[0]


def test_unknown_section_before_the_headers_is_not_a_comment() -> None:
    found = problems("## Notes\n" + HEAD)
    assert line_numbers(found) == [1, 1, 1]  # the section, and Title and Presenter then missing
    assert found[0].startswith("line 1: unknown section 'Notes'")


def test_session_section_in_a_case_is_unknown() -> None:
    found = problems(HEAD + "## Atmosphere\nx\n")
    assert found[0].startswith("line 4: unknown section 'Atmosphere'")


def test_section_heading_without_a_name() -> None:
    found = problems(HEAD + "## Presentation\nx\n##\ny\n")
    assert found[0].startswith("line 6: a section heading needs a name")


def test_duplicate_section() -> None:
    found = problems(HEAD + "## Presentation\na\n## Presentation\nb\n")
    assert found == ["line 6: section '## Presentation' appears twice; keep one and merge the text"]


def test_section_headings_any_case_and_spacing() -> None:
    note = parse_case(HEAD + "##presentation\na\n##   leader\u2019s   NOTES  \nb\n")
    assert (note.account, note.leader_notes) == ("a", "b")


def test_sections_in_any_order_and_missing_ones_empty() -> None:
    note = parse_case(HEAD + "## Leader's notes\nL\n## Presentation\nP\n")
    assert (note.account, note.leader_notes, note.group_process) == ("P", "L", "")


def test_section_text_is_verbatim() -> None:
    account = "\n".join(
        [
            "# not a comment",
            "- not a resonance",
            "  indented",
            "## Presentation",
            "\\## Presentation",
            "\\\\## Presentation",
            "",
            "   ",
            "### a markdown heading",
            "##hashtag",
            "Title: not a header",
            "trailing spaces   ",
        ]
    )
    note = CaseNote(title="T", presenter="M1", account=account, closing="#\n-")
    rendered = render_case(note)
    assert "\n\\## Presentation\n\\\\## Presentation\n\\\\\\## Presentation\n" in rendered
    assert "\n### a markdown heading\n##hashtag\n" in rendered  # not heading-like: not escaped
    assert parse_case(rendered) == note


def test_escaped_heading_is_read_back_without_one_backslash() -> None:
    note = parse_case(HEAD + "## Presentation\n\\## Group process\n\\\\## Resonances\n\\not escaped\n")
    assert note.account == "## Group process\n\\## Resonances\n\\not escaped"
    assert note.group_process == ""


def test_leading_and_trailing_blank_lines_of_a_section_are_dropped() -> None:
    note = parse_case(HEAD + "## Presentation\n\n  \nfirst\n\n  second\n\n\t\n## Closing statement\n")
    assert note.account == "first\n\n  second"


def test_heading_like_text_in_a_section_is_an_error_naming_the_escape() -> None:
    found = problems(HEAD + "## Presentation\n## My thoughts\n")
    assert found[0].startswith("line 5: unknown section 'My thoughts'")
    assert "write it as '\\## …'" in found[0]


# --------------------------------------------------------------------------- resonances


def resonances(*lines: str) -> tuple[ResonanceLine, ...]:
    return parse_case(HEAD + "## Resonances\n" + "\n".join(lines) + "\n").resonances


def test_resonance_text_may_contain_slashes() -> None:
    (res,) = resonances("- thought / institution / 5 / either / or / neither")
    assert res == ResonanceLine(ResonanceKind.THOUGHT, ResonanceLevel.INSTITUTION, 5, "either / or / neither")


@pytest.mark.parametrize(
    "line",
    [
        "- affect / group / 2 / cold @M2 #mirroring",
        "- affect / group / 2 / cold #mirroring @M2",
        "- affect / group / 2 / cold   #MIRRORING   @M2  ",
        "-affect/group/2/cold @M2 #mirroring",
        "  - Affect / GROUP / 2 / cold @M2 #mirroring",
    ],
)
def test_source_and_mirroring_in_either_order(line: str) -> None:
    (res,) = resonances(line)
    assert res == ResonanceLine(ResonanceKind.AFFECT, ResonanceLevel.GROUP, 2, "cold", "M2", True)


@pytest.mark.parametrize(
    ("token", "source"),
    [
        ("@leader", "leader"),
        ("@co_leader", "co_leader"),
        ("@co-leader", "co_leader"),
        ("@Leader", "leader"),
        ("@group", "group"),
        ("@AB", "AB"),
        ("@m.k-2_b", "m.k-2_b"),
    ],
)
def test_special_sources(token: str, source: str) -> None:
    (res,) = resonances(f"- impulse / leader / 1 / to intervene {token}")
    assert (res.text, res.source) == ("to intervene", source)


def test_blank_lines_between_resonances_are_ignored() -> None:
    assert len(resonances("", "- affect / client / 1 / a", "   ", "- affect / client / 2 / b", "")) == 2


def test_resonance_errors_name_their_lines() -> None:
    text = HEAD + "\n".join(
        [
            "## Resonances",  # 4
            "- anger / client / 4 / at being dismissed",  # 5
            "- affect / cliemt / 4 / x",  # 6 (Klient is the German word: see test_labels.py)
            "- affect / client / 7 / x",  # 7
            "- affect / client / four / x",  # 8
            "- affect / client / 3 /   ",  # 9
            "- affect / client / 3 / @M2 #mirroring",  # 10
            "just some text",  # 11
            "# a comment is not allowed here",  # 12
            "- affect / client",  # 13
            "- affect / client / 3 / fine",  # 14
            "- bogus / nowhere / 0 / x",  # 15
            "",
        ]
    )
    found = problems(text)
    assert line_numbers(found) == [5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 15, 15]
    assert found[0].startswith("line 5: unknown kind 'anger' (expected one of affect, bodily, image,")
    assert found[1].startswith("line 6: unknown level 'cliemt' (expected one of client, presenter,")
    assert found[1].endswith("did you mean 'client'?")
    assert found[2] == "line 7: intensity must be a whole number from 1 to 5, not '7'"
    assert found[3] == "line 8: intensity must be a whole number from 1 to 5, not 'four'"
    assert found[4] == "line 9: the resonance has no text after its intensity"
    assert found[5] == "line 10: the resonance has no text after its intensity"
    assert found[6].startswith("line 11: not a resonance line: write '- kind / level / intensity / text")


def test_huge_intensity_is_an_error_not_a_crash() -> None:
    found = problems(HEAD + "## Resonances\n- affect / client / " + "9" * 5000 + " / x\n")
    assert found[0].startswith("line 5: intensity must be a whole number from 1 to 5")


@pytest.mark.parametrize(
    "text",
    [
        "call me @home",
        "#mirroring",
        "@M2",
        "ends @A.B.",
        "@Ärztin",
        "x \\@M2",
        "x \\\\#mirroring",
        "a @M1 #mirroring",
        "@ alone",
        "\\",
    ],
)
@pytest.mark.parametrize(("source", "mirroring"), [("group", False), ("M2", False), ("leader", True), ("group", True)])
def test_resonance_text_ending_like_a_token_round_trips(text: str, source: str, mirroring: bool) -> None:
    res = ResonanceLine(ResonanceKind.IMAGE, ResonanceLevel.CLIENT, 3, text, source, mirroring)
    note = CaseNote(title="T", presenter="M1", resonances=(res,))
    assert parse_case(render_case(note)) == note


def test_rendered_resonance_lines() -> None:
    note = CaseNote(
        title="T",
        presenter="M1",
        resonances=(
            ResonanceLine(ResonanceKind.AFFECT, ResonanceLevel.CLIENT, 4, "anger"),
            ResonanceLine(ResonanceKind.BODILY, ResonanceLevel.PRESENTER, 3, "chest", "M2", True),
            ResonanceLine(ResonanceKind.IMAGE, ResonanceLevel.GROUP, 1, "at @home"),
        ),
    )
    assert "## Resonances\n- affect / client / 4 / anger\n- bodily / presenter / 3 / chest @M2 #mirroring\n" in (
        render_case(note)
    )
    assert "- image / group / 1 / at \\@home\n" in render_case(note)


def test_unwritable_source_is_refused() -> None:
    res = ResonanceLine(ResonanceKind.AFFECT, ResonanceLevel.CLIENT, 4, "x", "M 2")
    with pytest.raises(ValueError, match="source"):
        render_case(CaseNote(title="T", presenter="M1", resonances=(res,)))


# --------------------------------------------------------------------------- all problems at once


def test_all_problems_are_reported_in_line_order() -> None:
    text = "\n".join(
        [
            "# comment",  # 1
            "Title:",  # 2
            "Presenter: M1",  # 3
            "Colour: red",  # 4
            "Relationship: vet_dog",  # 5
            "## Presentation",  # 6
            "fine",  # 7
            "## Resonances",  # 8
            "- anger / client / 3 / x",  # 9
            "## Closing",  # 10
        ]
    )
    found = problems(text)
    assert line_numbers(found) == [2, 4, 5, 9, 10]
    assert str(TemplateError(found)).endswith("(and 4 more)")


# --------------------------------------------------------------------------- blank templates


def test_untouched_blank_case_template_says_the_title_is_missing() -> None:
    text = blank_case_template(members=["M1", "M2"], case_title="Draft title", presenter_hint="M2")
    assert "# Members: M1, M2." in text
    assert "- kind / level / intensity / text [@SOURCE] [#mirroring]" in text
    assert "doctor_patient" in text and "humour" in text and "third_parties" in text
    assert "Kind: first\n" in text
    found = problems(text)
    title_line = text.split("\n").index("Title:") + 1
    assert found[0] == f"line {title_line}: Title is empty (give the case a short title)"
    assert not is_empty_edit(text)


def test_untouched_blank_follow_up_template_says_the_outcome_is_missing() -> None:
    text = blank_case_template(follow_up=True, case_title="The silent boy", presenter_hint="M1")
    assert "Kind: follow_up\n" in text
    assert "'The silent boy'" in text
    assert "not_reported" in text
    outcome_line = text.split("\n").index("Outcome:") + 1
    found = problems(text, follow_up=True)
    assert found == [f"line {outcome_line}: Outcome is empty (how it went on: one of {', '.join(Outcome)})"]


def test_filled_blank_case_template() -> None:
    text = blank_case_template()
    text = text.replace("Title:", "Title: T").replace("Presenter:", "Presenter: M1")
    text = text.replace("## Resonances\n", "## Resonances\n- affect / client / 2 / tired\n")
    note = parse_case(text)
    assert note.resonances[0].text == "tired"


def test_blank_session_template() -> None:
    text = blank_session_template()
    assert parse_session_notes(text) == SessionNotes()
    for title in ("Atmosphere", "Group process", "My countertransference", "Questions for my supervision"):
        assert f"\n## {title}\n" in text


# --------------------------------------------------------------------------- session notes


def test_session_notes_parse_and_render() -> None:
    text = "# top comment\n\n## Atmosphere\nwarm\n\n## questions for my supervision\nWhy?\n"
    notes = parse_session_notes(text)
    assert notes == SessionNotes(atmosphere="warm", supervision_questions="Why?")
    assert parse_session_notes(render_session_notes(notes, comments=["hello", "two\nlines"])) == notes


def test_session_text_outside_a_section() -> None:
    found = session_problems("# ok\nstray text\nmore\n\nTitle: x\n## Atmosphere\nfine\n")
    assert line_numbers(found) == [2, 5]
    assert found[0] == "line 2: text outside a section: put it under a heading such as '## Atmosphere'"


def test_session_unknown_section() -> None:
    found = session_problems("## Atmosphere\nx\n## Presentation\ny\n## Countertransference\n")
    assert line_numbers(found) == [3, 5]
    assert found[0].startswith("line 3: unknown section 'Presentation' (expected one of Atmosphere,")
    assert "did you mean 'My countertransference'?" in found[1]


def test_session_escapes_headings() -> None:
    notes = SessionNotes(group_process="## Atmosphere\n\\## Atmosphere\n# hash\n- dash")
    rendered = render_session_notes(notes)
    assert "\\## Atmosphere\n\\\\## Atmosphere\n" in rendered
    assert parse_session_notes(rendered) == notes


# --------------------------------------------------------------------------- the editor loop's helpers


def test_render_comments_at_the_very_top() -> None:
    rendered = render_case(CaseNote(title="T", presenter="M1"), comments=["one", "", "two\nthree"])
    assert rendered.startswith("# one\n#\n# two\n# three\n\nTitle: T\n")


def test_is_empty_edit() -> None:
    assert is_empty_edit("")
    assert is_empty_edit("\n  \n")
    assert is_empty_edit("# only\n#comments\n### and this\n\n")
    assert not is_empty_edit("# c\nTitle: x\n")
    assert not is_empty_edit("## Atmosphere\n")
    assert not is_empty_edit("x")


def test_with_errors_renumbers_to_the_returned_text() -> None:
    text = "# old guidance\n\nTitle: T\nPresenter: M1\nColour: red\n"
    found = problems(text)
    assert found[0].startswith("line 5: unknown header 'Colour'")
    reopened = with_errors(text, found)
    lines = reopened.split("\n")
    assert lines[0] == ERRORS_HEADER
    assert lines[1].startswith("# line 8: unknown header 'Colour'")
    assert lines[2] == ""
    assert lines[3:5] == ["# old guidance", ""]  # guidance kept
    assert lines[7] == "Colour: red"  # line 8 is the line named
    assert problems(reopened) == [line[2:] for line in lines[1:2]]


def test_with_errors_replaces_an_earlier_error_block() -> None:
    text = blank_case_template()
    first = with_errors(text, problems(text))
    second = with_errors(first, problems(first))
    assert second == first
    assert second.count(ERRORS_HEADER) == 1


def test_with_errors_keeps_problems_without_line_numbers() -> None:
    assert with_errors("Title: x\n", ["something odd"]).startswith(f"{ERRORS_HEADER}\n# something odd\n\nTitle: x")


def test_with_errors_after_fixing_one_problem() -> None:
    text = "Title: T\nPresenter: M1\nColour: red\nRelationship: vet\n## Resonances\n- anger / client / 3 / x\n"
    reopened = with_errors(text, problems(text))
    fixed = reopened.replace("Colour: red\n", "")
    left = problems(fixed)
    assert len(left) == 2
    again = with_errors(fixed, left)
    header = [line[2:] for line in again.split("\n") if line.startswith("# line ")]
    assert header == problems(again)


# --------------------------------------------------------------------------- properties

#: Lines that exercise the escape, comment, header and resonance rules.
TRICKY_LINES = [
    "## Presentation",
    "\\## Presentation",
    "\\\\## Resonances",
    "##Presentation",
    "## leader's notes",
    "## Atmosphere",
    "## Group process",
    "## What changed",
    "## Unknown",
    "##",
    "## ",
    "###",
    "### Presentation",
    "#",
    "# comment",
    "#mirroring",
    "-",
    "- affect / client / 3 / x @M2 #mirroring",
    "- a / b / c / d",
    "Title: x",
    "Outcome: eased",
    "Kind: first",
    "\\",
    "",
    " ",
    "\t",
    "\r",
    "\ufeff",
    "@M2",
]


def is_blank(line: str) -> bool:
    return line.strip() == ""


def normalised_section(text: str) -> str:
    """What a round trip keeps: no blank first or last line."""
    lines = text.split("\n")
    while lines and is_blank(lines[0]):
        lines.pop(0)
    while lines and is_blank(lines[-1]):
        lines.pop()
    return "\n".join(lines)


def one_line(text: str) -> str:
    return " ".join(text.split("\n")).strip()


line_text = st.one_of(st.sampled_from(TRICKY_LINES), st.text(alphabet=st.characters(exclude_characters="\n")))
section_texts = st.one_of(st.text(), st.lists(line_text, max_size=8).map("\n".join)).map(normalised_section)
header_values = st.one_of(st.sampled_from(TRICKY_LINES), st.text(max_size=30)).map(one_line)
resonance_texts = (
    st.one_of(
        st.sampled_from(
            ["x @M2", "#mirroring", "@leader", "a / b / c", "\\@M1", "x \\#mirroring", "@", "@M2 #mirroring"]
        ),
        st.text(min_size=1),
        st.lists(st.sampled_from(["a", "@M1", "#mirroring", "\\@x", " / ", "\\", "#", "\t"]), min_size=1).map(" ".join),
    )
    .map(one_line)
    .filter(bool)
)
member_codes = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,5}", fullmatch=True).filter(
    lambda code: code.casefold() not in ("group", "leader", "co_leader", "co-leader", "coleader")
)
sources = st.one_of(st.sampled_from(["group", "leader", "co_leader"]), member_codes)
resonance_lines = st.builds(
    ResonanceLine,
    kind=st.sampled_from(ResonanceKind),
    level=st.sampled_from(ResonanceLevel),
    intensity=st.integers(1, 5),
    text=resonance_texts,
    source=sources,
    mirroring=st.booleans(),
)


@st.composite
def case_notes(draw: st.DrawFn, follow_up: bool) -> CaseNote:
    required = header_values.filter(bool)
    return CaseNote(
        title=draw(header_values if follow_up else required),
        presenter=draw(header_values if follow_up else required),
        client=draw(header_values),
        relationship=draw(st.none() | st.sampled_from(Relationship)),
        field=draw(header_values),
        institution=draw(header_values),
        question=draw(header_values),
        kind=draw(st.sampled_from([PresentationKind.FOLLOW_UP, PresentationKind.UPDATE]))
        if follow_up
        else PresentationKind.FIRST,
        outcome=draw(st.sampled_from(Outcome)) if follow_up else None,
        account=draw(section_texts),
        group_process=draw(section_texts),
        resonances=tuple(draw(st.lists(resonance_lines, max_size=4))),
        closing=draw(section_texts),
        leader_notes=draw(section_texts),
        what_changed=draw(section_texts),
    )


@settings(max_examples=300)
@given(note=case_notes(follow_up=False), comments=st.lists(st.text(), max_size=3))
def test_case_round_trip(note: CaseNote, comments: list[str]) -> None:
    assert parse_case(render_case(note, comments=comments)) == note


@settings(max_examples=300)
@given(note=case_notes(follow_up=True), comments=st.lists(st.text(), max_size=3))
def test_follow_up_round_trip(note: CaseNote, comments: list[str]) -> None:
    assert parse_case(render_case(note, comments=comments, follow_up=True), follow_up=True) == note


@settings(max_examples=300)
@given(
    notes=st.builds(
        SessionNotes,
        atmosphere=section_texts,
        group_process=section_texts,
        countertransference=section_texts,
        supervision_questions=section_texts,
    ),
    comments=st.lists(st.text(), max_size=3),
)
def test_session_notes_round_trip(notes: SessionNotes, comments: list[str]) -> None:
    assert parse_session_notes(render_session_notes(notes, comments=comments)) == notes


any_text = st.one_of(st.text(), st.lists(line_text, max_size=20).map("\n".join))


@settings(max_examples=300)
@given(text=any_text, follow_up=st.booleans())
@example(text="Title: T\nPresenter: M1\n## Resonances\n- affect / client / \u00b2 / x", follow_up=False)
def test_parse_case_never_crashes(text: str, follow_up: bool) -> None:
    try:
        parse_case(text, follow_up=follow_up)
    except TemplateError as exc:
        assert exc.problems
        assert all(re.match(r"line \d+: \S", p) for p in exc.problems)


@settings(max_examples=300)
@given(text=any_text)
def test_parse_session_notes_never_crashes(text: str) -> None:
    try:
        parse_session_notes(text)
    except TemplateError as exc:
        assert exc.problems
        assert all(re.match(r"line \d+: \S", p) for p in exc.problems)


@settings(max_examples=300)
@given(text=any_text, follow_up=st.booleans())
def test_with_errors_reparses_to_the_problems_it_shows(text: str, follow_up: bool) -> None:
    try:
        parse_case(text, follow_up=follow_up)
    except TemplateError as exc:
        reopened = with_errors(text, exc.problems)
        assert reopened.startswith(ERRORS_HEADER + "\n")
        with pytest.raises(TemplateError) as again:
            parse_case(reopened, follow_up=follow_up)
        assert len(again.value.problems) == len(exc.problems)
        shown = reopened.split("\n")[1 : 1 + len(exc.problems)]
        assert [f"# {p}" for p in again.value.problems] == shown
        assert not is_empty_edit(reopened) or is_empty_edit(text)


@settings(max_examples=300)
@given(text=any_text)
def test_session_with_errors_reparses_to_the_problems_it_shows(text: str) -> None:
    try:
        parse_session_notes(text)
    except TemplateError as exc:
        reopened = with_errors(text, exc.problems)
        with pytest.raises(TemplateError) as again:
            parse_session_notes(reopened)
        shown = reopened.split("\n")[1 : 1 + len(exc.problems)]
        assert [f"# {p}" for p in again.value.problems] == shown
