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

A template is written in the user's language (German: ``Titel:``,
``Fallgeber(in):``, ``## Fallbericht``, ``## Resonanzen``, resonance lines
with the German labels such as ``- Affekt / Klient(in) / 4 / …``,
``#Spiegelphänomen``, ``@Leitung``) and read in either language, whatever
the one in use: the header keys, section names, labels and tokens of both
name the same things, so a German and an English template of the same case
are the same record. Problems are worded in the user's language
(``Zeile 5: …``).

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
none). Every problem is found in one pass: the syntax problems, and (through
the ``check`` hook of :func:`parse_case`) the problems the journal finds
against the vault, so that the user fixes them all in one round.

Partial edits: a parsed note records which headers and sections the text
*has* (``present``). A header or section left out of an edited text keeps
its old value; one that is present and empty clears it
(:func:`merge_case_note`, :meth:`SessionNotesEdit.onto`). Lines that look
like resonance lines under another section are kept there as text, with a
warning naming them (``warnings``).
"""

from __future__ import annotations

import datetime as dt
import gettext
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field  # CaseNote has a field called "field"
from enum import StrEnum
from functools import cache
from typing import TypeVar

from balintlog import i18n
from balintlog.domain import (
    SOURCE_CO_LEADER,
    SOURCE_GROUP,
    SOURCE_LEADER,
    LogbookKind,
    Outcome,
    PresentationKind,
    Relationship,
    ResonanceKind,
    ResonanceLevel,
    SessionNotes,
    unknown_choice_message,
)
from balintlog.errors import TemplateError
from balintlog.i18n import N_, NP_, _
from balintlog.labels import from_label, label
from balintlog.limits import LONG_TEXT, QUESTION, RESONANCE_TEXT, SHORT_TEXT, TITLE, too_long
from balintlog.textfold import fold

__all__ = [
    "CASE_HEADERS",
    "CASE_SECTIONS",
    "ERRORS_HEADER",
    "LOGBOOK_HEADERS",
    "LOGBOOK_SECTIONS",
    "SESSION_SECTIONS",
    "CaseNote",
    "LogbookNote",
    "NoteCheck",
    "ResonanceLine",
    "SessionNotesEdit",
    "blank_case_template",
    "blank_logbook_template",
    "blank_session_template",
    "describe_removed",
    "is_empty_edit",
    "merge_case_note",
    "parse_case",
    "parse_logbook",
    "parse_session_edit",
    "parse_session_notes",
    "removed_from_case",
    "removed_from_session",
    "render_case",
    "render_session_notes",
    "same_content",
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


#: Every attribute a case template can give (headers, then sections).
ALL_CASE_FIELDS = frozenset(
    (
        "title", "presenter", "client", "relationship", "field", "institution", "question", "kind", "outcome",
        "account", "group_process", "resonances", "closing", "leader_notes", "what_changed",
    )
)


@dataclass(frozen=True)
class CaseNote:
    """What a case template holds: the case's headers and one presentation.

    ``present`` names the attributes the text gave (a header line or a
    section heading, even when empty); a note built in code gives all of
    them. ``warnings`` are things worth telling the user that do not stop
    saving (resonance-like lines outside ``## Resonances``). Neither takes
    part in equality: two notes with the same values are the same note."""

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
    present: frozenset[str] = dataclass_field(default=ALL_CASE_FIELDS, compare=False)
    warnings: tuple[str, ...] = dataclass_field(default=(), compare=False)


#: A check of a parsed note against the vault: (place, message) pairs, where
#: place is a header attribute (``presenter``), ``resonance N`` (the Nth
#: resonance the note holds, 0-based) or ``""`` (no line of its own).
NoteCheck = Callable[[CaseNote], Sequence[tuple[str, str]]]


#: (attribute, header key) in template order; the key as written in English.
#: A template is written in the user's language (:func:`header_key`) and read
#: in either: the German key, its single forms (``Fallgeber(in)``:
#: ``Fallgeberin``, ``Fallgeber``) and the English key all name the header.
CASE_HEADERS: tuple[tuple[str, str], ...] = (
    ("title", NP_("template header", "Title")[1]),
    ("presenter", NP_("template header", "Presenter")[1]),
    ("client", NP_("template header", "Client")[1]),
    ("relationship", NP_("template header", "Relationship")[1]),
    ("field", NP_("template header", "Field")[1]),
    ("institution", NP_("template header", "Institution")[1]),
    ("question", NP_("template header", "Question")[1]),
    ("kind", NP_("template header", "Kind")[1]),
    ("outcome", NP_("template header", "Outcome")[1]),
)
#: The headers that describe the case itself (optional in a follow-up).
_CASE_OWN_HEADERS = ("title", "presenter", "client", "relationship", "field", "institution")

#: (attribute, section name) in template order; the name as written in English.
CASE_SECTIONS: tuple[tuple[str, str], ...] = (
    ("account", NP_("template section", "Presentation")[1]),
    ("group_process", NP_("template section", "Group process")[1]),
    ("resonances", NP_("template section", "Resonances")[1]),
    ("closing", NP_("template section", "Closing statement")[1]),
    ("leader_notes", NP_("template section", "Leader's notes")[1]),
    ("what_changed", NP_("template section", "What changed")[1]),
)
SESSION_SECTIONS: tuple[tuple[str, str], ...] = (
    ("atmosphere", NP_("template section", "Atmosphere")[1]),
    ("group_process", NP_("template section", "Group process")[1]),
    ("countertransference", NP_("template section", "My countertransference")[1]),
    ("supervision_questions", NP_("template section", "Questions for my supervision")[1]),
)
#: (attribute, header key) of a logbook entry, as :data:`CASE_HEADERS`.
LOGBOOK_HEADERS: tuple[tuple[str, str], ...] = (
    ("kind", NP_("template header", "Kind")[1]),
    ("date", NP_("template header", "Date")[1]),
    ("ds", NP_("template header", "DS")[1]),
    ("hours", NP_("template header", "Hours")[1]),
    ("sessions", NP_("template header", "Sessions")[1]),
    ("with_whom", NP_("template header", "With")[1]),
    ("format", NP_("template header", "Format")[1]),
    ("title", NP_("template header", "Title")[1]),
)
LOGBOOK_SECTIONS: tuple[tuple[str, str], ...] = (("notes", NP_("template section", "Notes")[1]),)
#: Other names people give a header or section (the long German forms).
_NAME_ALIASES: dict[str, tuple[str, ...]] = {
    "presenter": ("vorstellende Person", "Fallgeberin", "Fallgeber"),
    "with_whom": ("Co-Leitung", "Supervisor", "Supervisorin", "Supervisor(in)", "co-leader", "supervisor"),
    "ds": ("Doppelstunden",),
    "hours": ("Std",),
    "client": ("Klientin", "Klient", "Patientin", "Patient", "Patient(in)"),
    "closing": (
        "Schlusswort der Fallgeberin/des Fallgebers",
        "Schlusswort der Fallgeberin",
        "Schlusswort des Fallgebers",
        "Schlusswort der Fallgeber(in)",
    ),
}

#: The first line of the comment block :func:`with_errors` writes (in English;
#: :func:`errors_header` in the user's language).
ERRORS_HEADER = N_("# ERRORS — fix and save, or empty the file to give up:")

RESONANCE_SYNTAX = N_("- kind / level / intensity / text [@SOURCE] [#mirroring]")
_MIRRORING = "#mirroring"
#: ``#mirroring`` as a template in the user's language writes it (German ``#Spiegelphänomen``).
_MIRRORING_WORD = NP_("template", "#mirroring")
#: ``#Spiegelung`` is read as ``#mirroring`` too.
_MIRRORING_WORDS = frozenset({"#mirroring", "#spiegelung", "#spiegelphänomen", "#spiegelphaenomen"})


def errors_header() -> str:
    """:data:`ERRORS_HEADER` in the user's language."""
    return _(ERRORS_HEADER)


def header_key(attr: str) -> str:
    """The key of the header ``attr`` (``title``) in the user's language."""
    return i18n.pgettext("template header", _HEADER_KEYS[attr])


def section_title(sections: Sequence[tuple[str, str]], attr: str) -> str:
    """The name of the section ``attr`` of ``sections`` in the user's language."""
    return i18n.pgettext("template section", dict(sections)[attr])


def _norm_name(name: str) -> str:
    """A section name or header key as compared: any case, any spacing,
    accents or ae/oe/ue, ``ß`` or ``ss`` alike."""
    folded = fold(name.replace("\u2019", "'"))
    folded = folded.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return " ".join(folded.split())


@cache
def _german() -> gettext.NullTranslations:
    """The German catalogue, whatever the language in use: a template
    written in German is read in an English session too."""
    return gettext.translation(i18n.DOMAIN, i18n.LOCALE_DIR, languages=["de"], fallback=True)


def _spellings(context: str, attr: str, english: str) -> list[str]:
    """Every spelling of a header or section: English, German, the German
    single forms of a bracketed word (``Klient(in)``), the aliases."""
    german = _german().pgettext(context, english)
    names = [english, german, re.sub(r"\((.*?)\)", "", german), re.sub(r"\((.*?)\)", r"\1", german)]
    return names + list(_NAME_ALIASES.get(attr, ()))


@cache
def _names(context: str, entries: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Every spelling of the names in ``entries`` (compared as by
    :func:`_norm_name`) -> its attribute."""
    return {_norm_name(name): attr for attr, english in entries for name in _spellings(context, attr, english)}


def _all_section_names() -> dict[str, str]:
    return _names("template section", CASE_SECTIONS + SESSION_SECTIONS + LOGBOOK_SECTIONS)


_HEADER_KEYS = {attr: key for attr, key in CASE_HEADERS + LOGBOOK_HEADERS}
_HEADER_RE = re.compile(r"\s*([^\W\d_](?:[^\W\d_]|[ ()_'\u2019-]){0,39}?)\s*:(.*)", re.DOTALL)
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
    "gruppe": SOURCE_GROUP,
    "leitung": SOURCE_LEADER,
    "co-leitung": SOURCE_CO_LEADER,
    "co_leitung": SOURCE_CO_LEADER,
    "coleitung": SOURCE_CO_LEADER,
}
#: How a special source is written in a German template.
_GERMAN_SOURCES = {SOURCE_LEADER: "Leitung", SOURCE_CO_LEADER: "Co-Leitung"}


# -- lines --------------------------------------------------------------------------


def _is_blank(line: str) -> bool:
    return not line.strip()


def _heading_name(line: str) -> str | None:
    """The section name if ``line`` is heading-like (see the module doc), else None."""
    if not line.startswith("##") or line.startswith("###"):
        return None
    rest = line[2:]
    if not rest or rest[0].isspace() or _norm_name(rest) in _all_section_names():
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


def _line_problem(line: int, message: str) -> str:
    return _("line {number}: {problem}").format(number=line, problem=message)


class _Problems:
    def __init__(self) -> None:
        self.items: list[tuple[int, str]] = []

    def add(self, line: int, message: str) -> None:
        self.items.append((line, message))

    def sorted(self) -> list[str]:
        ordered = sorted(self.items, key=lambda item: item[0])
        return [_line_problem(line, message) for line, message in ordered]

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
    by_name = _names("template section", tuple(sections))
    titles = [section_title(sections, attr) for attr, _title in sections]
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
                problems.add(
                    no,
                    _("section '## {name}' appears twice; keep one and merge the text").format(
                        name=section_title(sections, attr)
                    ),
                )
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
        return _("a section heading needs a name (one of {names})").format(names=", ".join(titles))
    message = unknown_choice_message(_short(name), titles, _("section"))
    return _("{problem}; to keep the line as text, write it as '\\## …'").format(problem=message)


def _stray_message(line: str, *, headers: bool, titles: list[str]) -> str:
    if not headers:
        return _("text outside a section: put it under a heading such as '## {name}'").format(name=titles[0])
    if line.startswith("#"):
        return _("'#' comments are allowed only at the top, before the first header; remove the line")
    return _("not a 'Key: value' header; free text belongs under a section such as '## {name}'").format(
        name=titles[0]
    )


def _shown_choices(enum: type[StrEnum]) -> list[str]:
    """The choices an error lists: the values in English (what the English
    template writes), the labels in German."""
    if i18n.is_german():
        return [label(member) for member in enum]
    return [member.value for member in enum]


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
    problems.add(line, unknown_choice_message(_short(raw), _shown_choices(enum), what))
    return None


# -- resonances ---------------------------------------------------------------------


def _token_like(word: str) -> bool:
    return _SOURCE_RE.fullmatch(word) is not None or word.casefold() in _MIRRORING_WORDS


def _source_of(code: str) -> str:
    return _SPECIAL_SOURCES.get(code.casefold(), code)


def _render_resonance(res: ResonanceLine) -> str:
    text = _one_line(res.text)
    words = text.rsplit(None, 1)
    if words and _token_like(words[-1].lstrip("\\")):
        text = text[: len(text) - len(words[-1])] + "\\" + words[-1]
    source = res.source or SOURCE_GROUP
    german = i18n.is_german()
    if source != SOURCE_GROUP:
        if _SOURCE_RE.fullmatch("@" + source) is None:
            raise ValueError(f"cannot write resonance source {source!r}: not a member code")
        text += f" @{_GERMAN_SOURCES.get(source, source) if german else source}"
    if res.mirroring:
        text += f" {i18n.pgettext(*_MIRRORING_WORD)}"
    if german:
        return f"- {label(res.kind)} / {label(res.level)} / {res.intensity} / {text}"
    return f"- {res.kind.value} / {res.level.value} / {res.intensity} / {text}"


def _parse_resonance(line: str, no: int, problems: _Problems) -> ResonanceLine | None:
    match = _RESONANCE_RE.fullmatch(line)
    if match is None:
        problems.add(no, _("not a resonance line: write '{syntax}'").format(syntax=_(RESONANCE_SYNTAX)))
        return None
    before = len(problems.items)
    kind = _choice(ResonanceKind, match["kind"], _("kind"), no, problems)
    level = _choice(ResonanceLevel, match["level"], _("level"), no, problems)
    raw = match["intensity"].strip()
    intensity = int(raw) if re.fullmatch(r"[0-9]{1,3}", raw) else 0
    if not 1 <= intensity <= 5:
        problems.add(
            no, _("intensity must be a whole number from 1 to 5, not {value!r}").format(value=_short(raw))
        )
    body = match["text"].strip()
    source: str | None = None
    mirroring = False
    for _round in range(2):
        words = body.rsplit(None, 1)
        if not words:
            break
        last = words[-1]
        if source is None and (found := _SOURCE_RE.fullmatch(last)):
            source = _source_of(found.group(1))
        elif not mirroring and last.casefold() in _MIRRORING_WORDS:
            mirroring = True
        else:
            break
        body = words[0] if len(words) == 2 else ""
    words = body.rsplit(None, 1)
    if words and words[-1].startswith("\\") and _token_like(words[-1].lstrip("\\")):
        body = body[: len(body) - len(words[-1])] + words[-1][1:]
    if not body:
        problems.add(no, _("the resonance has no text after its intensity"))
    elif (message := too_long(body, RESONANCE_TEXT, _("the resonance's text"))) is not None:
        problems.add(no, message)
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
        "relationship": _enum_text(note.relationship),
        "field": note.field,
        "institution": note.institution,
        "question": note.question,
        "kind": _enum_text(note.kind),
        "outcome": _enum_text(note.outcome),
    }
    for attr, _key in CASE_HEADERS:
        value = _one_line(values[attr])
        if follow_up and attr in _CASE_OWN_HEADERS and not value:
            continue
        if attr == "outcome" and not follow_up and note.outcome is None:
            continue
        key = header_key(attr)
        out.append(f"{key}: {value}" if value else f"{key}:")
    for attr, _title in CASE_SECTIONS:
        if attr == "what_changed" and not (follow_up or note.what_changed):
            continue
        out += ["", f"## {section_title(CASE_SECTIONS, attr)}"]
        if attr == "resonances":
            out += [_render_resonance(res) for res in note.resonances]
        else:
            out += _text_lines(getattr(note, attr))
    return "\n".join(out) + "\n"


def _enum_text(value: StrEnum | None) -> str:
    """A chosen value as a template writes it: the value in English
    (``doctor_patient``), the label in German (``Ärztin/Arzt und Patient(in)``)."""
    if value is None:
        return ""
    return label(value) if i18n.is_german() else value.value


def _choices(enum: type[StrEnum]) -> str:
    return ", ".join(_shown_choices(enum))


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
        if case_title and presenter_hint:
            about = _("Follow-up of the case {title!r}, presented by {presenter}.").format(
                title=case_title, presenter=presenter_hint
            )
        elif case_title:
            about = _("Follow-up of the case {title!r}.").format(title=case_title)
        elif presenter_hint:
            about = _("Follow-up of a case, presented by {presenter}.").format(presenter=presenter_hint)
        else:
            about = _("Follow-up of a case.")
        comments += [
            about,
            _("How did the relationship go on? Say so under Outcome and in '## What changed'."),
            _("Kind: follow_up or update. Outcome: one of {choices}.").format(choices=_choices(Outcome)),
            _(
                "The case's own headers (Title, Presenter, Client, Relationship, Field, Institution)\n"
                "may be added above Question to change them."
            ),
        ]
    else:
        comments.append(_("A new case. Title and Presenter are required; the other headers may stay empty."))
        if case_title:
            comments.append(_("Suggested title: {title}").format(title=case_title))
        if presenter_hint:
            comments.append(_("Presenter (suggested): {presenter}").format(presenter=presenter_hint))
        comments.append(_("Relationship: one of {choices}.").format(choices=_choices(Relationship)))
    if members:
        comments.append(_("Members: {codes}.").format(codes=", ".join(members)))
    else:
        comments.append(_("Members: none recorded yet."))
    comments += [
        _("Resonances, one per line: {syntax}").format(syntax=_(RESONANCE_SYNTAX)),
        _("  kinds: {choices}").format(choices=_choices(ResonanceKind)),
        _("  levels: {choices}").format(choices=_choices(ResonanceLevel)),
        _(
            "  intensity 1 (faint) to 5 (strong); @SOURCE is a member code, @leader or @co_leader\n"
            "  (default: the group); #mirroring marks the group mirroring the case."
        ),
        _(
            "Lines starting with '#' are comments only here at the top. To keep a line that looks\n"
            "like a section heading as text, start it with a backslash: \\## Presentation\n"
            "Save and close to store the case; empty the file to give up."
        ),
    ]
    kind = PresentationKind.FOLLOW_UP if follow_up else PresentationKind.FIRST
    return render_case(CaseNote(kind=kind), comments=comments, follow_up=follow_up)


#: The most a header value may hold, by attribute (choices are checked as choices).
_HEADER_LIMITS = {
    "title": TITLE,
    "presenter": SHORT_TEXT,
    "client": SHORT_TEXT,
    "field": SHORT_TEXT,
    "institution": SHORT_TEXT,
    "question": QUESTION,
}


def parse_case(
    text: str, *, follow_up: bool = False, edit: bool = False, check: NoteCheck | None = None
) -> CaseNote:
    """The CaseNote in ``text``, or TemplateError listing every problem
    (``line N: …``, in line order).

    A new case (``follow_up=False``) needs Title and Presenter and a Kind of
    ``first`` (the default when left out); an Outcome is an error there. A
    follow-up needs an Outcome and a Kind of ``follow_up`` (the default) or
    ``update``; its case headers may be left out. An edit (``edit=True``)
    needs nothing: what it leaves out keeps its value (see ``present``), but
    a required header it gives must not be empty.

    ``check`` is called with the note as far as it parsed, also when the text
    has syntax problems, and what it finds is reported together with them,
    each at its line: the journal's checks against the vault (unknown member
    codes and sources) come in the same round as the syntax problems."""
    problems = _Problems()
    scan = _scan(text, CASE_SECTIONS, headers=True, problems=problems)

    given: dict[str, tuple[int, str]] = {}
    headers = _names("template header", CASE_HEADERS)
    for no, key, raw in scan.headers:
        attr = headers.get(_norm_name(key))
        if attr is None:
            keys = [header_key(a).lower() for a, _key in CASE_HEADERS]
            problems.add(no, unknown_choice_message(_short(key), keys, _("header")))
        elif attr in given:
            problems.add(no, _("header '{key}' is given twice; keep one").format(key=header_key(attr)))
        else:
            given[attr] = (no, raw)
            limit = _HEADER_LIMITS.get(attr)
            message = None if limit is None else too_long(raw, limit, header_key(attr))
            if message is not None:
                problems.add(no, message)

    def value(attr: str) -> str:
        return given[attr][1] if attr in given else ""

    why = {
        "title": _("give the case a short title"),
        "presenter": _("the code of the member who presented it"),
        "outcome": _("how it went on: one of {choices}").format(choices=_choices(Outcome)),
    }
    for attr in ("outcome",) if follow_up else ("title", "presenter"):
        key = header_key(attr)
        if attr not in given:
            if not edit:
                problems.add(scan.anchor, _("missing header '{key}:' ({why})").format(key=key, why=why[attr]))
        elif not given[attr][1]:
            problems.add(given[attr][0], _("{key} is empty ({why})").format(key=key, why=why[attr]))
    if edit and follow_up:
        for attr in ("title", "presenter"):
            if attr in given and not given[attr][1]:
                problems.add(
                    given[attr][0],
                    _("{key} is empty ({why}); leave the line out to keep it").format(
                        key=header_key(attr), why=why[attr]
                    ),
                )

    relationship: Relationship | None = None
    if value("relationship"):
        relationship = _choice(
            Relationship, value("relationship"), _("relationship"), given["relationship"][0], problems
        )

    kind = PresentationKind.FOLLOW_UP if follow_up else PresentationKind.FIRST
    if value("kind"):
        no = given["kind"][0]
        chosen = _choice(PresentationKind, value("kind"), _("presentation kind"), no, problems)
        if chosen is not None:
            if follow_up and chosen is PresentationKind.FIRST:
                problems.add(
                    no, _("Kind 'first' is for a new case ('case add'); a follow-up is follow_up or update")
                )
            elif not follow_up and chosen is not PresentationKind.FIRST:
                problems.add(
                    no,
                    _("Kind {kind!r} is for 'case follow-up'; a new case is 'first'").format(
                        kind=_enum_text(chosen)
                    ),
                )
            else:
                kind = chosen

    outcome: Outcome | None = None
    if value("outcome"):
        no = given["outcome"][0]
        outcome = _choice(Outcome, value("outcome"), _("outcome"), no, problems)
        if not follow_up:
            problems.add(no, _("an Outcome belongs to a follow-up ('case follow-up'); remove it here"))

    resonances: list[ResonanceLine] = []
    resonance_lines: list[int] = []
    for no, line in scan.sections.get("resonances", (0, []))[1]:
        if not _is_blank(line):
            res = _parse_resonance(line, no, problems)
            if res is not None:
                resonances.append(res)
                resonance_lines.append(no)

    texts: dict[str, str] = {}
    for attr, _title in CASE_SECTIONS:
        if attr == "resonances":
            continue
        heading, lines = scan.sections.get(attr, (0, []))
        texts[attr] = _section_text([line for _, line in lines])
        message = too_long(texts[attr], LONG_TEXT, _section_name(CASE_SECTIONS, attr))
        if message is not None:
            problems.add(heading, message)

    # An empty Kind: says nothing (a kind cannot be cleared), so it keeps the kind.
    present = frozenset(attr for attr in given if attr != "kind" or given[attr][1]) | frozenset(scan.sections)
    note = CaseNote(
        title=value("title"),
        presenter=value("presenter"),
        client=value("client"),
        relationship=relationship,
        field=value("field"),
        institution=value("institution"),
        question=value("question"),
        kind=kind,
        outcome=outcome,
        resonances=tuple(resonances),
        present=present,
        warnings=tuple(_misplaced_resonances(scan)),
        **texts,
    )
    if check is not None:
        places = {attr: no for attr, (no, _raw) in given.items()}
        places.update({f"resonance {index}": no for index, no in enumerate(resonance_lines)})
        for place, message in check(note):
            problems.add(places.get(place, scan.anchor), message.replace("\n", " "))
    problems.raise_if_any()
    return note


def _looks_like_resonance(line: str) -> bool:
    """A ``- kind / level / intensity / text`` line with a known kind and level."""
    if not line.lstrip().startswith("-"):
        return False
    match = _RESONANCE_RE.fullmatch(line)
    if match is None:
        return False
    kinds = {member.value for member in ResonanceKind}
    levels = {member.value for member in ResonanceLevel}

    def norm(raw: str) -> str:
        return re.sub(r"[\s_-]+", "_", raw.strip().lower())

    return norm(match["kind"]) in kinds and norm(match["level"]) in levels


def _misplaced_resonances(scan: _Scan) -> list[str]:
    """One warning per section that holds resonance-like lines (a deleted
    ``## Resonances`` heading leaves them under the section before)."""
    resonances = section_title(CASE_SECTIONS, "resonances")
    warnings = []
    for attr, (_heading, lines) in sorted(scan.sections.items(), key=lambda item: item[1][0]):
        if attr == "resonances":
            continue
        numbers = [no for no, line in lines if _looks_like_resonance(line)]
        if len(numbers) == 1:
            warnings.append(
                _(
                    "line {number} looks like a resonance but is under '## {section}', so it is kept there as "
                    "text; to record it as a resonance, put it under '## {resonances}'"
                ).format(number=numbers[0], section=section_title(CASE_SECTIONS, attr), resonances=resonances)
            )
        elif numbers:
            warnings.append(
                _(
                    "lines {numbers} look like resonances but are under '## {section}', so they are kept there as "
                    "text; to record them as resonances, put them under '## {resonances}'"
                ).format(
                    numbers=_number_list(numbers), section=section_title(CASE_SECTIONS, attr), resonances=resonances
                )
            )
    return warnings


def _number_list(numbers: Sequence[int]) -> str:
    """``4 and 9`` or ``4, 5 and 9`` (at least two numbers)."""
    # TRANSLATORS: the last two of a list of line numbers: "4, 5 and 9".
    return _("{numbers} and {last}").format(numbers=", ".join(str(n) for n in numbers[:-1]), last=numbers[-1])


def _section_name(sections: Sequence[tuple[str, str]], attr: str) -> str:
    """A section as a message names it: ``section '## Presentation'``."""
    return _("section '## {name}'").format(name=section_title(sections, attr))


#: What a cleared attribute is called when an edit says what it removed.
_CASE_LABELS = {
    "client": N_("the client"),
    "relationship": N_("the relationship"),
    "field": N_("the field"),
    "institution": N_("the institution"),
    "question": N_("the question"),
    "outcome": N_("the outcome"),
    "account": N_("the presentation's text"),
    "group_process": N_("the group process"),
    "closing": N_("the closing statement"),
    "leader_notes": N_("the leader's notes"),
    "what_changed": N_("'What changed'"),
}


def merge_case_note(old: CaseNote, new: CaseNote) -> CaseNote:
    """``old`` with what ``new`` gives: every attribute in ``new.present``
    comes from ``new`` (empty ones clear), the others keep ``old``'s value."""
    changes = {attr: getattr(new, attr) for attr in new.present}
    return replace(old, **changes, present=ALL_CASE_FIELDS, warnings=new.warnings)


def removed_from_case(old: CaseNote, new: CaseNote) -> list[str]:
    """What an edit from ``old`` to ``new`` removed, in words: the
    resonances no longer there (``2 resonances``) and each text or header
    that had a value and has none now (``the closing statement``)."""
    remaining = list(new.resonances)
    gone = 0
    for res in old.resonances:
        if res in remaining:
            remaining.remove(res)
        else:
            gone += 1
    parts = [i18n.ngettext("{count} resonance", "{count} resonances", gone).format(count=gone)] if gone else []
    for attr, words in _CASE_LABELS.items():
        if getattr(old, attr) and not getattr(new, attr):
            parts.append(_(words))
    return parts


def describe_removed(parts: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(parts) <= 1:
        return "".join(parts)
    # TRANSLATORS: the end of a list: "a, b and c".
    return _("{items} and {last}").format(items=", ".join(parts[:-1]), last=parts[-1])


def same_content(before: str, after: str) -> bool:
    """Whether ``after`` holds the same text as ``before`` once the leading
    comments and blank lines are set aside and trailing spaces and blank
    lines ignored: a template saved unchanged (the user meant to cancel)."""

    def content(text: str) -> list[str]:
        lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
        lines = [line.rstrip() for line in lines[_first_content(lines) :]]
        while lines and not lines[-1]:
            lines.pop()
        return lines

    return content(before) == content(after)


# -- session notes ------------------------------------------------------------------


def render_session_notes(notes: SessionNotes, *, comments: Sequence[str] = ()) -> str:
    """The template text of ``notes``: every section, even empty ones."""
    out = _comment_lines(comments)
    for attr, _title in SESSION_SECTIONS:
        if out:
            out.append("")
        out.append(f"## {section_title(SESSION_SECTIONS, attr)}")
        out += _text_lines(getattr(notes, attr))
    return "\n".join(out) + "\n"


def blank_session_template() -> str:
    """What the editor opens for new session notes."""
    return render_session_notes(
        SessionNotes(),
        comments=[
            _(
                "Session notes: write under each heading; any heading may stay empty.\n"
                "'My countertransference' and 'Questions for my supervision' are your own notes for\n"
                "your supervision. Lines starting with '#' are comments only here at the top.\n"
                "To keep a line that looks like a section heading as text, start it with a\n"
                "backslash: \\## Atmosphere. Save and close to store; empty the file to give up."
            ),
        ],
    )


def parse_session_notes(text: str) -> SessionNotes:
    """The SessionNotes in ``text``, or TemplateError listing every problem."""
    return parse_session_edit(text).notes


@dataclass(frozen=True)
class SessionNotesEdit:
    """Session notes as a text gives them: the notes, and which sections
    the text has (``present``; a section present and empty clears it)."""

    notes: SessionNotes
    present: frozenset[str]

    def onto(self, old: SessionNotes, *, append: bool = False) -> SessionNotes:
        """``old`` with the sections this edit gives: replaced, or with
        ``append`` added after the old text (a blank line between); the
        sections it leaves out keep their text."""
        changes: dict[str, str] = {}
        for attr in self.present:
            text = getattr(self.notes, attr)
            before = getattr(old, attr)
            changes[attr] = "\n\n".join(part for part in (before, text) if part) if append else text
        return replace(old, **changes)


def parse_session_edit(text: str) -> SessionNotesEdit:
    """The session notes in ``text`` and the sections it has, or
    TemplateError listing every problem."""
    problems = _Problems()
    scan = _scan(text, SESSION_SECTIONS, headers=False, problems=problems)
    texts: dict[str, str] = {}
    for attr, _title in SESSION_SECTIONS:
        heading, lines = scan.sections.get(attr, (0, []))
        texts[attr] = _section_text([line for _, line in lines])
        message = too_long(texts[attr], LONG_TEXT, _section_name(SESSION_SECTIONS, attr))
        if message is not None:
            problems.add(heading, message)
    problems.raise_if_any()
    return SessionNotesEdit(SessionNotes(**texts), frozenset(scan.sections))


_SESSION_LABELS = {
    "atmosphere": N_("the atmosphere"),
    "group_process": N_("the group process"),
    "countertransference": N_("your countertransference"),
    "supervision_questions": N_("the questions for your supervision"),
}


def removed_from_session(old: SessionNotes, new: SessionNotes) -> list[str]:
    """The session note sections that had text before and have none now."""
    return [_(words) for attr, words in _SESSION_LABELS.items() if getattr(old, attr) and not getattr(new, attr)]


# -- the editor loop's helpers ------------------------------------------------------

#: A problem as :func:`_line_problem` words it, in either language.
_PROBLEM_RE = re.compile(r"(line|Zeile) (\d+):(.*)", re.DOTALL)


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
    if kept and kept[0] in (ERRORS_HEADER, errors_header()):
        end = 1
        while end < len(kept) and not _is_blank(kept[end]):
            end += 1
        while end < len(kept) and _is_blank(kept[end]):
            end += 1
        kept = kept[end:]
    shift = len(problems) + 2 + len(kept) - lead
    block = [errors_header()]
    for problem in problems:
        problem = problem.replace("\n", " ")
        match = _PROBLEM_RE.fullmatch(problem)
        if match is not None and len(match.group(2)) < 10:
            number = int(match.group(2))
            if number > lead:
                number += shift
            problem = f"{match.group(1)} {number}:{match.group(3)}"
        block.append(f"# {problem}")
    block.append("")
    return "\n".join(block + kept + lines[lead:])


def is_empty_edit(text: str) -> bool:
    """Whether ``text`` holds nothing but blank lines and comments (the user
    emptied the file to give up). A bare section heading is not empty."""
    lines = text.removeprefix("\ufeff").split("\n")
    return _first_content(lines) == len(lines)


# -- the leader's logbook -----------------------------------------------------------


@dataclass(frozen=True)
class LogbookNote:
    """What a logbook template holds: one entry of the leader's logbook."""

    kind: LogbookKind
    date: dt.date
    #: The time it stands for, from ``DS:`` (90 minutes each) or ``Hours:``.
    minutes: int
    sessions: int = 1
    with_whom: str = ""
    format: str = ""
    title: str = ""
    notes: str = ""


#: The kinds whose ``With:`` is required (the co-leader, the supervisor).
_NEEDS_WITH = (LogbookKind.CO_LED, LogbookKind.SUPERVISION)


def blank_logbook_template() -> str:
    """What the editor opens for a new logbook entry."""
    comments = [
        _("An entry of your training logbook. Kind and Date are required, and DS or Hours."),
        _("Kind: one of {choices}.").format(choices=_choices(LogbookKind)),
        _(
            "DS: double sessions of 90 minutes (1,5 or 1.5); or Hours instead. Sessions: how many\n"
            "sessions the entry stands for (default 1)."
        ),
        _(
            "With: the co-leader (co-led) or the supervisor (supervision received). Format: of the\n"
            "supervision (individual, group, online). Title: the seminar, conference or group, and where."
        ),
        _("Save and close to store the entry; empty the file to give up."),
    ]
    out = [*_comment_lines(comments), ""]
    out += [f"{header_key(attr)}:" for attr, _key in LOGBOOK_HEADERS]
    out += ["", f"## {section_title(LOGBOOK_SECTIONS, 'notes')}", ""]
    return "\n".join(out)


def _amount(raw: str, what: str, line: int, problems: _Problems) -> float | None:
    """A positive number written with a decimal point or comma."""
    try:
        value = float(raw.replace(",", ".").strip())
    except ValueError:
        value = -1.0
    if not 0 < value < 100_000:
        problems.add(line, _("{what} must be a positive number such as 1.5, not {value!r}").format(
            what=what, value=_short(raw)
        ))
        return None
    return value


def parse_logbook(text: str, *, today: dt.date) -> LogbookNote:
    """The LogbookNote in ``text`` (relative dates such as ``yesterday``
    read from ``today``), or TemplateError listing every problem."""
    from balintlog.dates import parse_date
    from balintlog.errors import UsageError

    problems = _Problems()
    scan = _scan(text, LOGBOOK_SECTIONS, headers=True, problems=problems)
    given: dict[str, tuple[int, str]] = {}
    headers = _names("template header", LOGBOOK_HEADERS)
    for no, key, raw in scan.headers:
        attr = headers.get(_norm_name(key))
        if attr is None:
            keys = [header_key(a).lower() for a, _key in LOGBOOK_HEADERS]
            problems.add(no, unknown_choice_message(_short(key), keys, _("header")))
        elif attr in given:
            problems.add(no, _("header '{key}' is given twice; keep one").format(key=header_key(attr)))
        else:
            given[attr] = (no, raw)
            limit = TITLE if attr == "title" else SHORT_TEXT
            message = too_long(raw, limit, header_key(attr))
            if message is not None:
                problems.add(no, message)

    def value(attr: str) -> str:
        return given[attr][1] if attr in given else ""

    def missing(attr: str, why: str) -> None:
        key = header_key(attr)
        if attr not in given:
            problems.add(scan.anchor, _("missing header '{key}:' ({why})").format(key=key, why=why))
        else:
            problems.add(given[attr][0], _("{key} is empty ({why})").format(key=key, why=why))

    kind: LogbookKind | None = None
    if value("kind"):
        kind = _choice(LogbookKind, value("kind"), _("logbook kind"), given["kind"][0], problems)
    else:
        missing("kind", _("one of {choices}").format(choices=_choices(LogbookKind)))

    day: dt.date | None = None
    if value("date"):
        try:
            day = parse_date(value("date"), today=today)
        except UsageError as exc:
            problems.add(given["date"][0], str(exc))
    else:
        missing("date", _("the day, e.g. 2026-03-14"))

    minutes: int | None = None
    if value("ds") and value("hours"):
        problems.add(given["hours"][0], _("give DS or Hours, not both"))
    elif value("ds"):
        ds = _amount(value("ds"), header_key("ds"), given["ds"][0], problems)
        minutes = None if ds is None else round(ds * 90)
    elif value("hours"):
        hours = _amount(value("hours"), header_key("hours"), given["hours"][0], problems)
        minutes = None if hours is None else round(hours * 60)
    else:
        missing("ds", _("the double sessions of 90 minutes it stands for, or Hours"))

    sessions = 1
    if value("sessions"):
        raw = value("sessions")
        if raw.isdigit() and 0 < int(raw) <= 1000:
            sessions = int(raw)
        else:
            problems.add(
                given["sessions"][0],
                _("Sessions must be a whole number from 1 to 1000, not {value!r}").format(value=_short(raw)),
            )

    if kind in _NEEDS_WITH and not value("with_whom"):
        why = _("the co-leader") if kind is LogbookKind.CO_LED else _("the supervisor")
        missing("with_whom", why)

    heading, lines = scan.sections.get("notes", (0, []))
    notes = _section_text([line for _, line in lines])
    message = too_long(notes, LONG_TEXT, _section_name(LOGBOOK_SECTIONS, "notes"))
    if message is not None:
        problems.add(heading, message)
    problems.raise_if_any()
    assert kind is not None and day is not None and minutes is not None  # else a problem was raised
    return LogbookNote(
        kind=kind,
        date=day,
        minutes=minutes,
        sessions=sessions,
        with_whom=value("with_whom"),
        format=value("format"),
        title=value("title"),
        notes=notes,
    )


# -- records of a few lines: a member's identity, the leader's profile -----------------

#: (attribute, English key) of a member's identity (German: Name, Titel, EFN, Anschrift).
IDENTITY_KEYS: tuple[tuple[str, str], ...] = (
    ("name", NP_("template header", "Name")[1]),
    ("title", NP_("template header", "Title")[1]),
    ("efn", NP_("template header", "EFN")[1]),
    ("address", NP_("template header", "Address")[1]),
)
#: (attribute, English key) of the leader's profile.
LEADER_KEYS: tuple[tuple[str, str], ...] = (
    ("name", NP_("template header", "Name")[1]),
    ("title", NP_("template header", "Title")[1]),
    ("recognitions", NP_("template header", "Recognitions")[1]),
    ("address", NP_("template header", "Address")[1]),
    ("signature", NP_("template header", "Signature caption")[1]),
)
#: The longest value a record line takes (a name that does not fit a line is refused).
RECORD_VALUE_LIMITS = {"name": 80, "title": 40, "efn": 30, "address": 300, "recognitions": 400, "signature": 120}


def render_record(keys: Sequence[tuple[str, str]], values: Mapping[str, str], comments: Sequence[str] = ()) -> str:
    """A record template: ``Key: value`` lines in the user's language; a
    value of several lines continues on lines indented by two spaces."""
    lines = _comment_lines(comments)
    for attr, english in keys:
        value = values.get(attr, "").split("\n")
        lines.append(f"{i18n.pgettext('template header', english)}: {value[0]}".rstrip())
        lines += [f"  {more}" for more in value[1:]]
    return "\n".join(lines) + "\n"


def parse_record(text: str, keys: tuple[tuple[str, str], ...], required: Sequence[str] = ("name",)) -> dict[str, str]:
    """The values of a record template (keys in English or German, any
    case; lines starting with ``#`` are comments; an indented line
    continues the value before it). TemplateError lists every problem."""
    names = _names("template header", keys)
    problems = _Problems()
    values: dict[str, list[str]] = {}
    current: str | None = None
    for no, line in enumerate(text.removeprefix("\ufeff").split("\n"), 1):
        if _is_blank(line) or line.lstrip().startswith("#"):
            continue
        if line[:1] in (" ", "\t") and current is not None:
            values[current].append(line.strip())
            continue
        match = _HEADER_RE.fullmatch(line)
        attr = None if match is None else names.get(_norm_name(match[1]))
        if match is None or attr is None:
            shown = ", ".join(f"{i18n.pgettext('template header', english)}:" for _attr, english in keys)
            problems.add(no, _("expected one of {keys}, got {line!r}").format(keys=shown, line=_short(line)))
            current = None
            continue
        if attr in values:
            problems.add(no, _("{key} is given twice").format(key=match[1].strip()))
            continue
        values[attr] = [match[2].strip()]
        current = attr
    found = {attr: "\n".join(v for v in lines if v) for attr, lines in values.items()}
    for attr, english in keys:
        limit = RECORD_VALUE_LIMITS.get(attr)
        if limit is not None and len(found.get(attr, "")) > limit:
            problems.add(
                1,
                _("{key} is longer than {limit} characters: it would not fit its line").format(
                    key=i18n.pgettext("template header", english), limit=limit
                ),
            )
        if attr in required and not found.get(attr):
            problems.add(1, _("{key} is missing").format(key=i18n.pgettext("template header", english)))
    problems.raise_if_any()
    return {attr: found.get(attr, "") for attr, _english in keys}
