"""balintlog.inputs: numbers, file arguments and stdin checked with a clear
one-line error, and balintlog.terminal.text: stored text shown escaped."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from balintlog.errors import UsageError
from balintlog.inputs import MAX_NUMBER, decode_text, parse_number, read_stdin, read_text_file
from balintlog.terminal.text import escape_controls

# --------------------------------------------------------------------------- numbers


def test_numbers_as_typed() -> None:
    assert parse_number("12", "case number") == 12
    assert parse_number(" #7 ", "case number", prefix="#") == 7
    assert parse_number(str(MAX_NUMBER), "case number") == MAX_NUMBER


@pytest.mark.parametrize("raw", [str(2**63), "9" * 40, "1" + "0" * 100_000])
def test_a_number_too_large_for_the_vault_is_a_usage_error(raw: str) -> None:
    with pytest.raises(UsageError, match=r"^case number \d+…? is too large; no case number is that high$"):
        parse_number(raw, "case number")


@pytest.mark.parametrize("raw", ["twelve", "-3", "1.5", "²", "١٢", ""])
def test_what_is_not_a_number_is_named(raw: str) -> None:
    with pytest.raises(UsageError, match=r"is not a session number; give it as 12$"):
        parse_number(raw, "session number")


def test_zero_is_no_number() -> None:
    with pytest.raises(UsageError, match="there is no case number 0"):
        parse_number("0", "case number")


# --------------------------------------------------------------------------- stdin


def test_stdin_must_be_utf8() -> None:
    assert read_stdin(io.BytesIO("\ufeffTitle: Ä\n".encode()).read) == "Title: Ä\n"
    with pytest.raises(UsageError, match=r"^the text on stdin is not UTF-8 text \(an invalid byte at offset 7\)"):
        read_stdin(io.BytesIO(b"Title: \xff\xfe\n").read)


def test_stdin_has_a_size_bound() -> None:
    with pytest.raises(UsageError, match="longer than 10 bytes"):
        read_stdin(io.BytesIO(b"x" * 11).read, limit=10)


def test_decode_names_where_the_text_came_from() -> None:
    with pytest.raises(UsageError, match=r"^notes\.md is not UTF-8 text"):
        decode_text(b"\xc3", "notes.md")


# --------------------------------------------------------------------------- file arguments


def test_a_regular_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "case.md"
    path.write_bytes("Title: Ö\n".encode())
    assert read_text_file(str(path)) == "Title: Ö\n"


def test_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(UsageError, match=r"pipe is not a regular file; save the text to a file, or pipe it with '-'$"):
        read_text_file(str(fifo))


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs /proc")
def test_proc_self_mem_is_refused() -> None:
    with pytest.raises(UsageError, match="/proc/self/mem is not a regular file"):
        read_text_file("/proc/self/mem")


def test_missing_files_directories_and_big_files(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no file"):
        read_text_file(str(tmp_path / "nope.md"))
    with pytest.raises(UsageError, match="is a directory"):
        read_text_file(str(tmp_path))
    big = tmp_path / "big.md"
    big.write_bytes(b"x" * 11)
    with pytest.raises(UsageError, match="longer than 10 bytes"):
        read_text_file(str(big), limit=10)
    latin = tmp_path / "latin.md"
    latin.write_bytes("Titel: Größe\n".encode("latin-1"))
    with pytest.raises(UsageError, match="is not UTF-8 text"):
        read_text_file(str(latin))


# --------------------------------------------------------------------------- escaping for the terminal


def test_ansi_and_osc_sequences_are_shown_not_obeyed() -> None:
    text = "before \x1b[2J\x1b]0;owned\x07 after \x9b31m"
    shown = escape_controls(text)
    assert shown == "before \\e[2J\\e]0;owned\\x07 after \\x9b31m"
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in shown)


def test_newlines_and_tabs_stay_unless_one_line_is_asked_for() -> None:
    assert escape_controls("a\n\tb\r\n") == "a\n\tb\\r\n"
    assert escape_controls("a\n\tb", keep_newlines=False) == "a\\n\\tb"


def test_bidi_overrides_and_line_separators_are_escaped() -> None:
    assert escape_controls("abc\u202edef\u2028") == "abc\\u202edef\\u2028"


def test_ordinary_text_is_unchanged() -> None:
    text = "Größe – “quoted” 👍 \\e stays"
    assert escape_controls(text) == text


def test_a_console_shows_escapes_but_keeps_its_own_styles() -> None:
    import io

    from rich.console import Console
    from rich.text import Text

    from balintlog.terminal.text import escape_console

    out = io.StringIO()
    console = escape_console(Console(file=out, force_terminal=True, highlight=False, soft_wrap=True))
    console.print("title \x1b]0;owned\x1b\\ end", markup=False)
    console.print(Text("bold", style="bold"))
    printed = out.getvalue()
    assert "title \\e]0;owned\\e\\ end" in printed
    assert "\x1b[1mbold\x1b[0m" in printed  # the console's own style codes go out as they are
