"""Progress of a member toward the Balint part of the Psychosomatische
Grundversorgung (PSGV): :attr:`Journal.training <balintlog.journal.Journal.training>`.

The conditions (Weiterbildungsordnung and the KVs' Psychotherapie-
Vereinbarung; a KV may accept a shorter spread, see :class:`PsgvRules`):

* at least 30 hours, that is 15 DS of 90 minutes (the hours of the rules
  are teaching units, UE, of 45 minutes);
* spread over at least 6 months, from the first session to the last;
* at least 15 hours (UE) in physical presence, that is 7.5 DS;
* online sessions count only in a closed group with a fixed leader, at most
  1 DS per online session, and the first and the last session in person.

:func:`psgv_progress` is the computation, over plain values and without the
vault; :class:`Training` gathers those values from the journal. The journal
is one leader's, so the leader is fixed; a group is *closed* when it is not
a conference group and nobody joined it after its start. A hybrid session
counts as online: the journal does not say who sat in the room.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from balintlog.domain import (
    MINUTES_PER_DS,
    MINUTES_PER_UE,
    Group,
    GroupKind,
    GroupSession,
    Member,
    SessionMode,
    SessionStatus,
)
from balintlog.i18n import _, format_number, ngettext
from balintlog.journal.service import Service


@dataclass(frozen=True)
class PsgvRules:
    """The thresholds of the PSGV Balint part."""

    ds: int = 15
    months: int = 6
    presence_minutes: int = 15 * MINUTES_PER_UE


PSGV = PsgvRules()


@dataclass(frozen=True)
class Attended:
    """A session a member attended: its day, length and whether it was held
    online (or hybrid)."""

    date: dt.date
    minutes: int
    online: bool


@dataclass(frozen=True)
class PsgvProgress:
    """Where a member stands: what counts, and each condition met or what
    it still needs."""

    rules: PsgvRules
    #: Sessions attended: in person, online (counted or not).
    in_person_sessions: int
    online_sessions: int
    #: Minutes that count: in person, online (at most one DS per session).
    in_person_minutes: int
    online_minutes: int
    #: Online sessions that do not count: the group is not closed, or they
    #: came before the first session in person.
    online_not_counted: int
    #: The first and last session that count.
    first: dt.date | None
    last: dt.date | None
    #: Whether the last session that counts was held online.
    last_online: bool

    @property
    def minutes(self) -> int:
        return self.in_person_minutes + self.online_minutes

    @property
    def ds(self) -> float:
        return self.minutes / MINUTES_PER_DS

    @property
    def ds_missing(self) -> float:
        return max(0.0, self.rules.ds - self.ds)

    @property
    def spread_until(self) -> dt.date | None:
        """The earliest day the last session may fall on for the spread (None: no session yet)."""
        return None if self.first is None else add_months(self.first, self.rules.months)

    @property
    def months_missing(self) -> int:
        """Whole months the sessions must still go on for the spread."""
        target = self.spread_until
        if target is None or self.last is None:
            return self.rules.months
        months = 0
        while add_months(self.last, months) < target:
            months += 1
        return months

    @property
    def presence_minutes_missing(self) -> int:
        return max(0, self.rules.presence_minutes - self.in_person_minutes)

    @property
    def online_rule_met(self) -> bool:
        """Online sessions counted only with the last session in person (the
        first one is in person by construction)."""
        return not (self.online_minutes and self.last_online)

    @property
    def met(self) -> bool:
        return (
            self.ds_missing == 0
            and self.months_missing == 0
            and self.presence_minutes_missing == 0
            and self.online_rule_met
        )


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` ``months`` later, on the last day of the month where it has
    no such day (31 August + 6 months: 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def psgv_progress(attended: Iterable[Attended], *, closed_group: bool, rules: PsgvRules = PSGV) -> PsgvProgress:
    """A member's progress toward the PSGV Balint part from the sessions
    they attended in one group (see the module docstring for the rules)."""
    sessions = sorted(attended, key=lambda a: a.date)
    first_in_person = next((a.date for a in sessions if not a.online), None)
    in_person = [a for a in sessions if not a.online]
    online = [a for a in sessions if a.online]
    counted_online = [
        a for a in online if closed_group and first_in_person is not None and a.date >= first_in_person
    ]
    counted = sorted(in_person + counted_online, key=lambda a: (a.date, a.online))
    return PsgvProgress(
        rules=rules,
        in_person_sessions=len(in_person),
        online_sessions=len(online),
        in_person_minutes=sum(a.minutes for a in in_person),
        online_minutes=sum(min(a.minutes, MINUTES_PER_DS) for a in counted_online),
        online_not_counted=len(online) - len(counted_online),
        first=counted[0].date if counted else None,
        last=counted[-1].date if counted else None,
        last_online=bool(counted) and counted[-1].online,
    )


def ds_text(ds: float) -> str:
    """A number of DS as written: whole ones without decimals (``12``, ``12,5``)."""
    return format_number(ds, 0) if ds == int(ds) else format_number(ds, 1)


def missing_parts(progress: PsgvProgress) -> list[str]:
    """Each condition not met, in words (empty when all are)."""
    parts = []
    if progress.ds_missing:
        parts.append(_("{ds} more DS needed").format(ds=ds_text(progress.ds_missing)))
    months = progress.months_missing
    if months:
        parts.append(ngettext("{count} more month needed", "{count} more months needed", months).format(count=months))
    missing = progress.presence_minutes_missing
    if missing:
        parts.append(_("{ue} more UE in person needed").format(ue=ds_text(missing / MINUTES_PER_UE)))
    if not progress.online_rule_met:
        parts.append(_("the last session must be held in person"))
    return parts


def psgv_summary(progress: PsgvProgress) -> str:
    """One line: ``12 of 15 DS; 2 more months needed``, or that every condition is met."""
    head = _("{ds} of {needed} DS").format(ds=ds_text(progress.ds), needed=progress.rules.ds)
    parts = missing_parts(progress)
    if not parts:
        return _("{head}; all PSGV conditions met").format(head=head)
    if progress.ds_missing:
        parts = parts[1:]  # "12 of 15 DS" says it already
    return "; ".join([head, *parts])


def psgv_short(progress: PsgvProgress) -> str:
    """A table cell: ``12/15 DS``, or that every condition is met."""
    if progress.met:
        return _("met")
    return _("{ds}/{needed} DS").format(ds=ds_text(progress.ds), needed=progress.rules.ds)


def is_closed(group: Group, members: Sequence[Member]) -> bool:
    """Whether a group counts as closed for PSGV: not a conference group, and
    nobody joined after its start."""
    if group.kind is GroupKind.CONFERENCE:
        return False
    return all(m.joined is None or m.joined <= group.start for m in members)


def attended_of(member: Member, sessions: Sequence[GroupSession], present: dict[str, list[Member]]) -> list[Attended]:
    """The ended sessions ``member`` attended, as :class:`Attended`."""
    return [
        Attended(s.date, s.minutes, s.mode is not SessionMode.IN_PERSON)
        for s in sessions
        if s.status is SessionStatus.ENDED and any(m.id == member.id for m in present.get(s.id, ()))
    ]


class Training(Service):
    """Training figures computed from the journal: PSGV progress of members."""

    def progress(self, group: Group | str | None, code: str) -> tuple[Member, PsgvProgress]:
        """A member's progress toward the PSGV Balint part (NotFoundError for
        an unknown group or member)."""
        member = self._groups.member(group, code)
        return member, self.group_progress(self._groups.by_id(member.group_id))[member.id]

    def group_progress(self, group: Group | str | None) -> dict[str, PsgvProgress]:
        """Every member's progress, by member id."""
        owner = self._groups.resolve(group)
        members = self._groups.members(owner)
        sessions = self._sessions.all(owner, statuses=[SessionStatus.ENDED])
        present = self._sessions.attendance_map(sessions)
        closed = is_closed(owner, members)
        return {m.id: psgv_progress(attended_of(m, sessions, present), closed_group=closed) for m in members}
