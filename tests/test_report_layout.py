"""The terminal report as laid out line by line (reports/layout.py): at 40,
80 and 120 columns no line is wider than the terminal, nothing the JSON
report holds is lost, wide characters and long words wrap cleanly, colour
is written only to a colour terminal, and in German no English is left."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from balintlog import i18n
from balintlog.demo import DEMO_PASSPHRASE, build_demo
from balintlog.journal import Journal
from balintlog.reports import layout, terminal
from balintlog.reports.model import Report
from balintlog.terminal.text import escape_controls

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 26)
WIDTHS = (40, 80, 120)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _demo_reports(directory: Path, language: str) -> tuple[Report, Report]:
    """The demo's year report (brief) and one case's (full), built in ``language``."""
    i18n.set_language(language)
    try:
        build_demo(directory / "demo.db", today=TODAY).close()
        with Journal.unlock(directory / "demo.db", DEMO_PASSPHRASE.encode, today=TODAY) as journal:
            return journal.reports.build(), journal.reports.build(case="1")
    finally:
        i18n.set_language("en")


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, Report]:
    return _demo_reports(tmp_path_factory.mktemp("demo-en"), "en")


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, Report]:
    return _demo_reports(tmp_path_factory.mktemp("demo-de"), "de")


@pytest.fixture
def in_german() -> Iterator[None]:
    i18n.set_language("de")
    yield
    i18n.set_language("en")


def _wide(report: Report) -> Report:
    """The report with umlauts, CJK and words longer than any line in its
    titles, questions, accounts and client descriptors."""
    titles = (
        "患者さんとの関係が難しい長い題名のケースについて",
        "Überweisungsschwierigkeitenbeschreibungsübersichtsblattsammlungsordnerrückseite",
        "Ärztin, Übergabe, Größe — äöü ÄÖÜ ß",
        "x" * 95,
    )

    def odd(case: Any, i: int) -> Any:
        presentations = tuple(
            dataclasses.replace(
                p,
                question=f"{p.question} 私は彼女を助けたいが、どうすればいいのか分からない。 {'Donau' * 12}",
                account=f"{p.account} {'Langwort' * 15} Übelkeit, Überdruss.",
            )
            for p in case.presentations
        )
        return dataclasses.replace(case, title=titles[i % 4], presentations=presentations, client=f"{case.client} 東京")

    return dataclasses.replace(report, cases=tuple(odd(c, i) for i, c in enumerate(report.cases)), detail="full")


def _squeezed(text: str) -> str:
    """``text`` without whitespace: what wrapping and table columns cannot change."""
    return "".join(text.split())


def _too_wide(text: str, width: int) -> list[str]:
    return [line for line in text.splitlines() if cell_len(line) > width]


@pytest.mark.parametrize("width", (*WIDTHS, 10, 20))
def test_no_line_is_wider_than_the_terminal(english: tuple[Report, Report], width: int) -> None:
    for report in (*english, _wide(english[0])):
        text = terminal.text(report, width)
        assert not _too_wide(text, width)
        assert all(line == line.rstrip() for line in text.splitlines())


@pytest.mark.parametrize("width", WIDTHS)
def test_every_fact_of_the_json_report_is_in_the_terminal_text(english: tuple[Report, Report], width: int) -> None:
    report = english[0]
    data = report.to_json()
    text = _squeezed(terminal.text(report, width))

    def shown(value: object) -> bool:
        return _squeezed(str(value)) in text

    totals = data["totals"]
    for what, key in (
        ("Sessions held", "sessions"),
        ("Members", "members"),
        ("Presentations", "presentations"),
        ("Resonances", "resonances"),
    ):
        assert shown(f"{what} {totals[key]}"), what
    assert shown(f"Cases {totals['cases']} ({totals['new_cases']} new")
    for case in data["cases"]:
        assert shown(f"#{case['number']} {case['title']}")
        assert shown(f"{case['group']} · {case['presenter']}")
        for p in case["presentations"]:
            assert shown(f"“{p['question']}”") if p["question"] else shown("(no question noted)")
    for group in data["groups"]:
        assert shown(f"{group['handle']} — {group['name']}")
        for member in group["members"]:
            assert shown(member["code"]) and shown(f"{member['attended']}/{member['possible']}")
        for event in group["mirroring_events"]:
            assert shown(event["text"])
    for item in data["supervision"]:
        assert shown(item["text"])


def test_tables_keep_every_word_whole_at_40_columns(english: tuple[Report, Report]) -> None:
    """A table too wide for the terminal is shown in parts, each led by its
    first column, rather than with words cut off."""
    text = terminal.text(english[0], 40)
    assert "…" not in "".join(line for line in text.splitlines() if "continuous" in line or "block" in line)
    for group in english[0].groups:
        for member in group.members:
            label = member.profession.replace("_", " ")
            assert any(label in line for line in text.splitlines()), label
    assert text.count("Per quarter") > len([g for g in english[0].groups if g.presentations])


@pytest.mark.parametrize("width", WIDTHS)
def test_wide_characters_and_long_words_wrap_without_loss(english: tuple[Report, Report], width: int) -> None:
    report = _wide(english[0])
    text = terminal.text(report, width)
    squeezed = _squeezed(text)
    for case in report.cases:
        assert _squeezed(f"#{case.number} {case.title}") in squeezed
        for p in case.presentations:
            assert _squeezed(p.account) in squeezed
            assert _squeezed(f"“{p.question}”") in squeezed


def test_wrapped_lines_keep_their_indent(english: tuple[Report, Report]) -> None:
    """An account and the year's mirroring (indented by 4) go on at 4 when
    they wrap, not at 0."""
    lines = terminal.text(_wide(english[0]), 40).splitlines()
    accounts = [i for i, line in enumerate(lines) if line.strip() == "Account:"]
    assert accounts
    for start in accounts:
        body = lines[start + 1 : start + 4]
        assert all(line.startswith("    ") for line in body), body
    mirroring = [i for i, line in enumerate(lines) if line == "  Mirroring this period:"]
    assert mirroring
    for start in mirroring:
        events = list(itertools.takewhile(lambda line: line.startswith("  ") and line != "", lines[start + 1 :]))
        wrapped = [line for line in events if not re.match(r"    \d{1,2} \w{3} \d{4} · #", line)]
        assert len(events) > len(wrapped) > 0 and all(line.startswith("    ") for line in events), events


def test_colour_only_on_a_colour_terminal(english: tuple[Report, Report], monkeypatch: pytest.MonkeyPatch) -> None:
    report = english[0]

    def printed(**options: Any) -> str:
        buffer = io.StringIO()
        terminal.render(report, Console(file=buffer, width=80, **options))
        return buffer.getvalue()

    monkeypatch.delenv("NO_COLOR", raising=False)
    coloured = printed(force_terminal=True, color_system="standard")
    assert "\x1b[1m" in coloured
    assert ANSI.sub("", coloured) == terminal.text(report, 80)
    assert "\x1b" not in printed()  # a pipe or a file
    assert "\x1b" not in printed(force_terminal=True, no_color=True)
    monkeypatch.setenv("NO_COLOR", "1")
    assert printed(force_terminal=True) == terminal.text(report, 80)


def test_control_characters_in_user_text_are_shown_not_obeyed(english: tuple[Report, Report]) -> None:
    report = english[1]
    case = dataclasses.replace(report.cases[0], title="Clear \x1b[2J the screen\x07")
    buffer = io.StringIO()
    console = Console(file=buffer, width=60, force_terminal=True, color_system="standard")
    terminal.render(dataclasses.replace(report, cases=(case,)), console, clean=escape_controls)
    printed = ANSI.sub("", buffer.getvalue())
    assert "Clear \\e[2J the screen\\x07" in printed
    assert "\x07" not in printed and not _too_wide(printed, 60)


def test_the_report_command_prints_no_escapes_to_a_pipe(cli: Any) -> None:
    cli.ok("group", "add", "nord", "--name", "Balint group North")
    cli.ok("member", "add", "nord", "M1", "--profession", "physician")
    out = cli.ok("report", env={"COLUMNS": "40"}).stdout
    assert "\x1b" not in out and "Overview" in out and not _too_wide(out, 40)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*"ab c  d", "Ärztin ", "東京", "Donaudampfschiff", "“x”", " "]), max_size=30).map(
        "".join
    ),
    st.integers(2, 24),
)
def test_text_wraps_where_rich_wraps_it(text: str, width: int) -> None:
    """The report reads as it did when rich laid it out."""
    expected = [line.plain.rstrip() for line in Text(text).wrap(Console(width=200), width)]
    assert layout.wrap(text, width) == expected


def test_the_characters_taken_as_one_cell_are_one_cell_for_rich() -> None:
    from rich.cells import get_character_cell_size

    bounds = layout.NARROW_CLASS
    ranges = [(ord(bounds[i]), ord(bounds[i + 2])) for i in range(0, len(bounds), 3)]
    assert all(bounds[i + 1] == "-" for i in range(0, len(bounds), 3))
    wider = [hex(c) for low, high in ranges for c in range(low, high + 1) if get_character_cell_size(chr(c)) != 1]
    assert not wider


# --------------------------------------------------------------------------- German


def _english_of_terminal_py() -> list[tuple[str, str, bool]]:
    """(English fragment, its German message, whether it heads a column) of
    every message in reports/terminal.py: the parts between placeholders,
    long enough to be words rather than punctuation."""
    from babel.messages.extract import extract_from_file

    from balintlog.i18n import ngettext, pgettext

    found: list[tuple[str, str, bool]] = []
    keywords = {"_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
    source = ROOT / "balintlog" / "reports" / "terminal.py"
    for _line, message, _comments, context in extract_from_file("python", source, keywords=keywords):
        forms = message if isinstance(message, tuple) else (message,)
        for count, form in zip((1, 2), forms, strict=False):
            if context:
                german = pgettext(context, form)
            elif len(forms) == 2:
                german = ngettext(forms[0], forms[1], count)
            else:
                german = i18n._(form)
            for fragment in re.split(r"\{[^}]*\}", form):
                if len(fragment.strip(" :.,()")) >= 4:
                    found.append((fragment.strip(), german, context == "report column"))
    return found


def _header_lines(text: str) -> str:
    """The lines that head the tables: above a rule, or the at-a-glance
    table's (starting with ``#``)."""
    lines = text.splitlines()
    heads = [line for line in lines if line.lstrip().startswith("# ")]
    for i, line in enumerate(lines):
        if line and set(line) == {"─"}:
            heads += lines[max(i - 2, 0) : i]
    return "\n".join(heads)


@pytest.mark.parametrize("width", (40, 100))
def test_in_german_no_word_of_the_terminal_layout_is_left_in_english(
    german: tuple[Report, Report], in_german: None, width: int
) -> None:
    """The words reports/terminal.py writes itself; a column's header is
    looked for where the columns are headed (the report's other words, from
    reports/describe.py, share some of them: see the next test)."""
    fragments = _english_of_terminal_py()
    assert len(fragments) > 30
    for report in german:
        laid_out = terminal.text(report, width)
        text, headers = " ".join(laid_out.split()), _header_lines(laid_out)
        assert headers or report.scope_case is not None
        left = [
            english
            for english, translated, column in fragments
            if re.search(rf"(?<!\w){re.escape(english)}(?!\w)", headers if column else text)
            and english not in translated
        ]
        assert not left, left


#: Words of the report's English that German never uses.
ENGLISH_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "with",
        "since",
        "sessions",
        "session",
        "presented",
        "presentations",
        "presentation",
        "case",
        "cases",
        "group",
        "groups",
        "members",
        "member",
        "mirroring",
        "resonances",
        "resonance",
        "follow-up",
        "follow-ups",
        "outcomes",
        "overview",
        "glance",
        "attendance",
        "present",
        "absent",
        "quarter",
        "shift",
        "changed",
        "what",
        "noted",
        "stale",
        "held",
        "mean",
        "level",
        "levels",
        "kinds",
        "first",
        "new",
        "continued",
        "open",
        "closed",
        "lost",
        "eased",
        "unchanged",
        "worsened",
        "ended",
        "about",
        "people",
        "names",
        "generated",
        "report",
        "year",
        "months",
        "brief",
        "full",
    ]
)


def test_the_german_terminal_report_has_no_english_left(german: tuple[Report, Report], in_german: None) -> None:
    for report in german:
        # What the demo's members said is quoted („…“) and may hold any word;
        # "Held" is German too (a hero).
        shown = re.sub(r"„[^“]*“", "", terminal.text(report, 100))
        words = set(re.findall(r"[A-Za-z-]+", shown)) - {"Held"}
        assert not {w for w in words if w.lower() in ENGLISH_WORDS}


@pytest.mark.parametrize("language", ["en", "de"])
def test_each_case_of_the_summary_keeps_to_one_line_at_80_columns(
    english: tuple[Report, Report], german: tuple[Report, Report], language: str
) -> None:
    """German statuses ("aus den Augen verloren") are longer: the summary
    narrows the status and the title rather than breaking a case's line."""
    i18n.set_language(language)
    try:
        year = (english if language == "en" else german)[0]
        text = terminal.text(year, 80)
    finally:
        i18n.set_language("en")
    lines = text.splitlines()
    for case in year.cases:
        (row,) = [line for line in lines if re.match(rf"^\s*{case.number} \S", line) and case.presenter in line]
        assert len(row) <= 80
        assert row.rstrip().endswith(str(case.since_last)) or row.rstrip().endswith(
            ("stale", "überfällig")
        ), row
