"""The one door to the vault file: :class:`Store` holds the connection and
its transactions, the keyring, and seals and opens rows. What it reads and
writes, table by table, is in :mod:`balintlog.db` (the tables in
:mod:`balintlog.db.schema`, the engine in :mod:`balintlog.db.engine`, queries
per aggregate, and :mod:`balintlog.db.maintenance`). Only this module and
that package know SQL.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Table, bindparam, delete, func, insert, select, update
from sqlalchemy.engine import Connection, Engine, Result
from sqlalchemy.exc import DatabaseError, OperationalError

from balintlog import vault
from balintlog.db import keyslots, schema_check
from balintlog.db.engine import TEST_WRITE_PAUSE_ENV, hold_interrupts, make_engine, read_only_engine, translate_db_error
from balintlog.db.maintenance import bring_up_to_date
from balintlog.db.schema import (
    CASE_SCOPED,
    FORMAT_VERSION,
    HEAD_REVISION,
    SEALED_TABLES,
    SLOT_PASSPHRASE,
    SLOT_RECOVERY,
    T_CASE,
    T_META,
    KeyslotRow,
    MetaRow,
    new_id,
    record_noun,
)
from balintlog.errors import DamagedError, NotFoundError, VaultBusyError
from balintlog.i18n import _
from balintlog.paths import check_private_file, ensure_private_dir, remove_vault_files, vault_files

__all__ = ["SLOT_PASSPHRASE", "SLOT_RECOVERY", "Keyring", "KeyslotRow", "MetaRow", "Store", "new_id"]


class Keyring:
    """The unlocked master key and the data keys it unwraps, one
    :class:`~balintlog.vault.FieldCipher` per key, cached."""

    def __init__(self, store: Store, master_key: bytes) -> None:
        self._store = store
        self.master_key = master_key
        self._ciphers: dict[str | None, vault.FieldCipher] = {}

    def cipher(self, case_id: str | None) -> vault.FieldCipher:
        found = self._ciphers.get(case_id)
        if found is None:
            found = vault.FieldCipher(keyslots.data_key(self._store, self.master_key, case_id))
            self._ciphers[case_id] = found
        return found

    def load(self, case_ids: Iterable[str | None]) -> None:
        """Unwrap the data keys of the cases ``case_ids`` that are not cached
        yet in a few queries, instead of one query per case when their rows
        are opened. A key that is missing or fails to open is left out: its
        rows then fail to open as they would without this."""
        wanted = sorted({c for c in case_ids if c is not None and c not in self._ciphers})
        for case_id, key in keyslots.data_keys(self._store, self.master_key, wanted).items():
            self._ciphers[case_id] = vault.FieldCipher(key)

    def add(self, case_id: str | None, key: bytes) -> None:
        self._ciphers[case_id] = vault.FieldCipher(key)

    def forget(self, case_id: str) -> None:
        self._ciphers.pop(case_id, None)



class Store:
    """One open vault file: a connection, one transaction at a time."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self._conn: Connection | None = None
        self.keys: Keyring | None = None
        self._meta: MetaRow | None = None
        self._prefixes: dict[str, list[tuple[str, bytes]]] = {}
        #: Write transactions committed so far (an interrupt after one must
        #: not claim that nothing was changed).
        self.saved_writes = 0

    # -- opening ------------------------------------------------------------

    @classmethod
    def create(cls, path: Path, *, test_kdf: bool, today: dt.date) -> Store:
        """Create a new, empty vault file (0600, in a 0700 directory)."""
        from balintlog import migrations

        ensure_private_dir(path.parent)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        store = cls(path, make_engine(path))
        try:
            with store.engine.connect() as conn:
                conn.info.update(write=True, command="init")
                with conn.begin():
                    migrations.upgrade(conn)
                    conn.exec_driver_sql(schema_check.STAMP)
                    conn.execute(
                        insert(T_META).values(
                            id=1,
                            vault_id=new_id(),
                            format_version=FORMAT_VERSION,
                            created=today,
                            test_kdf=test_kdf,
                        )
                    )
        except BaseException as exc:
            # Leave no half-made vault behind: 'init' must be able to run again.
            store.close()
            remove_vault_files(path)
            if isinstance(exc, DatabaseError):
                raise translate_db_error(exc) from None
            raise
        return store

    @classmethod
    def open(cls, path: Path, *, what: str | None = None, then: str = "restore a backup") -> Store:
        """Open an existing vault: check its mode, that it is a balintlog
        vault holding exactly balintlog's schema (before anything is
        written to it), and bring its schema up to date. ``what`` and
        ``then`` word the refusals (see :func:`balintlog.db.engine.make_engine`)."""
        if not path.exists():
            raise NotFoundError(_("no vault at {path}").format(path=path), hint="no_vault")
        check_private_file(path)
        for side in vault_files(path)[1:]:
            if side.exists():
                check_private_file(side)
        store = cls(path, make_engine(path, what=what or f"the vault {path}", then=then))
        try:
            bring_up_to_date(store.engine)
        except BaseException:
            store.close()
            raise
        return store

    def close(self) -> None:
        self.engine.dispose()

    # -- transactions ---------------------------------------------------------

    @contextmanager
    def transaction(self, *, write: bool) -> Iterator[Connection]:
        """One transaction per command; write transactions take the write
        lock at BEGIN, so two processes never interleave their writes. Rows
        change only in a :meth:`write_transaction`: in any other, a change
        raises :class:`UngatedWriteError`. Within an open transaction, joins it."""
        with self._transaction(write=write, command=None) as conn:
            yield conn

    @contextmanager
    def write_transaction(self, command: str) -> Iterator[Connection]:
        """The write transaction of ``command`` (``"case add"``): the only one
        in which rows may change. Opened by the journal's write gate,
        :meth:`balintlog.journal.Journal.writing`, and nothing else."""
        with self._transaction(write=True, command=command) as conn:
            yield conn

    @contextmanager
    def _transaction(self, *, write: bool, command: str | None) -> Iterator[Connection]:
        if self._conn is not None:
            yield self._conn
            return
        held: set[int] | None = None
        try:
            with self.engine.connect() as conn:
                # Connection.info lives as long as the pooled connection: set every time.
                conn.info.update(write=write, command=command)
                with conn.begin():
                    self._conn = conn
                    try:
                        yield conn
                        if write:
                            self._test_write_pause()
                            # Ctrl-C waits from here until the commit is counted,
                            # so that an interrupt knows whether it happened.
                            held = hold_interrupts()
                    finally:
                        self._conn = None
                        conn.info["command"] = None
                if write:
                    self.saved_writes += 1
        except OperationalError as exc:
            raise translate_db_error(exc) from None
        except DatabaseError as exc:
            raise translate_db_error(exc) from None
        finally:
            if held is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, held)

    def _test_write_pause(self) -> None:
        """See :data:`TEST_WRITE_PAUSE_ENV`."""
        try:
            seconds = float(os.environ.get(TEST_WRITE_PAUSE_ENV, ""))
        except ValueError:
            return
        if self.meta().test_kdf:
            sys.stderr.write("balintlog test hook: pausing inside the write transaction\n")
            sys.stderr.flush()
            time.sleep(seconds)

    @property
    def conn(self) -> Connection:
        if self._conn is None:
            raise RuntimeError("no transaction open")
        return self._conn

    def checkpoint(self) -> None:
        """Fold the WAL into the main file and truncate it, so deleted or
        replaced ciphertext does not linger there."""
        with self.engine.connect() as conn:
            # On the driver connection: a checkpoint cannot run inside the
            # transaction SQLAlchemy would begin.
            raw = conn.connection.driver_connection
            assert raw is not None
            busy, _log, _done = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            raise VaultBusyError(_("vault busy: the WAL could not be checkpointed; try again in a moment"))

    # -- header: meta, keyslots, data keys ---------------------------------

    def meta(self) -> MetaRow:
        if self._meta is None:
            with self.transaction(write=False) as conn:
                row = conn.execute(select(T_META)).mappings().one_or_none()
            if row is None:
                raise DamagedError(_("the vault header is missing: restore a backup"))
            self._meta = MetaRow(row["vault_id"], row["format_version"], row["created"], row["test_kdf"])
        return self._meta

    @property
    def vault_id(self) -> str:
        return self.meta().vault_id

    def unlock(self, master_key: bytes) -> None:
        self.keys = Keyring(self, master_key)

    # -- generic sealing ------------------------------------------------------

    def keyring(self) -> Keyring:
        if self.keys is None:
            raise RuntimeError("vault is locked")
        return self.keys

    def seal_values(
        self, table: Table, row_id: str, case_id: str | None, values: Mapping[str, Any], key_version: int = 1
    ) -> dict[str, Any]:
        """Replace every sealed column's text in ``values`` by its blob."""
        cipher = self.keyring().cipher(case_id)
        vid = self.vault_id
        out = dict(values)
        for col in SEALED_TABLES.get(table.name, ()):
            if col in out:
                out[col] = cipher.seal(
                    str(out[col]), vault.associated_data(vid, table.name, col, row_id, case_id, key_version)
                )
        return out

    def open_row(self, table: Table, row: Mapping[Any, Any]) -> dict[str, Any]:
        """A row with every sealed column opened; DamagedError names the
        record when any blob fails to open."""
        out = dict(row)
        self.row_opener(table)(out)
        return out

    def row_opener(self, table: Table) -> Callable[[dict[str, Any]], None]:
        """A function that opens the sealed columns of a row of ``table`` in
        place (what is the same for every row is looked up once)."""
        scope = CASE_SCOPED.get(table.name)
        keyring = self.keyring()
        prefixes = self.ad_prefixes(table)
        ad_row = vault.ad_row

        def open_in_place(out: dict[str, Any]) -> None:
            if not prefixes:  # a table without sealed columns (ids need not be text there)
                return
            case_id = out.get(scope) if scope else None
            cipher = keyring.cipher(case_id)
            row_ad = ad_row(out["id"], case_id, out.get("key_version", 1))
            for col, prefix in prefixes:
                if col in out:
                    try:
                        out[col] = cipher.open(out[col], prefix + row_ad)
                    except (ValueError, TypeError):
                        raise self.damaged(table, out, col) from None

        return open_in_place

    def damaged(self, table: Table, row: Mapping[Any, Any], column: str) -> DamagedError:
        """The error for a field of ``row`` that failed to open, naming the record."""
        record = self.describe_record(table, row)
        return DamagedError(
            _("{record} failed its integrity check (column {column}): the vault was damaged or tampered with").format(
                record=record, column=column
            ),
            hint="verify_restore",
            record=record,
            column=column,
        )

    def ad_prefixes(self, table: Table) -> list[tuple[str, bytes]]:
        """(column, the start of its associated data) of a table's sealed
        columns, made once per table."""
        found = self._prefixes.get(table.name)
        if found is None:
            vid = self.vault_id
            found = [(col, vault.ad_prefix(vid, table.name, col)) for col in SEALED_TABLES.get(table.name, ())]
            self._prefixes[table.name] = found
        return found

    def describe_record(self, table: Table, row: Mapping[Any, Any]) -> str:
        """A name for a record that needs no decryption: table, number or
        short id, date."""
        label = record_noun(table.name)
        if table.name == "balint_case":
            number = row["number"] if "number" in row else self._case_number(row.get("id"))
            if number is not None:
                return _("case #{number}").format(number=number)
        short = str(row.get("id", "?"))[:8]
        number = self._case_number(row.get("case_id"))
        if number is not None:
            # TRANSLATORS: {record} is a table's name (presentation, resonance), {id} a short row id.
            return _("{record} {id} of case #{number}").format(record=label, id=short, number=number)
        return f"{label} {short}"

    def _case_number(self, case_id: str | None) -> int | None:
        """A case's number, read inside the current transaction (None outside one)."""
        if not case_id or self._conn is None:
            return None
        number = self.conn.execute(select(T_CASE.c.number).where(T_CASE.c.id == case_id)).scalar_one_or_none()
        return None if number is None else int(number)

    def insert_row(self, table: Table, values: Mapping[str, Any], case_id: str | None = None) -> str:
        """Insert a row, sealing its text; returns its id."""
        row_id = str(values.get("id") or new_id())
        sealed_values = self.seal_values(table, row_id, case_id, {**values, "id": row_id})
        # Values as parameters, not in the statement: SQLAlchemy compiles the
        # statement once per table (and set of columns), not once per row.
        self.conn.execute(insert(table), sealed_values)
        return row_id

    def update_row(
        self, table: Table, row_id: str, values: Mapping[str, Any], case_id: str | None = None
    ) -> None:
        sealed_values = self.seal_values(table, row_id, case_id, values)
        stmt = update(table).where(table.c.id == bindparam("row_id_"))
        done = self.conn.execute(stmt, {**sealed_values, "row_id_": row_id})
        if done.rowcount == 0:
            raise NotFoundError(
                _("{table} {id} no longer exists").format(
                    table=record_noun(table.name),
                    id=row_id[:8],
                )
            )

    def delete_rows(self, table: Table, *conditions: Any) -> int:
        return int(self.conn.execute(delete(table).where(*conditions)).rowcount)

    def rows(self, table: Table, *conditions: Any, order_by: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Select and open rows of ``table``."""
        stmt = select(table).where(*conditions).order_by(*order_by)
        return self.open_rows(table, self.conn.execute(stmt))

    def open_rows(self, table: Table, result: Result[Any]) -> list[dict[str, Any]]:
        """:meth:`open_row` for every row of a query's ``result``."""
        return list(self.iter_open_rows(table, result))

    def iter_open_rows(self, table: Table, result: Result[Any], chunk: int = 2000) -> Iterator[dict[str, Any]]:
        """:meth:`open_row` for every row of a query's ``result``, read
        ``chunk`` rows at a time (the data keys of their cases unwrapped
        together), so that a caller keeping only part of each row never
        holds every row at once."""
        names = list(result.keys())
        scope = CASE_SCOPED.get(table.name)
        open_in_place = self.row_opener(table)
        for part in result.partitions(chunk):
            fetched = [dict(zip(names, row, strict=True)) for row in part]
            if scope is not None and len(fetched) > 1:
                self.keyring().load(r[scope] for r in fetched)
            for row in fetched:
                open_in_place(row)
            yield from fetched

    def next_number(self, column: Any, *conditions: Any) -> int:
        """The next sequence number (inside a write transaction, so no two
        processes ever get the same)."""
        current = self.conn.execute(select(func.max(column)).where(*conditions)).scalar()
        return int(current or 0) + 1

    # -- groups, members, sessions, blocks (queries) -------------------------


    # -- cases, presentations, resonances, drafts (queries) ---------------------


    # -- report queries ---------------------------------------------------------


    def field_opener(
        self, table: Table, columns: Sequence[str]
    ) -> Callable[[str, str | None, int, Sequence[bytes]], list[str]]:
        """A function opening the blobs of ``columns`` (in that order) of one
        row of a case-scoped ``table``, given the row's id, case id and key
        version: what :meth:`_row_opener` does, on a tuple of only the
        columns wanted."""
        keyring = self.keyring()
        prefix_of = dict(self.ad_prefixes(table))
        prefixes = [prefix_of[col] for col in columns]
        ad_row = vault.ad_row

        def open_fields(row_id: str, case_id: str | None, key_version: int, blobs: Sequence[bytes]) -> list[str]:
            cipher = keyring.cipher(case_id)
            row_ad = ad_row(row_id, case_id, key_version)
            try:
                return [cipher.open(blob, prefix + row_ad) for blob, prefix in zip(blobs, prefixes, strict=True)]
            except (ValueError, TypeError):
                for col, blob, prefix in zip(columns, blobs, prefixes, strict=True):
                    try:
                        cipher.open(blob, prefix + row_ad)
                    except (ValueError, TypeError):
                        raise self.damaged(table, {"id": row_id, "case_id": case_id}, col) from None
                raise

        return open_fields


    @classmethod
    def open_read_only(cls, path: Path, *, what: str, then: str) -> Store:
        """Open a copy of a vault (a backup) that must not change: read-only,
        no WAL, no schema upgrade; its schema checked as :meth:`open` does
        (``what`` and ``then`` word the refusals)."""
        store = cls(path, read_only_engine(path, what=what, then=then))
        try:
            with store.engine.connect() as conn:
                found: schema_check.Checked = conn.connection.info["schema"]
        except BaseException:
            store.close()
            raise
        if found.revision != HEAD_REVISION:
            store.close()
            raise DamagedError(
                _("{what} has schema {revision}, not {head}; {then}").format(
                    what=what, revision=found.revision, head=HEAD_REVISION, then=then
                )
            )
        return store


