"""Stored text made safe to show on a terminal.

Note text comes from the user, but also from files and pipes; a pasted
``ESC [ 2 J`` or an OSC sequence (``ESC ] … BEL``, which some terminals
act on: set the title, write the clipboard, open links) must be shown, not
obeyed. Every control character is written as a visible escape instead:
C0 controls but newline and tab, DEL, the C1 controls (U+0080–U+009F, which
include the 8-bit CSI and OSC), and the Unicode line separators and bidi
overrides, which reorder what the terminal shows.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["escape_console", "escape_controls"]

_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_CONTROL_RE = re.compile(f"[{_CONTROLS}]")
_CONTROL_OR_NEWLINE_RE = re.compile(f"[{_CONTROLS}\n\t]")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\x1b": "\\e"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape_controls(text: str, *, keep_newlines: bool = True) -> str:
    """``text`` with every control character written as a visible escape
    (``\\e`` for ESC, ``\\r``, ``\\x07``, ``\\u202e`` …). Newlines and tabs are
    kept, unless ``keep_newlines`` is False (a table cell, a one-line
    message), where they become ``\\n`` and ``\\t`` too. Text without
    control characters comes back unchanged."""
    pattern = _CONTROL_RE if keep_newlines else _CONTROL_OR_NEWLINE_RE
    return pattern.sub(_escape, text)


def escape_console(console: Console) -> Console:
    """``console``, made to show control characters in whatever it prints
    escaped (:func:`escape_controls`), its own styles untouched: every
    renderable is wrapped in one that escapes the text of its segments.
    Writes to ``console.file`` bypass this."""
    from rich.console import ConsoleOptions, ConsoleRenderable, RenderHook, RenderResult
    from rich.segment import Segment

    class Escaped:
        def __init__(self, inner: ConsoleRenderable) -> None:
            self.inner = inner

        def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
            for segment in console.render(self.inner, options):
                if segment.control is None and _CONTROL_RE.search(segment.text):
                    yield Segment(escape_controls(segment.text), segment.style)
                else:
                    yield segment

    class Hook(RenderHook):
        def process_renderables(self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
            return [Escaped(renderable) for renderable in renderables]

    console.push_render_hook(Hook())
    return console
