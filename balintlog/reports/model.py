"""The year report as data: pure computations over domain objects.

:func:`build_report` takes a :class:`ReportSource` (what the journal loaded
for one period, or for one case's whole history) and returns a
:class:`Report`, whose ``to_json()`` is the JSON shape ``balintlog.report/1``.
The renderers read the same :class:`Report`, so every
format shows the same numbers.

Only ended sessions count. Reports are pseudonymised: members appear by
code, clients by their descriptor; ``Member.identity`` is never read here.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from balintlog.domain import (
    MINUTES_PER_DS,
    MINUTES_PER_UE,
    STALE_AFTER_SESSIONS,
    Block,
    CaseHistory,
    CaseStatus,
    Group,
    GroupSession,
    HistoryEntry,
    Member,
    Outcome,
    PresentationKind,
    Resonance,
    ResonanceKind,
    ResonanceLevel,
    SessionStatus,
    code_key,
    code_order,
)

SCHEMA = "balintlog.report/1"


Json = dict[str, Any]


# -- input ------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """The days a report covers, both inclusive, and how to name them."""

    start: dt.date
    end: dt.date
    label: str

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def to_json(self) -> Json:
        return {"from": self.start.isoformat(), "to": self.end.isoformat(), "label": self.label}


@dataclass(frozen=True)
class ReportSource:
    """What a report is computed from.

    ``sessions`` are the sessions in scope (only ``ended`` ones count),
    ``attendance`` the ids of the members present per session id, ``cases``
    the cases with the presentations in scope (presentations in sessions not
    given here are left out). ``session_order`` lists, per group id, the
    (day, number) of its ended sessions up to the period's end, for
    "sessions since last presented"; None derives it from ``sessions``.
    """

    period: Period
    generated: dt.datetime
    groups: Sequence[Group]
    members: Sequence[Member]
    blocks: Sequence[Block]
    sessions: Sequence[GroupSession]
    attendance: Mapping[str, Collection[str]]
    cases: Sequence[CaseHistory]
    session_order: Mapping[str, Sequence[tuple[dt.date, int]]] | None = None
    group_filter: str | None = None
    case_filter: int | None = None


# -- output -----------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """Resonances summed up: counts by kind and by level (only kinds and
    levels that occur, in the order of the domain's enumerations), mean
    intensity and dominant level (None without resonances; see
    :func:`dominant_level`) and mirroring events."""

    count: int
    by_kind: dict[str, int]
    by_level: dict[str, int]
    mean_intensity: float | None
    dominant_level: str | None
    mirroring: int

    def to_json(self) -> Json:
        return {
            "count": self.count,
            "by_kind": dict(self.by_kind),
            "by_level": dict(self.by_level),
            "mean_intensity": self.mean_intensity,
            "dominant_level": self.dominant_level,
            "mirroring": self.mirroring,
        }


@dataclass(frozen=True)
class MirroringEvent:
    date: dt.date
    session: str
    case: int
    kind: str
    level: str
    intensity: int
    source: str
    text: str

    def to_json(self) -> Json:
        return {
            "date": self.date.isoformat(),
            "session": self.session,
            "case": self.case,
            "kind": self.kind,
            "level": self.level,
            "intensity": self.intensity,
            "source": self.source,
            "text": self.text,
        }


@dataclass(frozen=True)
class PresentationReport:
    session: str
    date: dt.date
    kind: str
    question: str
    outcome: str | None
    what_changed: str
    resonances: Profile
    mirroring_events: tuple[MirroringEvent, ...]

    def to_json(self) -> Json:
        return {
            "session": self.session,
            "date": self.date.isoformat(),
            "kind": self.kind,
            "question": self.question,
            "outcome": self.outcome,
            "what_changed": self.what_changed,
            "resonances": self.resonances.to_json(),
            "mirroring_events": [e.to_json() for e in self.mirroring_events],
        }


@dataclass(frozen=True)
class Shift:
    """What changed between a case's first and latest presentation in scope."""

    kinds_appeared: tuple[str, ...]
    kinds_faded: tuple[str, ...]
    mean_intensity_change: float | None
    dominant_level_from: str | None
    dominant_level_to: str | None

    @property
    def level_moved(self) -> bool:
        return self.dominant_level_from != self.dominant_level_to

    def to_json(self) -> Json:
        return {
            "kinds_appeared": list(self.kinds_appeared),
            "kinds_faded": list(self.kinds_faded),
            "mean_intensity_change": self.mean_intensity_change,
            "dominant_level": {"from": self.dominant_level_from, "to": self.dominant_level_to},
        }


@dataclass(frozen=True)
class CaseReport:
    number: int
    title: str
    group: str
    presenter: str
    presenter_profession: str
    client: str
    relationship: str
    field: str
    institution: str
    status: str
    opened: dt.date
    new: bool
    stale: bool
    sessions_since_last: int
    question: str
    presentations: tuple[PresentationReport, ...]
    shift: Shift | None
    outcomes: tuple[str, ...]

    @property
    def mirroring_events(self) -> tuple[MirroringEvent, ...]:
        """The mirroring of every presentation, in date order."""
        return tuple(e for p in self.presentations for e in p.mirroring_events)

    def to_json(self) -> Json:
        return {
            "number": self.number,
            "title": self.title,
            "group": self.group,
            "presenter": self.presenter,
            "presenter_profession": self.presenter_profession,
            "client": self.client,
            "relationship": self.relationship,
            "field": self.field,
            "institution": self.institution,
            "status": self.status,
            "opened": self.opened.isoformat(),
            "new": self.new,
            "stale": self.stale,
            "sessions_since_last": self.sessions_since_last,
            "question": self.question,
            "presentations": [p.to_json() for p in self.presentations],
            "shift": None if self.shift is None else self.shift.to_json(),
            "outcomes": list(self.outcomes),
        }


@dataclass(frozen=True)
class MemberReport:
    code: str
    profession: str
    field: str
    joined: dt.date | None
    left: dt.date | None
    presentations: int
    cases: tuple[int, ...]
    attended: int
    possible: int

    @property
    def attendance_rate(self) -> float | None:
        return _ratio(self.attended, self.possible)

    def to_json(self) -> Json:
        return {
            "code": self.code,
            "profession": self.profession,
            "field": self.field,
            "joined": _iso(self.joined),
            "left": _iso(self.left),
            "presentations": self.presentations,
            "cases": list(self.cases),
            "attended": self.attended,
            "possible": self.possible,
            "attendance_rate": self.attendance_rate,
        }


@dataclass(frozen=True)
class AttendanceMatrix:
    """Members × sessions: True present, False absent, None not a member
    of the group on that day."""

    sessions: tuple[str, ...]
    dates: tuple[dt.date, ...]
    matrix: dict[str, tuple[bool | None, ...]]

    def to_json(self) -> Json:
        return {
            "sessions": list(self.sessions),
            "dates": [d.isoformat() for d in self.dates],
            "matrix": {code: list(row) for code, row in self.matrix.items()},
        }


@dataclass(frozen=True)
class QuarterProfile:
    quarter: str
    profile: Profile

    def to_json(self) -> Json:
        return {"quarter": self.quarter, **self.profile.to_json()}


@dataclass(frozen=True)
class MirroringPattern:
    """Mirroring of one kind at one level, seen in several sessions."""

    kind: str
    level: str
    count: int
    sessions: tuple[str, ...]
    cases: tuple[int, ...]

    def to_json(self) -> Json:
        return {
            "kind": self.kind,
            "level": self.level,
            "count": self.count,
            "sessions": list(self.sessions),
            "cases": list(self.cases),
        }


@dataclass(frozen=True)
class GroupReport:
    handle: str
    name: str
    kind: str
    sessions: int
    block_days: int
    minutes: int
    presentations: int
    mean_attendance_rate: float | None
    members: tuple[MemberReport, ...]
    not_presented: tuple[str, ...]
    attendance: AttendanceMatrix
    resonance_profile_by_quarter: tuple[QuarterProfile, ...]
    mirroring_events: tuple[MirroringEvent, ...]
    recurring_mirroring: tuple[MirroringPattern, ...]

    def to_json(self) -> Json:
        return {
            "handle": self.handle,
            "name": self.name,
            "kind": self.kind,
            "sessions": self.sessions,
            "block_days": self.block_days,
            "minutes": self.minutes,
            "presentations": self.presentations,
            "mean_attendance_rate": self.mean_attendance_rate,
            "members": [m.to_json() for m in self.members],
            "not_presented": list(self.not_presented),
            "attendance": self.attendance.to_json(),
            "resonance_profile_by_quarter": [q.to_json() for q in self.resonance_profile_by_quarter],
            "mirroring_events": [e.to_json() for e in self.mirroring_events],
            "recurring_mirroring": [p.to_json() for p in self.recurring_mirroring],
        }


@dataclass(frozen=True)
class SessionReport:
    ref: str
    group: str
    date: dt.date
    block: int | None
    block_pos: int | None
    minutes: int
    mode: str
    present: tuple[str, ...]
    attendance_rate: float | None
    cases: tuple[int, ...]

    def to_json(self) -> Json:
        return {
            "ref": self.ref,
            "group": self.group,
            "date": self.date.isoformat(),
            "block": self.block,
            "block_pos": self.block_pos,
            "minutes": self.minutes,
            "mode": self.mode,
            "present": list(self.present),
            "attendance_rate": self.attendance_rate,
            "cases": list(self.cases),
        }


#: Kinds of supervision items, in the order they are listed within a session.
SUPERVISION_KINDS = ("leader_notes", "countertransference", "question")


@dataclass(frozen=True)
class SupervisionItem:
    date: dt.date
    session: str
    kind: str
    text: str
    case: int | None = None

    def to_json(self) -> Json:
        return {
            "date": self.date.isoformat(),
            "session": self.session,
            "kind": self.kind,
            "case": self.case,
            "text": self.text,
        }


@dataclass(frozen=True)
class Totals:
    groups: int
    sessions: int
    block_days: int
    minutes: int
    cases: int
    new_cases: int
    first_presentations: int
    follow_ups: int
    updates: int
    members: int
    mean_attendance_rate: float | None
    resonances: int
    mirroring: int

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 2)

    @property
    def double_sessions(self) -> float:
        return round(self.minutes / MINUTES_PER_DS, 2)

    @property
    def teaching_units(self) -> float:
        return round(self.minutes / MINUTES_PER_UE, 2)

    @property
    def presentations(self) -> int:
        return self.first_presentations + self.follow_ups + self.updates

    def to_json(self) -> Json:
        return {
            "groups": self.groups,
            "sessions": self.sessions,
            "block_days": self.block_days,
            "minutes": self.minutes,
            "hours": self.hours,
            "double_sessions": self.double_sessions,
            "teaching_units": self.teaching_units,
            "cases": self.cases,
            "new_cases": self.new_cases,
            "presentations": self.presentations,
            "first_presentations": self.first_presentations,
            "follow_ups": self.follow_ups,
            "updates": self.updates,
            "members": self.members,
            "mean_attendance_rate": self.mean_attendance_rate,
            "resonances": self.resonances,
            "mirroring": self.mirroring,
        }


@dataclass(frozen=True)
class Report:
    generated: dt.datetime
    period: Period
    scope_group: str | None
    scope_case: int | None
    totals: Totals
    groups: tuple[GroupReport, ...]
    sessions: tuple[SessionReport, ...]
    cases: tuple[CaseReport, ...]
    supervision: tuple[SupervisionItem, ...]
    stale_cases: tuple[int, ...] = field(default=())

    def to_json(self) -> Json:
        """The JSON shape ``balintlog.report/1`` (stable keys, ISO dates)."""
        return {
            "schema": SCHEMA,
            "generated": self.generated.isoformat(timespec="seconds"),
            "period": self.period.to_json(),
            "scope": {"group": self.scope_group, "case": self.scope_case},
            "totals": self.totals.to_json(),
            "groups": [g.to_json() for g in self.groups],
            "sessions": [s.to_json() for s in self.sessions],
            "cases": [c.to_json() for c in self.cases],
            "stale_cases": list(self.stale_cases),
            "supervision": [s.to_json() for s in self.supervision],
        }


# -- computations -------------------------------------------------------------------


#: The enumerations' members with their values, in order (iterating an
#: enumeration and reading ``.value`` cost more than the counting here,
#: which runs for every presentation and every quarter of a report).
_KINDS = tuple((k, k.value) for k in ResonanceKind)
_LEVELS = tuple((lv, lv.value) for lv in ResonanceLevel)
_LEVEL_RANK = {lv: rank for rank, lv in enumerate(ResonanceLevel)}


def profile(resonances: Iterable[Resonance]) -> Profile:
    """Counts by kind and level, mean intensity, dominant level and
    mirroring of some resonances."""
    kinds: dict[ResonanceKind, int] = {}
    levels: dict[ResonanceLevel, int] = {}
    weight: dict[ResonanceLevel, int] = {}
    count = intensity = mirroring = 0
    for r in resonances:
        kinds[r.kind] = kinds.get(r.kind, 0) + 1
        levels[r.level] = levels.get(r.level, 0) + 1
        weight[r.level] = weight.get(r.level, 0) + r.intensity
        count += 1
        intensity += r.intensity
        mirroring += r.mirroring
    dominant = _dominant(levels, weight)
    return Profile(
        count=count,
        by_kind={value: kinds[k] for k, value in _KINDS if k in kinds},
        by_level={value: levels[lv] for lv, value in _LEVELS if lv in levels},
        mean_intensity=round(intensity / count, 2) if count else None,
        dominant_level=None if dominant is None else dominant.value,
        mirroring=mirroring,
    )


def dominant_level(resonances: Sequence[Resonance]) -> ResonanceLevel | None:
    """The level most resonances were at; a tie goes to the higher summed
    intensity, then to the level listed first in :class:`ResonanceLevel`."""
    count: dict[ResonanceLevel, int] = {}
    weight: dict[ResonanceLevel, int] = {}
    for r in resonances:
        count[r.level] = count.get(r.level, 0) + 1
        weight[r.level] = weight.get(r.level, 0) + r.intensity
    return _dominant(count, weight)


def _dominant(count: Mapping[ResonanceLevel, int], weight: Mapping[ResonanceLevel, int]) -> ResonanceLevel | None:
    """:func:`dominant_level` from the resonances counted and their
    intensity summed by level."""
    if not count:
        return None
    return min(count, key=lambda lv: (-count[lv], -weight[lv], _LEVEL_RANK[lv]))


def shift(first: Sequence[Resonance], latest: Sequence[Resonance]) -> Shift:
    """Kinds present at the latest presentation but not the first
    (appeared) and the other way round (faded), the change of mean
    intensity (latest minus first; None when either had no resonances),
    and the dominant level at each."""
    before = {r.kind for r in first}
    after = {r.kind for r in latest}
    mean_before = _mean([r.intensity for r in first])
    mean_after = _mean([r.intensity for r in latest])
    change = None
    if mean_before is not None and mean_after is not None:
        change = round(_raw_mean(latest) - _raw_mean(first), 2)
    level_before = dominant_level(first)
    level_after = dominant_level(latest)
    return Shift(
        kinds_appeared=tuple(k.value for k in ResonanceKind if k in after - before),
        kinds_faded=tuple(k.value for k in ResonanceKind if k in before - after),
        mean_intensity_change=change,
        dominant_level_from=None if level_before is None else level_before.value,
        dominant_level_to=None if level_after is None else level_after.value,
    )


def period_label(start: dt.date, end: dt.date, today: dt.date) -> str:
    """``last 12 months``, ``2025``, or ``14 Mar 2026 to 30 Jun 2026``."""
    from balintlog.dates import format_date, last_twelve_months

    if (start, end) == last_twelve_months(today):
        return "last 12 months"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return str(start.year)
    return f"{format_date(start)} to {format_date(end)}"


def is_stale(status: CaseStatus, sessions_since_last: int) -> bool:
    """Whether a case is stale: an open case not presented in the last
    :data:`STALE_AFTER_SESSIONS` ended sessions of its group. (A followed-up
    case was heard again; whether it comes back is the presenter's choice.)"""
    return status is CaseStatus.OPEN and sessions_since_last >= STALE_AFTER_SESSIONS


def quarter_of(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarters(period: Period) -> list[str]:
    """The calendar quarters the period touches, in order."""
    found: list[str] = []
    year, q = period.start.year, (period.start.month - 1) // 3
    while (year, q) <= (period.end.year, (period.end.month - 1) // 3):
        found.append(f"{year}-Q{q + 1}")
        year, q = (year + 1, 0) if q == 3 else (year, q + 1)
    return found


def build_report(source: ReportSource) -> Report:
    """Compute the report (see the module docstring)."""
    groups = sorted(
        (g for g in source.groups if _group_in(g, source.period)), key=lambda g: (g.start, g.handle.casefold())
    )
    group_by_id = {g.id: g for g in groups}
    ended = sorted(
        (s for s in source.sessions if s.status is SessionStatus.ENDED and s.group_id in group_by_id),
        key=lambda s: (s.date, s.seq, group_by_id[s.group_id].handle.casefold()),
    )
    ref_of = {s.id: f"{group_by_id[s.group_id].handle}:{s.seq}" for s in ended}
    session_by_id = {s.id: s for s in ended}
    members = [m for m in source.members if m.group_id in group_by_id and _member_in(m, source.period)]
    members.sort(key=code_order)
    code_of = {m.id: m.code for m in source.members}
    block_seq = {b.id: b.seq for b in source.blocks}
    present = {s.id: frozenset(source.attendance.get(s.id, ())) for s in ended}

    order = _session_order(source, ended)
    cases = [
        c
        for c in (
            _case_report(h, session_by_id, ref_of, order)
            for h in sorted(source.cases, key=lambda h: h.case.number)
            if h.group.id in group_by_id
        )
        if c is not None
    ]
    entries_by_group: dict[str, list[tuple[HistoryEntry, CaseHistory]]] = {g.id: [] for g in groups}
    for history in source.cases:
        for entry in history.presentations:
            if entry.presentation.session_id in session_by_id and history.group.id in entries_by_group:
                entries_by_group[history.group.id].append((entry, history))

    rates = {s.id: _attendance_rate(s, members, present[s.id]) for s in ended}
    group_reports = tuple(
        _group_report(
            g,
            [s for s in ended if s.group_id == g.id],
            [m for m in members if m.group_id == g.id],
            entries_by_group[g.id],
            present,
            rates,
            ref_of,
            source.period,
        )
        for g in groups
    )
    cases_in = {sid: sorted({e.presentation.case_id for e, _h in items}) for sid, items in _by_session(source).items()}
    number_of = {h.case.id: h.case.number for h in source.cases}
    sessions = tuple(
        SessionReport(
            ref=ref_of[s.id],
            group=group_by_id[s.group_id].handle,
            date=s.date,
            block=block_seq.get(s.block_id) if s.block_id else None,
            block_pos=s.block_pos,
            minutes=s.minutes,
            mode=s.mode.value,
            present=tuple(sorted((code_of[m] for m in present[s.id] if m in code_of), key=code_key)),
            attendance_rate=_round(rates[s.id]),
            cases=tuple(sorted(number_of[c] for c in cases_in.get(s.id, []))),
        )
        for s in ended
    )
    presentations = [p for c in cases for p in c.presentations]
    kinds = Counter(p.kind for p in presentations)
    totals = Totals(
        groups=len(groups),
        sessions=len(ended),
        block_days=len({s.block_id for s in ended if s.block_id}),
        minutes=sum(s.minutes for s in ended),
        cases=len(cases),
        new_cases=sum(1 for c in cases if c.new),
        first_presentations=kinds[PresentationKind.FIRST.value],
        follow_ups=kinds[PresentationKind.FOLLOW_UP.value],
        updates=kinds[PresentationKind.UPDATE.value],
        members=len(members),
        mean_attendance_rate=_mean_rate(rates[s.id] for s in ended),
        resonances=sum(p.resonances.count for p in presentations),
        mirroring=sum(p.resonances.mirroring for p in presentations),
    )
    return Report(
        generated=source.generated,
        period=source.period,
        scope_group=source.group_filter,
        scope_case=source.case_filter,
        totals=totals,
        groups=group_reports,
        sessions=sessions,
        cases=tuple(cases),
        supervision=_supervision(source, ended, ref_of),
        stale_cases=tuple(c.number for c in cases if c.stale),
    )


def _case_report(
    history: CaseHistory,
    session_by_id: Mapping[str, GroupSession],
    ref_of: Mapping[str, str],
    order: Mapping[str, list[tuple[dt.date, int]]],
) -> CaseReport | None:
    entries = sorted(
        (e for e in history.presentations if e.presentation.session_id in session_by_id),
        key=lambda e: (e.date, session_by_id[e.presentation.session_id].seq),
    )
    if not entries:
        return None
    case = history.case
    rows = tuple(_presentation_report(e, ref_of, case.number) for e in entries)
    last_session = session_by_id[entries[-1].presentation.session_id]
    # The group's sessions are in order: count those after the last one by bisection.
    keys = order.get(case.group_id, [])
    since = len(keys) - bisect_right(keys, (last_session.date, last_session.seq))
    first_res = entries[0].presentation.resonances
    latest_res = entries[-1].presentation.resonances
    question = next((r.question for r in reversed(rows) if r.question), "")
    return CaseReport(
        number=case.number,
        title=case.title,
        group=history.group.handle,
        presenter=history.presenter.code,
        presenter_profession=history.presenter.profession.value,
        client=case.client,
        relationship=case.relationship.value,
        field=case.field,
        institution=case.institution,
        status=case.status.value,
        opened=case.opened,
        new=any(e.presentation.kind is PresentationKind.FIRST for e in entries),
        stale=is_stale(case.status, since),
        sessions_since_last=since,
        question=question,
        presentations=rows,
        shift=shift(first_res, latest_res) if len(entries) > 1 else None,
        outcomes=tuple(
            (e.presentation.outcome or Outcome.NOT_REPORTED).value
            for e in entries
            if e.presentation.kind is PresentationKind.FOLLOW_UP
        ),
    )


def _presentation_report(entry: HistoryEntry, ref_of: Mapping[str, str], number: int) -> PresentationReport:
    p = entry.presentation
    ref = ref_of[p.session_id]
    return PresentationReport(
        session=ref,
        date=entry.date,
        kind=p.kind.value,
        question=p.question,
        outcome=None if p.outcome is None else p.outcome.value,
        what_changed=p.what_changed,
        resonances=profile(p.resonances),
        mirroring_events=tuple(_mirroring_event(r, entry.date, ref, number) for r in p.resonances if r.mirroring),
    )


def _mirroring_event(r: Resonance, day: dt.date, ref: str, number: int) -> MirroringEvent:
    return MirroringEvent(
        date=day,
        session=ref,
        case=number,
        kind=r.kind.value,
        level=r.level.value,
        intensity=r.intensity,
        source=r.source,
        text=r.text,
    )


def _group_report(
    group: Group,
    sessions: Sequence[GroupSession],
    members: Sequence[Member],
    entries: Sequence[tuple[HistoryEntry, CaseHistory]],
    present: Mapping[str, frozenset[str]],
    rates: Mapping[str, float | None],
    ref_of: Mapping[str, str],
    period: Period,
) -> GroupReport:
    presented: dict[str, list[int]] = {m.id: [] for m in members}
    for _entry, history in entries:
        if history.case.presenter_id in presented:
            presented[history.case.presenter_id].append(history.case.number)
    member_rows = tuple(
        MemberReport(
            code=m.code,
            profession=m.profession.value,
            field=m.field,
            joined=m.joined,
            left=m.left,
            presentations=len(presented[m.id]),
            cases=tuple(sorted(set(presented[m.id]))),
            attended=sum(1 for s in sessions if m.id in present[s.id]),
            possible=sum(1 for s in sessions if m.active_on(s.date)),
        )
        for m in members
    )
    matrix = AttendanceMatrix(
        sessions=tuple(ref_of[s.id] for s in sessions),
        dates=tuple(s.date for s in sessions),
        matrix={
            m.code: tuple((m.id in present[s.id]) if m.active_on(s.date) else None for s in sessions) for m in members
        },
    )
    by_quarter: dict[str, list[Resonance]] = {q: [] for q in quarters(period)}
    events: list[MirroringEvent] = []
    for entry, history in sorted(entries, key=lambda item: (item[0].date, ref_of[item[0].presentation.session_id])):
        by_quarter.setdefault(quarter_of(entry.date), []).extend(entry.presentation.resonances)
        ref = ref_of[entry.presentation.session_id]
        events.extend(
            _mirroring_event(r, entry.date, ref, history.case.number)
            for r in entry.presentation.resonances
            if r.mirroring
        )
    return GroupReport(
        handle=group.handle,
        name=group.name,
        kind=group.kind.value,
        sessions=len(sessions),
        block_days=len({s.block_id for s in sessions if s.block_id}),
        minutes=sum(s.minutes for s in sessions),
        presentations=len(entries),
        mean_attendance_rate=_mean_rate(rates[s.id] for s in sessions),
        members=member_rows,
        not_presented=tuple(r.code for r in member_rows if r.presentations == 0),
        attendance=matrix,
        resonance_profile_by_quarter=tuple(QuarterProfile(q, profile(rs)) for q, rs in sorted(by_quarter.items())),
        mirroring_events=tuple(events),
        recurring_mirroring=_recurring(events),
    )


def _recurring(events: Sequence[MirroringEvent]) -> tuple[MirroringPattern, ...]:
    """Mirroring of the same kind at the same level in two or more sessions,
    most frequent first."""
    grouped: dict[tuple[str, str], list[MirroringEvent]] = {}
    for e in events:
        grouped.setdefault((e.kind, e.level), []).append(e)
    kinds = [k.value for k in ResonanceKind]
    levels = [lv.value for lv in ResonanceLevel]
    patterns = [
        MirroringPattern(
            kind=kind,
            level=level,
            count=len(items),
            sessions=tuple(dict.fromkeys(e.session for e in items)),
            cases=tuple(sorted({e.case for e in items})),
        )
        for (kind, level), items in grouped.items()
        if len({e.session for e in items}) > 1
    ]
    patterns.sort(key=lambda p: (-p.count, kinds.index(p.kind), levels.index(p.level)))
    return tuple(patterns)


def _supervision(
    source: ReportSource, ended: Sequence[GroupSession], ref_of: Mapping[str, str]
) -> tuple[SupervisionItem, ...]:
    """Per session in date order: the leader's notes of each case worked
    (by case number), then the leader's countertransference, then the
    questions for supervision."""
    by_session = _by_session(source)
    items: list[SupervisionItem] = []
    for s in ended:
        ref = ref_of[s.id]
        for entry, history in sorted(by_session.get(s.id, []), key=lambda item: item[1].case.number):
            if entry.presentation.leader_notes.strip():
                items.append(
                    SupervisionItem(
                        s.date, ref, "leader_notes", entry.presentation.leader_notes.strip(), history.case.number
                    )
                )
        if s.notes.countertransference.strip():
            items.append(SupervisionItem(s.date, ref, "countertransference", s.notes.countertransference.strip()))
        if s.notes.supervision_questions.strip():
            items.append(SupervisionItem(s.date, ref, "question", s.notes.supervision_questions.strip()))
    return tuple(items)


def _by_session(source: ReportSource) -> dict[str, list[tuple[HistoryEntry, CaseHistory]]]:
    found: dict[str, list[tuple[HistoryEntry, CaseHistory]]] = {}
    for history in source.cases:
        for entry in history.presentations:
            found.setdefault(entry.presentation.session_id, []).append((entry, history))
    return found


def _session_order(source: ReportSource, ended: Sequence[GroupSession]) -> dict[str, list[tuple[dt.date, int]]]:
    if source.session_order is not None:
        return {
            gid: sorted(key for key in keys if key[0] <= source.period.end)
            for gid, keys in source.session_order.items()
        }
    found: dict[str, list[tuple[dt.date, int]]] = {}
    for s in ended:
        found.setdefault(s.group_id, []).append((s.date, s.seq))
    return found


def _attendance_rate(session: GroupSession, members: Sequence[Member], present: frozenset[str]) -> float | None:
    """Members present / members of the group on the session's day (not
    rounded: means are taken of the exact rates)."""
    active = {m.id for m in members if m.group_id == session.group_id and m.active_on(session.date)}
    return len(active & present) / len(active) if active else None


def _group_in(group: Group, period: Period) -> bool:
    """Whether the group met, or could have met, on some day of the period."""
    return group.start <= period.end and (group.closed is None or group.closed >= period.start)


def _member_in(member: Member, period: Period) -> bool:
    """Whether the member belonged to the group on some day of the period."""
    joined_in_time = member.joined is None or member.joined <= period.end
    return joined_in_time and (member.left is None or member.left >= period.start)


def _raw_mean(resonances: Sequence[Resonance]) -> float:
    return sum(r.intensity for r in resonances) / len(resonances)


def _mean(values: Sequence[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def _mean_rate(rates: Iterable[float | None]) -> float | None:
    known = [r for r in rates if r is not None]
    return round(sum(known) / len(known), 2) if known else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 2) if whole else None


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


