"""balintlog.i18n: the language chosen from the environment, words looked up
in the shipped catalogue, dates and numbers as each language writes them."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from balintlog import i18n
from balintlog.i18n import _, current_language, format_date, format_number, format_percent, month_name, set_language

SATURDAY = dt.date(2026, 3, 14)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LANG": "de"}, "de"),
        ({"LANG": "de_AT.UTF-8"}, "de"),
        ({"LANG": "de_CH.UTF-8"}, "de_CH"),
        ({"LANG": "en_GB.UTF-8", "LC_MESSAGES": "de_DE.UTF-8"}, "de"),
        ({"LANG": "de_DE.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8", "BALINTLOG_LANG": "en"}, "en"),
        ({"LANG": "en_US.UTF-8", "BALINTLOG_LANG": "de"}, "de"),
        ({"BALINTLOG_LANG": "de_CH"}, "de_CH"),
        ({"BALINTLOG_LANG": "de-ch"}, "de_CH"),
    ],
)
def test_the_language_comes_from_balintlog_lang_then_the_locale(env: dict[str, str], expected: str) -> None:
    assert i18n.language_from_env(env) == expected


def test_the_environment_is_read_on_first_use_and_again_on_request(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BALINTLOG_LANG", "de")
    assert current_language() == "en"  # chosen already (by the test set-up)
    assert set_language() == "de"
    assert current_language() == "de"
    assert _("there is no such day") == "diesen Tag gibt es nicht"
    set_language("en")
    assert _("there is no such day") == "there is no such day"


def test_swiss_german_writes_ss_for_sharp_s() -> None:
    set_language("de")
    german = _("use e.g. 2026-03-14, 14.3.2026, 14 March 2026, today, yesterday, 3 days ago, last friday")
    assert "März" in german
    set_language("de_CH")
    assert i18n.pgettext("", "Straße") == "Strasse"  # not in the catalogue: still no ß in Swiss text
    assert format_date(SATURDAY) == "Sa., 14. März 2026"


def test_dates_in_each_language_without_the_systems_locale() -> None:
    assert format_date(SATURDAY) == "Sat 14 Mar 2026"
    assert format_date(SATURDAY, "short") == "2026-03-14"
    assert format_date(SATURDAY, "weekday") == "Saturday 14 March 2026"
    assert format_date(SATURDAY, "plain") == "14 Mar 2026"
    set_language("de")
    assert format_date(SATURDAY) == "Sa., 14. März 2026"
    assert format_date(SATURDAY, "short") == "14.03.2026"
    assert format_date(SATURDAY, "weekday") == "Samstag, 14. März 2026"
    assert format_date(dt.date(2026, 10, 3), "plain") == "3. Oktober 2026"
    assert [month_name(m, abbreviated=True) for m in (1, 3, 5, 10, 12)] == ["Jan", "Mär", "Mai", "Okt", "Dez"]
    assert month_name(3) == "März"


def test_numbers_round_half_up_with_a_decimal_comma_in_german() -> None:
    assert format_number(3.25, 1) == "3.3"  # the float 3.25 would round to 3.2 in format()
    assert format_number(2.5, 0) == "3"
    assert format_number(-0.04, 1) == "0.0"
    assert format_number(7, 2) == "7.00"
    assert format_percent(0.89) == "89%"
    assert format_percent(0.145) == "15%"
    set_language("de")
    assert format_number(3.25, 1) == "3,3"
    assert format_number(1234.5, 1) == "1234,5"
    assert format_percent(0.89) == "89 %"
    assert format_percent(0.125, 1) == "12,5 %"


def test_marked_words_stay_english_until_shown() -> None:
    label = i18n.N_("there is no such day")
    set_language("de")
    assert label == "there is no such day"
    assert _(label) == "diesen Tag gibt es nicht"


def test_the_words_load_from_the_installed_package_with_no_build_step() -> None:
    # The catalogue is a file of the package, found whatever the working directory.
    code = "from balintlog.i18n import _; print(_('there is no such day'))"
    out = subprocess.run(
        [sys.executable, "-c", code], env={"BALINTLOG_LANG": "de"}, capture_output=True, text=True, check=True, cwd="/"
    )
    assert out.stdout.strip() == "diesen Tag gibt es nicht"
