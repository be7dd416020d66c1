"""The leader's own training logbook: :attr:`Journal.logbook <balintlog.journal.Journal.logbook>`.

What the leader did outside the journal is entered by hand (sessions led or
co-led elsewhere, supervision received, leader seminars, intensives, groups
attended as a member, conferences); what they did in it is counted from it:
every ended session of the journal was led by its leader, co-led when its
group names a co-leader, and each presentation in it is a case discussion.
The report totals both in the categories of the DBG's logbook and in the
counts that UK (Form A), ABS and BSANZ applications ask for.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from balintlog.db import logbook as db_logbook
from balintlog.domain import MINUTES_PER_DS, LogbookEntry, LogbookKind, SessionStatus, parse_enum
from balintlog.errors import NotFoundError, UsageError
from balintlog.i18n import _
from balintlog.journal.service import Service
from balintlog.limits import LONG_TEXT, SHORT_TEXT, TITLE, check_length
from balintlog.store import new_id

#: What the DBG asks of a future group leader.
DBG_MEMBER_DS = 105
DBG_SEMINARS = 6
DBG_SEMINAR_DS = 30
#: The kinds that are taking part in a Balint group as a member.
AS_MEMBER = (LogbookKind.MEMBER, LogbookKind.INTENSIVE, LogbookKind.CONFERENCE)
#: The kinds that are training events.
EVENTS = (LogbookKind.LEADER_SEMINAR, LogbookKind.INTENSIVE, LogbookKind.CONFERENCE)
#: The most minutes one entry may stand for (a year of weekly sessions is far less).
MAX_MINUTES = 1000 * MINUTES_PER_DS


@dataclass(frozen=True)
class KindTotal:
    """The entries of one kind in a period: how many, the sessions and the
    time they stand for."""

    entries: int = 0
    sessions: int = 0
    minutes: int = 0

    def plus(self, *, entries: int = 0, sessions: int = 0, minutes: int = 0) -> KindTotal:
        return KindTotal(self.entries + entries, self.sessions + sessions, self.minutes + minutes)

    @property
    def ds(self) -> float:
        return self.minutes / MINUTES_PER_DS

    @property
    def hours(self) -> float:
        return self.minutes / 60


@dataclass(frozen=True)
class LogbookReport:
    """The logbook's totals over a period (None: open-ended)."""

    since: dt.date | None
    until: dt.date | None
    #: Per kind, the logbook's own entries.
    entries: dict[LogbookKind, KindTotal]
    #: The journal's ended sessions led alone and co-led.
    journal_led: KindTotal
    journal_co_led: KindTotal
    #: Presentations worked in the journal's sessions.
    case_discussions: int
    #: Everyone the leader co-led with, in the journal's groups and the entries.
    co_leaders: tuple[str, ...]
    #: The supervisors named in the entries.
    supervisors: tuple[str, ...]

    @property
    def led(self) -> KindTotal:
        return self._sum(self.journal_led, self.entries[LogbookKind.LED])

    @property
    def co_led(self) -> KindTotal:
        return self._sum(self.journal_co_led, self.entries[LogbookKind.CO_LED])

    @property
    def as_member(self) -> KindTotal:
        """Groups attended as a member (with intensives and conferences): the DBG's 105 DS."""
        return self._sum(*(self.entries[k] for k in AS_MEMBER))

    @property
    def seminars(self) -> KindTotal:
        return self.entries[LogbookKind.LEADER_SEMINAR]

    @property
    def events(self) -> int:
        """Training events: leader seminars, intensives and conferences."""
        return sum(self.entries[k].entries for k in EVENTS)

    @property
    def supervision(self) -> KindTotal:
        return self.entries[LogbookKind.SUPERVISION]

    @staticmethod
    def _sum(*totals: KindTotal) -> KindTotal:
        out = KindTotal()
        for t in totals:
            out = out.plus(entries=t.entries, sessions=t.sessions, minutes=t.minutes)
        return out


def build_report(
    entries: Sequence[LogbookEntry],
    sessions: Sequence[tuple[int, str]],
    case_discussions: int,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> LogbookReport:
    """The totals of ``entries`` and of the journal's ``sessions`` ((minutes,
    co-leader or ``""``) per ended session)."""
    by_kind = {kind: KindTotal() for kind in LogbookKind}
    for e in entries:
        by_kind[e.kind] = by_kind[e.kind].plus(entries=1, sessions=e.sessions, minutes=e.minutes)
    led, co_led = KindTotal(), KindTotal()
    for minutes, co_leader in sessions:
        if co_leader:
            co_led = co_led.plus(sessions=1, minutes=minutes)
        else:
            led = led.plus(sessions=1, minutes=minutes)
    co_leaders = {c for _m, c in sessions if c} | {e.with_whom for e in entries if e.kind is LogbookKind.CO_LED}
    supervisors = {e.with_whom for e in entries if e.kind is LogbookKind.SUPERVISION}
    return LogbookReport(
        since=since,
        until=until,
        entries=by_kind,
        journal_led=led,
        journal_co_led=co_led,
        case_discussions=case_discussions,
        co_leaders=tuple(sorted(c for c in co_leaders if c)),
        supervisors=tuple(sorted(s for s in supervisors if s)),
    )


class Logbook(Service):
    """The leader's logbook: :meth:`add`, :meth:`all`, :meth:`get`,
    :meth:`delete`, :meth:`report`."""

    def add(
        self,
        kind: LogbookKind | str,
        date: dt.date,
        minutes: int,
        *,
        sessions: int = 1,
        with_whom: str = "",
        format: str = "",
        title: str = "",
        notes: str = "",
    ) -> LogbookEntry:
        """Record an entry. ``minutes`` is the time it stands for (a DS is
        90); UsageError for a value out of range or a text too long."""
        if not 0 < minutes <= MAX_MINUTES:
            raise UsageError(_("the time of an entry must be more than 0 and at most 1000 DS"))
        if not 0 < sessions <= 1000:
            raise UsageError(_("the number of sessions must be from 1 to 1000"))
        entry = LogbookEntry(
            id=new_id(),
            kind=parse_enum(LogbookKind, kind, _("logbook kind")),
            date=date,
            minutes=minutes,
            sessions=sessions,
            with_whom=check_length(with_whom.strip(), SHORT_TEXT, _("with whom")),
            format=check_length(format.strip(), SHORT_TEXT, _("format")),
            title=check_length(title.strip(), TITLE, _("title")),
            notes=check_length(notes, LONG_TEXT, _("notes")),
        )
        with self._journal.writing("logbook add"):
            db_logbook.add_entry(self.store, entry)
        return entry

    def all(self, *, since: dt.date | None = None, until: dt.date | None = None) -> list[LogbookEntry]:
        """The entries in order of day, from ``since`` to ``until`` inclusive."""
        with self.store.transaction(write=False):
            return db_logbook.entries(self.store, since=since, until=until)

    def get(self, ref: str) -> LogbookEntry:
        """The entry whose id starts with ``ref`` (the short id :meth:`all`
        shows). NotFoundError when none does, UsageError when several do."""
        key = ref.strip().lower()
        if not re.fullmatch(r"[0-9a-f]{1,32}", key):
            raise UsageError(_("{ref!r} is not a logbook entry's id").format(ref=ref), hint="logbook_list")
        with self.store.transaction(write=False):
            found = db_logbook.entries(self.store, id_prefix=key)
        if not found:
            raise NotFoundError(_("no logbook entry {ref}").format(ref=ref), hint="logbook_list")
        if len(found) > 1:
            ids = ", ".join(e.id[: len(key) + 2] for e in found)
            raise UsageError(
                _("{ref} names several logbook entries ({ids}); give more of its id").format(ref=ref, ids=ids)
            )
        return found[0]

    def delete(self, ref: str) -> LogbookEntry:
        """Delete the entry ``ref`` names (see :meth:`get`); the change log keeps it for an undo."""
        entry = self.get(ref)
        with self._journal.writing("logbook delete"):
            db_logbook.delete_entry(self.store, entry.id)
        return entry

    def report(self, *, since: dt.date | None = None, until: dt.date | None = None) -> LogbookReport:
        """The logbook's totals from ``since`` to ``until``: its entries and
        the journal's ended sessions (co-led when their group names a
        co-leader), with their presentations as case discussions."""
        entries = self.all(since=since, until=until)
        sessions = self._sessions.all(since=since, until=until, statuses=[SessionStatus.ENDED])
        with self.store.transaction(write=False):
            discussions = db_logbook.presentation_counts(self.store, [s.id for s in sessions])
        led = [(s.minutes, self._groups.by_id(s.group_id).co_leader.strip()) for s in sessions]
        return build_report(entries, led, sum(discussions.values()), since=since, until=until)
