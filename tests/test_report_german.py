"""The report in German (issue 17, point 3): the German demo's year report
and a ``--case N`` handout, as Markdown, HTML and JSON with
``BALINTLOG_LANG=de``, say in German what the English report says.

* German words are there (Fallvorstellung, Resonanzen, month names, the
  decimal comma); no English sentence of the catalogue (a run of three or
  more words of a message) is, leaving the user's own text aside;
* the numbers are the same as in the English report of the same journal;
* the JSON has the same keys and enumeration values in both languages,
  only its text labels (the period's) differ.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, Cli, german_translations, make_cli

from balintlog import i18n
from balintlog.demo import DEMO_PASSPHRASE, build_demo
from balintlog.reports import describe
from balintlog.reports.model import Period

FORMATS = ("markdown", "html", "json")
GERMAN = {"BALINTLOG_LANG": "de", "BALINTLOG_PASSPHRASE_COMMAND": f"echo {DEMO_PASSPHRASE}"}
ENGLISH = {**GERMAN, "BALINTLOG_LANG": "en"}
#: ``{name}`` and ``%s`` placeholders split a message into its fixed runs of words.
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%(?:\([^)]*\))?[sdifr]")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The German demo journal (built once for the module)."""
    directory = tmp_path_factory.mktemp("german-demo")
    i18n.set_language("de")
    try:
        build_demo(directory / "demo.db", today=TODAY).close()
    finally:
        i18n.set_language("en")
    yield directory / "demo.db"


@pytest.fixture(scope="module")
def outputs(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, str], str]:
    """The reports of the German demo, by (language, format, scope): the year
    report (``year``) and the case handout (``case``) of a case presented
    more than once, through the command line."""
    cli = make_cli(tmp_path_factory.mktemp("cli"))
    found: dict[tuple[str, str, str], str] = {}
    try:
        for language, env in (("en", ENGLISH), ("de", GERMAN)):
            i18n.set_language(language)
            for fmt in FORMATS:
                found[language, fmt, "year"] = run(cli, demo, env, "--format", fmt)
        year = json.loads(found["en", "json", "year"])
        number = next(c["number"] for c in year["cases"] if c["shift"] is not None and c["outcomes"])
        for language, env in (("en", ENGLISH), ("de", GERMAN)):
            i18n.set_language(language)
            for fmt in FORMATS:
                found[language, fmt, "case"] = run(cli, demo, env, "--case", str(number), "--format", fmt)
    finally:
        i18n.set_language("en")
    return found


def run(cli: Cli, demo: Path, env: dict[str, str], *args: str) -> str:
    return str(cli.ok("--vault", str(demo), "report", *args, env=env).stdout)


def visible(text: str, fmt: str, charts: bool = True) -> str:
    """What a reader reads: HTML without its style sheet and tags (and
    without its charts unless ``charts``), entities decoded; every run of
    white space one space."""
    if fmt == "html":
        text = re.sub(r"<style>.*?</style>" if charts else r"<style>.*?</style>|<svg\b.*?</svg>", " ", text, flags=re.S)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return " ".join(text.split())


def user_texts(data: Any) -> Iterator[str]:
    """The strings of a report's JSON of three words or more: what the user
    wrote (titles, questions, resonances, notes, group names …)."""
    if isinstance(data, dict):
        for value in data.values():
            yield from user_texts(value)
    elif isinstance(data, list):
        for value in data:
            yield from user_texts(value)
    elif isinstance(data, str) and len(data.split()) >= 3:
        yield " ".join(data.split())


def english_phrases() -> set[str]:
    """Every run of three or more words between the placeholders of an
    English message of the catalogue, unless its German translation says
    the same (a command name, an abbreviation)."""
    phrases = set()
    for english, strings in german_translations():
        for run_ in PLACEHOLDER.split(english):
            run_ = " ".join(run_.split()).strip(" .,;:()")
            if len(run_.split()) >= 3 and not any(run_ in german for german in strings):
                phrases.add(run_)
    return phrases


def numbers(text: str) -> Counter[str]:
    """The numbers in a text, counted, however the language writes them:
    ``3,5`` is ``3.5``, ``26.11.2026`` is ``2026-11-26``."""
    text = re.sub(r"\b(\d{2})\.(\d{2})\.(\d{4})\b", r"\3-\2-\1", text)
    return Counter(n.replace(",", ".") for n in re.findall(r"\d+(?:[.,]\d+)?", text))


@pytest.mark.parametrize("scope", ["year", "case"])
@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_report_speaks_german(outputs: dict[tuple[str, str, str], str], fmt: str, scope: str) -> None:
    text = visible(outputs["de", fmt, scope], fmt)
    for word in ("Fallvorstellung", "Resonanzen", "Für die Supervision", "Glossar", "Doppelstunde", "Nachbericht"):
        assert word in text, word
    months = "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
    assert re.search(rf"\b\d{{1,2}}\. ({months}) 20\d\d\b", text), "a German date"
    assert re.search(r"\b\d,\d\b", text), "a decimal comma"
    if scope == "year":
        assert "Jahresbericht für die Supervision" in text and "Auf einen Blick" in text and "Resonanzprofil" in text
    else:
        assert "Fallverlauf für die Supervision" in text and "Verschiebung:" in text
    if fmt == "html":
        page = outputs["de", fmt, scope]
        assert '<html lang="de">' in page
        assert 'content: "Vertraulich: ' in page and '"Seite " counter(page) " von " counter(pages)' in page
        assert "Mittlere Intensität je Vorstellung" in page and "Resonanzen nach Ebene" in page  # the charts' titles


@pytest.mark.parametrize("scope", ["year", "case"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_no_english_sentence_leaks(outputs: dict[tuple[str, str, str], str], fmt: str, scope: str) -> None:
    text = visible(outputs["de", fmt, scope], fmt)
    for written in sorted(user_texts(json.loads(outputs["de", "json", scope])), key=len, reverse=True):
        text = text.replace(written, " ")
    phrases = english_phrases()
    assert len(phrases) > 100  # the catalogue was read
    leaked = sorted(p for p in phrases if p in text)
    assert leaked == []
    # the English report does show them (the comparison can find a leak)
    english = visible(outputs["en", fmt, scope], fmt)
    if fmt != "json":
        assert any(p in english for p in phrases)


@pytest.mark.parametrize("scope", ["year", "case"])
@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_numbers_are_the_same_in_both_languages(
    outputs: dict[tuple[str, str, str], str], fmt: str, scope: str
) -> None:
    # the charts' labels write dates differently (14 Mar; 14.03.): the text itself is compared
    german = visible(outputs["de", fmt, scope], fmt, charts=False)
    english = visible(outputs["en", fmt, scope], fmt, charts=False)
    assert numbers(german) == numbers(english)
    data = json.loads(outputs["de", "json", scope])
    totals = data["totals"]
    if scope == "year":
        presentations = f"{totals['presentations']} ({totals['first_presentations']} Fallvorstellungen, "
        assert presentations in german
        assert f"{totals['resonances']} (davon {totals['mirroring']} Spiegelphänomene)" in german
        i18n.set_language("de")
        assert f"{totals['minutes']} Min. = {describe.number(totals['hours'])} Std." in german


@pytest.mark.parametrize("scope", ["year", "case"])
def test_json_keys_and_values_do_not_change_with_the_language(
    outputs: dict[tuple[str, str, str], str], scope: str
) -> None:
    german = json.loads(outputs["de", "json", scope])
    english = json.loads(outputs["en", "json", scope])
    german_label, english_label = german["period"].pop("label"), english["period"].pop("label")
    assert german == english  # keys, enumeration values, numbers, dates: identical
    assert german_label != english_label
    if scope == "year":
        assert (english_label, german_label) == ("last 12 months", "letzte 12 Monate")
    else:
        number = german["scope"]["case"]
        assert german_label == f"Fall #{number}, sein ganzer Verlauf"
    assert german["cases"] and {c["status"] for c in german["cases"]} <= {"open", "followed_up", "closed", "lost"}


D = dt.date


@pytest.mark.parametrize(
    ("period", "english", "german"),
    [
        (Period(D(2026, 1, 1), D(2026, 12, 31)), "2026", "Jahr 2026"),
        (Period(D(2026, 4, 1), D(2026, 6, 30)), "Q2 2026", "2. Quartal 2026"),
        (Period(D(2026, 3, 14), D(2026, 6, 30)), "Sat 14 Mar 2026 to Tue 30 Jun 2026", "14.03.2026 – 30.06.2026"),
        (Period(D(2025, 11, 27), D(2026, 11, 26), "last_12_months"), "last 12 months", "letzte 12 Monate"),
        (
            Period(D(2025, 10, 10), D(2026, 11, 26), "case", 4),
            "case #4, its whole history",
            "Fall #4, sein ganzer Verlauf",
        ),
    ],
)
def test_a_period_is_named_in_the_readers_language(period: Period, english: str, german: str) -> None:
    assert describe.period_name(period) == english
    i18n.set_language("de")
    assert describe.period_name(period) == german
    assert period.to_json()["label"] == german


def test_a_period_knows_what_it_is() -> None:
    assert Period(D(2026, 10, 1), D(2026, 12, 31)).kind == "quarter"
    assert Period(D(2026, 10, 1), D(2026, 12, 30)).kind == "range"
    assert Period(D(2026, 1, 1), D(2026, 12, 31)).year == 2026
    assert Period.of(D(2025, 11, 27), D(2026, 11, 26), TODAY).kind == "last_12_months"
    # cut to the years that hold data, a period is still named by the days asked for
    cut = Period(D(1, 1, 1), D(9999, 12, 31)).cut(D(2025, 1, 1), D(2027, 12, 31))
    assert (cut.start, cut.kind, cut.asked) == (D(2025, 1, 1), "range", (D(1, 1, 1), D(9999, 12, 31)))
    i18n.set_language("de")
    assert describe.period_name(cut) == "01.01.0001 – 31.12.9999"
    with pytest.raises(ValueError, match="a period is one of"):
        Period(D(2026, 1, 1), D(2026, 1, 2), "fortnight")


def test_german_numbers_and_labels_in_the_shared_words() -> None:
    i18n.set_language("de")
    assert describe.number(3.25) == "3,3" and describe.number(7.0) == "7" and describe.percent(0.875) == "88 %"
    assert describe.signed(-1.0) == "−1,0" and describe.signed(0.0) == "±0"
    assert describe.label("follow_up") == "Nachbericht" and describe.label("first") == "Fallvorstellung"
    assert describe.label("other") == "anderer Beruf" and describe.relationship("other") == "andere Beziehung"
    assert describe.voiced_by("group") == "von der Gruppe" and describe.voiced_by("A3") == "von A3"
    assert describe.quarter_label("2026-Q1") == "Q1/2026" and describe.quarter_long("2026-Q1") == "1. Quartal 2026"
    assert describe.month_year(D(2026, 3, 1)) == "Mär 2026" and describe.day_month(D(2026, 3, 5)) == "05.03."
    assert dict(describe.GLOSSARY)["DS"].startswith("Doppelstunde (DS, 90 Min.)")
    assert describe.SUPERVISION_LABELS["countertransference"] == "Meine Gegenübertragung"


def test_the_german_html_fits_a_phone_and_prints_on_a_few_pages(
    outputs: dict[tuple[str, str, str], str], tmp_path: Path
) -> None:
    """The longer German words neither widen the page on a phone nor add
    pages on paper (headless Chromium, as tests/test_report_html.py)."""
    from test_report_html import DEMO_PAGES, document_width, print_to_pdf

    page = tmp_path / "bericht.html"
    page.write_text(outputs["de", "html", "year"], encoding="utf-8")
    document, viewport = document_width(page, 390, tmp_path / "profile")
    assert document <= viewport
    pdf = tmp_path / "bericht.pdf"
    print_to_pdf(page, pdf, tmp_path / "profile")
    assert 1 <= len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes())) <= DEMO_PAGES
