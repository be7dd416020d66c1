"""``balintlog member``: the members of a group, under pseudonym codes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from balintlog.dates import format_date
from balintlog.errors import UsageError
from balintlog.kinds import Profession
from balintlog.labels import parse_enum
from balintlog.terminal.boundary import open_journal
from balintlog.terminal.capture import FromOption
from balintlog.terminal.options import PRIVATE_TEXT, free_text, parse_day, parse_optional_day
from balintlog.terminal.output import JsonFlag, emit_json, print_table
from balintlog.terminal.state import state_of

if TYPE_CHECKING:
    from balintlog.domain import Group, Member

app = typer.Typer(
    name="member",
    help="Add, list, edit members of a group and record who left.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

GroupCodeArgs = Annotated[
    list[str],
    typer.Argument(
        metavar="[GROUP] CODE",
        help="The group's handle (may be left out when one group is active) and the member's code.",
        show_default=False,
    ),
]
ProfessionOption = Annotated[
    str | None, typer.Option("--profession", help=f"One of {', '.join(Profession)}.", show_default=False)
]
FieldOption = Annotated[
    str | None, typer.Option("--field", help=f"Field of work, e.g. 'general practice'; {PRIVATE_TEXT}.")
]
JoinedOption = Annotated[str | None, typer.Option("--joined", help="The day they joined (default: from the start).")]


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
            m.profession.value,
            m.field,
            "from the start" if m.joined is None else format_date(m.joined),
            "" if m.left is None else format_date(m.left),
        ]
        for m in members
    ]


def group_and_code(args: Sequence[str]) -> tuple[str | None, str]:
    """``[GROUP] CODE``: one word is the code of the only active group's member."""
    if len(args) == 1:
        return None, args[0]
    if len(args) == 2:
        return args[0], args[1]
    raise UsageError(f"expected [GROUP] CODE (e.g. 'nord M3', or 'M3' with one active group), got {len(args)} words")


@app.command()
def add(
    ctx: typer.Context,
    args: GroupCodeArgs,
    profession: ProfessionOption = None,
    field: FieldOption = None,
    joined: JoinedOption = None,
) -> None:
    """Add a member to a group under a pseudonym code such as M3."""
    state = state_of(ctx)
    handle, code = group_and_code(args)
    kind = parse_enum(Profession, profession or Profession.OTHER, "profession")
    joined_day = parse_day(state, joined) if joined else None
    with open_journal(state) as journal:
        field = free_text(state, field, "Field of work")
        member = journal.groups.add_member(handle, code, kind, field=field or "", joined=joined_day)
        group = journal.groups.by_id(member.group_id)
    about = ", ".join(filter(None, (member.profession.value, member.field)))
    joined_on = format_date(member.joined or group.start)
    state.out.print(f"Added {member.code} ({about}) to {group.handle}, joined {joined_on}.", markup=False)


@app.command("list")
def list_members(
    ctx: typer.Context,
    handle: Annotated[
        str | None, typer.Argument(help="The group's handle (default: the only active group).", show_default=False)
    ] = None,
    active: Annotated[bool, typer.Option("--active", help="Only members who have not left.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """List the members of a group."""
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
        state.info(f"{group.handle} has no members yet; add one with 'balintlog member add {group.handle} CODE'.")
        return
    print_table(state, ["Code", "Profession", "Field", "Joined", "Left"], member_rows(members), title=group.handle)


@app.command()
def edit(
    ctx: typer.Context,
    args: GroupCodeArgs,
    new_code: Annotated[str | None, typer.Option("--code", help="A new code.")] = None,
    profession: ProfessionOption = None,
    field: FieldOption = None,
    joined: Annotated[
        str | None, typer.Option("--joined", help="The day they joined ('none': from the start).")
    ] = None,
    left: Annotated[str | None, typer.Option("--left", help="Their last day ('none': has not left).")] = None,
) -> None:
    """Change a member's fields (only those given)."""
    state = state_of(ctx)
    handle, code = group_and_code(args)
    changes: dict[str, object] = {}
    if new_code is not None:
        changes["code"] = new_code
    if profession is not None:
        changes["profession"] = parse_enum(Profession, profession, "profession")
    field = free_text(state, field, "Field of work")
    if field is not None:
        changes["field"] = field
    if joined is not None:
        changes["joined"] = parse_optional_day(state, joined)
    if left is not None:
        changes["left"] = parse_optional_day(state, left)
    if not changes:
        raise UsageError(
            "nothing to change: give an option such as --profession (see 'balintlog member edit --help')"
        )
    with open_journal(state) as journal:
        member = journal.groups.edit_member(handle, code, **changes)
        group = journal.groups.by_id(member.group_id)
    state.out.print(f"Changed {member.code} of {group.handle}: {', '.join(changes)}.", markup=False)


@app.command()
def leave(
    ctx: typer.Context,
    args: GroupCodeArgs,
    date: Annotated[str | None, typer.Option("--date", help="Their last day (default: today).")] = None,
) -> None:
    """Record that a member left the group."""
    state = state_of(ctx)
    handle, code = group_and_code(args)
    day = parse_day(state, date) if date else state.today
    with open_journal(state) as journal:
        member = journal.groups.member_leaves(handle, code, day)
        group = journal.groups.by_id(member.group_id)
    assert member.left is not None
    state.out.print(
        f"{member.code} left {group.handle} on {format_date(member.left)}; their sessions and cases stay "
        "in the journal.",
        markup=False,
    )


@app.command()
def identity(
    ctx: typer.Context,
    args: GroupCodeArgs,
    source: FromOption = None,
    clear: Annotated[
        bool, typer.Option("--clear", help="Remove the identity, its key destroyed (nothing of it is kept).")
    ] = False,
) -> None:
    """Record a member's real name, title, EFN and address for certificates and the CME list.

    Sealed apart under a key of its own, read only by certificate, protocol
    and cme export; given through the editor or --from, never as arguments."""
    from balintlog.i18n import _

    state = state_of(ctx)
    handle, code = group_and_code(args)
    if clear and source is not None:
        raise UsageError(_("--clear and --from cannot be combined"))
    with open_journal(state) as journal:
        if clear:
            if journal.documents.clear_identity(handle, code):
                removed = _("Removed the identity of {code}; its key was destroyed.").format(code=code)
                state.out.print(removed, markup=False)
            else:
                state.info(_("{code} has no identity recorded; nothing was changed.").format(code=code))
            return
        from balintlog.domain import Identity
        from balintlog.template import IDENTITY_KEYS, parse_record, render_record
        from balintlog.terminal.capture import record_text

        initial = ""
        if source is None:
            found = journal.documents.identity(handle, code)
            values = {} if found is None else vars(found)
            initial = render_record(
                IDENTITY_KEYS,
                values,
                [_("The real identity of {code}: only certificates, protocols and the CME list show it.").format(
                    code=code
                )],
            )
        text = record_text(state, source, initial)
        member = journal.documents.set_identity(handle, code, Identity(**parse_record(text, IDENTITY_KEYS)))
    state.out.print(_("Recorded the identity of {code}.").format(code=member.code), markup=False)
