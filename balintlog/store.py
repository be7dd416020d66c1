"""The SQLite vault file: SQLAlchemy 2.x models and queries, and the sealing of
every text column. The only module that knows SQL.

Plaintext columns are only ids and foreign keys, key and format versions,
status values, day-resolution dates and numbers; every other column is a
sealed blob (``info={"sealed": True}``), bound by its associated data to the
vault, table, column, row, case and key version.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import sqlite3
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine, Result
from sqlalchemy.exc import DatabaseError, OperationalError

from balintlog import changelog, domain, rollback, seals, vault
from balintlog.errors import BalintlogError, DamagedError, NotFoundError, VaultBusyError
from balintlog.paths import check_private_file, ensure_private_dir

#: The Alembic revision this code writes. Opening a vault at this revision
#: never imports Alembic; an older one is upgraded on open.
HEAD_REVISION = "0003_row_seals_change_log"
#: 2: every row sealed, every write in the change log (:mod:`balintlog.changelog`).
FORMAT_VERSION = 2
BUSY_TIMEOUT_ENV = "BALINTLOG_BUSY_TIMEOUT"
DEFAULT_BUSY_TIMEOUT = 10.0
#: SQLite's own busy wait does not return to Python until it gives up, so a
#: command would ignore Ctrl-C for the whole busy timeout: the wait for the
#: write lock is made of attempts this long, and Ctrl-C is seen between them.
BUSY_STEP_MS = 100
#: Test-only: seconds to pause inside every write transaction just before it
#: commits, honoured only on vaults made with the insecure test KDF (so that
#: tests can interrupt or kill a command in the middle of its write).
TEST_WRITE_PAUSE_ENV = "BALINTLOG_TEST_WRITE_PAUSE"

#: Rows between two calls of a progress callback (drawing a bar per row
#: would cost more than opening the row).
PROGRESS_STEP = 500

SLOT_PASSPHRASE = "passphrase"
SLOT_RECOVERY = "recovery"


def new_id() -> str:
    """Row ids are made by the application, so they can enter the AD before
    the row exists."""
    return uuid.uuid4().hex


def _sealed(name: str) -> Column[bytes]:
    """A sealed text column (see the module docstring)."""
    return Column(name, LargeBinary, nullable=False, info={"sealed": True})


def _seal() -> Column[bytes]:
    """The row's seal (:mod:`balintlog.seals`); NULL only in a vault of format 1
    not yet upgraded (revision 0003 adds the column, the first unlock fills it)."""
    return Column("seal", LargeBinary, nullable=True)


def _id() -> Column[str]:
    return Column("id", String(32), primary_key=True)


def _key_version() -> Column[int]:
    return Column("key_version", Integer, nullable=False, default=1)


def _ref(name: str, target: str, *, nullable: bool = False, index: bool = True, **fk: Any) -> Column[str]:
    """A foreign key to ``target`` ("table.id"), text like every id."""
    return Column(name, String(32), ForeignKey(target, **fk), nullable=nullable, index=index)


# Core tables, not ORM classes: nothing here maps rows to objects (the
# journal's dataclasses do), and declaring ORM classes cost 60 ms of every
# command's start-up. The names, types and constraints are those of the
# Alembic baseline (tests/test_migrations.py compares them).
METADATA = MetaData()

T_META = Table(
    "vault_meta",
    METADATA,
    Column("id", Integer, primary_key=True),
    Column("vault_id", String(32), nullable=False),
    Column("format_version", Integer, nullable=False),
    Column("created", Date, nullable=False),
    Column("test_kdf", Boolean, nullable=False, default=False),
    _seal(),
)

T_KEYSLOT = Table(
    "keyslot",
    METADATA,
    _id(),
    Column("kind", String(16), nullable=False, unique=True),
    Column("kdf", String(16), nullable=False),
    Column("salt", LargeBinary, nullable=False),
    Column("memory_kib", Integer, nullable=False),
    Column("iterations", Integer, nullable=False),
    Column("lanes", Integer, nullable=False),
    Column("wrapped_key", LargeBinary, nullable=False),
    Column("changed", Date, nullable=False),
    _seal(),
)

T_GROUP = Table(
    "balint_group",
    METADATA,
    _id(),
    _key_version(),
    *(_sealed(c) for c in ("handle", "name", "kind", "setting", "institution", "co_leader")),
    Column("start", Date, nullable=False),
    Column("planned_end", Date, nullable=True),
    Column("retention", Date, nullable=True),
    Column("closed", Date, nullable=True),
    Column("session_minutes", Integer, nullable=False),
    Column("block_size", Integer, nullable=False),
    _seal(),
)

T_MEMBER = Table(
    "member",
    METADATA,
    _id(),
    _ref("group_id", "balint_group.id", ondelete="CASCADE"),
    _key_version(),
    *(_sealed(c) for c in ("code", "profession", "field", "identity")),
    Column("joined", Date, nullable=True),
    Column("left", Date, nullable=True),
    _seal(),
)

T_BLOCK = Table(
    "block",
    METADATA,
    _id(),
    _ref("group_id", "balint_group.id", ondelete="CASCADE"),
    _key_version(),
    Column("seq", Integer, nullable=False),
    Column("date", Date, nullable=False, index=True),
    Column("planned_sessions", Integer, nullable=False),
    _sealed("place"),
    _seal(),
)

T_SESSION = Table(
    "group_session",
    METADATA,
    _id(),
    _ref("group_id", "balint_group.id", ondelete="CASCADE"),
    _ref("block_id", "block.id", nullable=True, ondelete="SET NULL"),
    _key_version(),
    Column("seq", Integer, nullable=False),
    Column("block_pos", Integer, nullable=True),
    Column("date", Date, nullable=False, index=True),
    Column("minutes", Integer, nullable=False),
    Column("status", String(16), nullable=False, index=True),
    *(
        _sealed(c)
        for c in (
            "start_time",
            "end_time",
            "mode",
            "atmosphere",
            "group_process",
            "countertransference",
            "supervision_questions",
        )
    ),
    UniqueConstraint("group_id", "seq"),
    _seal(),
)

T_ATTENDANCE = Table(
    "attendance",
    METADATA,
    Column("session_id", String(32), ForeignKey("group_session.id", ondelete="CASCADE"), primary_key=True),
    Column("member_id", String(32), ForeignKey("member.id", ondelete="CASCADE"), primary_key=True),
    _seal(),
)

T_CASE = Table(
    "balint_case",
    METADATA,
    _id(),
    Column("number", Integer, nullable=False, unique=True),
    _ref("group_id", "balint_group.id", ondelete="CASCADE"),
    _ref("presenter_id", "member.id"),
    _key_version(),
    Column("status", String(16), nullable=False),
    Column("opened", Date, nullable=False),
    *(_sealed(c) for c in ("title", "client", "relationship", "field", "institution")),
    _seal(),
)

#: Data keys wrapped under the master key: one for the vault (case_id NULL),
#: one per case. Deleting a case deletes its key. The foreign key is deferred:
#: a case's key is made before the case row, which is sealed with it.
T_DATA_KEY = Table(
    "data_key",
    METADATA,
    _id(),
    _ref("case_id", "balint_case.id", nullable=True, ondelete="CASCADE", deferrable=True, initially="DEFERRED"),
    Column("version", Integer, nullable=False),
    Column("wrapped_key", LargeBinary, nullable=False),
    _seal(),
)

T_PRESENTATION = Table(
    "presentation",
    METADATA,
    _id(),
    _ref("case_id", "balint_case.id", ondelete="CASCADE"),
    _ref("session_id", "group_session.id"),
    _key_version(),
    Column("date", Date, nullable=False, index=True),
    *(
        _sealed(c)
        for c in ("kind", "question", "account", "group_process", "leader_notes", "closing", "outcome", "what_changed")
    ),
    # A case's presentations counted and its latest day found without reading the rows (revision 0002).
    Index("ix_presentation_case_id_date", "case_id", "date"),
    _seal(),
)

T_RESONANCE = Table(
    "resonance",
    METADATA,
    _id(),
    _ref("presentation_id", "presentation.id", ondelete="CASCADE"),
    _ref("case_id", "balint_case.id", ondelete="CASCADE"),
    _key_version(),
    Column("seq", Integer, nullable=False),
    Column("intensity", Integer, nullable=False),
    *(_sealed(c) for c in ("kind", "level", "source", "mirroring", "text")),
    _seal(),
)

#: Text that could not be saved yet (a template the user gave up on, an
#: editor file orphaned by a crash), sealed until it is resumed.
T_DRAFT = Table(
    "draft",
    METADATA,
    _id(),
    _key_version(),
    Column("created", Date, nullable=False),
    *(_sealed(c) for c in ("kind", "context", "body")),
    _seal(),
)

T_SETTING = Table(
    "setting",
    METADATA,
    _id(),
    _key_version(),
    _sealed("name"),
    _sealed("value"),
    _seal(),
)


#: The change log (:mod:`balintlog.changelog`): one row per write
#: transaction, its body sealed under the vault's data key.
T_CHANGE = Table(
    "change",
    METADATA,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("body", LargeBinary, nullable=False),
    _seal(),
)

#: The previous content of each row a change updated or deleted, sealed
#: under the row's own data key; a case's go with its key.
T_CHANGE_CONTENT = Table(
    "change_content",
    METADATA,
    _id(),
    Column("change_seq", Integer, ForeignKey("change.seq"), nullable=False, index=True),
    Column("table_name", String(32), nullable=False),
    Column("row_id", String(65), nullable=False),
    Column("case_id", String(32), nullable=True, index=True),
    Column("content", LargeBinary, nullable=False),
    _seal(),
    Index("ix_change_content_row", "table_name", "row_id"),
)


def sealed_columns(table: Table) -> tuple[str, ...]:
    return tuple(c.name for c in table.columns if c.info.get("sealed"))


#: Tables whose rows belong to a case and are sealed under that case's key;
#: the value names the column holding the case id.
CASE_SCOPED = {"balint_case": "id", "presentation": "case_id", "resonance": "case_id"}

SEALED_TABLES: dict[str, tuple[str, ...]] = {
    t.name: sealed_columns(t) for t in METADATA.sorted_tables if sealed_columns(t)
}


@dataclass(frozen=True)
class KeyslotRow:
    kind: str
    kdf: str
    salt: bytes
    params: vault.KdfParams
    wrapped_key: bytes


@dataclass(frozen=True)
class MetaRow:
    vault_id: str
    format_version: int
    created: dt.date
    test_kdf: bool


@dataclass(frozen=True)
class PresentationPlace:
    """Where a presentation was worked: its case, day, and its session's
    group and number (plaintext columns only)."""

    id: str
    case_id: str
    date: dt.date
    group_id: str
    session_seq: int


#: The tables :meth:`Store.find_texts` reads: the joins from a row to its
#: group, and the column holding the group id.
_TEXT_SCAN_GROUP = {
    "group_session": ("", "t.group_id"),
    "balint_case": ("", "t.group_id"),
    "presentation": (" JOIN group_session AS s ON s.id = t.session_id", "s.group_id"),
    "resonance": (
        " JOIN presentation AS p ON p.id = t.presentation_id JOIN group_session AS s ON s.id = p.session_id",
        "s.group_id",
    ),
}


def _busy_timeout() -> float:
    try:
        return float(os.environ.get(BUSY_TIMEOUT_ENV, DEFAULT_BUSY_TIMEOUT))
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT


def make_engine(path: Path) -> Engine:
    """An engine with the vault's SQLite settings: WAL, synchronous=FULL,
    secure_delete, foreign keys, and BEGIN IMMEDIATE for write transactions
    (SQLAlchemy's documented pysqlite recipe: the driver's own transaction
    handling is switched off and the begin event emits BEGIN itself)."""
    engine = create_engine(
        f"sqlite:///{path}",
        hide_parameters=True,
        connect_args={"timeout": _busy_timeout()},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        for pragma in (
            "journal_mode=WAL",
            "synchronous=FULL",
            "secure_delete=ON",
            "foreign_keys=ON",
        ):
            cur.execute(f"PRAGMA {pragma}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.info.get("write"):
            _begin_immediate(conn, _busy_timeout())
        else:
            conn.exec_driver_sql("BEGIN")

    return engine


def _begin_immediate(conn: Connection, timeout: float) -> None:
    """Take the write lock, waiting up to ``timeout`` seconds for another
    writer in steps of :data:`BUSY_STEP_MS`; the last attempt's error is
    the one :func:`translate_db_error` reads."""
    raw = conn.connection.driver_connection
    assert raw is not None
    deadline = time.monotonic() + timeout
    raw.execute(f"PRAGMA busy_timeout = {BUSY_STEP_MS}")
    try:
        while True:
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                return
            except OperationalError as exc:
                msg = str(exc.orig).lower()
                if ("locked" not in msg and "busy" not in msg) or time.monotonic() >= deadline:
                    raise
    finally:
        raw.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")


def _hold_interrupts() -> set[int] | None:
    """Block SIGINT (it stays pending, and is raised once unblocked); the
    signal mask before, or None where there are no signal masks."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return set(signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}))


def translate_db_error(exc: Exception) -> BalintlogError:
    """SQLite's errors as one line for the user, without statement or values."""
    msg = str(getattr(exc, "orig", exc)).lower()
    if "locked" in msg or "busy" in msg:
        return VaultBusyError(
            "vault busy: another balintlog command is writing to it; try again in a moment"
        )
    if ("disk" in msg and ("full" in msg or "i/o" in msg)) or "too large" in msg or "file size" in msg:
        return BalintlogError(
            "could not write the vault (disk full or file too large); nothing was changed: free space and retry"
        )
    if "not a database" in msg or "malformed" in msg or "corrupt" in msg:
        return DamagedError("the vault file is damaged (not a readable SQLite database): restore a backup")
    return BalintlogError(f"database error ({type(getattr(exc, 'orig', exc)).__name__}); nothing was changed")


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
            found = vault.FieldCipher(self._store.data_key(self.master_key, case_id))
            self._ciphers[case_id] = found
        return found

    def load(self, case_ids: Iterable[str | None]) -> None:
        """Unwrap the data keys of the cases ``case_ids`` that are not cached
        yet in a few queries, instead of one query per case when their rows
        are opened. A key that is missing or fails to open is left out: its
        rows then fail to open as they would without this."""
        wanted = sorted({c for c in case_ids if c is not None and c not in self._ciphers})
        for case_id, key in self._store.data_keys(self.master_key, wanted).items():
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
        #: The row sealers, made when the vault is unlocked.
        self.sealers: changelog.Sealers | None = None
        #: Whether reads check row seals: from unlocking a vault of format 2 on.
        self.checking = False
        #: The rows the open write transaction touched.
        self._recorder: changelog.Recorder | None = None
        #: What the change log names the next write transaction (the write
        #: gate sets it: 'case edit').
        self.command = ""
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
                conn.info["write"] = True
                with conn.begin():
                    migrations.upgrade(conn)
                    # Sealed with the keyslots, when the key exists (seal_unsealed).
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
            for suffix in ("", "-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
            if isinstance(exc, DatabaseError):
                raise translate_db_error(exc) from None
            raise
        return store

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open an existing vault: check its mode, that it is a balintlog
        vault, and bring its schema up to date."""
        if not path.exists():
            from balintlog.errors import NotFoundError

            raise NotFoundError(f"no vault at {path}; create one with 'balintlog init' (or pass --vault)")
        check_private_file(path)
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                check_private_file(side)
        store = cls(path, make_engine(path))
        store._check_schema()
        return store

    def _check_schema(self) -> None:
        try:
            with self.engine.connect() as conn:
                names = {
                    r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")
                }
                if "vault_meta" not in names or "alembic_version" not in names:
                    raise DamagedError(f"{self.path} is not a balintlog vault")
                revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        except DatabaseError as exc:
            raise translate_db_error(exc) from None
        if revision == HEAD_REVISION:
            return
        from balintlog import migrations

        if not migrations.is_known(revision):
            raise BalintlogError(
                f"this vault was written by a newer balintlog (schema {revision}); upgrade balintlog"
            )
        with self.engine.connect() as conn:
            conn.info["write"] = True
            with conn.begin():
                migrations.upgrade(conn)

    def close(self) -> None:
        self.engine.dispose()

    # -- transactions ---------------------------------------------------------

    @contextmanager
    def transaction(self, *, write: bool) -> Iterator[Connection]:
        """One transaction per command; write transactions take the write
        lock at BEGIN, so two processes never interleave their writes, and
        append the change for every row they touched before they commit."""
        if self._conn is not None:
            yield self._conn
            return
        held: set[int] | None = None
        appended: tuple[int, bytes] | None = None
        try:
            with self.engine.connect() as conn:
                conn.info["write"] = write
                with conn.begin():
                    self._conn = conn
                    self._recorder = changelog.Recorder() if write else None
                    try:
                        yield conn
                        if write:
                            appended = self._append_change()
                            self._test_write_pause()
                            # Ctrl-C waits from here until the commit is counted,
                            # so that an interrupt knows whether it happened.
                            held = _hold_interrupts()
                    finally:
                        self._conn = None
                        self._recorder = None
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
            raise VaultBusyError("vault busy: the WAL could not be checkpointed; try again in a moment")

    # -- header: meta, keyslots, data keys ---------------------------------

    def meta(self) -> MetaRow:
        if self._meta is None:
            with self.transaction(write=False) as conn:
                row = conn.execute(select(T_META)).mappings().one_or_none()
            if row is None:
                raise DamagedError("the vault header is missing: restore a backup")
            self._meta = MetaRow(row["vault_id"], row["format_version"], row["created"], row["test_kdf"])
        return self._meta

    @property
    def vault_id(self) -> str:
        return self.meta().vault_id

    def keyslot(self, kind: str) -> KeyslotRow:
        with self.transaction(write=False) as conn:
            row = conn.execute(select(T_KEYSLOT).where(T_KEYSLOT.c.kind == kind)).mappings().one_or_none()
        if row is None:
            raise DamagedError(f"the vault has no {kind} keyslot: restore a backup")
        return KeyslotRow(
            kind=row["kind"],
            kdf=row["kdf"],
            salt=row["salt"],
            params=vault.KdfParams(row["memory_kib"], row["iterations"], row["lanes"]),
            wrapped_key=row["wrapped_key"],
        )

    def put_keyslot(self, slot: KeyslotRow, today: dt.date) -> None:
        values = {
            "kdf": slot.kdf,
            "salt": slot.salt,
            "memory_kib": slot.params.memory_kib,
            "iterations": slot.params.iterations,
            "lanes": slot.params.lanes,
            "wrapped_key": slot.wrapped_key,
            "changed": today,
        }
        existing = self.conn.execute(select(T_KEYSLOT.c.id).where(T_KEYSLOT.c.kind == slot.kind)).scalar()
        if existing is None:
            self.insert_row(T_KEYSLOT, {"kind": slot.kind, **values})
        else:
            self.update_row(T_KEYSLOT, existing, values)

    def create_data_key(self, master_key: bytes, case_id: str | None) -> None:
        """Make the vault's (``case_id`` None) or a case's data key. For a
        case, call it before inserting the case row, which is sealed with it."""
        key_id = new_id()
        key = vault.new_key()
        wrapped = vault.wrap_key(master_key, key, vault.data_key_ad(self.vault_id, key_id, case_id, 1))
        self.insert_row(T_DATA_KEY, {"id": key_id, "case_id": case_id, "version": 1, "wrapped_key": wrapped})
        if self.keys is not None:
            self.keys.add(case_id, key)

    def data_key(self, master_key: bytes, case_id: str | None) -> bytes:
        cond = T_DATA_KEY.c.case_id.is_(None) if case_id is None else T_DATA_KEY.c.case_id == case_id
        with self.transaction(write=False) as conn:
            row = conn.execute(select(T_DATA_KEY).where(cond)).mappings().first()
            if row is None:
                what = "the vault's data key" if case_id is None else "a case's data key"
                raise DamagedError(f"{what} is missing: restore a backup")
            self.check_seal(T_DATA_KEY, row)
        key = vault.unwrap_key(
            master_key,
            row["wrapped_key"],
            vault.data_key_ad(self.vault_id, row["id"], case_id, row["version"]),
        )
        if key is None:
            raise DamagedError(f"data key {row['id'][:8]} failed to open (tampered): restore a backup")
        return key

    def data_keys(self, master_key: bytes, case_ids: Sequence[str]) -> dict[str, bytes]:
        """The data keys of the cases ``case_ids`` that have exactly one key
        whose row bears its seal and whose key opens (see :meth:`Keyring.load`)."""
        k = T_DATA_KEY.c
        columns = select(T_DATA_KEY)
        if len(case_ids) > 500:
            # Most of the vault's cases: reading every case's key row at once
            # is quicker than asking for them 500 at a time.
            wanted = set(case_ids)
            statements = [columns.where(k.case_id.is_not(None))]
        else:
            wanted = None
            statements = [columns.where(k.case_id.in_(case_ids))] if case_ids else []
        rows: dict[str, list[tuple[str, int, bytes]]] = {}
        with self.transaction(write=False) as conn:
            for stmt in statements:
                result = conn.execute(stmt)
                names = list(result.keys())
                check = self.seal_checker(T_DATA_KEY, names)
                for values in result.all():
                    try:
                        check(values)
                    except DamagedError:
                        continue  # left out: data_key() names it when the case's rows are opened
                    if wanted is None or values.case_id in wanted:
                        rows.setdefault(values.case_id, []).append((values.id, values.version, values.wrapped_key))
        found: dict[str, bytes] = {}
        unwrap = vault.key_unwrapper(master_key)
        vault_id = self.vault_id
        for case_id, ((key_id, version, wrapped), *more) in rows.items():
            key = None if more else unwrap(wrapped, vault.data_key_ad(vault_id, key_id, case_id, version))
            if key is not None:
                found[case_id] = key
        return found

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
        same = seals.RowSealer.same
        dates = [i for i, n in enumerate(names) if raw and n in table.c and isinstance(table.c[n].type, Date)]

        def check(values: Sequence[Any]) -> None:
            if dates:
                values = list(values)
                for i in dates:
                    if isinstance(values[i], str):
                        with contextlib.suppress(ValueError):  # not a date: its seal fails
                            values[i] = dt.date.fromisoformat(values[i])
            try:
                good = same(seal_of(values), values[at])
            except TypeError:
                good = False
            if not good:
                raise self._bad_seal(table, dict(zip(names, values, strict=True)))

        return check

    def _bad_seal(self, table: Table, row: Mapping[Any, Any]) -> DamagedError:
        return DamagedError(
            f"{self.describe_record(table, row)} failed its integrity check (its row seal): "
            "the vault was damaged or tampered with; run 'balintlog verify' and restore a backup"
        )

    def change_log(self) -> changelog.ChangeLog:
        """The change log, on the current transaction."""
        return changelog.ChangeLog(self.conn, METADATA.tables, self._sealers(), self.vault_id, self._keys().cipher)

    def _append_change(self) -> tuple[int, bytes] | None:
        recorder = self._recorder
        if recorder is None or not recorder.rows:
            return None
        return self.change_log().append(self.command, recorder.changes(), self.clock())

    def _touch(
        self, table: Table, op: seals.Op, row: Mapping[str, Any], previous: Mapping[str, Any] | None
    ) -> None:
        if self._recorder is None:
            raise RuntimeError("rows are written in a write transaction only")
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

    def needs_format_upgrade(self) -> bool:
        return self.meta().format_version < FORMAT_VERSION

    def upgrade_format(self) -> int:
        """The key-holding part of the upgrade to format 2 (Alembic added the
        columns): seal every row and record them in a first change, and
        mark the vault as of format 2, in one transaction. Returns the
        number of rows sealed."""
        previous, self.command = self.command, changelog.UPGRADE_COMMAND
        try:
            with self.transaction(write=True) as conn:
                conn.execute(update(T_META).values(format_version=FORMAT_VERSION))
                count = self.seal_unsealed()
        finally:
            self.command = previous
        self._meta = None
        self.checking = True
        return count

    def remember_last_change(self) -> None:
        """Record the last change of this vault as seen on this machine (the
        rollback record); nothing before format 2."""
        if self.last_change is None or self.keys is None or not self.checking:
            return
        seq, hash_ = self.last_change
        key = seals.derive_key(self.keys.master_key, self.vault_id, seals.ROLLBACK_INFO)
        try:
            recorded = rollback.read(key, self.vault_id)
        except DamagedError:
            recorded = None
        if recorded is None or recorded.seq <= seq:
            rollback.write(key, self.vault_id, rollback.Seen(seq, hash_))

    def rollback_warning(self) -> str | None:
        """Whether this vault is older than the one last used on this machine
        (see :mod:`balintlog.rollback`); else records its last change as seen."""
        if not self.checking or self.keys is None:
            return None
        key = seals.derive_key(self.keys.master_key, self.vault_id, seals.ROLLBACK_INFO)
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

    @staticmethod
    def record_as_seen(master_key: bytes, vault_id: str, last: tuple[int, bytes]) -> None:
        """Record ``last`` as the last change seen of the vault, even if it
        is older than the one recorded (a backup restored on purpose)."""
        key = seals.derive_key(master_key, vault_id, seals.ROLLBACK_INFO)
        rollback.write(key, vault_id, rollback.Seen(*last))

    def _keys(self) -> Keyring:
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
        cipher = self._keys().cipher(case_id)
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
        self._row_opener(table)(out)
        return out

    def _row_opener(self, table: Table, *, check: bool = True) -> Callable[[dict[str, Any]], None]:
        """A function that checks the seal of a row of ``table`` (every
        column, with the seal) and opens its sealed columns in place (what
        is the same for every row is looked up once). A field that fails to
        open is named before a bad seal: it says more."""
        scope = CASE_SCOPED.get(table.name)
        keyring = self._keys()
        prefixes = self._ad_prefixes(table)
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
                cipher = keyring.cipher(case_id)
                row_ad = ad_row(out["id"], case_id, out.get("key_version", 1))
                for col, prefix in prefixes:
                    if col in out:
                        try:
                            out[col] = cipher.open(out[col], prefix + row_ad)
                        except (ValueError, TypeError):
                            raise self._damaged(table, out, col) from None
            if not good:
                raise self._bad_seal(table, out)

        return open_in_place

    def open_fields(self, table: Table, row: dict[str, Any]) -> None:
        """Open the sealed fields of ``row`` in place, without its row seal
        (a copy the change log kept: authenticated by its own encryption)."""
        self._row_opener(table, check=False)(row)

    def _damaged(self, table: Table, row: Mapping[Any, Any], column: str) -> DamagedError:
        """The error for a field of ``row`` that failed to open, naming the record."""
        return DamagedError(
            f"{self.describe_record(table, row)} failed its integrity check (column {column}): "
            "the vault was damaged or tampered with; run 'balintlog verify' and restore a backup"
        )

    def _ad_prefixes(self, table: Table) -> list[tuple[str, bytes]]:
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
        label = table.name.replace("balint_", "").replace("group_session", "session").replace("_", " ")
        if table.name == "balint_case":
            number = row["number"] if "number" in row else self._case_number(row.get("id"))
            if number is not None:
                return f"case #{number}"
        if table.name == "keyslot" and row.get("kind"):
            return f"the {row['kind']} keyslot"
        if table.name == "vault_meta":
            return "the vault header"
        if table.name == "group_session" and row.get("seq") is not None:
            return f"session {row['seq']} ({row.get('date')}, id {str(row.get('id'))[:8]})"
        if table.name == "attendance" and row.get("session_id"):
            return f"attendance {str(row['member_id'])[:8]} at session {str(row['session_id'])[:8]}"
        if table.name == "data_key" and "case_id" in row and row["case_id"] is None:
            return "the vault's data key"
        short = str(row.get("id", "?"))[:8]
        if table.name == "resonance" and row.get("seq") is not None:
            label, short = f"resonance {row['seq']}", f"({short})"
        case_id = row.get("case_id")
        suffix = ""
        if case_id:
            number = self._case_number(case_id)
            suffix = f" of case #{number}" if number is not None else ""
        return f"{label} {short}{suffix}"

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
            raise NotFoundError(f"{table.name} {row_id[:8]} no longer exists")
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
        if doomed:
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
        open_in_place = self._row_opener(table)
        for part in result.partitions(chunk):
            fetched = [dict(zip(names, row, strict=True)) for row in part]
            if scope is not None and len(fetched) > 1:
                self._keys().load(r[scope] for r in fetched)
            for row in fetched:
                open_in_place(row)
            yield from fetched

    def next_number(self, column: Any, *conditions: Any) -> int:
        """The next sequence number (inside a write transaction, so no two
        processes ever get the same)."""
        current = self.conn.execute(select(func.max(column)).where(*conditions)).scalar()
        return int(current or 0) + 1

    # -- groups, members, sessions, blocks (queries) -------------------------

    def groups(self) -> list[domain.Group]:
        """Every group, opened, in the order they started."""
        rows = self.rows(T_GROUP, order_by=[T_GROUP.c.start, T_GROUP.c.id])
        return [domain.Group(**self.capture_fields(domain.Group, r)) for r in rows]

    def members(self, group_id: str | None = None, ids: Sequence[str] | None = None) -> list[domain.Member]:
        """Members of one group, or with the given ids (unordered)."""
        conds = [] if group_id is None else [T_MEMBER.c.group_id == group_id]
        if ids is not None:
            conds.append(T_MEMBER.c.id.in_(list(ids)))
        return [domain.Member(**self.capture_fields(domain.Member, r)) for r in self.rows(T_MEMBER, *conds)]

    def blocks(
        self, group_id: str | None = None, *, ids: Sequence[str] | None = None, day: dt.date | None = None
    ) -> list[domain.Block]:
        """Block days, by date and number."""
        conds = [] if group_id is None else [T_BLOCK.c.group_id == group_id]
        if ids is not None:
            conds.append(T_BLOCK.c.id.in_(list(ids)))
        if day is not None:
            conds.append(T_BLOCK.c.date == day)
        rows = self.rows(T_BLOCK, *conds, order_by=[T_BLOCK.c.date, T_BLOCK.c.seq])
        return [domain.Block(**self.capture_fields(domain.Block, r)) for r in rows]

    def sessions(
        self,
        group_id: str | None = None,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        statuses: Sequence[str] | None = None,
        block_id: str | None = None,
        seq: int | None = None,
    ) -> list[domain.GroupSession]:
        """Sessions by date and number; every filter is on plaintext columns,
        applied before anything is decrypted."""
        conds: list[Any] = [] if group_id is None else [T_SESSION.c.group_id == group_id]
        if since is not None:
            conds.append(T_SESSION.c.date >= since)
        if until is not None:
            conds.append(T_SESSION.c.date <= until)
        if statuses is not None:
            conds.append(T_SESSION.c.status.in_([str(s) for s in statuses]))
        if block_id is not None:
            conds.append(T_SESSION.c.block_id == block_id)
        if seq is not None:
            conds.append(T_SESSION.c.seq == seq)
        rows = self.rows(T_SESSION, *conds, order_by=[T_SESSION.c.date, T_SESSION.c.seq, T_SESSION.c.group_id])
        return [domain.GroupSession(**self.capture_fields(domain.GroupSession, r)) for r in rows]

    @staticmethod
    def row_columns(table: Table, opened: Sequence[str] = ()) -> list[Any]:
        """The columns to select of ``table`` to check its rows' seals:
        every column, but each sealed field not in ``opened`` as its length
        and ends only (see :class:`~balintlog.seals.RowSealer`), so that its
        text is not fetched."""
        found: list[Any] = []
        for c in table.columns:
            if c.info.get("sealed") and c.name not in opened:
                found += [
                    func.length(c).label(c.name + seals.LENGTH),
                    func.substr(c, 1, seals.FIELD_HEAD).label(c.name + seals.HEAD),
                    func.substr(c, -seals.FIELD_TAIL).label(c.name + seals.TAIL),
                ]
            else:
                found.append(c)
        return found

    def _checked(self, table: Table, *conditions: Any, order_by: Sequence[Any] = ()) -> list[Any]:
        """The rows of ``table`` meeting ``conditions``, unopened (plaintext
        columns only are to be used), each one's seal checked."""
        result = self.conn.execute(select(*self.row_columns(table)).where(*conditions).order_by(*order_by))
        check = self.seal_checker(table, list(result.keys()))
        rows = list(result.all())
        for row in rows:
            check(row)
        return rows

    def session_counts(self, group_id: str) -> dict[str, int]:
        """How many sessions of a group have each status (nothing decrypted)."""
        counts: dict[str, int] = {}
        for row in self._checked(T_SESSION, T_SESSION.c.group_id == group_id):
            counts[row.status] = counts.get(row.status, 0) + 1
        return counts

    def last_session_day(self, group_id: str | None, statuses: Sequence[str]) -> dt.date | None:
        """The latest day a session (of a group, or of any) with one of
        ``statuses`` took place."""
        conds: list[Any] = [T_SESSION.c.status.in_([str(s) for s in statuses])]
        if group_id is not None:
            conds.append(T_SESSION.c.group_id == group_id)
        days = [row.date for row in self._checked(T_SESSION, *conds)]
        return max(days, default=None)

    def next_block_seq(self, group_id: str) -> int:
        return self.next_number(T_BLOCK.c.seq, T_BLOCK.c.group_id == group_id)

    def next_session_seq(self, group_id: str) -> int:
        return self.next_number(T_SESSION.c.seq, T_SESSION.c.group_id == group_id)

    def add_record(self, record: domain.Group | domain.Member | domain.Block | domain.GroupSession) -> None:
        """Insert a group, member, block or session (sealing its text)."""
        table, values = self.capture_values(record)
        self.insert_row(table, values)

    def save_record(self, record: domain.Group | domain.Member | domain.Block | domain.GroupSession) -> None:
        """Write every field of an existing group, member, block or session."""
        table, values = self.capture_values(record)
        self.update_row(table, record.id, {k: v for k, v in values.items() if k != "id"})

    def attendance(self, session_ids: Sequence[str]) -> dict[str, set[str]]:
        """The ids of the members present, per session id (every id given
        is a key)."""
        found: dict[str, set[str]] = {sid: set() for sid in session_ids}
        ids = list(found)
        for start in range(0, len(ids), 500):  # stay below SQLite's variable limit
            stmt = select(T_ATTENDANCE).where(T_ATTENDANCE.c.session_id.in_(ids[start : start + 500]))
            result = self.conn.execute(stmt)
            names = list(result.keys())
            check = self.seal_checker(T_ATTENDANCE, names)
            for values in result:
                check(values)
                found[values.session_id].add(values.member_id)
        return found

    def set_attendance(self, session_id: str, member_ids: Sequence[str]) -> None:
        """Make ``member_ids`` exactly the members present at the session
        (only the rows that change are written, so the change log names
        only who came or went)."""
        a = T_ATTENDANCE.c
        present = set(self.attendance([session_id])[session_id])
        wanted = set(member_ids)
        gone = sorted(present - wanted)
        if gone:
            self.delete_rows(T_ATTENDANCE, a.session_id == session_id, a.member_id.in_(gone))
        for member_id in sorted(wanted - present):
            self.insert_plain(T_ATTENDANCE, {"session_id": session_id, "member_id": member_id})

    @staticmethod
    def capture_values(
        record: domain.Group | domain.Member | domain.Block | domain.GroupSession,
    ) -> tuple[Table, dict[str, Any]]:
        """The table and the column values (text still plain) of a record:
        each field under its own name, enums as their values, a session's
        notes one column per section."""
        tables = {domain.Group: T_GROUP, domain.Member: T_MEMBER, domain.Block: T_BLOCK}
        values: dict[str, Any] = {}
        for name, value in vars(record).items():
            if isinstance(value, domain.SessionNotes):
                values.update(vars(value))
            else:
                values[name] = value.value if isinstance(value, StrEnum) else value
        return tables.get(type(record), T_SESSION), values

    @staticmethod
    def capture_fields(kind: type[Any], row: Mapping[str, Any]) -> dict[str, Any]:
        """The fields of a group, member, block or session from its opened
        row (the inverse of :meth:`capture_values`)."""
        enums: dict[str, type[StrEnum]] = {
            "kind": domain.GroupKind,
            "setting": domain.Setting,
            "profession": domain.Profession,
            "status": domain.SessionStatus,
            "mode": domain.SessionMode,
        }
        values = {f.name: row[f.name] for f in fields(kind) if f.name in row}
        for name, enum in enums.items():
            if name in values:
                values[name] = enum(values[name])
        if kind is domain.GroupSession:
            values["notes"] = domain.SessionNotes(**{f.name: row[f.name] for f in fields(domain.SessionNotes)})
        return values

    # -- cases, presentations, resonances, drafts (queries) ---------------------

    def cases(
        self,
        *,
        group_id: str | None = None,
        statuses: Sequence[str] | None = None,
        number: int | None = None,
        ids: Sequence[str] | None = None,
    ) -> list[domain.Case]:
        """Cases by number; every filter is on plaintext columns."""
        conds: list[Any] = [] if group_id is None else [T_CASE.c.group_id == group_id]
        if statuses is not None:
            conds.append(T_CASE.c.status.in_([str(s) for s in statuses]))
        if number is not None:
            conds.append(T_CASE.c.number == number)
        if ids is not None:
            conds.append(T_CASE.c.id.in_(list(ids)))
        return [self.case_from_row(r) for r in self.rows(T_CASE, *conds, order_by=[T_CASE.c.number])]

    def case_listing(
        self, *, group_id: str | None = None, statuses: Sequence[str] | None = None
    ) -> list[tuple[Any, ...]]:
        """The cases by number as a listing shows them, in one query: (id,
        number, group id, presenter id, status, opened, title, relationship,
        number of presentations, latest day presented or None), title and
        relationship opened. The other sealed columns are not read: a
        long-kept journal lists thousands of cases, and each opened field
        costs as much as the rest of its row."""
        c = T_CASE.c
        stmt = select(*self.row_columns(T_CASE, ("title", "relationship"))).order_by(c.number)
        if group_id is not None:
            stmt = stmt.where(c.group_id == group_id)
        if statuses is not None:
            stmt = stmt.where(c.status.in_([str(s) for s in statuses]))
        result = self.conn.execute(stmt)
        names = list(result.keys())
        found = result.all()
        # Counted here from the presentation rows themselves, each one's
        # seal checked: a count or a day is shown, so the rows it comes
        # from must be genuine.
        p = T_PRESENTATION.c
        counted = select(*self.row_columns(T_PRESENTATION))
        if group_id is not None:
            counted = counted.where(p.case_id.in_(select(c.id).where(c.group_id == group_id)))
        presentations = self.conn.execute(counted)
        check_presentation = self.seal_checker(T_PRESENTATION, list(presentations.keys()))
        stats: dict[str, tuple[int, dt.date]] = {}
        for row in presentations:
            check_presentation(row)
            n, last = stats.get(row.case_id, (0, row.date))
            stats[row.case_id] = (n + 1, max(last, row.date))
        self._keys().load(row.id for row in found)
        check_case = self.seal_checker(T_CASE, names)
        open_fields = self._field_opener(T_CASE, ("title", "relationship"))
        listing: list[tuple[Any, ...]] = []
        no_stats = (0, None)
        for row in found:
            n, last = stats.get(row.id, no_stats)
            title, relationship = open_fields(row.id, row.id, row.key_version, (row.title, row.relationship))
            check_case(row)
            listing.append(
                (
                    row.id,
                    row.number,
                    row.group_id,
                    row.presenter_id,
                    row.status,
                    row.opened,
                    title,
                    relationship,
                    n,
                    last,
                )
            )
        return listing

    def next_case_number(self) -> int:
        """Vault-wide; inside the write transaction that adds the case."""
        return self.next_number(T_CASE.c.number)

    def presentations(
        self,
        *,
        case_id: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        group_id: str | None = None,
    ) -> list[domain.Presentation]:
        """Presentations with their resonances, in the order they were worked
        (day, then session number). The day range and group are applied to
        plaintext columns before anything is decrypted."""
        conds = self._presentation_filter(case_id, since, until, group_id)
        stmt = (
            select(T_PRESENTATION)
            .join(T_SESSION, T_SESSION.c.id == T_PRESENTATION.c.session_id)
            .where(*conds)
            .order_by(T_PRESENTATION.c.date, T_SESSION.c.seq, T_PRESENTATION.c.id)
        )
        opened = self.open_rows(T_PRESENTATION, self.conn.execute(stmt))
        by_presentation: dict[str, list[domain.Resonance]] = {r["id"]: [] for r in opened}
        res_stmt = (
            select(T_RESONANCE)
            .join(T_PRESENTATION, T_PRESENTATION.c.id == T_RESONANCE.c.presentation_id)
            .join(T_SESSION, T_SESSION.c.id == T_PRESENTATION.c.session_id)
            .where(*conds)
            .order_by(T_RESONANCE.c.presentation_id, T_RESONANCE.c.seq)
        )
        for row in self.open_rows(T_RESONANCE, self.conn.execute(res_stmt)):
            res = self.resonance_from_row(row)
            by_presentation[res.presentation_id].append(res)
        return [self.presentation_from_row(r, by_presentation[r["id"]]) for r in opened]

    def find_texts(
        self, table_name: str, columns: Sequence[str], wanted: Callable[[str], bool], group_id: str | None = None
    ) -> Iterator[tuple[str, str, str]]:
        """(row id, column, text) of every field of the sealed ``columns`` of
        the sessions, cases, presentations or resonances (``table_name``) of a
        group (None: of every group) whose text ``wanted`` accepts, in no
        particular order. Every field is opened, its tag checked, as
        :meth:`open_row` does, and a field that fails names its record in a
        DamagedError; only the fields wanted are kept, so a search holds its
        hits, never the whole table."""
        table = METADATA.tables[table_name]
        join, group_column = _TEXT_SCAN_GROUP[table_name]
        ads = dict(self._ad_prefixes(table))
        # (index in the row, column, start of its associated data)
        fields = [(3 + i, name, ads[name]) for i, name in enumerate(columns)]
        scope = CASE_SCOPED.get(table.name)
        # After the fields, every other column, for the row's seal (the
        # fields not searched as their length and ends only).
        names = ["", "", "", *columns]
        rest: list[str] = []
        for c in table.columns:
            if c.info.get("sealed") and c.name not in columns:
                rest += [f"length(t.{c.name})", f"substr(t.{c.name}, 1, {seals.FIELD_HEAD})"]
                rest.append(f"substr(t.{c.name}, -{seals.FIELD_TAIL})")
                names += [c.name + seals.LENGTH, c.name + seals.HEAD, c.name + seals.TAIL]
            elif c.name not in columns:
                rest.append(f"t.{c.name}")
                names.append(c.name)
        sql = (
            f"SELECT t.id, {'t.' + scope if scope else 'NULL'}, t.key_version, "
            f"{', '.join([*('t.' + name for name in columns), *rest])} FROM {table.name} AS t{join}"
        )
        check = self.seal_checker(table, names, raw=True)
        params: tuple[str, ...] = ()
        if group_id is not None:
            sql += f" WHERE {group_column} = ?"
            params = (group_id,)
        keyring = self._keys()
        if scope is not None:
            cases = select(T_CASE.c.id)
            if group_id is not None:
                cases = cases.where(T_CASE.c.group_id == group_id)
            keyring.load(self.conn.execute(cases).scalars())
        decrypt_of: dict[str | None, Callable[[bytes, bytes, bytes], bytes]] = {}
        ad_row, nonce_end, version, pad_block = vault.ad_row, vault.NONCE_END, vault.BLOB_VERSION, vault.PAD_BLOCK
        # Plain tuples from the driver's cursor, and FieldCipher.open written
        # out inline: this loop runs for each of the hundreds of thousands of
        # fields of a long-kept vault, where a dict per row, a Row object or
        # a call per field cost more than the decryption itself. The checks
        # are open()'s: format byte, tag (decrypt raises on any change to
        # blob or associated data), padding.
        from cryptography.exceptions import InvalidTag

        driver = self.conn.connection.driver_connection
        assert driver is not None
        try:
            for row in driver.execute(sql, params):
                row_id, case_id = row[0], row[1]
                decrypt = decrypt_of.get(case_id)
                if decrypt is None:
                    decrypt = decrypt_of[case_id] = keyring.cipher(case_id).decrypt
                row_ad = ad_row(row_id, case_id, row[2])
                hits: list[tuple[str, str, str]] = []
                for index, name, prefix in fields:
                    blob = row[index]
                    try:
                        if blob[0] != version:
                            raise ValueError("unknown blob format")
                        padded = decrypt(blob[1:nonce_end], blob[nonce_end:], prefix + row_ad)
                        stripped = padded.rstrip(b"\x00")
                        if stripped[-1:] != b"\x80" or len(padded) % pad_block:
                            raise ValueError("bad padding")
                        text = stripped[:-1].decode("utf-8")
                    except (InvalidTag, ValueError, IndexError, TypeError):
                        raise self._damaged(table, self._plain_row(table, row_id), name) from None
                    if wanted(text):
                        hits.append((row_id, name, text))
                check(row)
                yield from hits
        except sqlite3.DatabaseError as exc:
            raise translate_db_error(exc) from None

    def _plain_row(self, table: Table, row_id: str) -> Mapping[Any, Any]:
        return self.conn.execute(select(table).where(table.c.id == row_id)).mappings().one()

    def plain_columns(self, table_name: str, ids: Iterable[str], *columns: str) -> dict[str, tuple[Any, ...]]:
        """The values of plaintext ``columns`` of the rows of ``table_name``
        with the given ids, by id; nothing is decrypted (each row's seal is
        checked)."""
        table = METADATA.tables[table_name]
        if any(table.c[name].info.get("sealed") for name in columns):
            raise ValueError(f"sealed columns asked of {table.name}: use rows()")
        found: dict[str, tuple[Any, ...]] = {}
        wanted = sorted(set(ids))
        for start in range(0, len(wanted), 500):  # stay below SQLite's variable limit
            for row in self._checked(table, table.c.id.in_(wanted[start : start + 500])):
                found[row.id] = tuple(getattr(row, name) for name in columns)
        return found

    def presentation_places(
        self, *, ids: Iterable[str] = (), case_ids: Iterable[str] = ()
    ) -> list[PresentationPlace]:
        """Where the presentations with the given ids, and those of the given
        cases, were worked, in the order of :meth:`presentations`; nothing
        is decrypted (each row's seal is checked, the sessions' too)."""
        rows: dict[str, Any] = {}
        for column, values in ((T_PRESENTATION.c.id, ids), (T_PRESENTATION.c.case_id, case_ids)):
            wanted = sorted(set(values))
            for start in range(0, len(wanted), 500):  # stay below SQLite's variable limit
                rows.update({r.id: r for r in self._checked(T_PRESENTATION, column.in_(wanted[start : start + 500]))})
        sessions = self.session_seqs([r.session_id for r in rows.values()])
        places = [
            PresentationPlace(r.id, r.case_id, r.date, *sessions[r.session_id])
            for r in rows.values()
            if r.session_id in sessions
        ]
        return sorted(places, key=lambda p: (p.date, p.session_seq, p.id))

    @staticmethod
    def _presentation_filter(
        case_id: str | None, since: dt.date | None, until: dt.date | None, group_id: str | None
    ) -> list[Any]:
        conds: list[Any] = []
        if case_id is not None:
            conds.append(T_PRESENTATION.c.case_id == case_id)
        if since is not None:
            conds.append(T_PRESENTATION.c.date >= since)
        if until is not None:
            conds.append(T_PRESENTATION.c.date <= until)
        if group_id is not None:
            conds.append(T_SESSION.c.group_id == group_id)
        return conds

    def session_seqs(self, session_ids: Sequence[str]) -> dict[str, tuple[str, int]]:
        """(group id, number) per session id, without decrypting anything
        (each session's seal checked)."""
        found: dict[str, tuple[str, int]] = {}
        ids = sorted(set(session_ids))
        for start in range(0, len(ids), 500):
            for row in self._checked(T_SESSION, T_SESSION.c.id.in_(ids[start : start + 500])):
                found[row.id] = (row.group_id, int(row.seq))
        return found

    def next_resonance_seq(self, presentation_id: str) -> int:
        return self.next_number(T_RESONANCE.c.seq, T_RESONANCE.c.presentation_id == presentation_id)

    def add_case_record(self, record: domain.Case | domain.Presentation | domain.Resonance) -> None:
        """Insert a case, presentation or resonance, sealed under the case's
        key (a new case's key must exist already: :meth:`create_data_key`)."""
        table, values, case_id = self._case_values(record)
        self.insert_row(table, values, case_id)

    def save_case_record(self, record: domain.Case | domain.Presentation | domain.Resonance) -> None:
        """Write every field of an existing case, presentation or resonance."""
        table, values, case_id = self._case_values(record)
        self.update_row(table, record.id, {k: v for k, v in values.items() if k != "id"}, case_id)

    def delete_resonances(self, presentation_id: str) -> None:
        self.delete_rows(T_RESONANCE, T_RESONANCE.c.presentation_id == presentation_id)

    def delete_case(self, case_id: str) -> None:
        """Delete a case's resonances, presentations, data key and row, in the
        caller's write transaction (checkpoint afterwards). Refused while
        the file holds a trigger or view: one could copy the case's rows or
        key elsewhere as they are deleted (crypto-shredding defeated)."""
        planted = self.conn.exec_driver_sql(
            "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view') ORDER BY name"
        ).first()
        if planted is not None:
            raise DamagedError(
                f"the vault holds a {planted[0]} '{planted[1]}' balintlog never makes; the case was not deleted: "
                "run 'balintlog verify' and restore a backup"
            )
        for table, column in (
            (T_RESONANCE, T_RESONANCE.c.case_id),
            (T_PRESENTATION, T_PRESENTATION.c.case_id),
            (T_DATA_KEY, T_DATA_KEY.c.case_id),
            (T_CASE, T_CASE.c.id),
        ):
            self.delete_rows(table, column == case_id)
        if self.keys is not None:
            self.keys.forget(case_id)

    @staticmethod
    def _case_values(
        record: domain.Case | domain.Presentation | domain.Resonance,
    ) -> tuple[Table, dict[str, Any], str]:
        if isinstance(record, domain.Case):
            return T_CASE, {
                "id": record.id,
                "number": record.number,
                "group_id": record.group_id,
                "presenter_id": record.presenter_id,
                "status": record.status.value,
                "opened": record.opened,
                "title": record.title,
                "client": record.client,
                "relationship": record.relationship.value,
                "field": record.field,
                "institution": record.institution,
            }, record.id
        if isinstance(record, domain.Presentation):
            if record.date is None:
                raise ValueError("a presentation is stored with its session's date")
            return T_PRESENTATION, {
                "id": record.id,
                "case_id": record.case_id,
                "session_id": record.session_id,
                "date": record.date,
                "kind": record.kind.value,
                "question": record.question,
                "account": record.account,
                "group_process": record.group_process,
                "leader_notes": record.leader_notes,
                "closing": record.closing,
                "outcome": "" if record.outcome is None else record.outcome.value,
                "what_changed": record.what_changed,
            }, record.case_id
        return T_RESONANCE, {
            "id": record.id,
            "presentation_id": record.presentation_id,
            "case_id": record.case_id,
            "seq": record.seq,
            "intensity": record.intensity,
            "kind": record.kind.value,
            "level": record.level.value,
            "source": record.source,
            "mirroring": "1" if record.mirroring else "0",
            "text": record.text,
        }, record.case_id

    @staticmethod
    def case_from_row(row: Mapping[str, Any]) -> domain.Case:
        return domain.Case(
            id=row["id"],
            number=row["number"],
            group_id=row["group_id"],
            presenter_id=row["presenter_id"],
            title=row["title"],
            status=domain.CaseStatus(row["status"]),
            opened=row["opened"],
            client=row["client"],
            relationship=domain.Relationship(row["relationship"]),
            field=row["field"],
            institution=row["institution"],
        )

    @staticmethod
    def presentation_from_row(
        row: Mapping[str, Any], resonances: Sequence[domain.Resonance] = ()
    ) -> domain.Presentation:
        return domain.Presentation(
            id=row["id"],
            case_id=row["case_id"],
            session_id=row["session_id"],
            kind=domain.PresentationKind(row["kind"]),
            question=row["question"],
            account=row["account"],
            group_process=row["group_process"],
            leader_notes=row["leader_notes"],
            closing=row["closing"],
            outcome=domain.Outcome(row["outcome"]) if row["outcome"] else None,
            what_changed=row["what_changed"],
            resonances=tuple(resonances),
            date=row["date"],
        )

    @staticmethod
    def resonance_from_row(row: Mapping[str, Any]) -> domain.Resonance:
        return domain.Resonance(
            id=row["id"],
            presentation_id=row["presentation_id"],
            case_id=row["case_id"],
            seq=row["seq"],
            kind=domain.ResonanceKind(row["kind"]),
            level=domain.ResonanceLevel(row["level"]),
            intensity=row["intensity"],
            text=row["text"],
            source=row["source"],
            mirroring=row["mirroring"] == "1",
        )

    def drafts(self, id_prefix: str = "") -> list[domain.Draft]:
        """Drafts, oldest first; ``id_prefix`` narrows by id."""
        conds = [T_DRAFT.c.id.startswith(id_prefix, autoescape=True)] if id_prefix else []
        rows = self.rows(T_DRAFT, *conds, order_by=[T_DRAFT.c.created, T_DRAFT.c.id])
        return [
            domain.Draft(id=r["id"], kind=r["kind"], created=r["created"], body=r["body"], context=r["context"])
            for r in rows
        ]

    def add_draft(self, draft: domain.Draft) -> None:
        values = {"id": draft.id, "created": draft.created, "kind": draft.kind}
        self.insert_row(T_DRAFT, {**values, "context": draft.context, "body": draft.body})

    def save_draft(self, draft: domain.Draft) -> None:
        self.update_row(T_DRAFT, draft.id, {"body": draft.body, "context": draft.context, "kind": draft.kind})

    def delete_draft(self, draft_id: str) -> None:
        self.delete_rows(T_DRAFT, T_DRAFT.c.id == draft_id)

    # -- report queries ---------------------------------------------------------

    def sessions_with_ids(self, ids: Sequence[str]) -> list[domain.GroupSession]:
        """The sessions with the given ids, by date and number."""
        wanted = sorted(set(ids))
        rows: list[dict[str, Any]] = []
        for start in range(0, len(wanted), 500):  # stay below SQLite's variable limit
            rows += self.rows(T_SESSION, T_SESSION.c.id.in_(wanted[start : start + 500]))
        found = [domain.GroupSession(**self.capture_fields(domain.GroupSession, r)) for r in rows]
        return sorted(found, key=lambda s: (s.date, s.seq, s.group_id))

    def report_presentations(
        self,
        *,
        case_id: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        group_id: str | None = None,
    ) -> list[domain.Presentation]:
        """:meth:`presentations` as a report reads them, with only the
        fields it shows opened: of a presentation its kind, question,
        leader's notes, outcome and what changed (account, group process and
        closing statement stay sealed and come back empty); of a resonance
        its kind, level, intensity and mirroring, and its source and text
        only when it is a mirroring (a report quotes no other resonance).
        Rows are read as plain tuples: a year of a busy journal is some
        13,000 resonances."""
        conds = self._presentation_filter(case_id, since, until, group_id)
        p, r = T_PRESENTATION, T_RESONANCE
        stmt = (
            select(*self.row_columns(p, ("kind", "question", "leader_notes", "outcome", "what_changed")))
            .join(T_SESSION, T_SESSION.c.id == p.c.session_id)
            .where(*conds)
            .order_by(p.c.date, T_SESSION.c.seq, p.c.id)
        )
        result = self.conn.execute(stmt)
        check_presentation = self.seal_checker(p, list(result.keys()))
        rows = result.all()
        self._keys().load({row.case_id for row in rows})
        res_stmt = (
            select(r)
            .join(p, p.c.id == r.c.presentation_id)
            .join(T_SESSION, T_SESSION.c.id == p.c.session_id)
            .where(*conds)
            .order_by(r.c.presentation_id, r.c.seq)
        )
        open_fields = self._field_opener(r, ("kind", "level", "mirroring"))
        open_quoted = self._field_opener(r, ("source", "text"))
        # Looked up in a dict: calling the enumeration costs as much as opening the field.
        kinds = {k.value: k for k in domain.ResonanceKind}
        levels = {lv.value: lv for lv in domain.ResonanceLevel}
        by_presentation: dict[str, list[domain.Resonance]] = {row.id: [] for row in rows}
        resonances = self.conn.execute(res_stmt)
        check_resonance = self.seal_checker(r, list(resonances.keys()))
        for res in resonances.all():
            rid, cid, version = res.id, res.case_id, res.key_version
            kind, level, mirroring = open_fields(rid, cid, version, (res.kind, res.level, res.mirroring))
            quoted = (res.source, res.text)
            source, text = open_quoted(rid, cid, version, quoted) if mirroring == "1" else ("", "")
            check_resonance(res)
            by_presentation[res.presentation_id].append(
                domain.Resonance(
                    id=rid,
                    presentation_id=res.presentation_id,
                    case_id=cid,
                    seq=res.seq,
                    kind=kinds.get(kind) or domain.ResonanceKind(kind),
                    level=levels.get(level) or domain.ResonanceLevel(level),
                    intensity=res.intensity,
                    text=text,
                    source=source,
                    mirroring=mirroring == "1",
                )
            )
        open_presentation = self._field_opener(p, ("kind", "question", "leader_notes", "outcome", "what_changed"))
        found = []
        for row in rows:
            blobs = (row.kind, row.question, row.leader_notes, row.outcome, row.what_changed)
            kind, question, leader_notes, outcome, what_changed = open_presentation(
                row.id, row.case_id, row.key_version, blobs
            )
            check_presentation(row)
            found.append(
                domain.Presentation(
                    id=row.id,
                    case_id=row.case_id,
                    session_id=row.session_id,
                    kind=domain.PresentationKind(kind),
                    question=question,
                    leader_notes=leader_notes,
                    outcome=domain.Outcome(outcome) if outcome else None,
                    what_changed=what_changed,
                    resonances=tuple(by_presentation[row.id]),
                    date=row.date,
                )
            )
        return found

    def _field_opener(
        self, table: Table, columns: Sequence[str]
    ) -> Callable[[str, str | None, int, Sequence[bytes]], list[str]]:
        """A function opening the blobs of ``columns`` (in that order) of one
        row of a case-scoped ``table``, given the row's id, case id and key
        version: what :meth:`_row_opener` does, on a tuple of only the
        columns wanted."""
        keyring = self._keys()
        prefix_of = dict(self._ad_prefixes(table))
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
                        raise self._damaged(table, {"id": row_id, "case_id": case_id}, col) from None
                raise

        return open_fields

    def session_days(
        self, group_id: str, *, since: dt.date | None, until: dt.date | None, statuses: Sequence[str]
    ) -> list[tuple[dt.date, int]]:
        """(day, number) of a group's sessions with one of ``statuses``, in
        order; nothing is decrypted (each session's seal checked)."""
        c = T_SESSION.c
        conds = [c.group_id == group_id, c.status.in_([str(s) for s in statuses])]
        if since is not None:
            conds.append(c.date >= since)
        if until is not None:
            conds.append(c.date <= until)
        return [(row.date, int(row.seq)) for row in self._checked(T_SESSION, *conds, order_by=[c.date, c.seq])]

    # -- verification -----------------------------------------------------

    def verify(self, progress: Callable[[int, int], None] | None = None) -> tuple[int, list[str]]:
        """Open every sealed field. Returns (fields checked, failures), each
        failure naming its record."""
        failures: list[str] = []
        checked = 0
        with self.transaction(write=False) as conn:
            problem = conn.exec_driver_sql("PRAGMA quick_check").scalar()
            if problem != "ok":
                failures.append(f"SQLite integrity check: {problem}")
            total = sum(
                conn.execute(select(func.count()).select_from(METADATA.tables[name])).scalar_one()
                for name in SEALED_TABLES
            )
            case_ids = conn.execute(select(T_DATA_KEY.c.case_id).where(T_DATA_KEY.c.case_id.is_not(None)))
            self._keys().load(case_ids.scalars())
            done = 0
            for name in SEALED_TABLES:
                table = METADATA.tables[name]
                result = conn.execute(select(table))
                names = list(result.keys())
                open_in_place = self._row_opener(table, check=False)  # seals: below, with the chain
                for values in result:
                    row = dict(zip(names, values, strict=True))
                    try:
                        open_in_place(row)
                    except DamagedError as exc:
                        failures.append(str(exc).split(": the vault")[0])
                    except BalintlogError as exc:
                        failures.append(f"{self.describe_record(table, row)}: {exc}")
                    checked += len(SEALED_TABLES[name])
                    done += 1
                    if progress is not None and (done % PROGRESS_STEP == 0 or done == total):
                        progress(done, total)
            if self.checking:
                failures += self._verify_change_log()
        return checked, failures

    def _describe_kept(self, row: Mapping[str, Any]) -> str:
        """:meth:`describe_record` of the row a ``change_content`` row keeps."""
        table = METADATA.tables.get(row["table_name"], T_CHANGE_CONTENT)
        return self.describe_record(table, {"id": row["row_id"], "case_id": row["case_id"]})

    def _verify_change_log(self) -> list[str]:
        """Row seals and the change log: the chain replayed against every
        row, each failure once, by record; the kept contents opened."""
        log = self.change_log()
        tables = [t for t in METADATA.sorted_tables if t.name not in changelog.LOG_TABLES]
        row_failures, chain_failures, last_seq, last_hash = changelog.verify(log, tables)
        found = [f"the change log: {problem}" for problem in chain_failures]
        for failure in row_failures:
            table = METADATA.tables[failure.table]
            row = failure.row if failure.row is not None else {"id": failure.row_id}
            found.append(f"{self.describe_record(table, row)} {failure.what}")
        for row, why in changelog.contents_failures(log):
            found.append(
                f"the change log's copy of {self._describe_kept(row)} "
                f"from change {row['change_seq']}: {why}"
            )
        self.last_change = (last_seq, last_hash)
        return found

    def sqlite_pragma(self, name: str) -> Any:
        with self.engine.connect() as conn:
            return conn.exec_driver_sql(f"PRAGMA {name}").scalar()

    def raw(self, sql: str) -> list[Any]:
        """Plain SQL for tests and diagnostics (no field values leave here
        unsealed)."""
        return list(self.conn.execute(text(sql)))

    # -- backups ----------------------------------------------------------------

    def vacuum_into(self, target: Path) -> None:
        """Write a compact, consistent copy of the vault (a single file in
        rollback-journal mode) into the empty file ``target``."""
        raw = self.engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("VACUUM INTO ?", (str(target),))
            cursor.close()
        except sqlite3.DatabaseError as exc:
            raise translate_db_error(exc) from None
        finally:
            raw.close()

    @classmethod
    def open_read_only(cls, path: Path) -> Store:
        """Open a copy of a vault (a backup) that must not change: read-only,
        no WAL, no schema upgrade."""
        from urllib.parse import quote

        def connect() -> sqlite3.Connection:
            conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, isolation_level=None)
            conn.execute("PRAGMA query_only=ON")
            return conn

        engine = create_engine("sqlite://", creator=connect, hide_parameters=True)

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            conn.exec_driver_sql("BEGIN")

        store = cls(path, engine)
        try:
            with store.transaction(write=False) as conn:
                revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        except BalintlogError:
            store.close()
            raise
        if revision != HEAD_REVISION:
            store.close()
            raise DamagedError(f"{path.name} has schema {revision}, not {HEAD_REVISION}")
        return store

    def integrity_problems(self) -> list[str]:
        """SQLite's full integrity check: an empty list when the file is sound."""
        with self.transaction(write=False) as conn:
            found = [str(row[0]) for row in conn.exec_driver_sql("PRAGMA integrity_check")]
        return [] if found == ["ok"] else found

    @staticmethod
    def fold_wal(path: Path) -> bool:
        """Checkpoint the WAL of the vault file ``path`` into it and truncate
        it. False when the file is no readable database; VaultBusyError when
        another process keeps the checkpoint from completing."""
        conn = sqlite3.connect(path, timeout=_busy_timeout(), isolation_level=None)
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
