"""``balintlog group``: add, list, show, edit and close Balint groups."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import typer

from balintlog.commands.member import member_headers, member_json, member_rows
from balintlog.dates import format_date
from balintlog.errors import UsageError
from balintlog.i18n import _, ngettext
from balintlog.kinds import BLOCK_SIZE, SESSION_MINUTES, GroupKind, SessionStatus, Setting
from balintlog.labels import label, parse_enum
from balintlog.terminal.boundary import open_journal
from balintlog.terminal.options import PRIVATE_TEXT, free_text, parse_day, parse_optional_day
from balintlog.terminal.output import JsonFlag, emit_json, print_table, shown
from balintlog.terminal.state import state_of

if TYPE_CHECKING:
    from balintlog.domain import Group
    from balintlog.journal import Journal

app = typer.Typer(
    name="group",
    help=_("Add, list, show, edit and close your groups."),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

HandleArg = Annotated[str, typer.Argument(help=_("The group's handle, the short name you type (e.g. nord)."))]
OptionalHandleArg = Annotated[
    str | None, typer.Argument(help=_("The group's handle (default: the only active group)."), show_default=False)
]
NameOption = Annotated[
    str | None, typer.Option("--name", help=_("The group's full name; {private}.").format(private=PRIVATE_TEXT))
]
KindOption = Annotated[
    str | None, typer.Option("--kind", help=_("One of {values}.").format(values=", ".join(GroupKind)))
]
SettingOption = Annotated[
    str | None, typer.Option("--setting", help=_("One of {values}.").format(values=", ".join(Setting)))
]
InstitutionOption = Annotated[
    str | None,
    typer.Option("--institution", help=_("Where it meets or for whom; {private}.").format(private=PRIVATE_TEXT)),
]
StartOption = Annotated[str | None, typer.Option("--start", help=_("Its first day (default: today)."))]
PlannedEndOption = Annotated[
    str | None, typer.Option("--planned-end", help=_("The day it is planned to end ('none' to clear)."))
]
LengthOption = Annotated[int | None, typer.Option("--length", help=_("Session length in minutes (default 90)."))]
BlockSizeOption = Annotated[int | None, typer.Option("--block-size", help=_("Sessions per block day (default 4)."))]
CoLeaderOption = Annotated[
    str | None, typer.Option("--co-leader", help=_("Who leads it with you; {private}.").format(private=PRIVATE_TEXT))
]
RetentionOption = Annotated[
    str | None, typer.Option("--retention", help=_("The day until which its notes are kept ('none' to clear)."))
]


def group_json(group: Group) -> dict[str, Any]:
    """The stable JSON keys of a group."""
    return {
        "handle": group.handle,
        "name": group.name,
        "kind": group.kind.value,
        "setting": group.setting.value,
        "institution": group.institution,
        "co_leader": group.co_leader,
        "start": group.start,
        "planned_end": group.planned_end,
        "closed": group.closed,
        "active": group.active,
        "session_minutes": group.session_minutes,
        "block_size": group.block_size,
        "retention": group.retention,
    }


@app.command(help=_("Add a group (kind continuous unless --kind says otherwise)."))
def add(
    ctx: typer.Context,
    handle: HandleArg,
    name: NameOption = None,
    kind: KindOption = None,
    setting: SettingOption = None,
    institution: InstitutionOption = None,
    start: StartOption = None,
    planned_end: PlannedEndOption = None,
    length: LengthOption = None,
    block_size: BlockSizeOption = None,
    co_leader: CoLeaderOption = None,
    retention: RetentionOption = None,
) -> None:
    state = state_of(ctx)
    group_kind = parse_enum(GroupKind, kind or GroupKind.CONTINUOUS, _("group kind"))
    group_setting = parse_enum(Setting, setting or Setting.OPEN, _("setting"))
    first_day = parse_day(state, start) if start else state.today
    end_day = parse_optional_day(state, planned_end)
    keep_until = parse_optional_day(state, retention)
    with open_journal(state) as journal:
        name = free_text(state, name, _("Name"))
        institution = free_text(state, institution, _("Institution"))
        co_leader = free_text(state, co_leader, _("Co-leader"))
        group = journal.groups.add(
            handle,
            name or "",
            group_kind,
            first_day,
            setting=group_setting,
            institution=institution or "",
            planned_end=end_day,
            session_minutes=SESSION_MINUTES if length is None else length,
            block_size=BLOCK_SIZE if block_size is None else block_size,
            co_leader=co_leader or "",
            retention=keep_until,
        )
    if group.kind is GroupKind.CONTINUOUS:
        added = _("Added group {handle} ({name}): {kind}, from {start}; sessions of {minutes} min.")
    else:
        added = _(
            "Added group {handle} ({name}): {kind}, from {start}; sessions of {minutes} min, block days of {size}."
        )
    state.out.print(
        added.format(
            handle=group.handle,
            name=group.name,
            kind=label(group.kind),
            start=format_date(group.start),
            minutes=group.session_minutes,
            size=group.block_size,
        )
        + " "
        + _("Add members with 'balintlog member add {handle} CODE --profession P'.").format(handle=group.handle),
        markup=False,
    )


@app.command("list", help=_("List the groups with their members and sessions held."))
def list_groups(
    ctx: typer.Context,
    active: Annotated[bool, typer.Option("--active", help=_("Only groups that are not closed."))] = False,
    as_json: JsonFlag = False,
) -> None:
    state = state_of(ctx)
    with open_journal(state) as journal:
        groups = journal.groups.all(include_closed=not active)
        counts = {g.id: _counts(journal, g, state.today) for g in groups}
    if as_json:
        emit_json(
            state,
            {
                "schema": "balintlog.groups/1",
                "groups": [{**group_json(g), **counts[g.id]} for g in groups],
            },
        )
        return
    if not groups:
        state.info(_("No groups yet; add one with 'balintlog group add HANDLE'."))
        return
    print_table(
        state,
        [_("Handle"), _("Name"), _("Kind"), _("From"), _("Status"), _("Members"), _("Held")],
        [
            [
                g.handle,
                g.name,
                shown(g.kind),
                format_date(g.start),
                _("active") if g.closed is None else _("closed {date}").format(date=format_date(g.closed)),
                str(counts[g.id]["active_members"]),
                str(counts[g.id]["sessions_held"]),
            ]
            for g in groups
        ],
    )


@app.command(help=_("Show a group: its settings, members and the sessions held."))
def show(ctx: typer.Context, handle: OptionalHandleArg = None, as_json: JsonFlag = False) -> None:
    state = state_of(ctx)
    with open_journal(state) as journal:
        group = journal.groups.get(handle)
        members = journal.groups.members(group)
        sessions = journal.sessions.counts(group)
        block_days = len(journal.sessions.blocks(group))
    if as_json:
        emit_json(
            state,
            {
                "schema": "balintlog.group/1",
                **group_json(group),
                "members": [member_json(group, m, state.today) for m in members],
                "sessions": {status.value: n for status, n in sessions.items()},
                "block_days": block_days,
            },
        )
        return
    lines = [
        (
            _("Kind"),
            _("{kind}, {setting} setting").format(kind=shown(group.kind), setting=label(group.setting)),
        ),
        (_("Institution"), group.institution),
        (_("Runs"), _period(group)),
        (
            _("Sessions"),
            _("{minutes} min each").format(minutes=group.session_minutes)
            if group.kind is GroupKind.CONTINUOUS
            else _("{minutes} min each; block days of {size}").format(
                minutes=group.session_minutes, size=group.block_size
            ),
        ),
        (_("Co-leader"), group.co_leader),
        (_("Keep until"), format_date(group.retention) if group.retention else ""),
        (_("Held"), _held(sessions, block_days)),
    ]
    width = max(len(label_text) for label_text, _value in lines) + 2
    state.out.print(f"{group.handle}: {group.name}", markup=False)
    for heading, value in lines:
        if value:
            state.out.print(f"  {heading + ':':<{width}}{value}", markup=False)
    state.out.print("")
    if not members:
        state.out.print(
            _("No members yet; add them with 'balintlog member add {handle} CODE --profession P'.").format(
                handle=group.handle
            ),
            markup=False,
        )
        return
    active = sum(1 for m in members if m.active_on(state.today))
    print_table(
        state,
        member_headers(),
        member_rows(members),
        title=_("Members ({count}, {active} active)").format(count=len(members), active=active),
    )


@app.command(help=_("Change a group's fields (only those given)."))
def edit(
    ctx: typer.Context,
    handle: HandleArg,
    new_handle: Annotated[str | None, typer.Option("--handle", help=_("A new handle."))] = None,
    name: NameOption = None,
    kind: KindOption = None,
    setting: SettingOption = None,
    institution: InstitutionOption = None,
    start: StartOption = None,
    planned_end: PlannedEndOption = None,
    length: LengthOption = None,
    block_size: BlockSizeOption = None,
    co_leader: CoLeaderOption = None,
    retention: RetentionOption = None,
    stale_after: Annotated[
        int | None,
        typer.Option(
            "--stale-after",
            metavar="N",
            help=_(
                "Reports call an open or followed-up case stale after N sessions without it (block groups: "
                "N block days); 0: the default (6 sessions, 2 block days)."
            ),
        ),
    ] = None,
) -> None:
    state = state_of(ctx)
    name = free_text(state, name, _("Name"))
    institution = free_text(state, institution, _("Institution"))
    co_leader = free_text(state, co_leader, _("Co-leader"))
    changes: dict[str, object] = {
        key: value
        for key, value in {
            "handle": new_handle,
            "name": name,
            "kind": kind and parse_enum(GroupKind, kind, _("group kind")),
            "setting": setting and parse_enum(Setting, setting, _("setting")),
            "institution": institution,
            "start": start and parse_day(state, start),
            "session_minutes": length,
            "block_size": block_size,
            "co_leader": co_leader,
        }.items()
        if value is not None
    }
    if planned_end is not None:
        changes["planned_end"] = parse_optional_day(state, planned_end)
    if retention is not None:
        changes["retention"] = parse_optional_day(state, retention)
    if not changes and stale_after is None:
        raise UsageError(_("nothing to change: give an option such as --name (see 'balintlog group edit --help')"))
    with open_journal(state) as journal:
        group = journal.groups.edit(handle, **changes) if changes else journal.groups.get(handle)
        if stale_after is not None:
            # Kept beside the group, not in it: a report setting, not one of the group's facts.
            journal.reports.set_stale_after(group, stale_after or None)
    done = [*changes, *(["stale_after"] if stale_after is not None else [])]
    state.out.print(
        _("Changed group {handle}: {fields}.").format(handle=group.handle, fields=", ".join(done)), markup=False
    )


@app.command(help=_("Close a group: it stays in the journal and the reports, but is no longer active."))
def close(
    ctx: typer.Context,
    handle: HandleArg,
    date: Annotated[str | None, typer.Option("--date", help=_("Its last day (default: today)."))] = None,
) -> None:
    state = state_of(ctx)
    day = parse_day(state, date) if date else state.today
    with open_journal(state) as journal:
        group = journal.groups.close(handle, day)
    assert group.closed is not None
    state.out.print(
        _("Closed group {handle} as of {date}; its sessions and cases stay in the journal.").format(
            handle=group.handle, date=format_date(group.closed)
        ),
        markup=False,
    )


def _counts(journal: Journal, group: Group, today: dt.date) -> dict[str, int]:
    return {
        "active_members": len(journal.groups.members(group, active_on=today)),
        "sessions_held": journal.sessions.counts(group)[SessionStatus.ENDED],
    }


def _period(group: Group) -> str:
    start = format_date(group.start)
    if group.closed is not None:
        return _("from {start}, closed on {end}").format(start=start, end=format_date(group.closed))
    if group.planned_end is not None:
        return _("from {start}, planned until {end}").format(start=start, end=format_date(group.planned_end))
    return _("from {start}").format(start=start)


def _held(counts: dict[SessionStatus, int], block_days: int) -> str:
    held = counts[SessionStatus.ENDED]
    text = ngettext("{count} session", "{count} sessions", held).format(count=held)
    if block_days:
        text += " " + ngettext("({count} block day)", "({count} block days)", block_days).format(count=block_days)
    others = (SessionStatus.OPEN, SessionStatus.PLANNED, SessionStatus.CANCELLED)
    extra = [f"{counts[s]} {shown(s)}" for s in others if counts[s]]
    return f"{text}; {', '.join(extra)}" if extra else text
