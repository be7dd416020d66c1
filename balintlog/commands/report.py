"""``report``: the year report for supervision, in the terminal, as Markdown,
HTML or JSON. A top-level command (registered without a noun)."""

from __future__ import annotations

import datetime as dt
import os
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand

from balintlog.errors import BalintlogError, UsageError
from balintlog.i18n import _
from balintlog.terminal.boundary import open_journal
from balintlog.terminal.options import parse_day
from balintlog.terminal.state import AppState, state_of

if TYPE_CHECKING:
    from balintlog.reports.model import Report

app = typer.Typer()

#: What a valueless ``--year`` becomes before Click parses it.
LAST_12 = "last12"


class Detail(StrEnum):
    """How much of the resonance chamber's own words a report carries."""

    BRIEF = "brief"
    FULL = "full"


class ReportFormat(StrEnum):
    TERMINAL = "terminal"
    MARKDOWN = "markdown"
    HTML = "html"
    JSON = "json"


def bare_year(args: list[str]) -> list[str]:
    """Rewrite a ``--year`` without a value (last, or followed by an option
    or anything but a year) to ``--year=last12``: Click's options take a
    value or none, never either."""
    out: list[str] = []
    for i, arg in enumerate(args):
        if arg == "--":
            return out + args[i:]
        following = args[i + 1] if i + 1 < len(args) else None
        if arg == "--year" and (following is None or not following.isdigit()):
            out.append(f"--year={LAST_12}")
        else:
            out.append(arg)
    return out


class ReportCommand(TyperCommand):
    """The ``report`` command, taking ``--year`` bare or with a year."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, bare_year(list(args)))


def report_period(
    state: AppState, year: str | None, since: str | None, until: str | None
) -> tuple[dt.date | None, dt.date | None]:
    """The period's first and last day (None, None: the 12 months up to
    today). UsageError (exit 2) for ``--year`` with ``--since``/``--until``."""
    from balintlog.dates import calendar_year, last_twelve_months

    if year is not None and (since is not None or until is not None):
        raise UsageError(_("--year cannot be combined with --since/--until; use one or the other"))
    if year is not None:
        if year == LAST_12:
            return last_twelve_months(state.today)
        if not year.isdigit():
            raise UsageError(
                _("--year takes a year such as 2025 (or nothing: the last 12 months), not {value!r}").format(value=year)
            )
        return calendar_year(int(year))
    if since is None and until is None:
        return None, None
    end = state.today if until is None else parse_day(state, until)
    if since is None:
        return last_twelve_months(end)
    start = parse_day(state, since)
    if end < start:
        raise UsageError(_("--until {until} lies before --since {since}; swap them").format(until=until, since=since))
    return start, end


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path``, created (or truncated) with mode 0600."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
    except OSError as exc:
        error_class = UsageError if isinstance(exc, IsADirectoryError) else BalintlogError
        raise error_class(
            _("cannot write {path}: {error}; choose another --output").format(path=path, error=exc.strerror or exc)
        ) from None


def render_text(report: Report, fmt: ReportFormat, width: int = 100) -> str:
    """The report as text in a format (the terminal one without colour, for
    a file)."""
    if fmt is ReportFormat.JSON:
        from balintlog.reports import jsontext

        return jsontext.dumps(report.to_json()) + "\n"
    if fmt is ReportFormat.MARKDOWN:
        from balintlog.reports import markdown

        return markdown.render(report)
    if fmt is ReportFormat.HTML:
        from balintlog.reports import html

        return html.render(report)
    from balintlog.reports import terminal

    return terminal.text(report, width)


def print_terminal(state: AppState, report: Report) -> None:
    """The terminal report on stdout, in colour on a colour terminal; control
    characters in stored text are shown, never obeyed."""
    from balintlog.reports import terminal
    from balintlog.terminal.text import escape_controls

    terminal.render(report, state.out, clean=escape_controls)


def show(state: AppState, report: Report, fmt: ReportFormat, output: Path | None) -> None:
    """Print the report on stdout, or write it to ``output`` (0600)."""
    if output is not None:
        write_private(output, render_text(report, fmt))
        state.info(_("Wrote the {format} report to {path}").format(format=fmt.value, path=output))
    elif fmt is ReportFormat.TERMINAL:
        print_terminal(state, report)
    else:
        state.out.file.write(render_text(report, fmt))
        state.out.file.flush()


@app.command(
    cls=ReportCommand,
    help=_("The report for your supervision: overview, each case's development, the group, your notes."),
)
def report(
    ctx: typer.Context,
    year: Annotated[
        str | None,
        typer.Option(
            "--year",
            metavar="[YYYY]",
            help=_("A calendar year; bare --year: the 12 months up to today (also the default)."),
        ),
    ] = None,
    since: Annotated[str | None, typer.Option("--since", metavar="DATE", help=_("First day of the period."))] = None,
    until: Annotated[
        str | None, typer.Option("--until", metavar="DATE", help=_("Last day of the period (default: today)."))
    ] = None,
    group: Annotated[
        str | None, typer.Option("--group", "-g", metavar="GROUP", help=_("Only this group (handle)."))
    ] = None,
    case: Annotated[
        str | None, typer.Option("--case", metavar="N", help=_("One case's whole history, whatever the period."))
    ] = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help=_("Output format."))] = ReportFormat.TERMINAL,
    as_json: Annotated[bool, typer.Option("--json", help=_("Same as --format json."))] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help=_("Write to FILE (mode 0600) instead."))
    ] = None,
    detail: Annotated[
        Detail | None,
        typer.Option(
            "--detail",
            help=_(
                "brief: mirroring and strong resonances quoted (default of a year); full: every resonance, "
                "account, group process, closing (default of --case)."
            ),
        ),
    ] = None,
    without_context: Annotated[
        bool,
        typer.Option("--without-context", help=_("Leave out fields of work, institutions and client descriptors.")),
    ] = False,
) -> None:
    state = state_of(ctx)
    # The options are checked before the passphrase is asked for.
    if as_json and fmt not in (ReportFormat.TERMINAL, ReportFormat.JSON):
        raise UsageError(
            _("--json and --format {format} contradict each other; give one of them").format(format=fmt.value)
        )
    start, end = report_period(state, year, since, until)
    with open_journal(state) as journal:
        chosen = detail or (Detail.BRIEF if case is None else Detail.FULL)
        data = journal.reports.build(
            start, end, group=group, case=case, detail=chosen.value, with_context=not without_context
        )
    show(state, data, ReportFormat.JSON if as_json else fmt, output)
