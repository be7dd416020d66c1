"""Text matching as people search: case and accents do not matter, and the
German ways of writing umlauts and ß are the same letters.

* ``schuler`` finds "Schüler" (an accent may be left out),
* ``Schueler`` finds "Schüler" and "Schueler" (ae, oe, ue for ä, ö, ü),
* ``Schüler`` finds "Schueler" and "Schuler",
* ``strasse`` finds "Straße", ``Straße`` finds "Strasse",
* ``cafe`` finds "Café", ``ärztin`` finds "ÄRZTIN" and "Arztin".

Both sides are folded: case folded, decomposed, accents dropped, except that
ä, ö and ü stay distinct so that "ue" in the needle can stand for them. The
matches are given as spans of the original text, for highlighting.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

__all__ = ["TextFinder", "fold"]

#: The diacritic marks dropped when folding (the combining blocks).
_MARKS: Final = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NON_ASCII: Final = re.compile("[^\x00-\x7f]")
_UMLAUTS: Final = (("a\u0308", "ä"), ("o\u0308", "ö"), ("u\u0308", "ü"))
#: What a letter of the folded needle matches in a folded text.
_NEEDLE_PAIRS: Final = {"ae": "(?:ae|ä)", "oe": "(?:oe|ö)", "ue": "(?:ue|ü)"}
_NEEDLE_LETTERS: Final = {
    "a": "[aä]", "o": "[oö]", "u": "[uü]",
    "ä": "(?:ae|[aä])", "ö": "(?:oe|[oö])", "ü": "(?:ue|[uü])",
}  # fmt: skip


def fold(text: str) -> str:
    """``text`` as matching compares it: ``"Straße Café ÄRZTIN"`` ->
    ``"strasse cafe ärztin"``."""
    if text.isascii():
        return text.lower()
    folded = unicodedata.normalize("NFC", text).casefold()
    if folded.isascii():
        return folded
    # Letter by letter, and only the few that are not ASCII: decomposing and
    # stripping the whole text would cost ten times more.
    return _NON_ASCII.sub(_fold_letter, folded)


def _fold_letter(match: re.Match[str]) -> str:
    return _fold_char(match.group())


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One case-folded letter without its accents (ä, ö, ü kept)."""
    decomposed = unicodedata.normalize("NFD", char)
    for parts, umlaut in _UMLAUTS:
        decomposed = decomposed.replace(parts, umlaut)
    return _MARKS.sub("", decomposed)


def _fold_one(char: str) -> str:
    """What :func:`fold` makes of ``char`` within a text."""
    folded = char.casefold()
    return folded if folded.isascii() else _NON_ASCII.sub(_fold_letter, folded)


class TextFinder:
    """One needle, looked for in many texts: :meth:`contains` is the quick
    test, :meth:`spans` places the matches in a text found."""

    def __init__(self, needle: str) -> None:
        folded = fold(needle)
        # A needle of accents alone folds to nothing and finds nothing.
        self._pattern = re.compile(_needle_pattern(folded) if folded else "(?!)")
        # An ASCII text has no umlauts, so a needle without them is matched
        # there by plain substring search on its lower case.
        self._plain = None if not folded or any(c in "äöü" for c in folded) else folded

    def contains(self, text: str) -> bool:
        """Whether ``text`` holds the needle."""
        if text.isascii():
            lower = text.lower()
            if self._plain is not None:
                return self._plain in lower
            return self._pattern.search(lower) is not None
        return self._pattern.search(fold(text)) is not None

    def spans(self, text: str) -> tuple[tuple[int, int], ...]:
        """The (start, end) of each match in ``text`` (in NFC) itself; a match that
        takes part of a letter (``stras`` in "Straße") takes all of it."""
        if text.isascii():
            return tuple(m.span() for m in self._pattern.finditer(text.lower()))
        origin: list[int] = []
        pieces: list[str] = []
        for index, char in enumerate(text):
            piece = _fold_one(char)
            pieces.append(piece)
            origin.extend([index] * len(piece))
        origin.append(len(text))
        return tuple(
            (origin[m.start()], origin[m.end() - 1] + 1) for m in self._pattern.finditer("".join(pieces))
        )


def _needle_pattern(folded: str) -> str:
    parts: list[str] = []
    index = 0
    while index < len(folded):
        pair = folded[index : index + 2]
        if pair in _NEEDLE_PAIRS:
            parts.append(_NEEDLE_PAIRS[pair])
            index += 2
            continue
        char = folded[index]
        parts.append(_NEEDLE_LETTERS.get(char) or re.escape(char))
        index += 1
    return "".join(parts)
