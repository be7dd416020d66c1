"""The strict schema: a vault holds exactly the tables, indexes, triggers and
views balintlog created, and carries balintlog's application id. Anything
planted with plain sqlite3 is refused (exit 6, naming it) by every command
that opens the vault, by backup and by restore; a file of another program
given as the vault is refused without a byte of it changed."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import Cli, load_script, vault_files

from balintlog import backup
from balintlog.db import maintenance, schema_check, schema_snapshot
from balintlog.db.schema import HEAD_REVISION

DATA = Path(__file__).parent / "data"


def _sql(path: Path, *statements: str) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in statements:
            db.execute(statement)
    finally:
        db.close()


def _application_id(path: Path) -> int:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(db.execute("PRAGMA application_id").fetchone()[0])
    finally:
        db.close()


def test_the_shipped_snapshot_is_what_the_migrations_create() -> None:
    script = load_script("scripts/schema_snapshot.py")
    assert script.render() == Path(schema_snapshot.__file__).read_text(), (
        "balintlog/db/schema_snapshot.py is out of date: run python scripts/schema_snapshot.py"
    )
    assert HEAD_REVISION in schema_snapshot.SCHEMAS


def test_a_new_vault_carries_the_application_id(cli: Cli) -> None:
    assert _application_id(cli.vault) == schema_check.APPLICATION_ID


def test_every_connection_distrusts_the_schema(journal_factory: object) -> None:
    journal = journal_factory()  # type: ignore[operator]
    assert maintenance.sqlite_pragma(journal.store, "trusted_schema") == 0


PLANTED = [
    (
        "trigger 'keep_keys'",
        "CREATE TRIGGER keep_keys BEFORE DELETE ON data_key BEGIN SELECT 1; END",
    ),
    ("view 'peek'", "CREATE VIEW peek AS SELECT * FROM balint_case"),
    ("table 'stash'", "CREATE TABLE stash (x BLOB)"),
    ("index 'ix_extra'", "CREATE INDEX ix_extra ON resonance (seq)"),
]


@pytest.mark.parametrize("named,statement", PLANTED)
@pytest.mark.parametrize("command", [("case", "list"), ("verify",), ("backup", "BACKUPS")])
def test_a_planted_object_is_refused_naming_it(
    cli: Cli, tmp_path: Path, named: str, statement: str, command: tuple[str, ...]
) -> None:
    _sql(cli.vault, statement)
    args = [str(tmp_path / "backups") if arg == "BACKUPS" else arg for arg in command]
    result = cli(*args)
    assert result.exit_code == 6, result.stderr
    assert f"holds a {named} that balintlog did not create" in result.stderr
    assert not (tmp_path / "backups").exists() or not any((tmp_path / "backups").iterdir())


def test_a_changed_table_definition_is_refused(cli: Cli) -> None:
    # The same table without its ON DELETE CASCADE: a deleted case would leave its key behind.
    _sql(
        cli.vault,
        "PRAGMA foreign_keys=OFF",
        "CREATE TABLE dk (id VARCHAR(32) NOT NULL, case_id VARCHAR(32), version INTEGER NOT NULL, "
        "wrapped_key BLOB NOT NULL, seal BLOB, PRIMARY KEY (id))",
        "INSERT INTO dk SELECT * FROM data_key",
        "DROP TABLE data_key",
        "ALTER TABLE dk RENAME TO data_key",
    )
    result = cli("case", "list")
    assert result.exit_code == 6
    assert "data_key" in result.stderr


def test_a_dropped_index_is_named(cli: Cli) -> None:
    _sql(cli.vault, "DROP INDEX ix_resonance_case_id")
    result = cli("verify")
    assert result.exit_code == 6
    assert "lacks the index 'ix_resonance_case_id'" in result.stderr


def _resonance_swallower(path: Path) -> None:
    """The reported attack: resonance replaced by a view over the real
    table, whose INSTEAD OF trigger drops every write."""
    _sql(
        path,
        "ALTER TABLE resonance RENAME TO resonance_kept",
        "CREATE VIEW resonance AS SELECT * FROM resonance_kept",
        "CREATE TRIGGER swallow INSTEAD OF INSERT ON resonance BEGIN SELECT 1; END",
    )


def test_restore_refuses_a_backup_with_a_view_and_an_instead_of_trigger(cli: Cli, tmp_path: Path) -> None:
    cli.ok("backup", str(tmp_path / "backups"))
    (made,) = (tmp_path / "backups").iterdir()
    _resonance_swallower(made)
    live = {p.name: p.read_bytes() for p in vault_files(cli.vault)}
    result = cli("restore", str(made))
    assert result.exit_code == 6, result.stderr
    assert f"the backup {made.name} holds a trigger 'swallow' that balintlog did not create" in result.stderr
    assert "nothing was changed" in result.stderr
    assert {p.name: p.read_bytes() for p in vault_files(cli.vault)} == live
    assert sorted(p.name for p in cli.vault.parent.iterdir()) == sorted(live)


@pytest.mark.parametrize("named,statement", PLANTED)
def test_restore_refuses_a_backup_carrying_a_planted_object(
    cli: Cli, tmp_path: Path, named: str, statement: str
) -> None:
    cli.ok("backup", str(tmp_path / "backups"))
    (made,) = (tmp_path / "backups").iterdir()
    _sql(made, statement)
    result = cli("restore", str(made))
    assert result.exit_code == 6
    assert f"holds a {named} that balintlog did not create" in result.stderr


def test_restore_refuses_free_pages_beyond_the_allowance(cli: Cli, tmp_path: Path) -> None:
    cli.ok("backup", str(tmp_path / "backups"))
    (made,) = (tmp_path / "backups").iterdir()
    _sql(
        made,
        "INSERT INTO setting (id, key_version, name, value) "
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400) "
        "SELECT printf('pad%d', i), 1, x'00', zeroblob(4000) FROM n",
        "DELETE FROM setting WHERE id LIKE 'pad%'",
    )
    result = cli("restore", str(made))
    assert result.exit_code == 6, result.stderr
    assert "free pages" in result.stderr and "balintlog backup" in result.stderr


def test_restore_refuses_bytes_beyond_the_last_page(cli: Cli, tmp_path: Path) -> None:
    cli.ok("backup", str(tmp_path / "backups"))
    (made,) = (tmp_path / "backups").iterdir()
    with made.open("ab") as out:
        out.write(b"\x00" * 4096 * 3)
    result = cli("restore", str(made))
    assert result.exit_code == 6, result.stderr
    assert "beyond its last page" in result.stderr


def test_restore_refuses_a_file_beyond_the_size_cap(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli.ok("backup", str(tmp_path / "backups"))
    (made,) = (tmp_path / "backups").iterdir()
    monkeypatch.setattr(backup, "RESTORE_MAX_BYTES", made.stat().st_size - 1)
    result = cli("restore", str(made))
    assert result.exit_code == 6
    assert "more than a balintlog vault can be" in result.stderr


def test_a_copy_of_a_live_vault_restores(cli: Cli, tmp_path: Path) -> None:
    cli.ok("group", "add", "tue", "--name", "Tuesday group", "--start", "2026-01-06")
    copy = tmp_path / "copy.db"
    shutil.copyfile(cli.vault, copy)
    assert cli.ok("restore", str(copy))


@pytest.mark.parametrize("application_id", [0, 0x47504B47])  # none, and GeoPackage's
def test_a_foreign_sqlite_file_is_refused_and_left_exactly_as_it_was(
    tmp_path: Path, application_id: int
) -> None:
    from conftest import make_cli

    runner = make_cli(tmp_path)
    runner.vault.parent.mkdir(mode=0o700)
    _sql(
        runner.vault,
        f"PRAGMA application_id = {application_id}",
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)",
        "INSERT INTO notes (body) VALUES ('another program''s data')",
    )
    runner.vault.chmod(0o600)
    before = runner.vault.read_bytes()
    for command in (("case", "list"), ("verify",), ("unlock",)):
        result = runner(*command)
        assert result.exit_code == 6, result.stderr
        assert "is not a balintlog vault" in result.stderr
    assert runner.vault.read_bytes() == before
    assert sorted(p.name for p in runner.vault.parent.iterdir()) == [runner.vault.name]


def test_a_format_1_vault_without_application_id_is_recognised_and_stamped(tmp_path: Path) -> None:
    from conftest import make_cli

    runner = make_cli(tmp_path)
    runner.vault.parent.mkdir(mode=0o700)
    shutil.copyfile(DATA / "golden-v1.db", runner.vault)
    runner.vault.chmod(0o600)
    runner.set_passphrase("golden vault passphrase")
    assert _application_id(runner.vault) == 0
    runner.ok("verify")
    assert _application_id(runner.vault) == schema_check.APPLICATION_ID


def test_an_old_vault_with_a_planted_trigger_is_not_upgraded(tmp_path: Path) -> None:
    from conftest import make_cli

    runner = make_cli(tmp_path)
    runner.vault.parent.mkdir(mode=0o700)
    shutil.copyfile(DATA / "golden-v1.db", runner.vault)
    runner.vault.chmod(0o600)
    _sql(runner.vault, "CREATE TRIGGER t AFTER INSERT ON draft BEGIN SELECT 1; END")
    before = runner.vault.read_bytes()
    result = runner("verify")
    assert result.exit_code == 6
    assert "holds a trigger 't' that balintlog did not create" in result.stderr
    assert runner.vault.read_bytes() == before


def test_backup_checks_the_schema_of_its_copy(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # VACUUM INTO copies triggers and views: a copy that gained one (between
    # the vault's own check and the copy) is no backup.
    real = maintenance.vacuum_into

    def vacuum_and_plant(store: object, target: Path) -> None:
        real(store, target)  # type: ignore[arg-type]
        _sql(target, "CREATE VIEW peek AS SELECT * FROM balint_case")

    monkeypatch.setattr(maintenance, "vacuum_into", vacuum_and_plant)
    result = cli("backup", str(tmp_path / "backups"))
    assert result.exit_code == 6
    assert "the copy of the vault holds a view 'peek' that balintlog did not create" in result.stderr
    assert list((tmp_path / "backups").iterdir()) == []


def test_a_backup_made_before_the_application_id_restores_and_is_stamped(cli: Cli, tmp_path: Path) -> None:
    old = tmp_path / "balintlog-20250101T000000.bldb"
    shutil.copyfile(DATA / "golden-v1.db", old)
    cli.set_passphrase("golden vault passphrase")
    cli.ok("restore", str(old))
    assert _application_id(cli.vault) == schema_check.APPLICATION_ID
    assert "OK" in cli.ok("verify").stdout
