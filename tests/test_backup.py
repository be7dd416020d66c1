"""Verified backups and restore, and the warning for vaults in sync folders."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE, TODAY, Cli, make_cli, vault_files
from test_security import _sealed_blob as sealed_blob
from test_security import seed

from balintlog.backup import generations, sync_service
from balintlog.db import maintenance
from balintlog.db.schema import METADATA, T_CASE, T_PRESENTATION, T_RESONANCE
from balintlog.journal import Journal

NEW_PASSPHRASE = "a brand new passphrase"


def records(vault: Path, passphrase: str = PASSPHRASE) -> dict[str, list[str]]:
    """Every row of every table, sealed fields opened, in a stable order."""
    journal = Journal.unlock(vault, lambda: passphrase.encode(), today=TODAY)
    with journal, journal.store.transaction(write=False):
        return {
            table.name: sorted(repr(sorted(row.items())) for row in journal.store.rows(table))
            for table in METADATA.sorted_tables
        }


def backups_in(directory: Path) -> list[Path]:
    return generations(directory)


def flip_byte_of(path: Path, needle: bytes) -> None:
    """Flip one bit in the middle of ``needle`` where it sits in ``path``."""
    data = bytearray(path.read_bytes())
    at = data.find(needle)
    assert at >= 0
    data[at + len(needle) // 2] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.fixture
def seeded(cli: Cli) -> dict[str, str]:
    return seed(cli.vault)


def test_backup_then_restore_gives_back_exactly_the_same_records(
    cli: Cli, seeded: dict[str, str], tmp_path: Path
) -> None:
    before = records(cli.vault)
    result = cli.ok("backup", str(tmp_path / "backups"))
    (backup,) = backups_in(tmp_path / "backups")
    assert str(backup) in result.stdout and "verified" in result.stdout
    assert backup.name.startswith("balintlog-20261126T") and backup.suffix == ".bldb"

    with Journal.unlock(cli.vault, lambda: PASSPHRASE.encode(), today=TODAY) as journal:
        journal.groups.add("south", "Group South", "continuous", TODAY)
    changed = records(cli.vault)
    assert changed != before

    result = cli.ok("restore", str(backup))
    assert "Restored" in result.stdout and ".pre-restore" in result.stdout
    assert "now opens with the passphrase the backup was made under" in result.stdout
    assert records(cli.vault) == before
    assert "OK" in cli.ok("verify").stdout
    # Opening the replaced vault makes it the one last used here again.
    kept = cli.vault.with_name(cli.vault.name + ".pre-restore")
    assert records(kept) == changed
    assert "older than the one last used on this machine" in cli("verify").stderr


def test_restore_onto_a_missing_vault_creates_it(cli: Cli, seeded: dict[str, str], tmp_path: Path) -> None:
    before = records(cli.vault)
    cli.ok("backup", str(tmp_path / "backups"))
    (backup,) = backups_in(tmp_path / "backups")
    fresh = make_cli(tmp_path / "new-machine")
    result = fresh.ok("restore", str(backup))
    assert "kept as" not in result.stdout
    assert records(fresh.vault) == before
    assert stat.S_IMODE(fresh.vault.stat().st_mode) == 0o600


def test_a_backup_with_a_flipped_byte_is_refused_and_the_vault_untouched(
    cli: Cli, seeded: dict[str, str], tmp_path: Path
) -> None:
    question = sealed_blob(cli.vault, "presentation", "question", seeded["presentation2"])
    cli.ok("backup", str(tmp_path / "backups"))
    (backup,) = backups_in(tmp_path / "backups")
    flip_byte_of(backup, question)
    live = {p.name: p.read_bytes() for p in vault_files(cli.vault)}

    result = cli("restore", str(backup))
    assert result.exit_code == 6, result.stderr
    assert "case #2" in result.stderr and "damaged" in result.stderr
    assert {p.name: p.read_bytes() for p in vault_files(cli.vault)} == live
    assert sorted(p.name for p in cli.vault.parent.iterdir()) == sorted(live)


def test_a_file_that_is_no_database_is_refused(cli: Cli, tmp_path: Path) -> None:
    junk = tmp_path / "balintlog-20260101T000000.bldb"
    junk.write_bytes(os.urandom(8192))
    junk.chmod(0o600)
    result = cli("restore", str(junk))
    assert result.exit_code == 6, result.stderr
    truncated = tmp_path / "truncated.bldb"
    cli.ok("backup", str(tmp_path / "backups"))
    truncated.write_bytes(backups_in(tmp_path / "backups")[0].read_bytes()[:5000])
    assert cli("restore", str(truncated)).exit_code == 6
    assert cli("restore", str(tmp_path / "missing.bldb")).exit_code == 4
    assert "OK" in cli.ok("verify").stdout


def test_a_damaged_vault_gives_no_backup(cli: Cli, seeded: dict[str, str], tmp_path: Path) -> None:
    title = sealed_blob(cli.vault, "balint_case", "title", seeded["case1"])
    flip_byte_of(cli.vault, title)
    result = cli("backup", str(tmp_path / "backups"))
    assert result.exit_code == 6
    assert "case #1" in result.stderr
    assert list((tmp_path / "backups").iterdir()) == []


def test_backup_files_are_private_while_written_and_after(
    journal_factory: Any, tmp_path: Path
) -> None:
    journal: Journal = journal_factory()
    journal.groups.add("north", "Group North", "continuous", TODAY)
    directory = tmp_path / "backups"
    seen: list[tuple[str, int]] = []

    def look(_done: int, _total: int) -> None:
        seen.extend((p.name, stat.S_IMODE(p.stat().st_mode)) for p in directory.iterdir())

    path = journal.backup(directory, progress=look)
    assert seen and all(name.startswith(".balintlog-") for name, _mode in seen)
    assert all(mode & 0o077 == 0 for _name, mode in seen)
    assert [p.name for p in directory.iterdir()] == [path.name]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700


def test_keep_prunes_to_the_newest_generations(journal_factory: Any, tmp_path: Path) -> None:
    journal: Journal = journal_factory()
    directory = tmp_path / "backups"
    directory.mkdir()
    (directory / "notes.txt").write_text("not a backup")
    written = []
    for minute in range(4):
        journal.now = dt.datetime(2026, 11, 26, 18, minute)
        written.append(journal.backup(directory, keep=2))
    journal.now = dt.datetime(2026, 11, 26, 18, 3)
    written.append(journal.backup(directory, keep=2))  # the same second: a -1 suffix
    assert backups_in(directory) == written[-2:]
    assert written[-1].name == "balintlog-20261126T180300-1.bldb"
    assert (directory / "notes.txt").exists()


def test_keep_must_be_positive(cli: Cli, tmp_path: Path) -> None:
    assert cli("backup", str(tmp_path / "b"), "--keep", "0").exit_code == 2


def test_after_passwd_an_older_backup_opens_with_the_old_passphrase(
    cli: Cli, seeded: dict[str, str], tmp_path: Path
) -> None:
    before = records(cli.vault)
    cli.ok("backup", str(tmp_path / "backups"))
    (backup,) = backups_in(tmp_path / "backups")
    new_pw = tmp_path / "secret" / "new.pw"
    new_pw.write_text(NEW_PASSPHRASE + "\n")
    cli.ok("passwd", env={"BALINTLOG_NEW_PASSPHRASE_COMMAND": f"cat {new_pw}"})
    cli.set_passphrase(NEW_PASSPHRASE)

    result = cli("restore", str(backup))
    assert result.exit_code == 3
    assert "passphrase the vault had when the backup was made" in result.stderr
    cli.set_passphrase(PASSPHRASE)
    cli.ok("restore", str(backup))
    assert records(cli.vault) == before
    kept = cli.vault.with_name(cli.vault.name + ".pre-restore")
    assert records(kept, NEW_PASSPHRASE)["balint_case"] == before["balint_case"]


def test_a_deleted_case_is_in_no_later_backup_nor_in_the_vault(
    cli: Cli, seeded: dict[str, str], tmp_path: Path
) -> None:
    case_id = seeded["case2"]
    journal = Journal.unlock(cli.vault, lambda: PASSPHRASE.encode(), today=TODAY)
    with journal:
        journal.cases.add_resonance(2, "affect", "presenter", "a heaviness in the chest")
        store = journal.store
        with store.transaction(write=False):
            blobs = [
                bytes(value)
                for table in (T_CASE, T_PRESENTATION, T_RESONANCE)
                for row in store.conn.execute(
                    table.select().where((table.c.id if table is T_CASE else table.c.case_id) == case_id)
                ).mappings()
                for name, value in row.items()
                if isinstance(value, bytes) and name != "id"
            ]
            wrapped = maintenance.raw(store, f"SELECT wrapped_key FROM data_key WHERE case_id = '{case_id}'")
            blobs += [bytes(r[0]) for r in wrapped]
    assert len(blobs) > 15
    cli.ok("backup", str(tmp_path / "before"))
    (earlier,) = backups_in(tmp_path / "before")
    assert all(blob in earlier.read_bytes() for blob in blobs)

    deleted = cli.ok("case", "delete", "2", "--yes")
    assert "Backups made before" in deleted.stderr  # as the README says
    cli.ok("backup", str(tmp_path / "after"))
    (later,) = backups_in(tmp_path / "after")
    for path in [later, *vault_files(cli.vault)]:
        data = path.read_bytes()
        assert [blob for blob in blobs if blob in data] == [], path
        assert all(blob[8:24] not in data for blob in blobs), path


def test_age_wrapped_backup_decrypts_with_age_and_restores(
    cli: Cli, seeded: dict[str, str], tmp_path: Path
) -> None:
    pyrage = pytest.importorskip("pyrage")
    identity = pyrage.x25519.Identity.generate()
    before = records(cli.vault)
    result = cli.ok("backup", str(tmp_path / "offsite"), "--age", str(identity.to_public()))
    (wrapped,) = backups_in(tmp_path / "offsite")
    assert wrapped.name.endswith(".bldb.age") and str(wrapped) in result.stdout
    assert stat.S_IMODE(wrapped.stat().st_mode) == 0o600
    data = wrapped.read_bytes()
    assert data.startswith(b"age-encryption.org/v1\n")
    assert b"SQLite format 3" not in data

    refused = cli("restore", str(wrapped))
    assert refused.exit_code == 2 and "age -d" in refused.stderr

    plain = tmp_path / "restored.bldb"
    plain.write_bytes(pyrage.decrypt(data, [identity]))
    plain.chmod(0o600)
    cli.ok("restore", str(plain))
    assert records(cli.vault) == before


def test_age_needs_a_valid_recipient(cli: Cli, tmp_path: Path) -> None:
    pytest.importorskip("pyrage")
    result = cli("backup", str(tmp_path / "offsite"), "--age", "not-a-key")
    assert result.exit_code == 2 and "age recipient" in result.stderr
    assert not (tmp_path / "offsite").exists() or backups_in(tmp_path / "offsite") == []


# -- sync folders ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("folder", "service"),
    [
        ("Dropbox/journal", "Dropbox"),
        ("Dropbox (Personal)", "Dropbox"),
        ("OneDrive - Praxis Nord", "OneDrive"),
        ("Library/CloudStorage/OneDrive-Personal", "OneDrive"),
        ("Library/Mobile Documents/com~apple~CloudDocs", "iCloud Drive"),
        ("iCloudDrive", "iCloud Drive"),
        ("Nextcloud/Documents", "Nextcloud"),
        ("ownCloud", "ownCloud"),
        ("Documents/balintlog", None),
        ("dropboxes-are-not-this", None),
    ],
)
def test_sync_folders_are_recognised(tmp_path: Path, folder: str, service: str | None) -> None:
    assert sync_service(tmp_path / folder / "journal.db") == service


def test_a_sync_client_marker_file_is_recognised(tmp_path: Path) -> None:
    root = tmp_path / "MyFiles"
    (root / "work").mkdir(parents=True)
    (root / ".dropbox").write_text("{}")
    assert sync_service(root / "work" / "journal.db") == "Dropbox"


def test_a_vault_in_a_sync_folder_warns_once_per_command(tmp_path: Path) -> None:
    cli = make_cli(tmp_path / "home" / "Dropbox")
    cli.ok("init", "--insecure-test-kdf")
    for command in (["verify"], ["backup", str(tmp_path / "backups")]):
        result = cli.ok(*command)
        assert result.stderr.count("Dropbox folder") == 1, result.stderr
        assert "backup" in result.stderr
    backup = backups_in(tmp_path / "backups")[0]
    assert cli.ok("restore", str(backup)).stderr.count("Dropbox folder") == 1
    outside = make_cli(tmp_path / "plain")
    outside.ok("init", "--insecure-test-kdf")
    assert "folder" not in outside.ok("verify").stderr


def test_keep_names_the_backups_it_deleted(cli: Cli, tmp_path: Path) -> None:
    directory = tmp_path / "kept"
    cli.ok("backup", str(directory))
    cli.ok("backup", str(directory))
    older = sorted(p.name for p in directory.glob("balintlog-*.bldb"))
    result = cli.ok("backup", str(directory), "--keep", "1")
    assert f"Deleted 2 older backups (--keep 1): {', '.join(older)}" in result.stdout
    assert len(list(directory.glob("balintlog-*.bldb"))) == 1
