"""``journal.documents``: members' identities (sealed apart), the leader's
profile, the accreditation of events, and what the certificates, session
protocols and CME lists are made from. Only these documents unwrap the
identities; no other service reads them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from balintlog.db import groups as db_groups
from balintlog.db import identities as db_ids
from balintlog.documents.model import Certificate, CmeRecord, Credit, Participant, Protocol, Sitting
from balintlog.documents.numbers import check_efn, check_vnr
from balintlog.domain import (
    Accreditation,
    Block,
    Group,
    GroupSession,
    Identity,
    LeaderProfile,
    Member,
    code_key,
    code_order,
)
from balintlog.errors import NotFoundError, UsageError
from balintlog.i18n import _
from balintlog.journal.service import Service
from balintlog.kinds import SessionStatus

if TYPE_CHECKING:
    from balintlog.store import Store

#: The sessions that count for a document: held (or being held), not planned or cancelled.
HELD = (SessionStatus.ENDED.value, SessionStatus.OPEN.value)


@dataclass(frozen=True)
class Period:
    """Which sessions of a group a document covers: one block day, a span
    of days, one session, or (all None) every session."""

    block: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    session: str | None = None


@dataclass(frozen=True)
class CmeList:
    records: tuple[CmeRecord, ...]
    #: Codes of participants of accredited sessions with no EFN recorded.
    without_efn: tuple[str, ...]


class Documents(Service):
    """Identities, the leader's profile, accreditations, and the documents."""

    # -- identities ---------------------------------------------------------------

    def set_identity(self, group: Group | str | None, code: str, identity: Identity) -> Member:
        """Record a member's real name (and title, EFN, address) under a key
        of its own; an EFN with a wrong check digit is refused (UsageError)."""
        if not identity.name.strip():
            raise UsageError(_("an identity needs a name"))
        efn = check_efn(identity.efn) if identity.efn.strip() else ""
        clean = Identity(identity.name.strip(), identity.title.strip(), efn, identity.address.strip())
        with self._journal.writing("member identity"):
            member = self._groups.member(group, code)
            db_ids.set_identity(self.store, member.id, clean)
        return member

    def clear_identity(self, group: Group | str | None, code: str) -> bool:
        """Remove a member's identity with its key (crypto-shredding).
        Whether there was one."""
        with self._journal.writing("member identity clear"):
            member = self._groups.member(group, code)
            cleared = db_ids.clear_identity(self.store, member.id)
        self.store.checkpoint()
        return cleared

    def identity(self, group: Group | str | None, code: str) -> Identity | None:
        """A member's identity (unwrapped: for the identity's own template only)."""
        with self.store.transaction(write=False):
            member = self._groups.member(group, code)
            return db_ids.identities(self.store, [member.id]).get(member.id)

    # -- the leader and accreditations -----------------------------------------------

    def leader(self) -> LeaderProfile | None:
        with self.store.transaction(write=False):
            return db_ids.leader_profile(self.store)

    def set_leader(self, profile: LeaderProfile) -> None:
        if not profile.name.strip():
            raise UsageError(_("the leader's profile needs a name"))
        with self._journal.writing("leader profile"):
            db_ids.set_leader_profile(self.store, profile)

    def accredit(
        self,
        group: Group | str | None,
        *,
        block: int | None = None,
        session: str | None = None,
        topic: str,
        vnr: str,
        chamber: str,
        category: str = "C",
        points: int,
        place: str = "",
    ) -> Accreditation:
        """Record the accreditation of a group (points per session), one of
        its block days (points for the day) or one session, replacing an
        earlier one for the same event. The VNR is checked."""
        if block is not None and session is not None:
            raise UsageError(_("an accreditation is for a block day or a session, not both"))
        if points < 0:
            raise UsageError(_("points cannot be negative"))
        checked_vnr = check_vnr(vnr)
        if not chamber.strip():
            raise UsageError(_("name the chamber that granted the accreditation"))
        with self._journal.writing("accreditation set"):
            target = self._groups.resolve(group)
            block_id = None if block is None else self._block(target, block).id
            session_id = None if session is None else self._sessions.get(session, group=target).id
            found = Accreditation(
                id="",
                group_id=target.id,
                block_id=block_id,
                session_id=session_id,
                points=points,
                topic=topic.strip(),
                vnr=checked_vnr,
                chamber=chamber.strip(),
                category=category.strip().upper() or "C",
                place=place.strip(),
            )
            db_ids.set_accreditation(self.store, found)
        return found

    def accreditations(self, group: Group | str | None = None) -> list[Accreditation]:
        """The accreditations of a group (None: of every group)."""
        with self.store.transaction(write=False):
            group_id = None if group is None else self._groups.resolve(group).id
            return db_ids.accreditations(self.store, group_id)

    # -- the documents ----------------------------------------------------------------

    def certificate(self, group: Group | str | None, code: str, period: Period, *, issued: dt.date) -> Certificate:
        """A member's certificate of attendance for ``period``: NotFoundError
        for an unknown member, UsageError when no identity is recorded or the
        member attended nothing in the period."""
        with self.store.transaction(write=False):
            target = self._groups.resolve(group)
            member = self._groups.member(target, code)
            sessions = self._sessions_of(target, period)
            present = db_groups.attendance(self.store, [s.id for s in sessions])
            attended = [s for s in sessions if member.id in present.get(s.id, set())]
            if not attended:
                raise UsageError(
                    _("{code} attended no session of {group} in this period").format(
                        code=member.code, group=target.handle
                    )
                )
            identity = db_ids.identities(self.store, [member.id]).get(member.id)
            if identity is None:
                raise UsageError(
                    _("no identity is recorded for {code} of {group}").format(code=member.code, group=target.handle),
                    hint="member_identity",
                    group=target.handle,
                    code=member.code,
                )
            leader = self._leader_or_fail()
            accreditations = db_ids.accreditations(self.store, target.id)
            blocks = {b.id: b for b in db_groups.blocks(self.store, target.id)}
            held_of_block = _held_per_block(self.store, target.id)
        credit = _credit(attended, accreditations, held_of_block)
        return Certificate(
            code=member.code,
            identity=identity,
            group_name=target.name or target.handle,
            sittings=tuple(_sitting(s) for s in attended),
            leader=leader,
            place=_place(attended, accreditations, blocks),
            issued=issued,
            credit=credit,
        )

    def certificates(
        self, group: Group | str | None, period: Period, *, issued: dt.date
    ) -> tuple[list[Certificate], list[str]]:
        """A certificate for every member present in ``period`` who has an
        identity recorded, and the codes of those present who have none."""
        with self.store.transaction(write=False):
            target = self._groups.resolve(group)
            sessions = self._sessions_of(target, period)
            _, ids = self._attendance(sessions)
            members = db_groups.members(self.store, ids=ids) if ids else []
            named = db_ids.identified(self.store, ids) if ids else set()
            ordered = sorted(members, key=code_order)
            made = [self.certificate(target, m.code, period, issued=issued) for m in ordered if m.id in named]
        return made, [m.code for m in ordered if m.id not in named]

    def protocol(self, group: Group | str | None, period: Period, *, issued: dt.date) -> Protocol:
        """The session protocol of one session or block day."""
        with self.store.transaction(write=False):
            target = self._groups.resolve(group)
            sessions = self._sessions_of(target, period)
            present, ids = self._attendance(sessions)
            members = db_groups.members(self.store, ids=ids) if ids else []
            identities = db_ids.identities(self.store, ids) if ids else {}
            leader = self._leader_or_fail()
            accreditations = db_ids.accreditations(self.store, target.id)
            blocks = {b.id: b for b in db_groups.blocks(self.store, target.id)}
        participants = tuple(
            Participant(
                m.code,
                identities.get(m.id),
                tuple(s.seq for s in sessions if m.id in present.get(s.id, set())),
            )
            for m in sorted(members, key=code_order)
        )
        return Protocol(
            group_name=target.name or target.handle,
            sittings=tuple(_sitting(s) for s in sessions),
            participants=participants,
            leader=leader,
            co_leader=target.co_leader,
            place=_place(sessions, accreditations, blocks),
            issued=issued,
            credit=_credit(sessions, accreditations, {}),
        )

    def cme_list(self, group: Group | str | None, period: Period) -> CmeList:
        """The EIV list: one record per participant with an EFN and day of
        an accredited session of ``period``."""
        with self.store.transaction(write=False):
            target = self._groups.resolve(group)
            sessions = self._sessions_of(target, period)
            present, ids = self._attendance(sessions)
            members = {m.id: m for m in db_groups.members(self.store, ids=ids)} if ids else {}
            identities = db_ids.identities(self.store, ids) if ids else {}
            accreditations = db_ids.accreditations(self.store, target.id)
        seen: set[tuple[str, dt.date, str]] = set()
        missing: set[str] = set()
        accredited = False
        for session in sessions:
            acc = _accreditation_of(session, accreditations)
            if acc is None:
                continue
            accredited = True
            for member_id in present.get(session.id, set()):
                identity = identities.get(member_id)
                if identity is None or not identity.efn:
                    missing.add(members[member_id].code)
                    continue
                seen.add((identity.efn, session.date, acc.vnr))
        if not accredited:
            raise UsageError(
                _("no accreditation is recorded for these sessions of {group}").format(group=target.handle),
                hint="accreditation_set",
            )
        records = tuple(CmeRecord(efn, day, vnr) for efn, day, vnr in sorted(seen, key=lambda r: (r[1], r[2], r[0])))
        return CmeList(records, tuple(sorted(missing, key=code_key)))

    # -- helpers ------------------------------------------------------------------------

    def _leader_or_fail(self) -> LeaderProfile:
        leader = db_ids.leader_profile(self.store)
        if leader is None:
            raise UsageError(_("the leader's profile is not recorded yet"), hint="leader_profile")
        return leader

    def _block(self, group: Group, number: int) -> Block:
        for block in db_groups.blocks(self.store, group.id):
            if block.seq == number:
                return block
        raise NotFoundError(
            _("{group} has no block day {number}").format(group=group.handle, number=number)
        )

    def _attendance(self, sessions: list[GroupSession]) -> tuple[dict[str, set[str]], list[str]]:
        """Who was present, per session id, and the ids of everyone present
        at any of ``sessions``, sorted."""
        present = db_groups.attendance(self.store, [s.id for s in sessions])
        return present, sorted(set().union(*present.values())) if present else []

    def _sessions_of(self, group: Group, period: Period) -> list[GroupSession]:
        if period.session is not None:
            session = self._sessions.get(period.session, group=group)
            if session.status.value not in HELD:
                raise UsageError(_("session {number} was not held").format(number=session.seq))
            return [session]
        block_id = None if period.block is None else self._block(group, period.block).id
        found = db_groups.sessions(
            self.store, group.id, since=period.since, until=period.until, statuses=HELD, block_id=block_id
        )
        if not found:
            raise UsageError(_("{group} held no session in this period").format(group=group.handle))
        return found


def _sitting(session: GroupSession) -> Sitting:
    return Sitting(session.seq, session.date, session.minutes, session.mode, session.start_time, session.end_time)


def _accreditation_of(session: GroupSession, accreditations: Sequence[Accreditation]) -> Accreditation | None:
    """The accreditation covering a session: its own, else its block day's, else its group's."""
    for acc in accreditations:
        if acc.session_id == session.id:
            return acc
    for acc in accreditations:
        if acc.session_id is None and acc.block_id is not None and acc.block_id == session.block_id:
            return acc
    for acc in accreditations:
        if acc.session_id is None and acc.block_id is None:
            return acc
    return None


def _held_per_block(store: Store, group_id: str) -> dict[str, int]:
    """How many sessions each block day of a group held."""
    counts: dict[str, int] = {}
    for session in db_groups.sessions(store, group_id, statuses=HELD):
        if session.block_id is not None:
            counts[session.block_id] = counts.get(session.block_id, 0) + 1
    return counts


def _credit(
    attended: Sequence[GroupSession], accreditations: Sequence[Accreditation], held_of_block: dict[str, int]
) -> Credit | None:
    """The points of the sessions attended: a session's or a group's
    accreditation counts per session; a block day's counts whole for the
    whole day, pro rata (rounded down) for part of it. None when no session
    is accredited."""
    points = 0
    used: list[Accreditation] = []
    per_block: dict[str, int] = {}
    for session in attended:
        acc = _accreditation_of(session, accreditations)
        if acc is None:
            continue
        if acc not in used:
            used.append(acc)
        if acc.session_id is None and acc.block_id is not None:
            per_block[acc.block_id] = per_block.get(acc.block_id, 0) + 1
        else:
            points += acc.points
    for acc in used:
        if acc.session_id is None and acc.block_id is not None:
            held = held_of_block.get(acc.block_id, per_block[acc.block_id]) or 1
            points += acc.points * min(per_block[acc.block_id], held) // held
    if not used:
        return None
    return Credit(
        points=points,
        category=", ".join(dict.fromkeys(a.category for a in used)),
        vnrs=tuple(dict.fromkeys(a.vnr for a in used)),
        chambers=tuple(dict.fromkeys(a.chamber for a in used)),
        topic="; ".join(dict.fromkeys(a.topic for a in used if a.topic)),
    )


def _place(sessions: Sequence[GroupSession], accreditations: Sequence[Accreditation], blocks: dict[str, Block]) -> str:
    """Where the sessions took place: their accreditation's place, else their block day's."""
    for session in sessions:
        acc = _accreditation_of(session, accreditations)
        if acc is not None and acc.place:
            return acc.place
    for session in sessions:
        block = blocks.get(session.block_id or "")
        if block is not None and block.place:
            return block.place
    return ""
