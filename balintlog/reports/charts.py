"""The HTML report's charts: SVG strings for inlining.

The resonance profiles by quarter are pygal's: its script tags, its remote
JS and its comments (which carry its homepage) are left out, and the random
element id pygal gives each chart is replaced by a stable one, so a report
renders the same every time. pygal is imported only here, inside the
functions.

The attendance heat map and the two charts of each case (its timeline and
its shift) are drawn here directly, in pygal's look: a year of a busy
journal has hundreds of cases worth a chart and thousands of attendance
dots, and pygal takes some 20 ms for each chart (seconds for a report)
where a few lines of SVG take a fraction of a millisecond.
"""

from __future__ import annotations

import datetime as dt
import re
from html import escape
from typing import Any

from balintlog.domain import ResonanceKind, ResonanceLevel
from balintlog.reports.describe import label, short_day
from balintlog.reports.model import CaseReport, GroupReport, Period

#: One colour per level, the same in every chart (client warm, institution cool).
LEVEL_COLOURS = {
    "client": "#c0392b",
    "presenter": "#e67e22",
    "relationship": "#d4ac0d",
    "third_parties": "#27ae60",
    "institution": "#2471a3",
    "group": "#7d3c98",
    "leader": "#566573",
}
KIND_COLOURS = {
    "affect": "#d62728",
    "bodily": "#ff7f0e",
    "image": "#bcbd22",
    "phantasy": "#17becf",
    "association": "#2ca02c",
    "identification": "#9467bd",
    "impulse": "#8c564b",
    "thought": "#1f77b4",
    "absence": "#7f7f7f",
    "splitting": "#e377c2",
    "humour": "#f7c948",
}
PRESENT_COLOUR, ABSENT_COLOUR = "#2471a3", "#f1c4bd"
FONT = "-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"

_SCRIPT = re.compile(r"<script\b.*?</script>", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_CHART_ID = re.compile(r"chart-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _style(colours: list[str]) -> Any:
    from pygal.style import Style

    return Style(
        background="white",
        plot_background="white",
        foreground="#333",
        foreground_strong="#111",
        foreground_subtle="#bbb",
        font_family=FONT,
        label_font_family=FONT,
        major_label_font_family=FONT,
        value_font_family=FONT,
        value_label_font_family=FONT,
        tooltip_font_family=FONT,
        title_font_family=FONT,
        legend_font_family=FONT,
        label_font_size=11,
        major_label_font_size=11,
        legend_font_size=11,
        title_font_size=13,
        colors=tuple(colours),
        opacity="0.85",
        opacity_hover="0.95",
    )


def _config(colours: list[str], **options: Any) -> dict[str, Any]:
    """Options every chart shares: no remote JS, no XML declaration,
    responsive width, printable."""
    return {
        "js": [],
        "disable_xml_declaration": True,
        "style": _style(colours),
        "explicit_size": False,
        # pygal reserves too little room for a second legend row below 20
        "margin": 20,
        "legend_box_size": 10,
        "truncate_legend": -1,
        "truncate_label": -1,
        "print_values": False,
        **options,
    }


def svg(chart: Any, name: str) -> str:
    """The chart as an inline ``<svg>`` element with the id ``chart-NAME``."""
    text = chart.render(is_unicode=True)
    text = _COMMENT.sub("", _SCRIPT.sub("", text))
    # Scale down on narrow pages and paper, never up beyond the drawn size.
    text = text.replace("<svg ", f'<svg style="max-width: {chart.config.width}px" ', 1)
    found = _CHART_ID.search(text)
    if found is not None:
        text = text.replace(found.group(0), f"chart-{name}")
    return text


def attendance_heatmap(group: GroupReport) -> str:
    """Members (rows) × sessions (columns): a blue dot where the member was
    present, a pale red one where absent, none where not (yet, or no
    longer) a member. Drawn directly, in pygal's look: a year of a group is
    a thousand dots, which took pygal a fifth of a second per group."""
    members = list(group.attendance.matrix)
    sessions = group.attendance.sessions
    width, height = max(360, 110 + 24 * len(sessions)), 110 + 26 * max(len(members), 1)
    left, right, top, bottom = 64, width - 20, 20, height - 84
    cell_w = (right - left) / max(len(sessions), 1)
    cell_h = (bottom - top) / max(len(members), 1)
    radius = min(cell_w, cell_h) * 0.45
    parts = [_svg_start(f"attendance-{group.handle}", width, height)]
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="#333"/>')
    for col, (ref, day) in enumerate(zip(sessions, group.attendance.dates, strict=True)):
        cx = left + cell_w * (col + 0.5)
        text = escape(f"{ref.split(':', 1)[1]} · {short_day(day)[:6]}")
        parts.append(
            f'<text x="{cx:.1f}" y="{bottom + 14}" text-anchor="end" '
            f'transform="rotate(-60 {cx:.1f} {bottom + 14})">{text}</text>'
        )
    for row, code in enumerate(members):
        cy = top + cell_h * (row + 0.5)
        parts.append(f'<text x="{left - 6}" y="{cy + 4:.1f}" text-anchor="end">{escape(code)}</text>')
        for col, cell in enumerate(group.attendance.matrix[code]):
            if cell is None:
                continue
            colour, word = (PRESENT_COLOUR, "present") if cell else (ABSENT_COLOUR, "absent")
            parts.append(
                f'<circle cx="{left + cell_w * (col + 0.5):.1f}" cy="{cy:.1f}" r="{radius:.1f}" fill="{colour}">'
                f"<title>{escape(code)} · {escape(sessions[col])}: {word}</title></circle>"
            )
    return "".join(parts) + "</svg>"


def quarter_profile(group: GroupReport, by: str) -> str:
    """The group's resonances per quarter, stacked by level or by kind."""
    import pygal

    quarters = group.resonance_profile_by_quarter
    names = [lv.value for lv in ResonanceLevel] if by == "level" else [k.value for k in ResonanceKind]
    colours = LEVEL_COLOURS if by == "level" else KIND_COLOURS
    used = [
        n for n in names if any((q.profile.by_level if by == "level" else q.profile.by_kind).get(n) for q in quarters)
    ]
    chart = pygal.StackedBar(
        **_config(
            [colours[n] for n in used] or ["#999"],
            width=520,
            height=320,
            title=f"Resonances by {by}, per quarter",
            legend_at_bottom=True,
            legend_at_bottom_columns=4,
        )
    )
    chart.x_labels = [q.quarter for q in quarters]
    for n in used:
        chart.add(label(n), [(q.profile.by_level if by == "level" else q.profile.by_kind).get(n, 0) for q in quarters])
    return svg(chart, f"quarters-{by}-{group.handle}")


#: The colour of each kind of presentation in a case's timeline.
PRESENTATION_COLOURS = {"first": "#2471a3", "follow_up": "#c0392b", "update": "#7d3c98"}


def case_timeline(case: CaseReport, period: Period) -> str:
    """The case's presentations on the period's time axis: the mean
    intensity of the resonances of each, a grey line through them and a dot
    coloured by the kind of presentation."""
    width, height = 520, 240
    left, right, top, bottom = 48, width - 36, 50, 196
    span = max((period.end - period.start).days, 1)

    def x(day: dt.date) -> float:
        return left + (right - left) * min(max((day - period.start).days, 0), span) / span

    def y(value: float) -> float:
        return bottom - (bottom - top) * value / 5

    parts = [_svg_start(f"timeline-{case.number}", width, height, "Presentations: mean intensity of resonances")]
    for value in range(6):
        style = 'stroke="#333"' if value == 0 else 'stroke="#999" stroke-dasharray="4,3"'
        parts.append(f'<line x1="{left}" y1="{y(value):.1f}" x2="{right}" y2="{y(value):.1f}" {style}/>')
        parts.append(f'<text x="{left - 8}" y="{y(value) + 4:.1f}" text-anchor="end">{value}</text>')
    parts.append(f'<line x1="{left}" y1="{top - 4}" x2="{left}" y2="{bottom}" stroke="#333"/>')
    for day in _axis_days(period):
        parts.append(f'<text x="{x(day):.1f}" y="{bottom + 16}" text-anchor="middle">{escape(short_day(day))}</text>')
    points = [(x(p.date), y(p.resonances.mean_intensity or 0.0), p) for p in case.presentations]
    line = " ".join(f"{px:.1f},{py:.1f}" for px, py, _p in points)
    parts.append(f'<polyline points="{line}" fill="none" stroke="#9aa5b1" stroke-width="2"/>')
    for px, py, p in points:
        tip = f"{short_day(p.date)}: {label(p.kind)}, mean intensity {p.resonances.mean_intensity or 0:.1f}"
        parts.append(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="6" fill="{PRESENTATION_COLOURS.get(p.kind, "#999")}">'
            f"<title>{escape(tip)}</title></circle>"
        )
    kinds = [k for k in PRESENTATION_COLOURS if any(p.kind == k for p in case.presentations)]
    legend = [("mean intensity", "#9aa5b1"), *((label(k), PRESENTATION_COLOURS[k]) for k in kinds)]
    parts.append(_legend(legend, left, height - 14, 110))
    return "".join(parts) + "</svg>"


def case_shift(case: CaseReport) -> str:
    """Resonances by level at the first and at the latest presentation."""
    first, latest = case.presentations[0], case.presentations[-1]
    levels = [
        lv.value
        for lv in ResonanceLevel
        if first.resonances.by_level.get(lv.value) or latest.resonances.by_level.get(lv.value)
    ]
    row = 22
    width, height = 520, 90 + row * max(len(levels), 1)
    left, right, top = 110, width - 24, 44
    bottom = top + row * max(len(levels), 1)
    most = max([*first.resonances.by_level.values(), *latest.resonances.by_level.values(), 1])
    colours = ("#a9cce3", "#2471a3")

    def x(value: float) -> float:
        return left + (right - left) * value / most

    parts = [_svg_start(f"shift-{case.number}", width, height, "Resonance levels: first and latest presentation")]
    for tick in range(0, most + 1, max(1, most // 6)):
        style = 'stroke="#333"' if tick == 0 else 'stroke="#999" stroke-dasharray="4,3"'
        parts.append(f'<line x1="{x(tick):.1f}" y1="{top}" x2="{x(tick):.1f}" y2="{bottom}" {style}/>')
        parts.append(f'<text x="{x(tick):.1f}" y="{bottom + 16}" text-anchor="middle">{tick}</text>')
    # The first level at the bottom, as in a chart read upwards.
    for n, level in enumerate(reversed(levels)):
        band = top + n * row
        name = escape(label(level))
        parts.append(f'<text x="{left - 8}" y="{band + row / 2 + 4:.1f}" text-anchor="end">{name}</text>')
        for k, (pres, colour) in enumerate(zip((first, latest), colours, strict=True)):
            count = pres.resonances.by_level.get(level, 0)
            if count:
                bar_y = band + 3 + k * (row - 6) / 2
                parts.append(
                    f'<rect x="{left}" y="{bar_y:.1f}" width="{x(count) - left:.1f}" height="{(row - 6) / 2:.1f}" '
                    f'fill="{colour}"><title>{name}: {count}</title></rect>'
                )
    legend = [(f"first ({short_day(first.date)})", colours[0]), (f"latest ({short_day(latest.date)})", colours[1])]
    parts.append(_legend(legend, left, height - 14, 200))
    return "".join(parts) + "</svg>"


def _svg_start(name: str, width: int, height: int, title: str = "") -> str:
    """An ``<svg>`` element with the id ``chart-NAME`` (scaling down on
    narrow pages and paper, never up), its white background and title."""
    start = (
        f'<svg style="max-width: {width}px" xmlns="http://www.w3.org/2000/svg" id="chart-{name}" '
        f'viewBox="0 0 {width} {height}" font-family="{escape(FONT)}" font-size="11" fill="#333">'
        f'<rect width="{width}" height="{height}" fill="white"/>'
    )
    if title:
        start += f'<text x="{width / 2:.0f}" y="26" text-anchor="middle" font-size="13" fill="#111">'
        start += f"{escape(title)}</text>"
    return start


def _legend(entries: list[tuple[str, str]], left: float, baseline: float, step: float) -> str:
    """A row of coloured boxes with their labels."""
    return "".join(
        f'<rect x="{left + n * step:.0f}" y="{baseline - 9:.0f}" width="10" height="10" fill="{colour}"/>'
        f'<text x="{left + n * step + 15:.0f}" y="{baseline:.0f}">{escape(text)}</text>'
        for n, (text, colour) in enumerate(entries)
    )


def _axis_days(period: Period) -> list[dt.date]:
    """The first days of the quarters inside the period (at most six, evenly
    thinned), or the period's ends when it is shorter than a quarter."""
    days = []
    year, month = period.start.year, period.start.month
    while dt.date(year, month, 1) <= period.end:
        first = dt.date(year, month, 1)
        if first >= period.start and month in (1, 4, 7, 10):
            days.append(first)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if len(days) < 2:
        return [period.start, period.end]
    step = -(-len(days) // 6)
    return days[::step]
