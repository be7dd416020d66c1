"""The numbers of German CME: a physician's EFN (Einheitliche
Fortbildungsnummer) and an event's VNR (Veranstaltungsnummer).

EFN: 15 digits — 80 (physicians), 276 (Germany, ISO 3166), three digits of
the chamber, a six-digit serial, and a check digit by the Luhn formula over
the 14 digits before it. VNR: 19 digits, assigned by the chamber; no public
description of a check digit exists, so only its form is checked.
"""

from __future__ import annotations

from balintlog.errors import UsageError
from balintlog.i18n import _

EFN_DIGITS = 15
VNR_DIGITS = 19


def luhn_digit(digits: str) -> int:
    """The Luhn check digit for ``digits`` (the number without it)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        value = int(ch)
        if i % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return (10 - total % 10) % 10


def _digits(raw: str) -> str:
    """The number without the spaces people group it with."""
    return "".join(raw.split())


def check_efn(raw: str) -> str:
    """``raw`` as an EFN (spaces dropped); UsageError (exit 2) unless it
    has 15 digits and the right check digit."""
    efn = _digits(raw)
    if len(efn) != EFN_DIGITS or not efn.isascii() or not efn.isdigit():
        raise UsageError(_("an EFN has 15 digits, not {value!r}").format(value=raw))
    expected = luhn_digit(efn[:-1])
    if int(efn[-1]) != expected:
        raise UsageError(
            _("the EFN {value} has a wrong check digit (the last digit should be {digit}); check it for a typo").format(
                value=efn, digit=expected
            )
        )
    return efn


def check_vnr(raw: str) -> str:
    """``raw`` as a VNR (spaces dropped); UsageError (exit 2) unless it has 19 digits."""
    vnr = _digits(raw)
    if len(vnr) != VNR_DIGITS or not vnr.isascii() or not vnr.isdigit():
        raise UsageError(_("a VNR has 19 digits, not {value!r}").format(value=raw))
    return vnr
