"""``balintlog case``: record a case right after it was worked, follow it up
weeks later, and look at, edit, close or erase it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from balintlog import i18n
from balintlog.dates import format_date
from balintlog.i18n import _, ngettext, pgettext
from balintlog.kinds import CaseStatus, DraftKind, PresentationKind
from balintlog.terminal.boundary import open_journal
from balintlog.terminal.capture import FromOption, ResumeOption, capture, pick_draft, session_for
from balintlog.terminal.options import SessionOption, YesOption
from balintlog.terminal.output import JsonFlag, emit_json, print_table, shown
from balintlog.terminal.prompts import confirm_or_stop
from balintlog.terminal.state import AppState, state_of

if TYPE_CHECKING:
    from balintlog.domain import Case, CaseHistory, GroupSession, Resonance
    from balintlog.journal import CaseAdded, Journal
    from balintlog.template import CaseNote

app = typer.Typer(
    name="case",
    help=_("Record cases and their follow-ups; list, show, edit, close or delete them."),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

CaseArg = Annotated[str, typer.Argument(help=_("The case number, e.g. 12 (or '#12')."), show_default=False)]
GroupOption = Annotated[
    str | None, typer.Option("--group", "-g", help=_("Only this group's cases."), show_default=False)
]
StatusOption = Annotated[
    str | None,
    typer.Option("--status", help=_("Only cases with this status ({values}).").format(values=", ".join(CaseStatus))),
]


# -- JSON ---------------------------------------------------------------------------


def resonance_json(res: Resonance) -> dict[str, Any]:
    return {
        "seq": res.seq,
        "kind": res.kind.value,
        "level": res.level.value,
        "intensity": res.intensity,
        "source": res.source,
        "mirroring": res.mirroring,
        "text": res.text,
    }


def history_json(history: CaseHistory) -> dict[str, Any]:
    """The stable JSON keys of a case with its whole history."""
    case = history.case
    return {
        "schema": "balintlog.case/1",
        "number": case.number,
        "title": case.title,
        "group": history.group.handle,
        "presenter": history.presenter.code,
        "client": case.client,
        "relationship": case.relationship.value,
        "field": case.field,
        "institution": case.institution,
        "status": case.status.value,
        "opened": case.opened,
        "question": history.question,
        "presentations": [
            {
                "session": entry.session_ref,
                "date": entry.date,
                "kind": p.kind.value,
                "question": p.question,
                "account": p.account,
                "group_process": p.group_process,
                "resonances": [resonance_json(r) for r in p.resonances],
                "closing": p.closing,
                "leader_notes": p.leader_notes,
                "outcome": None if p.outcome is None else p.outcome.value,
                "what_changed": p.what_changed,
            }
            for entry in history.presentations
            for p in (entry.presentation,)
        ],
    }


# -- the template, parsed and checked against the vault ---------------------------------


def checked_note(
    state: AppState,
    journal: Journal,
    session: GroupSession,
    text: str,
    *,
    follow_up: bool,
    case: Case | None = None,
    edit: bool = False,
) -> CaseNote:
    """Parse a case template and check it against the vault (presenter and
    sources are members, the case's group): the syntax problems and the
    vault's come in one round, each naming its line. Warnings (resonance
    lines under another heading) are shown before the note is stored."""
    from balintlog.template import parse_case

    note = parse_case(
        text,
        follow_up=follow_up,
        edit=edit,
        check=lambda parsed: journal.cases.note_problems(session, parsed, case=case),
    )
    for warning in note.warnings:
        state.warn(_("warning: {warning}").format(warning=warning))
    return note


def _session_comment(journal: Journal, session: GroupSession, *, follow_up: bool) -> str:
    """A comment line for the top of a template: which session it is for."""
    what = _("A follow-up in session {session} ({date}).") if follow_up else _("A case in session {session} ({date}).")
    return "# " + what.format(session=journal.sessions.ref(session), date=format_date(session.date)) + "\n"


def _report_added(state: AppState, added: CaseAdded, *, follow_up: bool) -> None:
    count = len(added.presentation.resonances)
    if follow_up:
        done = ngettext(
            "Followed up case #{number} “{title}” in {session} ({count} resonance).",
            "Followed up case #{number} “{title}” in {session} ({count} resonances).",
            count,
        )
    else:
        done = ngettext(
            "Added case #{number} “{title}” in {session} ({count} resonance).",
            "Added case #{number} “{title}” in {session} ({count} resonances).",
            count,
        )
    state.out.print(
        done.format(number=added.case.number, title=added.case.title, session=added.session_ref, count=count),
        markup=False,
    )
    if added.marked_present is not None:
        state.info(
            _("Note: {code} presented but was not marked present in {session}; marked present now.").format(
                code=added.marked_present.code, session=added.session_ref
            )
        )


# -- commands -------------------------------------------------------------------------


AllowDuplicateFlag = Annotated[
    bool,
    typer.Option(
        "--allow-duplicate", help=_("Add the case even if one with the same title and presenter is in the session.")
    ),
]


@app.command(help=_("Record a new case worked in a session (opens your editor on the template)."))
def add(
    ctx: typer.Context,
    session: SessionOption = None,
    source: FromOption = None,
    resume: ResumeOption = None,
    allow_duplicate: AllowDuplicateFlag = False,
) -> None:
    from balintlog.template import blank_case_template

    state = state_of(ctx)
    with open_journal(state) as journal:
        draft = pick_draft(state, journal, DraftKind.CASE, source=source, resume=resume)
        target = session_for(journal, session, draft)
        group = journal.groups.by_id(target.group_id)
        codes = [m.code for m in journal.groups.members(group, active_on=target.date)]
        blank = _session_comment(journal, target, follow_up=False) + blank_case_template(members=codes)

        def store(note: CaseNote) -> CaseAdded:
            if not allow_duplicate:
                _check_duplicate(state, journal, target, note)
            return journal.cases.add(target, note)

        added = capture(
            state,
            journal,
            kind=DraftKind.CASE,
            context={"session": target.id},
            blank=blank,
            parse=lambda text: checked_note(state, journal, target, text, follow_up=False),
            store=store,
            source=source,
            draft=draft,
        )
        _report_added(state, added, follow_up=False)


def _check_duplicate(state: AppState, journal: Journal, session: GroupSession, note: CaseNote) -> None:
    """A case added twice by mistake: asked about on a terminal, refused
    (exit 5) without one."""
    from balintlog.errors import ConflictError

    same = journal.cases.duplicates(session, note)
    if not same:
        return
    what = {
        "number": same[0].number,
        "title": same[0].title,
        "presenter": note.presenter.strip(),
        "session": journal.sessions.ref(session),
    }
    if not state.interactive:
        raise ConflictError(
            _(
                "case #{number} “{title}” presented by {presenter} was added in {session} already; "
                "pass --allow-duplicate to add another one"
            ).format(**what)
        )
    question = _(
        "Case #{number} “{title}” presented by {presenter} was added in {session} already. "
        "Add another case all the same?"
    )
    if not state.confirm(question.format(**what), default=False):
        raise ConflictError(
            _(
                "case #{number} “{title}” presented by {presenter} was added in {session} already; nothing was added"
            ).format(**what)
        )


@app.command("follow-up", help=_("Record a later presentation of a case: its outcome and what changed."))
def follow_up(
    ctx: typer.Context,
    case: CaseArg,
    session: SessionOption = None,
    source: FromOption = None,
    resume: ResumeOption = None,
) -> None:
    from balintlog.template import blank_case_template

    state = state_of(ctx)
    with open_journal(state) as journal:
        found = journal.cases.get(case)
        draft = pick_draft(state, journal, DraftKind.FOLLOW_UP, source=source, resume=resume, case_id=found.id)
        target = session_for(journal, session, draft)
        group = journal.groups.by_id(found.group_id)
        presenter = journal.groups.member_by_id(found.presenter_id)
        blank = blank_case_template(
            follow_up=True,
            case_title=f"#{found.number} {found.title}",
            presenter_hint=presenter.code,
            members=[m.code for m in journal.groups.members(group, active_on=target.date)],
        )
        blank = _session_comment(journal, target, follow_up=True) + blank
        added = capture(
            state,
            journal,
            kind=DraftKind.FOLLOW_UP,
            context={"session": target.id, "case": found.id},
            blank=blank,
            parse=lambda text: checked_note(state, journal, target, text, follow_up=True, case=found),
            store=lambda note: journal.cases.add_follow_up(found.number, target, note),
            source=source,
            draft=draft,
        )
        _report_added(state, added, follow_up=True)


PresentationOption = Annotated[
    str | None,
    typer.Option(
        "--presentation",
        help=_("Edit the presentation worked in this session (GROUP:N) instead of the latest."),
        show_default=False,
    ),
]
FirstOption = Annotated[bool, typer.Option("--first", help=_("Edit the case's first presentation."))]


@app.command(help=_("Change a case's headers and a presentation; what the text leaves out stays as it is."))
def edit(
    ctx: typer.Context,
    case: CaseArg,
    presentation: PresentationOption = None,
    first: FirstOption = False,
    source: FromOption = None,
    resume: ResumeOption = None,
) -> None:
    from balintlog.template import describe_removed, render_case

    state = state_of(ctx)
    with open_journal(state) as journal:
        if presentation is not None and first:
            from balintlog.errors import UsageError

            raise UsageError(_("--presentation and --first name the same thing; give one of them"))
        history = journal.cases.history(case)
        number = history.case.number
        draft = pick_draft(state, journal, DraftKind.CASE_EDIT, source=source, resume=resume, case_id=history.case.id)
        if presentation is None and not first and draft is not None and "presentation" in draft.refs:
            chosen = next(
                (e for e in history.presentations if e.presentation.id == draft.refs["presentation"]),
                history.presentations[-1],
            )
        else:
            chosen = journal.cases.presentation(number, ref=presentation, first=first)
        session = journal.sessions.by_id(chosen.presentation.session_id)
        follow = chosen.presentation.kind is not PresentationKind.FIRST
        comments = (
            _(
                "Case #{number}: its headers and its presentation in {session} ({date}). Save and close to store "
                "the changes; a header or section\nleft out stays as it is, one left empty is cleared. Empty the "
                "file to give up."
            )
            .format(number=number, session=chosen.session_ref, date=format_date(chosen.date))
            .split("\n")
        )
        pid = chosen.presentation.id
        edited = capture(
            state,
            journal,
            kind=DraftKind.CASE_EDIT,
            context={"case": history.case.id, "presentation": pid},
            blank=render_case(journal.cases.note(number, presentation=pid), comments=comments, follow_up=follow),
            parse=lambda text: checked_note(state, journal, session, text, follow_up=follow, edit=True),
            store=lambda note: journal.cases.edit(number, note, presentation=pid),
            source=source,
            draft=draft,
        )
        state.out.print(
            _("Changed case #{number} “{title}” ({session}).").format(
                number=number, title=edited.history.case.title, session=chosen.session_ref
            ),
            markup=False,
        )
        if edited.removed:
            state.info(
                _("Removed {what}; 'balintlog undo' undoes the edit.").format(what=describe_removed(edited.removed))
            )


@app.command("list", help=_("List the cases (of every group, or of one), by number."))
def list_cases(
    ctx: typer.Context, group: GroupOption = None, status: StatusOption = None, as_json: JsonFlag = False
) -> None:
    state = state_of(ctx)
    with open_journal(state) as journal:
        summaries = journal.cases.overview(group, status)
    if as_json:
        emit_json(
            state,
            {
                "schema": "balintlog.cases/1",
                "cases": [
                    {
                        "number": s.number,
                        "title": s.title,
                        "group": s.group_handle,
                        "presenter": s.presenter_code,
                        "relationship": s.relationship.value,
                        "status": s.status.value,
                        "opened": s.opened,
                        "presentations": s.presentations,
                        "last_presented": s.last_presented,
                    }
                    for s in summaries
                ],
            },
        )
        return
    if not summaries:
        state.info(_("No cases yet; record one with 'balintlog case add'."))
        return
    # The title gets the width: the group only when there are several, the
    # counts and the last day short.
    several = len({s.group_handle for s in summaries}) > 1
    # Each status and day written once, not once per case.
    status_text = {status: shown(status) for status in {s.status for s in summaries}}
    day_text = {day: i18n.format_date(day, "short") for day in {s.last_presented for s in summaries}}
    rows = [
        (
            f"#{s.number}",
            s.title,
            *((s.group_handle,) if several else ()),
            s.presenter_code,
            status_text[s.status],
            str(s.presentations),
            day_text[s.last_presented],
        )
        for s in summaries
    ]
    headers = (
        _("Case"),
        _("Title"),
        *((_("Group"),) if several else ()),
        _("Presenter"),
        _("Status"),
        _("Times"),
        _("Last"),
    )
    print_table(state, headers, rows)


@app.command(help=_("Show a case's whole history: every presentation with its resonances and outcome."))
def show(ctx: typer.Context, case: CaseArg, as_json: JsonFlag = False) -> None:
    state = state_of(ctx)
    with open_journal(state) as journal:
        history = journal.cases.history(case)
    if as_json:
        emit_json(state, history_json(history))
        return
    print_history(state, history)


def print_history(state: AppState, history: CaseHistory) -> None:
    """A case's history as literal text (user text is never read as markup)."""
    from rich.text import Text

    case = history.case

    def line(text: str = "", style: str = "") -> None:
        state.out.print(Text(text, style=style))

    def block(label: str, text: str) -> None:
        if text:
            line(f"{label}:", "bold")
            for part in text.split("\n"):
                line(f"  {part}")

    line(_("Case #{number}: {title}").format(number=case.number, title=case.title), "bold")
    line(
        _("{group} · presented by {code} ({profession}) · {status} · opened {date}").format(
            group=history.group.handle,
            code=history.presenter.code,
            profession=shown(history.presenter.profession),
            status=shown(case.status),
            date=format_date(case.opened),
        )
    )
    for heading, value in (
        (_("Client"), case.client),
        (_("Relationship"), shown(case.relationship)),
        (_("Field"), case.field),
        (_("Institution"), case.institution),
        (_("Question now"), history.question),
    ):
        if value:
            line(f"{heading}: {value}")
    for entry in history.presentations:
        p = entry.presentation
        line()
        line(f"── {entry.session_ref} · {format_date(entry.date)} · {shown(p.kind)}", "bold")
        if p.question:
            line(_("Question: {text}").format(text=p.question))
        if p.outcome is not None:
            line(_("Outcome: {outcome}").format(outcome=shown(p.outcome)))
        block(_("What changed"), p.what_changed)
        block(pgettext("template section", "Presentation"), p.account)
        block(_("Group process"), p.group_process)
        if p.resonances:
            line(_("Resonances:"), "bold")
        for res in p.resonances:
            extra = [f"@{res.source}"] if res.source != "group" else []
            extra += [_("mirroring")] if res.mirroring else []
            suffix = f"  ({', '.join(extra)})" if extra else ""
            line(f"  {res.seq}. {shown(res.kind)} / {shown(res.level)} / {res.intensity}  {res.text}{suffix}")
        block(_("Closing statement"), p.closing)
        block(_("Leader's notes"), p.leader_notes)


@app.command(help=_("Close a case as closed or lost."))
def close(
    ctx: typer.Context,
    case: CaseArg,
    status: Annotated[
        str, typer.Option("--status", help=_("closed (worked through) or lost (out of sight)."))
    ] = "closed",
) -> None:
    state = state_of(ctx)
    with open_journal(state) as journal:
        closed = journal.cases.close(case, status)
    state.out.print(
        _("Case #{number} “{title}” is now {status}.").format(
            number=closed.number, title=closed.title, status=shown(closed.status)
        ),
        markup=False,
    )


@app.command(help=_("Bring a closed or lost case back as open."))
def reopen(ctx: typer.Context, case: CaseArg) -> None:
    state = state_of(ctx)
    with open_journal(state) as journal:
        opened = journal.cases.reopen(case)
    state.out.print(
        _("Case #{number} “{title}” is open again.").format(number=opened.number, title=opened.title), markup=False
    )


@app.command(help=_("Erase a case and its key for good (backups made before keep it)."))
def delete(ctx: typer.Context, case: CaseArg, yes: YesOption = False) -> None:
    state = state_of(ctx)
    with open_journal(state) as journal:
        history = journal.cases.history(case)
        found = history.case
        resonances = sum(len(e.presentation.resonances) for e in history.presentations)
        confirm_or_stop(
            state,
            _(
                "Delete case #{number} “{title}” with its {presentations} and {resonances}? This cannot be undone"
            ).format(
                number=found.number,
                title=found.title,
                presentations=ngettext(
                    "{count} presentation", "{count} presentations", len(history.presentations)
                ).format(count=len(history.presentations)),
                resonances=ngettext("{count} resonance", "{count} resonances", resonances).format(count=resonances),
            ),
            yes,
            action=_("deleting a case"),
        )
        journal.cases.delete(found.number)
    state.out.print(
        _("Deleted case #{number} and its key; the live vault no longer holds it.").format(number=found.number),
        markup=False,
    )
    state.warn(
        _(
            "Backups made before now still hold the case (encrypted, under the passphrase of their time); "
            "delete or replace them if it must be gone everywhere."
        )
    )
