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

    parts: list[RenderableType] = [Text(d.title(report), style="bold")]
    parts.append(Text(d.meta(report, with_period=False), style="dim"))
    parts += [Text(d.people(report), style="dim"), Text(d.detail_line(report), style="dim")]
    if report.open_sessions:
        parts.append(Text(d.open_sessions(report), style="bold yellow"))
    if report.scope_case is None:  # one case's report is about the case
        parts += _overview(report)
        parts += _at_a_glance(report)
    parts += _cases(report)
    if report.scope_case is None:
        for group in report.groups:
            parts += _group(group)
    parts += _supervision(report)
    parts += _glossary()
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
        groups = _table(
            "Group", "Kind", "Sessions", "Block days", "Hours", "Members", "Pres.", "Attend.", right=(2, 3, 4, 5, 6, 7)
        )
        for g in report.groups:
            groups.add_row(
                Text(g.handle),
                d.label(g.kind),
                str(g.sessions),
                str(g.block_days) if g.block_days else "–",
                d.number(g.minutes / 60),
                str(len(g.members)),
                str(g.presentations),
                d.percent(g.mean_attendance_rate),
            )
        parts.append(groups)
    return parts


def _at_a_glance(report: Report) -> list[RenderableType]:
    """One line per case, grouped by group; the group's outcomes and its
    year's mirroring."""
    from rich.text import Text

    parts: list[RenderableType] = [*_heading("At a glance")]
    for group in report.groups:
        cases = [c for c in report.cases if c.group == group.handle]
        parts.append(_subheading(f"{group.handle} — {group.name}"))
        if cases:
            parts.append(_summary(group, cases))
        else:
            parts.append(_indented(Text("No case was presented in this period.")))
        since = "block days" if group.stale_unit == "block_days" else "sessions"
        parts.append(_indented(Text(f"Since: {since} since last presented. {d.stale_rule(group)}", style="dim")))
        parts.append(_indented(Text(f"Follow-up outcomes: {d.tally(group.outcome_tally)}")))
        if group.mirroring_events:
            parts.append(_indented(Text("Mirroring this period:", style="bold")))
            for e in group.mirroring_events:
                line = Text(f"{d.mirroring_head(e)}: ", style="dim")
                line.append(e.text)
                parts.append(_indented(line, 4))
        else:
            parts.append(_indented(Text("No mirroring noted.", style="dim")))
    return parts


#: The widest a case title gets in the at-a-glance table (cut with an ellipsis).
TITLE_WIDTH = 36


def _summary(group: GroupReport, cases: Sequence[CaseReport]) -> Text:
    """One line per case at 80 columns (a long title cut, the outcomes on a
    second line under it; stale cases marked in the "since" column), laid
    out here rather than as a rich table, which costs a large year seconds."""
    from rich.cells import cell_len, set_cell_size
    from rich.text import Text

    headers = ("#", "Case", "By", "Status", "Pres.", "Mirr.", "Since")
    rows = [d.summary_row(case) for case in cases]
    # number, title, presenter, status, presentations, mirroring, since (+ stale)
    columns = [[r[i] for r in rows] for i in (0, 1, 2, 3, 4, 6)] + [[f"{r[7]} {r[8]}".rstrip() for r in rows]]
    widths = [max(cell_len(h), *(cell_len(v) for v in col)) for h, col in zip(headers, columns, strict=True)]
    widths[1] = min(widths[1], TITLE_WIDTH)
    right = (0, 4, 5, 6)

    def cell(text: str, i: int) -> str:
        if cell_len(text) > widths[i]:
            text = set_cell_size(text, widths[i] - 1) + "…"
        pad = " " * (widths[i] - cell_len(text))
        return pad + text if i in right else text + pad

    out = Text(" ".join(cell(h, i) for i, h in enumerate(headers)), style="bold dim")
    for row in rows:
        line = " ".join(cell(v, i) for i, v in enumerate((row[0], row[1], row[2], row[3], row[4], row[6])))
        out.append(f"\n{line} ")
        since = cell(f"{row[7]} {row[8]}".rstrip(), 6)
        if row[8]:
            out.append(since.removesuffix(row[8]))
            out.append(row[8], style="bold red")
        else:
            out.append(since)
        if row[5] != "–":
            out.append(f"\n{' ' * (widths[0] + 3)}{row[5]}", style="dim")
    return out


def _group(group: GroupReport) -> list[RenderableType]:
    from rich.text import Text

    parts: list[RenderableType] = [
        *_heading(f"The group {group.handle}"),
        Text(group.name, style="bold"),
        Text(d.group_line(group)),
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
    table = _table("Member", "Profession", "Attended", "Presentations", "Cases", right=(2,))
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
        parts += _quarters(group)

    parts.append(_subheading("Recurring mirroring"))
    if group.recurring_mirroring:
        for pattern in group.recurring_mirroring:
            cases = ", ".join(f"#{n}" for n in pattern.cases)
            parts.append(
                _indented(
                    Text(
                        f"{d.label(pattern.kind)} at the level of the {d.label(pattern.level)}: "
                        f"{pattern.count}× in {', '.join(pattern.sessions)} ({cases})"
                    )
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


def _quarters(group: GroupReport) -> list[RenderableType]:
    """The quarters side by side: levels and kinds per session held."""
    from rich.text import Text

    parts: list[RenderableType] = [_subheading("The group's resonance profile by quarter")]
    parts.append(
        Text(
            "Levels and kinds per session held; partial: only part of the quarter lies in the period or the "
            "group's time.",
            style="dim",
        )
    )
    quarters = [d.quarter_name(q) for q in group.resonance_profile_by_quarter]
    table = _table("Per quarter", *quarters, right=range(1, len(quarters) + 1))
    table.columns[0].min_width = len("identification")
    for what, values in d.quarter_rows(group):
        table.add_row(what, *values)
    parts.append(table)
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
    current = None
    for case in report.cases:
        if case.group != current and report.scope_case is None and len(report.groups) > 1:
            parts.append(_subheading(f"Cases of {case.group}"))
        current = case.group
        parts += _case(case, report)
    return parts


def _case(case: CaseReport, report: Report) -> list[RenderableType]:
    """A case as a short chronicle: each presentation with its question,
    outcome, resonance profile and quoted resonances, then what shifted.

    Lines that share an indent are one :class:`Text` joined by line breaks,
    and each presentation is padded once: rich pays per renderable."""
    from rich.console import Group
    from rich.text import Text

    head = Text("\n")
    head.append(d.case_heading(case), style="bold")
    head.append(f"  [{d.label(case.status)}]", style="dim")
    if case.stale:
        head.append("  STALE", style="bold red")
    lines = [head, Text(d.case_facts(case), style="dim"), Text(d.case_status(case, report))]
    if case.stale:
        lines.append(Text(d.stale_note(case), style="red"))
    parts: list[RenderableType] = [_lines(lines)]
    for p in case.presentations:
        when = Text(f"{d.short_day(p.date)} · {p.session} · ", style="cyan")
        when.append(d.label(p.kind) + (f": {d.label(p.outcome)}" if p.outcome else ""), style="bold")
        about = [Text(f"“{p.question}”" if p.question else "(no question noted)", style="italic")]
        if p.what_changed:
            about.append(Text(f"What changed: {p.what_changed}"))
        about.append(Text(d.profile_line(p.resonances), style="dim"))
        block: list[RenderableType] = [_lines(about)]
        for level, texts in d.by_level(p.resonance_texts):
            quotes = []
            for r in texts:
                quote = Text(f"{d.resonance_head(r)}: ", style="dim")
                quote.append(r.text)
                quotes.append(quote)
            block += [Text(d.label(level), style="bold"), _indented(_lines(quotes))]
        for key, name in d.PRESENTATION_TEXTS:
            text = getattr(p, key)
            if text:
                block += [Text(f"{name}:", style="bold"), _indented(Text(text))]
        parts += [when, _indented(Group(*block))]
    # A case presented once has its one presentation above: nothing to compare.
    if case.shift is None:
        return parts
    shift = Text("Shift: ", style="bold")
    shift.append(d.shift_line(case.shift))
    closing = [shift]
    if case.outcomes:
        outcomes = Text("Follow-up outcomes: ", style="bold")
        outcomes.append(d.outcome_chain(case))
        closing.append(outcomes)
    parts.append(_lines(closing))
    return parts


def _lines(texts: list[Text]) -> Text:
    """Texts as the lines of one."""
    from rich.text import Text

    return Text("\n").join(texts)


def _indented(text: RenderableType, by: int = 2) -> RenderableType:
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


def _glossary() -> list[RenderableType]:
    from rich.text import Text

    parts: list[RenderableType] = [*_heading("Glossary")]
    for term, meaning in d.GLOSSARY:
        line = Text(f"{term}: ", style="bold")
        line.append(meaning)
        parts.append(line)
    return parts
