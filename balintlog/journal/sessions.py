"""Sessions, block days, attendance and session notes: :attr:`Journal.sessions <balintlog.journal.Journal.sessions>`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from balintlog.dates import format_date
from balintlog.db import cases as db_cases
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
from balintlog.i18n import _
from balintlog.inputs import parse_number
from balintlog.journal.groups import membership
from balintlog.journal.service import Service
from balintlog.labels import label
from balintlog.limits import SHORT_TEXT, check_length
from balintlog.store import new_id

if TYPE_CHECKING:
    from balintlog.template import SessionNotesEdit


@dataclass(frozen=True)
class Deleted:
    """A session deleted: as it was, the numbers of the cases deleted with
    it, and how many later presentations of other cases went with it."""

    session: GroupSession
    cases: tuple[int, ...]
    presentations: int


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
                raise ConflictError(
                    _("{session} is still open").format(session=self.ref(still_open[0])), hint="session_open"
                )
            member_ids = self._member_ids(target, present, day)
            planned = db_groups.sessions(self.store, target.id, since=day, until=day, statuses=[SessionStatus.PLANNED])
            if planned and not block:
                session = replace(planned[0], status=SessionStatus.OPEN, start_time=self._clock_time())
                if mode is not None:
                    session = replace(session, mode=parse_enum(SessionMode, mode, _("session mode")))
                db_groups.save_record(self.store, session)
                if present:
                    db_groups.set_attendance(self.store, session.id, member_ids)
                else:
                    self._carry_attendance(session)
                return [session]
            if mode is None:
                mode = SessionMode.ONLINE if target.kind is GroupKind.ONLINE else SessionMode.IN_PERSON
            mode = parse_enum(SessionMode, mode, _("session mode"))
            if block:
                made = self._start_block(target, day, member_ids, place=place.strip(), mode=mode)
                return self._renumbered(target.id, made)
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
            return self._renumbered(target.id, [session])

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
                if session.status is SessionStatus.OPEN:
                    raise ConflictError(
                        _("{session} is open; only planned sessions can be cancelled").format(session=what),
                        hint="cancel_open_session",
                    )
                if session.status is SessionStatus.ENDED:
                    raise ConflictError(
                        _(
                            "{session} is ended; only planned sessions can be cancelled "
                            "(an ended session stays in the journal)"
                        ).format(session=what)
                    )
                raise ConflictError(
                    _("{session} is {status}; only planned sessions can be cancelled (nothing to do)").format(
                        session=what, status=label(session.status)
                    )
                )
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
                raise UsageError(
                    _("cannot read session {ref!r}: use current, last or GROUP:N (e.g. nord:3)").format(ref=ref)
                )
            owner = self._groups.get(match["group"]) if match["group"] else (target or self._groups.get(None))
            found = db_groups.sessions(self.store, owner.id, seq=parse_number(match["seq"], _("session number")))
            if not found:
                held = sum(db_groups.session_counts(self.store, owner.id).values())
                if held:
                    message = _("{group} has no session {number} (sessions 1-{held})").format(
                        group=owner.handle, number=match["seq"], held=held
                    )
                else:
                    message = _("{group} has no session {number} (no sessions yet)").format(
                        group=owner.handle, number=match["seq"]
                    )
                raise NotFoundError(message, hint="session_list", group=owner.handle)
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
            wanted = None if statuses is None else [parse_enum(SessionStatus, s, _("status")) for s in statuses]
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
        # Each member's sort key made once, not once per session they attended.
        order = {m: code_order(member) for m, member in by_id.items()}
        return {sid: [by_id[m] for m in sorted(ids, key=order.__getitem__)] for sid, ids in present.items()}

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
                raise ConflictError(_("{session} was cancelled; it has no attendance").format(session=self.ref(target)))
            group = self._groups.by_id(target.group_id)
            adding = self._member_ids(group, codes, target.date)
            removing = self._member_ids(group, absent, None)
            both = set(adding) & set(removing)
            if both:
                who = ", ".join(m.code for m in db_groups.members(self.store, ids=sorted(both)))
                raise UsageError(
                    _("{codes} cannot be both present and absent; name each member once").format(codes=who)
                )
            now_present = (db_groups.attendance(self.store, [target.id])[target.id] | set(adding)) - set(removing)
            db_groups.set_attendance(self.store, target.id, sorted(now_present))
            return self.attendance(target)

    def block(self, block_id: str) -> Block:
        """The block day with row id ``block_id``."""
        with self.store.transaction(write=False):
            found = db_groups.blocks(self.store, ids=[block_id])
        if not found:
            raise NotFoundError(_("block day {id} no longer exists").format(id=block_id[:8]))
        return found[0]

    def blocks_of(self, sessions: Sequence[GroupSession]) -> dict[str, Block]:
        """The block days of ``sessions``, by row id (one query for all of
        them: what lists want); NotFoundError, as :meth:`block` gives, when
        one no longer exists."""
        wanted = list(dict.fromkeys(s.block_id for s in sessions if s.block_id))
        if not wanted:
            return {}
        with self.store.transaction(write=False):
            found = {b.id: b for b in db_groups.blocks_with_ids(self.store, wanted)}
        for block_id in wanted:
            if block_id not in found:
                raise NotFoundError(_("block day {id} no longer exists").format(id=block_id[:8]))
        return found

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
                raise NotFoundError(_("{session} no longer exists").format(session=self.ref(target)))
            if fresh[0].status is SessionStatus.CANCELLED:
                raise ConflictError(_("{session} was cancelled; it has no notes").format(session=self.ref(target)))
            noted = replace(fresh[0], notes=notes)
            db_groups.save_record(self.store, noted)
        return noted

    def edit_notes(
        self, session: GroupSession | str | None, edit: SessionNotesEdit, *, append: bool = False
    ) -> tuple[GroupSession, list[str]]:
        """Change the notes of a session with the sections ``edit`` gives:
        replaced (an empty one cleared), or with ``append`` added after the
        text they have; the sections it leaves out stay. Returns the session
        and what was removed, in words (``the atmosphere``)."""
        from balintlog.template import removed_from_session

        with self._journal.writing("session note"):
            target = session if isinstance(session, GroupSession) else self.get(session)
            fresh = db_groups.sessions(self.store, target.group_id, seq=target.seq)
            before = fresh[0].notes if fresh else target.notes
            after = edit.onto(before, append=append)
            return self.set_notes(target, after), removed_from_session(before, after)

    def numbers(self, group: Group | str | None) -> dict[str, str]:
        """The REF of every session of a group by session id (nothing is
        decrypted): to tell what a renumbering changed."""
        with self.store.transaction(write=False):
            target = self._groups.resolve(group)
            order = db_groups.session_order(self.store, target.id)
        return {sid: f"{target.handle}:{seq}" for sid, seq, _day, _pos in order}

    def edit(
        self,
        ref: str,
        *,
        group: Group | str | None = None,
        day: dt.date | None = None,
        start: str | None = None,
        end: str | None = None,
        minutes: int | None = None,
        mode: SessionMode | str | None = None,
        place: str | None = None,
    ) -> GroupSession:
        """Correct a session (REF as for :meth:`get`; ended ones too): its
        day (the sessions of the group are then renumbered to follow the
        dates), start and end time (``HH:MM``; with both and no
        ``minutes``, the minutes are what they make), minutes, mode, and
        the place of its block day. A moved session of a block day moves
        with its whole day."""
        from balintlog.journal.groups import MAX_SESSION_MINUTES

        with self._journal.writing("session edit"):
            session = self.get(ref, group=group)
            owner = self._groups.by_id(session.group_id)
            changes: dict[str, object] = {}
            if start is not None:
                changes["start_time"] = _clock(start, _("start time"))
            if end is not None:
                changes["end_time"] = _clock(end, _("end time"))
            begins = str(changes.get("start_time", session.start_time))
            ends = str(changes.get("end_time", session.end_time))
            if begins and ends and ends < begins:
                raise UsageError(
                    _("the session cannot end ({end}) before it starts ({start})").format(end=ends, start=begins)
                )
            if minutes is not None:
                if not 1 <= minutes <= MAX_SESSION_MINUTES:
                    raise UsageError(
                        _("a session lasts 1 to {most} minutes, not {minutes}").format(
                            most=MAX_SESSION_MINUTES, minutes=minutes
                        )
                    )
                changes["minutes"] = minutes
            elif start is not None and end is not None:
                changes["minutes"] = max(1, _minutes_between(begins, ends))
            if mode is not None:
                changes["mode"] = parse_enum(SessionMode, mode, _("session mode"))
            edited = replace(session, **changes)  # type: ignore[arg-type]
            block = None if session.block_id is None else db_groups.blocks(self.store, ids=[session.block_id])[0]
            if place is not None:
                if block is None:
                    raise UsageError(
                        _("{session} is not part of a block day; a place is kept per block day").format(
                            session=self.ref(session)
                        )
                    )
                block = replace(block, place=check_length(place.strip(), SHORT_TEXT, _("the place")))
                db_groups.save_record(self.store, block)
            if day is not None and day != session.date:
                self._check_session_day(owner, day)
                if day > self._journal.today and session.status is not SessionStatus.PLANNED:
                    raise UsageError(
                        _("{session} was held; it cannot move to a later day than today").format(
                            session=self.ref(session)
                        )
                    )
                moving = [edited]
                if block is not None:
                    moving = db_groups.sessions(self.store, block_id=block.id)
                    moving = [edited if s.id == session.id else s for s in moving]
                    db_groups.save_record(self.store, replace(block, date=day))
                for item in moving:
                    db_groups.save_record(self.store, replace(item, date=day))
                edited = replace(edited, date=day)
            else:
                db_groups.save_record(self.store, edited)
            return self._renumbered(owner.id, [edited])[0]

    def delete(self, ref: str, *, group: Group | str | None = None, with_cases: bool = False) -> Deleted:
        """Delete a session started by mistake (REF as for :meth:`get`) with
        its attendance; the later sessions of its group move up a number.
        ConflictError when cases were presented in it, unless
        ``with_cases``: then the cases first presented there are deleted,
        and later presentations there removed from their cases."""
        with self._journal.writing("session delete"):
            session = self.get(ref, group=group)
            presentations = [
                p for p in db_cases.presentations(self.store, group_id=session.group_id) if p.session_id == session.id
            ]
            ids = sorted({p.case_id for p in presentations})
            number = {c.id: c.number for c in db_cases.cases(self.store, ids=ids)} if ids else {}
            if presentations and not with_cases:
                listed = ", ".join(f"#{n}" for n in sorted(number.values()))
                raise ConflictError(
                    _("cases were presented in {session} ({cases})").format(session=self.ref(session), cases=listed),
                    hint="with_cases",
                )
            cases: list[int] = []
            for presentation in presentations:
                first = db_cases.presentations(self.store, case_id=presentation.case_id)[0]
                if first.id == presentation.id:
                    cases.append(number[presentation.case_id])
                    db_cases.delete_case(self.store, presentation.case_id)
                else:
                    db_cases.delete_presentation(self.store, presentation.id)
            db_groups.delete_session(self.store, session)
            self._renumbered(session.group_id, [])
        self.store.checkpoint()
        return Deleted(session, tuple(sorted(cases)), len(presentations) - len(cases))

    def _renumbered(self, group_id: str, sessions: list[GroupSession]) -> list[GroupSession]:
        """Renumber a group's sessions (and block days) so that the numbers
        follow the dates: by day, then place in the block day, then the
        number they had. Returns ``sessions`` with their numbers now."""
        order = db_groups.session_order(self.store, group_id)
        ranked = sorted(order, key=lambda row: (row[2], row[3], row[1]))
        wanted = {sid: n for n, (sid, _seq, _day, _pos) in enumerate(ranked, 1)}
        moved = [sid for sid, seq, _day, _pos in order if wanted[sid] != seq]
        if moved:
            records = db_groups.sessions_with_ids(self.store, moved)
            # Two steps, past the highest number first: (group, number) is unique.
            top = max(seq for _sid, seq, _day, _pos in order) + len(order)
            for record in records:
                db_groups.save_record(self.store, replace(record, seq=top + wanted[record.id]))
            for record in records:
                db_groups.save_record(self.store, replace(record, seq=wanted[record.id]))
        blocks = db_groups.blocks(self.store, group_id)
        ranked_blocks = sorted(blocks, key=lambda b: (b.date, b.seq))
        if [b.seq for b in ranked_blocks] != list(range(1, len(blocks) + 1)):
            top = max((b.seq for b in blocks), default=0) + len(blocks)
            for n, blk in enumerate(ranked_blocks, 1):
                db_groups.save_record(self.store, replace(blk, seq=top + n))
            for n, blk in enumerate(ranked_blocks, 1):
                db_groups.save_record(self.store, replace(blk, seq=n))
        return [replace(s, seq=wanted.get(s.id, s.seq)) for s in sessions]

    def by_id(self, session_id: str) -> GroupSession:
        """The session with row id ``session_id``."""
        with self.store.transaction(write=False):
            where = db_groups.session_seqs(self.store, [session_id]).get(session_id)
            found = [] if where is None else db_groups.sessions(self.store, where[0], seq=where[1])
        if not found:
            raise NotFoundError(_("session {id} no longer exists").format(id=session_id[:8]))
        return found[0]

    def _start_block(
        self, group: Group, day: dt.date, member_ids: list[str], *, place: str, mode: SessionMode
    ) -> list[GroupSession]:
        existing = db_groups.blocks(self.store, group.id, day=day)
        if existing:
            raise ConflictError(
                _("{group} has block day {number} on {date} already").format(
                    group=group.handle, number=existing[0].seq, date=format_date(day)
                ),
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
            raise UsageError(_("{date} is in the future").format(date=format_date(day)), hint="date_not_future")
        if day < group.start:
            raise UsageError(
                _("{group} starts on {start}, after {date}").format(
                    group=group.handle, start=format_date(group.start), date=format_date(day)
                ),
                hint="group_start",
                group=group.handle,
            )
        if group.closed is not None and day > group.closed:
            raise ConflictError(
                _("{group} was closed on {date}").format(group=group.handle, date=format_date(group.closed)),
                hint="earlier_date",
            )

    def _member_ids(self, group: Group, codes: Sequence[str], day: dt.date | None) -> list[str]:
        """Row ids of the members named by ``codes`` (items split on commas);
        with ``day``, each must have belonged to the group that day."""
        found: dict[str, Member] = {}
        for item in codes:
            for code in filter(None, (part.strip() for part in item.split(","))):
                member = self._groups.member(group, code)
                if day is not None and not member.active_on(day):
                    raise UsageError(
                        _("{code} was not a member of {group} on {date} ({membership})").format(
                            code=member.code, group=group.handle, date=format_date(day), membership=membership(member)
                        ),
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
            if target is None:
                raise NotFoundError(_("no session is open"), hint="session_start")
            raise NotFoundError(_("no session is open in {group}").format(group=target.handle), hint="session_start")
        if len(opened) > 1:
            refs = ", ".join(self.ref(s) for s in opened)
            raise ConflictError(_("several sessions are open ({sessions})").format(sessions=refs), hint="name_session")
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
            statuses = [status.value for status in SessionStatus]
            if db_groups.last_session_day(self.store, group_id, statuses) is None:
                raise UsageError(_("no session was held yet"), hint="session_start")
            raise UsageError(_("no open session, and none ended in the last 24 hours"), hint="need_session")
        return max(recent, key=lambda item: item[:2])[2]

    def _last_ended(self, group: Group | None) -> GroupSession:
        group_id = None if group is None else group.id
        day = db_groups.last_session_day(self.store, group_id, [SessionStatus.ENDED])
        if day is None:
            raise NotFoundError(_("no session has ended yet"), hint="session_start")
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


_CLOCK = re.compile(r"([01]?[0-9]|2[0-3])[:.]([0-5][0-9])")


def _clock(text: str, what: str) -> str:
    """A time of day as typed (``15:30``, ``9.05``) as ``HH:MM``."""
    match = _CLOCK.fullmatch(text.strip())
    if match is None:
        raise UsageError(
            _("cannot read the {what} {text!r}: give a time of day such as 15:30").format(what=what, text=text)
        )
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def _minutes_between(start: str, end: str) -> int:
    def minutes(clock: str) -> int:
        hours, mins = clock.split(":")
        return int(hours) * 60 + int(mins)

    return minutes(end) - minutes(start)
