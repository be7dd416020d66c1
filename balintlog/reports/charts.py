"""The HTML report's charts: pygal SVG rendered to strings for inlining.

Every chart is self-contained: pygal's script tags, its remote JS and its
comments (which carry its homepage) are left out, and the random element id
pygal gives each chart is replaced by a stable one, so a report renders the
same every time. pygal is imported only here, inside the functions.
"""

from __future__ import annotations

import datetime as dt
import re
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
    longer) a member."""
    import pygal

    members = list(group.attendance.matrix)
    sessions = group.attendance.sessions
    chart = pygal.Dot(
        **_config(
            ["#2471a3"] * max(len(members), 1),
            width=max(360, 110 + 24 * len(sessions)),
            height=110 + 26 * max(len(members), 1),
            show_legend=False,
            show_y_guides=False,
            show_x_guides=False,
            x_label_rotation=-60,
        )
    )
    chart.x_labels = [
        f"{ref.split(':', 1)[1]} · {short_day(d)[:6]}" for ref, d in zip(sessions, group.attendance.dates, strict=True)
    ]
    for code in members:
        chart.add(code, [_attendance_dot(cell) for cell in group.attendance.matrix[code]])
    return svg(chart, f"attendance-{group.handle}")


def _attendance_dot(cell: bool | None) -> dict[str, Any] | None:
    if cell is None:
        return None
    return {"value": 1, "color": PRESENT_COLOUR if cell else ABSENT_COLOUR, "label": "present" if cell else "absent"}


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
    import pygal

    start = dt.datetime.combine(period.start, dt.time())
    end = dt.datetime.combine(period.end, dt.time())
    kinds = [k for k in PRESENTATION_COLOURS if any(p.kind == k for p in case.presentations)]
    chart = pygal.DateLine(
        **_config(
            ["#9aa5b1", *(PRESENTATION_COLOURS[k] for k in kinds)],
            width=520,
            height=240,
            title="Presentations: mean intensity of resonances",
            range=(0, 5),
            include_x_axis=True,
            show_y_guides=True,
            x_value_formatter=lambda d: short_day(d.date() if isinstance(d, dt.datetime) else d),
            x_label_rotation=0,
            legend_at_bottom=True,
            legend_at_bottom_columns=4,
            xrange=(start, end),
            margin_right=36,
        )
    )
    chart.x_labels = [dt.datetime.combine(d, dt.time()) for d in _axis_days(period)]

    def point(day: dt.date, value: float | None) -> tuple[dt.datetime, float]:
        return dt.datetime.combine(day, dt.time()), value or 0.0

    chart.add(
        "mean intensity",
        [point(p.date, p.resonances.mean_intensity) for p in case.presentations],
        show_dots=False,
        stroke_style={"width": 2},
    )
    for kind in kinds:
        chart.add(
            label(kind),
            [point(p.date, p.resonances.mean_intensity) for p in case.presentations if p.kind == kind],
            stroke=False,
            dots_size=6,
        )
    return svg(chart, f"timeline-{case.number}")


def case_shift(case: CaseReport) -> str:
    """Resonances by level at the first and at the latest presentation."""
    import pygal

    first, latest = case.presentations[0], case.presentations[-1]
    levels = [
        lv.value
        for lv in ResonanceLevel
        if first.resonances.by_level.get(lv.value) or latest.resonances.by_level.get(lv.value)
    ]
    chart = pygal.HorizontalBar(
        **_config(
            ["#a9cce3", "#2471a3"],
            width=520,
            height=90 + 26 * max(len(levels), 1),
            title="Resonance levels: first and latest presentation",
            legend_at_bottom=True,
            legend_at_bottom_columns=2,
        )
    )
    chart.x_labels = [label(lv) for lv in levels]
    most = max([*first.resonances.by_level.values(), *latest.resonances.by_level.values(), 1])
    chart.config.y_labels = list(range(0, most + 1, max(1, most // 6)))
    chart.add(f"first ({short_day(first.date)})", [first.resonances.by_level.get(lv, 0) for lv in levels])
    chart.add(f"latest ({short_day(latest.date)})", [latest.resonances.by_level.get(lv, 0) for lv in levels])
    return svg(chart, f"shift-{case.number}")


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
