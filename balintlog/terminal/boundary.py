"""The one error boundary, in which ``balintlog.cli`` runs every command, and
:func:`open_journal`, the unlocked journal of a command."""

from __future__ import annotations

import errno
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer

from balintlog import INTERRUPTED
from balintlog.errors import BalintlogError, ExitCode
from balintlog.i18n import N_, _
from balintlog.terminal.prompts import passphrase_source
from balintlog.terminal.state import AppState

if TYPE_CHECKING:
    from balintlog.journal import Journal


@contextmanager
def boundary(state: AppState) -> Iterator[None]:
    """The one error boundary: a BalintlogError becomes ``Error: …`` on
    stderr and its exit code; anything else one line (a traceback only with
    --debug, and never with field values: SQLAlchemy hides parameters).
    ``balintlog.cli`` runs every command inside it, once."""
    if not state.debug:
        _quiet_sqlalchemy()
    try:
        yield
    except KeyboardInterrupt:
        state.err.print(interrupted_message(state), markup=False)
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    except (typer.Exit, typer.Abort):
        raise
    except BrokenPipeError:
        # The reader went away (``balintlog case list | head``): nothing to
        # tell it, and nothing half-done: a write committed before its
        # report was printed.
        _drop_output()
        raise typer.Exit(int(ExitCode.OUTPUT_CLOSED)) from None
    except Exception as exc:
        if state.debug:
            traceback.print_exc(file=sys.stderr)
        state.err.print(
            _("Error: {message}").format(message=describe_error(exc)), markup=False, highlight=False, soft_wrap=True
        )
        raise typer.Exit(int(exc.exit_code if isinstance(exc, BalintlogError) else ExitCode.ERROR)) from None


def _drop_output() -> None:
    """Point standard output at the null device, so that what is still
    buffered is dropped instead of failing again when Python flushes it at
    exit (the advice of the signal module's documentation)."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _quiet_sqlalchemy() -> None:
    """SQLAlchemy logs an error it meets while closing a connection (an
    interrupt, say) with its traceback; without a handler Python's
    last-resort one would print it. One handler, however many commands a
    process runs."""
    import logging

    logger = logging.getLogger("sqlalchemy")
    if not any(isinstance(handler, logging.NullHandler) for handler in logger.handlers):
        logger.addHandler(logging.NullHandler())


def interrupted_message(state: AppState) -> str:
    """What to say on Ctrl-C: whether the command's write had committed."""
    if state.journal is not None and state.journal.store.saved_writes:
        return _("Interrupted after the change was saved; nothing is half-written.")
    return _(INTERRUPTED)


#: :data:`balintlog.INTERRUPTED`, for the catalogue (it is written before
#: anything else is loaded, so the package itself keeps it in English).
N_("Interrupted; nothing was changed by the unfinished command.")


def describe_error(exc: Exception) -> str:
    """The one line the boundary prints for ``exc``."""
    if isinstance(exc, BalintlogError):
        from balintlog.terminal.hints import with_hint

        return with_hint(exc)
    if isinstance(exc, OSError):
        return describe_os_error(exc)
    return _(
        "unexpected {error}; nothing was changed by the unfinished command (run again with --debug for details)"
    ).format(error=type(exc).__name__)


def describe_os_error(exc: OSError) -> str:
    """One line for a failed file operation (a full disk above all)."""
    if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return _("could not write a file (disk full or file too large): free space and retry")
    where = f" ({exc.filename})" if exc.filename else ""
    return f"{exc.strerror or type(exc).__name__}{where}"


@contextmanager
def open_journal(state: AppState) -> Iterator[Journal]:
    """Unlock the vault (agent first, then the passphrase sources), and
    close it afterwards. Inside the command's error boundary: an error here
    is reported as any other of the command."""
    from balintlog.terminal.unlocking import unlock_journal

    now = state.clock()
    journal = unlock_journal(state.vault_path, passphrase_source(state), today=now.date(), warn=state.warn, now=now)
    state.journal = journal
    try:
        yield journal
    finally:
        journal.close()
