"""The one door for the words a user reads: translation, and dates and
numbers written the way the user's language writes them.

English is the source language; German comes from the ``balintlog`` gettext
catalogue shipped in ``balintlog/locale``. The language is chosen on first
use from ``BALINTLOG_LANG`` (``de``, ``de_CH``, ``en``), else from the locale
variables ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` (the first one set; any
``de``/``de_*`` is German), else English. Swiss German (``de_CH``) writes
"ss" for "ß". :func:`set_language` changes it at run time (tests, and a
long-lived process that serves several commands).

Only the standard library's ``gettext`` is used, and the catalogue is read
on first use, so that importing this module costs nothing at start-up. The
system's locale database is not consulted (it is often not installed): the
German month and weekday names are written out here.
"""

from __future__ import annotations

import datetime
import gettext as _gettext
import os
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal

if TYPE_CHECKING:
    from collections.abc import Mapping
    from decimal import Decimal

__all__ = [
    "NP_",
    "N_",
    "_",
    "current_language",
    "format_date",
    "format_number",
    "format_percent",
    "is_german",
    "language_from_env",
    "month_name",
    "ngettext",
    "pgettext",
    "set_language",
    "weekday_name",
]

DOMAIN: Final = "balintlog"
LANG_ENV: Final = "BALINTLOG_LANG"
#: Where the compiled catalogues live: ``locale/<lang>/LC_MESSAGES/balintlog.mo``.
LOCALE_DIR: Final = Path(__file__).with_name("locale")
#: The languages there are words for; ``de_CH`` is German without "ß".
LANGUAGES: Final = ("en", "de", "de_CH")

Language = Literal["en", "de", "de_CH"]
DateStyle = Literal["long", "short", "weekday", "plain"]

_EN_DAYS: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EN_MONTHS: Final = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_DE_DAYS: Final = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
_DE_DAY_ABBR: Final = ("Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So.")
_DE_MONTHS: Final = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip
#: Stand-alone abbreviations, as chart axes and tables use them.
_DE_MONTH_ABBR: Final = ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez")

_language: Language | None = None
_translations: _gettext.NullTranslations | None = None


# --------------------------------------------------------------------------- choosing


def language_from_env(environ: Mapping[str, str] | None = None) -> Language:
    """The language the environment asks for (see the module's docstring)."""
    env = os.environ if environ is None else environ
    chosen = env.get(LANG_ENV, "").strip()
    if chosen:
        return _language_of(chosen)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip()
        if value:
            return _language_of(value)
    return "en"


def _language_of(tag: str) -> Language:
    """``de``, ``de_DE.UTF-8``, ``de-AT`` -> German; ``de_CH`` -> Swiss German;
    anything else (``C``, ``en_GB``, ``fr_FR``) -> English."""
    code = tag.split(".")[0].split("@")[0].replace("-", "_").lower()
    lang, _sep, region = code.partition("_")
    if lang != "de":
        return "en"
    return "de_CH" if region == "ch" else "de"


def set_language(language: str | None = None) -> Language:
    """Speak ``language`` from now on (``en``, ``de``, ``de_CH``, or a locale
    name such as ``de_DE.UTF-8``); None chooses again from the environment.
    Returns the language chosen."""
    global _language, _translations
    chosen = language_from_env() if language is None else _language_of(language)
    if chosen == "en":
        translations: _gettext.NullTranslations = _gettext.NullTranslations()
    else:
        translations = _gettext.translation(DOMAIN, LOCALE_DIR, languages=["de"], fallback=True)
    _language, _translations = chosen, translations
    return chosen


def current_language() -> Language:
    """The language in use (chosen from the environment on first use)."""
    if _language is None:
        return set_language()
    return _language


def _catalogue() -> _gettext.NullTranslations:
    if _translations is None:
        set_language()
    assert _translations is not None
    return _translations


def is_german() -> bool:
    """Whether the language in use is German (also Swiss German)."""
    return current_language() != "en"


def _swiss(text: str) -> str:
    """Swiss German writes "ss" where Germany and Austria write "ß"."""
    if _language == "de_CH":
        return text.replace("ß", "ss").replace("ẞ", "SS")
    return text


# --------------------------------------------------------------------------- translating


def _(message: str) -> str:
    """``message`` in the user's language."""
    return _swiss(_catalogue().gettext(message))


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, in the user's language."""
    return _swiss(_catalogue().ngettext(singular, plural, n))


def pgettext(context: str, message: str) -> str:
    """``message`` in the user's language, where the same English word needs
    different translations (``context`` tells them apart)."""
    return _swiss(_catalogue().pgettext(context, message))


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it now: for
    words declared at import time (help texts, tables of labels), which are
    passed through :func:`_` when shown."""
    return message


def NP_(context: str, message: str) -> tuple[str, str]:
    """:func:`N_` for a word that needs a ``context`` (see :func:`pgettext`):
    the pair to pass to :func:`pgettext` when shown."""
    return context, message


# --------------------------------------------------------------------------- dates and numbers


def weekday_name(day: datetime.date, *, abbreviated: bool = False) -> str:
    """``Saturday``/``Sat``; ``Samstag``/``Sa.``."""
    number = day.weekday()
    if is_german():
        return _DE_DAY_ABBR[number] if abbreviated else _DE_DAYS[number]
    return _EN_DAYS[number][:3] if abbreviated else _EN_DAYS[number]


def month_name(month: int, *, abbreviated: bool = False) -> str:
    """The name of ``month`` (1..12): ``March``/``Mar``; ``März``/``Mär``."""
    if is_german():
        return (_DE_MONTH_ABBR if abbreviated else _DE_MONTHS)[month - 1]
    return _EN_MONTHS[month - 1][:3] if abbreviated else _EN_MONTHS[month - 1]


def format_date(day: datetime.date, style: DateStyle = "long") -> str:
    """``day`` for reading, independent of the system's locale:

    * ``long``: ``Sat 14 Mar 2026``; ``Sa., 14. März 2026``
    * ``short``: ``2026-03-14``; ``14.03.2026``
    * ``weekday``: ``Saturday 14 March 2026``; ``Samstag, 14. März 2026``
    * ``plain``: ``14 Mar 2026``; ``14. März 2026``
    """
    if isinstance(day, datetime.datetime):
        day = day.date()
    german = is_german()
    if style == "short":
        return f"{day.day:02d}.{day.month:02d}.{day.year:04d}" if german else day.isoformat()
    full = style == "weekday"
    if german:
        plain = f"{day.day}. {month_name(day.month)} {day.year:04d}"
    else:
        plain = f"{day.day} {month_name(day.month, abbreviated=not full)} {day.year:04d}"
    if style == "plain":
        return plain
    weekday = weekday_name(day, abbreviated=not full)
    return f"{weekday}, {plain}" if german else f"{weekday} {plain}"


def format_number(value: float | int, digits: int = 1) -> str:
    """``value`` with ``digits`` decimals, rounded half up as people round
    by hand (3.25 -> 3.3, not the 3.2 of binary floating point); a decimal
    comma in German (``3,3``). No grouping of thousands."""
    return _format_decimal(str(value), digits)


def format_percent(share: float, digits: int = 0) -> str:
    """A share (0.89) as a percentage: ``89%``; German ``89 %``."""
    from decimal import Decimal

    number = _format_decimal(Decimal(str(share)).scaleb(2), digits)  # exact: 0.145 is 14.5, not 14.4999…
    return f"{number} %" if is_german() else f"{number}%"


def _format_decimal(value: str | Decimal, digits: int) -> str:
    from decimal import ROUND_HALF_UP, Decimal

    # str() of a float is its shortest repr: 3.25 stays 3.25 exactly.
    exact = Decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    if exact == 0:
        exact = abs(exact)  # no "-0.0"
    text = f"{exact:f}"
    return text.replace(".", ",") if is_german() else text

