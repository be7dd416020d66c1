"""Words and numbers of a report as a reader sees them, shared by the
terminal, Markdown and HTML renderers so that every format says the same."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from balintlog.dates import format_date
from balintlog.reports.model import CaseReport, Profile, Report, Shift, Totals

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


def percent(rate: float | None) -> str:
    return "–" if rate is None else f"{round(rate * 100)} %"


def number(value: float | None, places: int = 1) -> str:
    """1 place, without a trailing ``.0`` for whole numbers of sessions."""
    if value is None:
        return "–"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.{places}f}"


def plural(count: int, noun: str) -> str:
    """``1 block day``, ``2 block days``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def intensity(value: float | None) -> str:
    """A mean intensity (1–5) with one decimal: ``3.0``."""
    return "–" if value is None else f"{value:.1f}"


def signed(value: float | None) -> str:
    if value is None:
        return "–"
    return "±0" if value == 0 else f"{value:+.1f}".replace("-", "−")


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


def overview(totals: Totals) -> list[tuple[str, str]]:
    """The overview as (what, figure) rows."""
    continued = totals.cases - totals.new_cases
    return [
        ("Groups", str(totals.groups)),
        ("Sessions held", str(totals.sessions)),
        ("Block days", str(totals.block_days)),
        (
            "Time",
            f"{totals.minutes} min = {number(totals.hours)} h = {number(totals.double_sessions)} DS "
            f"({number(totals.teaching_units)} UE)",
        ),
        ("Members", str(totals.members)),
        ("Cases presented", f"{totals.cases} ({totals.new_cases} new, {continued} continued)"),
        (
            "Presentations",
            f"{totals.presentations} ({totals.first_presentations} first, {totals.follow_ups} follow-ups"
            + (f", {totals.updates} updates" if totals.updates else "")
            + ")",
        ),
        ("Resonances", f"{totals.resonances} ({totals.mirroring} mirroring)"),
        ("Mean attendance", percent(totals.mean_attendance_rate)),
    ]


def top(counts: Mapping[str, int], n: int = 3) -> str:
    """The ``n`` largest counts: ``affect 4, image 2``."""
    ranked = sorted(counts.items(), key=lambda item: -item[1])[:n]
    return ", ".join(f"{label(k)} {v}" for k, v in ranked) or "–"


def profile_line(p: Profile) -> str:
    """``6 resonances, mean 3.3; affect 2, impulse 2, image 1; mostly client; 1 mirroring``"""
    if not p.count:
        return "no resonances noted"
    parts = [
        f"{plural(p.count, 'resonance')}, mean {intensity(p.mean_intensity)}",
        top(p.by_kind),
        f"mostly {label(p.dominant_level)}",
    ]
    if p.mirroring:
        parts.append(f"{p.mirroring} mirroring")
    return "; ".join(parts)


def shift_line(s: Shift | None) -> str:
    """What moved between the first and latest presentation, in words."""
    if s is None:
        return "presented once in this period: no shift to show"
    parts = []
    if s.dominant_level_from is not None and s.dominant_level_to is not None:
        if s.level_moved:
            parts.append(f"level moved from {label(s.dominant_level_from)} to {label(s.dominant_level_to)}")
        else:
            parts.append(f"level stayed at {label(s.dominant_level_from)}")
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


def case_status(case: CaseReport) -> str:
    """``followed up, 2 sessions since last presented`` (+ stale, + new)."""
    since = case.sessions_since_last
    parts = [label(case.status)]
    parts.append(
        "presented in the latest session" if since == 0 else f"{plural(since, 'session')} since last presented"
    )
    if case.new:
        parts.append("new in this period")
    else:
        parts.append(f"first presented {short_day(case.opened)}")
    return ", ".join(parts)


STALE_NOTE = "stale: open, and not presented in the group's last 6 sessions"
