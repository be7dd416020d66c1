"""Reading and echoing the dates users type on the command line.

``parse_date`` accepts

* ISO dates, ``2026-03-14`` (also ``2026-3-4``, ``2026/03/14``, ``2026.03.14``):
  always year-month-day, whatever ``dayfirst`` says;
* numeric dates, ``14.3.2026``, ``14/3/2026``, ``3/14/2026``, ``14-3-26``, ``14.3.``,
  ``14.3``: when both parts could be the month, ``dayfirst`` decides; when only
  one can (``14/3/2026``, ``3/14/2026``) that reading is taken;
* dates with an English month name, through python-dateutil (not fuzzy):
  ``14 March 2026``, ``March 14, 2026``, ``14th of March``, ``Sat 14 Mar 2026``
  (a weekday given must agree with the date);
* relative phrases, which dateutil does not read: ``today``, ``yesterday``,
  ``tomorrow``, ``N days ago``, ``N weeks ago``, ``a day ago``, ``a week ago``,
  ``last friday`` (the most recent Friday strictly before today). A weekday
  alone (``friday``, ``fri``) means the same as ``last friday``: a journal
  records what has happened.
* the same in German, whatever the language in use: ``14. März 2026``,
  ``14. Maerz 2026``, ``3. Okt. 2026``, ``Sa., 14. März 2026``, ``heute``,
  ``gestern``, ``vorgestern``, ``morgen``, ``vor 3 Tagen``, ``vor einer Woche``,
  ``letzten Freitag``/``letzter Freitag``, ``Freitag``, ``Fr``.

Case and spacing do not matter. A missing year is the year of ``today``; a
two-digit year is the one within 50 years of ``today``. A day and a month are
always needed (``March 2026`` or ``2026`` alone are refused), and a time of day
is refused: dates are calendar days. Anything else raises ``UsageError``.

dateutil is imported inside the functions that need it, so that importing this
module (and starting the CLI) stays light.
"""

from __future__ import annotations

import datetime
import os
import re
import unicodedata
from typing import Final

from balintlog import i18n
from balintlog.errors import UsageError
from balintlog.i18n import _

__all__ = [
    "calendar_year",
    "dayfirst_from_env",
    "format_date",
    "is_ambiguous",
    "last_twelve_months",
    "parse_date",
]

DAYFIRST_ENV: Final = "BALINTLOG_DAYFIRST"
_FALSE_WORDS: Final = frozenset({"0", "false", "no", "off"})

#: Weekday words (lower case) -> ``date.weekday()`` number, English (also
#: checked against what dateutil reads) and German.
_WEEKDAYS: Final[dict[str, int]] = {}
_DE_WEEKDAYS: Final[dict[str, int]] = {}
for _number, (_english, _german) in enumerate(
    (
        (("monday", "mon"), ("montag", "mo")),
        (("tuesday", "tue", "tues"), ("dienstag", "di")),
        (("wednesday", "wed"), ("mittwoch", "mi")),
        (("thursday", "thu", "thur", "thurs"), ("donnerstag", "do")),
        (("friday", "fri"), ("freitag", "fr")),
        (("saturday", "sat"), ("samstag", "sonnabend", "sa")),
        (("sunday", "sun"), ("sonntag", "so")),
    )
):
    _WEEKDAYS.update(dict.fromkeys(_english, _number))
    _DE_WEEKDAYS.update(dict.fromkeys(_german, _number))
del _number, _english, _german

#: German month words (lower case, also with "ae" for "ä") -> month number.
_DE_MONTHS: Final[dict[str, int]] = {}
for _number, _names in enumerate(
    (
        ("januar", "jänner", "jaenner", "jan", "jän"),
        ("februar", "feber", "feb"),
        ("märz", "maerz", "mär", "mrz"),
        ("april", "apr"),
        ("mai",),
        ("juni", "jun"),
        ("juli", "jul"),
        ("august", "aug"),
        ("september", "sept", "sep"),
        ("oktober", "okt"),
        ("november", "nov"),
        ("dezember", "dez"),
    ),
    start=1,
):
    _DE_MONTHS.update(dict.fromkeys(_names, _number))
del _number, _names


def _alternatives(words: dict[str, int]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_WEEKDAY_ALT: Final = _alternatives(_WEEKDAYS)
_ANY_WEEKDAY_ALT: Final = _alternatives({**_WEEKDAYS, **_DE_WEEKDAYS})

_FIXED_OFFSETS: Final[dict[str, int]] = {
    "today": 0, "yesterday": -1, "tomorrow": 1,
    "heute": 0, "gestern": -1, "vorgestern": -2, "morgen": 1,
}  # fmt: skip
_AGO_RE: Final = re.compile(r"(?P<count>[0-9]+|an?|one)\s*(?P<unit>days?|weeks?)\s+ago")
_VOR_RE: Final = re.compile(r"vor\s+(?P<count>[0-9]+|einem|einer)\s*(?P<unit>tag|tagen|woche|wochen)")
_LAST_WEEKDAY_RE: Final = re.compile(rf"(?:(?:last|letzte[nr]?)\s+)?(?P<day>{_ANY_WEEKDAY_ALT})\.?")
_WEEKDAY_WORD_RE: Final = re.compile(rf"\b(?:{_WEEKDAY_ALT})\b")
#: ``14. März 2026``, ``3. Okt. 26``, ``Sa., 14. März 2026``, ``14 märz``.
_GERMAN_RE: Final = re.compile(
    rf"(?:(?P<weekday>{_alternatives(_DE_WEEKDAYS)})\.?,?\s*)?"
    rf"(?P<day>[0-9]{{1,2}})\.?\s*(?P<month>{_alternatives(_DE_MONTHS)})\.?(?:\s*(?P<year>[0-9]{{4}}|[0-9]{{2}}))?"
)

#: Year first: always year-month-day.
_YEAR_FIRST_RE: Final = re.compile(
    r"(?P<year>[0-9]{4})\s*(?P<sep>[./-])\s*(?P<month>[0-9]{1,2})\s*(?P=sep)\s*(?P<day>[0-9]{1,2})"
)
#: Two numbers (day and month, order to be decided) and an optional year;
#: ``14.3.`` and ``14.3.2026.`` may end in a dot.
_NUMERIC_RE: Final = re.compile(
    r"(?P<first>[0-9]{1,2})\s*(?P<sep>[./-])\s*(?P<second>[0-9]{1,2})"
    r"(?:\s*(?P=sep)\s*(?P<year>[0-9]{4}|[0-9]{2})?)?\s*\.?"
)
_ASCII_LETTER_RE: Final = re.compile(r"[a-z]")


def dayfirst_from_env() -> bool:
    """``BALINTLOG_DAYFIRST``: on unless set to 0, false, no or off."""
    value = os.environ.get(DAYFIRST_ENV, "").strip().lower()
    return value not in _FALSE_WORDS


def parse_date(text: str, *, today: datetime.date, dayfirst: bool | None = None) -> datetime.date:
    """The calendar day ``text`` names, relative to ``today`` where needed.

    ``dayfirst`` decides ambiguous numeric dates (``3/4/2026``); None reads
    ``BALINTLOG_DAYFIRST`` (default on). Raises ``UsageError`` for anything
    it cannot read, with a one-line message and examples.
    """
    if isinstance(today, datetime.datetime):
        today = today.date()
    if dayfirst is None:
        dayfirst = dayfirst_from_env()
    norm = unicodedata.normalize("NFC", " ".join(text.split()).lower())
    if not norm:
        raise _cannot(text)
    try:
        result = (
            _parse_relative(norm, today)
            or _parse_numeric(norm, text, today, dayfirst)
            or _parse_german(norm, text, today)
            or _parse_with_dateutil(norm, text, today, dayfirst)
        )
    except (ValueError, ArithmeticError) as exc:
        raise _cannot(text) from exc
    return result


def is_ambiguous(text: str) -> bool:
    """True when ``text`` is a numeric date that reads differently day-first
    and month-first (``3/4/2026``, ``03.04.2026``): both parts are valid
    months and they differ. ISO dates (year first) are never ambiguous."""
    match = _NUMERIC_RE.fullmatch(" ".join(text.split()))
    if match is None:
        return False
    first, second = int(match["first"]), int(match["second"])
    return 1 <= first <= 12 and 1 <= second <= 12 and first != second


def format_date(d: datetime.date) -> str:
    """An unambiguous echo of ``d`` in the user's language, e.g.
    ``Sat 14 Mar 2026``, ``Sa., 14. März 2026`` (independent of the system's
    locale)."""
    return i18n.format_date(d)


def last_twelve_months(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The twelve months up to ``today``, inclusive: from the same day a year
    ago plus one day. On 29 Feb 2028 that is 1 Mar 2027 .. 29 Feb 2028."""
    from dateutil.relativedelta import relativedelta

    if isinstance(today, datetime.datetime):
        today = today.date()
    start: datetime.date = today - relativedelta(years=1) + datetime.timedelta(days=1)
    return start, today


def calendar_year(year: int) -> tuple[datetime.date, datetime.date]:
    """1 January .. 31 December of ``year``."""
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        raise UsageError(
            _("cannot use year {year}: use a year from {first} to {last}").format(
                year=year, first=datetime.MINYEAR, last=datetime.MAXYEAR
            )
        )
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


# --------------------------------------------------------------------------- helpers


def _cannot(text: str, why: str = "") -> UsageError:
    shown = text.strip()
    if len(shown) > 40:
        shown = shown[:37] + "..."
    # repr() keeps the message on one line whatever the text holds.
    quoted = repr(shown)
    hint = _("use e.g. 2026-03-14, 14.3.2026, 14 March 2026, today, yesterday, 3 days ago, last friday")
    if why:
        return UsageError(_("cannot read date {text} ({why}): {hint}").format(text=quoted, why=why, hint=hint))
    return UsageError(_("cannot read date {text}: {hint}").format(text=quoted, hint=hint))


def _parse_relative(norm: str, today: datetime.date) -> datetime.date | None:
    if norm in _FIXED_OFFSETS:
        return today + datetime.timedelta(days=_FIXED_OFFSETS[norm])
    match = _AGO_RE.fullmatch(norm) or _VOR_RE.fullmatch(norm)
    if match is not None:
        count_text = match["count"]
        count = int(count_text) if count_text.isdigit() else 1
        days = count * 7 if match["unit"].startswith(("week", "woche")) else count
        return today - datetime.timedelta(days=days)
    match = _LAST_WEEKDAY_RE.fullmatch(norm)
    if match is not None:
        wanted = _WEEKDAYS.get(match["day"], _DE_WEEKDAYS.get(match["day"], 0))
        back = (today.weekday() - wanted - 1) % 7 + 1  # 1..7: strictly before today
        return today - datetime.timedelta(days=back)
    return None


def _full_year(year_text: str, today: datetime.date) -> int:
    year = int(year_text)
    if len(year_text) <= 2:
        return _pivot_two_digit_year(year, today)
    return year


def _pivot_two_digit_year(year: int, today: datetime.date) -> int:
    """The year ending in ``year`` (0..99) within 50 years of ``today``, the
    rule dateutil applies against the system clock."""
    year += today.year // 100 * 100
    if year >= today.year + 50:
        year -= 100
    elif year < today.year - 50:
        year += 100
    return year


def _parse_numeric(norm: str, text: str, today: datetime.date, dayfirst: bool) -> datetime.date | None:
    match = _YEAR_FIRST_RE.fullmatch(norm)
    if match is not None:
        return _make_date(text, int(match["year"]), int(match["month"]), int(match["day"]))
    match = _NUMERIC_RE.fullmatch(norm)
    if match is None:
        return None
    year = _full_year(match["year"], today) if match["year"] else today.year
    first, second = int(match["first"]), int(match["second"])
    day, month = (first, second) if dayfirst else (second, first)
    if month > 12 and day <= 12:  # only the other reading is possible: 14/3/2026 month-first
        day, month = month, day
    return _make_date(text, year, month, day)


def _make_date(text: str, year: int, month: int, day: int) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError as exc:
        raise _cannot(text, _("there is no such day")) from exc


def _parse_german(norm: str, text: str, today: datetime.date) -> datetime.date | None:
    """A date with a German month name (dateutil knows English ones only)."""
    match = _GERMAN_RE.fullmatch(norm)
    if match is None:
        return None
    year = _full_year(match["year"], today) if match["year"] else today.year
    result = _make_date(text, year, _DE_MONTHS[match["month"]], int(match["day"]))
    if match["weekday"] is not None and _DE_WEEKDAYS[match["weekday"]] != result.weekday():
        raise _weekday_mismatch(text, result)
    return result


def _weekday_mismatch(text: str, day: datetime.date) -> UsageError:
    why = _("{date} is a {weekday}").format(
        date=i18n.format_date(day, "plain"), weekday=i18n.weekday_name(day)
    )
    return _cannot(text, why)


def _parse_with_dateutil(norm: str, text: str, today: datetime.date, dayfirst: bool) -> datetime.date:
    # Numbers alone are read by the patterns above or not at all: dateutil
    # would take "2026" for today's date and "14.3" for the 14th of this month.
    if _ASCII_LETTER_RE.search(norm) is None:
        raise _cannot(text)

    from dateutil import parser

    class _Info(parser.parserinfo):
        def convertyear(self, year: int, century_specified: bool = False) -> int:
            if year < 100 and not century_specified:
                return _pivot_two_digit_year(year, today)
            return year

    # Parse against two defaults that differ in every field: a field the text
    # leaves out shows up as a difference between the two results.
    defaults = (
        datetime.datetime(today.year, 1, 1, 0, 0, 0),
        datetime.datetime(today.year, 2, 2, 1, 1, 1),
    )
    info = _Info(dayfirst=dayfirst)
    try:
        results = [parser.parse(norm, parserinfo=info, default=d, dayfirst=dayfirst) for d in defaults]
    except (ValueError, ArithmeticError) as exc:  # dateutil lets decimal errors out
        why = _("there is no such day") if "out of range" in str(exc) else ""
        raise _cannot(text, why) from exc
    first, second = results
    if (first.month, first.day) != (second.month, second.day):
        raise _cannot(text, _("a day and a month are needed"))
    if first.year != second.year:  # cannot happen: both defaults share the year
        raise _cannot(text)
    if first.tzinfo is not None or any(r.time() != d.time() for r, d in zip(results, defaults, strict=True)):
        raise _cannot(text, _("give a day, not a time"))
    result = first.date()
    for word in _WEEKDAY_WORD_RE.findall(norm):
        if _WEEKDAYS[word] != result.weekday():
            raise _weekday_mismatch(text, result)
    return result


# -- durations ----------------------------------------------------------------------

_DURATION_PART = re.compile(r"(\d{1,6}(?:\.\d{1,3})?)\s*(hours?|h|minutes?|mins?|m|seconds?|secs?|s)")
_DURATION_UNIT = {"h": 3600, "m": 60, "s": 1}


def parse_duration(text: str, *, what: str, most: float) -> float:
    """``text`` (``2h``, ``90m``, ``1h30m``, ``1 h 30 min``, ``45s``, or a
    bare number of minutes) as seconds, between one second and ``most``;
    UsageError naming ``what`` otherwise."""
    norm = text.strip().lower()
    if re.fullmatch(r"\d{1,6}", norm):
        seconds = int(norm) * 60.0
    else:
        seconds, position = 0.0, 0
        compact = re.sub(r"\s+", "", norm)
        for match in _DURATION_PART.finditer(compact):
            if match.start() != position:
                break
            seconds += float(match.group(1)) * _DURATION_UNIT[match.group(2)[0]]
            position = match.end()
        if not compact or position != len(compact):
            raise UsageError(
                _("cannot read {what} {text!r}: give a duration such as 2h, 90m or 1h30m").format(
                    what=what, text=_short(text)
                )
            )
    if not 1 <= seconds <= most:
        raise UsageError(
            _("{what} is at most {most} and at least 1 s, not {text!r}").format(
                what=what, most=_spell_seconds(most), text=_short(text)
            )
        )
    return seconds


def _short(text: str) -> str:
    return text if len(text) <= 20 else text[:19] + "…"


def _spell_seconds(seconds: float) -> str:
    hours, rest = divmod(int(seconds), 3600)
    minutes = rest // 60
    if hours and minutes:
        return f"{hours} h {minutes} min"
    return f"{hours} h" if hours else f"{minutes} min"
