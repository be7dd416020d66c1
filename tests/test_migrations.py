"""Schema versions: the shipped migrations build exactly the models' schema,
an older vault is upgraded on open, and a current one opens without Alembic."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PASSPHRASE, TODAY, Cli
from sqlalchemy import create_engine

from balintlog.db import schema
from balintlog.journal import Journal

EXTRA = Path(__file__).parent / "data" / "migrations"


def test_migrations_build_exactly_the_models_schema(cli: Cli) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = create_engine(f"sqlite:///{cli.vault}")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), schema.METADATA)
    engine.dispose()
    assert diff == []


def test_an_older_vault_is_upgraded_on_open(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BALINTLOG_EXTRA_MIGRATIONS", str(EXTRA))
    monkeypatch.setattr(schema, "HEAD_REVISION", "0006_test_only")
    result = cli.ok("verify")
    assert "OK" in result.stdout
    db = sqlite3.connect(cli.vault)
    try:
        assert db.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0006_test_only"
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "test_only_upgrade" in tables
        columns = {r[1] for r in db.execute("PRAGMA table_info(balint_case)")}
        assert "test_only_flag" in columns
    finally:
        db.close()
    # The upgraded vault still opens and verifies.
    with Journal.unlock(cli.vault, lambda: PASSPHRASE.encode(), today=TODAY) as journal:
        assert journal.verify().ok


def test_a_vault_from_a_newer_version_is_refused(cli: Cli) -> None:
    db = sqlite3.connect(cli.vault)
    db.execute("UPDATE alembic_version SET version_num='9999_future'")
    db.commit()
    db.close()
    result = cli("verify")
    assert result.exit_code == 1
    assert "newer balintlog" in result.stderr


def test_opening_a_current_vault_does_not_import_alembic(cli: Cli) -> None:
    code = (
        "import sys, datetime\n"
        "from pathlib import Path\n"
        "from balintlog.journal import Journal\n"
        f"j = Journal.unlock(Path({str(cli.vault)!r}), lambda: {PASSPHRASE.encode()!r},"
        " today=datetime.date.today())\n"
        "assert j.verify().ok\n"
        "print('alembic' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "False"


def test_a_format_1_vault_from_the_first_release_gets_the_listing_index(tmp_path: Path) -> None:
    import shutil

    vault = tmp_path / "vault" / "golden.db"
    vault.parent.mkdir(mode=0o700)
    shutil.copyfile(Path(__file__).parent / "data" / "golden-v1.db", vault)
    vault.chmod(0o600)
    db = sqlite3.connect(vault)
    assert db.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001_baseline"
    db.close()
    with Journal.unlock(vault, lambda: b"golden vault passphrase", today=TODAY) as journal:
        assert [s.number for s in journal.cases.overview()] == [c.number for c in journal.cases.all()]
    db = sqlite3.connect(vault)
    try:
        assert db.execute("SELECT version_num FROM alembic_version").fetchone()[0] == schema.HEAD_REVISION
        indexes = {r[1] for r in db.execute("PRAGMA index_list(presentation)")}
        assert "ix_presentation_case_id_date" in indexes
        plan = " ".join(str(r) for r in db.execute(
            "EXPLAIN QUERY PLAN SELECT case_id, count(*), max(date) FROM presentation GROUP BY case_id"
        ))
        assert "COVERING INDEX ix_presentation_case_id_date" in plan
    finally:
        db.close()
