"""search: every decrypted text field, any letter case, with the hit shown
in context and highlighted; --group narrows it."""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from pathlib import Path

import pytest
from conftest import Cli
from hypothesis import example, given, settings
from hypothesis import strategies as st

from balintlog.commands.search import snippet
from balintlog.domain import SearchHit
from balintlog.textfold import TextFinder, fold

CASE = """\
Title: The Lighthouse keeper
Presenter: M1
Client: man, 70, lives alone
Institution: harbour office

## Presentation
He talks about the LIGHTHOUSE every time and about nothing else.

## Resonances
- image / client / 3 / a lighthouse without a lamp @M2

## Leader's notes
[red]lighthouse[/red] again?
"""


@pytest.fixture
def searchable(cli: Cli) -> Cli:
    cli.ok("group", "add", "nord", "--start", "2026-01-01", "--institution", "Lighthouse clinic")
    cli.ok("group", "add", "sued", "--start", "2026-01-01")
    for group in ("nord", "sued"):
        cli.ok("member", "add", group, "M1", "--profession", "physician")
        cli.ok("member", "add", group, "M2", "--profession", "nurse")
    cli.ok("session", "start", "--group", "nord", "--present", "M1,M2")
    cli.ok("case", "add", "--from", "-", input=CASE)
    cli.ok("session", "note", "--from", "-", input="## Atmosphere\nA calm lighthouse evening.\n")
    cli.ok("session", "end", "--group", "nord")
    cli.ok("session", "start", "--group", "sued", "--present", "M1")
    cli.ok("case", "add", "--from", "-", input="Title: Harbour pilot\nPresenter: M1\n")
    return cli


def test_search_finds_every_field_ignoring_case(searchable: Cli) -> None:
    hits = json.loads(searchable.ok("search", "lightHOUSE", "--json").stdout)["hits"]
    fields = {(h["field"], h["case"], h["session"]) for h in hits}
    assert fields == {
        ("group.institution", None, None),
        ("case.title", 1, "nord:1"),
        ("presentation.account", 1, "nord:1"),
        ("presentation.leader_notes", 1, "nord:1"),
        ("resonance.text", 1, "nord:1"),
        ("session.atmosphere", None, "nord:1"),
    }
    account = next(h for h in hits if h["field"] == "presentation.account")
    start, end = account["matches"][0]
    assert account["snippet"][start:end] == "LIGHTHOUSE"
    assert account["date"] == "2026-11-26"


def test_search_prints_case_session_date_and_the_hit_literally(searchable: Cli) -> None:
    out = searchable.ok("search", "again").stdout
    assert "#1" in out and "nord:1" in out and "Thu 26 Nov 2026" in out
    assert "[red]lighthouse[/red] again?" in out


def test_search_in_one_group(searchable: Cli) -> None:
    everywhere = json.loads(searchable.ok("search", "harbour", "--json").stdout)["hits"]
    assert {h["group"] for h in everywhere} == {"nord", "sued"}
    only = json.loads(searchable.ok("search", "harbour", "--group", "sued", "--json").stdout)["hits"]
    assert [(h["group"], h["case"], h["field"]) for h in only] == [("sued", 2, "case.title")]
    assert "No matches" in searchable.ok("search", "submarine").stderr


def test_search_lists_hits_by_day_case_and_session_a_presentations_fields_before_its_resonances(
    searchable: Cli,
) -> None:
    hits = json.loads(searchable.ok("search", "lighthouse", "--json").stdout)["hits"]
    assert [(h["date"], h["field"], h["case"], h["session"]) for h in hits] == [
        ("2026-01-01", "group.institution", None, None),
        ("2026-11-26", "session.atmosphere", None, "nord:1"),
        ("2026-11-26", "case.title", 1, "nord:1"),
        ("2026-11-26", "presentation.account", 1, "nord:1"),
        ("2026-11-26", "presentation.leader_notes", 1, "nord:1"),
        ("2026-11-26", "resonance.text", 1, "nord:1"),
    ]


ACCENTS = """\
Title: Die Ärztin am Leuchtturm
Presenter: M1
Client: ÄRZTIN, 50

## Presentation
Eine A\u0308rztin (decomposed), then ärztin again; by the lighthouſe.

## Resonances
- image / client / 3 / the LightHouse at night @M2
"""


@pytest.fixture
def accented(cli: Cli) -> Cli:
    cli.ok("group", "add", "nord", "--start", "2026-01-01")
    cli.ok("member", "add", "nord", "M1", "--profession", "physician")
    cli.ok("member", "add", "nord", "M2", "--profession", "nurse")
    cli.ok("session", "start", "--group", "nord", "--present", "M1,M2")
    cli.ok("case", "add", "--from", "-", input=ACCENTS.replace("\\u0308", "\u0308"))
    return cli


def _matches(cli: Cli, text: str) -> list[tuple[str, list[str]]]:
    hits = json.loads(cli.ok("search", text, "--json").stdout)["hits"]
    return [(h["field"], [h["snippet"][s:e] for s, e in h["matches"]]) for h in hits]


def test_search_ignores_case_and_accents_in_any_unicode_form(accented: Cli) -> None:
    expected = [
        ("case.title", ["Ärztin"]),
        ("case.client", ["ÄRZTIN"]),
        ("presentation.account", ["Ärztin", "ärztin"]),
    ]
    assert _matches(accented, "ärztin") == expected
    assert _matches(accented, "A\u0308RZTIN") == expected  # the needle's decomposed form
    assert _matches(accented, "arztin") == expected
    assert _matches(accented, "AERZTIN") == expected


def test_an_ascii_needle_finds_what_unicode_case_folding_matches(accented: Cli) -> None:
    assert _matches(accented, "LIGHTHOUSE") == [
        ("presentation.account", ["lighthouſe"]),
        ("resonance.text", ["LightHouse"]),
    ]


GERMAN = """\
Title: Der Schüler an der Straße
Presenter: M1
Client: Schueler, 15; wohnt an der Strasse nach Süd

## Presentation
Der SCHÜLER kommt zu spät. Straßenbahn, Café.
"""


@pytest.fixture
def german(cli: Cli) -> Cli:
    cli.ok("group", "add", "süd", "--start", "2026-01-01")
    cli.ok("member", "add", "süd", "M1", "--profession", "teacher")
    cli.ok("session", "start", "--group", "süd", "--present", "M1")
    cli.ok("case", "add", "--from", "-", input=GERMAN)
    return cli


_PUPIL = [("case.title", ["Schüler"]), ("case.client", ["Schueler"]), ("presentation.account", ["SCHÜLER"])]
_STREET = [("case.title", ["Straße"]), ("case.client", ["Strasse"]), ("presentation.account", ["Straße"])]


@pytest.mark.parametrize(
    ("needle", "expected"),
    [
        ("schuler", [("case.title", ["Schüler"]), ("presentation.account", ["SCHÜLER"])]),
        ("Schueler", _PUPIL),
        ("Schüler", _PUPIL),
        ("strasse", _STREET),
        ("Strasse", _STREET),
        ("STRAẞE", _STREET),
        ("cafe", [("presentation.account", ["Café"])]),
        ("spat", [("presentation.account", ["spät"])]),
    ],
)
def test_search_finds_what_germans_type_and_marks_it_in_the_original_text(
    german: Cli, needle: str, expected: list[tuple[str, list[str]]]
) -> None:
    assert _matches(german, needle) == expected


def test_a_search_hit_in_german_text_is_highlighted_on_the_terminal(german: Cli) -> None:
    out = german.ok("search", "schuler").stdout
    assert "Der Schüler an der Straße" in out
    assert "SCHÜLER kommt zu spät" in out


def test_folding_keeps_umlauts_apart_from_their_vowel_and_drops_other_accents() -> None:
    assert fold("Straße ÄRZTIN Café Ørsted \u212a") == "strasse ärztin cafe ørsted k"
    assert fold("Su\u0308d") == fold("Süd") == "süd"


# Letters in several cases and forms: ASCII, accents precomposed and
# decomposed, umlauts and their spellings, ß, the long s and Kelvin sign.
_ALPHABET = "aAeEoOuUsSkK ;äÄöÜüéÉ\u0301\u0308ßẞſ\u212aσΣς\u037e"


@settings(max_examples=300)
@given(needle=st.text(_ALPHABET, min_size=1, max_size=4), text=st.text(_ALPHABET, max_size=20))
@example(needle="ue", text="ü")
@example(needle="ü", text="ue")
@example(needle="ss", text="ß")
@example(needle="e", text="e\u0301")
@example(needle=";", text="\u037e")
def test_the_quick_test_and_the_spans_agree(needle: str, text: str) -> None:
    finder = TextFinder(needle)
    nfc = unicodedata.normalize("NFC", text)
    spans = finder.spans(nfc)
    assert finder.contains(text) == bool(spans)
    for start, end in spans:
        assert 0 <= start < end <= len(nfc)
        assert TextFinder(needle).contains(nfc[start:end])


def _break_first_blob(vault: Path, table: str, column: str) -> None:
    """Flip a bit of the tag of ``column`` of the first row of ``table``."""
    db = sqlite3.connect(vault, isolation_level=None)
    try:
        row_id, blob = db.execute(f"SELECT id, {column} FROM {table} ORDER BY rowid LIMIT 1").fetchone()
        broken = bytearray(blob)
        broken[-1] ^= 0x01
        db.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (bytes(broken), row_id))
    finally:
        db.close()


@pytest.mark.parametrize(
    ("table", "column", "named"),
    [
        ("resonance", "text", "resonance"),
        ("presentation", "leader_notes", "presentation"),
        ("balint_case", "client", "case #1"),
        ("group_session", "countertransference", "session"),
    ],
)
def test_a_tampered_field_stops_search_with_exit_6_naming_the_record(
    searchable: Cli, table: str, column: str, named: str
) -> None:
    _break_first_blob(searchable.vault, table, column)
    result = searchable("search", "nothing-matches-this")
    assert result.exit_code == 6
    assert named in result.stderr and f"column {column}" in result.stderr
    assert "integrity check" in result.stderr and "Traceback" not in result.stderr
    if table != "group_session":
        assert "case #1" in result.stderr


@pytest.mark.parametrize(
    ("table", "column", "change", "named"),
    [
        ("resonance", "kind", "tail", "resonance"),  # a field search does not look into
        ("resonance", "level", "head", "resonance"),
        ("resonance", "intensity", 9, "resonance"),
        ("presentation", "kind", "tail", "presentation"),
        ("presentation", "date", "2020-01-01", "presentation"),
        ("presentation", "date", "not a day", "presentation"),
        ("balint_case", "status", "closed", "case #1"),
        ("balint_case", "opened", "not a day", "case #1"),
        ("group_session", "mode", "tail", "session"),
        ("group_session", "date", "2020-01-01", "session"),
    ],
)
def test_every_row_search_reads_is_checked(
    searchable: Cli, table: str, column: str, change: object, named: str
) -> None:
    """Each row search reads is checked against its seal, whichever column
    changed: one it searches in, one it does not, or a plaintext one."""
    db = sqlite3.connect(searchable.vault, isolation_level=None)
    try:
        row_id, value = db.execute(f'SELECT id, "{column}" FROM {table} ORDER BY rowid LIMIT 1').fetchone()
        if change in ("head", "tail"):
            broken = bytearray(value)
            broken[1 if change == "head" else -1] ^= 0x01
            change = bytes(broken)
        db.execute(f'UPDATE {table} SET "{column}" = ? WHERE id = ?', (change, row_id))
    finally:
        db.close()
    result = searchable("search", "nothing-matches-this")
    assert result.exit_code == 6, result.stderr
    assert named in result.stderr and "row seal" in result.stderr
    assert "Traceback" not in result.stderr


def test_snippet_cuts_long_text_and_highlights_every_match() -> None:
    text = "x" * 100 + "Fox and fox\nand FOX" + "y" * 100
    spans = tuple((i, i + 3) for i in (100, 108, 116))
    hit = SearchHit("nord", "presentation.account", text, spans)
    piece, marks = snippet(hit)
    assert piece.startswith("…") and piece.endswith("…") and "\n" not in piece
    assert [piece[s:e] for s, e in marks] == ["Fox", "fox", "FOX"]


def _terminal_table(rows: list[tuple[str, ...]], marks: list[list[tuple[int, int]]], width: int) -> str:
    import io

    from rich.console import Console

    from balintlog.terminal.output import print_table
    from balintlog.terminal.state import AppState

    state = AppState(interactive=False)
    out = io.StringIO()
    state._consoles[False] = Console(file=out, force_terminal=True, color_system="standard", width=width)
    print_table(state, ("Case", "Text"), rows, marks=marks)
    return out.getvalue()


def test_matches_are_highlighted_on_a_terminal_also_across_wrapped_lines() -> None:
    text = "the fox jumps over the lazy dog near the fox hole"
    spans = [(4, 7), (41, 44)]
    # Wide enough: one line, both matches in bold reverse.
    wide = _terminal_table([("#1", text)], [spans], 100)
    assert wide.count("\x1b[1;7mfox\x1b[0m") == 2
    # Narrow: the text wraps, each match is highlighted on its own line.
    narrow = _terminal_table([("#1", text)], [spans], 24)
    assert narrow.count("\x1b[1;7mfox\x1b[0m") == 2
    assert len(narrow.splitlines()) > 4
    # A match broken by the wrap is highlighted on both lines.
    split = _terminal_table([("#1", "aaaaaaaaaaaaaaa bbbb")], [[(10, 20)]], 16)
    assert "\x1b[1;7maaaaa\x1b[0m" in split and "\x1b[1;7mbbbb\x1b[0m" in split


def test_search_output_off_a_terminal_is_plain_text(searchable: Cli) -> None:
    out = searchable.ok("search", "lighthouse").stdout
    assert "\x1b[" not in out
    assert "Case" in out.splitlines()[0] and "atmosphere" in out and "#1" in out


def _reference_wrap(text: str, width: int) -> list[str]:
    """The line breaking the table layout had before it tracked ranges."""
    from rich.cells import chop_cells

    from balintlog.terminal.output import _cells

    lines: list[str] = []
    line: list[str] = []
    size = 0
    for word in text.split(" "):
        cells = _cells(word)
        pieces = [(word, cells)] if cells <= width else [(p, _cells(p)) for p in chop_cells(word, width)]
        for piece, length in pieces:
            if line and size + 1 + length > width:
                lines.append(" ".join(line))
                line, size = [], 0
            size += length + (1 if line else 0)
            line.append(piece)
    lines.append(" ".join(line))
    return lines


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab  cé漢x")), max_size=60), st.integers(2, 12))
def test_wrapped_lines_are_slices_of_the_text(text: str, width: int) -> None:
    from balintlog.terminal.output import _wrap_ranges

    assert [text[s:e] for s, e in _wrap_ranges(text, width)] == _reference_wrap(text, width)
