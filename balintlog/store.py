"""The one door to the vault file: :class:`Store` holds the connection and
its transactions, the keyring, and seals and opens rows. What it reads and
writes, table by table, is in :mod:`balintlog.db` (the tables in
:mod:`balintlog.db.schema`, the engine in :mod:`balintlog.db.engine`, queries
per aggregate, and :mod:`balintlog.db.maintenance`). Only this module and
that package know SQL.
"""

from __future__ import annotations

import datetime as dt
import hmac
import os
import signal
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import Date, Table, bindparam, delete, func, insert, select, update
from sqlalchemy.engine import Connection, Engine, Result
from sqlalchemy.exc import DatabaseError, OperationalError

from balintlog import changelog, rollback, seals, vault
from balintlog.db import keyslots, schema_check
from balintlog.db.engine import TEST_WRITE_PAUSE_ENV, hold_interrupts, make_engine, read_only_engine, translate_db_error
from balintlog.db.maintenance import bring_up_to_date
from balintlog.db.schema import (
    CASE_SCOPED,
    FORMAT_VERSION,
    HEAD_REVISION,
    IDENTITY_SCOPED,
    METADATA,
    SEALED_TABLES,
    SLOT_PASSPHRASE,
    SLOT_RECOVERY,
    T_CASE,
    T_KEYSLOT,
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
        self._identity_ciphers: dict[str, vault.FieldCipher] = {}
        self._rollback_key: bytes | None = None

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

    def identity_cipher(self, identity_id: str) -> vault.FieldCipher:
        """The cipher of one member's identity, under its own data key
        (unwrapped on first use; never cached with the case keys)."""
        found = self._identity_ciphers.get(identity_id)
        if found is None:
            found = vault.FieldCipher(keyslots.identity_key(self._store, self.master_key, identity_id))
            self._identity_ciphers[identity_id] = found
        return found

    def add_identity(self, identity_id: str, key: bytes) -> None:
        self._identity_ciphers[identity_id] = vault.FieldCipher(key)

    def forget_identity(self, identity_id: str) -> None:
        self._identity_ciphers.pop(identity_id, None)

    def rollback_key(self) -> bytes:
        """The key of this vault's rollback record: derived from the vault's
        data key, which a rekey re-wraps but keeps, so that an earlier copy
        (opened with its old passphrase) is still recognised as older."""
        if self._rollback_key is None:
            vault_key = keyslots.data_key(self._store, self.master_key, None)
            self._rollback_key = seals.derive_key(vault_key, self._store.vault_id, seals.ROLLBACK_INFO)
        return self._rollback_key



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
        #: The row sealers, made when the vault is unlocked.
        self.sealers: changelog.Sealers | None = None
        #: Whether reads check row seals: from unlocking a vault of format 2 on.
        self.checking = False
        #: The rows the open write transaction touched.
        self._recorder: changelog.Recorder | None = None
        #: (number, chain hash) of the last change this store wrote or saw.
        self.last_change: tuple[int, bytes] | None = None
        #: The clock of the change log (UTC).
        self.clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)

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
                    # Sealed with the keyslots, once the key exists (seal_unsealed).
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
    def open(cls, path: Path, *, what: str | None = None, then: str | None = None) -> Store:
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
        store = cls(path, make_engine(path, what=what or _("the vault {path}").format(path=path), then=then))
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
        appended: tuple[int, bytes] | None = None
        try:
            with self.engine.connect() as conn:
                # Connection.info lives as long as the pooled connection: set every time.
                conn.info.update(write=write, command=command)
                with conn.begin():
                    self._conn = conn
                    self._recorder = changelog.Recorder() if command is not None else None
                    try:
                        yield conn
                        if write:
                            # The change for every row the command touched, in its transaction.
                            appended = self._append_change(command or "")
                            self._test_write_pause()
                            # Ctrl-C waits from here until the commit is counted,
                            # so that an interrupt knows whether it happened.
                            held = hold_interrupts()
                    finally:
                        self._conn = None
                        self._recorder = None
                        conn.info["command"] = None
                if write:
                    self.saved_writes += 1
                    if appended is not None:
                        self.last_change = appended
                        self.remember_last_change()
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
        """Hold the master key; from now on rows are sealed as written and,
        in a vault of format 2, checked as read (the header rows too, once
        the key is known to be the vault's: :meth:`check_header`)."""
        self.keys = Keyring(self, master_key)
        meta = self.meta()
        self.sealers = changelog.Sealers(master_key, meta.vault_id, METADATA.sorted_tables)
        self.checking = meta.format_version >= 2

    # -- row seals and the change log -------------------------------------------

    def _sealers(self) -> changelog.Sealers:
        if self.sealers is None:
            raise RuntimeError("vault is locked")
        return self.sealers

    def check_header(self) -> None:
        """Check the seals of the header rows read before unlocking (the
        vault's meta row and its keyslots): DamagedError naming the one that
        fails."""
        if not self.checking:
            return
        with self.transaction(write=False) as conn:
            for table in (T_META, T_KEYSLOT):
                for row in conn.execute(select(table)).mappings():
                    self.check_seal(table, row)

    def check_seal(self, table: Table, row: Mapping[Any, Any]) -> None:
        """DamagedError naming the record unless ``row`` (every column) bears its seal."""
        if not self.checking:
            return
        try:
            good = seals.RowSealer.same(self._sealers().seal(table.name, row), row.get("seal"))
        except TypeError:
            good = False
        if not good:
            raise self._bad_seal(table, row)

    def seal_checker(
        self, table: Table, names: Sequence[str], *, raw: bool = False
    ) -> Callable[[Sequence[Any]], None]:
        """A function that raises DamagedError naming the record unless a row
        of ``table`` read as a tuple of columns ``names`` (all of the
        table's, with its seal, in any order, others may be there) bears its
        seal; it does nothing before the vault is of format 2. ``raw``: the
        row comes from the driver itself, its dates still text."""
        if not self.checking:
            return lambda _values: None
        seal_of = self._sealers()[table.name].sealer_for(names)
        at = list(names).index("seal")
        compare = hmac.compare_digest

        def check(values: Sequence[Any]) -> None:
            try:
                # A seal that is not bytes (None, text) fails the comparison with a TypeError.
                good = compare(seal_of(values), values[at])
            except TypeError:
                good = False
            if not good:
                raise self._bad_seal(table, dict(zip(names, values, strict=True)))

        read_dates = self.date_reader(table, names) if raw else None
        if read_dates is None:
            return check

        def check_raw(values: Sequence[Any]) -> None:
            check(read_dates(values))

        return check_raw

    @staticmethod
    def date_reader(table: Table, names: Sequence[str]) -> Callable[[Sequence[Any]], list[Any]] | None:
        """A function giving a row of ``table`` read from the driver itself
        as a tuple of columns ``names`` (its dates still text) as a list with
        its dates read as SQLAlchemy reads them (``date.fromisoformat``);
        a text that is not a date stays text, so that the row's seal fails.
        None when no column is a date. Each distinct text is read once."""
        dates = [i for i, n in enumerate(names) if n in table.c and isinstance(table.c[n].type, Date)]
        if not dates:
            return None
        as_date: dict[str, Any] = {}

        def read(values: Sequence[Any]) -> list[Any]:
            values = list(values)
            for i in dates:
                text = values[i]
                if isinstance(text, str):
                    found = as_date.get(text)
                    if found is None:
                        try:
                            found = dt.date.fromisoformat(text)
                        except ValueError:  # not a date: its seal fails
                            found = text
                        as_date[text] = found
                    values[i] = found
            return values

        return read

    def _bad_seal(self, table: Table, row: Mapping[Any, Any]) -> DamagedError:
        return DamagedError(
            _("{record} failed its integrity check (its row seal): the vault was damaged or tampered with").format(
                record=self.describe_record(table, row)
            ),
            hint="verify_restore",
        )

    def change_log(self) -> changelog.ChangeLog:
        """The change log, on the current transaction."""
        return changelog.ChangeLog(self.conn, METADATA.tables, self._sealers(), self.vault_id, self.keyring().cipher)

    def _append_change(self, command: str) -> tuple[int, bytes] | None:
        recorder = self._recorder
        if recorder is None or not recorder.rows:
            return None
        return self.change_log().append(command, recorder.changes(), self.clock())

    def _touch(
        self, table: Table, op: seals.Op, row: Mapping[str, Any], previous: Mapping[str, Any] | None
    ) -> None:
        if self._recorder is None:
            raise RuntimeError("rows are written in a write transaction of the write gate only")
        scope = CASE_SCOPED.get(table.name)
        case_id = (row if previous is None else previous).get(scope) if scope else None
        seal = b"" if op is seals.Op.DELETE else row["seal"]
        self._recorder.touch(table.name, changelog.row_key(table.name, row), op, seal, previous, case_id)

    def _complete(self, table: Table, values: Mapping[str, Any]) -> dict[str, Any]:
        """Every column of a row about to be inserted, as SQLite will give
        it back (defaults filled in, enumerations as their values), with its seal."""
        row: dict[str, Any] = {}
        for column in table.columns:
            if column.name == "seal":
                continue
            if column.name in values:
                value = values[column.name]
            elif column.default is not None and column.default.is_scalar:
                value = getattr(column.default, "arg", None)
            else:
                value = None
            row[column.name] = value.value if isinstance(value, StrEnum) else value
        row["seal"] = self._sealers().seal(table.name, row)
        return row

    def _key_of(self, table: Table, row: Mapping[str, Any]) -> list[Any]:
        return [c == row[c.name] for c in table.primary_key.columns]

    def insert_plain(self, table: Table, values: Mapping[str, Any]) -> dict[str, Any]:
        """Insert a row whose sealed fields are sealed already (or that has
        none), sealing the row and recording it; returns the row as stored."""
        row = self._complete(table, values)
        self.conn.execute(insert(table), row)
        self._touch(table, seals.Op.INSERT, row, None)
        return row

    def replace_plain(self, table: Table, row: Mapping[str, Any]) -> None:
        """Put back a row exactly as stored before (undo): its columns as
        they were, its seal made anew, recorded as an update or insert."""
        previous = self.conn.execute(select(table).where(*self._key_of(table, row))).mappings().one_or_none()
        if previous is None:
            self.insert_plain(table, row)
            return
        new = self._complete(table, row)
        self.conn.execute(update(table).where(*self._key_of(table, row)).values(**new))
        self._touch(table, seals.Op.UPDATE, new, dict(previous))

    def seal_unsealed(self) -> int:
        """Seal every row that has no seal yet and record them all in one
        change: a new vault's header, or every row of a vault of format 1
        (the upgrade to format 2). Returns the number of rows."""
        count = 0
        for table in METADATA.sorted_tables:
            if table.name in changelog.LOG_TABLES:
                continue
            result = self.conn.execute(select(table).where(table.c.seal.is_(None)))
            names = list(result.keys())
            for values in result.all():
                row = dict(zip(names, values, strict=True))
                row["seal"] = self._sealers().seal(table.name, row)
                self.conn.execute(update(table).where(*self._key_of(table, row)).values(seal=row["seal"]))
                self._touch(table, seals.Op.INSERT, row, None)
                count += 1
        return count

    def reseal_all(self, old: changelog.Sealers) -> int:
        """After the master key changed (rekey), inside its write
        transaction: check every row against its seal under the old key
        (``old``) and seal it anew under the current one, the change log's
        own rows too; the change appended records every row with its new
        seal, so that replaying the chain still ends at the vault as it is.
        Nothing is kept as previous content: only seals changed. Returns
        the number of rows sealed anew."""
        new = self._sealers()
        count = 0
        for table in METADATA.sorted_tables:
            result = self.conn.execute(select(table))
            names = list(result.keys())
            for values in result.all():
                row = dict(zip(names, values, strict=True))
                try:
                    good = seals.RowSealer.same(old.seal(table.name, row), row.get("seal"))
                except TypeError:
                    good = False
                if not good:
                    raise self._bad_seal(table, row)
                row["seal"] = new.seal(table.name, row)
                self.conn.execute(update(table).where(*self._key_of(table, row)).values(seal=row["seal"]))
                if table.name not in changelog.LOG_TABLES:
                    self._touch(table, seals.Op.UPDATE, row, None)
                count += 1
        return count

    def needs_format_upgrade(self) -> bool:
        return self.meta().format_version < FORMAT_VERSION

    def upgrade_format(self) -> int:
        """The key-holding part of the upgrade to format 2 (Alembic added the
        columns): seal every row and record them in a first change, and
        mark the vault as of format 2, in one transaction. Returns the
        number of rows sealed."""
        with self.write_transaction(changelog.UPGRADE_COMMAND) as conn:
            conn.execute(update(T_META).values(format_version=FORMAT_VERSION))
            count = self.seal_unsealed()
        self._meta = None
        self.checking = True
        return count

    def remember_last_change(self) -> None:
        """Record the last change of this vault as seen on this machine (the
        rollback record); nothing before format 2."""
        if self.last_change is None or self.keys is None or not self.checking:
            return
        seq, hash_ = self.last_change
        try:
            key = self.keys.rollback_key()
        except DamagedError:
            return  # a damaged vault key: named by every read of it, and by verify
        try:
            recorded = rollback.read(key, self.vault_id)
        except DamagedError:
            recorded = None
        seen = rollback.Seen(seq, hash_)
        # Unchanged (every read of an unchanged vault): no file is rewritten.
        if recorded != seen and (recorded is None or recorded.seq <= seq):
            rollback.write(key, self.vault_id, seen)

    def rollback_warning(self) -> str | None:
        """Whether this vault is older than the one last used on this machine
        (see :mod:`balintlog.rollback`); else records its last change as seen."""
        if not self.checking or self.keys is None:
            return None
        try:
            key = self.keys.rollback_key()
        except DamagedError:
            return None  # a damaged vault key: named by every read of it, and by verify
        recorded = rollback.read(key, self.vault_id)
        with self.transaction(write=False):
            log = self.change_log()
            self.last_change = log.last()
            warning = rollback.older_than_seen(recorded, self.last_change[0], log.hash_at)
        if warning is None:
            self.remember_last_change()
        return warning

    def last_change_now(self) -> tuple[int, bytes] | None:
        """(number, chain hash) of the vault's last change; None before format 2."""
        if not self.checking:
            return None
        with self.transaction(write=False):
            return self.change_log().last()

    def record_as_seen(self, last: tuple[int, bytes]) -> None:
        """Record ``last`` as the last change seen of this (unlocked) vault,
        even if it is older than the one recorded (a backup restored on purpose)."""
        rollback.write(self.keyring().rollback_key(), self.vault_id, rollback.Seen(*last))


    # -- generic sealing ------------------------------------------------------

    def keyring(self) -> Keyring:
        if self.keys is None:
            raise RuntimeError("vault is locked")
        return self.keys

    def seal_values(
        self, table: Table, row_id: str, case_id: str | None, values: Mapping[str, Any], key_version: int = 1
    ) -> dict[str, Any]:
        """Replace every sealed column's text in ``values`` by its blob."""
        out = dict(values)
        columns = [col for col in SEALED_TABLES.get(table.name, ()) if col in out]
        if not columns:
            return out
        if table.name in IDENTITY_SCOPED:
            cipher = self.keyring().identity_cipher(row_id)
        else:
            cipher = self.keyring().cipher(case_id)
        vid = self.vault_id
        for col in columns:
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

    def row_opener(self, table: Table, *, check: bool = True) -> Callable[[dict[str, Any]], None]:
        """A function that checks the seal of a row of ``table`` (every
        column, with the seal) and opens its sealed columns in place (what
        is the same for every row is looked up once). A field that fails to
        open is named before a bad seal: it says more."""
        scope = CASE_SCOPED.get(table.name)
        identity = table.name in IDENTITY_SCOPED
        keyring = self.keyring()
        prefixes = self.ad_prefixes(table)
        ad_row = vault.ad_row
        sealer = self._sealers()[table.name] if check and self.checking else None
        same = seals.RowSealer.same

        def open_in_place(out: dict[str, Any]) -> None:
            good = True
            if sealer is not None:
                try:
                    good = same(sealer.seal(out), out.get("seal"))
                except (TypeError, KeyError):
                    good = False
            if prefixes:  # a table without sealed columns (ids need not be text there)
                case_id = out.get(scope) if scope else None
                cipher = keyring.identity_cipher(out["id"]) if identity else keyring.cipher(case_id)
                row_ad = ad_row(out["id"], case_id, out.get("key_version", 1))
                for col, prefix in prefixes:
                    if col in out:
                        try:
                            out[col] = cipher.open(out[col], prefix + row_ad)
                        except (ValueError, TypeError):
                            raise self.damaged(table, out, col) from None
            if not good:
                raise self._bad_seal(table, out)

        return open_in_place

    def open_fields(self, table: Table, row: dict[str, Any]) -> None:
        """Open the sealed fields of ``row`` in place, without its row seal
        (a copy the change log kept: authenticated by its own encryption)."""
        self.row_opener(table, check=False)(row)

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
        if table.name == "keyslot" and row.get("kind"):
            return _("the {kind} keyslot").format(kind=row["kind"])
        if table.name == "vault_meta":
            return _("the vault header")
        if table.name == "group_session" and row.get("seq") is not None:
            return _("session {seq} ({date}, id {id})").format(
                seq=row["seq"], date=row.get("date"), id=str(row.get("id"))[:8]
            )
        if table.name == "attendance" and row.get("session_id"):
            return _("attendance {member} at session {session}").format(
                member=str(row.get("member_id"))[:8], session=str(row["session_id"])[:8]
            )
        if table.name == "data_key" and "case_id" in row and row["case_id"] is None:
            return _("the vault's data key")
        short = str(row.get("id", "?"))[:8]
        if table.name == "resonance" and row.get("seq") is not None:
            short = f"{row['seq']} ({short})"
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
        """Insert a row, sealing its text and the row; returns its id."""
        row_id = str(values.get("id") or new_id())
        sealed_values = self.seal_values(table, row_id, case_id, {**values, "id": row_id})
        self.insert_plain(table, sealed_values)
        return row_id

    def update_row(
        self, table: Table, row_id: str, values: Mapping[str, Any], case_id: str | None = None
    ) -> None:
        """Change columns of a row, sealing its text and the row anew; the
        row as it was goes into the change log."""
        previous = self.conn.execute(select(table).where(table.c.id == row_id)).mappings().one_or_none()
        if previous is None:
            raise NotFoundError(
                _("{table} {id} no longer exists").format(
                    table=record_noun(table.name),
                    id=row_id[:8],
                )
            )
        self.check_seal(table, previous)
        sealed_values = self.seal_values(table, row_id, case_id, values)
        row = self._complete(table, {**previous, **sealed_values})
        # Values as parameters, not in the statement: SQLAlchemy compiles the
        # statement once per table (and set of columns), not once per row.
        stmt = update(table).where(table.c.id == bindparam("row_id_"))
        self.conn.execute(stmt, {**{k: row[k] for k in sealed_values}, "seal": row["seal"], "row_id_": row_id})
        self._touch(table, seals.Op.UPDATE, row, dict(previous))

    def delete_rows(self, table: Table, *conditions: Any) -> int:
        """Delete the rows of ``table`` that meet ``conditions``; each goes
        into the change log as it was."""
        doomed = [dict(r) for r in self.conn.execute(select(table).where(*conditions)).mappings()]
        for row in doomed:
            self.check_seal(table, row)
        self.conn.execute(delete(table).where(*conditions))
        for row in doomed:
            self._touch(table, seals.Op.DELETE, row, row)
        return len(doomed)

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

    # -- reads that open nothing -------------------------------------------------

    @staticmethod
    def row_columns(table: Table, opened: Sequence[str] = ()) -> list[Any]:
        """See :func:`balintlog.changelog.row_columns`."""
        return changelog.row_columns(table, opened)

    @staticmethod
    def row_select(table: Table, opened: Sequence[str] = ()) -> tuple[str, list[str]]:
        """:meth:`row_columns` as SQL text for :meth:`driver_rows`: ``SELECT
        ... FROM <table> AS t`` (conditions and order to be added, on
        ``t``), and the names of the columns it gives."""
        columns: list[str] = []
        names: list[str] = []
        for c in table.columns:
            if c.info.get("sealed") and c.name not in opened:
                columns += [
                    f'length(t."{c.name}")',
                    f'substr(t."{c.name}", 1, {seals.FIELD_HEAD})',
                    f'substr(t."{c.name}", -{seals.FIELD_TAIL})',
                ]
                names += [c.name + seals.LENGTH, c.name + seals.HEAD, c.name + seals.TAIL]
            else:
                columns.append(f't."{c.name}"')
                names.append(c.name)
        return f'SELECT {", ".join(columns)} FROM "{table.name}" AS t', names

    def driver_rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Every row of ``sql`` as the driver gives it, in the current
        transaction: plain tuples, without SQLAlchemy's processing (dates
        are text: :meth:`date_reader`), for the reads of thousands of rows
        where making a Row of each costs more than the query."""
        driver = self.conn.connection.driver_connection
        assert driver is not None
        try:
            return list(driver.execute(sql, params).fetchall())
        except sqlite3.DatabaseError as exc:
            raise translate_db_error(exc) from None

    def checked(self, table: Table, *conditions: Any, order_by: Sequence[Any] = ()) -> list[Any]:
        """The rows of ``table`` meeting ``conditions``, unopened (plaintext
        columns only are to be used; sealed fields come as their length and
        ends), each one's seal checked."""
        result = self.conn.execute(select(*self.row_columns(table)).where(*conditions).order_by(*order_by))
        check = self.seal_checker(table, list(result.keys()))
        rows = list(result.all())
        for row in rows:
            check(row)
        return rows


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

        ciphers = keyring._ciphers

        def open_fields(row_id: str, case_id: str | None, key_version: int, blobs: Sequence[bytes]) -> list[str]:
            cipher = ciphers.get(case_id) or keyring.cipher(case_id)
            row_ad = ad_row(row_id, case_id, key_version)
            open_field = cipher.open
            try:
                return [open_field(blob, prefix + row_ad) for blob, prefix in zip(blobs, prefixes, strict=True)]
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


