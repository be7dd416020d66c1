"""Keyslots: a malformed or tampered value in either keyslot is a clean
exit 6 naming the keyslot, never an unexpected error, and never reaches the
key derivation. (A missing value cannot be written: the columns are NOT
NULL, and the strict schema refuses a table altered to allow it.)"""

from __future__ import annotations

import sqlite3

import pytest
from conftest import Cli


def _set(cli: Cli, kind: str, column: str, value: object) -> None:
    db = sqlite3.connect(cli.vault, isolation_level=None)
    try:
        db.execute(f"UPDATE keyslot SET {column} = ? WHERE kind = ?", (value, kind))
    finally:
        db.close()


MALFORMED = [
    ("memory_kib", "sixty-four"),
    ("memory_kib", 64.5),
    ("iterations", "3 passes"),
    ("lanes", b"\x01"),
    ("memory_kib", -64),
    ("iterations", 2**62),
    ("memory_kib", 1024 * 1024 + 1024),  # 1 GiB is the most
    ("lanes", 1e30),
    ("kdf", "scrypt"),
    ("kdf", 7),
    ("salt", "text, not bytes"),
    ("salt", b"short"),
    ("wrapped_key", "text"),
    ("wrapped_key", b""),
]


@pytest.mark.parametrize("column,value", MALFORMED)
def test_a_malformed_passphrase_keyslot_is_a_clean_exit_6(cli: Cli, column: str, value: object) -> None:
    _set(cli, "passphrase", column, value)
    result = cli("case", "list")
    assert result.exit_code == 6, result.stderr
    assert "passphrase keyslot" in result.stderr
    assert "unexpected" not in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("column,value", MALFORMED[::2])
def test_a_malformed_recovery_keyslot_is_a_clean_exit_6(cli: Cli, column: str, value: object) -> None:
    _set(cli, "recovery", column, value)
    result = cli("recover", input="AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA\n", env=_new_passphrase(cli))
    assert result.exit_code == 6, result.stderr
    assert "recovery keyslot" in result.stderr
    assert "unexpected" not in result.stderr


def test_a_missing_keyslot_is_named(cli: Cli) -> None:
    db = sqlite3.connect(cli.vault, isolation_level=None)
    db.execute("DELETE FROM keyslot WHERE kind = 'passphrase'")
    db.close()
    result = cli("case", "list")
    assert result.exit_code == 6
    assert "no passphrase keyslot" in result.stderr


def _new_passphrase(cli: Cli) -> dict[str, str]:
    new = cli.passphrase_file.with_name("new.pw")
    new.write_text("a new passphrase\n")
    return {"BALINTLOG_NEW_PASSPHRASE_COMMAND": f"cat {new}"}
