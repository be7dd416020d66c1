"""``balintlog session``: sessions and block days. Start one (or a whole
block day), move on to the next, end or cancel, record who is present, and
look at them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from balintlog.dates import format_date
from balintlog.errors import UsageError
from balintlog.i18n import N_, _, ngettext
from balintlog.kinds import DraftKind, SessionMode, SessionStatus
from balintlog.labels import label, parse_enum
from balintlog.terminal.boundary import open_journal
from balintlog.terminal.capture import FromOption, ResumeOption, capture, pick_draft, session_for
from balintlog.terminal.options import PRIVATE_TEXT, SessionOption, YesOption, free_text, parse_day
from balintlog.terminal.output import JsonFlag, emit_json, print_table, shown
from balintlog.terminal.prompts import confirm_or_stop
from balintlog.terminal.state import AppState, state_of

if TYPE_CHECKING:
    from balintlog.domain import Block, GroupSession, Member
    from balintlog.journal import Journal

app = typer.Typer(
    name="session",
    help=_("Start, move on through and end sessions and block days; record who is present."),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

GroupOption = Annotated[
    str | None,
    typer.Option("--group", "-g", help=_("The group's handle (default: the only active group)."), show_default=False),
]

#: Session note sections, as the template names them.
NOTE_HEADINGS = (
    ("atmosphere", N_("Atmosphere")),
    ("group_process", N_("Group process")),
    ("countertransference", N_("My countertransference")),
    ("supervision_questions", N_("Questions for my supervision")),
)


def session_json(
    journal: Journal, session: GroupSession, present: Sequence[Member], blocks: Mapping[str, Block] | None = None
) -> dict[str, Any]:
    """The stable JSON keys of a session; ``blocks``: the block days by id,
    when the caller has read them (a list reads them all at once)."""
    if not session.block_id:
        block = None
    elif blocks is not None:
        block = blocks[session.block_id]
    else:
        block = journal.sessions.block(session.block_id)
    return {
        "ref": journal.sessions.ref(session),
        "group": journal.groups.by_id(session.group_id).handle,
        "seq": session.seq,
        "date": session.date,
        "status": session.status.value,
        "block": block.seq if block else None,
        "block_pos": session.block_pos,
        "block_sessions": block.planned_sessions if block else None,
        "minutes": session.minutes,
        "start_time": session.start_time or None,
        "end_time": session.end_time or None,
        "mode": session.mode.value,
        "present": [m.code for m in present],
    }


def where_in_block(journal: Journal, session: GroupSession) -> str:
    """`` (block day 2, session 1 of 4)``, or nothing outside a block."""
    if session.block_id is None:
        return ""
    block = journal.sessions.block(session.block_id)
    where = _("block day {day}, session {position} of {count}").format(
        day=block.seq, position=session.block_pos, count=block.planned_sessions
    )
    return f" ({where})"


def codes(members: Sequence[Member]) -> str:
    return ", ".join(m.code for m in members)


def ref_range(refs: Sequence[str]) -> str:
    """``nord:2``, ``nord:2 and nord:3``, ``nord:2 to nord:4``."""
    if len(refs) <= 2:
        return _(" and ").join(refs)
    return _("{first} to {last}").format(first=refs[0], last=refs[-1])


@app.command(
    help=_(
        "Start a session, or with --block a whole block day.\n\n"
        "On a block day that was ended early, start (without --block) opens its next planned session."
    )
)
def start(
    ctx: typer.Context,
    group: GroupOption = None,
    block: Annotated[
        bool,
        typer.Option("--block", help=_("Start a block day: the group's block size of sessions, the first opened.")),
    ] = False,
    date: Annotated[str | None, typer.Option("--date", help=_("The day of the session (default: today)."))] = None,
    present: Annotated[
        list[str] | None,
        typer.Option(
            "--present",
            help=_("Codes of the members present, comma-separated; may repeat. With --block: for every session."),
            show_default=False,
        ),
    ] = None,
    place: Annotated[
        str | None,
        typer.Option("--place", help=_("Where the block day takes place; {private}.").format(private=PRIVATE_TEXT)),
    ] = None,
    mode: Annotated[
        str | None,
        typer.Option("--mode", help=_("One of {values} (default: in_person).").format(values=", ".join(SessionMode))),
    ] = None,
) -> None:
    state = state_of(ctx)
    day = parse_day(state, date) if date else state.today
    session_mode = parse_enum(SessionMode, mode, _("session mode")) if mode else None
    with open_journal(state) as journal:
        place = free_text(state, place, _("Place"))
        before = journal.sessions.numbers(group)
        made = journal.sessions.start(
            group, day, block=block, present=present or [], place=place or "", mode=session_mode
        )
        moved = renumbering(before, journal.sessions.numbers(journal.groups.by_id(made[0].group_id)))
        opened = made[0]
        refs = [journal.sessions.ref(s) for s in made]
        who = journal.sessions.attendance(opened)
        where = where_in_block(journal, opened)
    started = (
        _("Started {session}{where} on {date} with {members}.")
        if who
        else _(
            "Started {session}{where} on {date}; nobody is marked present yet "
            "(add them with 'balintlog session attend CODE...')."
        )
    )
    state.out.print(
        started.format(session=refs[0], where=where, date=format_date(opened.date), members=codes(who)), markup=False
    )
    if len(refs) > 1:
        state.out.print(
            _("Planned {sessions}; move on with 'balintlog session next'.").format(sessions=ref_range(refs[1:])),
            markup=False,
        )
    if moved:
        state.out.print(moved, markup=False)
    if block:
        _suggest_unlocking(state, len(made))


def _suggest_unlocking(state: AppState, sessions: int) -> None:
    """A block day is long: without an agent that lasts the day, the
    passphrase would be asked after nearly every session."""
    from balintlog import agent

    running = agent.status(state.vault_path)
    # A session and its break take about 105 minutes; a break may pass without a command.
    if running is None or running.max_left < sessions * 105 * 60 or running.idle_left < 30 * 60:
        state.info(
            _(
                "Tip: to keep the vault open for the whole day without typing the passphrase after each session, "
                "run 'balintlog unlock --idle 2h --max 9h' (and 'balintlog lock' at the end)."
            )
        )


def renumbering(before: dict[str, str], after: dict[str, str]) -> str:
    """What a renumbering changed, in one line (empty when nothing did):
    session numbers follow the dates within a group."""
    changed = [
        _("{old} is now {new}").format(old=ref, new=after[sid])
        for sid, ref in before.items()
        if sid in after and after[sid] != ref
    ]
    if not changed:
        return ""
    return _("Session numbers follow the dates: {changes}.").format(changes=", ".join(changed))


@app.command("next", help=_("End the open session and open the next planned one of the block day."))
def next_session(ctx: typer.Context, group: GroupOption = None) -> None:
    state = state_of(ctx)
    with open_journal(state) as journal:
        ended, opened = journal.sessions.next(group)
        lines = [_("Ended {session} at {time}.").format(session=journal.sessions.ref(ended), time=ended.end_time)]
        if opened is not None:
            who = journal.sessions.attendance(opened)
            started = _("Started {session}{where} with {members}.") if who else _("Started {session}{where}.")
            lines.append(
                started.format(
                    session=journal.sessions.ref(opened), where=where_in_block(journal, opened), members=codes(who)
                )
            )
        elif ended.block_id is not None:
            block = journal.sessions.block(ended.block_id)
            handle = journal.groups.by_id(ended.group_id).handle
            lines.append(_("Block day {day} of {handle} is complete.").format(day=block.seq, handle=handle))
        else:
            lines.append(_("No planned session follows; start the next one with 'balintlog session start'."))
    for line in lines:
        state.out.print(line, markup=False)


@app.command(help=_("End the open session (planned sessions of its block day stay planned)."))
def end(ctx: typer.Context, group: GroupOption = None) -> None:
    state = state_of(ctx)
    with open_journal(state) as journal:
        ended = journal.sessions.end(group)
        present = journal.sessions.attendance(ended)
        left = []
        if ended.block_id is not None:
            planned = journal.sessions.all(journal.groups.by_id(ended.group_id), statuses=[SessionStatus.PLANNED])
            left = [journal.sessions.ref(s) for s in planned if s.block_id == ended.block_id]
        ref = journal.sessions.ref(ended)
    state.out.print(
        _("Ended {session} at {time} ({count} present).").format(session=ref, time=ended.end_time, count=len(present)),
        markup=False,
    )
    if left:
        state.out.print(
            _(
                "{sessions} of this block day stay planned: open the next with 'balintlog session start', "
                "or cancel with 'balintlog session cancel {refs}'."
            ).format(sessions=ref_range(left), refs=" ".join(left)),
            markup=False,
        )


@app.command(help=_("Cancel planned sessions (of a block day that ended early)."))
def cancel(
    ctx: typer.Context,
    refs: Annotated[list[str], typer.Argument(metavar="REF", help=_("Planned sessions to cancel, as GROUP:N."))],
    group: GroupOption = None,
) -> None:
    state = state_of(ctx)
    with open_journal(state) as journal:
        for ref in refs:
            cancelled = journal.sessions.cancel(ref, group=group)
            state.out.print(
                _("Cancelled {session} ({date}).").format(
                    session=journal.sessions.ref(cancelled), date=format_date(cancelled.date)
                ),
                markup=False,
            )


@app.command(help=_("Correct a session, ended ones too: its day, times, minutes, mode or place."))
def edit(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help=_("The session, as current, last or GROUP:N."), show_default=False)],
    group: GroupOption = None,
    date: Annotated[
        str | None, typer.Option("--date", help=_("Move it to this day (a block day moves whole)."), show_default=False)
    ] = None,
    start: Annotated[str | None, typer.Option("--start", help=_("When it began (HH:MM)."), show_default=False)] = None,
    end: Annotated[str | None, typer.Option("--end", help=_("When it ended (HH:MM)."), show_default=False)] = None,
    minutes: Annotated[
        int | None,
        typer.Option("--minutes", help=_("How long it lasted (default with --start and --end: their difference).")),
    ] = None,
    mode: Annotated[
        str | None,
        typer.Option("--mode", help=_("One of {values}.").format(values=", ".join(SessionMode)), show_default=False),
    ] = None,
    place: Annotated[
        str | None,
        typer.Option(
            "--place",
            help=_("Where its block day took place; {private}.").format(private=PRIVATE_TEXT),
            show_default=False,
        ),
    ] = None,
) -> None:
    state = state_of(ctx)
    day = parse_day(state, date) if date else None
    with open_journal(state) as journal:
        place = free_text(state, place, _("Place"))
        if all(v is None for v in (date, start, end, minutes, mode, place)):
            raise UsageError(_("say what to change: --date, --start, --end, --minutes, --mode or --place"))
        before = journal.sessions.numbers(journal.groups.by_id(journal.sessions.get(ref, group=group).group_id))
        edited = journal.sessions.edit(
            ref, group=group, day=day, start=start, end=end, minutes=minutes, mode=mode, place=place
        )
        moved = renumbering(before, journal.sessions.numbers(journal.groups.by_id(edited.group_id)))
        times = "–".join(filter(None, (edited.start_time, edited.end_time)))
        length = _("{minutes} min").format(minutes=edited.minutes)
        about = ", ".join(filter(None, (format_date(edited.date), times, length, shown(edited.mode))))
        state.out.print(
            _("Changed {session}: {about}.").format(session=journal.sessions.ref(edited), about=about), markup=False
        )
    if moved:
        state.out.print(moved, markup=False)


@app.command(help=_("Delete a session started by mistake; the later ones move up a number."))
def delete(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help=_("The session, as current, last or GROUP:N."), show_default=False)],
    group: GroupOption = None,
    with_cases: Annotated[
        bool, typer.Option("--with-cases", help=_("Also delete the cases presented in it (refused otherwise)."))
    ] = False,
    yes: YesOption = False,
) -> None:
    state = state_of(ctx)
    with open_journal(state) as journal:
        found = journal.sessions.get(ref, group=group)
        what = f"{journal.sessions.ref(found)} ({format_date(found.date)}, {shown(found.status)})"
        question = (
            _("Delete session {session} and the cases presented in it?")
            if with_cases
            else _("Delete session {session}?")
        )
        confirm_or_stop(state, question.format(session=what), yes, action=_("deleting a session"))
        before = journal.sessions.numbers(journal.groups.by_id(found.group_id))
        deleted = journal.sessions.delete(ref, group=group, with_cases=with_cases)
        before.pop(found.id, None)
        moved = renumbering(before, journal.sessions.numbers(journal.groups.by_id(found.group_id)))
    state.out.print(_("Deleted session {session}.").format(session=what), markup=False)
    if deleted.cases:
        numbers = ", ".join(f"#{n}" for n in deleted.cases)
        state.out.print(_("Deleted with it: case {numbers}.").format(numbers=numbers), markup=False)
    if deleted.presentations:
        state.out.print(
            ngettext(
                "Removed {count} later presentation of other cases.",
                "Removed {count} later presentations of other cases.",
                deleted.presentations,
            ).format(count=deleted.presentations),
            markup=False,
        )
    if moved:
        state.out.print(moved, markup=False)
    state.info(_("'balintlog undo' brings it back."))


@app.command(help=_("Add members to a session's attendance, or remove them with --absent."))
def attend(
    ctx: typer.Context,
    members: Annotated[
        list[str] | None,
        typer.Argument(metavar="CODE", help=_("Members to mark present (commas work too)."), show_default=False),
    ] = None,
    absent: Annotated[
        list[str] | None,
        typer.Option("--absent", help=_("A member to remove from the attendance; may repeat."), show_default=False),
    ] = None,
    session: SessionOption = None,
    group: GroupOption = None,
) -> None:
    state = state_of(ctx)
    if not members and not absent:
        raise UsageError(_("name members to mark present (CODE...) or absent (--absent CODE)"))
    with open_journal(state) as journal:
        target = journal.sessions.get(session, group=group)
        present = journal.sessions.attend(target, members or [], absent=absent or [])
        expected = journal.groups.members(journal.groups.by_id(target.group_id), active_on=target.date)
        ref = journal.sessions.ref(target)
    who = codes(present) if present else _("nobody")
    state.out.print(
        _("{session}: {members} present ({count} of {expected}).").format(
            session=ref, members=who, count=len(present), expected=len(expected)
        ),
        markup=False,
    )


@app.command("list", help=_("List sessions by date, with block day, status and attendance."))
def list_sessions(
    ctx: typer.Context,
    group: Annotated[
        str | None, typer.Option("--group", "-g", help=_("Only this group's sessions (default: every group)."))
    ] = None,
    since: Annotated[str | None, typer.Option("--since", help=_("From this day on."))] = None,
    until: Annotated[str | None, typer.Option("--until", help=_("Up to this day."))] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            help=_("Only these: {values}; may repeat.").format(values=", ".join(SessionStatus)),
            show_default=False,
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    state = state_of(ctx)
    first = parse_day(state, since) if since else None
    last = parse_day(state, until) if until else None
    statuses = [parse_enum(SessionStatus, s, _("status")) for s in status] if status else None
    with open_journal(state) as journal:
        sessions = journal.sessions.all(group, since=first, until=last, statuses=statuses)
        present = journal.sessions.attendance_map(sessions)
        blocks = journal.sessions.blocks_of(sessions)
        items = [session_json(journal, s, present[s.id], blocks) for s in sessions]
    if as_json:
        emit_json(state, {"schema": "balintlog.sessions/1", "sessions": items})
        return
    if not items:
        state.info(_("No sessions yet; start one with 'balintlog session start'."))
        return
    # Each day and status written once, not once per session.
    day_text = {day: format_date(day) for day in {s.date for s in sessions}}
    status_text = {status: shown(status) for status in {s.status for s in sessions}}
    print_table(
        state,
        [_("Date"), _("Session"), _("Block"), _("Status"), _("Min"), _("Present")],
        [
            [
                day_text[s.date],
                item["ref"],
                f"{item['block']}: {s.block_pos}/{item['block_sessions']}" if s.block_id else "",
                status_text[s.status],
                str(s.minutes),
                str(len(item["present"])),
            ]
            for s, item in zip(sessions, items, strict=True)
        ],
    )


AppendFlag = Annotated[
    bool,
    typer.Option("--append", help=_("Add the text to the sections given instead of replacing them.")),
]


@app.command(
    help=_("Record the session notes: atmosphere, group process, my countertransference, questions for my supervision.")
)
def note(
    ctx: typer.Context,
    session: SessionOption = None,
    group: GroupOption = None,
    source: FromOption = None,
    resume: ResumeOption = None,
    append: AppendFlag = False,
) -> None:
    # The editor comes pre-filled with the notes the session has (blank with
    # --append); a section the text leaves out stays as it is.
    from balintlog.template import (
        blank_session_template,
        describe_removed,
        parse_session_edit,
        render_session_notes,
    )

    state = state_of(ctx)
    with open_journal(state) as journal:
        draft = pick_draft(state, journal, DraftKind.SESSION_NOTE, source=source, resume=resume)
        target = session_for(journal, session, draft, group)
        where = f"{journal.sessions.ref(target)} ({format_date(target.date)})"
        if append:
            blank = "# " + _("Text to add to the notes of session {session}.").format(session=where) + "\n"
            blank += blank_session_template()
        elif target.notes.is_empty():
            blank = "# " + _("Notes of session {session}.").format(session=where) + "\n" + blank_session_template()
        else:
            comments = [
                _("Notes of session {session}: change them, save and close; empty the file to give up.").format(
                    session=where
                )
            ]
            blank = render_session_notes(target.notes, comments=comments)
        _noted, removed = capture(
            state,
            journal,
            kind=DraftKind.SESSION_NOTE,
            context={"session": target.id},
            blank=blank,
            parse=parse_session_edit,
            store=lambda edit: journal.sessions.edit_notes(target, edit, append=append),
            source=source,
            draft=draft,
        )
        done = (
            _("Added to the notes of session {session}.") if append else _("Recorded the notes of session {session}.")
        )
        state.out.print(done.format(session=where), markup=False)
        if removed:
            state.info(_("Removed {what}; 'balintlog undo' undoes the edit.").format(what=describe_removed(removed)))


@app.command(help=_("Show a session: when, block day, who was present, and its notes."))
def show(
    ctx: typer.Context,
    ref: Annotated[
        str | None,
        typer.Argument(
            help=_("current, last or GROUP:N (default: the open session, else the latest ended one)."),
            show_default=False,
        ),
    ] = None,
    group: GroupOption = None,
    as_json: JsonFlag = False,
) -> None:
    state = state_of(ctx)
    with open_journal(state) as journal:
        session = _shown_session(journal, ref, group)
        present = journal.sessions.attendance(session)
        item = session_json(journal, session, present)
        group_of = journal.groups.by_id(session.group_id)
        absent = [m for m in journal.groups.members(group_of, active_on=session.date) if m not in present]
        block = journal.sessions.block(session.block_id) if session.block_id else None
        where = where_in_block(journal, session)
    notes = {key: getattr(session.notes, key) for key, _heading in NOTE_HEADINGS}
    if as_json:
        emit_json(
            state,
            {
                "schema": "balintlog.session/1",
                **item,
                "place": block.place if block and block.place else None,
                "absent": [m.code for m in absent],
                "notes": notes,
            },
        )
        return
    _print_session(state, item, group_of.name, where.strip(" ()"), block, present, absent)
    for key, heading in NOTE_HEADINGS:
        if notes[key]:
            state.out.print(f"\n{_(heading)}", markup=False, style="bold")
            state.out.print(notes[key], markup=False)


def _counted(item: dict[str, Any]) -> str:
    """The minutes a session counts, and the minutes its clock times make
    when they differ (a session ended by mistake at once, or overrunning)."""
    counted = _("{minutes} min").format(minutes=item["minutes"])
    start, end = item["start_time"], item["end_time"]
    if not (start and end):
        return counted
    made = (int(end[:2]) * 60 + int(end[3:5])) - (int(start[:2]) * 60 + int(start[3:5]))
    if made == item["minutes"]:
        return counted
    return _("{minutes} min counted ({clock} min by the clock; 'balintlog session edit' corrects either)").format(
        minutes=item["minutes"], clock=made
    )


def _shown_session(journal: Journal, ref: str | None, group: str | None) -> GroupSession:
    """REF, else the open or just-ended session, else the latest ended one."""
    if ref is not None:
        return journal.sessions.get(ref, group=group)
    try:
        return journal.sessions.get(None, group=group)
    except UsageError:
        return journal.sessions.get("last", group=group)


def _print_session(
    state: AppState,
    item: dict[str, Any],
    group_name: str,
    where: str,
    block: Block | None,
    present: Sequence[Member],
    absent: Sequence[Member],
) -> None:
    times = "–".join(filter(None, (item["start_time"], item["end_time"])))
    mode = SessionMode(item["mode"])
    lines = [
        (_("Group"), f"{group_name} ({item['group']})"),
        (_("Block"), ", ".join(filter(None, (where, block.place if block else "")))),
        (_("Time"), ", ".join(filter(None, (times, _counted(item), label(mode))))),
        (
            _("Present"),
            _("{members} ({count} of {expected})").format(
                members=codes(present) or _("nobody"), count=len(present), expected=len(present) + len(absent)
            ),
        ),
        (_("Absent"), codes(absent)),
    ]
    status = shown(SessionStatus(item["status"]))
    state.out.print(f"{item['ref']}  {format_date(item['date'])}  {status}", markup=False, style="bold")
    width = max(9, *(len(heading) + 2 for heading, _value in lines))
    for heading, value in lines:
        if value:
            state.out.print(f"  {heading + ':':<{width}}{value}", markup=False)
