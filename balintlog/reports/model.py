"""The year report as data: pure computations over domain objects.

:func:`build_report` takes a :class:`ReportSource` (what the journal loaded
for one period, or for one case's whole history) and returns a
:class:`Report`, whose ``to_json()`` is the JSON shape ``balintlog.report/1``.
The renderers read the same :class:`Report`, so every
format shows the same numbers.

Ended sessions count, and open ones with what they hold so far (the
report names them). Reports are pseudonymised: members appear by
code, clients by their descriptor; ``Member.identity`` is never read here.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from balintlog.domain import (
    MINUTES_PER_DS,
    MINUTES_PER_UE,
    STALE_AFTER_SESSIONS,
    Block,
    CaseHistory,
    CaseStatus,
    Group,
    GroupKind,
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

#: The sessions a report counts.
COUNTED_STATUSES = (SessionStatus.ENDED, SessionStatus.OPEN)


Json = dict[str, Any]


# -- input ------------------------------------------------------------------------


#: What a period is, for naming it: a calendar year, a calendar quarter, the
#: 12 months up to today, one case's whole history, or any other days.
PERIOD_KINDS = ("year", "quarter", "last_12_months", "case", "range")


@dataclass(frozen=True)
class Period:
    """The days a report covers, both inclusive, and what they are
    (``kind``, one of :data:`PERIOD_KINDS`; the case's number for a case's
    history). Without a kind, a whole calendar year or quarter is one, any
    other days a ``range``. The renderers name it in the reader's language
    (:func:`balintlog.reports.describe.period_name`)."""

    start: dt.date
    end: dt.date
    kind: str = ""
    case: int | None = None
    #: The days asked for, where the period was cut to the years that hold
    #: data (``--since 0001-01-01``): the period is named by them.
    asked: tuple[dt.date, dt.date] | None = None

    def __post_init__(self) -> None:
        if not self.kind:
            first, last = self.asked or (self.start, self.end)
            object.__setattr__(self, "kind", _calendar_kind(first, last))
        if self.kind not in PERIOD_KINDS:
            raise ValueError(f"a period is one of {', '.join(PERIOD_KINDS)}, not {self.kind!r}")

    @classmethod
    def of(cls, start: dt.date, end: dt.date, today: dt.date) -> Period:
        """The period of these days, the 12 months up to ``today`` known as such."""
        from balintlog.dates import last_twelve_months

        if (start, end) == last_twelve_months(today):
            return cls(start, end, "last_12_months")
        return cls(start, end)

    def cut(self, start: dt.date, end: dt.date) -> Period:
        """The period cut to ``start``..``end``, still named by the days asked for."""
        if (start, end) == (self.start, self.end):
            return self
        return replace(self, start=start, end=end, asked=self.asked or (self.start, self.end))

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def quarter(self) -> int:
        """The calendar quarter (1..4) the period begins in."""
        return (self.start.month - 1) // 3 + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def to_json(self) -> Json:
        """Dates as ISO days; the label is text, in the reader's language."""
        from balintlog.reports.describe import period_name  # the words live with the renderers

        return {"from": self.start.isoformat(), "to": self.end.isoformat(), "label": period_name(self)}


def _calendar_kind(start: dt.date, end: dt.date) -> str:
    """``year`` or ``quarter`` for exactly one calendar year or quarter, else ``range``."""
    if start.year == end.year and start.day == 1:
        if (start.month, end.month, end.day) == (1, 12, 31):
            return "year"
        next_quarter = dt.date(end.year + 1, 1, 1) if end.month == 12 else dt.date(end.year, end.month + 1, 1)
        if start.month % 3 == 1 and end.month == start.month + 2 and end + dt.timedelta(days=1) == next_quarter:
            return "quarter"
    return "range"


@dataclass(frozen=True)
class ReportSource:
    """What a report is computed from.

    ``sessions`` are the sessions in scope (only ``ended`` ones count),
    ``attendance`` the ids of the members present per session id, ``cases``
    the cases with the presentations in scope (presentations in sessions not
    given here are left out). ``session_order`` lists, per group id, the
    (day, number) of its ended sessions up to the period's end, for
    "sessions since last presented"; None derives it from ``sessions``.

    ``detail`` is ``brief`` (the mirroring and the strongest resonances
    quoted) or ``full`` (every resonance text, the account, group process
    and closing statement). Without ``with_context`` the fields of work,
    institutions and client descriptors are left out. ``stale_after`` holds
    a group's own stale threshold (by group id, in the group's rhythm; see
    :func:`stale_threshold`).
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
    detail: str = "brief"
    with_context: bool = True
    stale_after: Mapping[str, int] = field(default_factory=dict)


# -- output -----------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """Resonances summed up: counts by kind and by level (only kinds and
    levels that occur, in the order of the domain's enumerations), mean
    intensity and mirroring events. The dominant level (and kind) is the
    one that leads strictly; where several share the most resonances there
    is none, and ``tied_levels`` (``tied_kinds``) names them."""

    count: int
    by_kind: dict[str, int]
    by_level: dict[str, int]
    mean_intensity: float | None
    dominant_level: str | None
    mirroring: int
    tied_levels: tuple[str, ...] = ()
    dominant_kind: str | None = None
    tied_kinds: tuple[str, ...] = ()

    def to_json(self) -> Json:
        return {
            "count": self.count,
            "by_kind": dict(self.by_kind),
            "by_level": dict(self.by_level),
            "mean_intensity": self.mean_intensity,
            "dominant_level": self.dominant_level,
            "tied_levels": list(self.tied_levels),
            "dominant_kind": self.dominant_kind,
            "tied_kinds": list(self.tied_kinds),
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
class ResonanceText:
    """One resonance in the group's own words."""

    kind: str
    level: str
    intensity: int
    source: str
    mirroring: bool
    text: str

    def to_json(self) -> Json:
        return {
            "kind": self.kind,
            "level": self.level,
            "intensity": self.intensity,
            "source": self.source,
            "mirroring": self.mirroring,
            "text": self.text,
        }


#: In a brief report, resonances at least this intense are quoted.
STRONG_INTENSITY = 4


@dataclass(frozen=True)
class PresentationReport:
    """One presentation. ``resonance_texts`` are grouped by level (in the
    order of :class:`ResonanceLevel`): all of them in a full report, the
    mirroring and the strong ones (intensity >= :data:`STRONG_INTENSITY`)
    in a brief one. ``account``, ``group_process`` and ``closing`` are None
    in a brief report (not carried), text (maybe empty) in a full one."""

    session: str
    date: dt.date
    kind: str
    question: str
    outcome: str | None
    what_changed: str
    resonances: Profile
    mirroring_events: tuple[MirroringEvent, ...]
    resonance_texts: tuple[ResonanceText, ...] = ()
    account: str | None = None
    group_process: str | None = None
    closing: str | None = None

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
            "resonance_texts": [r.to_json() for r in self.resonance_texts],
            "account": self.account,
            "group_process": self.group_process,
            "closing": self.closing,
        }


@dataclass(frozen=True)
class Shift:
    """What changed between a case's first and latest presentation in scope."""

    kinds_appeared: tuple[str, ...]
    kinds_faded: tuple[str, ...]
    mean_intensity_change: float | None
    dominant_level_from: str | None
    dominant_level_to: str | None
    levels_from: dict[str, int] = field(default_factory=dict)
    levels_to: dict[str, int] = field(default_factory=dict)

    @property
    def clear_levels(self) -> bool:
        """Whether one level led strictly both times: only then can the
        level be said to have moved or stayed."""
        return self.dominant_level_from is not None and self.dominant_level_to is not None

    @property
    def level_moved(self) -> bool:
        return self.clear_levels and self.dominant_level_from != self.dominant_level_to

    @property
    def level_changes(self) -> tuple[tuple[str, int, int], ...]:
        """(level, count at the first, count at the latest) for each level
        whose count changed, in the order of :class:`ResonanceLevel`."""
        return tuple(
            (value, self.levels_from.get(value, 0), self.levels_to.get(value, 0))
            for _lv, value in _LEVELS
            if self.levels_from.get(value, 0) != self.levels_to.get(value, 0)
        )

    def to_json(self) -> Json:
        return {
            "kinds_appeared": list(self.kinds_appeared),
            "kinds_faded": list(self.kinds_faded),
            "mean_intensity_change": self.mean_intensity_change,
            "dominant_level": {"from": self.dominant_level_from, "to": self.dominant_level_to},
            "by_level": {"from": dict(self.levels_from), "to": dict(self.levels_to)},
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
    #: Block days of its group held since, for a block group (else None).
    block_days_since_last: int | None = None
    #: The group's stale threshold and its unit (``sessions``, ``block_days``).
    stale_after: int = STALE_AFTER_SESSIONS
    stale_unit: str = "sessions"

    @property
    def since_last(self) -> int:
        """Sessions or block days since last presented, in the unit the
        stale threshold counts."""
        if self.stale_unit == "block_days" and self.block_days_since_last is not None:
            return self.block_days_since_last
        return self.sessions_since_last

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
            "block_days_since_last": self.block_days_since_last,
            "stale_after": {"count": self.stale_after, "unit": self.stale_unit},
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
    """A group's resonances in one calendar quarter, with the sessions it
    held then (quarters compare per session held). ``partial``: the period,
    or the group's time, covers only part of the quarter."""

    quarter: str
    profile: Profile
    sessions: int = 0
    partial: bool = False

    @property
    def per_session(self) -> float | None:
        """Resonances per session held (None without a session)."""
        return _ratio(self.profile.count, self.sessions)

    def by_kind_per_session(self) -> dict[str, float]:
        return {k: round_half_up(v / self.sessions) for k, v in self.profile.by_kind.items()} if self.sessions else {}

    def by_level_per_session(self) -> dict[str, float]:
        return {k: round_half_up(v / self.sessions) for k, v in self.profile.by_level.items()} if self.sessions else {}

    def to_json(self) -> Json:
        return {
            "quarter": self.quarter,
            "sessions": self.sessions,
            "partial": self.partial,
            "per_session": self.per_session,
            **self.profile.to_json(),
        }


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
    #: Follow-up outcomes of the period, counted (in the order of :class:`Outcome`).
    outcome_tally: dict[str, int] = field(default_factory=dict)
    stale_after: int = STALE_AFTER_SESSIONS
    stale_unit: str = "sessions"

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
            "outcome_tally": dict(self.outcome_tally),
            "stale_after": {"count": self.stale_after, "unit": self.stale_unit},
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
    #: Still open (not ended): what was recorded so far counts.
    open: bool = False

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
            "open": self.open,
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
        return round_half_up(self.minutes / 60)

    @property
    def double_sessions(self) -> float:
        return round_half_up(self.minutes / MINUTES_PER_DS)

    @property
    def teaching_units(self) -> float:
        return round_half_up(self.minutes / MINUTES_PER_UE)

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
    detail: str = "brief"
    with_context: bool = True

    @property
    def open_sessions(self) -> tuple[str, ...]:
        """The sessions counted that are still open."""
        return tuple(s.ref for s in self.sessions if s.open)

    def to_json(self) -> Json:
        """The JSON shape ``balintlog.report/1`` (stable keys, ISO dates)."""
        return {
            "schema": SCHEMA,
            "generated": self.generated.isoformat(timespec="seconds"),
            "period": self.period.to_json(),
            "scope": {"group": self.scope_group, "case": self.scope_case},
            "detail": self.detail,
            "with_context": self.with_context,
            "open_sessions": list(self.open_sessions),
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
    """Counts by kind and level, mean intensity, dominant (or tied) level
    and kind, and mirroring of some resonances."""
    kinds: dict[ResonanceKind, int] = {}
    levels: dict[ResonanceLevel, int] = {}
    count = intensity = mirroring = 0
    for r in resonances:
        kinds[r.kind] = kinds.get(r.kind, 0) + 1
        levels[r.level] = levels.get(r.level, 0) + 1
        count += 1
        intensity += r.intensity
        mirroring += r.mirroring
    by_kind = {value: kinds[k] for k, value in _KINDS if k in kinds}
    by_level = {value: levels[lv] for lv, value in _LEVELS if lv in levels}
    level, tied_levels = leader(by_level)
    kind, tied_kinds = leader(by_kind)
    return Profile(
        count=count,
        by_kind=by_kind,
        by_level=by_level,
        mean_intensity=round_half_up(intensity / count) if count else None,
        dominant_level=level,
        mirroring=mirroring,
        tied_levels=tied_levels,
        dominant_kind=kind,
        tied_kinds=tied_kinds,
    )


def leader(counts: Mapping[str, int]) -> tuple[str | None, tuple[str, ...]]:
    """The one name with the most (None when several share the most) and,
    where there is none, those that share it (in the order given)."""
    if not counts:
        return None, ()
    most = max(counts.values())
    top = tuple(name for name, n in counts.items() if n == most)
    return (top[0], ()) if len(top) == 1 else (None, top)


def dominant_level(resonances: Sequence[Resonance]) -> ResonanceLevel | None:
    """The level most resonances were at, when one leads strictly; None
    when several share the most, or without resonances."""
    count: dict[ResonanceLevel, int] = {}
    for r in resonances:
        count[r.level] = count.get(r.level, 0) + 1
    value, _tied = leader({lv.value: count[lv] for lv, _v in _LEVELS if lv in count})
    return None if value is None else ResonanceLevel(value)


def shift(first: Sequence[Resonance], latest: Sequence[Resonance]) -> Shift:
    """Kinds present at the latest presentation but not the first
    (appeared) and the other way round (faded), the change of mean
    intensity (latest minus first; None when either had no resonances),
    the counts by level at each, and the dominant level at each where one
    led strictly."""
    before = {r.kind for r in first}
    after = {r.kind for r in latest}
    change = None
    if first and latest:
        change = round_half_up(_raw_mean(latest) - _raw_mean(first))
    level_before = dominant_level(first)
    level_after = dominant_level(latest)
    return Shift(
        kinds_appeared=tuple(k.value for k in ResonanceKind if k in after - before),
        kinds_faded=tuple(k.value for k in ResonanceKind if k in before - after),
        mean_intensity_change=change,
        dominant_level_from=None if level_before is None else level_before.value,
        dominant_level_to=None if level_after is None else level_after.value,
        levels_from=_level_counts(first),
        levels_to=_level_counts(latest),
    )


def _level_counts(resonances: Sequence[Resonance]) -> dict[str, int]:
    found = Counter(r.level for r in resonances)
    return {value: found[lv] for lv, value in _LEVELS if lv in found}


def round_half_up(value: float, places: int = 2) -> float:
    """Rounded as people expect: 3.125 → 3.13, 3.25 → 3.3 at one place
    (``round`` goes to the even digit, and binary floats below it)."""
    from decimal import ROUND_HALF_UP, Decimal

    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def period_label(start: dt.date, end: dt.date, today: dt.date) -> str:
    """``last 12 months``, ``2025``, or ``Sat 14 Mar 2026 to Tue 30 Jun 2026``
    (in the reader's language: :func:`balintlog.reports.describe.period_name`)."""
    from balintlog.reports.describe import period_name

    return period_name(Period.of(start, end, today))


#: Default stale thresholds, in the group's own rhythm: six sessions of a
#: continuous group (three months of fortnightly meetings), two block days
#: of a block group (half a year of quarterly blocks).
STALE_AFTER_BLOCK_DAYS = 2
STALE_STATUSES = (CaseStatus.OPEN, CaseStatus.FOLLOWED_UP)


def stale_threshold(group: Group, configured: Mapping[str, int]) -> tuple[int, str]:
    """The group's stale threshold and its unit: a block group counts block
    days, every other group sessions; ``configured`` (by group id) overrides
    the default."""
    unit = "block_days" if group.kind is GroupKind.BLOCK else "sessions"
    default = STALE_AFTER_BLOCK_DAYS if unit == "block_days" else STALE_AFTER_SESSIONS
    return configured.get(group.id, default), unit


def is_stale(status: CaseStatus, since_last: int, threshold: int = STALE_AFTER_SESSIONS) -> bool:
    """An open or followed-up case (the presenter still works with it) not
    presented in the last ``threshold`` sessions, or block days, of its
    group. A closed or lost case was let go of."""
    return status in STALE_STATUSES and since_last >= threshold


def quarter_of(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarters(period: Period) -> list[str]:
    """The calendar quarters the period touches, in order."""
    return [q for q, _start, _end in _quarter_spans(period.start, period.end)]


def _quarter_spans(start: dt.date, end: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """The calendar quarters from ``start`` to ``end`` with their first and
    last day."""
    found = []
    year, q = start.year, (start.month - 1) // 3
    while (year, q) <= (end.year, (end.month - 1) // 3):
        first = dt.date(year, 3 * q + 1, 1)
        last = dt.date(year + 1, 1, 1) if q == 3 else dt.date(year, 3 * q + 4, 1)
        found.append((f"{year}-Q{q + 1}", first, last - dt.timedelta(days=1)))
        year, q = (year + 1, 0) if q == 3 else (year, q + 1)
    return found


def build_report(source: ReportSource) -> Report:
    """Compute the report (see the module docstring)."""
    groups = sorted(
        (g for g in source.groups if _group_in(g, source.period)), key=lambda g: (g.start, g.handle.casefold())
    )
    group_by_id = {g.id: g for g in groups}
    # An open session counts with what it holds so far (the report names it):
    # a case added before ``session end`` must not look lost.
    ended = sorted(
        (s for s in source.sessions if s.status in COUNTED_STATUSES and s.group_id in group_by_id),
        key=lambda s: (s.date, s.seq, group_by_id[s.group_id].handle.casefold()),
    )
    ref_of = {s.id: f"{group_by_id[s.group_id].handle}:{s.seq}" for s in ended}
    session_by_id = {s.id: s for s in ended}
    members = [
        m if source.with_context else replace(m, field="")
        for m in source.members
        if m.group_id in group_by_id and _member_in(m, source.period)
    ]
    members.sort(key=code_order)
    code_of = {m.id: m.code for m in source.members}
    block_seq = {b.id: b.seq for b in source.blocks}
    present = {s.id: frozenset(source.attendance.get(s.id, ())) for s in ended}

    order = _session_order(source, ended)
    group_rank = {g.id: rank for rank, g in enumerate(groups)}
    thresholds = {g.id: stale_threshold(g, source.stale_after) for g in groups}
    cases = [
        c
        for c in (
            _case_report(h, session_by_id, ref_of, order, thresholds[h.group.id], source)
            # cases grouped by group, in the order of the groups
            for h in sorted(source.cases, key=lambda h: (group_rank.get(h.group.id, -1), h.case.number))
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
            thresholds[g.id],
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
            open=s.status is SessionStatus.OPEN,
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
        detail=source.detail,
        with_context=source.with_context,
    )


def _case_report(
    history: CaseHistory,
    session_by_id: Mapping[str, GroupSession],
    ref_of: Mapping[str, str],
    order: Mapping[str, list[tuple[dt.date, int]]],
    threshold: tuple[int, str],
    source: ReportSource,
) -> CaseReport | None:
    entries = sorted(
        (e for e in history.presentations if e.presentation.session_id in session_by_id),
        key=lambda e: (e.date, session_by_id[e.presentation.session_id].seq),
    )
    if not entries:
        return None
    case = history.case
    full = source.detail == "full"
    rows = tuple(_presentation_report(e, ref_of, case.number, full) for e in entries)
    last_session = session_by_id[entries[-1].presentation.session_id]
    # The group's sessions are in order: count those after the last one by bisection.
    keys = order.get(case.group_id, [])
    after = keys[bisect_right(keys, (last_session.date, last_session.seq)) :]
    since = len(after)
    # A block day is a day the block group met.
    block_days = len({day for day, _seq in after if day > last_session.date}) if threshold[1] == "block_days" else None
    first_res = entries[0].presentation.resonances
    latest_res = entries[-1].presentation.resonances
    question = next((r.question for r in reversed(rows) if r.question), "")
    context = source.with_context
    return CaseReport(
        number=case.number,
        title=case.title,
        group=history.group.handle,
        presenter=history.presenter.code,
        presenter_profession=history.presenter.profession.value,
        client=case.client if context else "",
        relationship=case.relationship.value,
        field=case.field if context else "",
        institution=case.institution if context else "",
        status=case.status.value,
        opened=case.opened,
        new=any(e.presentation.kind is PresentationKind.FIRST for e in entries),
        stale=is_stale(case.status, since if block_days is None else block_days, threshold[0]),
        sessions_since_last=since,
        question=question,
        presentations=rows,
        shift=shift(first_res, latest_res) if len(entries) > 1 else None,
        outcomes=tuple(
            (e.presentation.outcome or Outcome.NOT_REPORTED).value
            for e in entries
            if e.presentation.kind is PresentationKind.FOLLOW_UP
        ),
        block_days_since_last=block_days,
        stale_after=threshold[0],
        stale_unit=threshold[1],
    )


def _presentation_report(entry: HistoryEntry, ref_of: Mapping[str, str], number: int, full: bool) -> PresentationReport:
    p = entry.presentation
    ref = ref_of[p.session_id]
    quoted = sorted(
        (r for r in p.resonances if full or r.mirroring or r.intensity >= STRONG_INTENSITY),
        key=lambda r: (_LEVEL_RANK[r.level], r.seq),
    )
    return PresentationReport(
        session=ref,
        date=entry.date,
        kind=p.kind.value,
        question=p.question,
        outcome=None if p.outcome is None else p.outcome.value,
        what_changed=p.what_changed,
        resonances=profile(p.resonances),
        mirroring_events=tuple(_mirroring_event(r, entry.date, ref, number) for r in p.resonances if r.mirroring),
        resonance_texts=tuple(
            ResonanceText(r.kind.value, r.level.value, r.intensity, r.source, r.mirroring, r.text) for r in quoted
        ),
        account=p.account.strip() if full else None,
        group_process=p.group_process.strip() if full else None,
        closing=p.closing.strip() if full else None,
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
    threshold: tuple[int, str],
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
    # The quarters of the period in which the group existed; partial where
    # the period or the group's time covers only part of one.
    active_from = max(period.start, group.start)
    active_to = period.end if group.closed is None else min(period.end, group.closed)
    spans = _quarter_spans(active_from, active_to) if active_from <= active_to else []
    partial = {q: first < active_from or last > active_to for q, first, last in spans}
    by_quarter: dict[str, list[Resonance]] = {q: [] for q, _first, _last in spans}
    held = Counter(quarter_of(s.date) for s in sessions)
    tally = Counter(
        (entry.presentation.outcome or Outcome.NOT_REPORTED)
        for entry, _history in entries
        if entry.presentation.kind is PresentationKind.FOLLOW_UP
    )
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
        resonance_profile_by_quarter=tuple(
            QuarterProfile(q, profile(rs), held[q], partial.get(q, True)) for q, rs in sorted(by_quarter.items())
        ),
        mirroring_events=tuple(events),
        recurring_mirroring=_recurring(events),
        outcome_tally={o.value: tally[o] for o in Outcome if tally[o]},
        stale_after=threshold[0],
        stale_unit=threshold[1],
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


def _mean_rate(rates: Iterable[float | None]) -> float | None:
    known = [r for r in rates if r is not None]
    return round_half_up(sum(known) / len(known)) if known else None


def _round(value: float | None) -> float | None:
    return None if value is None else round_half_up(value)


def _ratio(part: int, whole: int) -> float | None:
    return round_half_up(part / whole) if whole else None


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()
