"""How long the texts the journal stores may be.

The bounds are generous for real text and short for names: a presentation's
account may run to many pages, a title or a code fits on a line. They exist
so that a pasted file or a runaway script cannot make every listing slow (a
title of 10 MB made ``case list`` take 25 s). Lengths are counted in
characters, the whole template read by ``--from`` in bytes. The README's
"Limits" section lists the same numbers.
"""

from __future__ import annotations

from balintlog.errors import UsageError
from balintlog.i18n import _, is_german

#: A case title.
TITLE = 200
#: A one-line description: client, field, institution, profession, a
#: group's name, institution and co-leader, a session's place.
SHORT_TEXT = 300
#: The question a presenter brings.
QUESTION = 2_000
#: The text of one resonance.
RESONANCE_TEXT = 2_000
#: One section of a template: the presentation, the group process, the
#: closing statement, the leader's notes, what changed, a session note.
LONG_TEXT = 200_000
#: A whole template as read from a file or stdin (bytes).
TEMPLATE_BYTES = 2_000_000


def grouped(count: int) -> str:
    """A whole number with its thousands grouped: ``2,000,000``; German ``2.000.000``."""
    text = f"{count:,}"
    return text.replace(",", ".") if is_german() else text


def too_long(value: str, limit: int, what: str) -> str | None:
    """The message for ``value`` longer than ``limit`` characters, else None
    (``what``: the text's name, in the user's language)."""
    if len(value) <= limit:
        return None
    return _("{what} is {count} characters long; at most {limit} fit").format(
        what=what, count=grouped(len(value)), limit=grouped(limit)
    )


def check_length(value: str, limit: int, what: str) -> str:
    """``value``, or UsageError when it is longer than ``limit`` characters."""
    message = too_long(value, limit, what)
    if message is not None:
        raise UsageError(message)
    return value
