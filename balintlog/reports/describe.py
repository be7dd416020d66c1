"""Words and numbers of a report as a reader sees them, shared by the
terminal, Markdown and HTML renderers so that every format says the same."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from balintlog.dates import format_date
from balintlog.domain import ResonanceKind, ResonanceLevel
from balintlog.kinds import SPECIAL_SOURCES
from balintlog.reports.model import (
    CaseReport,
    GroupReport,
    MirroringEvent,
    Profile,
    QuarterProfile,
    Report,
    ResonanceText,
    Shift,
    Totals,
)

SUPERVISION_LABELS = {
    "leader_notes": "Leader's notes",
    "countertransference": "My countertransference",
    "question": "Question for supervision",
}

TITLE = "Year report for supervision"
CASE_TITLE = "Case report for supervision"


def label(value: str | None) -> str:
    """``understanding_changed`` → ``understanding changed``, ``follow_up``
    → ``follow-up``; None → ``–``."""
    if not value:
        return "–"
    return "follow-up" if value == "follow_up" else value.replace("_", " ")


def day(value: dt.date) -> str:
    return format_date(value)


def short_day(value: dt.date) -> str:
    """``14 Mar 2026`` (the weekday left out where space is short)."""
    return format_date(value).split(" ", 1)[1]


def _half_up(value: float, places: int) -> str:
    """``value`` with ``places`` decimals, halves rounded up (3.25 → 3.3),
    as people round; ``round`` and ``format`` go to the even digit."""
    from decimal import ROUND_HALF_UP, Decimal

    return str(Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def percent(rate: float | None) -> str:
    return "–" if rate is None else f"{_half_up(rate * 100, 0)} %"


def number(value: float | None, places: int = 1) -> str:
    """1 place, without a trailing ``.0`` for whole numbers of sessions."""
    if value is None:
        return "–"
    text = _half_up(value, places)
    return text.rstrip("0").rstrip(".") if "." in text else text


def plural(count: int, noun: str) -> str:
    """``1 block day``, ``2 block days``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def intensity(value: float | None) -> str:
    """A mean intensity (1–5) with one decimal: ``3.0``."""
    return "–" if value is None else _half_up(value, 1)


def signed(value: float | None) -> str:
    if value is None:
        return "–"
    text = _half_up(value, 1)
    if float(text) == 0:
        return "±0"
    return text.replace("-", "−") if text.startswith("-") else f"+{text}"


def heading(report: Report) -> str:
    """``Year report for supervision``, or for one case ``Case report …``."""
    return TITLE if report.scope_case is None else CASE_TITLE


def title(report: Report) -> str:
    return f"{heading(report)}: {period(report)}"


def period(report: Report) -> str:
    p = report.period
    return f"{p.label} ({short_day(p.start)} – {short_day(p.end)})"


def scope(report: Report) -> str:
    return f"group {report.scope_group}" if report.scope_group else "all groups"


def generated(report: Report) -> str:
    return report.generated.strftime("%Y-%m-%d %H:%M")


def meta(report: Report, with_period: bool = True) -> str:
    """The line under the title: period (unless the title holds it), scope, when generated."""
    where = f"{scope(report)} · generated {generated(report)}"
    return f"{period(report)} · {where}" if with_period else where


def people(report: Report) -> str:
    """What the report says about people, for the reader deciding where it may go."""
    if report.with_context:
        return (
            "About people: members by code with their professions, fields of work and institutions; "
            "clients by descriptor; no names."
        )
    return "About people: members by code with their professions; clients by case title only; no names."


def open_sessions(report: Report) -> str:
    """The sessions still open, or ``""``."""
    refs = report.open_sessions
    if not refs:
        return ""
    which = ", ".join(refs)
    return (
        f"Still open: {which}. What it holds so far is counted; 'balintlog session end' ends it."
        if len(refs) == 1
        else f"Still open: {which}. What they hold so far is counted; 'balintlog session end' ends them."
    )


def overview(totals: Totals) -> list[tuple[str, str]]:
    """The overview as (what, figure) rows."""
    continued = totals.cases - totals.new_cases
    rows = [
        ("Groups", str(totals.groups)),
        ("Sessions held", str(totals.sessions)),
    ]
    if totals.block_days:
        rows.append(("Block days", str(totals.block_days)))
    rows += [
        (
            "Time",
            f"{totals.minutes} min = {number(totals.hours)} h = {number(totals.double_sessions)} DS "
            f"({number(totals.teaching_units)} UE)",
        ),
        ("Members", str(totals.members)),
        ("Cases", f"{totals.cases} ({totals.new_cases} new, {continued} continued)"),
        (
            "Presentations",
            f"{totals.presentations} ({totals.first_presentations} first, {totals.follow_ups} follow-ups"
            + (f", {totals.updates} updates" if totals.updates else "")
            + ")",
        ),
        ("Resonances", f"{totals.resonances} ({totals.mirroring} mirroring)"),
        ("Mean attendance", percent(totals.mean_attendance_rate)),
    ]
    return rows


def counts(by: Mapping[str, int]) -> str:
    """Every count, largest first (ties in the given order): ``affect 4, image 2``."""
    ranked = sorted(by.items(), key=lambda item: -item[1])
    return ", ".join(f"{label(k)} {v}" for k, v in ranked) or "–"


def leading(dominant: str | None, tied: tuple[str, ...]) -> str:
    """``client``, or ``mixed (client, institution)`` where none leads; ``–``."""
    if dominant is not None:
        return label(dominant)
    if tied:
        return f"mixed ({', '.join(label(t) for t in tied)})"
    return "–"


def level_of(p: Profile) -> str:
    """``mostly client``, or ``mixed (client, institution)``."""
    if p.dominant_level is not None:
        return f"mostly {label(p.dominant_level)}"
    return leading(None, p.tied_levels)


def profile_line(p: Profile) -> str:
    """``6 resonances, mean 3.3; affect 2, impulse 2, image 1, thought 1;
    mostly client; 1 mirroring`` (every kind, so that nothing is hidden)."""
    if not p.count:
        return "no resonances noted"
    parts = [
        f"{plural(p.count, 'resonance')}, mean {intensity(p.mean_intensity)}",
        counts(p.by_kind),
        level_of(p),
    ]
    if p.mirroring:
        parts.append(f"{p.mirroring} mirroring")
    return "; ".join(parts)


def shift_line(s: Shift) -> str:
    """What moved between the first and latest presentation, in words: the
    level moved or stayed only where one led strictly both times, else the
    counts by level that changed."""
    parts = []
    if s.clear_levels:
        if s.level_moved:
            parts.append(f"level moved from {label(s.dominant_level_from)} to {label(s.dominant_level_to)}")
        else:
            parts.append(f"level stayed at {label(s.dominant_level_from)}")
    elif s.level_changes:
        parts.append("levels " + ", ".join(f"{label(lv)} {a}→{b}" for lv, a, b in s.level_changes))
    elif s.levels_from:
        parts.append("levels unchanged")
    if s.kinds_appeared:
        parts.append("appeared: " + ", ".join(label(k) for k in s.kinds_appeared))
    if s.kinds_faded:
        parts.append("faded: " + ", ".join(label(k) for k in s.kinds_faded))
    if s.mean_intensity_change is not None:
        parts.append(f"mean intensity {signed(s.mean_intensity_change)}")
    return "; ".join(parts) or "no resonances to compare"


def case_heading(case: CaseReport) -> str:
    return f"#{case.number} {case.title}"


def case_facts(case: CaseReport) -> str:
    """``nord · M1 (judge) · judge party · family court · client: woman, 38``"""
    parts = [case.group, f"{case.presenter} ({label(case.presenter_profession)})", label(case.relationship)]
    if case.field:
        parts.append(case.field)
    if case.institution:
        parts.append(case.institution)
    if case.client:
        parts.append(f"client: {case.client}")
    return " · ".join(parts)


def unit(count: int, what: str) -> str:
    """``3 sessions``, ``1 block day`` (``what``: ``sessions`` or ``block_days``)."""
    return plural(count, "block day" if what == "block_days" else "session")


def since(case: CaseReport) -> str:
    """``2 sessions`` or ``1 block day`` since last presented, in the group's rhythm."""
    return unit(case.since_last, case.stale_unit)


def case_status(case: CaseReport, report: Report) -> str:
    """``2 sessions since last presented, new in this period`` (the status
    itself is the case's badge)."""
    if case.sessions_since_last == 0:
        parts = ["presented in the latest session"]
    elif case.since_last == 0:  # a later session of the same block day
        parts = ["presented on the latest block day"]
    else:
        parts = [f"{since(case)} since last presented"]
    if case.new and report.scope_case is None:
        parts.append("new in this period")
    else:
        parts.append(f"opened {short_day(case.opened)}")
    return ", ".join(parts)


def stale_note(case: CaseReport) -> str:
    return f"stale: not presented in the group's last {unit(case.stale_after, case.stale_unit)}"


def outcome_chain(case: CaseReport) -> str:
    return " → ".join(label(o) for o in case.outcomes) or "–"


def summary_header(group: GroupReport) -> list[str]:
    """The at-a-glance table's columns; the last but one counts in the
    group's rhythm (sessions or block days since last presented)."""
    since_what = "Block days since" if group.stale_unit == "block_days" else "Sessions since"
    return ["#", "Case", "Presenter", "Status", "Pres.", "Outcomes", "Mirr.", since_what, "Stale"]


def summary_row(case: CaseReport) -> list[str]:
    """One line of the at-a-glance table (the group is its section's)."""
    return [
        str(case.number),
        case.title,
        case.presenter,
        label(case.status),
        str(len(case.presentations)),
        outcome_chain(case),
        str(len(case.mirroring_events)),
        str(case.since_last),
        "stale" if case.stale else "",
    ]


def tally(counts_by: Mapping[str, int]) -> str:
    """``eased 3, unchanged 1``: the follow-up outcomes of a group."""
    return ", ".join(f"{label(k)} {v}" for k, v in counts_by.items()) or "no follow-up"


def group_line(group: GroupReport) -> str:
    """``continuous · 26 sessions held · mean attendance 87 %`` (block days
    only for a group that meets in them)."""
    days = f" on {plural(group.block_days, 'block day')}" if group.block_days else ""
    return (
        f"{label(group.kind)} · {plural(group.sessions, 'session')} held{days} · "
        f"mean attendance {percent(group.mean_attendance_rate)}"
    )


def stale_rule(group: GroupReport) -> str:
    return (
        f"Stale: an open or followed-up case not presented in the last {unit(group.stale_after, group.stale_unit)}."
    )


def source(value: str) -> str:
    """Who voiced a resonance: ``A3``, ``the group``, ``the leader``, ``the co-leader``."""
    return f"the {value.replace('_', '-')}" if value in SPECIAL_SOURCES else value


def resonance_head(r: ResonanceText) -> str:
    """``affect · 4 · A3 · mirroring``"""
    parts = [label(r.kind), str(r.intensity), f"by {source(r.source)}"]
    if r.mirroring:
        parts.append("mirroring")
    return " · ".join(parts)


def by_level(texts: tuple[ResonanceText, ...]) -> list[tuple[str, list[ResonanceText]]]:
    """The resonance texts of a presentation grouped by level (kept in order)."""
    found: dict[str, list[ResonanceText]] = {}
    for r in texts:
        found.setdefault(r.level, []).append(r)
    return list(found.items())


def mirroring_head(e: MirroringEvent) -> str:
    """``5 Mar 2026 · #4 · splitting / group / 3 · A2``"""
    return (
        f"{short_day(e.date)} · #{e.case} · {label(e.kind)} / {label(e.level)} / {e.intensity} · by {source(e.source)}"
    )


def quarter_name(q: QuarterProfile) -> str:
    return f"{q.quarter} (partial)" if q.partial else q.quarter


def quarter_rows(group: GroupReport) -> list[tuple[str, list[str]]]:
    """The group's quarters side by side, as (what, value per quarter) rows:
    sessions held, resonances per session, mean intensity, mirroring, then
    every level and every kind that occurs, per session held, and the
    leading level."""
    quarters = group.resonance_profile_by_quarter
    rows = [
        ("Sessions held", [str(q.sessions) for q in quarters]),
        ("Resonances per session", [number(q.per_session) for q in quarters]),
        ("Mean intensity", [intensity(q.profile.mean_intensity) for q in quarters]),
        ("Mirroring", [str(q.profile.mirroring) for q in quarters]),
    ]
    levels = [q.by_level_per_session() for q in quarters]
    kinds = [q.by_kind_per_session() for q in quarters]

    def per_session(names: tuple[str, ...], found: list[dict[str, float]]) -> list[tuple[str, list[str]]]:
        return [
            (label(name), [number(per[name]) if name in per else "" for per in found])
            for name in names
            if any(name in per for per in found)
        ]

    rows += per_session(LEVELS, levels)
    rows.append(("Leading level", [leading(q.profile.dominant_level, q.profile.tied_levels) for q in quarters]))
    return rows + per_session(KINDS, kinds)


def detail_line(report: Report) -> str:
    if report.detail == "full":
        return "Detail: full (every resonance, the account, group process and closing statement)."
    return "Detail: brief (mirroring and strong resonances, intensity 4 and 5, quoted)."


#: The names of levels and kinds in the order the domain lists them.
LEVELS = tuple(lv.value for lv in ResonanceLevel)
KINDS = tuple(k.value for k in ResonanceKind)

PRESENTATION_TEXTS = (("account", "Account"), ("group_process", "Group process"), ("closing", "Closing statement"))

GLOSSARY = (
    ("DS", "Doppelstunde, a double session of 90 minutes; UE (Unterrichtseinheit) is a teaching unit of 45 minutes."),
    ("Presentation", "first (a case brought for the first time), follow-up (what became of it), update."),
    (
        "Resonance",
        "what a member, the group or the leader felt, imagined or sensed while the case was told; "
        "counted by kind and by level.",
    ),
    (
        "Kinds",
        "affect, bodily, image, phantasy, association, identification, impulse, thought, absence (something "
        "missing), splitting (the case divides the group), humour.",
    ),
    (
        "Levels",
        "whom the resonance concerns: client, presenter, relationship, third parties, institution, group, leader.",
    ),
    ("Intensity", "1 (faint) to 5 (overwhelming); the mean is shown with one decimal, halves rounded up."),
    ("Mirroring", "the group re-enacting the case's relationship among itself (parallel process)."),
    ("Mostly / mixed", "a level or kind is named only when it leads strictly; otherwise the tied ones are named."),
    ("Quarters", "compared per session held; a partial quarter lies only partly in the period or the group's time."),
)


