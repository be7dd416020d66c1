"""German dates are read whatever the language, and errors about dates speak
the user's language."""

from __future__ import annotations

import datetime as dt

import pytest

from balintlog.dates import format_date, parse_date
from balintlog.errors import UsageError
from balintlog.i18n import set_language

#: A Thursday.
TODAY = dt.date(2026, 11, 26)
D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14.3.2026", D(2026, 3, 14)),
        ("14. März 2026", D(2026, 3, 14)),
        ("14. MÄRZ 2026", D(2026, 3, 14)),
        ("14. Ma\u0308rz 2026", D(2026, 3, 14)),  # typed decomposed
        ("14. Maerz 2026", D(2026, 3, 14)),
        ("14 märz", D(2026, 3, 14)),
        ("3. Okt. 2026", D(2026, 10, 3)),
        ("3. Oktober 26", D(2026, 10, 3)),
        ("1. Jänner 2027", D(2027, 1, 1)),
        ("24. Dez.", D(2026, 12, 24)),
        ("Sa., 14. März 2026", D(2026, 3, 14)),
        ("Samstag, 14. März 2026", D(2026, 3, 14)),
        ("heute", TODAY),
        ("Gestern", D(2026, 11, 25)),
        ("vorgestern", D(2026, 11, 24)),
        ("morgen", D(2026, 11, 27)),
        ("vor 3 Tagen", D(2026, 11, 23)),
        ("vor 1 Tag", D(2026, 11, 25)),
        ("vor einem Tag", D(2026, 11, 25)),
        ("vor 2 Wochen", D(2026, 11, 12)),
        ("vor einer Woche", D(2026, 11, 19)),
        ("letzten Freitag", D(2026, 11, 20)),
        ("letzter Freitag", D(2026, 11, 20)),
        ("letzten Donnerstag", D(2026, 11, 19)),  # strictly before today, a Thursday
        ("Fr.", D(2026, 11, 20)),
        ("Sonntag", D(2026, 11, 22)),
    ],
)
def test_german_dates_are_read_in_either_language(text: str, expected: dt.date) -> None:
    assert parse_date(text, today=TODAY) == expected
    set_language("de")
    assert parse_date(text, today=TODAY) == expected


def test_english_phrases_are_read_in_a_german_session() -> None:
    set_language("de")
    assert parse_date("last friday", today=TODAY) == D(2026, 11, 20)
    assert parse_date("14 March 2026", today=TODAY) == D(2026, 3, 14)
    assert parse_date("3 days ago", today=TODAY) == D(2026, 11, 23)


@pytest.mark.parametrize("text", ["31. Februar 2026", "Fr., 14. März 2026", "14. Mürz 2026", "vor drei Tagen"])
def test_impossible_german_dates_are_refused(text: str) -> None:
    with pytest.raises(UsageError):
        parse_date(text, today=TODAY)


def test_a_date_error_speaks_the_users_language() -> None:
    with pytest.raises(UsageError) as english:
        parse_date("Fr., 14. März 2026", today=TODAY)
    assert str(english.value).startswith("cannot read date 'Fr., 14. März 2026' (14 Mar 2026 is a Saturday): use e.g.")
    set_language("de")
    with pytest.raises(UsageError) as german:
        parse_date("Fr., 14. März 2026", today=TODAY)
    assert str(german.value) == (
        "Datum 'Fr., 14. März 2026' nicht lesbar (der 14. März 2026 ist ein Samstag): "
        "z. B. 14.3.2026, 14. März 2026, 2026-03-14, heute, gestern, vor 3 Tagen, letzten Freitag"
    )
    with pytest.raises(UsageError, match="diesen Tag gibt es nicht"):
        parse_date("31.2.2026", today=TODAY)


def test_the_echo_of_a_date_follows_the_language() -> None:
    assert format_date(D(2026, 3, 14)) == "Sat 14 Mar 2026"
    set_language("de")
    assert format_date(D(2026, 3, 14)) == "Sa., 14. März 2026"
