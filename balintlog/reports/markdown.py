"""The report as Markdown (GitHub-flavoured tables): for notes, e-mail to
oneself, or conversion with pandoc."""

from __future__ import annotations

from collections.abc import Sequence

from balintlog.reports import describe as d
from balintlog.reports.model import CaseReport, GroupReport, Report


def render(report: Report) -> str:
    """The whole report as one Markdown document."""
    lines = [
        f"# {d.heading(report)}",
        "",
        f"{d.period(report)} · {d.scope(report)} · generated {d.generated(report)} · members by code, "
        "clients by descriptor",
    ]
    if report.scope_case is None:  # one case's report is about the case
        lines += [
            "",
            "## Overview",
            "",
            *_table(["", ""], [[f"**{what}**", figure] for what, figure in d.overview(report.totals)]),
        ]
        for group in report.groups:
            lines += _group(group)
    lines += ["", "## Each case's development"]
    if not report.cases:
        lines += ["", "No case was presented in this period."]
    for case in report.cases:
        lines += _case(case)
    lines += ["", "## For supervision", ""]
    if not report.supervision:
        lines.append("No leader's notes or questions for supervision in these sessions.")
    for item in report.supervision:
        about = f" · case #{item.case}" if item.case is not None else ""
        lines += [
            f"- **{d.short_day(item.date)} · {item.session} · {d.SUPERVISION_LABELS[item.kind]}{about}**  ",
            *(f"  {_inline(line)}  " for line in item.text.splitlines()),
        ]
    return "\n".join(lines).rstrip() + "\n"


def _group(group: GroupReport) -> list[str]:
    lines = [
        "",
        f"## The group {_inline(group.handle)} — {_inline(group.name)}",
        "",
        f"{d.label(group.kind)} · {d.plural(group.sessions, 'session')} held · "
        f"{d.plural(group.block_days, 'block day')} · mean attendance {d.percent(group.mean_attendance_rate)}",
        "",
        "### Attendance",
        "",
    ]
    if group.sessions:
        refs = group.attendance.sessions
        lines += ["✓ present, · absent, blank: not a member then.", ""]
        lines += _table(
            ["Member", *(ref.rsplit(":", 1)[1] for ref in refs), "Total"],
            [
                [
                    code,
                    *("✓" if c else ("·" if c is False else " ") for c in row),
                    f"{sum(1 for c in row if c)}/{sum(1 for c in row if c is not None)}",
                ]
                for code, row in group.attendance.matrix.items()
            ],
        )
    else:
        lines.append("No session of this group ended in this period.")
    lines += ["", "### Presentations per member", ""]
    lines += _table(
        ["Member", "Profession", "Attended", "Presentations", "Cases"],
        [
            [
                m.code,
                d.label(m.profession),
                f"{m.attended}/{m.possible}",
                str(m.presentations),
                ", ".join(f"#{n}" for n in m.cases),
            ]
            for m in group.members
        ],
    )
    if group.not_presented:
        lines += ["", f"Not presented in this period: {', '.join(group.not_presented)}"]
    if group.presentations:
        lines += ["", "### The group's resonance profile by quarter", ""]
        lines += _table(
            ["Quarter", "Resonances", "Mean intensity", "Mirroring", "Most frequent kinds", "Main level"],
            [
                [
                    q.quarter,
                    str(q.profile.count),
                    d.intensity(q.profile.mean_intensity),
                    str(q.profile.mirroring),
                    d.top(q.profile.by_kind),
                    d.label(q.profile.dominant_level),
                ]
                for q in group.resonance_profile_by_quarter
            ],
        )
    lines += ["", "### Recurring mirroring", ""]
    if group.recurring_mirroring:
        for p in group.recurring_mirroring:
            cases = ", ".join(f"#{n}" for n in p.cases)
            lines.append(
                f"- {d.label(p.kind)} at the level of the {d.label(p.level)}: {p.count}× in "
                f"{', '.join(p.sessions)} ({cases})"
            )
    elif group.mirroring_events:
        lines.append(
            f"{d.plural(len(group.mirroring_events), 'mirroring event')}, none of the same kind and level in two "
            "sessions."
        )
    else:
        lines.append("No mirroring noted.")
    return lines


def _case(case: CaseReport) -> list[str]:
    badges = f" · {d.label(case.status)}" + (" · **stale**" if case.stale else "")
    lines = [
        "",
        f"### {_inline(d.case_heading(case))}{badges}",
        "",
        _inline(d.case_facts(case)) + "  ",
        d.case_status(case) + ("  \n" + f"*{d.STALE_NOTE}*" if case.stale else ""),
        "",
    ]
    lines += _table(
        ["Date", "Session", "Kind", "Question", "Outcome", "Resonances"],
        [
            [
                d.short_day(p.date),
                p.session,
                d.label(p.kind),
                (f"*{_inline(p.question)}*" if p.question else "–")
                + (f"<br>What changed: {_inline(p.what_changed)}" if p.what_changed else ""),
                d.label(p.outcome),
                d.profile_line(p.resonances),
            ]
            for p in case.presentations
        ],
    )
    lines += ["", f"**Shift:** {d.shift_line(case.shift)}"]
    if case.outcomes:
        lines += ["", f"**Follow-up outcomes:** {' → '.join(d.label(o) for o in case.outcomes)}"]
    if case.mirroring_events:
        lines += ["", "**Mirroring:**", ""]
        lines += [
            f"- {d.short_day(e.date)} ({e.session}): {d.label(e.kind)} / {d.label(e.level)} / {e.intensity} — "
            f"{_inline(e.text)}"
            for e in case.mirroring_events
        ]
    return lines


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    def row(cells: Sequence[str]) -> str:
        return "| " + " | ".join(_cell(c) for c in cells) + " |"

    return [row(headers), "|" + "|".join("---" for _ in headers) + "|", *(row(r) for r in rows)]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>") or " "


def _inline(text: str) -> str:
    """User text on one line, with Markdown's active characters escaped so
    that a title like ``*urgent*`` or ``<b>`` reads as typed."""
    out = " ".join(text.split())
    for char in "\\`*_[]<>#":
        out = out.replace(char, "\\" + char)
    return out
