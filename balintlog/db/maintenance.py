"""Verification, integrity, copies and the WAL: the vault file as a whole."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DatabaseError

from balintlog import changelog, vault
from balintlog.db import keyslots, schema, schema_check
from balintlog.db.engine import busy_timeout, translate_db_error
from balintlog.db.schema import METADATA, SEALED_TABLES, T_CHANGE_CONTENT, T_DATA_KEY
from balintlog.errors import BalintlogError, DamagedError, VaultBusyError
from balintlog.i18n import _

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
            failures.append(_("SQLite integrity check: {problem}").format(problem=problem))
        key_failures, damaged_keys = _data_key_failures(store, conn)
        failures += key_failures
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
                    if "record" in exc.params:
                        failures.append(_("{record} failed its integrity check (column {column})").format(**exc.params))
                    else:
                        failures.append(str(exc))
                except BalintlogError as exc:
                    failures.append(f"{store.describe_record(table, row)}: {exc}")
                checked += len(SEALED_TABLES[name])
                done += 1
                if progress is not None and (done % PROGRESS_STEP == 0 or done == total):
                    progress(done, total)
        if store.checking:
            try:
                failures += _verify_change_log(store)
            except DamagedError as exc:
                # The change bodies are sealed under the vault's data key: a damaged
                # key (named above) leaves the log unreadable, not unchecked in silence.
                failures.append(_("the change log could not be checked: {error}").format(error=exc))
    # A damaged key is named once: its row seal and its entry in the change
    # log fail with it, and say nothing more.
    key_lines = set(key_failures)
    failures = [f for f in failures if f in key_lines or not any(f.startswith(f"{k} ") for k in damaged_keys)]
    return checked, failures


def _data_key_failures(store: Store, conn: Connection) -> tuple[list[str], set[str]]:
    """Every data key unwrapped, whether a field uses it yet or not (a
    damaged key would otherwise surface only when the first field is sealed
    under it), and exactly one vault key. Also the names of the damaged
    keys' records, as the row seal and change log checks name them."""
    unwrap = vault.key_unwrapper(store.keyring().master_key)
    vault_id = store.vault_id
    failures: list[str] = []
    damaged: set[str] = set()
    vault_keys = 0
    for key_id, case_id, version, wrapped in keyslots.wrapped_data_keys(store):
        if case_id is None:
            vault_keys += 1
            whose = _("the vault's data key")
        else:
            number = conn.exec_driver_sql("SELECT number FROM balint_case WHERE id = ?", (case_id,)).scalar()
            whose = (
                _("the data key of case #{number}").format(number=number)
                if number is not None
                else _("data key {id}").format(id=key_id[:8])
            )
        opened = (
            isinstance(wrapped, bytes)
            and type(version) is int
            and unwrap(wrapped, vault.data_key_ad(vault_id, key_id, case_id, version)) is not None
        )
        if not opened:
            failures.append(_("{key} failed to open (damaged or tampered)").format(key=whose))
            damaged.add(store.describe_record(T_DATA_KEY, {"id": key_id, "case_id": case_id}))
    if vault_keys != 1:
        failures.append(_("the vault has {count} vault data keys instead of one").format(count=vault_keys))
    return failures, damaged



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
    found = [_("the change log: {problem}").format(problem=problem) for problem in chain_failures]
    for failure in row_failures:
        table = METADATA.tables[failure.table]
        row = failure.row if failure.row is not None else {"id": failure.row_id}
        found.append(f"{store.describe_record(table, row)} {failure.what}")
    for row, why in changelog.contents_failures(log):
        found.append(
            _("the change log's copy of {record} from change {seq}: {problem}").format(
                record=_describe_kept(store, row), seq=row["change_seq"], problem=why
            )
        )
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
        conn.execute(schema_check.CONNECTION_PRAGMA)
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
        raise VaultBusyError(_("vault busy: another balintlog command is using it; try again when it is done"))
    return True


def bring_up_to_date(engine: Engine) -> None:
    """Upgrade the schema of a vault of an older revision (Alembic is
    imported only then), and stamp balintlog's application id into a vault
    made before it existed. The engine's connections were checked
    (:func:`balintlog.db.engine.check_connection`) before this runs."""
    try:
        with engine.connect() as conn:
            found: schema_check.Checked = conn.connection.info["schema"]
        if found.revision == schema.HEAD_REVISION and found.stamped:
            return
        with engine.connect() as conn:
            conn.info.update(write=True, command="upgrade")
            with conn.begin():
                if found.revision != schema.HEAD_REVISION:
                    from balintlog import migrations

                    migrations.upgrade(conn)
                conn.exec_driver_sql(schema_check.STAMP)
    except DatabaseError as exc:
        raise translate_db_error(exc) from None
