"""What every command shares: the :class:`AppState` in ``ctx.obj``, the one
error boundary, opening the journal, and output helpers.

Heavy libraries (SQLAlchemy, cryptography) are imported only inside
functions, so that ``--help`` and tab completion stay fast.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from balintlog import INTERRUPTED
from balintlog.errors import BalintlogError, ExitCode

if TYPE_CHECKING:
    from rich.console import Console

    from balintlog.journal import Journal


def _stdin_is_tty() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


@dataclass
class AppState:
    """Everything a command may depend on from its environment, injected so
    tests control it: the consoles, whether we may prompt, the clock, the
    vault path, debug mode."""

    vault: Path | None = None
    debug: bool = False
    interactive: bool = field(default_factory=_stdin_is_tty)
    clock: Callable[[], dt.datetime] = field(default_factory=lambda: dt.datetime.now)
    prompt: Callable[[str], str] | None = None
    #: The journal the command opened (an interrupt after its write has
    #: committed says so).
    journal: Journal | None = None
    #: The consoles, made when first used (tab completion never prints
    #: through rich, and should not import it).
    _consoles: dict[bool, Console] = field(default_factory=dict, repr=False)

    def _console(self, stderr: bool) -> Console:
        found = self._consoles.get(stderr)
        if found is None:
            from rich.console import Console

            found = self._consoles[stderr] = Console(stderr=stderr, highlight=False, soft_wrap=True)
        return found

    @property
    def out(self) -> Console:
        """Results."""
        return self._console(False)

    @property
    def err(self) -> Console:
        """Progress, warnings and errors."""
        return self._console(True)

    @property
    def today(self) -> dt.date:
        return self.clock().date()

    @property
    def vault_path(self) -> Path:
        if self.vault is not None:
            return self.vault
        from balintlog.paths import default_vault

        return default_vault()

    def secret_prompt(self) -> Callable[[str], str] | None:
        """The hidden prompt, or None when stdin is not a terminal (then no
        getpass is ever called)."""
        if not self.interactive:
            return None
        if self.prompt is not None:
            return self.prompt

        def ask(text: str) -> str:
            return str(typer.prompt(text.rstrip(": "), hide_input=True, err=True))

        return ask

    def warn(self, message: str) -> None:
        self.err.print(message, markup=False, style="yellow")

    def info(self, message: str) -> None:
        """Progress and confirmations go to stderr; stdout is for results."""
        self.err.print(message, markup=False)


def state_of(ctx: typer.Context) -> AppState:
    obj = ctx.find_root().obj
    if not isinstance(obj, AppState):
        obj = AppState()
        ctx.find_root().obj = obj
    return obj


@contextmanager
def boundary(state: AppState) -> Iterator[None]:
    """The one error boundary: a BalintlogError becomes ``Error: …`` on
    stderr and its exit code; anything else one line (a traceback only with
    --debug, and never with field values: SQLAlchemy hides parameters)."""
    if not state.debug:
        # SQLAlchemy logs an error it meets while closing a connection (an
        # interrupt, say) with its traceback; without a handler Python's
        # last-resort one would print it.
        import logging

        logging.getLogger("sqlalchemy").addHandler(logging.NullHandler())
    try:
        yield
    except KeyboardInterrupt:
        state.err.print(interrupted_message(state), markup=False)
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    except (typer.Exit, typer.Abort):
        raise
    except Exception as exc:
        if state.debug:
            traceback.print_exc(file=sys.stderr)
        state.err.print(f"Error: {describe_error(exc)}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(int(exc.exit_code if isinstance(exc, BalintlogError) else ExitCode.ERROR)) from None


def interrupted_message(state: AppState) -> str:
    """What to say on Ctrl-C: whether the command's write had committed."""
    if state.journal is not None and state.journal.store.saved_writes:
        return "Interrupted after the change was saved; nothing is half-written."
    return INTERRUPTED


def describe_error(exc: Exception) -> str:
    """The one line the boundary prints for ``exc``."""
    if isinstance(exc, BalintlogError):
        from balintlog.hints import with_hint

        return with_hint(exc)
    if isinstance(exc, OSError):
        return describe_os_error(exc)
    return (
        f"unexpected {type(exc).__name__}; nothing was changed by the unfinished command "
        "(run again with --debug for details)"
    )


def describe_os_error(exc: OSError) -> str:
    """One line for a failed file operation (a full disk above all)."""
    if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return "could not write a file (disk full or file too large): free space and retry"
    where = f" ({exc.filename})" if exc.filename else ""
    return f"{exc.strerror or type(exc).__name__}{where}"


def passphrase_source(state: AppState) -> Callable[[], bytes]:
    from balintlog.passphrase import read_passphrase

    return lambda: read_passphrase(interactive=state.interactive, prompt=state.secret_prompt())


@contextmanager
def open_journal(state: AppState) -> Iterator[Journal]:
    """Unlock the vault (agent first, then the passphrase sources) inside the
    error boundary, and close it afterwards."""
    with boundary(state):
        from balintlog.unlocking import unlock_journal

        now = state.clock()
        journal = unlock_journal(
            state.vault_path, passphrase_source(state), today=now.date(), warn=state.warn, now=now
        )
        state.journal = journal
        try:
            yield journal
        finally:
            journal.close()


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


def parse_day(state: AppState, text: str) -> dt.date:
    """A user date (absolute or relative), echoed back unambiguously when it
    was numeric and could be read two ways."""
    from balintlog.dates import format_date, is_ambiguous, parse_date

    day = parse_date(text, today=state.today)
    if is_ambiguous(text):
        state.info(f"Reading {text!r} as {format_date(day)} (set BALINTLOG_DAYFIRST=0 for month first).")
    return day


def parse_optional_day(state: AppState, text: str | None) -> dt.date | None:
    """A date option that may be cleared: ``none`` (or ``-``) means no date."""
    if text is None or text.strip().lower() in {"none", "no", "-", ""}:
        return None
    return parse_day(state, text)


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() not in {"0", "false", "no", "off", ""}


#: The ``--json`` flag of list and show commands.
JsonFlag = Annotated[bool, typer.Option("--json", help="Write JSON to stdout (stable keys, ISO dates).")]


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

    # Each row as (cells, their widths). A row that is all printable ASCII
    # (most are) needs neither the line-break translation nor cell_len.
    body: list[tuple[Sequence[str], list[int]]] = []
    for row in rows:
        joined = "".join(row)
        if joined.isascii() and joined.isprintable():
            body.append((row, [len(cell) for cell in row]))
        else:
            one_line = [cell.translate(_ONE_LINE) for cell in row]
            body.append((one_line, [_cells(cell) for cell in one_line]))
    widths = [max([_cells(h), *(sizes[i] for _row, sizes in body)]) for i, h in enumerate(headers)]
    _fit(widths, [_cells(h) for h in headers], state.out.width - 3 * (len(headers) - 1))
    if title:
        state.out.print(Text(title, style="italic"))
    heads = [_clip(h, w) for h, w in zip(headers, widths, strict=True)]
    header = " ┃ ".join(_pad(h, _cells(h), w) for h, w in zip(heads, widths, strict=True))
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
        ranges = [[(0, len(c))] if n <= w else _wrap_ranges(c, w) for c, n, w in zip(cells, sizes, widths, strict=True)]
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


_ONE_LINE = str.maketrans({"\n": " ", "\r": " ", "\t": " "})


def _cells(text: str) -> int:
    """The width of ``text`` in terminal cells."""
    if text.isascii() and text.isprintable():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def _fit(widths: list[int], headers: Sequence[int], room: int) -> None:
    """Narrow the widest columns (not below their header, nor 4) until the
    columns fit in ``room`` cells, or cannot narrow further."""
    floors = [max(4, min(h, 12)) for h in headers]
    while sum(widths) > room:
        widest = max(range(len(widths)), key=lambda i: widths[i] - floors[i])
        if widths[widest] <= floors[widest]:
            return
        widths[widest] -= 1


def _clip(text: str, width: int) -> str:
    from rich.cells import set_cell_size

    return text if _cells(text) <= width else set_cell_size(text, width - 1) + "…"


def _pad(text: str, cells: int, width: int) -> str:
    return text + " " * (width - cells)


def _wrap_ranges(text: str, width: int) -> list[tuple[int, int]]:
    """Where ``text`` breaks into lines of at most ``width`` cells (at spaces;
    a word longer than a line cut into pieces): each line is ``text[start:end]``
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
