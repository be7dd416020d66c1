"""Verification, integrity, copies and the WAL: the vault file as a whole."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError

from balintlog import changelog
from balintlog.db import schema
from balintlog.db.engine import busy_timeout, translate_db_error
from balintlog.db.schema import METADATA, SEALED_TABLES, T_CHANGE_CONTENT, T_DATA_KEY
from balintlog.errors import BalintlogError, DamagedError, VaultBusyError

if TYPE_CHECKING:
    from balintlog.store import Store

#: Rows between two calls of a progress callback (drawing a bar per row
#: would cost more than opening the row).
PROGRESS_STEP = 500


def verify(store: Store, progress: Callable[[int, int], None] | None = None) -> tuple[int, list[str]]:
    """Open every sealed field. Returns (fields checked, failures), each
    failure naming its record."""
    failures: list[str] = []
    checked = 0
    with store.transaction(write=False) as conn:
        problem = conn.exec_driver_sql("PRAGMA quick_check").scalar()
        if problem != "ok":
            failures.append(f"SQLite integrity check: {problem}")
        total = sum(
            conn.execute(select(func.count()).select_from(METADATA.tables[name])).scalar_one()
            for name in SEALED_TABLES
        )
        case_ids = conn.execute(select(T_DATA_KEY.c.case_id).where(T_DATA_KEY.c.case_id.is_not(None)))
        store.keyring().load(case_ids.scalars())
        done = 0
        for name in SEALED_TABLES:
            table = METADATA.tables[name]
            result = conn.execute(select(table))
            names = list(result.keys())
            open_in_place = store.row_opener(table, check=False)  # seals: below, with the chain
            for values in result:
                row = dict(zip(names, values, strict=True))
                try:
                    open_in_place(row)
                except DamagedError as exc:
                    failures.append(str(exc).split(": the vault")[0])
                except BalintlogError as exc:
                    failures.append(f"{store.describe_record(table, row)}: {exc}")
                checked += len(SEALED_TABLES[name])
                done += 1
                if progress is not None and (done % PROGRESS_STEP == 0 or done == total):
                    progress(done, total)
        if store.checking:
            failures += _verify_change_log(store)
    return checked, failures


def _describe_kept(store: Store, row: Mapping[str, Any]) -> str:
    """:meth:`Store.describe_record` of the row a ``change_content`` row keeps."""
    table = METADATA.tables.get(row["table_name"], T_CHANGE_CONTENT)
    return store.describe_record(table, {"id": row["row_id"], "case_id": row["case_id"]})


def _verify_change_log(store: Store) -> list[str]:
    """Row seals and the change log: the chain replayed against every row,
    each failure once, by record; the kept contents opened."""
    log = store.change_log()
    tables = [t for t in METADATA.sorted_tables if t.name not in changelog.LOG_TABLES]
    row_failures, chain_failures, last_seq, last_hash = changelog.verify(log, tables)
    found = [f"the change log: {problem}" for problem in chain_failures]
    for failure in row_failures:
        table = METADATA.tables[failure.table]
        row = failure.row if failure.row is not None else {"id": failure.row_id}
        found.append(f"{store.describe_record(table, row)} {failure.what}")
    for row, why in changelog.contents_failures(log):
        found.append(f"the change log's copy of {_describe_kept(store, row)} from change {row['change_seq']}: {why}")
    store.last_change = (last_seq, last_hash)
    return found

def sqlite_pragma(store: Store, name: str) -> Any:
    with store.engine.connect() as conn:
        return conn.exec_driver_sql(f"PRAGMA {name}").scalar()

def raw(store: Store, sql: str) -> list[Any]:
    """Plain SQL for tests and diagnostics (no field values leave here
    unsealed)."""
    return list(store.conn.execute(text(sql)))

def vacuum_into(store: Store, target: Path) -> None:
    """Write a compact, consistent copy of the vault (a single file in
    rollback-journal mode) into the empty file ``target``."""
    raw = store.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("VACUUM INTO ?", (str(target),))
        cursor.close()
    except sqlite3.DatabaseError as exc:
        raise translate_db_error(exc) from None
    finally:
        raw.close()

def integrity_problems(store: Store) -> list[str]:
    """SQLite's full integrity check: an empty list when the file is sound."""
    with store.transaction(write=False) as conn:
        found = [str(row[0]) for row in conn.exec_driver_sql("PRAGMA integrity_check")]
    return [] if found == ["ok"] else found

def fold_wal(path: Path) -> bool:
    """Checkpoint the WAL of the vault file ``path`` into it and truncate
    it. False when the file is no readable database; VaultBusyError when
    another process keeps the checkpoint from completing."""
    conn = sqlite3.connect(path, timeout=busy_timeout(), isolation_level=None)
    try:
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    except sqlite3.OperationalError as exc:
        error = translate_db_error(exc)
        if isinstance(error, VaultBusyError):
            raise error from None
        return False
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()
    if busy:
        raise VaultBusyError("vault busy: another balintlog command is using it; try again when it is done")
    return True


def check_schema(engine: Engine, path: Path) -> None:
    """That the file at ``path`` is a balintlog vault, and its schema is
    brought up to date (Alembic is imported only for an older one)."""
    try:
        with engine.connect() as conn:
            names = {
                r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if "vault_meta" not in names or "alembic_version" not in names:
                raise DamagedError(f"{path} is not a balintlog vault")
            revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    except DatabaseError as exc:
        raise translate_db_error(exc) from None
    if revision == schema.HEAD_REVISION:
        return
    from balintlog import migrations

    if not migrations.is_known(revision):
        raise BalintlogError(
            f"this vault was written by a newer balintlog (schema {revision}); upgrade balintlog"
        )
    with engine.connect() as conn:
        conn.info.update(write=True, command="upgrade")
        with conn.begin():
            migrations.upgrade(conn)
