"""The case and session note text format: what the editor opens and what
``--from`` reads. Render and parse, with line-numbered errors.

A case template is a block of ``Key: value`` header lines followed by
sections, each started by a line ``## <section name>``::

    Title: The patient who never complains
    Presenter: M3
    Kind: first

    ## Presentation
    Free text …

    ## Resonances
    - affect / client / 4 / anger at being dismissed
    - bodily / presenter / 3 / heaviness in the chest @M2 #mirroring

Session notes are sections only (``## Atmosphere`` …).

The rules, so that no text is ever silently lost or misfiled:

* Before the first header line (for session notes: before the first section
  heading) lines starting with ``#`` are comments, and blank lines are
  ignored. After it nothing is a comment.
* A line is *heading-like* when it starts with exactly two ``#`` and then
  either whitespace, nothing, or (in any letter case, with any spacing) the
  name of a known section. A heading-like line always starts a section; if
  its name is not one of the template's sections, that is an error, never
  text. Every other line inside a section belongs to it verbatim.
* Escaping: a text line that, after removing any number of leading
  backslashes, is heading-like is rendered with one more leading backslash;
  parsing removes exactly one from such a line. So ``## Presentation`` in a
  note's text is written ``\\## Presentation``, and ``\\## Presentation`` is
  written ``\\\\## Presentation``.
* A resonance line is ``- kind / level / intensity / text`` where the text is
  all that follows the third ``/`` except trailing tokens ``@SOURCE`` and
  ``#mirroring`` (at most one of each, in either order). If the text itself
  ends in a word that looks like such a token, that word is rendered with one
  more leading backslash and read back without it (``\\@home``).

What a round trip ``parse(render(x)) == x`` preserves: every section text
that has no blank (whitespace-only) first or last line, exactly, whatever its
lines start with; header values and resonance texts that are a single line
without leading or trailing whitespace (resonance texts non-empty); sources
that are ``group``, ``leader``, ``co_leader`` or a member code (ASCII
letters and digits, then also ``_``, ``.`` and ``-``; not spelling a special
source in another letter case). Parsing drops leading and trailing blank lines of sections and strips
header values; rendering joins the lines of a header value or resonance
text with spaces.

Every problem is reported as ``line N: …`` (1-based, counting lines as split
on ``\\n``). Problems that have no line of their own (a missing header) name
the first line that is neither blank nor a comment (line 1 if there is
none).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from balintlog.domain import (
    SOURCE_CO_LEADER,
    SOURCE_GROUP,
    SOURCE_LEADER,
    Outcome,
    PresentationKind,
    Relationship,
    ResonanceKind,
    ResonanceLevel,
    SessionNotes,
    unknown_choice_message,
)
from balintlog.errors import TemplateError
from balintlog.labels import from_label

__all__ = [
    "CASE_HEADERS",
    "CASE_SECTIONS",
    "ERRORS_HEADER",
    "SESSION_SECTIONS",
    "CaseNote",
    "ResonanceLine",
    "blank_case_template",
    "blank_session_template",
    "is_empty_edit",
    "parse_case",
    "parse_session_notes",
    "place_problems",
    "render_case",
    "render_session_notes",
    "with_errors",
]

_E = TypeVar("_E", bound=StrEnum)


@dataclass(frozen=True)
class ResonanceLine:
    """One line of ``## Resonances``."""

    kind: ResonanceKind
    level: ResonanceLevel
    intensity: int
    text: str
    source: str = SOURCE_GROUP
    mirroring: bool = False


@dataclass(frozen=True)
class CaseNote:
    """What a case template holds: the case's headers and one presentation."""

    title: str = ""
    presenter: str = ""
    client: str = ""
    relationship: Relationship | None = None
    field: str = ""
    institution: str = ""
    question: str = ""
    kind: PresentationKind = PresentationKind.FIRST
    outcome: Outcome | None = None
    account: str = ""
    group_process: str = ""
    resonances: tuple[ResonanceLine, ...] = ()
    closing: str = ""
    leader_notes: str = ""
    what_changed: str = ""


#: (attribute, header key) in template order.
CASE_HEADERS: tuple[tuple[str, str], ...] = (
    ("title", "Title"),
    ("presenter", "Presenter"),
    ("client", "Client"),
    ("relationship", "Relationship"),
    ("field", "Field"),
    ("institution", "Institution"),
    ("question", "Question"),
    ("kind", "Kind"),
    ("outcome", "Outcome"),
)
#: The headers that describe the case itself (optional in a follow-up).
_CASE_OWN_HEADERS = ("title", "presenter", "client", "relationship", "field", "institution")

#: (attribute, section name) in template order.
CASE_SECTIONS: tuple[tuple[str, str], ...] = (
    ("account", "Presentation"),
    ("group_process", "Group process"),
    ("resonances", "Resonances"),
    ("closing", "Closing statement"),
    ("leader_notes", "Leader's notes"),
    ("what_changed", "What changed"),
)
SESSION_SECTIONS: tuple[tuple[str, str], ...] = (
    ("atmosphere", "Atmosphere"),
    ("group_process", "Group process"),
    ("countertransference", "My countertransference"),
    ("supervision_questions", "Questions for my supervision"),
)

#: The first line of the comment block :func:`with_errors` writes.
ERRORS_HEADER = "# ERRORS — fix and save, or empty the file to give up:"

RESONANCE_SYNTAX = "- kind / level / intensity / text [@SOURCE] [#mirroring]"
_MIRRORING = "#mirroring"


def _norm_name(name: str) -> str:
    """A section name or header key as compared: any case, any spacing."""
    return " ".join(name.replace("\u2019", "'").split()).casefold()


_ALL_SECTION_NAMES = frozenset(_norm_name(title) for _, title in CASE_SECTIONS + SESSION_SECTIONS)
_HEADER_BY_NAME = {_norm_name(key): attr for attr, key in CASE_HEADERS}
_HEADER_KEYS = {attr: key for attr, key in CASE_HEADERS}
_HEADER_RE = re.compile(r"\s*([A-Za-z][A-Za-z _'\u2019-]{0,29}?)\s*:(.*)", re.DOTALL)
_RESONANCE_RE = re.compile(
    r"\s*(?:-\s*)?(?P<kind>[^/]*?)\s*/\s*(?P<level>[^/]*?)\s*/\s*(?P<intensity>[^/]*?)\s*/(?P<text>.*)",
    re.DOTALL,
)
#: ``@`` and a member code as the journal allows them (or a special source).
#: Letters of any script with their combining accents (a code typed decomposed).
_SOURCE_RE = re.compile(r"@([^\W_][\w.\-\u0300-\u036f]*)")
_SPECIAL_SOURCES = {
    "group": SOURCE_GROUP,
    "leader": SOURCE_LEADER,
    "co_leader": SOURCE_CO_LEADER,
    "co-leader": SOURCE_CO_LEADER,
    "coleader": SOURCE_CO_LEADER,
}


# -- lines --------------------------------------------------------------------------


def _is_blank(line: str) -> bool:
    return not line.strip()


def _heading_name(line: str) -> str | None:
    """The section name if ``line`` is heading-like (see the module doc), else None."""
    if not line.startswith("##") or line.startswith("###"):
        return None
    rest = line[2:]
    if not rest or rest[0].isspace() or _norm_name(rest) in _ALL_SECTION_NAMES:
        return " ".join(rest.split())
    return None


def _is_comment(line: str) -> bool:
    """A ``#`` line that is not heading-like (a comment where comments are allowed)."""
    return line.startswith("#") and _heading_name(line) is None


def _escape_line(line: str) -> str:
    return "\\" + line if _heading_name(line.lstrip("\\")) is not None else line


def _unescape_line(line: str) -> str:
    if line.startswith("\\") and _heading_name(line.lstrip("\\")) is not None:
        return line[1:]
    return line


def _one_line(value: str) -> str:
    return " ".join(value.split("\n")).strip()


def _short(value: str, limit: int = 40) -> str:
    """A user value as quoted in an error: one line, not too long."""
    value = value.strip().replace("\n", " ")
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _comment_lines(comments: Sequence[str]) -> list[str]:
    out: list[str] = []
    for comment in comments:
        for part in comment.split("\n"):
            out.append(f"# {part}" if part else "#")
    return out


def _text_lines(text: str) -> list[str]:
    return [_escape_line(line) for line in text.split("\n")] if text else []


def _section_text(lines: Sequence[str]) -> str:
    start, end = 0, len(lines)
    while start < end and _is_blank(lines[start]):
        start += 1
    while end > start and _is_blank(lines[end - 1]):
        end -= 1
    return "\n".join(lines[start:end])


def _first_content(lines: Sequence[str]) -> int:
    """0-based index of the first line that is neither blank nor a comment
    (``len(lines)`` if there is none)."""
    for index, line in enumerate(lines):
        if not _is_blank(line) and not _is_comment(line):
            return index
    return len(lines)


# -- scanning -----------------------------------------------------------------------


class _Problems:
    def __init__(self) -> None:
        self.items: list[tuple[int, str]] = []

    def add(self, line: int, message: str) -> None:
        self.items.append((line, message))

    def sorted(self) -> list[str]:
        ordered = sorted(self.items, key=lambda item: item[0])
        return [f"line {line}: {message}" for line, message in ordered]

    def raise_if_any(self) -> None:
        if self.items:
            raise TemplateError(self.sorted())


@dataclass
class _Scan:
    #: (line, key as written, value stripped)
    headers: list[tuple[int, str, str]]
    #: attribute -> (heading line, [(line, text line unescaped)])
    sections: dict[str, tuple[int, list[tuple[int, str]]]]
    #: the first line that is neither blank nor a comment
    anchor: int


def _scan(text: str, sections: Sequence[tuple[str, str]], *, headers: bool, problems: _Problems) -> _Scan:
    by_name = {_norm_name(title): attr for attr, title in sections}
    titles = [title for _, title in sections]
    scan = _Scan([], {}, 0)
    current: str | None = None
    in_sections = seen_header = in_stray = False
    for no, line in enumerate(text.removeprefix("\ufeff").split("\n"), 1):
        name = _heading_name(line)
        if name is not None:
            scan.anchor = scan.anchor or no
            in_sections = True
            attr = by_name.get(_norm_name(name))
            current = None
            if attr is None:
                problems.add(no, _unknown_section(name, titles))
            elif attr in scan.sections:
                problems.add(no, f"section '## {dict(sections)[attr]}' appears twice; keep one and merge the text")
            else:
                current = attr
                scan.sections[attr] = (no, [])
            continue
        if in_sections:
            if current is not None:
                scan.sections[current][1].append((no, _unescape_line(line)))
            continue
        if _is_blank(line):
            in_stray = False
            continue
        if not seen_header and line.startswith("#"):
            continue
        scan.anchor = scan.anchor or no
        if headers:
            match = _HEADER_RE.fullmatch(line)
            if match:
                scan.headers.append((no, match.group(1), match.group(2).strip()))
                seen_header, in_stray = True, False
                continue
        if not in_stray:
            in_stray = True
            problems.add(no, _stray_message(line, headers=headers, titles=titles))
    scan.anchor = scan.anchor or 1
    return scan


def _unknown_section(name: str, titles: list[str]) -> str:
    if not name:
        return f"a section heading needs a name (one of {', '.join(titles)})"
    message = unknown_choice_message(_short(name), titles, "section")
    return f"{message}; to keep the line as text, write it as '\\## …'"


def _stray_message(line: str, *, headers: bool, titles: list[str]) -> str:
    if not headers:
        return f"text outside a section: put it under a heading such as '## {titles[0]}'"
    if line.startswith("#"):
        return "'#' comments are allowed only at the top, before the first header; remove the line"
    return f"not a 'Key: value' header; free text belongs under a section such as '## {titles[0]}'"


def _choice(enum: type[_E], raw: str, what: str, line: int, problems: _Problems) -> _E | None:
    """The member of ``enum`` that ``raw`` names (any case; ``-`` or spaces
    for ``_``; or a label in English or German), or None after adding a problem."""
    norm = re.sub(r"[\s_-]+", "_", raw.strip().lower())
    values = [member.value for member in enum]
    if norm in values:
        return enum(norm)
    found = from_label(enum, raw)
    if found is not None:  # a label in either language: "Affekt / Klient / 4 / …"
        return found
    problems.add(line, unknown_choice_message(_short(raw), values, what))
    return None


# -- resonances ---------------------------------------------------------------------


def _token_like(word: str) -> bool:
    return _SOURCE_RE.fullmatch(word) is not None or word.casefold() == _MIRRORING


def _source_of(code: str) -> str:
    return _SPECIAL_SOURCES.get(code.casefold(), code)


def _render_resonance(res: ResonanceLine) -> str:
    text = _one_line(res.text)
    words = text.rsplit(None, 1)
    if words and _token_like(words[-1].lstrip("\\")):
        text = text[: len(text) - len(words[-1])] + "\\" + words[-1]
    source = res.source or SOURCE_GROUP
    if source != SOURCE_GROUP:
        if _SOURCE_RE.fullmatch("@" + source) is None:
            raise ValueError(f"cannot write resonance source {source!r}: not a member code")
        text += f" @{source}"
    if res.mirroring:
        text += f" {_MIRRORING}"
    return f"- {res.kind.value} / {res.level.value} / {res.intensity} / {text}"


def _parse_resonance(line: str, no: int, problems: _Problems) -> ResonanceLine | None:
    match = _RESONANCE_RE.fullmatch(line)
    if match is None:
        problems.add(no, f"not a resonance line: write '{RESONANCE_SYNTAX}'")
        return None
    before = len(problems.items)
    kind = _choice(ResonanceKind, match["kind"], "kind", no, problems)
    level = _choice(ResonanceLevel, match["level"], "level", no, problems)
    raw = match["intensity"].strip()
    intensity = int(raw) if re.fullmatch(r"[0-9]{1,3}", raw) else 0
    if not 1 <= intensity <= 5:
        problems.add(no, f"intensity must be a whole number from 1 to 5, not {_short(raw)!r}")
    body = match["text"].strip()
    source: str | None = None
    mirroring = False
    for _ in range(2):
        words = body.rsplit(None, 1)
        if not words:
            break
        last = words[-1]
        if source is None and (found := _SOURCE_RE.fullmatch(last)):
            source = _source_of(found.group(1))
        elif not mirroring and last.casefold() == _MIRRORING:
            mirroring = True
        else:
            break
        body = words[0] if len(words) == 2 else ""
    words = body.rsplit(None, 1)
    if words and words[-1].startswith("\\") and _token_like(words[-1].lstrip("\\")):
        body = body[: len(body) - len(words[-1])] + words[-1][1:]
    if not body:
        problems.add(no, "the resonance has no text after its intensity")
    if len(problems.items) > before or kind is None or level is None:
        return None
    return ResonanceLine(kind, level, intensity, body, source or SOURCE_GROUP, mirroring)


# -- cases --------------------------------------------------------------------------


def render_case(note: CaseNote, *, comments: Sequence[str] = (), follow_up: bool = False) -> str:
    """The template text of ``note``; ``comments`` become ``#`` lines at the top.

    For a follow-up (``follow_up=True``) the case's own headers (Title …
    Institution) are written only when set, ``Outcome:`` always, and the
    ``## What changed`` section always; otherwise ``Outcome:`` is written
    only when set and ``## What changed`` only when it has text. Raises
    ValueError for a resonance source that cannot be written (not a code)."""
    out = _comment_lines(comments)
    if out:
        out.append("")
    values = {
        "title": note.title,
        "presenter": note.presenter,
        "client": note.client,
        "relationship": note.relationship.value if note.relationship is not None else "",
        "field": note.field,
        "institution": note.institution,
        "question": note.question,
        "kind": note.kind.value,
        "outcome": note.outcome.value if note.outcome is not None else "",
    }
    for attr, key in CASE_HEADERS:
        value = _one_line(values[attr])
        if follow_up and attr in _CASE_OWN_HEADERS and not value:
            continue
        if attr == "outcome" and not follow_up and note.outcome is None:
            continue
        out.append(f"{key}: {value}" if value else f"{key}:")
    for attr, title in CASE_SECTIONS:
        if attr == "what_changed" and not (follow_up or note.what_changed):
            continue
        out += ["", f"## {title}"]
        if attr == "resonances":
            out += [_render_resonance(res) for res in note.resonances]
        else:
            out += _text_lines(getattr(note, attr))
    return "\n".join(out) + "\n"


def _choices(enum: type[StrEnum]) -> str:
    return ", ".join(member.value for member in enum)


def blank_case_template(
    *,
    follow_up: bool = False,
    case_title: str = "",
    presenter_hint: str = "",
    members: Sequence[str] = (),
) -> str:
    """What the editor opens for a new case (or a follow-up): guiding
    comments, empty headers with ``Kind:`` filled in, and empty sections.

    ``case_title`` and ``presenter_hint`` are shown in the comments (the case
    followed up, or a suggestion), never filled in: an untouched template does
    not parse (no title for a new case, no outcome for a follow-up).
    ``members`` are the member codes listed as possible presenters and
    resonance sources."""
    case_title, presenter_hint = _one_line(case_title), _one_line(presenter_hint)
    comments: list[str] = []
    if follow_up:
        about = f"Follow-up of the case {case_title!r}" if case_title else "Follow-up of a case"
        if presenter_hint:
            about += f", presented by {presenter_hint}"
        comments += [
            f"{about}.",
            "How did the relationship go on? Say so under Outcome and in '## What changed'.",
            f"Kind: follow_up or update. Outcome: one of {_choices(Outcome)}.",
            "The case's own headers (Title, Presenter, Client, Relationship, Field, Institution)",
            "may be added above Question to change them.",
        ]
    else:
        comments.append("A new case. Title and Presenter are required; the other headers may stay empty.")
        if case_title:
            comments.append(f"Suggested title: {case_title}")
        if presenter_hint:
            comments.append(f"Presenter (suggested): {presenter_hint}")
        comments.append(f"Relationship: one of {_choices(Relationship)}.")
    comments.append("Members: " + (", ".join(members) if members else "none recorded yet") + ".")
    comments += [
        f"Resonances, one per line: {RESONANCE_SYNTAX}",
        f"  kinds: {_choices(ResonanceKind)}",
        f"  levels: {_choices(ResonanceLevel)}",
        "  intensity 1 (faint) to 5 (strong); @SOURCE is a member code, @leader or @co_leader",
        "  (default: the group); #mirroring marks the group mirroring the case.",
        "Lines starting with '#' are comments only here at the top. To keep a line that looks",
        "like a section heading as text, start it with a backslash: \\## Presentation",
        "Save and close to store the case; empty the file to give up.",
    ]
    kind = PresentationKind.FOLLOW_UP if follow_up else PresentationKind.FIRST
    return render_case(CaseNote(kind=kind), comments=comments, follow_up=follow_up)


def parse_case(text: str, *, follow_up: bool = False) -> CaseNote:
    """The CaseNote in ``text``, or TemplateError listing every problem
    (``line N: …``, in line order).

    A new case (``follow_up=False``) needs Title and Presenter and a Kind of
    ``first`` (the default when left out); an Outcome is an error there. A
    follow-up needs an Outcome and a Kind of ``follow_up`` (the default) or
    ``update``; its case headers may be left out."""
    problems = _Problems()
    scan = _scan(text, CASE_SECTIONS, headers=True, problems=problems)

    given: dict[str, tuple[int, str]] = {}
    for no, key, raw in scan.headers:
        attr = _HEADER_BY_NAME.get(_norm_name(key))
        if attr is None:
            keys = [k.lower() for _, k in CASE_HEADERS]
            problems.add(no, unknown_choice_message(_short(key), keys, "header"))
        elif attr in given:
            problems.add(no, f"header '{_HEADER_KEYS[attr]}' is given twice; keep one")
        else:
            given[attr] = (no, raw)

    def value(attr: str) -> str:
        return given[attr][1] if attr in given else ""

    required = ("outcome",) if follow_up else ("title", "presenter")
    for attr in required:
        key = _HEADER_KEYS[attr]
        why = {
            "title": "give the case a short title",
            "presenter": "the code of the member who presented it",
            "outcome": f"how it went on: one of {_choices(Outcome)}",
        }[attr]
        if attr not in given:
            problems.add(scan.anchor, f"missing header '{key}:' ({why})")
        elif not given[attr][1]:
            problems.add(given[attr][0], f"{key} is empty ({why})")

    relationship: Relationship | None = None
    if value("relationship"):
        relationship = _choice(Relationship, value("relationship"), "relationship", given["relationship"][0], problems)

    kind = PresentationKind.FOLLOW_UP if follow_up else PresentationKind.FIRST
    if value("kind"):
        no = given["kind"][0]
        chosen = _choice(PresentationKind, value("kind"), "presentation kind", no, problems)
        if chosen is not None:
            if follow_up and chosen is PresentationKind.FIRST:
                problems.add(no, "Kind 'first' is for a new case ('case add'); a follow-up is follow_up or update")
            elif not follow_up and chosen is not PresentationKind.FIRST:
                problems.add(no, f"Kind {chosen.value!r} is for 'case follow-up'; a new case is 'first'")
            else:
                kind = chosen

    outcome: Outcome | None = None
    if value("outcome"):
        no = given["outcome"][0]
        outcome = _choice(Outcome, value("outcome"), "outcome", no, problems)
        if not follow_up:
            problems.add(no, "an Outcome belongs to a follow-up ('case follow-up'); remove it here")

    resonances: list[ResonanceLine] = []
    for no, line in scan.sections.get("resonances", (0, []))[1]:
        if not _is_blank(line):
            res = _parse_resonance(line, no, problems)
            if res is not None:
                resonances.append(res)

    problems.raise_if_any()

    def section(attr: str) -> str:
        return _section_text([line for _, line in scan.sections.get(attr, (0, []))[1]])

    return CaseNote(
        title=value("title"),
        presenter=value("presenter"),
        client=value("client"),
        relationship=relationship,
        field=value("field"),
        institution=value("institution"),
        question=value("question"),
        kind=kind,
        outcome=outcome,
        account=section("account"),
        group_process=section("group_process"),
        resonances=tuple(resonances),
        closing=section("closing"),
        leader_notes=section("leader_notes"),
        what_changed=section("what_changed"),
    )


# -- session notes ------------------------------------------------------------------


def render_session_notes(notes: SessionNotes, *, comments: Sequence[str] = ()) -> str:
    """The template text of ``notes``: every section, even empty ones."""
    out = _comment_lines(comments)
    for attr, title in SESSION_SECTIONS:
        if out:
            out.append("")
        out.append(f"## {title}")
        out += _text_lines(getattr(notes, attr))
    return "\n".join(out) + "\n"


def blank_session_template() -> str:
    """What the editor opens for new session notes."""
    return render_session_notes(
        SessionNotes(),
        comments=[
            "Session notes: write under each heading; any heading may stay empty.",
            "'My countertransference' and 'Questions for my supervision' are your own notes for",
            "your supervision. Lines starting with '#' are comments only here at the top.",
            "To keep a line that looks like a section heading as text, start it with a",
            "backslash: \\## Atmosphere. Save and close to store; empty the file to give up.",
        ],
    )


def parse_session_notes(text: str) -> SessionNotes:
    """The SessionNotes in ``text``, or TemplateError listing every problem."""
    problems = _Problems()
    scan = _scan(text, SESSION_SECTIONS, headers=False, problems=problems)
    problems.raise_if_any()

    def section(attr: str) -> str:
        return _section_text([line for _, line in scan.sections.get(attr, (0, []))[1]])

    return SessionNotes(
        atmosphere=section("atmosphere"),
        group_process=section("group_process"),
        countertransference=section("countertransference"),
        supervision_questions=section("supervision_questions"),
    )


# -- the editor loop's helpers ------------------------------------------------------

_PROBLEM_RE = re.compile(r"line (\d+):(.*)", re.DOTALL)


def with_errors(text: str, problems: Sequence[str]) -> str:
    """``text`` with ``problems`` at the top, for the editor to re-open.

    The leading comment block gets a new first part: :data:`ERRORS_HEADER`,
    one ``# line N: …`` line per problem, and a blank line. An error block
    written by an earlier call is replaced; other leading comments (the
    template's guidance) are kept; everything from the first line that is
    neither blank nor a comment is kept unchanged.

    Line numbers: ``problems`` refer to ``text`` as the user saved it (what
    the parse functions report). The numbers written here are renumbered to
    point to the same lines in the *returned* text, so they match what the
    user sees in the editor, and parsing the returned text unchanged reports
    exactly the problems written in its header. (A number within the old
    leading comment block, which only a text without content gets, is kept.)
    Problems without a ``line N:`` prefix are written as they are."""
    lines = text.removeprefix("\ufeff").split("\n")
    lead = _first_content(lines)
    kept = lines[:lead]
    if kept and kept[0] == ERRORS_HEADER:
        end = 1
        while end < len(kept) and not _is_blank(kept[end]):
            end += 1
        while end < len(kept) and _is_blank(kept[end]):
            end += 1
        kept = kept[end:]
    shift = len(problems) + 2 + len(kept) - lead
    block = [ERRORS_HEADER]
    for problem in problems:
        problem = problem.replace("\n", " ")
        match = _PROBLEM_RE.fullmatch(problem)
        if match is not None and len(match.group(1)) < 10:
            number = int(match.group(1))
            if number > lead:
                number += shift
            problem = f"line {number}:{match.group(2)}"
        block.append(f"# {problem}")
    block.append("")
    return "\n".join(block + kept + lines[lead:])


def is_empty_edit(text: str) -> bool:
    """Whether ``text`` holds nothing but blank lines and comments (the user
    emptied the file to give up). A bare section heading is not empty."""
    lines = text.removeprefix("\ufeff").split("\n")
    return _first_content(lines) == len(lines)


def place_problems(text: str, problems: Sequence[tuple[str, str]]) -> list[str]:
    """Line-numbered messages (``line N: …``, in line order) for problems
    found after ``text`` parsed, such as a presenter who is not a member.
    Each problem names its place: a header attribute (``presenter``),
    ``resonance N`` (the Nth resonance line, 0-based), or ``""`` (the first
    line that is neither blank nor a comment)."""
    scan = _scan(text, CASE_SECTIONS, headers=True, problems=_Problems())
    places: dict[str, int] = {}
    for no, key, _raw in scan.headers:
        places.setdefault(_HEADER_BY_NAME.get(_norm_name(key), ""), no)
    resonance_lines = [no for no, line in scan.sections.get("resonances", (0, []))[1] if not _is_blank(line)]
    for index, no in enumerate(resonance_lines):
        places[f"resonance {index}"] = no
    placed = _Problems()
    for place, message in problems:
        placed.add(places.get(place, scan.anchor) if place else scan.anchor, message.replace("\n", " "))
    return placed.sorted()
