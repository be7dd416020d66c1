"""The report as one self-contained HTML file: inline CSS, inline SVG charts,
no script, no request to anywhere, and a print stylesheet for A4."""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from balintlog.reports import charts, describe
from balintlog.reports.model import SCHEMA, Report

if TYPE_CHECKING:
    from markupsafe import Markup


def shade(value: float | None, most: float) -> str:
    """A cell's background for ``value`` out of ``most``: the darker the
    more (the number is written in the cell too, so greyscale loses nothing)."""
    if not value or not most:
        return ""
    return f"background: rgba(36, 113, 163, {0.08 + 0.42 * value / most:.2f})"


def css_string(text: str) -> Markup:
    """``text`` inside a CSS string in double quotes (the ``<style>``
    element is not HTML-escaped: an entity would show as typed)."""
    from markupsafe import Markup

    return Markup(text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace("\n", " "))


def render(report: Report) -> str:
    """The whole HTML document."""
    import jinja2

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["label"] = describe.label
    env.filters["day"] = describe.short_day
    env.filters["percent"] = describe.percent
    env.filters["number"] = describe.number
    env.filters["shade"] = shade
    env.filters["css"] = css_string
    template = env.from_string(resources.files("balintlog.reports").joinpath("report.html.jinja").read_text("utf-8"))
    # One case's report leaves the groups out (see the template).
    groups = report.groups if report.scope_case is None else ()
    return template.render(
        report=report,
        schema=SCHEMA,
        d=describe,
        W=describe.WORDS,
        page_of=describe.page_of(),
        charts={
            "attendance": {g.handle: charts.attendance_heatmaps(g) for g in groups if g.sessions},
            # A case presented once has no course to draw: its text says it all.
            "timeline": {c.number: charts.case_timeline(c, report.period) for c in report.cases if c.shift},
            "shift": {c.number: charts.case_shift(c) for c in report.cases if c.shift},
        },
    )
