"""Output every command shares: tables laid out line by line, JSON for
machines, and a progress bar on stderr."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from balintlog.i18n import _, is_german
from balintlog.terminal.state import AppState
from balintlog.terminal.text import escape_controls


def shown(value: StrEnum) -> str:
    """An enumeration value as the commands show it: its label in German
    (``Ärztin/Arzt``), the identifier one types in English (``physician``);
    a status, which one reads rather than types, by its label in English
    too (``followed up``, one spelling in every human-readable output)."""
    from balintlog.kinds import CaseStatus, SessionStatus

    if is_german() or isinstance(value, (CaseStatus, SessionStatus)):
        from balintlog.labels import label

        return label(value)
    return value.value


def emit_json(state: AppState, data: Any) -> None:
    """Machine output: raw JSON on stdout, no colour, stable keys."""
    import json

    text = json.dumps(data, indent=2, ensure_ascii=False, default=_json_default)
    state.out.file.write(text + "\n")
    state.out.file.flush()


def _json_default(value: object) -> object:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


#: The ``--json`` flag of list and show commands.
JsonFlag = Annotated[bool, typer.Option("--json", help=_("Write JSON to stdout (stable keys, ISO dates)."))]


@contextmanager
def verification_progress(state: AppState, label: str) -> Iterator[Callable[[int, int], None]]:
    """A progress callback drawing a bar on stderr, only on a terminal. The
    bar appears at the first step, so that a prompt before it (a backup's
    passphrase) is seen, not hidden under it."""
    from rich.progress import Progress

    bar = Progress(console=state.err, transient=True, disable=not state.err.is_terminal)
    task = bar.add_task(label, total=None)
    started = False

    def advance(done: int, total: int) -> None:
        nonlocal started
        if not started:
            bar.start()
            started = True
        bar.update(task, completed=done, total=total)

    try:
        yield advance
    finally:
        if started:
            bar.stop()


def print_table(
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

    # Each row's cells, their widths, and whether it is all printable ASCII
    # (most are): such a row needs neither the line-break translation nor
    # cell_len, a cell's width is its length, and str.ljust pads it.
    body: list[Sequence[str]] = []
    sizes: list[list[int]] = []
    ascii_rows: list[bool] = []
    for row in rows:
        joined = "".join(row)
        if joined.isascii() and joined.isprintable():
            body.append(row)
            sizes.append(list(map(len, row)))
            ascii_rows.append(True)
        else:
            one_line = [escape_controls(cell.translate(_ONE_LINE)) for cell in row]
            body.append(one_line)
            sizes.append([_cells(cell) for cell in one_line])
            ascii_rows.append(False)
    heads_cells = [_cells(h) for h in headers]
    # Column by column (transposed in C), the widest cell (0 without rows).
    contents = [max(column) for column in zip(*sizes, strict=True)] if body else [0] * len(headers)
    widths = [max(h, n) for h, n in zip(heads_cells, contents, strict=True)]
    room = state.out.width - 3 * (len(headers) - 1)
    if sum(widths) > room:
        _fit(widths, heads_cells, room, _longest_words(body, ascii_rows, len(headers)), contents)
    if title:
        state.out.print(Text(title, style="italic"))
    heads = [_clip(h, w) for h, w in zip(headers, widths, strict=True)]
    header = " ┃ ".join(_pad(h, _cells(h), w) for h, w in zip(heads, widths, strict=True))
    state.out.print(Text(header, style="bold"))
    state.out.print(Text("━╇━".join("━" * w for w in widths)))
    styled = marks is not None and state.out.is_terminal
    # Whether some cell is wider than its column: only then can a row wrap.
    narrowed = any(n > w for n, w in zip(contents, widths, strict=True))
    ljust = str.ljust
    fits = int.__le__
    lines: list[str] = []
    #: (line number, spans of the line's characters to highlight)
    highlights: list[tuple[int, list[tuple[int, int]]]] = []
    for index, (cells, cell_sizes, simple) in enumerate(zip(body, sizes, ascii_rows, strict=True)):
        if simple and not (styled and marks is not None and marks[index]):
            if not narrowed or all(map(fits, cell_sizes, widths)):
                lines.append(" │ ".join(map(ljust, cells, widths)))
            else:
                _wrapped_ascii_row(lines, cells, cell_sizes, widths)
            continue
        if all(n <= w for n, w in zip(cell_sizes, widths, strict=True)):
            padded = [c + " " * (w - n) for c, n, w in zip(cells, cell_sizes, widths, strict=True)]
            if styled and marks is not None and marks[index]:
                start = len(" │ ".join(padded[:-1])) + (3 if len(padded) > 1 else 0)
                highlights.append((len(lines), [(start + s, start + e) for s, e in marks[index]]))
            lines.append(" │ ".join(padded))
            continue
        ranges = [
            [(0, len(c))] if n <= w else _wrap_ranges(c, w) for c, n, w in zip(cells, cell_sizes, widths, strict=True)
        ]
        for k in range(max(len(parts) for parts in ranges)):
            line = [cells[i][parts[k][0] : parts[k][1]] if k < len(parts) else "" for i, parts in enumerate(ranges)]
            padded = [_pad(c, _cells(c), w) for c, w in zip(line, widths, strict=True)]
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


def _wrapped_ascii_row(lines: list[str], cells: Sequence[str], sizes: Sequence[int], widths: Sequence[int]) -> None:
    """Append the lines of a row of printable ASCII that does not fit its
    columns: what the general case does, with lengths for widths, column by
    column (each cell's lines padded, blank lines below the shorter ones)."""
    columns = [
        [cell.ljust(w)] if n <= w else [cell[a:b].ljust(w) for a, b in _wrap_ascii(cell, w)]
        for cell, n, w in zip(cells, sizes, widths, strict=True)
    ]
    depth = max(map(len, columns))
    for column, w in zip(columns, widths, strict=True):
        if len(column) < depth:
            column.extend([" " * w] * (depth - len(column)))
    lines.extend(map(" │ ".join, zip(*columns, strict=True)))


def _longest_words(body: Sequence[Sequence[str]], ascii_rows: Sequence[bool], columns: int) -> list[int]:
    """The width of the longest word of each column. The printable ASCII
    cells of a column are measured together: joined, split at whitespace
    (only spaces there), the longest piece's length."""
    plain = [cells for cells, simple in zip(body, ascii_rows, strict=True) if simple]
    other = [cells for cells, simple in zip(body, ascii_rows, strict=True) if not simple]
    if plain:
        words = [max(map(len, " ".join(column).split()), default=0) for column in zip(*plain, strict=True)]
    else:
        words = [0] * columns
    for cells in other:
        words = [max(n, _longest_word(cell)) for n, cell in zip(words, cells, strict=True)]
    return words


_ONE_LINE = str.maketrans({"\n": " ", "\r": " ", "\t": " "})


def _cells(text: str) -> int:
    """The width of ``text`` in terminal cells."""
    if text.isascii() and text.isprintable():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def _longest_word(text: str) -> int:
    return max((_cells(word) for word in text.split()), default=0)


#: A column keeps room for its longest word up to this many cells, as long
#: as the table can fit by narrowing other columns: "Blockveranstaltung"
#: wrapped whole, not cut into "Blockvera" and "nstaltung".
_WORD_FLOOR = 18


def _fit(
    widths: list[int], headers: Sequence[int], room: int, words: Sequence[int] = (), contents: Sequence[int] = ()
) -> None:
    """Narrow the widest columns until the columns fit in ``room`` cells:
    first not below their longest word (up to :data:`_WORD_FLOOR` cells, then
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
    caps = (_WORD_FLOOR, 14, 12) if len(words) == len(widths) else ()
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


def _clip(text: str, width: int) -> str:
    from rich.cells import set_cell_size

    return text if _cells(text) <= width else set_cell_size(text, width - 1) + "…"


def _pad(text: str, cells: int, width: int) -> str:
    return text + " " * (width - cells)


def _wrap_ranges(text: str, width: int) -> list[tuple[int, int]]:
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
        cells = _cells(word)
        pieces = [word] if cells <= width else chop_cells(word, width)
        at = offset
        for piece in pieces:
            length = _cells(piece)
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


def _wrap_ascii(text: str, width: int) -> list[tuple[int, int]]:
    """:func:`_wrap_ranges` of printable ASCII, where a character is a cell
    (a word longer than a line is cut every ``width`` characters)."""
    lines: list[tuple[int, int]] = []
    start: int | None = None
    end = size = 0
    offset = 0
    for word in text.split(" "):
        length = len(word)
        if length <= width:
            if start is not None and size + 1 + length > width:
                lines.append((start, end))
                start = None
            if start is None:
                start, size = offset, length
            else:
                size += 1 + length
            end = offset + length
        else:
            for at in range(offset, offset + length, width):
                piece = min(width, offset + length - at)
                if start is not None and size + 1 + piece > width:
                    lines.append((start, end))
                    start = None
                if start is None:
                    start, size = at, piece
                else:
                    size += 1 + piece
                end = at + piece
        offset += length + 1
    lines.append((start if start is not None else 0, end))
    return lines


def write_private_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``, created (or truncated) with mode 0600:
    a document names people."""
    import os

    from balintlog.errors import BalintlogError, UsageError
    from balintlog.i18n import _

    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
    except OSError as exc:
        error_class = UsageError if isinstance(exc, IsADirectoryError) else BalintlogError
        raise error_class(_("cannot write {path}: {error}").format(path=path, error=exc.strerror or exc)) from None


def ds_legend() -> str:
    """What DS and UE mean, for the outputs that count in them."""
    return _(
        "DS: a double session (Doppelstunde) of 90 minutes; UE: a teaching unit (Unterrichtseinheit) of 45 minutes."
    )
