"""``balintlog group``: add, list, show, edit and close Balint groups."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import typer

from balintlog.commands.member import member_json, member_rows
from balintlog.dates import format_date
from balintlog.errors import UsageError
from balintlog.i18n import _
from balintlog.kinds import BLOCK_SIZE, SESSION_MINUTES, GroupKind, SessionStatus, Setting
from balintlog.labels import parse_enum
from balintlog.terminal.boundary import open_journal
from balintlog.terminal.options import PRIVATE_TEXT, free_text, parse_day, parse_optional_day
from balintlog.terminal.output import JsonFlag, emit_json, print_table
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
    group_kind = parse_enum(GroupKind, kind or GroupKind.CONTINUOUS, "group kind")
    group_setting = parse_enum(Setting, setting or Setting.OPEN, "setting")
    first_day = parse_day(state, start) if start else state.today
    end_day = parse_optional_day(state, planned_end)
    keep_until = parse_optional_day(state, retention)
    with open_journal(state) as journal:
        name = free_text(state, name, "Name")
        institution = free_text(state, institution, "Institution")
        co_leader = free_text(state, co_leader, "Co-leader")
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
    blocks = f", block days of {group.block_size}" if group.kind is not GroupKind.CONTINUOUS else ""
    state.out.print(
        f"Added group {group.handle} ({group.name}): {group.kind.value.replace('_', ' ')}, from "
        f"{format_date(group.start)}; sessions of {group.session_minutes} min{blocks}. "
        f"Add members with 'balintlog member add {group.handle} CODE --profession P'.",
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
        state.info("No groups yet; add one with 'balintlog group add HANDLE'.")
        return
    print_table(
        state,
        ["Handle", "Name", "Kind", "From", "Status", "Members", "Held"],
        [
            [
                g.handle,
                g.name,
                g.kind.value,
                format_date(g.start),
                "active" if g.closed is None else f"closed {format_date(g.closed)}",
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
        ("Kind", f"{group.kind.value}, {group.setting.value.replace('_', '-')} setting"),
        ("Institution", group.institution),
        ("Runs", _period(group)),
        (
            "Sessions",
            f"{group.session_minutes} min each"
            + (f"; block days of {group.block_size}" if group.kind is not GroupKind.CONTINUOUS else ""),
        ),
        ("Co-leader", group.co_leader),
        ("Keep until", format_date(group.retention) if group.retention else ""),
        ("Held", _held(sessions, block_days)),
    ]
    state.out.print(f"{group.handle}: {group.name}", markup=False)
    for label, value in lines:
        if value:
            state.out.print(f"  {label + ':':<13}{value}", markup=False)
    state.out.print("")
    if not members:
        state.out.print(
            f"No members yet; add them with 'balintlog member add {group.handle} CODE --profession P'.",
            markup=False,
        )
        return
    active = sum(1 for m in members if m.active_on(state.today))
    print_table(
        state,
        ["Code", "Profession", "Field", "Joined", "Left"],
        member_rows(members),
        title=f"Members ({len(members)}, {active} active)",
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
    name = free_text(state, name, "Name")
    institution = free_text(state, institution, "Institution")
    co_leader = free_text(state, co_leader, "Co-leader")
    changes: dict[str, object] = {
        key: value
        for key, value in {
            "handle": new_handle,
            "name": name,
            "kind": kind and parse_enum(GroupKind, kind, "group kind"),
            "setting": setting and parse_enum(Setting, setting, "setting"),
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
        raise UsageError("nothing to change: give an option such as --name (see 'balintlog group edit --help')")
    with open_journal(state) as journal:
        group = journal.groups.edit(handle, **changes) if changes else journal.groups.get(handle)
        if stale_after is not None:
            # Kept beside the group, not in it: a report setting, not one of the group's facts.
            journal.reports.set_stale_after(group, stale_after or None)
    done = [*changes, *(["stale threshold"] if stale_after is not None else [])]
    state.out.print(f"Changed group {group.handle}: {', '.join(done)}.", markup=False)


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
        f"Closed group {group.handle} as of {format_date(group.closed)}; its sessions and cases stay in the journal.",
        markup=False,
    )


def _counts(journal: Journal, group: Group, today: dt.date) -> dict[str, int]:
    return {
        "active_members": len(journal.groups.members(group, active_on=today)),
        "sessions_held": journal.sessions.counts(group)[SessionStatus.ENDED],
    }


def _period(group: Group) -> str:
    text = f"from {format_date(group.start)}"
    if group.closed is not None:
        return f"{text}, closed on {format_date(group.closed)}"
    if group.planned_end is not None:
        return f"{text}, planned until {format_date(group.planned_end)}"
    return text


def _held(counts: dict[SessionStatus, int], block_days: int) -> str:
    held = counts[SessionStatus.ENDED]
    text = f"{held} session{'s' if held != 1 else ''}"
    if block_days:
        text += f" ({block_days} block day{'s' if block_days != 1 else ''})"
    others = (SessionStatus.OPEN, SessionStatus.PLANNED, SessionStatus.CANCELLED)
    extra = [f"{counts[s]} {s.value}" for s in others if counts[s]]
    return f"{text}; {', '.join(extra)}" if extra else text
