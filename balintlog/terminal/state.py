"""The :class:`AppState` every command runs with: everything it may depend on
from its environment (consoles, terminal, clock, vault path), injected so that
tests, and a long-lived process running several commands, control it."""

from __future__ import annotations

import datetime as dt
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from balintlog.journal import Journal


@contextmanager
def _interruptible() -> Iterator[None]:
    """Ctrl-C at a prompt interrupts the command (exit 130), as everywhere
    else. click turns it into the same Abort as end of input; a SIGINT
    handler of our own tells the two apart while the prompt waits."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pressed = False

    def on_interrupt(_signum: int, _frame: object) -> None:
        nonlocal pressed
        pressed = True
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        yield
    except typer.Abort:
        if pressed:
            raise KeyboardInterrupt from None
        raise
    finally:
        signal.signal(signal.SIGINT, previous)


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
    #: Whether an option's value was read from stdin already (see options.free_text).
    stdin_taken: bool = False
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

            from balintlog.terminal.text import escape_console

            class Quiet(Console):
                def on_broken_pipe(self) -> None:
                    """A closed output (``| head``) goes to the error
                    boundary, which ends the command quietly with its own
                    exit code (rich would exit 1 here itself)."""
                    self.quiet = True
                    raise BrokenPipeError(32, "Broken pipe")

            # Stored text may hold escape sequences: shown, never obeyed.
            console = Quiet(stderr=stderr, highlight=False, soft_wrap=True)
            found = self._consoles[stderr] = escape_console(console)
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

        return lambda text: self.ask_secret(text.rstrip(": "))

    def confirm(self, question: str, *, default: bool) -> bool:
        """A yes/no question on the terminal (stderr), answered on stdin."""
        from balintlog.terminal.typer_words import confirm

        with _interruptible():
            return confirm(question, default=default)

    def ask(self, question: str) -> str:
        """A line of visible text asked for on the terminal."""
        with _interruptible():
            return str(typer.prompt(question, err=True))

    def ask_secret(self, question: str) -> str:
        """A line of hidden text asked for on the terminal."""
        with _interruptible():
            return str(typer.prompt(question, hide_input=True, err=True))

    def read_stdin(self) -> str:
        """All of stdin (text piped to the command): UTF-8, at most a
        template's size, else UsageError."""
        from balintlog.inputs import read_stdin

        binary = getattr(sys.stdin, "buffer", None)
        if binary is None:  # a text stream without bytes under it: decoded already
            return sys.stdin.read()
        return read_stdin(binary.read)

    def read_line(self) -> str:
        """One line of stdin, without its line break."""
        return sys.stdin.readline().strip()

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
