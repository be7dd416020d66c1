"""The HTML report's charts: SVG strings for inlining, drawn directly.

Made for paper as much as for screens: text at 12 units in drawings about
as wide as they are shown (so at least 8 pt when printed on A4), every
value labelled directly, and meaning carried by shape and fill (filled and
hollow marks, solid and outlined bars) rather than by colour alone, so a
greyscale print reads the same.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from balintlog.domain import ResonanceLevel
from balintlog.i18n import _
from balintlog.reports.describe import day_month, intensity, label, month_year, short_day
from balintlog.reports.model import CaseReport, GroupReport, Period

INK, MUTED, GRID = "#1f2933", "#616e7c", "#bcccdc"
FONT = "-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"
FONT_SIZE = 12
#: Marks of the kinds of presentation: (fill, stroke) — filled, hollow, grey.
PRESENTATION_MARKS = {"first": (INK, INK), "follow_up": ("white", INK), "update": ("#9aa5b1", INK)}


#: Sessions per attendance heat map: a longer year is drawn in several, so
#: that the labels stay legible on a screen and on paper.
HEATMAP_SESSIONS = 30


def attendance_heatmaps(group: GroupReport) -> list[str]:
    """The group's attendance in heat maps of at most
    :data:`HEATMAP_SESSIONS` sessions each (see :func:`attendance_heatmap`)."""
    count = len(group.attendance.sessions)
    parts = -(-count // HEATMAP_SESSIONS)
    # as even as possible: 31 sessions are drawn as 16 and 15, not 30 and 1
    bounds = [count * n // parts for n in range(parts + 1)]
    return [attendance_heatmap(group, range(bounds[n], bounds[n + 1]), n) for n in range(parts)]


def attendance_heatmap(group: GroupReport, columns: range, part: int = 0) -> str:
    """Members (rows) × the sessions ``columns`` (indices into the group's
    sessions): a filled dot where the member was present, a hollow ring
    where absent, nothing where not (yet, or no longer) a member."""
    members = [code for code, row in group.attendance.matrix.items() if any(row[i] is not None for i in columns)]
    sessions = [group.attendance.sessions[i] for i in columns]
    dates = [group.attendance.dates[i] for i in columns]
    width, height = max(360, 80 + 24 * len(sessions)), 96 + 24 * max(len(members), 1)
    left, right, top, bottom = 48, width - 12, 12, height - 84
    cell_w = (right - left) / max(len(sessions), 1)
    cell_h = (bottom - top) / max(len(members), 1)
    radius = min(cell_w, cell_h) * 0.36
    name = f"attendance-{group.handle}" + (f"-{part + 1}" if part else "")
    parts = [_svg_start(name, width, height)]
    for col, (ref, day) in enumerate(zip(sessions, dates, strict=True)):
        cx = left + cell_w * (col + 0.5)
        text = escape(f"{ref.split(':', 1)[1]} · {day_month(day)}")
        parts.append(
            f'<text x="{cx:.1f}" y="{bottom + 14}" text-anchor="end" '
            f'transform="rotate(-60 {cx:.1f} {bottom + 14})">{text}</text>'
        )
    for row, code in enumerate(members):
        cy = top + cell_h * (row + 0.5)
        parts.append(f'<text x="{left - 8}" y="{cy + 4:.1f}" text-anchor="end">{escape(code)}</text>')
        cells = group.attendance.matrix[code]
        for col, i in enumerate(columns):
            cell = cells[i]
            if cell is None:
                continue
            fill, word = (INK, _("present")) if cell else ("white", _("absent"))
            parts.append(
                f'<circle cx="{left + cell_w * (col + 0.5):.1f}" cy="{cy:.1f}" r="{radius:.1f}" fill="{fill}" '
                f'stroke="{INK}" stroke-width="1.5"><title>{escape(code)} · {escape(sessions[col])}: {word}</title>'
                "</circle>"
            )
    return "".join(parts) + "</svg>"


def case_timeline(case: CaseReport, period: Period) -> str:
    """The case's presentations on the period's time axis at the mean
    intensity of their resonances, each mark labelled with its value;
    filled: first presentation, hollow: follow-up, grey: update."""
    kinds = [k for k in PRESENTATION_MARKS if any(p.kind == k for p in case.presentations)]
    width, left, right, top, bottom = 280, 24, 266, 34, 124
    lines = max((line for _k, _x, line in _legend_places(kinds, left, width - 4)), default=0)
    height = 170 + 16 * lines
    span = max((period.end - period.start).days, 1)

    def x(day: dt.date) -> float:
        return left + (right - left) * min(max((day - period.start).days, 0), span) / span

    def y(value: float) -> float:
        return bottom - (bottom - top) * value / 5

    parts = [_svg_start(f"timeline-{case.number}", width, height, _("Mean intensity per presentation"))]
    for value in (1, 3, 5):
        parts.append(f'<line x1="{left}" y1="{y(value):.1f}" x2="{right}" y2="{y(value):.1f}" stroke="{GRID}"/>')
        parts.append(f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{value}</text>')
    parts.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{INK}"/>')
    days = _axis_days(period)
    for day in days:
        anchor = "start" if day == days[0] else "end" if day == days[-1] and len(days) > 2 else "middle"
        # the year only where it begins (and at the first tick): "Oct 2025, Jan 2026, Apr, Jul"
        text = _month(day) if day == days[0] or day.month == 1 else _month(day).split(" ")[0]
        parts.append(f'<text x="{x(day):.1f}" y="{bottom + 16}" text-anchor="{anchor}">{escape(text)}</text>')
    points = [(x(p.date), y(p.resonances.mean_intensity or 0.0), p) for p in case.presentations]
    line = " ".join(f"{px:.1f},{py:.1f}" for px, py, _p in points)
    parts.append(f'<polyline points="{line}" fill="none" stroke="{MUTED}" stroke-width="1.5"/>')
    for px, py, p in points:
        fill, stroke = PRESENTATION_MARKS.get(p.kind, ("white", INK))
        mean = intensity(p.resonances.mean_intensity)
        tip = _("{day}: {kind}, mean intensity {mean}").format(day=short_day(p.date), kind=label(p.kind), mean=mean)
        parts.append(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="5" fill="{fill}" stroke="{stroke}" stroke-width="1.5">'
            f"<title>{escape(tip)}</title></circle>"
            f'<text x="{px:.1f}" y="{py - 9:.1f}" text-anchor="middle">{mean}</text>'
        )
    legend = "".join(
        f'<circle cx="{lx + 6:.0f}" cy="{bottom + 34 + 16 * row}" r="5" fill="{PRESENTATION_MARKS[k][0]}" '
        f'stroke="{INK}" stroke-width="1.5"/><text x="{lx + 16:.0f}" y="{bottom + 38 + 16 * row}">'
        f"{escape(label(k))}</text>"
        for k, lx, row in _legend_places(kinds, left, width - 4)
    )
    return "".join(parts) + legend + "</svg>"


def _legend_places(kinds: list[str], left: int, right: int) -> list[tuple[str, float, int]]:
    """(kind, x, line) of each legend entry: side by side, on a further line
    where the words of a language do not fit on one."""
    places, at, line = [], float(left), 0
    for k in kinds:
        wide = 16 + _text_width(label(k))
        if at + wide > right and at > left:
            at, line = float(left), line + 1
        places.append((k, at, line))
        at += wide + 12
    return places


def case_shift(case: CaseReport) -> str:
    """Resonances by level at the first (outlined bar) and at the latest
    presentation (solid bar), each bar labelled with its count."""
    first, latest = case.presentations[0], case.presentations[-1]
    levels = [
        lv.value
        for lv in ResonanceLevel
        if first.resonances.by_level.get(lv.value) or latest.resonances.by_level.get(lv.value)
    ]
    row = 30
    # narrow enough to be drawn at about its size in a print column (text >= 8 pt)
    width, height = 220, 70 + row * max(len(levels), 1)
    left, right, top = 84, width - 20, 30
    most = max([*first.resonances.by_level.values(), *latest.resonances.by_level.values(), 1])

    def x(value: float) -> float:
        return left + (right - left) * value / most

    parts = [_svg_start(f"shift-{case.number}", width, height, _("Resonances by level"))]
    bottom = top + row * max(len(levels), 1)
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="{INK}"/>')
    for n, level in enumerate(levels):
        band = top + n * row
        name = escape(label(level))
        parts.append(f'<text x="{left - 6}" y="{band + row / 2 + 4:.1f}" text-anchor="end">{name}</text>')
        for k, pres in enumerate((first, latest)):
            count = pres.resonances.by_level.get(level, 0)
            bar_y = band + 2 + k * (row - 4) / 2
            fill = "white" if k == 0 else INK
            if count:
                parts.append(
                    f'<rect x="{left}" y="{bar_y:.1f}" width="{x(count) - left:.1f}" height="{(row - 6) / 2:.1f}" '
                    f'fill="{fill}" stroke="{INK}"><title>{name}: {count}</title></rect>'
                )
            parts.append(f'<text x="{x(count) + 4:.1f}" y="{bar_y + 10:.1f}">{count}</text>')
    first_word = escape(_("first, {day}").format(day=short_day(first.date)))
    latest_word = escape(_("latest, {day}").format(day=short_day(latest.date)))
    legend = (
        f'<rect x="8" y="{height - 32}" width="12" height="10" fill="white" stroke="{INK}"/>'
        f'<text x="24" y="{height - 23}">{first_word}</text>'
        f'<rect x="8" y="{height - 16}" width="12" height="10" fill="{INK}"/>'
        f'<text x="24" y="{height - 7}">{latest_word}</text>'
    )
    return "".join(parts) + legend + "</svg>"


def _svg_start(name: str, width: int, height: int, title: str = "") -> str:
    """An ``<svg>`` element with the id ``chart-NAME`` (scaling down on
    narrow pages and paper, never up), its white background and title."""
    start = (
        f'<svg style="max-width: {width}px" xmlns="http://www.w3.org/2000/svg" id="chart-{name}" '
        f'viewBox="0 0 {width} {height}" font-family="{escape(FONT)}" font-size="{FONT_SIZE}" fill="{INK}">'
        f'<rect width="{width}" height="{height}" fill="white"/>'
    )
    if title:
        start += f'<text x="{width / 2:.0f}" y="18" text-anchor="middle" font-weight="600">{escape(title)}</text>'
    return start


def _month(day: dt.date) -> str:
    """``Mar 2026``; ``Mär 2026``."""
    return month_year(day)


def _text_width(text: str) -> float:
    """About how wide ``text`` is drawn at :data:`FONT_SIZE` (for laying out a legend)."""
    return 0.6 * FONT_SIZE * len(text)


def _axis_days(period: Period) -> list[dt.date]:
    """The first days of the quarters inside the period (at most four, evenly
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
    step = -(-len(days) // 4)
    return days[::step]
