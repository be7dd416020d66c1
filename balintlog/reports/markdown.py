"""The report as Markdown (GitHub-flavoured tables): for notes, e-mail to
oneself, or conversion with pandoc."""

from __future__ import annotations

from collections.abc import Sequence

from balintlog.reports import describe as d
from balintlog.reports.model import CaseReport, GroupReport, Report, quarter_of

W = d.WORDS

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
        lines += ["", f"## {W['overview']}", ""]
        lines += _table(["", ""], [[f"**{what}**", figure] for what, figure in d.overview(report.totals)])
        lines += _at_a_glance(report)
    lines += ["", f"## {W['cases']}"]
    if not report.cases:
        lines += ["", W["no_case"]]
    current = None
    for case in report.cases:
        if case.group != current and report.scope_case is None and len(report.groups) > 1:
            lines += ["", "### " + W["cases_of"].format(group=_inline(case.group))]
        current = case.group
        lines += _case(case, report)
    if report.scope_case is None:
        for group in report.groups:
            lines += _group(group)
    lines += ["", f"## {W['supervision']}", ""]
    if not report.supervision:
        lines.append(W["no_supervision"])
    for item in report.supervision:
        about = " · " + W["about_case"].format(number=item.case) if item.case is not None else ""
        lines += [
            f"- **{d.short_day(item.date)} · {item.session} · {d.SUPERVISION_LABELS[item.kind]}{about}**  ",
            *(f"  {_inline(line)}  " for line in item.text.splitlines()),
        ]
    lines += ["", f"## {W['glossary']}", ""]
    lines += [f"- **{term}**: {meaning}" for term, meaning in d.GLOSSARY]
    return "\n".join(lines).rstrip() + "\n"


def _at_a_glance(report: Report) -> list[str]:
    lines = ["", f"## {W['at_a_glance']}"]
    for group in report.groups:
        cases = [c for c in report.cases if c.group == group.handle]
        lines += ["", f"### {_inline(group.handle)} — {_inline(group.name)}", ""]
        if cases:
            lines += _table(d.summary_header(group), [[_inline(c) for c in d.summary_row(case)] for case in cases])
        else:
            lines.append(W["no_case"])
        lines += ["", d.stale_rule(group) + "  ", d.follow_up_outcomes(group), ""]
        if group.mirroring_events:
            lines += [W["mirroring_period"], ""]
            lines += [f"- {d.mirroring_head(e)}: {_inline(e.text)}" for e in group.mirroring_events]
        else:
            lines.append(W["no_mirroring"])
    return lines


def _group(group: GroupReport) -> list[str]:
    lines = [
        "",
        "## " + W["group_title"].format(handle=_inline(group.handle), name=_inline(group.name)),
        "",
        d.group_line(group),
        "",
        f"### {W['attendance']}",
        "",
    ]
    if group.sessions:
        lines += [W["attendance_key"], ""]
        for part, columns in _attendance_parts(group):
            lines += [f"*{part}*", ""]
            lines += _table(
                [W["member"], *(group.attendance.sessions[i].rsplit(":", 1)[1] for i in columns), W["total"]],
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
        lines.append(W["no_session"])
    lines += ["", f"### {W['per_member']}", ""]
    lines += _table(
        [W["member"], W["profession"], W["attended"], W["presentations"], W["cases_column"]],
        [
            [
                m.code,
                d.profession(m.profession) + (f" · {_inline(m.field)}" if m.field else ""),
                f"{m.attended}/{m.possible}",
                str(m.presentations),
                ", ".join(f"#{n}" for n in m.cases),
            ]
            for m in group.members
        ],
    )
    if group.not_presented:
        lines += ["", d.not_presented(group)]
    if group.presentations:
        lines += ["", f"### {W['profile_by_quarter']}", ""]
        lines += [W["profile_key"], ""]
        lines += _table(
            [W["per_quarter"], *(d.quarter_name(q) for q in group.resonance_profile_by_quarter)],
            [[what, *values] for what, values in d.quarter_rows(group)],
        )
    lines += ["", f"### {W['recurring']}", ""]
    if group.recurring_mirroring:
        lines += [f"- {d.recurring_line(p)}" for p in group.recurring_mirroring]
    elif group.mirroring_events:
        lines.append(d.no_recurring(group))
    else:
        lines.append(W["no_mirroring"])
    return lines


def _attendance_parts(group: GroupReport) -> list[tuple[str, list[int]]]:
    """The attendance columns split so that each table fits: per block day
    for a block group, per quarter otherwise (and by
    :data:`ATTENDANCE_COLUMNS` within either)."""
    parts: list[tuple[str, list[int]]] = []
    for i, day in enumerate(group.attendance.dates):
        if group.block_days:
            name = W["block_day"].format(day=d.short_day(day))
        else:
            name = W["sessions_of"].format(quarter=d.quarter_long(quarter_of(day)))
        if not parts or parts[-1][0] != name or len(parts[-1][1]) >= ATTENDANCE_COLUMNS:
            parts.append((name, []))
        parts[-1][1].append(i)
    return parts


def _case(case: CaseReport, report: Report) -> list[str]:
    badges = f" · {d.label(case.status)}" + (f" · **{d.stale_word()}**" if case.stale else "")
    lines = [
        "",
        f"#### {_inline(d.case_heading(case))}{badges}",
        "",
        _inline(d.case_facts(case)) + "  ",
        d.case_status(case, report) + ("  \n" + f"*{d.stale_note(case)}*" if case.stale else ""),
    ]
    for p in case.presentations:
        head = d.presentation_head(p.kind, p.outcome)
        lines += ["", f"**{d.short_day(p.date)} · {p.session} · {head}**  "]
        lines.append((f"*{_inline(p.question)}*" if p.question else d.no_question()) + "  ")
        if p.what_changed:
            lines.append(d.what_changed(_inline(p.what_changed)) + "  ")
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
    lines += ["", f"**{W['shift']}** {d.shift_line(case.shift)}"]
    if case.outcomes:
        lines += ["", f"**{W['case_outcomes']}** {d.outcome_chain(case)}"]
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
