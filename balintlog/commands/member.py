"""``balintlog member``: the members of a group, under pseudonym codes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from balintlog.dates import format_date
from balintlog.errors import UsageError
from balintlog.i18n import _, ngettext
from balintlog.kinds import MINUTES_PER_DS, MINUTES_PER_UE, Profession
from balintlog.labels import parse_enum
from balintlog.terminal.boundary import open_journal
from balintlog.terminal.capture import FromOption
from balintlog.terminal.options import PRIVATE_TEXT, free_text, parse_day, parse_optional_day
from balintlog.terminal.output import JsonFlag, ds_legend, emit_json, print_table, shown
from balintlog.terminal.state import state_of

if TYPE_CHECKING:
    from balintlog.domain import Group, Member
    from balintlog.journal.training import PsgvProgress

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
    group_option: Annotated[
        str | None,
        typer.Option(
            "--group",
            "-g",
            metavar="GROUP",
            help=_("The same as the argument: the group's handle."),
            show_default=False,
        ),
    ] = None,
    active: Annotated[bool, typer.Option("--active", help=_("Only members who have not left."))] = False,
    as_json: JsonFlag = False,
) -> None:
    state = state_of(ctx)
    from balintlog.journal.training import psgv_short

    if handle is not None and group_option is not None and handle != group_option:
        raise UsageError(
            _("two different groups given ({first} and {second}); name one").format(first=handle, second=group_option)
        )
    handle = handle if handle is not None else group_option

    with open_journal(state) as journal:
        group = journal.groups.get(handle)
        members = journal.groups.members(group, active_on=state.today if active else None)
        psgv = journal.training.group_progress(group)
    if as_json:
        emit_json(
            state,
            {
                "schema": "balintlog.members/1",
                "group": group.handle,
                "members": [
                    {**member_json(group, m, state.today), "psgv": {"ds": round(p.ds, 2), "met": p.met}}
                    for m in members
                    for p in (psgv[m.id],)
                ],
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
    rows = [[*row, psgv_short(psgv[m.id])] for row, m in zip(member_rows(members), members, strict=True)]
    print_table(state, [*member_headers(), "PSGV"], rows, title=group.handle)
    state.out.print(ds_legend(), markup=False)


@app.command(help=_("How far a member is toward the Balint part of the PSGV (Psychosomatische Grundversorgung)."))
def progress(ctx: typer.Context, args: GroupCodeArgs, as_json: JsonFlag = False) -> None:
    from balintlog.journal.training import psgv_summary

    state = state_of(ctx)
    handle, code = group_and_code(args)
    with open_journal(state) as journal:
        member, found = journal.training.progress(handle, code)
        group = journal.groups.by_id(member.group_id)
    if as_json:
        emit_json(state, progress_json(group, member, found))
        return
    state.out.print(
        _("{code} ({group}): {summary}").format(code=member.code, group=group.handle, summary=psgv_summary(found)),
        markup=False,
    )
    for line in progress_lines(found):
        state.out.print(f"  {line}", markup=False)
    state.out.print(ds_legend(), markup=False)


def progress_lines(found: PsgvProgress) -> list[str]:
    """The attendance and each PSGV condition, one line each."""
    from balintlog.journal.training import ds_text

    yes, no = _("met"), _("not met")
    lines = [
        _("In person: {sessions}, {ds} DS; online: {online}, {online_ds} DS counted").format(
            sessions=ngettext("{count} session", "{count} sessions", found.in_person_sessions).format(
                count=found.in_person_sessions
            ),
            ds=ds_text(found.in_person_minutes / MINUTES_PER_DS),
            online=ngettext("{count} session", "{count} sessions", found.online_sessions).format(
                count=found.online_sessions
            ),
            online_ds=ds_text(found.online_minutes / MINUTES_PER_DS),
        )
    ]
    if found.online_not_counted:
        lines.append(
            ngettext(
                "{count} online session not counted: online sessions count only in a closed group, "
                "after the first session in person",
                "{count} online sessions not counted: online sessions count only in a closed group, "
                "after the first session in person",
                found.online_not_counted,
            ).format(count=found.online_not_counted)
        )
    if found.first is not None and found.last is not None:
        lines.append(
            _("First session {first}, last {last}").format(first=format_date(found.first), last=format_date(found.last))
        )
    rules = found.rules
    checks = [
        (
            _("at least {ds} DS ({ue} UE of 45 minutes)").format(ds=rules.ds, ue=rules.ds * 2),
            not found.ds_missing,
            _("{ds} more DS needed").format(ds=ds_text(found.ds_missing)),
        ),
        (
            _("spread over at least {months} months").format(months=rules.months),
            not found.months_missing,
            _spread_missing(found),
        ),
        (
            _("at least {ue} UE in person").format(ue=ds_text(rules.presence_minutes / MINUTES_PER_UE)),
            not found.presence_minutes_missing,
            _("{ue} more UE in person needed").format(ue=ds_text(found.presence_minutes_missing / MINUTES_PER_UE)),
        ),
        (
            _("online sessions: closed group, at most 1 DS each, first and last session in person"),
            found.online_rule_met,
            _("the last session must be held in person"),
        ),
    ]
    for condition, met, missing in checks:
        if met:
            lines.append(_("{condition}: {state}").format(condition=condition, state=yes))
        else:
            lines.append(_("{condition}: {state} ({missing})").format(condition=condition, state=no, missing=missing))
    return lines


def _spread_missing(found: PsgvProgress) -> str:
    if found.spread_until is None:
        return _("no session attended yet")
    months = ngettext("{count} more month needed", "{count} more months needed", found.months_missing).format(
        count=found.months_missing
    )
    return _("{months}: the last session on {day} or later").format(months=months, day=format_date(found.spread_until))


def progress_json(group: Group, member: Member, found: PsgvProgress) -> dict[str, Any]:
    """The stable JSON keys of a member's PSGV progress."""
    from balintlog.journal.training import psgv_summary

    return {
        "schema": "balintlog.psgv/1",
        "group": group.handle,
        "code": member.code,
        "summary": psgv_summary(found),
        "met": found.met,
        "ds": round(found.ds, 2),
        "minutes": found.minutes,
        "in_person": {"sessions": found.in_person_sessions, "minutes": found.in_person_minutes},
        "online": {
            "sessions": found.online_sessions,
            "counted_minutes": found.online_minutes,
            "not_counted": found.online_not_counted,
        },
        "first": found.first,
        "last": found.last,
        "conditions": {
            "ds": {"met": not found.ds_missing, "missing_ds": round(found.ds_missing, 2)},
            "spread": {
                "met": not found.months_missing,
                "missing_months": found.months_missing,
                "last_session_from": found.spread_until,
            },
            "presence": {
                "met": not found.presence_minutes_missing,
                "missing_minutes": found.presence_minutes_missing,
            },
            "online": {"met": found.online_rule_met},
        },
    }


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


@app.command(
    help=_(
        "Record a member's real name, title, EFN and address for certificates and the CME list.\n\nSealed apart under "
        "a key of its own, read only by certificate, protocol and cme export; given through the editor or --from, "
        "never as arguments."
    )
)
def identity(
    ctx: typer.Context,
    args: GroupCodeArgs,
    source: FromOption = None,
    clear: Annotated[
        bool, typer.Option("--clear", help=_("Remove the identity, its key destroyed (nothing of it is kept)."))
    ] = False,
) -> None:
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
                [
                    _("The real identity of {code}: only certificates, protocols and the CME list show it.").format(
                        code=code
                    )
                ],
            )
        text = record_text(state, source, initial)
        member = journal.documents.set_identity(handle, code, Identity(**parse_record(text, IDENTITY_KEYS)))
    state.out.print(_("Recorded the identity of {code}.").format(code=member.code), markup=False)
