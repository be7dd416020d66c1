"""Sessions, block days, attendance and session notes: :attr:`Journal.sessions <balintlog.journal.Journal.sessions>`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from balintlog.dates import format_date
from balintlog.db import groups as db_groups
from balintlog.domain import (
    Block,
    Group,
    GroupKind,
    GroupSession,
    Member,
    SessionMode,
    SessionNotes,
    SessionStatus,
    code_order,
    parse_enum,
)
from balintlog.errors import ConflictError, NotFoundError, UsageError
from balintlog.journal.groups import membership
from balintlog.journal.service import Service
from balintlog.store import new_id

if TYPE_CHECKING:
    pass


class Sessions(Service):
    """Sessions of the groups, their block days, attendance and notes."""

    def start(
        self,
        group: Group | str | None,
        day: dt.date,
        *,
        block: bool,
        present: Sequence[str],
        place: str = "",
        mode: SessionMode | str | None = None,
    ) -> list[GroupSession]:
        """Open a session of a group (None: the only active group) on ``day``
        with the members whose codes are in ``present`` ("M1,M2" items are
        split on commas). Returns the sessions made or opened, the open one
        first.

        With ``block``, creates the block day: a Block numbered within the
        group and ``block_size`` sessions of ``session_minutes`` numbered
        within the block, all ``planned`` and with the same attendance, and
        opens the first. Without it, opens the group's next planned session
        of that day if there is one (a block day continued; without
        ``present`` it takes over the attendance of the session ended before
        it), else a new one.
        ConflictError when a session of the group is open already, or (with
        ``block``) the group has a block day on ``day``."""
        with self._journal.writing("session start"):
            target = self._groups.resolve(group)
            self._check_session_day(target, day)
            still_open = db_groups.sessions(self.store, target.id, statuses=[SessionStatus.OPEN])
            if still_open:
                raise ConflictError(f"{self.ref(still_open[0])} is still open", hint="session_open")
            member_ids = self._member_ids(target, present, day)
            planned = db_groups.sessions(self.store, target.id, since=day, until=day, statuses=[SessionStatus.PLANNED])
            if planned and not block:
                session = replace(planned[0], status=SessionStatus.OPEN, start_time=self._clock_time())
                if mode is not None:
                    session = replace(session, mode=parse_enum(SessionMode, mode, "session mode"))
                db_groups.save_record(self.store, session)
                if present:
                    db_groups.set_attendance(self.store, session.id, member_ids)
                else:
                    self._carry_attendance(session)
                return [session]
            if mode is None:
                mode = SessionMode.ONLINE if target.kind is GroupKind.ONLINE else SessionMode.IN_PERSON
            mode = parse_enum(SessionMode, mode, "session mode")
            if block:
                return self._start_block(target, day, member_ids, place=place.strip(), mode=mode)
            session = GroupSession(
                id=new_id(),
                group_id=target.id,
                seq=db_groups.next_session_seq(self.store, target.id),
                date=day,
                status=SessionStatus.OPEN,
                minutes=target.session_minutes,
                start_time=self._clock_time(),
                mode=mode,
            )
            db_groups.add_record(self.store, session)
            db_groups.set_attendance(self.store, session.id, member_ids)
        return [session]

    def next(self, group: Group | str | None = None) -> tuple[GroupSession, GroupSession | None]:
        """End the open session (of ``group``, or the only one open in any
        group) and open the next planned session of its block day, which
        takes over its attendance. Returns (ended, opened); opened is None
        when none was left (the day is complete). NotFoundError when no
        session is open."""
        with self._journal.writing("session next"):
            current = self._open_session(group)
            ended = self._end(current)
            if current.block_id is None:
                return ended, None
            later = [
                s
                for s in db_groups.sessions(self.store, block_id=current.block_id, statuses=[SessionStatus.PLANNED])
                if (s.block_pos or 0) > (current.block_pos or 0)
            ]
            if not later:
                return ended, None
            opened = replace(later[0], status=SessionStatus.OPEN, start_time=self._clock_time())
            db_groups.save_record(self.store, opened)
            self._carry_attendance(opened)
        return ended, opened

    def end(self, group: Group | str | None = None) -> GroupSession:
        """End the open session (of ``group``, or the only one open in any
        group), recording the time; planned sessions of its block day stay
        planned. NotFoundError when no session is open."""
        with self._journal.writing("session end"):
            return self._end(self._open_session(group))

    def cancel(self, ref: str, *, group: Group | str | None = None) -> GroupSession:
        """Cancel a planned session (REF as for :meth:`get`); its
        attendance is cleared. ConflictError when it is not planned."""
        with self._journal.writing("session cancel"):
            session = self.get(ref, group=group)
            if session.status is not SessionStatus.PLANNED:
                what = self.ref(session)
                message = f"{what} is {session.status}; only planned sessions can be cancelled"
                if session.status is SessionStatus.OPEN:
                    raise ConflictError(message, hint="cancel_open_session")
                ended = session.status is SessionStatus.ENDED
                why = "an ended session stays in the journal" if ended else "nothing to do"
                raise ConflictError(f"{message} ({why})")
            cancelled = replace(session, status=SessionStatus.CANCELLED)
            db_groups.save_record(self.store, cancelled)
            db_groups.set_attendance(self.store, cancelled.id, [])
        return cancelled

    def get(self, ref: str | None = None, *, group: Group | str | None = None) -> GroupSession:
        """The session named by ``ref``:

        * ``current``: the open session (of ``group`` if given, else in any
          group; ConflictError when several are open, NotFoundError when none);
        * ``last``: the latest ended session;
        * ``GROUP:N``: the Nth session of the group; a bare ``N`` names one of
          ``group`` (or of the only active group);
        * None, the default REF: the open session; else the latest session
          that ended within the last 24 hours; else UsageError (exit 2)
          asking for ``--session GROUP:N``.
        """
        with self.store.transaction(write=False):
            target = None if group is None else self._groups.resolve(group)
            if ref is None:
                return self._default_session(target)
            key = ref.strip().casefold()
            if key == "current":
                return self._open_session(target)
            if key == "last":
                return self._last_ended(target)
            match = _SESSION_REF.fullmatch(ref.strip())
            if match is None:
                raise UsageError(f"cannot read session {ref!r}: use current, last or GROUP:N (e.g. nord:3)")
            owner = self._groups.get(match["group"]) if match["group"] else (target or self._groups.get(None))
            found = db_groups.sessions(self.store, owner.id, seq=int(match["seq"]))
            if not found:
                held = sum(db_groups.session_counts(self.store, owner.id).values())
                known = f"sessions 1-{held}" if held else "no sessions yet"
                raise NotFoundError(
                    f"{owner.handle} has no session {match['seq']} ({known})", hint="session_list", group=owner.handle
                )
            return found[0]

    def all(
        self,
        group: Group | str | None = None,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        statuses: Collection[SessionStatus | str] | None = None,
    ) -> list[GroupSession]:
        """Sessions of one group (None: of every group) in order of day,
        group handle and number, optionally from ``since`` to ``until`` inclusive and with one
        of ``statuses``."""
        with self.store.transaction(write=False):
            group_id = None if group is None else self._groups.resolve(group).id
            wanted = None if statuses is None else [parse_enum(SessionStatus, s, "status") for s in statuses]
            return self.in_order(db_groups.sessions(self.store, group_id, since=since, until=until, statuses=wanted))

    def counts(self, group: Group | str | None) -> dict[SessionStatus, int]:
        """How many sessions of a group have each status (every status is a
        key)."""
        with self.store.transaction(write=False):
            counts = db_groups.session_counts(self.store, self._groups.resolve(group).id)
        return {status: counts.get(status.value, 0) for status in SessionStatus}

    def ref(self, session: GroupSession) -> str:
        """The REF a user types for the session: ``nord:3``."""
        return f"{self._groups.by_id(session.group_id).handle}:{session.seq}"

    def attendance(self, session: GroupSession) -> list[Member]:
        """The members present at the session, in code order."""
        return self.attendance_map([session])[session.id]

    def attendance_map(self, sessions: Sequence[GroupSession]) -> dict[str, list[Member]]:
        """The members present, in code order, per session id (one query for
        all the sessions: what lists and reports want)."""
        with self.store.transaction(write=False):
            present = db_groups.attendance(self.store, [s.id for s in sessions])
            wanted = sorted(set().union(*present.values())) if present else []
            by_id = {m.id: m for m in db_groups.members(self.store, ids=wanted)} if wanted else {}
        return {sid: sorted((by_id[m] for m in ids), key=code_order) for sid, ids in present.items()}

    def attend(
        self, session: GroupSession | str | None, codes: Sequence[str], *, absent: Sequence[str] = ()
    ) -> list[Member]:
        """Add the members with ``codes`` to the attendance of a session (a
        GroupSession, or a REF as for :meth:`get`) and remove those in
        ``absent``; returns who is present now. Members must have belonged to
        the group on the session's day."""
        with self._journal.writing("session attend"):
            target = session if isinstance(session, GroupSession) else self.get(session)
            if target.status is SessionStatus.CANCELLED:
                raise ConflictError(f"{self.ref(target)} was cancelled; it has no attendance")
            group = self._groups.by_id(target.group_id)
            adding = self._member_ids(group, codes, target.date)
            removing = self._member_ids(group, absent, None)
            both = set(adding) & set(removing)
            if both:
                who = ", ".join(m.code for m in db_groups.members(self.store, ids=sorted(both)))
                raise UsageError(f"{who} cannot be both present and absent; name each member once")
            now_present = (db_groups.attendance(self.store, [target.id])[target.id] | set(adding)) - set(removing)
            db_groups.set_attendance(self.store, target.id, sorted(now_present))
            return self.attendance(target)

    def block(self, block_id: str) -> Block:
        """The block day with row id ``block_id``."""
        with self.store.transaction(write=False):
            found = db_groups.blocks(self.store, ids=[block_id])
        if not found:
            raise NotFoundError(f"block day {block_id[:8]} no longer exists")
        return found[0]

    def blocks(self, group: Group | str | None = None) -> list[Block]:
        """Block days of one group (None: of every group), by date."""
        with self.store.transaction(write=False):
            return db_groups.blocks(self.store, None if group is None else self._groups.resolve(group).id)

    def set_notes(self, session: GroupSession | str | None, notes: SessionNotes) -> GroupSession:
        """Record the notes of a session (a GroupSession, or a REF as for
        :meth:`get`): atmosphere, group process, the leader's
        countertransference, questions for supervision. Replaces earlier
        notes. ConflictError for a cancelled session."""
        with self._journal.writing("session note"):
            target = session if isinstance(session, GroupSession) else self.get(session)
            fresh = db_groups.sessions(self.store, target.group_id, seq=target.seq)
            if not fresh:
                raise NotFoundError(f"{self.ref(target)} no longer exists")
            if fresh[0].status is SessionStatus.CANCELLED:
                raise ConflictError(f"{self.ref(target)} was cancelled; it has no notes")
            noted = replace(fresh[0], notes=notes)
            db_groups.save_record(self.store, noted)
        return noted

    def by_id(self, session_id: str) -> GroupSession:
        """The session with row id ``session_id``."""
        with self.store.transaction(write=False):
            where = db_groups.session_seqs(self.store, [session_id]).get(session_id)
            found = [] if where is None else db_groups.sessions(self.store, where[0], seq=where[1])
        if not found:
            raise NotFoundError(f"session {session_id[:8]} no longer exists")
        return found[0]

    def _start_block(
        self, group: Group, day: dt.date, member_ids: list[str], *, place: str, mode: SessionMode
    ) -> list[GroupSession]:
        existing = db_groups.blocks(self.store, group.id, day=day)
        if existing:
            raise ConflictError(
                f"{group.handle} has block day {existing[0].seq} on {format_date(day)} already",
                hint="block_day_exists",
            )
        block = Block(
            id=new_id(),
            group_id=group.id,
            seq=db_groups.next_block_seq(self.store, group.id),
            date=day,
            planned_sessions=group.block_size,
            place=place,
        )
        db_groups.add_record(self.store, block)
        first = db_groups.next_session_seq(self.store, group.id)
        made = [
            GroupSession(
                id=new_id(),
                group_id=group.id,
                seq=first + pos,
                date=day,
                status=SessionStatus.OPEN if pos == 0 else SessionStatus.PLANNED,
                minutes=group.session_minutes,
                block_id=block.id,
                block_pos=pos + 1,
                start_time=self._clock_time() if pos == 0 else "",
                mode=mode,
            )
            for pos in range(group.block_size)
        ]
        for session in made:
            db_groups.add_record(self.store, session)
            db_groups.set_attendance(self.store, session.id, member_ids)
        return made

    def in_order(self, sessions: list[GroupSession]) -> list[GroupSession]:
        """By day, then group handle, then number."""
        handles = {g.id: g.handle.casefold() for g in self._groups.cached()}
        return sorted(sessions, key=lambda s: (s.date, handles.get(s.group_id, ""), s.seq))

    def _carry_attendance(self, opened: GroupSession) -> None:
        """A block day's session takes over the attendance of the session
        ended before it (who came late or left early stays so)."""
        if opened.block_id is None:
            return
        ended = [
            s
            for s in db_groups.sessions(self.store, block_id=opened.block_id, statuses=[SessionStatus.ENDED])
            if (s.block_pos or 0) < (opened.block_pos or 0)
        ]
        if ended:
            before = db_groups.attendance(self.store, [ended[-1].id])[ended[-1].id]
            db_groups.set_attendance(self.store, opened.id, sorted(before))

    def _check_session_day(self, group: Group, day: dt.date) -> None:
        if day > self._journal.today:
            raise UsageError(f"{format_date(day)} is in the future", hint="date_not_future")
        if day < group.start:
            raise UsageError(
                f"{group.handle} starts on {format_date(group.start)}, after {format_date(day)}",
                hint="group_start",
                group=group.handle,
            )
        if group.closed is not None and day > group.closed:
            raise ConflictError(f"{group.handle} was closed on {format_date(group.closed)}", hint="earlier_date")

    def _member_ids(self, group: Group, codes: Sequence[str], day: dt.date | None) -> list[str]:
        """Row ids of the members named by ``codes`` (items split on commas);
        with ``day``, each must have belonged to the group that day."""
        found: dict[str, Member] = {}
        for item in codes:
            for code in filter(None, (part.strip() for part in item.split(","))):
                member = self._groups.member(group, code)
                if day is not None and not member.active_on(day):
                    raise UsageError(
                        f"{member.code} was not a member of {group.handle} on {format_date(day)} "
                        f"({membership(member)})",
                        hint="member_dates",
                    )
                found[member.id] = member
        return sorted(found)

    def _open_session(self, group: Group | str | None) -> GroupSession:
        target = None if group is None else self._groups.resolve(group)
        opened = self.in_order(
            db_groups.sessions(self.store, None if target is None else target.id, statuses=[SessionStatus.OPEN])
        )
        if not opened:
            where = "" if target is None else f" in {target.handle}"
            raise NotFoundError(f"no session is open{where}", hint="session_start")
        if len(opened) > 1:
            refs = ", ".join(self.ref(s) for s in opened)
            raise ConflictError(f"several sessions are open ({refs})", hint="name_session")
        return opened[0]

    def _default_session(self, group: Group | None) -> GroupSession:
        group_id = None if group is None else group.id
        if db_groups.sessions(self.store, group_id, statuses=[SessionStatus.OPEN]):
            return self._open_session(group)
        horizon = self._journal.now - dt.timedelta(hours=24)
        recent = [
            (ended_at, s.seq, s)
            for s in db_groups.sessions(self.store, group_id, since=horizon.date(), statuses=[SessionStatus.ENDED])
            if (ended_at := _ended_at(s)) >= horizon
        ]
        if not recent:
            raise UsageError("no open session, and none ended in the last 24 hours", hint="need_session")
        return max(recent, key=lambda item: item[:2])[2]

    def _last_ended(self, group: Group | None) -> GroupSession:
        group_id = None if group is None else group.id
        day = db_groups.last_session_day(self.store, group_id, [SessionStatus.ENDED])
        if day is None:
            raise NotFoundError("no session has ended yet", hint="session_start")
        ended = db_groups.sessions(self.store, group_id, since=day, statuses=[SessionStatus.ENDED])
        return max(ended, key=lambda s: (_ended_at(s), s.seq))

    def _end(self, session: GroupSession) -> GroupSession:
        ended = replace(session, status=SessionStatus.ENDED, end_time=self._clock_time())
        db_groups.save_record(self.store, ended)
        return ended

    def _clock_time(self) -> str:
        return self._journal.now.strftime("%H:%M")

    def mark_present(self, session: GroupSession, member: Member) -> Member | None:
        """Add ``member`` to the session's attendance; returns them when they
        had not been marked present."""
        present = db_groups.attendance(self.store, [session.id])[session.id]
        if member.id in present:
            return None
        db_groups.set_attendance(self.store, session.id, sorted(present | {member.id}))
        return member


_SESSION_REF = re.compile(r"(?:(?P<group>[^:]+):)?#?(?P<seq>[0-9]+)")

def _ended_at(session: GroupSession) -> dt.datetime:
    """When the session ended: its day and recorded end time (the end of
    its day when no time was recorded)."""
    try:
        clock = dt.time.fromisoformat(session.end_time)
    except ValueError:
        clock = dt.time(23, 59)
    return dt.datetime.combine(session.date, clock)
