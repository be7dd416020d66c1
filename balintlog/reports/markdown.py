"""The report as Markdown (GitHub-flavoured tables): for notes, e-mail to
oneself, or conversion with pandoc."""

from __future__ import annotations

from collections.abc import Sequence

from balintlog.reports import describe as d
from balintlog.reports.model import CaseReport, GroupReport, Report, quarter_of

#: pandoc's pipe tables cut a row wider than its columns setting; an
#: attendance table holds at most this many sessions (one block day or one
#: quarter of a fortnightly group fit).
ATTENDANCE_COLUMNS = 14


def render(report: Report) -> str:
    """The whole report as one Markdown document."""
    lines = [f"# {d.heading(report)}", "", f"{d.meta(report)}  ", f"{d.people(report)}  ", d.detail_line(report)]
    if report.open_sessions:
        lines += ["", f"**{d.open_sessions(report)}**"]
    if report.scope_case is None:  # one case's report is about the case
        lines += ["", "## Overview", ""]
        lines += _table(["", ""], [[f"**{what}**", figure] for what, figure in d.overview(report.totals)])
        lines += _at_a_glance(report)
    lines += ["", "## Each case's development"]
    if not report.cases:
        lines += ["", "No case was presented in this period."]
    current = None
    for case in report.cases:
        if case.group != current and report.scope_case is None and len(report.groups) > 1:
            lines += ["", f"### Cases of {_inline(case.group)}"]
        current = case.group
        lines += _case(case, report)
    if report.scope_case is None:
        for group in report.groups:
            lines += _group(group)
    lines += ["", "## For supervision", ""]
    if not report.supervision:
        lines.append("No leader's notes or questions for supervision in these sessions.")
    for item in report.supervision:
        about = f" · case #{item.case}" if item.case is not None else ""
        lines += [
            f"- **{d.short_day(item.date)} · {item.session} · {d.SUPERVISION_LABELS[item.kind]}{about}**  ",
            *(f"  {_inline(line)}  " for line in item.text.splitlines()),
        ]
    lines += ["", "## Glossary", ""]
    lines += [f"- **{term}**: {meaning}" for term, meaning in d.GLOSSARY]
    return "\n".join(lines).rstrip() + "\n"


def _at_a_glance(report: Report) -> list[str]:
    lines = ["", "## At a glance"]
    for group in report.groups:
        cases = [c for c in report.cases if c.group == group.handle]
        lines += ["", f"### {_inline(group.handle)} — {_inline(group.name)}", ""]
        if cases:
            lines += _table(d.summary_header(group), [[_inline(c) for c in d.summary_row(case)] for case in cases])
        else:
            lines.append("No case was presented in this period.")
        lines += ["", d.stale_rule(group) + "  ", f"Follow-up outcomes: {d.tally(group.outcome_tally)}", ""]
        if group.mirroring_events:
            lines += ["Mirroring this period:", ""]
            lines += [f"- {d.mirroring_head(e)}: {_inline(e.text)}" for e in group.mirroring_events]
        else:
            lines.append("No mirroring noted.")
    return lines


def _group(group: GroupReport) -> list[str]:
    lines = [
        "",
        f"## The group {_inline(group.handle)} — {_inline(group.name)}",
        "",
        d.group_line(group),
        "",
        "### Attendance",
        "",
    ]
    if group.sessions:
        lines += ["✓ present, · absent, blank: not a member then.", ""]
        for part, columns in _attendance_parts(group):
            lines += [f"*{part}*", ""]
            lines += _table(
                ["Member", *(group.attendance.sessions[i].rsplit(":", 1)[1] for i in columns), "Total"],
                [
                    [
                        code,
                        *("✓" if row[i] else ("·" if row[i] is False else " ") for i in columns),
                        f"{sum(1 for i in columns if row[i])}/{sum(1 for i in columns if row[i] is not None)}",
                    ]
                    for code, row in group.attendance.matrix.items()
                    # members not yet (or no longer) in the group then are left out
                    if any(row[i] is not None for i in columns)
                ],
            )
            lines.append("")
    else:
        lines.append("No session of this group ended in this period.")
    lines += ["", "### Presentations per member", ""]
    lines += _table(
        ["Member", "Profession", "Attended", "Presentations", "Cases"],
        [
            [
                m.code,
                d.label(m.profession) + (f" · {_inline(m.field)}" if m.field else ""),
                f"{m.attended}/{m.possible}",
                str(m.presentations),
                ", ".join(f"#{n}" for n in m.cases),
            ]
            for m in group.members
        ],
    )
    if group.not_presented:
        lines += ["", f"No presentation in this period: {', '.join(group.not_presented)}"]
    if group.presentations:
        lines += ["", "### The group's resonance profile by quarter", ""]
        lines += [
            "Levels and kinds per session held; partial: only part of the quarter lies in the period or the "
            "group's time.",
            "",
        ]
        lines += _table(
            ["Per quarter", *(d.quarter_name(q) for q in group.resonance_profile_by_quarter)],
            [[what, *values] for what, values in d.quarter_rows(group)],
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


def _attendance_parts(group: GroupReport) -> list[tuple[str, list[int]]]:
    """The attendance columns split so that each table fits: per block day
    for a block group, per quarter otherwise (and by
    :data:`ATTENDANCE_COLUMNS` within either)."""
    parts: list[tuple[str, list[int]]] = []
    for i, day in enumerate(group.attendance.dates):
        name = f"Block day {d.short_day(day)}" if group.block_days else f"Sessions of {quarter_of(day)}"
        if not parts or parts[-1][0] != name or len(parts[-1][1]) >= ATTENDANCE_COLUMNS:
            parts.append((name, []))
        parts[-1][1].append(i)
    return parts


def _case(case: CaseReport, report: Report) -> list[str]:
    badges = f" · {d.label(case.status)}" + (" · **stale**" if case.stale else "")
    lines = [
        "",
        f"#### {_inline(d.case_heading(case))}{badges}",
        "",
        _inline(d.case_facts(case)) + "  ",
        d.case_status(case, report) + ("  \n" + f"*{d.stale_note(case)}*" if case.stale else ""),
    ]
    for p in case.presentations:
        head = d.label(p.kind) + (f": {d.label(p.outcome)}" if p.outcome else "")
        lines += ["", f"**{d.short_day(p.date)} · {p.session} · {head}**  "]
        lines.append((f"*{_inline(p.question)}*" if p.question else "(no question noted)") + "  ")
        if p.what_changed:
            lines.append(f"What changed: {_inline(p.what_changed)}  ")
        lines.append(d.profile_line(p.resonances))
        for level, texts in d.by_level(p.resonance_texts):
            lines += ["", f"- {d.label(level)}"]
            lines += [f"  - {d.resonance_head(r)}: {_inline(r.text)}" for r in texts]
        for key, name in d.PRESENTATION_TEXTS:
            text = getattr(p, key)
            if text:
                lines += ["", f"*{name}:* {_inline(text)}"]
    # A case presented once has its one presentation above: nothing to compare.
    if case.shift is None:
        return lines
    lines += ["", f"**Shift:** {d.shift_line(case.shift)}"]
    if case.outcomes:
        lines += ["", f"**Follow-up outcomes:** {d.outcome_chain(case)}"]
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
