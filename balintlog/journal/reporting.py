"""The report for supervision, built from the vault: :attr:`Journal.reports <balintlog.journal.Journal.reports>`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from balintlog.dates import format_date
from balintlog.db import cases as db_cases
from balintlog.db import groups as db_groups
from balintlog.db import reports as db_reports
from balintlog.domain import (
    CaseHistory,
    Group,
    GroupSession,
    HistoryEntry,
    Presentation,
)
from balintlog.errors import UsageError
from balintlog.i18n import _
from balintlog.journal.service import Service
from balintlog.kinds import SessionStatus

if TYPE_CHECKING:
    from balintlog.reports.model import Report, ReportSource


#: The setting holding a group's stale threshold is this followed by the group's id.
STALE_SETTING = "stale_after:"


class Reports(Service):
    """The records a report reads, selected by period, group or case."""

    def build(
        self,
        period_from: dt.date | None = None,
        period_to: dt.date | None = None,
        *,
        group: Group | str | None = None,
        case: int | str | None = None,
        detail: str = "brief",
        with_context: bool = True,
    ) -> Report:
        """The report for supervision (:mod:`balintlog.reports.model`) of the
        days ``period_from`` to ``period_to`` inclusive (None: the 12 months
        up to today), of every group or of ``group``. Ended sessions count,
        and open ones with what they hold so far. Sessions and presentations
        are selected by their plaintext day first: only what the period
        holds is decrypted, and of the texts only those the report quotes.

        With ``case`` (a number), the report covers that case's whole
        history whatever the period: its presentations, their sessions and
        the leader's notes of them.

        ``detail`` (``brief`` or ``full``) and ``with_context`` are passed on
        to :class:`~balintlog.reports.model.ReportSource`, with the groups'
        own stale thresholds (:meth:`set_stale_after`)."""
        # Imported here: every other command would pay for it at start-up.
        from balintlog.dates import last_twelve_months
        from balintlog.reports.model import (
            COUNTED_STATUSES,
            STRONG_INTENSITY,
            Period,
            ReportSource,
            build_report,
        )

        # Only the texts the report quotes are decrypted.
        texts: dict[str, Any] = {"quote_from": STRONG_INTENSITY, "full": detail == "full"}
        if case is not None:
            source = self._case_report_source(case, group, texts)
            return build_report(
                replace(source, detail=detail, with_context=with_context, stale_after=self.stale_thresholds())
            )
        default_from, default_to = last_twelve_months(self._journal.today)
        start = default_from if period_from is None else period_from
        end = default_to if period_to is None else period_to
        if end < start:
            raise UsageError(
                _("the period ends ({end}) before it starts ({start})").format(
                    end=format_date(end), start=format_date(start)
                )
            )
        with self.store.transaction(write=False):
            target = None if group is None else self._groups.resolve(group)
            groups = [target] if target is not None else self._groups.cached()
            group_id = None if target is None else target.id
            asked = Period.of(start, end, self._journal.today)  # named by the days asked for
            start, end = self._within_data(groups, group_id, start, end)
            sessions = db_groups.sessions(self.store, group_id, since=start, until=end, statuses=list(COUNTED_STATUSES))
            presentations = db_reports.report_presentations(
                self.store, since=start, until=end, group_id=group_id, **texts
            )
            source = ReportSource(
                period=asked.cut(start, end),
                group_filter=None if target is None else target.handle,
                detail=detail,
                with_context=with_context,
                stale_after=self.stale_thresholds(),
                **self._report_records(groups, sessions, presentations),
            )
        return build_report(source)

    def set_stale_after(self, group: Group | str | None, count: int | None) -> Group:
        """Set the group's own stale threshold, in its rhythm (sessions, or
        block days of a block group); None goes back to the default (see
        :func:`balintlog.reports.model.stale_threshold`)."""
        if count is not None and count < 1:
            raise UsageError(
                _("a stale threshold counts at least 1 session or block day, not {count}").format(count=count)
            )
        with self._journal.writing("group edit"):
            target = self._groups.resolve(group)
            db_reports.put_setting(self.store, STALE_SETTING + target.id, None if count is None else str(count))
        return target

    def stale_thresholds(self) -> dict[str, int]:
        """The groups' own stale thresholds, by group id (the others keep the default)."""
        with self.store.transaction(write=False):
            found = db_reports.settings(self.store)
        return {name.removeprefix(STALE_SETTING): int(v) for name, v in found.items() if name.startswith(STALE_SETTING)}

    def _within_data(
        self, groups: list[Group], group_id: str | None, start: dt.date, end: dt.date
    ) -> tuple[dt.date, dt.date]:
        """The period cut to the years that can hold data (from the year
        before the first group's start to the year after the last session or
        today), so that ``--since 0001-01-01 --until 9999-12-31`` costs no
        more than the data; a period within them is kept as it is."""
        statuses = [status.value for status in SessionStatus]
        last = db_groups.last_session_day(self.store, group_id, statuses) or self._journal.today
        first_year = min((g.start for g in groups), default=self._journal.today).year - 1
        last_year = max(last, self._journal.today).year + 1
        low = dt.date(max(first_year, dt.MINYEAR), 1, 1)
        high = dt.date(min(last_year, dt.MAXYEAR), 12, 31)
        cut_start, cut_end = max(start, low), min(end, high)
        if cut_end < cut_start:  # the whole period lies outside: one day of it, holding nothing
            return start, start
        return cut_start, cut_end

    def _case_report_source(
        self, number: int | str, group: Group | str | None, texts: Mapping[str, Any]
    ) -> ReportSource:
        from balintlog.reports.model import COUNTED_STATUSES, Period, ReportSource

        with self.store.transaction(write=False):
            found = self._cases.get(number)
            owner = self._groups.by_id(found.group_id)
            if group is not None and self._groups.resolve(group).id != owner.id:
                raise UsageError(
                    _("case #{number} belongs to {group}").format(number=found.number, group=owner.handle),
                    hint="case_group",
                )
            presentations = db_reports.report_presentations(self.store, case_id=found.id, **texts)
            sessions = [
                s
                for s in db_groups.sessions_with_ids(self.store, [p.session_id for p in presentations])
                if s.status in COUNTED_STATUSES
            ]
            start = sessions[0].date if sessions else found.opened
            end = max(self._journal.today, start)
            order = db_groups.session_days(
                self.store, owner.id, since=start, until=end, statuses=list(COUNTED_STATUSES)
            )
            return ReportSource(
                period=Period(start, end, "case", found.number),
                session_order={owner.id: order},
                group_filter=owner.handle,
                case_filter=found.number,
                **self._report_records([owner], sessions, presentations),
            )

    def _report_records(
        self, groups: Sequence[Group], sessions: Sequence[GroupSession], presentations: Sequence[Presentation]
    ) -> dict[str, Any]:
        """Members, block days, attendance and case histories of a report,
        loaded for the given sessions and presentations only."""
        group_ids = {g.id for g in groups}
        members = [m for m in db_groups.members(self.store) if m.group_id in group_ids]
        block_ids = sorted({s.block_id for s in sessions if s.block_id})
        cases = db_cases.cases(self.store, ids=sorted({p.case_id for p in presentations})) if presentations else []
        seqs = db_groups.session_seqs(self.store, [p.session_id for p in presentations])
        by_id = {g.id: g for g in self._groups.cached()}
        member_by_id = {m.id: m for m in members}
        missing = sorted({c.presenter_id for c in cases} - set(member_by_id))
        member_by_id.update({m.id: m for m in db_groups.members(self.store, ids=missing)} if missing else {})
        by_case: dict[str, list[Presentation]] = {}
        for p in presentations:
            by_case.setdefault(p.case_id, []).append(p)
        histories = [
            CaseHistory(
                case=c,
                presenter=member_by_id[c.presenter_id],
                group=by_id[c.group_id],
                presentations=tuple(
                    HistoryEntry(p, f"{by_id[c.group_id].handle}:{seqs[p.session_id][1]}", p.date or c.opened)
                    for p in by_case.get(c.id, ())
                ),
            )
            for c in cases
        ]
        return {
            "generated": self._journal.now.astimezone(),
            "groups": list(groups),
            "members": members,
            "blocks": db_groups.blocks(self.store, ids=block_ids) if block_ids else [],
            "sessions": list(sessions),
            "attendance": db_groups.attendance(self.store, [s.id for s in sessions]),
            "cases": histories,
        }
