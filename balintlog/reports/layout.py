"""Text laid out for a terminal of a given width, as finished lines.

The terminal report is tens of thousands of short paragraphs; handing each
to rich as a renderable cost seconds, most of them in wrapping text that
fits its line already. Here a paragraph is a few styled runs: one that fits
is written as it is, one that does not is broken where rich breaks it
(:func:`breaks`), so that the report reads the same as when rich laid it
out. Wrapped lines keep the indent of their paragraph; no line is wider
than the page, and no trailing space is written.

Styles are SGR codes (:data:`BOLD`, :data:`RED` …), written as plain ANSI
escapes only where the page is styled (a terminal, colour not turned off).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Final

__all__ = [
    "BOLD",
    "CYAN",
    "DIM",
    "GREEN",
    "ITALIC",
    "RED",
    "YELLOW",
    "Column",
    "Page",
    "Run",
    "Table",
    "breaks",
    "cells",
    "ellipsis",
    "wrap",
]

BOLD: Final = "1"
DIM: Final = "2"
ITALIC: Final = "3"
RED: Final = "31"
GREEN: Final = "32"
YELLOW: Final = "33"
CYAN: Final = "36"

#: Some text and its style (SGR parameters, ``""`` for none).
Run = tuple[str, str]

#: A word as rich finds it: the spaces before it, the word, the spaces after.
_WORD: Final = re.compile(r"\s*\S+\s*")
RULE: Final = "─"


#: The characters rich counts one cell wide that a report is mostly made
#: of: printable ASCII, Latin, Greek and Cyrillic letters, the general
#: punctuation (quotes, dashes, the ellipsis), arrows, box drawing and
#: geometric shapes (tests/test_report_layout.py checks it against rich).
NARROW_CLASS: Final = "\x20-\x7e\xa0-\xac\xae-\u02ff\u0370-\u0482\u2010-\u2027\u2030-\u205e\u2190-\u21ff\u2500-\u25fc"
_NOT_NARROW: Final = re.compile(f"[^{NARROW_CLASS}]")
#: The width of the other characters met so far.
_WIDTHS: dict[str, int] = {}


def _narrow(text: str) -> bool:
    """Whether every character of ``text`` takes exactly one cell."""
    if _NOT_NARROW.search(text) is None:
        return True
    from rich.cells import get_character_cell_size

    for char in set(_NOT_NARROW.findall(text)):
        width = _WIDTHS.get(char)
        if width is None:
            width = _WIDTHS[char] = get_character_cell_size(char)
        if width != 1:
            return False
    return True


def cells(text: str) -> int:
    """The width of ``text`` in terminal cells (a CJK character takes two)."""
    if _narrow(text):
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def _chop(text: str, width: int) -> list[str]:
    """``text`` cut into pieces of at most ``width`` cells."""
    if _narrow(text):
        return [text[i : i + width] for i in range(0, len(text), width)]
    from rich.cells import chop_cells

    return chop_cells(text, width)


def _fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells (a wide character that would be cut
    in half becomes a space)."""
    if cells(text) <= width:
        return text
    from rich.cells import set_cell_size

    return set_cell_size(text, width)


def ellipsis(text: str, width: int) -> str:
    """``text``, or its start and "…" where it is wider than ``width`` cells."""
    if cells(text) <= width:
        return text
    return _fit(text, width - 1) + "…" if width > 0 else ""


def breaks(text: str, width: int) -> list[int]:
    """Where one line of ``text`` breaks to fit ``width`` cells: the offsets
    where new lines start. As rich breaks: at the start of a word that no
    longer fits; a word wider than a line is cut into pieces, and what
    follows it may go on its last piece's line."""
    return _narrow_breaks(text, width) if _narrow(text) else _wide_breaks(text, width)


def _wide_breaks(text: str, width: int) -> list[int]:
    """:func:`breaks` word by word, measuring each in cells."""
    found: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group()
        length = cells(word.rstrip())
        if width - offset >= length:
            offset += cells(word)
        elif length > width:
            pieces = _chop(word, width)
            for piece in pieces[:-1]:
                if start:
                    found.append(start)
                start += len(piece)
            if start:
                found.append(start)
            offset = cells(pieces[-1])
        elif offset and start:
            found.append(start)
            offset = cells(word)
    return found


_SPACE: Final = re.compile(r"\s")
_NON_SPACE: Final = re.compile(r"\S")
#: The last space before the end (``endpos`` of a search).
_LAST_SPACE: Final = re.compile(r"\s\S*\Z")


def _narrow_breaks(text: str, width: int) -> list[int]:
    """:func:`breaks` for a text of one-cell characters, by position: a
    word fits on a line when its last letter is at most ``width`` from the
    line's start. Jumps from line to line instead of word to word."""
    found: list[int] = []
    end = len(text.rstrip())
    line = 0
    while end - line > width:
        limit = line + width
        if text[limit].isspace():
            start = _find(_NON_SPACE, text, limit)
        else:
            last = _LAST_SPACE.search(text, line, limit)
            start = line if last is None else last.start() + 1
        if line == 0 and text[:start].isspace():
            start = 0  # the spaces a text starts with belong to its first word
        letters = _find(_NON_SPACE, text, start)
        word_end = _find(_SPACE, text, letters)
        if start > line and word_end - start <= width:
            found.append(start)  # the next word starts the next line
            line = start
            continue
        # A word longer than a line: cut into pieces of ``width`` (its
        # spaces after it count with it).
        spaces_end = _find(_NON_SPACE, text, word_end)
        if start:
            found.append(start)
        found.extend(range(start + width, spaces_end, width))
        line = start + width * ((spaces_end - start - 1) // width)
    return found


def _find(pattern: re.Pattern[str], text: str, at: int) -> int:
    match = pattern.search(text, at)
    return len(text) if match is None else match.start()


def wrap(text: str, width: int) -> list[str]:
    """``text`` (lines separated by ``\\n``) as lines of at most ``width``
    cells, without trailing spaces."""
    return ["".join(t for t, _s in line) for line in _wrap_runs([(text, "")], width)]


def _expand_tabs(runs: Sequence[Run]) -> list[Run]:
    """Tabs as spaces to the next multiple of 8 cells (as rich does)."""
    out: list[Run] = []
    column = 0
    for text, style in runs:
        if "\t" in text:
            lead = column % 8
            text = (" " * lead + text).expandtabs(8)[lead:]
        out.append((text, style))
        column += cells(text)
    return out


def _rstrip(line: list[Run]) -> list[Run]:
    while line:
        text, style = line[-1]
        stripped = text.rstrip()
        if stripped:
            line[-1] = (stripped, style)
            return line
        line.pop()
    return line


def _physical_lines(runs: Sequence[Run]) -> list[list[Run]]:
    """The runs split at line breaks."""
    lines: list[list[Run]] = [[]]
    for text, style in runs:
        if "\n" not in text:
            if text:
                lines[-1].append((text, style))
            continue
        first, *rest = text.split("\n")
        if first:
            lines[-1].append((first, style))
        for part in rest:
            lines.append([(part, style)] if part else [])
    return lines


def _wrap_runs(runs: Sequence[Run], width: int) -> list[list[Run]]:
    """Runs as lines of runs, each at most ``width`` cells."""
    out: list[list[Run]] = []
    for line in _physical_lines(runs):
        if any("\t" in text for text, _s in line):
            line = _expand_tabs(line)
        plain = "".join(text for text, _s in line)
        narrow = _narrow(plain)
        if (len(plain) if narrow else cells(plain)) <= width:
            out.append(_rstrip(line))
            continue
        bounds = [0, *(_narrow_breaks(plain, width) if narrow else _wide_breaks(plain, width)), len(plain)]
        if len(line) == 1:  # one style: its text cut, short of slicing runs
            style = line[0][1]
            pieces = (plain[start:end].rstrip() for start, end in pairwise(bounds))
            out += [[(piece, style)] if piece else [] for piece in pieces]
            continue
        for start, end in pairwise(bounds):
            out.append(_rstrip(_slice(line, start, end)))
    return out


def _slice(line: Sequence[Run], start: int, end: int) -> list[Run]:
    """The characters ``start:end`` of a line of runs, as runs."""
    out: list[Run] = []
    at = 0
    for text, style in line:
        after = at + len(text)
        if after > start and at < end:
            out.append((text[max(0, start - at) : end - at], style))
        at = after
        if at >= end:
            break
    return out


@dataclass(frozen=True)
class Column:
    """A table column: its header, its alignment, the least cells it takes."""

    header: str
    right: bool = False
    min_width: int | None = None


@dataclass
class Table:
    """Rows of cells under headers, laid out as rich's simple-head table
    (one space between columns, a rule under the header) but never wider
    than the page: columns that do not fit beside each other at all are
    shown in several tables, each led by the first column."""

    columns: Sequence[Column]
    show_header: bool = True
    header_style: str = f"{BOLD};{DIM}"
    rows: list[list[list[Run]]] = field(default_factory=list)

    def add_row(self, *row: str | Sequence[Run]) -> None:
        """A row; a cell is plain text or runs."""
        self.rows.append([[(cell, "")] if isinstance(cell, str) else list(cell) for cell in row])


def _measure(cell: Sequence[Run]) -> tuple[int, int]:
    """(the widest word, the widest line) of a cell, in cells."""
    plain = "".join(text for text, _s in cell)
    widest = max((cells(line) for line in plain.splitlines()), default=0)
    words = plain.split()
    return (max(cells(w) for w in words) if words else widest), widest


def _reduce(total: int, ratios: list[int], maximums: list[int], values: list[int]) -> list[int]:
    """rich's ``ratio_reduce``: take ``total`` off ``values`` in proportion."""
    ratios = [r if m else 0 for r, m in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    out: list[int] = []
    for ratio, maximum, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            taken = min(maximum, round(ratio * remaining / total_ratio))
            out.append(value - taken)
            remaining -= taken
            total_ratio -= ratio
        else:
            out.append(value)
    return out


def _squeeze(widths: list[int], pads: list[int], room: int) -> list[int]:
    """``widths`` narrowed, the widest first, to fit ``room`` (while each
    column keeps a cell besides its padding)."""
    widths = widths[:]
    while sum(widths) > room:
        widest = max(range(len(widths)), key=lambda k: widths[k] - pads[k])
        if widths[widest] - pads[widest] <= 1:
            break
        widths[widest] -= 1
    return widths


def _collapse(widths: list[int], room: int) -> list[int]:
    """rich's way of narrowing the widest columns first until ``room``."""
    total = sum(widths)
    excess = total - room
    while total and excess > 0:
        widest = max(widths)
        second = max((w for w in widths if w != widest), default=0)
        difference = widest - second
        ratios = [1 if w == widest else 0 for w in widths]
        if not difference:
            break
        widths = _reduce(excess, ratios, [min(excess, difference)] * len(widths), widths)
        total = sum(widths)
        excess = total - room
    return widths


class Page:
    """Lines of text for a terminal ``width`` cells wide. ``styled``: write
    the styles as ANSI escapes; ``clean``: what every text goes through
    first (the command line makes control characters visible with it)."""

    def __init__(self, width: int, *, styled: bool = False, clean: Callable[[str], str] | None = None) -> None:
        self.width = max(width, 1)
        self.styled = styled
        self.clean = clean
        self.lines: list[str] = []

    def paint(self, runs: Iterable[Run]) -> str:
        """Runs as one line of text (with escapes if styled)."""
        if not self.styled:
            return "".join(text for text, _s in runs)
        return "".join(f"\x1b[{style}m{text}\x1b[0m" if style else text for text, style in runs)

    def _cleaned(self, runs: Iterable[Run]) -> list[Run]:
        clean = self.clean
        return [(clean(t), s) for t, s in runs] if clean is not None else list(runs)

    def text(self, *runs: Run, indent: int = 0) -> None:
        """A paragraph: the runs, wrapped at the page's width less ``indent``,
        every line indented by it (``\\n`` in a run starts a new line)."""
        room = max(self.width - indent, 1)
        pad = " " * indent
        plain = runs[0][0] if len(runs) == 1 else "".join(text for text, _s in runs)
        if self.clean is not None:
            cleaned = self.clean(plain)
            if cleaned != plain:
                runs, plain = tuple(self._cleaned(runs)), cleaned
        if not self.styled:
            runs = ((plain, ""),)  # styles are not shown: one run is quicker to wrap
        if "\n" not in plain and "\t" not in plain and (2 * len(plain) <= room or cells(plain) <= room):
            # The common case: a line that fits (no character takes more than two cells).
            line = plain.rstrip() if not self.styled else self.paint(_rstrip(list(runs)))
            self.lines.append(pad + line if line else "")
            return
        for wrapped in _wrap_runs(runs, room):
            self.lines.append(pad + self.paint(wrapped) if wrapped else "")

    def blank(self) -> None:
        self.lines.append("")

    def rule(self, title: str, style: str = CYAN) -> None:
        """A heading: ``title`` and a line to the right edge."""
        title = ellipsis(self._cleaned([(title, "")])[0][0].replace("\n", " "), max(self.width - 2, 0))
        line = RULE * (self.width - cells(title) - 1)
        self.lines.append(self.paint([(title + " ", ""), (line, style)]))

    def table(self, table: Table, indent: int = 0) -> None:
        """A table (see :class:`Table`)."""
        room = self.width - indent
        rows = [[self._cleaned(cell) for cell in row] for row in table.rows]
        headers = [self._cleaned([(c.header, table.header_style)]) for c in table.columns]
        measured = [*([headers] if table.show_header else []), *rows]

        def layout(chosen: list[int]) -> tuple[list[int], bool]:
            """The widths of the chosen columns, and whether they fit with
            every word whole."""
            columns = [table.columns[i] for i in chosen]
            part = [[row[i] for i in chosen] for row in measured]
            last = len(chosen) - 1
            pads = [(k > 0) + (k < last) for k in range(len(chosen))]
            sizes = [[_measure(row[k]) for row in part] for k in range(len(chosen))]
            floors = [max(low for low, _high in size) + pad for size, pad in zip(sizes, pads, strict=True)]
            space = room - last
            rich = _table_widths(columns, part, space)
            if sum(rich) <= space and all(w >= f for w, f in zip(rich, floors, strict=True)):
                return rich, True
            # rich narrows the widest columns even below their longest
            # word; narrowing only those that have room to spare may fit.
            widths = [
                max(max(high for _low, high in size) + pad, (c.min_width or 0) + pad, f)
                for size, pad, c, f in zip(sizes, pads, columns, floors, strict=True)
            ]
            while sum(widths) > space:
                spare = [k for k in range(len(widths)) if widths[k] > floors[k]]
                if not spare:
                    # Words have to be cut: rich's widths, narrowed to the page.
                    return _squeeze(rich, pads, space), False
                widths[max(spare, key=lambda k: widths[k] - floors[k])] -= 1
            return widths, True

        everything = list(range(len(table.columns)))
        widths, fits = layout(everything)
        if fits or len(everything) <= 2:
            self._table_lines(table, headers, rows, widths, indent)
            return
        chunks: list[list[int]] = []
        chunk = [0]
        for i in everything[1:]:
            if len(chunk) > 1 and not layout([*chunk, i])[1]:
                chunks.append(chunk)
                chunk = [0]
            chunk.append(i)
        chunks.append(chunk)
        for number, chosen in enumerate(chunks):
            if number:
                self.blank()
            part = Table([table.columns[i] for i in chosen], table.show_header, table.header_style)
            self._table_lines(
                part,
                [headers[i] for i in chosen],
                [[row[i] for i in chosen] for row in rows],
                layout(chosen)[0],
                indent,
            )

    def _table_lines(
        self,
        table: Table,
        headers: list[list[Run]],
        rows: list[list[list[Run]]],
        widths: list[int],
        indent: int,
    ) -> None:
        count = len(widths)
        pads = [(0 if i == 0 else 1, 0 if i == count - 1 else 1) for i in range(count)]
        pad = " " * indent
        body: list[tuple[list[list[Run]], bool]] = [(row, False) for row in rows]
        if table.show_header:
            body.insert(0, (headers, True))
        for row, is_header in body:
            laid: list[list[list[Run]]] = []
            for cell, width, (left, right), column in zip(row, widths, pads, table.columns, strict=True):
                inner = max(width - left - right, 1)
                lines = _wrap_runs(cell, inner) if cell else [[]]
                laid.append([_justify(line, inner, column.right, left, right) for line in lines])
            height = max(len(cell_lines) for cell_lines in laid)
            for i, cell_lines in enumerate(laid):
                filler = [[(" " * widths[i], "")]] * (height - len(cell_lines))
                laid[i] = filler + cell_lines if is_header else cell_lines + filler
            for number in range(height):
                line = [
                    run
                    for k, cell_lines in enumerate(laid)
                    for run in (cell_lines[number] + ([(" ", "")] if k < count - 1 else []))
                ]
                self.lines.append((pad + self.paint(_rstrip(line))).rstrip() if line else "")
            if is_header:
                self.lines.append(pad + RULE * (sum(widths) + count - 1))

    def render(self) -> str:
        """The page as text, one ``\\n`` after every line."""
        return "\n".join(self.lines) + "\n" if self.lines else ""


def _justify(line: list[Run], width: int, right: bool, left_pad: int, right_pad: int) -> list[Run]:
    """A cell's line padded to ``width`` (flush right or left) and its padding."""
    size = sum(cells(text) for text, _s in line)
    fill = " " * max(width - size, 0)
    body = [(fill, ""), *line] if right else [*line, (fill, "")]
    return [(" " * left_pad, ""), *body, (" " * right_pad, "")]


def _table_widths(columns: Sequence[Column], rows: Sequence[Sequence[Sequence[Run]]], room: int) -> list[int]:
    """The width of each column with its padding, as rich's table works them
    out: as wide as the widest line; where they do not fit, the widest
    narrowed first, then all evenly."""
    count = len(columns)
    pads = [(0 if i == 0 else 1) + (0 if i == count - 1 else 1) for i in range(count)]

    def measured(index: int, room_: int) -> tuple[int, int]:
        pad = pads[index]
        lows: list[int] = []
        highs: list[int] = []
        for row in rows:
            if room_ - pad < 1:
                low = high = room_
            else:
                low, high = _measure(row[index])
                if high < 1:
                    low = high = 0
                low, high = min(low + pad, room_), min(high + pad, room_)
            lows.append(low)
            highs.append(high)
        low = min(max(lows, default=1), room_)
        high = min(max(highs, default=room_), room_)
        floor = columns[index].min_width
        if floor is not None:
            low, high = max(low, floor + pad), max(high, floor + pad)
        return low, high

    widths = [measured(i, room)[1] or 1 for i in range(count)]
    if sum(widths) > room:
        widths = _collapse(widths, room)
        if sum(widths) > room:
            widths = _reduce(sum(widths) - room, [1] * count, widths, widths)
        widths = [measured(i, w)[1] for i, w in enumerate(widths)]
    return widths
