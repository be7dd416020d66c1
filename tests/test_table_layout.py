"""The table layout of :func:`balintlog.terminal.output.print_table`
compared, byte for byte, with the layout as it was before it was made
faster (kept below as the oracle): plain and on a terminal (with search
marks), ASCII, German, wide (CJK, emoji) and combining characters, control
characters, narrow and wide consoles."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from balintlog.terminal.output import print_table
from balintlog.terminal.state import AppState
from balintlog.terminal.text import escape_controls

# -- the oracle: print_table and its helpers as they were ----------------------------


def old_print_table(
    state: AppState,
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    title: str = "",
    marks: Sequence[Sequence[tuple[int, int]]] | None = None,
) -> None:
    """A table on stdout whose every cell is literal text: a ``[red]`` in a
    name prints as typed. Columns are as wide as their widest cell; when the
    table is wider than the console, the widest columns are narrowed and
    their cells wrapped. Laid out here, line by line, because rich's Table
    takes seconds for the thousands of rows a long-kept journal lists.

    ``marks`` gives, row by row, spans of the last cell to highlight (search
    matches); they show in bold reverse where stdout is a terminal."""
    from rich.text import Text

    # Each row as (cells, their widths). A row that is all printable ASCII
    # (most are) needs neither the line-break translation nor cell_len.
    body: list[tuple[Sequence[str], list[int]]] = []
    for row in rows:
        joined = "".join(row)
        if joined.isascii() and joined.isprintable():
            body.append((row, [len(cell) for cell in row]))
        else:
            one_line = [escape_controls(cell.translate(_old_ONE_LINE)) for cell in row]
            body.append((one_line, [_old_cells(cell) for cell in one_line]))
    widths = [max([_old_cells(h), *(sizes[i] for _row, sizes in body)]) for i, h in enumerate(headers)]
    room = state.out.width - 3 * (len(headers) - 1)
    if sum(widths) > room:
        words = [max((_old_longest_word(cells[i]) for cells, _sizes in body), default=0) for i in range(len(headers))]
        contents = [max((sizes[i] for _cells_, sizes in body), default=0) for i in range(len(headers))]
        _old_fit(widths, [_old_cells(h) for h in headers], room, words, contents)
    if title:
        state.out.print(Text(title, style="italic"))
    heads = [_old_clip(h, w) for h, w in zip(headers, widths, strict=True)]
    header = " ┃ ".join(_old_pad(h, _old_cells(h), w) for h, w in zip(heads, widths, strict=True))
    state.out.print(Text(header, style="bold"))
    state.out.print(Text("━╇━".join("━" * w for w in widths)))
    styled = marks is not None and state.out.is_terminal
    lines: list[str] = []
    #: (line number, spans of the line's characters to highlight)
    highlights: list[tuple[int, list[tuple[int, int]]]] = []
    for index, (cells, sizes) in enumerate(body):
        if all(n <= w for n, w in zip(sizes, widths, strict=True)):
            padded = [c + " " * (w - n) for c, n, w in zip(cells, sizes, widths, strict=True)]
            if styled and marks is not None and marks[index]:
                start = len(" │ ".join(padded[:-1])) + (3 if len(padded) > 1 else 0)
                highlights.append((len(lines), [(start + s, start + e) for s, e in marks[index]]))
            lines.append(" │ ".join(padded))
            continue
        ranges = [
            [(0, len(c))] if n <= w else _old_wrap_ranges(c, w) for c, n, w in zip(cells, sizes, widths, strict=True)
        ]
        for k in range(max(len(parts) for parts in ranges)):
            line = [cells[i][parts[k][0] : parts[k][1]] if k < len(parts) else "" for i, parts in enumerate(ranges)]
            padded = [_old_pad(c, _old_cells(c), w) for c, w in zip(line, widths, strict=True)]
            if styled and marks is not None and marks[index] and k < len(ranges[-1]):
                low, high = ranges[-1][k]
                start = len(" │ ".join(padded[:-1])) + (3 if len(padded) > 1 else 0) - low
                spans = [(start + max(s, low), start + min(e, high)) for s, e in marks[index] if s < high and e > low]
                if spans:
                    highlights.append((len(lines), spans))
            lines.append(" │ ".join(padded))
    if not lines:
        return
    if not highlights:
        state.out.file.write("\n".join(lines) + "\n")
        state.out.file.flush()
        return
    marked = dict(highlights)
    for number, plain in enumerate(lines):
        text = Text(plain)
        for start, end in marked.get(number, ()):
            text.stylize("bold reverse", start, end)
        state.out.print(text, markup=False, highlight=False, soft_wrap=True)


_old_ONE_LINE = str.maketrans({"\n": " ", "\r": " ", "\t": " "})


def _old_cells(text: str) -> int:
    """The width of ``text`` in terminal cells."""
    if text.isascii() and text.isprintable():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def _old_longest_word(text: str) -> int:
    return max((_old_cells(word) for word in text.split()), default=0)


#: A column keeps room for its longest word up to this many cells, as long
#: as the table can fit by narrowing other columns: "Blockveranstaltung"
#: wrapped whole, not cut into "Blockvera" and "nstaltung".
_old_WORD_FLOOR = 18


def _old_fit(
    widths: list[int], headers: Sequence[int], room: int, words: Sequence[int] = (), contents: Sequence[int] = ()
) -> None:
    """Narrow the widest columns until the columns fit in ``room`` cells:
    first not below their longest word (up to :data:`_old_WORD_FLOOR` cells, then
    14, then 12), then, if that is not enough, not below their header (up to
    12) nor 4. A column whose cells are narrower than its header (a number
    under "Members") gives up the header's room first (clipped to at least 6
    cells), so that the text columns keep theirs."""
    hard = [max(4, min(h, 12)) for h in headers]
    if len(contents) == len(widths):
        hard = [
            floor if content >= floor else max(4, content, min(floor, 6))
            for floor, content in zip(hard, contents, strict=True)
        ]
    caps = (_old_WORD_FLOOR, 14, 12) if len(words) == len(widths) else ()
    soft = [
        [max(floor, min(word, cap, width)) for floor, word, width in zip(hard, words, widths, strict=True)]
        for cap in caps
    ]
    for floors in [*soft, hard]:
        while sum(widths) > room:
            widest = max(range(len(widths)), key=lambda i: widths[i] - floors[i])
            if widths[widest] <= floors[widest]:
                break
            widths[widest] -= 1


def _old_clip(text: str, width: int) -> str:
    from rich.cells import set_cell_size

    return text if _old_cells(text) <= width else set_cell_size(text, width - 1) + "…"


def _old_pad(text: str, cells: int, width: int) -> str:
    return text + " " * (width - cells)


def _old_wrap_ranges(text: str, width: int) -> list[tuple[int, int]]:
    """Where ``text`` breaks into lines of at most ``width`` cells, at spaces, a
    word longer than a line cut into pieces: each line is ``text[start:end]``
    (the space at a break is left out), so that spans of the text can be
    followed onto the lines."""
    from rich.cells import chop_cells

    lines: list[tuple[int, int]] = []
    start: int | None = None
    end = size = 0
    offset = 0
    for word in text.split(" "):
        cells = _old_cells(word)
        pieces = [word] if cells <= width else chop_cells(word, width)
        at = offset
        for piece in pieces:
            length = _old_cells(piece)
            if start is not None and size + 1 + length > width:
                lines.append((start, end))
                start, size = None, 0
            if start is None:
                start = at
                size = length
            else:
                size += 1 + length
            at += len(piece)
            end = at
        offset += len(word) + 1
    lines.append((start if start is not None else 0, end))
    return lines


# -- the comparison -------------------------------------------------------------------

Table = Callable[..., None]


def _render(
    table: Table,
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    width: int,
    terminal: bool,
    title: str = "",
    marks: Sequence[Sequence[tuple[int, int]]] | None = None,
) -> tuple[str, type[BaseException] | None]:
    """What ``table`` writes to a console like the commands' (``width``
    cells, a terminal with colours or a pipe), and the kind of error it
    raised, if any."""
    from rich.console import Console

    from balintlog.terminal.text import escape_console

    state = AppState(interactive=False)
    out = io.StringIO()
    console = Console(
        file=out,
        force_terminal=terminal,
        color_system="standard" if terminal else "auto",
        width=width,
        highlight=False,
        soft_wrap=True,
    )
    state._consoles[False] = escape_console(console)
    try:
        table(state, headers, rows, title=title, marks=marks)
    except Exception as exc:
        return out.getvalue(), type(exc)
    return out.getvalue(), None


def _same(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    width: int,
    terminal: bool = False,
    title: str = "",
    marks: Sequence[Sequence[tuple[int, int]]] | None = None,
) -> str:
    """Assert that the table lays out as the oracle does; returns the output."""
    now = _render(print_table, headers, iter(rows), width=width, terminal=terminal, title=title, marks=marks)
    before = _render(old_print_table, headers, iter(rows), width=width, terminal=terminal, title=title, marks=marks)
    assert now == before
    return now[0]


#: Pieces of cell text: ASCII words, German, combining accents, wide
#: characters (CJK, emoji, an emoji sequence with a joiner), controls, other
#: spaces, markup that must print as typed.
PIECES = [
    "a", "b", "Z", "7", " ", " ", " ", "-", ".", "Fall", "Sitzung", "Blockveranstaltung", "x" * 25,
    "ä", "Ö", "ß", "Übertragung", "e\u0301", "\u0301", "漢", "字", "ＡＢ", "😀", "👩\u200d⚕\ufe0f", "\u200d",
    "\ufe0f", "\t", "\n", "\r", "\x1b", "\x07", "\x9b", "\u202e", "\xa0", "\u3000", "…", "[red]", "━", "│",
]  # fmt: skip

ascii_cells = st.text(alphabet="abc  -.:#XYZ0123", max_size=40)
any_cells = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)
cells = st.one_of(ascii_cells, any_cells)
widths = st.one_of(st.sampled_from([40, 80, 120]), st.integers(min_value=6, max_value=140))


@st.composite
def tables(draw: st.DrawFn, cell: st.SearchStrategy[str] = cells) -> tuple[list[str], list[list[str]]]:
    columns = draw(st.integers(min_value=1, max_value=7))
    headers = draw(st.lists(st.one_of(st.sampled_from(["Case", "Titel", "Präsentiert", "", "#"]), cell),
                            min_size=columns, max_size=columns))  # fmt: skip
    rows = draw(st.lists(st.lists(cell, min_size=columns, max_size=columns), max_size=9))
    return headers, rows


@st.composite
def marked(draw: st.DrawFn, rows: list[list[str]]) -> list[list[tuple[int, int]]]:
    """Spans of each row's last cell, in order and apart, as search gives them."""
    found: list[list[tuple[int, int]]] = []
    for row in rows:
        size = len(row[-1])
        points = sorted(set(draw(st.lists(st.integers(min_value=0, max_value=size), max_size=6))))
        spans = [(points[i], points[i + 1]) for i in range(0, len(points) - 1, 2) if points[i] < points[i + 1]]
        found.append(spans)
    return found


@settings(max_examples=400, deadline=None)
@given(table=tables(), width=widths, terminal=st.booleans(), title=st.sampled_from(["", "nord", "Gruppe Süd"]))
def test_tables_lay_out_as_before(table: tuple[list[str], list[list[str]]], width: int, terminal: bool, title: str
) -> None:  # fmt: skip
    headers, rows = table
    _same(headers, rows, width=width, terminal=terminal, title=title)


@settings(max_examples=300, deadline=None)
@given(table=tables(ascii_cells), width=widths, terminal=st.booleans())
def test_ascii_tables_lay_out_as_before(table: tuple[list[str], list[list[str]]], width: int, terminal: bool) -> None:
    headers, rows = table
    _same(headers, rows, width=width, terminal=terminal)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), table=tables(), width=widths, terminal=st.booleans())
def test_search_marks_are_highlighted_as_before(
    data: st.DataObject, table: tuple[list[str], list[list[str]]], width: int, terminal: bool
) -> None:
    headers, rows = table
    _same(headers, rows, width=width, terminal=terminal, marks=data.draw(marked(rows)))


SESSIONS = [
    ["Mo. 8. Jan. 2024", "recht:1", "1: 1/4", "beendet", "90", "9"],
    ["Mo. 8. Jan. 2024", "recht:2", "1: 2/4", "geplant", "90", "12"],
    ["Do. 11. Jan. 2024", "nord:1", "", "abgesagt", "90", "0"],
]
CASES = [
    ["#1", "Die Patientin, die nie klagt und trotzdem jede Woche kommt", "nord", "M1", "nachbesprochen", "2", ""],
    ["#2", "Der Vater am Telefon", "süd", "M12", "offen", "1", "2024-03-04"],
    ["#3", "患者と家族の長い会話について", "nord", "M3", "open", "1", "2024-05-06"],
    ["#4", "Emoji 👩‍⚕️ and e\u0301 combining, a tab\there", "nord", "M4", "closed", "3", "2024-06-07"],
    ["#5", "Ein\x1b[31mrot\x1b[0m und [red]markup[/red]", "nord", "M5", "open", "1", ""],
    ["#6", "Supervisionsfragen-Übertragungsgeschehen-im-Team", "nord", "M6", "open", "1", ""],
]


@pytest.mark.parametrize("width", [40, 80, 120])
@pytest.mark.parametrize("terminal", [False, True])
def test_session_and_case_lists_lay_out_as_before(width: int, terminal: bool) -> None:
    headers = ["Datum", "Sitzung", "Block", "Status", "Min", "Anwesend"]
    _same(headers, SESSIONS, width=width, terminal=terminal)
    headers = ["Fall", "Titel", "Gruppe", "Vorgestellt von", "Status", "Mal", "Zuletzt"]
    out = _same(headers, CASES * 3, width=width, terminal=terminal, title="Fälle")
    assert "Fälle" in out.splitlines()[0]


@pytest.mark.parametrize("width", [12, 24, 40, 80, 120])
def test_wide_and_combining_characters_wrap_as_before(width: int) -> None:
    rows = [
        ["#1", "漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字 漢字"],
        ["#2", "😀😀😀😀😀😀😀😀😀😀😀😀😀😀 👩‍⚕️👩‍⚕️👩‍⚕️👩‍⚕️👩‍⚕️"],
        ["#3", "e\u0301" * 30 + " Übung " + "ä" * 30],
        ["#4", "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮ"],
    ]
    for terminal in (False, True):
        _same(["Fall", "Text"], rows, width=width, terminal=terminal)
        marks = [[(0, 2)], [(2, 6)], [(1, 40)], [(3, 9)]]
        _same(["Fall", "Text"], rows, width=width, terminal=terminal, marks=marks)


def test_an_empty_table_prints_its_header_only() -> None:
    out = _same(["Case", "Title"], [], width=80, terminal=False)
    assert out == "Case ┃ Title\n━━━━━╇━━━━━━\n"
