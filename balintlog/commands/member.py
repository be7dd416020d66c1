"""``balintlog member``: the members of a group, under pseudonym codes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from balintlog.dates import format_date
from balintlog.errors import UsageError
from balintlog.i18n import _, ngettext
from balintlog.kinds import Profession
from balintlog.labels import parse_enum
from balintlog.terminal.boundary import open_journal
from balintlog.terminal.options import PRIVATE_TEXT, free_text, parse_day, parse_optional_day
from balintlog.terminal.output import JsonFlag, emit_json, print_table, shown
from balintlog.terminal.state import state_of

if TYPE_CHECKING:
    from balintlog.domain import Group, Member

app = typer.Typer(
    name="member",
    help=_("Add, list, edit members of a group and record who left."),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

GroupCodeArgs = Annotated[
    list[str],
    typer.Argument(
        metavar="[GROUP] CODE",
        help=_("The group's handle (may be left out when one group is active) and the member's code."),
        show_default=False,
    ),
]
ProfessionOption = Annotated[
    str | None,
    typer.Option("--profession", help=_("One of {values}.").format(values=", ".join(Profession)), show_default=False),
]
FieldOption = Annotated[
    str | None,
    typer.Option("--field", help=_("Field of work, e.g. 'general practice'; {private}.").format(private=PRIVATE_TEXT)),
]
JoinedOption = Annotated[str | None, typer.Option("--joined", help=_("The day they joined (default: from the start)."))]


def member_json(group: Group, member: Member, today: dt.date) -> dict[str, Any]:
    """The stable JSON keys of a member (the real identity never appears)."""
    return {
        "group": group.handle,
        "code": member.code,
        "profession": member.profession.value,
        "field": member.field,
        "joined": member.joined,
        "left": member.left,
        "active": member.active_on(today),
    }


def member_rows(members: Sequence[Member]) -> list[list[str]]:
    """Table rows: code, profession, field, joined, left."""
    return [
        [
            m.code,
            shown(m.profession),
            m.field,
            _("from the start") if m.joined is None else format_date(m.joined),
            "" if m.left is None else format_date(m.left),
        ]
        for m in members
    ]


def member_headers() -> list[str]:
    """The headings of :func:`member_rows`."""
    return [_("Code"), _("Profession"), _("Field"), _("Joined"), _("Left")]


def group_and_code(args: Sequence[str]) -> tuple[str | None, str]:
    """``[GROUP] CODE``: one word is the code of the only active group's member."""
    if len(args) == 1:
        return None, args[0]
    if len(args) == 2:
        return args[0], args[1]
    raise UsageError(
        ngettext(
            "expected [GROUP] CODE (e.g. 'nord M3', or 'M3' with one active group), got {count} word",
            "expected [GROUP] CODE (e.g. 'nord M3', or 'M3' with one active group), got {count} words",
            len(args),
        ).format(count=len(args))
    )


@app.command(help=_("Add a member to a group under a pseudonym code such as M3."))
def add(
    ctx: typer.Context,
    args: GroupCodeArgs,
    profession: ProfessionOption = None,
    field: FieldOption = None,
    joined: JoinedOption = None,
) -> None:
    state = state_of(ctx)
    handle, code = group_and_code(args)
    kind = parse_enum(Profession, profession or Profession.OTHER, _("profession"))
    joined_day = parse_day(state, joined) if joined else None
    with open_journal(state) as journal:
        field = free_text(state, field, _("Field of work"))
        member = journal.groups.add_member(handle, code, kind, field=field or "", joined=joined_day)
        group = journal.groups.by_id(member.group_id)
    about = ", ".join(filter(None, (shown(member.profession), member.field)))
    joined_on = format_date(member.joined or group.start)
    state.out.print(
        _("Added {code} ({about}) to {handle}, joined {date}.").format(
            code=member.code, about=about, handle=group.handle, date=joined_on
        ),
        markup=False,
    )


@app.command("list", help=_("List the members of a group."))
def list_members(
    ctx: typer.Context,
    handle: Annotated[
        str | None, typer.Argument(help=_("The group's handle (default: the only active group)."), show_default=False)
    ] = None,
    active: Annotated[bool, typer.Option("--active", help=_("Only members who have not left."))] = False,
    as_json: JsonFlag = False,
) -> None:
    state = state_of(ctx)
    with open_journal(state) as journal:
        group = journal.groups.get(handle)
        members = journal.groups.members(group, active_on=state.today if active else None)
    if as_json:
        emit_json(
            state,
            {
                "schema": "balintlog.members/1",
                "group": group.handle,
                "members": [member_json(group, m, state.today) for m in members],
            },
        )
        return
    if not members:
        state.info(
            _("{handle} has no members yet; add one with 'balintlog member add {handle} CODE'.").format(
                handle=group.handle
            )
        )
        return
    print_table(state, member_headers(), member_rows(members), title=group.handle)


@app.command(help=_("Change a member's fields (only those given)."))
def edit(
    ctx: typer.Context,
    args: GroupCodeArgs,
    new_code: Annotated[str | None, typer.Option("--code", help=_("A new code."))] = None,
    profession: ProfessionOption = None,
    field: FieldOption = None,
    joined: Annotated[
        str | None, typer.Option("--joined", help=_("The day they joined ('none': from the start)."))
    ] = None,
    left: Annotated[str | None, typer.Option("--left", help=_("Their last day ('none': has not left)."))] = None,
) -> None:
    state = state_of(ctx)
    handle, code = group_and_code(args)
    changes: dict[str, object] = {}
    if new_code is not None:
        changes["code"] = new_code
    if profession is not None:
        changes["profession"] = parse_enum(Profession, profession, _("profession"))
    field = free_text(state, field, _("Field of work"))
    if field is not None:
        changes["field"] = field
    if joined is not None:
        changes["joined"] = parse_optional_day(state, joined)
    if left is not None:
        changes["left"] = parse_optional_day(state, left)
    if not changes:
        raise UsageError(
            _("nothing to change: give an option such as --profession (see 'balintlog member edit --help')")
        )
    with open_journal(state) as journal:
        member = journal.groups.edit_member(handle, code, **changes)
        group = journal.groups.by_id(member.group_id)
    state.out.print(
        _("Changed {code} of {handle}: {fields}.").format(
            code=member.code, handle=group.handle, fields=", ".join(changes)
        ),
        markup=False,
    )


@app.command(help=_("Record that a member left the group."))
def leave(
    ctx: typer.Context,
    args: GroupCodeArgs,
    date: Annotated[str | None, typer.Option("--date", help=_("Their last day (default: today)."))] = None,
) -> None:
    state = state_of(ctx)
    handle, code = group_and_code(args)
    day = parse_day(state, date) if date else state.today
    with open_journal(state) as journal:
        member = journal.groups.member_leaves(handle, code, day)
        group = journal.groups.by_id(member.group_id)
    assert member.left is not None
    state.out.print(
        _("{code} left {handle} on {date}; their sessions and cases stay in the journal.").format(
            code=member.code, handle=group.handle, date=format_date(member.left)
        ),
        markup=False,
    )
