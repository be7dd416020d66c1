"""The HTML report in a real browser: headless Chromium loads the file and
the rendered DOM holds the SVG charts; the file references nothing outside
itself. Outside CI a missing Chromium skips with the reason; under CI
(``CI=true``) it is a failure."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import load_script
from test_report_model import CASE_1, source  # the hand-built data of the model's tests

from balintlog.reports import html
from balintlog.reports.model import build_report

ROOT = Path(__file__).resolve().parent.parent


#: scripts/report_example.py, which also knows how to run Chromium.
REPORT_EXAMPLE = load_script("scripts/report_example.py")


def browser() -> str:
    """Chromium's path. Skips with the reason when it is missing, except under CI."""
    found = REPORT_EXAMPLE.find_browser()
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is required under CI to check the HTML report (apt-get install chromium)")
        pytest.skip("Chromium not installed: the HTML report is not checked in a browser (apt-get install chromium)")
    return str(found)


def dump_dom(page: Path, profile: Path, *flags: str) -> str:
    """The DOM after Chromium loaded and rendered ``page``, offline."""
    return str(REPORT_EXAMPLE.chromium(browser(), profile, *flags, "--dump-dom", page.as_uri()).stdout)


def print_to_pdf(page: Path, target: Path, profile: Path) -> None:
    """``page`` printed to ``target`` as Chromium prints it (A4 from the stylesheet)."""
    REPORT_EXAMPLE.chromium(browser(), profile, "--no-pdf-header-footer", f"--print-to-pdf={target}", page.as_uri())


def outside_references(text: str) -> list[str]:
    """Everything in a document that would make the browser fetch something."""
    found = re.findall(
        r"""(?:src|href|xlink:href|action|poster|data)\s*=\s*["']?\s*(?:https?:|file:|//)[^"'\s>]*""", text, flags=re.I
    )
    found += re.findall(r"@import[^;]*", text, flags=re.I)
    found += re.findall(r"url\(\s*['\"]?(?!#)[^)]*\)", text, flags=re.I)
    found += re.findall(r"<(?:script|link|iframe|object|embed|img)\b[^>]*>", text, flags=re.I)
    return found


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tricky = replace(CASE_1, case=replace(CASE_1.case, title="<b>Bold</b> & <script>alert(1)</script>"))
    report = build_report(source(cases=[tricky]))
    target = tmp_path_factory.mktemp("html") / "report.html"
    target.write_text(html.render(report), encoding="utf-8")
    return target


def test_the_file_is_self_contained(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    assert outside_references(text) == []
    assert "<style>" in text and "@media print" in text
    # user text is shown, never interpreted
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;script&gt;" in text
    assert "Realname" not in text


def test_chromium_renders_the_charts(page: Path, tmp_path: Path) -> None:
    dom = dump_dom(page, tmp_path / "profile")
    charts = re.findall(r'<svg[^>]*\bid="chart-([a-z0-9-]+)"', dom)
    assert sorted(charts) == sorted(
        [
            "attendance-nord",  # the group with sessions; the one without has no heat map
            "timeline-1",
            "shift-1",  # presented three times
        ]
    )
    assert "Each case's development" in dom and "For supervision" in dom
    assert "Why do I side with the mother?" in dom
    assert outside_references(dom) == []


#: The demo's year report prints on at most this many A4 pages.
DEMO_PAGES = 12


@pytest.fixture(scope="module")
def demo_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's year report as an HTML file (built for the example page's day)."""
    directory = tmp_path_factory.mktemp("demo-html")
    report = REPORT_EXAMPLE.report_of(REPORT_EXAMPLE.build(directory))
    target = directory / "report.html"
    target.write_text(html.render(report), encoding="utf-8")
    return target


def document_width(page: Path, width: int, profile: Path) -> tuple[int, int]:
    """(document width, viewport width) of ``page`` shown in a frame
    ``width`` pixels wide (a window cannot be made narrower than 500)."""
    frame = page.with_name(f"frame-{width}.html")
    frame.write_text(
        f'<!DOCTYPE html><iframe id="f" src="{page.name}" style="width:{width}px;height:800px;border:0"></iframe>'
        '<script>document.getElementById("f").addEventListener("load", function () {'
        "var doc = this.contentDocument.documentElement;"
        'document.body.setAttribute("data-width", doc.scrollWidth + "/" + doc.clientWidth); });</script>',
        encoding="utf-8",
    )
    dom = dump_dom(frame, profile, "--allow-file-access-from-files", "--virtual-time-budget=5000")
    found = re.search(r'data-width="(\d+)/(\d+)"', dom)
    assert found is not None, "the frame did not load"
    return int(found.group(1)), int(found.group(2))


@pytest.mark.parametrize("width", [1280, 390])
def test_no_page_wider_than_the_screen(demo_page: Path, tmp_path: Path, width: int) -> None:
    document, viewport = document_width(demo_page, width, tmp_path / "profile")
    assert document <= viewport


def test_the_demo_prints_on_a_few_a4_pages(demo_page: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    print_to_pdf(demo_page, pdf, tmp_path / "profile")
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes()))
    assert 1 <= pages <= DEMO_PAGES
