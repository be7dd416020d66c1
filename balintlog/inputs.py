"""Values from outside, checked before they reach the journal: numbers typed
as arguments, text from a file argument or from stdin.

Each failure is a UsageError with one line that says what to do, never an
OverflowError from SQLite, a UnicodeEncodeError from deep inside, a hang on
a FIFO or a misleading "disk full".
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from balintlog.errors import UsageError
from balintlog.i18n import _
from balintlog.limits import TEMPLATE_BYTES, grouped

__all__ = ["MAX_NUMBER", "decode_text", "parse_number", "read_stdin", "read_text_file"]

#: The largest number the vault can hold (SQLite's 64-bit signed integer).
MAX_NUMBER = 2**63 - 1


def parse_number(text: str, what: str, *, example: str = "12", prefix: str = "") -> int:
    """``text`` as a positive whole number (ASCII digits, optionally after
    ``prefix`` such as ``#``), or UsageError naming ``what`` (in the user's
    language): not a number, zero, or too large to be one the vault could hold."""
    raw = text.strip()
    if prefix:
        raw = raw.removeprefix(prefix)
    if not raw.isascii() or not raw.isdigit():
        shown = text if len(text) <= 20 else text[:19] + "…"
        raise UsageError(
            _("{text!r} is not a {what}; give it as {example}").format(text=shown, what=what, example=example)
        )
    # Compared as text first: int() of a 10-million-digit string is slow.
    if len(raw.lstrip("0")) > len(str(MAX_NUMBER)) or int(raw) > MAX_NUMBER:
        shown = raw[:20] + ("…" if len(raw) > 20 else "")
        raise UsageError(_("{what} {number} is too large; no {what} is that high").format(what=what, number=shown))
    number = int(raw)
    if number == 0:
        raise UsageError(_("there is no {what} 0; numbers start at 1").format(what=what))
    return number


def decode_text(data: bytes, where: str) -> str:
    """``data`` decoded as UTF-8 (a leading byte-order mark dropped), or
    UsageError naming ``where`` and the first bad byte's offset."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise UsageError(
            _("{where} is not UTF-8 text (an invalid byte at offset {offset}); save or convert it as UTF-8").format(
                where=where, offset=exc.start
            )
        ) from None


def read_stdin(read: Callable[[int], bytes], *, limit: int = TEMPLATE_BYTES) -> str:
    """The text on stdin (``read`` is the binary stream's read), at most
    ``limit`` bytes, decoded strictly as UTF-8."""
    data = read(limit + 1)
    if len(data) > limit:
        raise UsageError(
            _("the text on stdin is longer than {limit} bytes; a template is at most that long").format(
                limit=grouped(limit)
            )
        )
    return decode_text(data, _("the text on stdin"))


def read_text_file(source: str, *, limit: int = TEMPLATE_BYTES) -> str:
    """The UTF-8 text of the file ``source`` names, at most ``limit`` bytes.
    Only a regular file will do: a FIFO would hang, a device or a file in
    /proc would give endless or misleading data."""
    path = Path(source).expanduser()
    try:
        # O_NONBLOCK: opening a FIFO without a writer must not hang; it is
        # refused below once fstat shows what it is.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise UsageError(_("no file {source}; give an existing file or '-' for stdin").format(source=source)) from None
    except IsADirectoryError:
        raise UsageError(_("{source} is a directory; give a file or '-' for stdin").format(source=source)) from None
    except OSError as exc:
        raise UsageError(
            _("cannot read {source} ({error}); check the path").format(source=source, error=exc.strerror)
        ) from None
    try:
        _check_regular(fd, path, source, limit)
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as stream:
            data = stream.read(limit + 1)
    except OSError as exc:
        raise UsageError(
            _("cannot read {source} ({error}); check the path").format(source=source, error=exc.strerror)
        ) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise UsageError(_("{source} is longer than {limit} bytes; a template is at most that long").format(
            source=source, limit=grouped(limit)
        ))
    return decode_text(data, source)


def _check_regular(fd: int, path: Path, source: str, limit: int) -> None:
    info = os.fstat(fd)
    if stat.S_ISDIR(info.st_mode):
        raise UsageError(_("{source} is a directory; give a file or '-' for stdin").format(source=source))
    if not stat.S_ISREG(info.st_mode) or _is_proc(path):
        raise UsageError(
            _("{source} is not a regular file; save the text to a file, or pipe it with '-'").format(source=source)
        )
    if info.st_size > limit:
        raise UsageError(_("{source} is longer than {limit} bytes; a template is at most that long").format(
            source=source, limit=grouped(limit)
        ))


def _is_proc(path: Path) -> bool:
    """Whether ``path`` lies in /proc or /sys, whose files claim to be
    regular but are views of the kernel (``/proc/self/mem``)."""
    real = os.path.realpath(path)
    return any(real == top or real.startswith(top + "/") for top in ("/proc", "/sys"))
