"""The report in the terminal: rich tables and bars, readable at 80 columns.

User text (titles, questions, notes) is always a :class:`rich.text.Text`,
never markup: a ``[red]`` in a title prints as typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from balintlog.reports import describe as d
from balintlog.reports.model import CaseReport, GroupReport, Report

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.table import Table
    from rich.text import Text

PRESENT, ABSENT, NOT_MEMBER = "●", "·", " "
BAR = "█"
#: Session columns per line of the attendance grid.
GRID_WIDTH = 50


def render(report: Report, console: Console) -> None:
    """Print the whole report."""
    from rich.console import Group

    # One print: rich measures the console once, not once per line.
    console.print(Group(*renderables(report)), soft_wrap=False)


def renderables(report: Report) -> list[RenderableType]:
    from rich.text import Text

    parts: list[RenderableType] = [
        Text(d.title(report), style="bold"),
        Text(
            f"{d.scope(report)} · generated {d.generated(report)} · members by code, clients by descriptor", style="dim"
        ),
    ]
    if report.scope_case is None:  # one case's report is about the case
        parts += _overview(report)
        for group in report.groups:
            parts += _group(group)
    parts += _cases(report)
    parts += _supervision(report)
    return parts


def _heading(text: str) -> list[RenderableType]:
    from rich.rule import Rule

    return ["", Rule(text, align="left", style="cyan", characters="─")]


def _subheading(text: str) -> Text:
    from rich.text import Text

    return Text(f"\n{text}", style="bold")


def _table(*headers: str, right: Sequence[int] = ()) -> Table:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold dim")
    for i, header in enumerate(headers):
        table.add_column(header, justify="right" if i in right else "left")
    return table


def _overview(report: Report) -> list[RenderableType]:
    from rich.text import Text

    table = _table("", "")
    table.show_header = False
    for what, figure in d.overview(report.totals):
        table.add_row(Text(what, style="dim"), Text(figure))
    parts: list[RenderableType] = [*_heading("Overview"), table]
    if len(report.groups) > 1:
        groups = _table("Group", "Kind", "Sessions", "Hours", "Members", "Pres.", "Attend.", right=(2, 3, 4, 5, 6))
        for g in report.groups:
            groups.add_row(
                Text(g.handle),
                d.label(g.kind),
                str(g.sessions),
                d.number(g.minutes / 60),
                str(len(g.members)),
                str(g.presentations),
                d.percent(g.mean_attendance_rate),
            )
        parts.append(groups)
    return parts


def _group(group: GroupReport) -> list[RenderableType]:
    from rich.text import Text

    days = f" on {d.plural(group.block_days, 'block day')}" if group.block_days else ""
    parts: list[RenderableType] = [
        *_heading(f"The group {group.handle}"),
        Text(
            f"{group.name} · {d.label(group.kind)} · {d.plural(group.sessions, 'session')} held{days} · "
            f"mean attendance {d.percent(group.mean_attendance_rate)}"
        ),
    ]
    parts.append(_subheading("Attendance"))
    if group.sessions:
        parts.append(
            Text(
                f"{PRESENT} present  {ABSENT} absent  (blank: not a member then); columns are the "
                f"sessions {group.attendance.sessions[0]} to {group.attendance.sessions[-1]}",
                style="dim",
            )
        )
        parts.append(_attendance_grid(group))
    else:
        parts.append(Text("No session of this group ended in this period."))

    parts.append(_subheading("Presentations per member"))
    most = max((m.presentations for m in group.members), default=0)
    table = _table("Member", "Profession", "Attended", "Presented", "Cases", right=(2,))
    for m in group.members:
        bar = Text(BAR * round(12 * m.presentations / most) if most else "", style="cyan")
        bar.append(f" {m.presentations}" if m.presentations else "0", style="default")
        table.add_row(
            Text(m.code),
            Text(d.label(m.profession)),
            f"{m.attended}/{m.possible}",
            bar,
            Text(", ".join(f"#{n}" for n in m.cases)),
        )
    parts.append(table)
    if group.not_presented:
        parts.append(Text("Not presented in this period: " + ", ".join(group.not_presented)))

    if group.presentations:
        parts.append(_subheading("The group's resonance profile by quarter"))
        most_q = max((q.profile.count for q in group.resonance_profile_by_quarter), default=0)
        quarters = _table("Quarter", "Resonances", "Mean", "Mirr.", "Most frequent kinds", "Level", right=(2, 3))
        for q in group.resonance_profile_by_quarter:
            p = q.profile
            bar = Text(BAR * round(8 * p.count / most_q) if most_q else "", style="cyan")
            bar.append(f" {p.count}", style="default")
            quarters.add_row(
                q.quarter,
                bar,
                d.intensity(p.mean_intensity),
                str(p.mirroring),
                d.top(p.by_kind, 2),
                d.label(p.dominant_level),
            )
        parts.append(quarters)

    parts.append(_subheading("Recurring mirroring"))
    if group.recurring_mirroring:
        for pattern in group.recurring_mirroring:
            cases = ", ".join(f"#{n}" for n in pattern.cases)
            parts.append(
                Text(
                    f"  {d.label(pattern.kind)} at the level of the {d.label(pattern.level)}: "
                    f"{pattern.count}× in {', '.join(pattern.sessions)} ({cases})"
                )
            )
    elif group.mirroring_events:
        n = len(group.mirroring_events)
        parts.append(
            Text(f"{d.plural(n, 'mirroring event')}, none of the same kind and level in two sessions.", style="dim")
        )
    else:
        parts.append(Text("No mirroring noted.", style="dim"))
    return parts


def _attendance_grid(group: GroupReport) -> Text:
    """One character per session; the session numbers written downwards
    in the header (tens above units)."""
    from rich.text import Text

    matrix = group.attendance.matrix
    width = max((len(code) for code in matrix), default=2) + 2
    out = Text()
    numbers = [ref.rsplit(":", 1)[1] for ref in group.attendance.sessions]
    for start in range(0, len(numbers), GRID_WIDTH):
        chunk = numbers[start : start + GRID_WIDTH]
        digits = max(len(n) for n in chunk)
        for pos in range(digits):
            line = "".join(n.rjust(digits)[pos] for n in chunk)
            out.append(" " * width + line.replace(" ", " ") + "\n", style="dim")
        for code, row in matrix.items():
            cells = row[start : start + GRID_WIDTH]
            out.append(code.ljust(width))
            for cell in cells:
                if cell is None:
                    out.append(NOT_MEMBER)
                elif cell:
                    out.append(PRESENT, style="green")
                else:
                    out.append(ABSENT, style="red")
            if start + GRID_WIDTH >= len(numbers):
                attended = sum(1 for c in row if c)
                possible = sum(1 for c in row if c is not None)
                out.append(f"  {attended}/{possible}", style="dim")
            out.append("\n")
    out.rstrip()
    return out


def _cases(report: Report) -> list[RenderableType]:
    from rich.text import Text

    parts: list[RenderableType] = [*_heading("Each case's development")]
    if not report.cases:
        parts.append(Text("No case was presented in this period."))
    for case in report.cases:
        parts += _case(case)
    return parts


def _case(case: CaseReport) -> list[RenderableType]:
    """A case as a short chronicle: each presentation with its question,
    outcome and resonance profile, then what shifted."""
    from rich.text import Text

    head = Text("\n")
    head.append(d.case_heading(case), style="bold")
    head.append(f"  [{d.label(case.status)}]", style="dim")
    if case.stale:
        head.append("  STALE", style="bold red")
    parts: list[RenderableType] = [head, Text(d.case_facts(case), style="dim"), Text(d.case_status(case))]
    if case.stale:
        parts.append(Text(d.STALE_NOTE, style="red"))
    for p in case.presentations:
        when = Text(f"{d.short_day(p.date)} · {p.session} · ", style="cyan")
        when.append(d.label(p.kind) + (f": {d.label(p.outcome)}" if p.outcome else ""), style="bold")
        lines = [Text(f"“{p.question}”" if p.question else "(no question noted)", style="italic")]
        if p.what_changed:
            lines.append(Text(f"What changed: {p.what_changed}"))
        lines.append(Text(d.profile_line(p.resonances), style="dim"))
        for event in p.mirroring_events:
            mirror = Text(f"Mirroring: {d.label(event.kind)} / {d.label(event.level)} / {event.intensity}: ")
            mirror.append(event.text)
            lines.append(mirror)
        parts += [when, *(_indented(line) for line in lines)]
    shift = Text("Shift: ", style="bold")
    shift.append(d.shift_line(case.shift))
    parts.append(shift)
    if case.outcomes:
        outcomes = Text("Follow-up outcomes: ", style="bold")
        outcomes.append(" → ".join(d.label(o) for o in case.outcomes))
        parts.append(outcomes)
    return parts


def _indented(text: Text, by: int = 2) -> RenderableType:
    from rich.padding import Padding

    return Padding(text, (0, 0, 0, by))


def _supervision(report: Report) -> list[RenderableType]:
    from rich.text import Text

    parts: list[RenderableType] = [*_heading("For supervision")]
    if not report.supervision:
        parts.append(Text("No leader's notes or questions for supervision in these sessions."))
    for item in report.supervision:
        head = Text(f"\n{d.short_day(item.date)} · {item.session} · ", style="dim")
        head.append(d.SUPERVISION_LABELS[item.kind], style="bold" if item.kind == "question" else "")
        if item.case is not None:
            head.append(f" · case #{item.case}")
        parts += [head, _indented(Text(item.text))]
    return parts
