"""balintlog.dates: absolute and relative dates, day-first handling, echoes."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from balintlog.dates import (
    calendar_year,
    format_date,
    is_ambiguous,
    last_twelve_months,
    parse_date,
)
from balintlog.errors import ExitCode, UsageError

#: A Thursday.
TODAY = dt.date(2026, 11, 26)
D = dt.date


def parse(text: str, *, dayfirst: bool | None = None, today: dt.date = TODAY) -> dt.date:
    return parse_date(text, today=today, dayfirst=dayfirst)


# --------------------------------------------------------------------------- absolute dates


@pytest.mark.parametrize("dayfirst", [True, False])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-14", D(2026, 3, 14)),
        ("2026-03-04", D(2026, 3, 4)),
        ("2026-3-4", D(2026, 3, 4)),
        ("2026/03/04", D(2026, 3, 4)),
        ("14.3.2026", D(2026, 3, 14)),
        ("14. 3. 2026", D(2026, 3, 14)),
        ("14.03.2026", D(2026, 3, 14)),
        ("14 March 2026", D(2026, 3, 14)),
        ("14 mar 2026", D(2026, 3, 14)),
        ("March 14, 2026", D(2026, 3, 14)),
        ("14th of March 2026", D(2026, 3, 14)),
        ("3/14/2026", D(2026, 3, 14)),
        ("14/3/2026", D(2026, 3, 14)),
        ("14-3-2026", D(2026, 3, 14)),
        ("Sat 14 Mar 2026", D(2026, 3, 14)),
        ("Saturday, 14 March 2026", D(2026, 3, 14)),
        ("  14   MARCH\t2026 ", D(2026, 3, 14)),
        ("1.1.1900", D(1900, 1, 1)),
        ("31.12.2100", D(2100, 12, 31)),
    ],
)
def test_unambiguous_absolute_dates(text: str, expected: dt.date, dayfirst: bool) -> None:
    assert parse(text, dayfirst=dayfirst) == expected


@pytest.mark.parametrize(
    ("text", "dayfirst", "expected"),
    [
        ("3/4/2026", True, D(2026, 4, 3)),
        ("3/4/2026", False, D(2026, 3, 4)),
        ("03.04.2026", True, D(2026, 4, 3)),
        ("03.04.2026", False, D(2026, 3, 4)),
        ("5-6-2026", True, D(2026, 6, 5)),
        ("5-6-2026", False, D(2026, 5, 6)),
        ("3/4", True, D(2026, 4, 3)),
        ("3/4", False, D(2026, 3, 4)),
        ("4/4/2026", True, D(2026, 4, 4)),
        ("4/4/2026", False, D(2026, 4, 4)),
    ],
)
def test_ambiguous_numeric_dates_follow_dayfirst(text: str, dayfirst: bool, expected: dt.date) -> None:
    assert parse(text, dayfirst=dayfirst) == expected


def test_iso_ignores_dayfirst() -> None:
    # dateutil alone reads 2026-3-4 as 3 April when dayfirst is set.
    for dayfirst in (True, False, None):
        assert parse("2026-03-04", dayfirst=dayfirst) == D(2026, 3, 4)
        assert parse("2026-3-4", dayfirst=dayfirst) == D(2026, 3, 4)


def test_dayfirst_default_is_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BALINTLOG_DAYFIRST", raising=False)
    assert parse("3/4/2026") == D(2026, 4, 3)


@pytest.mark.parametrize("value", ["0", "false", "no", "off", "OFF", " False ", "No"])
def test_env_turns_dayfirst_off(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("BALINTLOG_DAYFIRST", value)
    assert parse("3/4/2026") == D(2026, 3, 4)
    assert parse("03.04.2026") == D(2026, 3, 4)


@pytest.mark.parametrize("value", ["1", "true", "yes", "on", ""])
def test_env_keeps_dayfirst_on(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("BALINTLOG_DAYFIRST", value)
    assert parse("3/4/2026") == D(2026, 4, 3)


def test_argument_overrides_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BALINTLOG_DAYFIRST", "0")
    assert parse("3/4/2026", dayfirst=True) == D(2026, 4, 3)
    monkeypatch.setenv("BALINTLOG_DAYFIRST", "1")
    assert parse("3/4/2026", dayfirst=False) == D(2026, 3, 4)


@pytest.mark.parametrize("dayfirst", [True, False])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14.3.", D(2026, 3, 14)),  # dateutil refuses the trailing dot
        ("14.3", D(2026, 3, 14)),  # dateutil reads this as the 14th of *this* month
        ("14 March", D(2026, 3, 14)),
        ("March 14", D(2026, 3, 14)),
        ("24 December", D(2026, 12, 24)),  # the year of today, even if later than today
        ("14/3", D(2026, 3, 14)),
    ],
)
def test_missing_year_is_the_year_of_today(text: str, expected: dt.date, dayfirst: bool) -> None:
    assert parse(text, dayfirst=dayfirst) == expected


def test_missing_year_follows_the_given_today() -> None:
    assert parse("14.3.", today=D(2031, 1, 2)) == D(2031, 3, 14)
    assert parse("14 March", today=D(2031, 1, 2)) == D(2031, 3, 14)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14.3.26", D(2026, 3, 14)),
        ("14.3.75", D(2075, 3, 14)),
        ("14.3.77", D(1977, 3, 14)),
        ("14 Mar 26", D(2026, 3, 14)),
        ("14 Mar 77", D(1977, 3, 14)),
    ],
)
def test_two_digit_year_within_fifty_years_of_today(text: str, expected: dt.date) -> None:
    assert parse(text) == expected


def test_two_digit_year_pivots_on_today_not_the_clock() -> None:
    assert parse("1.1.60", today=D(2090, 1, 1)) == D(2060, 1, 1)
    assert parse("1 Jan 60", today=D(2090, 1, 1)) == D(2060, 1, 1)
    assert parse("1.1.60", today=D(1990, 1, 1)) == D(1960, 1, 1)


def test_datetime_as_today_is_a_day() -> None:
    now = dt.datetime(2026, 11, 26, 23, 59)
    assert parse("yesterday", today=now) == D(2026, 11, 25)
    assert type(parse("yesterday", today=now)) is dt.date


# --------------------------------------------------------------------------- relative phrases


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", TODAY),
        ("Today", TODAY),
        ("  TODAY  ", TODAY),
        ("yesterday", D(2026, 11, 25)),
        ("tomorrow", D(2026, 11, 27)),
        ("0 days ago", TODAY),
        ("1 day ago", D(2026, 11, 25)),
        ("3 days ago", D(2026, 11, 23)),
        ("3  Days\tAgo", D(2026, 11, 23)),
        ("3days ago", D(2026, 11, 23)),
        ("30 days ago", D(2026, 10, 27)),
        ("a day ago", D(2026, 11, 25)),
        ("a week ago", D(2026, 11, 19)),
        ("A Week Ago", D(2026, 11, 19)),
        ("1 week ago", D(2026, 11, 19)),
        ("2 weeks ago", D(2026, 11, 12)),
        ("52 weeks ago", D(2025, 11, 27)),
    ],
)
def test_relative_phrases(text: str, expected: dt.date) -> None:
    assert parse(text) == expected


def test_relative_phrases_cross_year_and_leap_day() -> None:
    assert parse("yesterday", today=D(2026, 1, 1)) == D(2025, 12, 31)
    assert parse("a week ago", today=D(2028, 3, 3)) == D(2028, 2, 25)
    assert parse("3 days ago", today=D(2028, 3, 1)) == D(2028, 2, 27)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # TODAY is Thursday 26 Nov 2026.
        ("last friday", D(2026, 11, 20)),
        ("last saturday", D(2026, 11, 21)),
        ("last wednesday", D(2026, 11, 25)),
        ("last thursday", D(2026, 11, 19)),  # strictly before today
        ("last monday", D(2026, 11, 23)),
        ("Last  FRIDAY", D(2026, 11, 20)),
        ("last fri", D(2026, 11, 20)),
        ("last thurs", D(2026, 11, 19)),
        # a weekday alone means the same as "last <weekday>"
        ("friday", D(2026, 11, 20)),
        ("Fri", D(2026, 11, 20)),
        ("thursday", D(2026, 11, 19)),
        ("wednesday", D(2026, 11, 25)),
    ],
)
def test_last_weekday(text: str, expected: dt.date) -> None:
    assert parse(text) == expected


def test_last_friday_from_a_friday_is_a_week_back() -> None:
    friday = D(2026, 11, 27)
    assert parse("last friday", today=friday) == D(2026, 11, 20)
    assert parse("friday", today=friday) == D(2026, 11, 20)


@pytest.mark.parametrize("offset", range(14))
def test_last_friday_from_any_day(offset: int) -> None:
    today = TODAY + dt.timedelta(days=offset)
    result = parse("last friday", today=today)
    assert result.weekday() == 4
    assert 1 <= (today - result).days <= 7


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "foo",
        "2026",  # dateutil: today's month and day
        "12",  # dateutil: the 12th of this month
        "March",  # dateutil: this day in March
        "March 2026",
        "31.2.2026",
        "2026-02-30",
        "2026-13-01",
        "13/13/2026",
        "0.3.2026",
        "29 Feb",  # 2026 is not a leap year
        "29.2.",
        "14 March 2026 10:00",
        "2026-03-14T10:00",
        "14 march 2026 10pm",
        "Sun 14 Mar 2026",  # 14 Mar 2026 is a Saturday
        "last",
        "next friday",
        "last march",
        "in 3 days",
        "3 months ago",
        "days ago",
        "99999999 days ago",
        "1" * 5000 + " days ago",
        "20260314",
        "14 3 2026",
        "the 14th, around noon probably",
        "14.3.2026\nrm -rf /",
    ],
)
def test_unreadable_dates_raise_usage_error(text: str) -> None:
    with pytest.raises(UsageError) as info:
        parse(text)
    message = str(info.value)
    assert message.startswith("cannot read date ")
    assert (
        "use e.g. 2026-03-14, 14.3.2026, 14 March 2026, today, yesterday, 3 days ago, last friday" in message
    )
    assert "\n" not in message
    assert info.value.exit_code == ExitCode.USAGE


def test_error_message_quotes_the_text() -> None:
    with pytest.raises(UsageError, match=r"^cannot read date 'foo': use e\.g\. 2026-03-14"):
        parse("foo")


def test_error_message_says_why_when_it_can() -> None:
    with pytest.raises(UsageError, match="no such day"):
        parse("31.2.2026")
    with pytest.raises(UsageError, match="14 Mar 2026 is a Saturday"):
        parse("Sun 14 Mar 2026")
    with pytest.raises(UsageError, match="not a time"):
        parse("14 March 2026 10:00")


def test_long_text_is_shortened_in_the_message() -> None:
    with pytest.raises(UsageError) as info:
        parse("x" * 500)
    assert len(str(info.value)) < 200


# --------------------------------------------------------------------------- is_ambiguous


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3/4/2026", True),
        ("03.04.2026", True),
        ("3-4-26", True),
        ("3.4.", True),
        ("3/4", True),
        (" 12/11/2026 ", True),
        ("4/4/2026", False),  # same either way
        ("14/3/2026", False),
        ("3/14/2026", False),
        ("13.12.2026", False),
        ("0/4/2026", False),
        ("2026-03-04", False),  # ISO is always year-month-day
        ("2026/03/04", False),
        ("14 March 2026", False),
        ("today", False),
        ("foo", False),
        ("", False),
    ],
)
def test_is_ambiguous(text: str, expected: bool) -> None:
    assert is_ambiguous(text) is expected


# --------------------------------------------------------------------------- format_date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 3, 14), "Sat 14 Mar 2026"),
        (D(2026, 3, 4), "Wed 4 Mar 2026"),
        (D(2026, 11, 26), "Thu 26 Nov 2026"),
        (D(1900, 1, 1), "Mon 1 Jan 1900"),
        (D(2028, 2, 29), "Tue 29 Feb 2028"),
        (D(2100, 12, 31), "Fri 31 Dec 2100"),
    ],
)
def test_format_date(day: dt.date, expected: str) -> None:
    assert format_date(day) == expected


def test_format_date_ignores_the_locale() -> None:
    import locale

    saved = locale.setlocale(locale.LC_TIME)
    try:
        for name in ("de_DE.UTF-8", "fr_FR.UTF-8", "hu_HU.UTF-8"):
            try:
                locale.setlocale(locale.LC_TIME, name)
            except locale.Error:
                continue
            assert format_date(D(2026, 3, 14)) == "Sat 14 Mar 2026"
    finally:
        locale.setlocale(locale.LC_TIME, saved)


# --------------------------------------------------------------------------- periods


def test_last_twelve_months() -> None:
    assert last_twelve_months(TODAY) == (D(2025, 11, 27), TODAY)
    assert last_twelve_months(D(2026, 1, 1)) == (D(2025, 1, 2), D(2026, 1, 1))
    assert last_twelve_months(D(2026, 12, 31)) == (D(2026, 1, 1), D(2026, 12, 31))


def test_last_twelve_months_around_feb_29() -> None:
    # On the leap day itself: a year back is 28 Feb 2027, plus one day.
    assert last_twelve_months(D(2028, 2, 29)) == (D(2027, 3, 1), D(2028, 2, 29))
    # A year on from 28 Feb 2028: the leap day is the day after, so it is in.
    assert last_twelve_months(D(2029, 2, 28)) == (D(2028, 2, 29), D(2029, 2, 28))
    assert last_twelve_months(D(2029, 3, 1)) == (D(2028, 3, 2), D(2029, 3, 1))
    assert last_twelve_months(D(2028, 3, 1)) == (D(2027, 3, 2), D(2028, 3, 1))


@given(st.dates(min_value=D(1901, 1, 1), max_value=D(2100, 12, 31)))
def test_last_twelve_months_is_about_a_year(today: dt.date) -> None:
    start, end = last_twelve_months(today)
    assert end == today
    assert type(start) is dt.date
    assert 364 <= (end - start).days <= 365


def test_calendar_year() -> None:
    assert calendar_year(2025) == (D(2025, 1, 1), D(2025, 12, 31))
    assert calendar_year(2028) == (D(2028, 1, 1), D(2028, 12, 31))
    with pytest.raises(UsageError):
        calendar_year(0)
    with pytest.raises(UsageError):
        calendar_year(10000)


# --------------------------------------------------------------------------- properties

dates_1900_2100 = st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31))


@given(dates_1900_2100, st.sampled_from([True, False]), dates_1900_2100)
def test_iso_round_trip(day: dt.date, dayfirst: bool, today: dt.date) -> None:
    assert parse_date(day.isoformat(), today=today, dayfirst=dayfirst) == day


@given(dates_1900_2100, st.sampled_from([True, False]), dates_1900_2100)
@example(D(2028, 2, 29), True, TODAY)
def test_format_date_round_trip(day: dt.date, dayfirst: bool, today: dt.date) -> None:
    assert parse_date(format_date(day), today=today, dayfirst=dayfirst) == day


@given(dates_1900_2100, st.sampled_from([True, False]))
def test_numeric_round_trip(day: dt.date, dayfirst: bool) -> None:
    text = f"{day.day}.{day.month}.{day.year}" if dayfirst else f"{day.month}/{day.day}/{day.year}"
    assert parse_date(text, today=TODAY, dayfirst=dayfirst) == day
    assert is_ambiguous(text) == (day.day <= 12 and day.month != day.day)


_TOKENS = st.sampled_from(
    [
        "today", "yesterday", "last", "ago", "days", "week", "a", "friday", "fri", "sat",
        "march", "Mar", "feb", "of", "the", "th", "at", "on", "and", "am", "pm", "z", "utc",
        "+0100", "T", "0", "1", "12", "14", "29", "31", "99", "2026", "0099", "10000",
        "99999999999999999999", ".", "/", "-", ":", ",", " ", "\t", "\n", "\x00", "٣", "²",
    ]
)  # fmt: skip


@given(st.one_of(st.text(), st.lists(_TOKENS, max_size=8).map("".join), st.lists(_TOKENS).map(" ".join)))
@example("14.3.2026 10:00 +25:00")
@example("0.0.0")
@example("1 1 1 1 1 1 1")
def test_any_text_gives_a_date_or_usage_error(text: str) -> None:
    for dayfirst in (True, False):
        try:
            result = parse_date(text, today=TODAY, dayfirst=dayfirst)
        except UsageError as exc:
            assert "\n" not in str(exc)
        else:
            assert type(result) is dt.date
    assert isinstance(is_ambiguous(text), bool)


# --------------------------------------------------------------------------- start-up cost


def test_importing_dates_does_not_import_dateutil() -> None:
    code = (
        "import sys\n"
        "import balintlog.dates\n"
        "loaded = sorted(m for m in sys.modules if m == 'dateutil' or m.startswith('dateutil.'))\n"
        "assert not loaded, loaded\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_dateutil_is_loaded_only_when_needed() -> None:
    code = (
        "import sys, datetime\n"
        "from balintlog.dates import parse_date\n"
        "t = datetime.date(2026, 11, 26)\n"
        "parse_date('14.3.2026', today=t); parse_date('last friday', today=t)\n"
        "assert 'dateutil' not in sys.modules\n"
        "parse_date('14 March 2026', today=t)\n"
        "assert 'dateutil' in sys.modules\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


# --------------------------------------------------------------------------- durations


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("2h", 7200), ("90m", 5400), ("1h30m", 5400), ("1 h 30 min", 5400), ("45s", 45), ("10", 600), ("1.5h", 5400)],
)
def test_durations_as_typed(text: str, seconds: float) -> None:
    from balintlog.dates import parse_duration

    assert parse_duration(text, what="--idle", most=3 * 3600) == seconds


@pytest.mark.parametrize("text", ["", "h", "2x", "2h30", "two hours", "-1h", "1h-30m"])
def test_a_duration_that_cannot_be_read_says_how_to_write_one(text: str) -> None:
    from balintlog.dates import parse_duration

    with pytest.raises(UsageError, match=r"^cannot read --idle .*: give a duration such as 2h, 90m or 1h30m$"):
        parse_duration(text, what="--idle", most=3 * 3600)


def test_a_duration_beyond_its_bound_names_the_bound() -> None:
    from balintlog.dates import parse_duration

    with pytest.raises(UsageError, match=r"^--idle is at most 3 h and at least 1 s, not '4h'$"):
        parse_duration("4h", what="--idle", most=3 * 3600)
    with pytest.raises(UsageError, match="at most 12 h"):
        parse_duration("0s", what="--max", most=12 * 3600)
