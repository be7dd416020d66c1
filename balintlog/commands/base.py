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
        return str(exc)
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
    state: AppState, headers: Sequence[str], rows: Iterable[Sequence[str]], *, title: str = ""
) -> None:
    """A table on stdout whose every cell is literal text: a ``[red]`` in a
    name prints as typed. Columns are as wide as their widest cell; when the
    table is wider than the console, the widest columns are narrowed and
    their cells wrapped. Laid out here, line by line, because rich's Table
    takes seconds for the thousands of rows a long-kept journal lists."""
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
    lines: list[str] = []
    for cells, sizes in body:
        if all(n <= w for n, w in zip(sizes, widths, strict=True)):
            lines.append(" │ ".join([c + " " * (w - n) for c, n, w in zip(cells, sizes, widths, strict=True)]))
            continue
        wrapped = [[c] if n <= w else _wrap(c, w) for c, n, w in zip(cells, sizes, widths, strict=True)]
        for k in range(max(len(parts) for parts in wrapped)):
            line = (parts[k] if k < len(parts) else "" for parts in wrapped)
            lines.append(" │ ".join(_pad(c, _cells(c), w) for c, w in zip(line, widths, strict=True)))
    if lines:
        state.out.file.write("\n".join(lines) + "\n")
        state.out.file.flush()


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


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken at spaces, a
    word longer than a line cut into pieces."""
    from rich.cells import chop_cells

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
