"""The report in the terminal: headings, tables and bars, readable at 80
columns.

Laid out line by line on a :class:`~balintlog.reports.layout.Page` rather
than as rich renderables, which cost seconds on a full year. User text
(titles, questions, notes) is only ever text: a ``[red]`` in a title prints
as typed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from balintlog.i18n import _, ngettext, pgettext
from balintlog.reports import describe as d
from balintlog.reports.layout import (
    BOLD,
    CYAN,
    DIM,
    GREEN,
    ITALIC,
    RED,
    YELLOW,
    Column,
    Page,
    Run,
    Table,
    cells,
    ellipsis,
)
from balintlog.reports.model import CaseReport, GroupReport, Report

if TYPE_CHECKING:
    from rich.console import Console

PRESENT, ABSENT, NOT_MEMBER = "●", "·", " "
BAR = "█"
#: Session columns per line of the attendance grid.
GRID_WIDTH = 50
#: The widest a case title gets in the at-a-glance table (cut with an ellipsis).
TITLE_WIDTH = 36

BOLD_DIM = f"{BOLD};{DIM}"
BOLD_RED = f"{BOLD};{RED}"
BOLD_YELLOW = f"{BOLD};{YELLOW}"


def render(report: Report, console: Console, *, clean: Callable[[str], str] | None = None) -> None:
    """Print the whole report on ``console``'s file, in colour where the
    console is a terminal and colour is not turned off (``NO_COLOR``).
    ``clean``: what every text goes through (the command line passes the
    function that shows control characters instead of obeying them)."""
    styled = console.is_terminal and not console.no_color and console.color_system is not None
    page = Page(console.width, styled=styled, clean=clean)
    lay_out(report, page)
    console.file.write(page.render())
    console.file.flush()


def text(report: Report, width: int) -> str:
    """The report as plain text ``width`` cells wide (for a file)."""
    page = Page(width)
    lay_out(report, page)
    return page.render()


def lay_out(report: Report, page: Page) -> None:
    """Every part of the report, in order, onto ``page``."""
    page.text((d.title(report), BOLD))
    page.text((d.meta(report, with_period=False), DIM))
    page.text((d.people(report), DIM))
    page.text((d.detail_line(report), DIM))
    if report.open_sessions:
        page.text((d.open_sessions(report), BOLD_YELLOW))
    if report.scope_case is None:  # one case's report is about the case
        _overview(report, page)
        _at_a_glance(report, page)
    _cases(report, page)
    if report.scope_case is None:
        for group in report.groups:
            _group(group, page)
    _supervision(report, page)
    _glossary(page)


def _heading(page: Page, title: str) -> None:
    page.blank()
    page.rule(title)


def _subheading(page: Page, title: str) -> None:
    page.blank()
    page.text((title, BOLD))


def _overview(report: Report, page: Page) -> None:
    _heading(page, _("Overview"))
    table = Table([Column(""), Column("")], show_header=False)
    for what, figure in d.overview(report.totals):
        table.add_row([(what, DIM)], figure)
    page.table(table)
    if len(report.groups) > 1:
        headers = (
            pgettext("report column", "Group"),
            pgettext("report column", "Kind"),
            pgettext("report column", "Sessions"),
            pgettext("report column", "Block days"),
            pgettext("report column", "Hours"),
            pgettext("report column", "Members"),
            pgettext("report column", "Pres."),
            pgettext("report column", "Attend."),
        )
        groups = Table([Column(h, right=i in range(2, 8)) for i, h in enumerate(headers)])
        for g in report.groups:
            groups.add_row(
                g.handle,
                d.label(g.kind),
                str(g.sessions),
                str(g.block_days) if g.block_days else "–",
                d.number(g.minutes / 60),
                str(len(g.members)),
                str(g.presentations),
                d.percent(g.mean_attendance_rate),
            )
        page.table(groups)


def _at_a_glance(report: Report, page: Page) -> None:
    """One line per case, grouped by group; the group's outcomes and its
    year's mirroring."""
    _heading(page, _("At a glance"))
    for group in report.groups:
        cases = [c for c in report.cases if c.group == group.handle]
        _subheading(page, f"{group.handle} — {group.name}")
        if cases:
            page.text(*_summary(cases, page.width))
        else:
            page.text((_("No case was presented in this period."), ""), indent=2)
        since = (
            _("Since: block days since last presented.")
            if group.stale_unit == "block_days"
            else _("Since: sessions since last presented.")
        )
        page.text((f"{since} {d.stale_rule(group)}", DIM), indent=2)
        page.text((_("Follow-up outcomes: {outcomes}").format(outcomes=d.tally(group.outcome_tally)), ""), indent=2)
        if group.mirroring_events:
            page.text((_("Mirroring this period:"), BOLD), indent=2)
            for e in group.mirroring_events:
                page.text((f"{d.mirroring_head(e)}: ", DIM), (e.text, ""), indent=4)
        else:
            page.text((_("No mirroring noted."), DIM), indent=2)


def _summary(cases: Sequence[CaseReport], width: int = 80) -> list[Run]:
    """One line per case at 80 columns (a long title cut, the outcomes on a
    second line under it; stale cases marked in the "since" column). Where
    the line would be wider than the page (longer words in German), a long
    status gives up room first (to 14 cells), then the title (to 16)."""
    headers = (
        "#",
        pgettext("report column", "Case"),
        pgettext("report column", "By"),
        pgettext("report column", "Status"),
        pgettext("report column", "Pres."),
        pgettext("report column", "Mirr."),
        pgettext("report column", "Since"),
    )
    rows = [d.summary_row(case) for case in cases]
    # number, title, presenter, status, presentations, mirroring, since (+ stale)
    columns = [[r[i] for r in rows] for i in (0, 1, 2, 3, 4, 6)] + [[f"{r[7]} {r[8]}".rstrip() for r in rows]]
    widths = [max(cells(h), *(cells(v) for v in col)) for h, col in zip(headers, columns, strict=True)]
    widths[1] = min(widths[1], TITLE_WIDTH)
    over = sum(widths) + len(widths) - 1 - width
    for i, floor in ((3, 14), (1, 16), (3, 8)):
        if over > 0:
            cut = min(over, max(widths[i] - floor, 0))
            widths[i] -= cut
            over -= cut
    right = (0, 4, 5, 6)

    def cell(value: str, i: int) -> str:
        value = ellipsis(value, widths[i])
        pad = " " * (widths[i] - cells(value))
        return pad + value if i in right else value + pad

    out: list[Run] = [(" ".join(cell(h, i) for i, h in enumerate(headers)), BOLD_DIM)]
    for row in rows:
        line = " ".join(cell(v, i) for i, v in enumerate((row[0], row[1], row[2], row[3], row[4], row[6])))
        since = cell(f"{row[7]} {row[8]}".rstrip(), 6)
        if row[8]:
            out += [(f"\n{line} {since.removesuffix(row[8])}", ""), (row[8], BOLD_RED)]
        else:
            out.append((f"\n{line} {since}", ""))
        if row[5] != "–":
            out.append((f"\n{' ' * (widths[0] + 3)}{row[5]}", DIM))
    return out


def _group(group: GroupReport, page: Page) -> None:
    _heading(page, _("The group {handle}").format(handle=group.handle))
    page.text((group.name, BOLD))
    page.text((d.group_line(group), ""))
    _subheading(page, _("Attendance"))
    if group.sessions:
        legend = _(
            "{present} present  {absent} absent  (blank: not a member then); columns are the sessions {first} to {last}"
        ).format(
            present=PRESENT,
            absent=ABSENT,
            first=group.attendance.sessions[0],
            last=group.attendance.sessions[-1],
        )
        page.text((legend, DIM))
        page.text(*_attendance_grid(group))
    else:
        page.text((_("No session of this group ended in this period."), ""))

    _subheading(page, _("Presentations per member"))
    most = max((m.presentations for m in group.members), default=0)
    headers = (
        pgettext("report column", "Member"),
        pgettext("report column", "Profession"),
        pgettext("report column", "Attended"),
        pgettext("report column", "Presentations"),
        pgettext("report column", "Cases"),
    )
    table = Table([Column(h, right=i == 2) for i, h in enumerate(headers)])
    for m in group.members:
        bar = BAR * round(12 * m.presentations / most) if most else ""
        table.add_row(
            m.code,
            d.label(m.profession),
            f"{m.attended}/{m.possible}",
            [(bar, CYAN), (f" {m.presentations}" if m.presentations else "0", "")],
            ", ".join(f"#{n}" for n in m.cases),
        )
    page.table(table)
    if group.not_presented:
        page.text((_("Not presented in this period: {codes}").format(codes=", ".join(group.not_presented)), ""))

    if group.presentations:
        _quarters(group, page)

    _subheading(page, _("Recurring mirroring"))
    if group.recurring_mirroring:
        for pattern in group.recurring_mirroring:
            line = _("{kind} at the level of the {level}: {count}× in {sessions} ({cases})").format(
                kind=d.label(pattern.kind),
                level=d.label(pattern.level),
                count=pattern.count,
                sessions=", ".join(pattern.sessions),
                cases=", ".join(f"#{n}" for n in pattern.cases),
            )
            page.text((line, ""), indent=2)
    elif group.mirroring_events:
        n = len(group.mirroring_events)
        line = ngettext(
            "{count} mirroring event, none of the same kind and level in two sessions.",
            "{count} mirroring events, none of the same kind and level in two sessions.",
            n,
        ).format(count=n)
        page.text((line, DIM))
    else:
        page.text((_("No mirroring noted."), DIM))


def _quarters(group: GroupReport, page: Page) -> None:
    """The quarters side by side: levels and kinds per session held."""
    _subheading(page, _("The group's resonance profile by quarter"))
    page.text(
        (
            _(
                "Levels and kinds per session held; partial: only part of the quarter lies in the period or "
                "the group's time."
            ),
            DIM,
        )
    )
    rows = d.quarter_rows(group)
    quarters = [d.quarter_name(q) for q in group.resonance_profile_by_quarter]
    # The row names stay whole: at least the longest name of a kind or level.
    names = [d.label(name) for name in (*d.KINDS, *d.LEVELS)] + [word for what, _v in rows for word in what.split()]
    widest = max(cells(name) for name in names)
    columns = [Column(pgettext("report column", "Per quarter"), min_width=widest)]
    columns += [Column(q, right=True) for q in quarters]
    table = Table(columns)
    for what, values in rows:
        table.add_row(what, *values)
    page.table(table)


def _attendance_grid(group: GroupReport) -> list[Run]:
    """One character per session; the session numbers written downwards
    in the header (tens above units)."""
    matrix = group.attendance.matrix
    width = max((len(code) for code in matrix), default=2) + 2
    out: list[Run] = []
    numbers = [ref.rsplit(":", 1)[1] for ref in group.attendance.sessions]
    marks = {None: (NOT_MEMBER, ""), True: (PRESENT, GREEN), False: (ABSENT, RED)}
    for start in range(0, len(numbers), GRID_WIDTH):
        chunk = numbers[start : start + GRID_WIDTH]
        digits = max(len(n) for n in chunk)
        for pos in range(digits):
            line = "".join(n.rjust(digits)[pos] for n in chunk)
            out.append((" " * width + line + "\n", DIM))
        for code, row in matrix.items():
            out.append((code.ljust(width), ""))
            out += [marks[cell] for cell in row[start : start + GRID_WIDTH]]
            if start + GRID_WIDTH >= len(numbers):
                attended = sum(1 for c in row if c)
                possible = sum(1 for c in row if c is not None)
                out.append((f"  {attended}/{possible}", DIM))
            out.append(("\n", ""))
    while out and not out[-1][0].strip():
        out.pop()
    return out


def _cases(report: Report, page: Page) -> None:
    _heading(page, _("Each case's development"))
    if not report.cases:
        page.text((_("No case was presented in this period."), ""))
    current = None
    for case in report.cases:
        if case.group != current and report.scope_case is None and len(report.groups) > 1:
            _subheading(page, _("Cases of {group}").format(group=case.group))
        current = case.group
        _case(case, report, page)


def _case(case: CaseReport, report: Report, page: Page) -> None:
    """A case as a short chronicle: each presentation with its question,
    outcome, resonance profile and quoted resonances, then what shifted."""
    page.blank()
    head: list[Run] = [(d.case_heading(case), BOLD), (f"  [{d.label(case.status)}]", DIM)]
    if case.stale:
        head.append(("  " + _("STALE"), BOLD_RED))
    page.text(*head)
    page.text((d.case_facts(case), DIM))
    page.text((d.case_status(case, report), ""))
    if case.stale:
        page.text((d.stale_note(case), RED))
    for p in case.presentations:
        kind = d.label(p.kind) + (f": {d.label(p.outcome)}" if p.outcome else "")
        page.text((f"{d.short_day(p.date)} · {p.session} · ", CYAN), (kind, BOLD))
        # TRANSLATORS: the presenter's question in the quotation marks of the language.
        question = _("“{question}”").format(question=p.question) if p.question else _("(no question noted)")
        page.text((question, ITALIC), indent=2)
        if p.what_changed:
            page.text((_("What changed: {text}").format(text=p.what_changed), ""), indent=2)
        page.text((d.profile_line(p.resonances), DIM), indent=2)
        for level, texts in d.by_level(p.resonance_texts):
            page.text((d.label(level), BOLD), indent=2)
            for r in texts:
                page.text((f"{d.resonance_head(r)}: ", DIM), (r.text, ""), indent=4)
        for key, name in d.PRESENTATION_TEXTS:
            value = getattr(p, key)
            if value:
                page.text((f"{name}:", BOLD), indent=2)
                page.text((value, ""), indent=4)
    # A case presented once has its one presentation above: nothing to compare.
    if case.shift is None:
        return
    page.text((_("Shift:") + " ", BOLD), (d.shift_line(case.shift), ""))
    if case.outcomes:
        page.text((_("Follow-up outcomes:") + " ", BOLD), (d.outcome_chain(case), ""))


def _supervision(report: Report, page: Page) -> None:
    _heading(page, _("For supervision"))
    if not report.supervision:
        page.text((_("No leader's notes or questions for supervision in these sessions."), ""))
    for item in report.supervision:
        page.blank()
        head: list[Run] = [
            (f"{d.short_day(item.date)} · {item.session} · ", DIM),
            (d.SUPERVISION_LABELS[item.kind], BOLD if item.kind == "question" else ""),
        ]
        if item.case is not None:
            head.append((" · " + _("case #{number}").format(number=item.case), ""))
        page.text(*head)
        page.text((item.text, ""), indent=2)


def _glossary(page: Page) -> None:
    _heading(page, _("Glossary"))
    for term, meaning in d.GLOSSARY:
        page.text((f"{term}: ", BOLD), (meaning, ""))
