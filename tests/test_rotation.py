"""Replacing keys: ``rekey`` (a new master key, every data key re-wrapped,
new keyslots and recovery code) and ``recovery-code``; and ``verify``
unwrapping every data key, used or not."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import PASSPHRASE, TODAY, Cli

from balintlog.errors import LockedError
from balintlog.journal import Journal

CODE = re.compile(r"\b[A-Z2-7]{4}(?:-[A-Z2-7]{4}){7}\b")


def _code_in(output: str) -> str:
    found = CODE.findall(output)
    assert len(found) == 1, output
    return str(found[0])


@pytest.fixture
def coded(bare_cli: Cli) -> tuple[Cli, str]:
    """A vault with a group in it, and its recovery code."""
    code = _code_in(bare_cli.ok("init", "--insecure-test-kdf").stdout)
    bare_cli.ok("group", "add", "tue", "--name", "Tuesday group", "--start", "2026-01-06")
    return bare_cli, code


def _recover(cli: Cli, code: str) -> int:
    new = cli.passphrase_file.with_name("recovered.pw")
    new.write_text("a recovered passphrase\n")
    result = cli("recover", input=code + "\n", env={"BALINTLOG_NEW_PASSPHRASE_COMMAND": f"cat {new}"})
    return result.exit_code


def _copy(vault: Path, name: str) -> Path:
    copy = vault.with_name(name)
    shutil.copyfile(vault, copy)
    copy.chmod(0o600)
    return copy


def test_rekey_leaves_an_older_copy_with_a_key_that_opens_nothing(coded: tuple[Cli, str]) -> None:
    cli, _code = coded
    before = _copy(cli.vault, "before.db")

    result = cli.ok("rekey")
    assert "New master key made" in result.stdout
    assert "Backups made before now keep the old keys" in result.stdout
    _code_in(result.stdout)

    with Journal.unlock(before, lambda: PASSPHRASE.encode(), today=TODAY) as old:
        old_master = old.master_key
    with pytest.raises(LockedError):
        Journal.with_master_key(cli.vault, old_master, today=TODAY)
    with Journal.unlock(cli.vault, lambda: PASSPHRASE.encode(), today=TODAY) as live:
        assert live.master_key != old_master
    # Everything still opens, under the same passphrase.
    assert "tue" in cli.ok("group", "list").stdout
    assert "OK" in cli.ok("verify").stdout


def test_after_rekey_only_the_new_recovery_code_works(coded: tuple[Cli, str]) -> None:
    cli, old_code = coded
    new_code = _code_in(cli.ok("rekey").stdout)
    assert new_code != old_code
    assert _recover(cli, old_code) == 3
    assert _recover(cli, new_code) == 0
    assert "tue" in cli.ok("group", "list", env=_recovered_passphrase(cli)).stdout


def test_rekey_with_a_wrong_passphrase_changes_nothing(coded: tuple[Cli, str]) -> None:
    cli, _code = coded
    before = cli.vault.read_bytes()
    cli.set_passphrase("not the passphrase")
    assert cli("rekey").exit_code == 3
    assert cli.vault.read_bytes() == before


def test_rekey_stops_at_a_damaged_data_key_and_changes_nothing(coded: tuple[Cli, str]) -> None:
    cli, code = coded
    _flip_vault_key(cli.vault)
    before = _keyslots(cli.vault)
    result = cli("rekey")
    assert result.exit_code == 6
    assert "nothing was changed" in result.stderr
    # The old keyslots are still there, byte for byte (recover itself would now stop at the
    # damaged key: it writes, and every write enters the change log sealed under that key).
    assert _keyslots(cli.vault) == before
    del code


def _keyslots(vault: Path) -> list[tuple[object, ...]]:
    db = sqlite3.connect(vault, isolation_level=None)
    try:
        return db.execute("SELECT * FROM keyslot ORDER BY kind").fetchall()
    finally:
        db.close()


def test_recovery_code_replaces_the_code(coded: tuple[Cli, str]) -> None:
    cli, old_code = coded
    result = cli.ok("recovery-code")
    new_code = _code_in(result.stdout)
    assert new_code != old_code
    assert "old recovery code no longer opens this vault" in result.stdout
    assert _recover(cli, old_code) == 3
    assert _recover(cli, new_code) == 0


def _recovered_passphrase(cli: Cli) -> dict[str, str]:
    return {"BALINTLOG_PASSPHRASE_COMMAND": f"cat {cli.passphrase_file.with_name('recovered.pw')}"}


def _flip_vault_key(vault: Path) -> None:
    db = sqlite3.connect(vault, isolation_level=None)
    try:
        (wrapped,) = db.execute("SELECT wrapped_key FROM data_key WHERE case_id IS NULL").fetchone()
        flipped = wrapped[:20] + bytes([wrapped[20] ^ 1]) + wrapped[21:]
        db.execute("UPDATE data_key SET wrapped_key = ? WHERE case_id IS NULL", (flipped,))
    finally:
        db.close()


def test_verify_finds_a_damaged_vault_key_no_field_uses_yet(bare_cli: Cli) -> None:
    bare_cli.ok("init", "--insecure-test-kdf")
    _flip_vault_key(bare_cli.vault)
    result = bare_cli("verify")
    assert result.exit_code == 6
    assert "FAILED the vault's data key failed to open" in result.stderr
    assert "OK" not in result.stdout


def test_rekey_seals_every_row_anew_and_the_log_still_replays(coded: tuple[Cli, str]) -> None:
    cli, _code = coded
    cli.ok("member", "add", "tue", "AB", "--profession", "physician", "--joined", "2026-01-06")
    seals_before = _seals(cli.vault)
    cli.ok("rekey")
    seals_after = _seals(cli.vault)
    # The seal key comes from the master key: every row, the change log's too, is sealed anew.
    assert seals_before.keys() <= seals_after.keys()
    assert all(seals_after[key] != seal for key, seal in seals_before.items())
    assert "OK" in cli.ok("verify").stdout
    assert cli.ok("member", "list", "tue").stdout.count("AB") == 1
    log = cli.ok("log").stdout
    assert "rekey" in log


def test_no_change_before_a_rekey_can_be_undone(coded: tuple[Cli, str]) -> None:
    cli, _code = coded
    cli.ok("member", "add", "tue", "AB", "--profession", "physician", "--joined", "2026-01-06")
    cli.ok("rekey")
    result = cli("undo", "--yes")
    assert result.exit_code != 0
    assert "rekey" in result.stderr
    assert "AB" in cli.ok("member", "list", "tue").stdout
    assert "OK" in cli.ok("verify").stdout


def test_an_older_copy_opened_after_a_rekey_is_recognised_as_older(coded: tuple[Cli, str]) -> None:
    cli, _code = coded
    before = _copy(cli.vault, "before.db")
    cli.ok("rekey")
    cli.ok("member", "add", "tue", "AB", "--profession", "physician", "--joined", "2026-01-06")
    # The old copy opens with its own (old) passphrase and key; the rollback record still names
    # it as older than the vault last used here, because the record's key survives a rekey.
    result = cli("--vault", str(before), "group", "list")
    assert result.exit_code == 0, result.stderr
    assert "older" in result.stderr


def _seals(vault: Path) -> dict[tuple[str, str], bytes]:
    db = sqlite3.connect(vault, isolation_level=None)
    try:
        found: dict[tuple[str, str], bytes] = {}
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'alembic_version'"):
            for rowid, seal in db.execute(f"SELECT rowid, seal FROM {table}"):
                found[(table, str(rowid))] = seal
        return found
    finally:
        db.close()
