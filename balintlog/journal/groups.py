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
                kind=parse_enum(GroupKind, kind, "group kind"),
                start=start,
                setting=parse_enum(Setting, setting, "setting"),
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
            raise UsageError(f"cannot change {', '.join(unknown)} of a group")
        with self._writing("group edit"):
            group = self.get(handle)
            values: dict[str, Any] = dict(changes)
            if "handle" in values:
                values["handle"] = check_label(str(values["handle"]), "group handle")
                self._check_handle_free(values["handle"], but=group)
            if "kind" in values:
                values["kind"] = parse_enum(GroupKind, str(values["kind"]), "group kind")
            if "setting" in values:
                values["setting"] = parse_enum(Setting, str(values["setting"]), "setting")
            for text in ("name", "institution", "co_leader"):
                if text in values:
                    values[text] = str(values[text]).strip()
            if values.get("name") == "":
                raise UsageError("a group's name cannot be empty; give a name or leave it as it is")
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
                raise ConflictError(f"group {group.handle} was closed on {format_date(group.closed)} already")
            if day < group.start:
                raise UsageError(
                    f"{group.handle} started on {format_date(group.start)}; it cannot close before that"
                )
            still_open = db_groups.sessions(self.store, group.id, statuses=[SessionStatus.OPEN])
            if still_open:
                raise ConflictError(
                    f"{self._sessions.ref(still_open[0])} is still open", hint="session_end_first", group=group.handle
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
                raise UsageError(f"several groups are active ({listed})", hint="name_group")
            if groups:
                raise NotFoundError("no active group (all are closed)", hint="no_active_group")
            raise NotFoundError("no group yet", hint="no_group")
        key = label_key(handle)
        for group in groups:
            if label_key(group.handle) == key:
                return group
        if not groups:
            raise NotFoundError(f"no group {handle!r} (no group yet)", hint="no_group")
        handles = [g.handle for g in groups]
        raise NotFoundError(
            f"no group {handle!r}{did_you_mean(handle, handles)} (groups: {', '.join(handles)})"
        )

    def by_id(self, group_id: str) -> Group:
        """The group with row id ``group_id``."""
        for group in self.cached():
            if group.id == group_id:
                return group
        raise NotFoundError(f"group {group_id[:8]} no longer exists")

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
        ConflictError). ``joined`` None means from the group's start;
        ``identity`` (a real name, for certificates) never appears in reports."""
        code = check_label(code, "member code")
        member = Member(
            id=new_id(),
            group_id="",
            code=code,
            profession=parse_enum(Profession, profession, "profession"),
            field=field.strip(),
            joined=joined,
            identity=identity.strip(),
        )
        with self._journal.writing("member add"):
            target = self.resolve(group)
            member = replace(member, group_id=target.id)
            self._check_code_free(target, code)
            db_groups.add_record(self.store, member)
        return member

    def edit_member(self, group: Group | str | None, code: str, /, **changes: object) -> Member:
        """Change fields of a member: any of ``code`` (renames), ``profession``,
        ``field``, ``joined``, ``left`` (None: has not left), ``identity``."""
        unknown = sorted(set(changes) - _MEMBER_EDITABLE)
        if unknown:
            raise UsageError(f"cannot change {', '.join(unknown)} of a member")
        with self._journal.writing("member edit"):
            target = self.resolve(group)
            member = self.member(target, code)
            values: dict[str, Any] = dict(changes)
            if "code" in values:
                values["code"] = check_label(str(values["code"]), "member code")
                self._check_code_free(target, values["code"], but=member)
            if "profession" in values:
                values["profession"] = parse_enum(Profession, str(values["profession"]), "profession")
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
                    f"{member.code} left {target.handle} on {format_date(member.left)} already",
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
            raise NotFoundError(f"{target.handle} has no members yet", hint="no_member", group=target.handle)
        codes = [m.code for m in members]
        raise NotFoundError(
            f"{target.handle} has no member {code!r}{did_you_mean(code, codes)} (members: {', '.join(codes)})"
        )

    def member_by_id(self, member_id: str) -> Member:
        """The member with row id ``member_id``."""
        with self.store.transaction(write=False):
            found = db_groups.members(self.store, ids=[member_id])
        if not found:
            raise NotFoundError(f"member {member_id[:8]} no longer exists")
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
                    f"a group {other.handle} exists already (handles ignore case); choose another handle"
                )

    def _check_code_free(self, group: Group, code: str, *, but: Member | None = None) -> None:
        for other in db_groups.members(self.store, group.id):
            if label_key(other.code) == label_key(code) and (but is None or other.id != but.id):
                raise ConflictError(
                    f"{group.handle} has a member {other.code} already (codes ignore case); choose another code"
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
        raise UsageError(f"a session lasts 1 to {MAX_SESSION_MINUTES} minutes, not {group.session_minutes}")
    if not 1 <= group.block_size <= MAX_BLOCK_SIZE:
        raise UsageError(f"a block day has 1 to {MAX_BLOCK_SIZE} sessions, not {group.block_size}")
    if group.planned_end is not None and group.planned_end < group.start:
        raise UsageError(
            f"the planned end {format_date(group.planned_end)} is before the start {format_date(group.start)}"
        )
    return group

def _checked_member(member: Member) -> Member:
    if member.joined is not None and member.left is not None and member.left < member.joined:
        raise UsageError(
            f"{member.code} cannot leave ({format_date(member.left)}) before joining "
            f"({format_date(member.joined)})"
        )
    return member

def membership(member: Member) -> str:
    joined = "from the start" if member.joined is None else f"joined {format_date(member.joined)}"
    return joined if member.left is None else f"{joined}, left {format_date(member.left)}"
