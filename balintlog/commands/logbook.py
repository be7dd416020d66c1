"""``balintlog logbook``: the leader's own training logbook (add, list,
delete, report)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from balintlog.dates import format_date
from balintlog.errors import UsageError
from balintlog.i18n import _, ngettext
from balintlog.kinds import DraftKind
from balintlog.terminal.boundary import open_journal
from balintlog.terminal.capture import FromOption, ResumeOption, capture, pick_draft
from balintlog.terminal.options import YesOption, parse_day
from balintlog.terminal.output import JsonFlag, ds_legend, emit_json, print_table
from balintlog.terminal.prompts import confirm_or_stop
from balintlog.terminal.state import AppState, state_of

if TYPE_CHECKING:
    from balintlog.domain import LogbookEntry
    from balintlog.journal.logbook import KindTotal, LogbookReport

app = typer.Typer(
    name="logbook",
    help=_("The leader's training logbook: seminars, supervision, groups led and attended."),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

SinceOption = Annotated[
    str | None, typer.Option("--since", metavar="DATE", help=_("First day (default: the first entry)."))
]
UntilOption = Annotated[str | None, typer.Option("--until", metavar="DATE", help=_("Last day (default: no end)."))]


class LogbookFormat(StrEnum):
    TERMINAL = "terminal"
    MARKDOWN = "markdown"
    JSON = "json"


def _period(state: AppState, since: str | None, until: str | None) -> tuple[dt.date | None, dt.date | None]:
    start = None if since is None else parse_day(state, since)
    end = None if until is None else parse_day(state, until)
    if start is not None and end is not None and end < start:
        raise UsageError(_("--until {until} lies before --since {since}; swap them").format(until=until, since=since))
    return start, end


def _kind_word(entry: LogbookEntry) -> str:
    from balintlog.labels import label

    return label(entry.kind)


def entry_json(entry: LogbookEntry) -> dict[str, Any]:
    """The stable JSON keys of a logbook entry."""
    return {
        "id": entry.id,
        "kind": entry.kind.value,
        "date": entry.date,
        "minutes": entry.minutes,
        "ds": round(entry.ds, 2),
        "sessions": entry.sessions,
        "with": entry.with_whom,
        "format": entry.format,
        "title": entry.title,
        "notes": entry.notes,
    }


@app.command(
    help=_(
        "Add an entry (led, co-led, supervision received, leader seminar, intensive, attended as a member, conference)."
    )
)
def add(ctx: typer.Context, source: FromOption = None, resume: ResumeOption = None) -> None:
    from balintlog.journal.training import ds_text
    from balintlog.template import LogbookNote, blank_logbook_template, parse_logbook

    state = state_of(ctx)
    with open_journal(state) as journal:
        draft = pick_draft(state, journal, DraftKind.LOGBOOK, source=source, resume=resume)

        def store(note: LogbookNote) -> LogbookEntry:
            return journal.logbook.add(
                note.kind,
                note.date,
                note.minutes,
                sessions=note.sessions,
                with_whom=note.with_whom,
                format=note.format,
                title=note.title,
                notes=note.notes,
            )

        entry = capture(
            state,
            journal,
            kind=DraftKind.LOGBOOK,
            context={},
            blank=blank_logbook_template(),
            parse=lambda text: parse_logbook(text, today=state.today),
            store=store,
            source=source,
            draft=draft,
        )
    state.out.print(
        _("Recorded logbook entry {id}: {kind} on {date}, {ds} DS.").format(
            id=entry.short_id, kind=_kind_word(entry), date=format_date(entry.date), ds=ds_text(entry.ds)
        ),
        markup=False,
    )


@app.command("list", help=_("List the logbook's entries, oldest first."))
def list_entries(
    ctx: typer.Context, since: SinceOption = None, until: UntilOption = None, as_json: JsonFlag = False
) -> None:
    from balintlog.journal.training import ds_text

    state = state_of(ctx)
    start, end = _period(state, since, until)
    with open_journal(state) as journal:
        entries = journal.logbook.all(since=start, until=end)
    if as_json:
        emit_json(state, {"schema": "balintlog.logbook/1", "entries": [entry_json(e) for e in entries]})
        return
    if not entries:
        state.info(_("The logbook has no entries yet."))
        return
    headers = [_("Id"), _("Date"), _("Kind"), _("DS"), _("Sessions"), _("With"), _("Title")]
    rows = [
        [e.short_id, format_date(e.date), _kind_word(e), ds_text(e.ds), str(e.sessions), e.with_whom, e.title]
        for e in entries
    ]
    print_table(state, headers, rows)


@app.command(help=_("Delete a logbook entry ('balintlog undo' brings it back)."))
def delete(
    ctx: typer.Context,
    entry: Annotated[
        str, typer.Argument(help=_("The id of the entry (see 'balintlog logbook list')."), show_default=False)
    ],
    yes: YesOption = False,
) -> None:
    state = state_of(ctx)
    with open_journal(state) as journal:
        found = journal.logbook.get(entry)
        what = _("logbook entry {id} ({kind} on {date})").format(
            id=found.short_id, kind=_kind_word(found), date=format_date(found.date)
        )
        confirm_or_stop(state, _("Delete {what}?").format(what=what), yes, action=_("deleting a logbook entry"))
        journal.logbook.delete(found.id)
    state.info(_("Deleted {what}.").format(what=what))


@app.command(
    help=_("Totals for the DBG logbook and the counts UK, ABS and BSANZ ask for; the journal's sessions counted too.")
)
def report(
    ctx: typer.Context,
    since: SinceOption = None,
    until: UntilOption = None,
    fmt: Annotated[LogbookFormat, typer.Option("--format", "-f", help=_("Output format."))] = LogbookFormat.TERMINAL,
) -> None:
    state = state_of(ctx)
    start, end = _period(state, since, until)
    with open_journal(state) as journal:
        found = journal.logbook.report(since=start, until=end)
    if fmt is LogbookFormat.JSON:
        emit_json(state, report_json(found))
        return
    sections = report_sections(found)
    if fmt is LogbookFormat.MARKDOWN:
        state.out.file.write(report_markdown(found, sections))
        state.out.file.flush()
        return
    state.out.print(_period_words(found), markup=False)
    for title, rows in sections:
        state.out.print("", markup=False)
        print_table(state, [title, ""], rows)
    state.out.print("", markup=False)
    state.out.print(ds_legend(), markup=False)


def _period_words(found: LogbookReport) -> str:
    if found.since is None and found.until is None:
        return _("The leader's logbook: every entry and every session of the journal")
    since = _("the beginning") if found.since is None else format_date(found.since)
    until = _("today") if found.until is None else format_date(found.until)
    return _("The leader's logbook from {since} to {until}").format(since=since, until=until)


def _sessions_and_ds(total: KindTotal) -> str:
    from balintlog.journal.training import ds_text

    sessions = ngettext("{count} session", "{count} sessions", total.sessions).format(count=total.sessions)
    return _("{sessions}, {ds} DS").format(sessions=sessions, ds=ds_text(total.ds))


def report_sections(found: LogbookReport) -> list[tuple[str, list[list[str]]]]:
    """The report's sections as (title, [label, value] rows)."""
    from balintlog.journal.logbook import DBG_MEMBER_DS, DBG_SEMINAR_DS, DBG_SEMINARS
    from balintlog.journal.training import ds_text

    seminars = found.seminars
    supervision = found.supervision
    hours = ds_text(supervision.hours)
    supervision_words = _("{sessions}, {hours} hours").format(
        sessions=ngettext("{count} session", "{count} sessions", supervision.sessions).format(
            count=supervision.sessions
        ),
        hours=hours,
    )
    dbg = [
        [
            _("As a group member (with intensives and conferences)"),
            _("{ds} of {needed} DS").format(ds=ds_text(found.as_member.ds), needed=DBG_MEMBER_DS),
        ],
        [
            _("Leader seminars"),
            _("{count} of {needed} seminars, {ds} of {needed_ds} DS").format(
                count=seminars.entries, needed=DBG_SEMINARS, ds=ds_text(seminars.ds), needed_ds=DBG_SEMINAR_DS
            ),
        ],
        [_("Groups led"), _sessions_and_ds(found.led)],
        [_("Groups co-led"), _sessions_and_ds(found.co_led)],
        [_("Supervision received"), supervision_words],
    ]
    counts = [
        [_("Sessions led"), str(found.led.sessions)],
        [_("Sessions co-led"), str(found.co_led.sessions)],
        [_("Co-led with"), ", ".join(found.co_leaders)],
        [_("Case discussions"), str(found.case_discussions)],
        [_("Supervision sessions"), str(supervision.sessions)],
        [_("Supervision hours"), hours],
        [_("Supervisors"), ", ".join(found.supervisors)],
        [_("Seminars and training events"), str(found.events)],
        [_("Group sessions attended as a member"), str(found.as_member.sessions)],
    ]
    return [(_("DBG logbook"), dbg), (_("Counts for UK (Form A), ABS and BSANZ"), counts)]


def report_markdown(found: LogbookReport, sections: list[tuple[str, list[list[str]]]]) -> str:
    """The report as Markdown: a heading, the period, one table per section."""
    out = [f"# {_('Training logbook')}", "", _period_words(found) + "."]
    for title, rows in sections:
        out += ["", f"## {title}", "", "| | |", "|---|---|"]
        out += ["| {} | {} |".format(*(cell.replace("|", "\\|") for cell in row)) for row in rows]
    return "\n".join(out) + "\n"


def report_json(found: LogbookReport) -> dict[str, Any]:
    """The report's stable JSON keys (minutes exact, DS and hours rounded)."""

    def total(t: KindTotal) -> dict[str, Any]:
        return {"entries": t.entries, "sessions": t.sessions, "minutes": t.minutes, "ds": round(t.ds, 2)}

    return {
        "schema": "balintlog.logbook-report/1",
        "since": found.since,
        "until": found.until,
        "entries": {kind.value: total(t) for kind, t in found.entries.items()},
        "journal": {"led": total(found.journal_led), "co_led": total(found.journal_co_led)},
        "dbg": {
            "as_member": total(found.as_member),
            "leader_seminars": total(found.seminars),
            "led": total(found.led),
            "co_led": total(found.co_led),
            "supervision": total(found.supervision),
        },
        "counts": {
            "sessions_led": found.led.sessions,
            "sessions_co_led": found.co_led.sessions,
            "co_leaders": list(found.co_leaders),
            "case_discussions": found.case_discussions,
            "supervision_sessions": found.supervision.sessions,
            "supervision_hours": round(found.supervision.hours, 2),
            "supervisors": list(found.supervisors),
            "seminars": found.events,
            "sessions_as_member": found.as_member.sessions,
        },
    }
