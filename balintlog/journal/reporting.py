"""The report for supervision, built from the vault: :attr:`Journal.reports <balintlog.journal.Journal.reports>`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
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
    SessionStatus,
)
from balintlog.errors import UsageError
from balintlog.journal.service import Service

if TYPE_CHECKING:
    from balintlog.reports.model import Report, ReportSource


class Reports(Service):
    """The records a report reads, selected by period, group or case."""

    def build(
        self,
        period_from: dt.date | None = None,
        period_to: dt.date | None = None,
        *,
        group: Group | str | None = None,
        case: int | str | None = None,
    ) -> Report:
        """The report for supervision (:mod:`balintlog.reports.model`) of the
        days ``period_from`` to ``period_to`` inclusive (None: the 12 months
        up to today), of every group or of ``group``. Only ended sessions
        count. Sessions and presentations are selected by their plaintext
        day first: only what the period holds is decrypted.

        With ``case`` (a number), the report covers that case's whole
        history whatever the period: its presentations, their sessions and
        the leader's notes of them."""
        # Imported here: every other command would pay for it at start-up.
        from balintlog.dates import last_twelve_months
        from balintlog.reports.model import Period, ReportSource, build_report, period_label

        if case is not None:
            return build_report(self._case_report_source(case, group))
        default_from, default_to = last_twelve_months(self._journal.today)
        start = default_from if period_from is None else period_from
        end = default_to if period_to is None else period_to
        if end < start:
            raise UsageError(f"the period ends ({format_date(end)}) before it starts ({format_date(start)})")
        with self.store.transaction(write=False):
            target = None if group is None else self._groups.resolve(group)
            groups = [target] if target is not None else self._groups.cached()
            group_id = None if target is None else target.id
            sessions = db_groups.sessions(self.store, group_id, since=start, until=end, statuses=[SessionStatus.ENDED])
            presentations = db_reports.report_presentations(self.store, since=start, until=end, group_id=group_id)
            source = ReportSource(
                period=Period(start, end, period_label(start, end, self._journal.today)),
                group_filter=None if target is None else target.handle,
                **self._report_records(groups, sessions, presentations),
            )
        return build_report(source)

    def _case_report_source(self, number: int | str, group: Group | str | None) -> ReportSource:
        from balintlog.reports.model import Period, ReportSource

        with self.store.transaction(write=False):
            found = self._cases.get(number)
            owner = self._groups.by_id(found.group_id)
            if group is not None and self._groups.resolve(group).id != owner.id:
                raise UsageError(f"case #{found.number} belongs to {owner.handle}", hint="case_group")
            presentations = db_reports.report_presentations(self.store, case_id=found.id)
            sessions = [
                s
                for s in db_groups.sessions_with_ids(self.store, [p.session_id for p in presentations])
                if s.status is SessionStatus.ENDED
            ]
            start = sessions[0].date if sessions else found.opened
            end = max(self._journal.today, start)
            order = db_groups.session_days(self.store, owner.id, since=start, until=end, statuses=[SessionStatus.ENDED])
            return ReportSource(
                period=Period(start, end, f"case #{found.number}, its whole history"),
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


