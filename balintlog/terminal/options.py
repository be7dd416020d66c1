"""Parsing of option values the commands share (dates), and the options
several commands declare alike."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from balintlog.i18n import _, is_german
from balintlog.terminal.state import AppState

YesOption = Annotated[bool, typer.Option("--yes", "-y", help=_("Do not ask for confirmation."))]
#: The session a command records into (a case, a follow-up, attendance, notes).
SessionOption = Annotated[
    str | None,
    typer.Option(
        "--session",
        help=_("current, last or GROUP:N (default: the open session, else the one that ended in the last 24 hours)."),
        show_default=False,
    ),
]


def parse_day(state: AppState, text: str) -> dt.date:
    """A user date (absolute or relative), echoed back unambiguously when it
    was numeric and could be read two ways."""
    from balintlog.dates import format_date, is_ambiguous, parse_date

    day = parse_date(text, today=state.today)
    if is_ambiguous(text):
        state.info(
            _("Reading {text!r} as {date} (set BALINTLOG_DAYFIRST=0 for month first).").format(
                text=text, date=format_date(day)
            )
        )
    return day


def parse_optional_day(state: AppState, text: str | None) -> dt.date | None:
    """A date option that may be cleared: ``none`` (or ``-``) means no date."""
    if text is None or text.strip().lower() in {"none", "no", "-", "", "keins", "keine", "kein", "nein"}:
        return None
    return parse_day(state, text)


#: What the help of a free-text option adds.
PRIVATE_TEXT = _("'-' to type it at a prompt (or pipe it on stdin), out of sight of other processes")


def free_text(state: AppState, value: str | None, what: str) -> str | None:
    """A free-text option's value as given, or for ``-`` asked for on the
    terminal, or read from stdin when that is not one: a command line can
    be read by other processes, a prompt or a pipe cannot. One option per
    command can read stdin."""
    if value != "-":
        return value
    if state.interactive:
        return state.ask(what)
    if state.stdin_taken:
        from balintlog.errors import UsageError

        raise UsageError(
            _("stdin went to another option already; give the {what} at a prompt in a terminal").format(
                what=what if is_german() else what.lower()
            )
        )
    state.stdin_taken = True
    return state.read_stdin().strip()
