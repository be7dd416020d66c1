"""The report as one self-contained HTML file: inline CSS, inline SVG charts,
no script, no request to anywhere, and a print stylesheet."""

from __future__ import annotations

from importlib import resources

from balintlog.reports import charts, describe
from balintlog.reports.model import SCHEMA, Report


def render(report: Report) -> str:
    """The whole HTML document."""
    import jinja2

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["label"] = describe.label
    env.filters["day"] = describe.short_day
    env.filters["percent"] = describe.percent
    env.filters["number"] = describe.number
    template = env.from_string(resources.files("balintlog.reports").joinpath("report.html.jinja").read_text("utf-8"))
    # One case's report leaves the groups out (see the template).
    groups = report.groups if report.scope_case is None else ()
    return template.render(
        report=report,
        schema=SCHEMA,
        d=describe,
        charts={
            "attendance": {g.handle: charts.attendance_heatmap(g) for g in groups if g.sessions},
            "levels": {g.handle: charts.quarter_profile(g, "level") for g in groups if g.presentations},
            "kinds": {g.handle: charts.quarter_profile(g, "kind") for g in groups if g.presentations},
            # A case presented once has no course to draw: its row in the table says it all.
            "timeline": {c.number: charts.case_timeline(c, report.period) for c in report.cases if c.shift},
            "shift": {c.number: charts.case_shift(c) for c in report.cases if c.shift},
        },
    )
