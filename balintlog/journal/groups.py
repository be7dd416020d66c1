"""Groups and their members: :attr:`Journal.groups <balintlog.journal.Journal.groups>`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from balintlog.dates import format_date
from balintlog.db import groups as db_groups
from balintlog.domain import (
    Group,
    GroupKind,
    Member,
    Profession,
    SessionStatus,
    Setting,
    code_order,
    parse_enum,
)
from balintlog.errors import ConflictError, NotFoundError, UsageError
from balintlog.i18n import _
from balintlog.journal.service import Service
from balintlog.kinds import did_you_mean
from balintlog.names import check_label, label_key
from balintlog.store import new_id

if TYPE_CHECKING:
    from balintlog.journal.core import Journal


class Groups(Service):
    """The groups of the vault and their members."""

    def __init__(self, journal: Journal) -> None:
        super().__init__(journal)
        self._group_cache: list[Group] | None = None

    def add(
        self,
        handle: str,
        name: str,
        kind: GroupKind | str,
        start: dt.date,
        *,
        setting: Setting | str = Setting.OPEN,
        institution: str = "",
        planned_end: dt.date | None = None,
        session_minutes: int = 90,
        block_size: int = 4,
        co_leader: str = "",
        retention: dt.date | None = None,
    ) -> Group:
        """Add a group. ``handle`` is the short name used on the command line
        (letters, digits, ``-``, ``_``, ``.``), unique across the vault in any
        case (else ConflictError); an empty ``name`` becomes the handle.
        ``kind`` and ``setting`` may be given as text (UsageError with a
        "did you mean" when unknown)."""
        handle = check_label(handle, "group handle")
        group = _checked_group(
            Group(
                id=new_id(),
                handle=handle,
                name=name.strip() or handle,
                kind=parse_enum(GroupKind, kind, _("group kind")),
                start=start,
                setting=parse_enum(Setting, setting, _("setting")),
                institution=institution.strip(),
                planned_end=planned_end,
                session_minutes=session_minutes,
                block_size=block_size,
                co_leader=co_leader.strip(),
                retention=retention,
            )
        )
        with self._writing("group add"):
            self._check_handle_free(handle)
            db_groups.add_record(self.store, group)
        return group

    def edit(self, handle: str | None, /, **changes: object) -> Group:
        """Change fields of a group: any of ``handle`` (renames it), ``name``,
        ``kind``, ``setting``, ``institution``, ``start``, ``planned_end``,
        ``session_minutes``, ``block_size``, ``co_leader``, ``retention``.
        Sessions and block days already made keep their length and size."""
        unknown = sorted(set(changes) - _GROUP_EDITABLE)
        if unknown:
            raise UsageError(_("cannot change {fields} of a group").format(fields=", ".join(unknown)))
        with self._writing("group edit"):
            group = self.get(handle)
            values: dict[str, Any] = dict(changes)
            if "handle" in values:
                values["handle"] = check_label(str(values["handle"]), "group handle")
                self._check_handle_free(values["handle"], but=group)
            if "kind" in values:
                values["kind"] = parse_enum(GroupKind, str(values["kind"]), _("group kind"))
            if "setting" in values:
                values["setting"] = parse_enum(Setting, str(values["setting"]), _("setting"))
            for text in ("name", "institution", "co_leader"):
                if text in values:
                    values[text] = str(values[text]).strip()
            if values.get("name") == "":
                raise UsageError(_("a group's name cannot be empty; give a name or leave it as it is"))
            changed = _checked_group(replace(group, **values))
            db_groups.save_record(self.store, changed)
        return changed

    def close(self, handle: str | None, day: dt.date) -> Group:
        """Close a group as of ``day``: it stays in the journal and its reports
        but is no longer active (so no longer the default group). ConflictError
        when it is closed already or a session of it is open."""
        with self._writing("group close"):
            group = self.get(handle)
            if group.closed is not None:
                raise ConflictError(
                    _("group {group} was closed on {date} already").format(
                        group=group.handle, date=format_date(group.closed)
                    )
                )
            if day < group.start:
                raise UsageError(
                    _("{group} started on {date}; it cannot close before that").format(
                        group=group.handle, date=format_date(group.start)
                    )
                )
            still_open = db_groups.sessions(self.store, group.id, statuses=[SessionStatus.OPEN])
            if still_open:
                raise ConflictError(
                    _("{session} is still open").format(session=self._sessions.ref(still_open[0])),
                    hint="session_end_first",
                    group=group.handle,
                )
            closed = replace(group, closed=day)
            db_groups.save_record(self.store, closed)
        return closed

    def all(self, *, include_closed: bool = True) -> list[Group]:
        """The groups of the vault, in the order they started."""
        return [g for g in self.cached() if include_closed or g.active]

    def get(self, handle: str | None = None) -> Group:
        """The group named ``handle`` (in any case). Without a handle, the only
        active group; UsageError when several are active (pass --group),
        NotFoundError when there is none. An unknown handle is a NotFoundError
        with a "did you mean"."""
        groups = self.cached()
        if handle is None:
            active = [g for g in groups if g.active]
            if len(active) == 1:
                return active[0]
            if active:
                listed = ", ".join(g.handle for g in active)
                raise UsageError(_("several groups are active ({handles})").format(handles=listed), hint="name_group")
            if groups:
                raise NotFoundError(_("no active group (all are closed)"), hint="no_active_group")
            raise NotFoundError(_("no group yet"), hint="no_group")
        key = label_key(handle)
        for group in groups:
            if label_key(group.handle) == key:
                return group
        if not groups:
            raise NotFoundError(_("no group {handle!r} (no group yet)").format(handle=handle), hint="no_group")
        handles = [g.handle for g in groups]
        raise NotFoundError(
            _("no group {handle!r}{did_you_mean} (groups: {handles})").format(
                handle=handle, did_you_mean=did_you_mean(handle, handles), handles=", ".join(handles)
            )
        )

    def by_id(self, group_id: str) -> Group:
        """The group with row id ``group_id``."""
        for group in self.cached():
            if group.id == group_id:
                return group
        raise NotFoundError(_("group {id} no longer exists").format(id=group_id[:8]))

    def add_member(
        self,
        group: Group | str | None,
        code: str,
        profession: Profession | str,
        *,
        field: str = "",
        joined: dt.date | None = None,
        identity: str = "",
    ) -> Member:
        """Add a member to a group (None: the only active group) under a
        pseudonym ``code`` unique within the group in any case (else
        ConflictError). Without ``joined``, the member joins today when the
        group has held sessions already (a member added late is not absent
        from the sessions before), else from the group's start (``joined``
        stays None). ``identity`` (a real name, for
        certificates) never appears in reports."""
        code = check_label(code, "member code")
        member = Member(
            id=new_id(),
            group_id="",
            code=code,
            profession=parse_enum(Profession, profession, _("profession")),
            field=field.strip(),
            joined=joined,
            identity=identity.strip(),
        )
        with self._journal.writing("member add"):
            target = self.resolve(group)
            if joined is None:
                held = db_groups.session_counts(self.store, target.id)
                joined = self._journal.today if held.get("ended") or held.get("open") else None
            member = replace(member, group_id=target.id, joined=joined)
            self._check_code_free(target, code)
            db_groups.add_record(self.store, member)
        return member

    def edit_member(self, group: Group | str | None, code: str, /, **changes: object) -> Member:
        """Change fields of a member: any of ``code`` (renames), ``profession``,
        ``field``, ``joined``, ``left`` (None: has not left), ``identity``."""
        unknown = sorted(set(changes) - _MEMBER_EDITABLE)
        if unknown:
            raise UsageError(_("cannot change {fields} of a member").format(fields=", ".join(unknown)))
        with self._journal.writing("member edit"):
            target = self.resolve(group)
            member = self.member(target, code)
            values: dict[str, Any] = dict(changes)
            if "code" in values:
                values["code"] = check_label(str(values["code"]), "member code")
                self._check_code_free(target, values["code"], but=member)
            if "profession" in values:
                values["profession"] = parse_enum(Profession, str(values["profession"]), _("profession"))
            for text in ("field", "identity"):
                if text in values:
                    values[text] = str(values[text]).strip()
            changed = _checked_member(replace(member, **values))
            db_groups.save_record(self.store, changed)
        return changed

    def member_leaves(self, group: Group | str | None, code: str, day: dt.date) -> Member:
        """Record that a member left the group on ``day`` (their last day).
        ConflictError when they have left already."""
        with self._journal.writing("member leave"):
            target = self.resolve(group)
            member = self.member(target, code)
            if member.left is not None:
                raise ConflictError(
                    _("{code} left {group} on {date} already").format(
                        code=member.code, group=target.handle, date=format_date(member.left)
                    ),
                    hint="member_left",
                    group=target.handle,
                    code=member.code,
                )
            changed = _checked_member(replace(member, left=day))
            db_groups.save_record(self.store, changed)
        return changed

    def members(self, group: Group | str | None, *, active_on: dt.date | None = None) -> list[Member]:
        """The members of a group (None: the only active group) in code order
        (M2 before M10); with ``active_on``, only those who belonged to it
        on that day."""
        with self.store.transaction(write=False):
            target = self.resolve(group)
            found = db_groups.members(self.store, target.id)
        if active_on is not None:
            found = [m for m in found if m.active_on(active_on)]
        return sorted(found, key=code_order)

    def member(self, group: Group | str | None, code: str) -> Member:
        """The member of a group with pseudonym ``code`` (in any case);
        NotFoundError listing the group's codes otherwise."""
        members = self.members(group)
        key = label_key(code)
        for member in members:
            if label_key(member.code) == key:
                return member
        target = self.resolve(group)
        if not members:
            raise NotFoundError(
                _("{group} has no members yet").format(group=target.handle), hint="no_member", group=target.handle
            )
        codes = [m.code for m in members]
        raise NotFoundError(
            _("{group} has no member {code!r}{did_you_mean} (members: {codes})").format(
                group=target.handle, code=code, did_you_mean=did_you_mean(code, codes), codes=", ".join(codes)
            )
        )

    def member_by_id(self, member_id: str) -> Member:
        """The member with row id ``member_id``."""
        with self.store.transaction(write=False):
            found = db_groups.members(self.store, ids=[member_id])
        if not found:
            raise NotFoundError(_("member {id} no longer exists").format(id=member_id[:8]))
        return found[0]

    def cached(self) -> list[Group]:
        if self._group_cache is None:
            with self.store.transaction(write=False):
                groups = db_groups.groups(self.store)
            self._group_cache = sorted(groups, key=lambda g: (g.start, g.handle.casefold()))
        return list(self._group_cache)

    @contextmanager
    def _writing(self, command: str) -> Iterator[None]:
        """A write transaction that changes groups: the cached list is
        dropped before and after (also when the transaction fails)."""
        self._group_cache = None
        try:
            with self._journal.writing(command):
                yield
        finally:
            self._group_cache = None

    def resolve(self, group: Group | str | None) -> Group:
        return group if isinstance(group, Group) else self.get(group)

    def _check_handle_free(self, handle: str, *, but: Group | None = None) -> None:
        for other in self.cached():
            if label_key(other.handle) == label_key(handle) and (but is None or other.id != but.id):
                raise ConflictError(
                    _("a group {group} exists already (handles ignore case); choose another handle").format(
                        group=other.handle
                    )
                )

    def _check_code_free(self, group: Group, code: str, *, but: Member | None = None) -> None:
        for other in db_groups.members(self.store, group.id):
            if label_key(other.code) == label_key(code) and (but is None or other.id != but.id):
                raise ConflictError(
                    _("{group} has a member {code} already (codes ignore case); choose another code").format(
                        group=group.handle, code=other.code
                    )
                )



_GROUP_EDITABLE = frozenset(
    {"handle", "name", "kind", "setting", "institution", "start", "planned_end", "session_minutes",
     "block_size", "co_leader", "retention"}
)

_MEMBER_EDITABLE = frozenset({"code", "profession", "field", "joined", "left", "identity"})

MAX_SESSION_MINUTES = 600

MAX_BLOCK_SIZE = 12

def _checked_group(group: Group) -> Group:
    if not 1 <= group.session_minutes <= MAX_SESSION_MINUTES:
        raise UsageError(
            _("a session lasts 1 to {most} minutes, not {value}").format(
                most=MAX_SESSION_MINUTES, value=group.session_minutes
            )
        )
    if not 1 <= group.block_size <= MAX_BLOCK_SIZE:
        raise UsageError(
            _("a block day has 1 to {most} sessions, not {value}").format(most=MAX_BLOCK_SIZE, value=group.block_size)
        )
    if group.planned_end is not None and group.planned_end < group.start:
        raise UsageError(
            _("the planned end {end} is before the start {start}").format(
                end=format_date(group.planned_end), start=format_date(group.start)
            )
        )
    return group

def _checked_member(member: Member) -> Member:
    if member.joined is not None and member.left is not None and member.left < member.joined:
        raise UsageError(
            _("{code} cannot leave ({left}) before joining ({joined})").format(
                code=member.code, left=format_date(member.left), joined=format_date(member.joined)
            )
        )
    return member

def membership(member: Member) -> str:
    if member.left is None:
        if member.joined is None:
            return _("from the start")
        return _("joined {joined}").format(joined=format_date(member.joined))
    if member.joined is None:
        return _("from the start, left {left}").format(left=format_date(member.left))
    return _("joined {joined}, left {left}").format(joined=format_date(member.joined), left=format_date(member.left))
