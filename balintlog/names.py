"""Group handles and member codes as people type them: letters of any script
(``süd``, ``münchen``, ``Jürgen``), digits, ``-``, ``_`` and ``.``, compared
without regard to letter case or Unicode normalisation form (``Süd`` typed
decomposed, as a Mac keyboard does, finds ``süd``).

A label is stored as typed (its case kept) but in NFC form; every lookup
compares :func:`label_key` of both sides.
"""

from __future__ import annotations

import unicodedata
from typing import Final

from balintlog.errors import UsageError
from balintlog.i18n import N_, _

MAX_LABEL: Final = 40
#: What :func:`check_label` calls the labels it refuses.
GROUP_HANDLE: Final = N_("group handle")
MEMBER_CODE: Final = N_("member code")
#: Punctuation allowed after the first character; ``:`` and ``,`` are not,
#: so that GROUP:N and CODE,CODE stay readable.
_PUNCTUATION: Final = frozenset("-_.")


def label_key(label: str) -> str:
    """What two labels that name the same thing have in common: NFC, case
    folded (``Süd``, ``SÜD`` and a decomposed ``su\u0308d`` give ``süd``)."""
    text = label.strip()
    if text.isascii():  # the common case: ASCII is NFC already
        return text.casefold()
    # Case folding can leave a decomposed sequence (ǰ): normalise after it too.
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())


def check_label(value: str, what: str) -> str:
    """``value`` as a handle or code is stored: stripped and in NFC; up to
    40 letters (of any script, with their accents), digits, ``-``, ``_`` and
    ``.``, starting with a letter or digit. ``what`` (:data:`GROUP_HANDLE`,
    :data:`MEMBER_CODE`) names it in the UsageError otherwise."""
    label = unicodedata.normalize("NFC", value.strip())
    if not _is_label(label):
        raise UsageError(
            _(
                "{what} {value} cannot be used: use up to {most} letters, digits, '-', '_' or '.', "
                "starting with a letter or digit"
            ).format(what=_(what), value=repr(value), most=MAX_LABEL)
        )
    return label


def _is_label(label: str) -> bool:
    if not 1 <= len(label) <= MAX_LABEL or not label[0].isalnum():
        return False
    # Combining marks that have no precomposed form (and the vowel signs of
    # Indic scripts) belong to the letter before them.
    return all(c.isalnum() or c in _PUNCTUATION or unicodedata.category(c).startswith("M") for c in label[1:])
