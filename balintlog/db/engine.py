"""The SQLite engine of a vault: its pragmas, BEGIN IMMEDIATE for writes
with a busy wait Ctrl-C can interrupt, the refusal of writes outside the
write gate, signal holding around a commit, and SQLite's errors in words."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import create_engine, event
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.util import LRUCache

from balintlog.db import schema_check
from balintlog.errors import BalintlogError, DamagedError, VaultBusyError
from balintlog.i18n import _

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


class VaultDialect(SQLiteDialect_pysqlite):
    """SQLAlchemy's pysqlite dialect, made equal to every other instance of
    it set up alike, so that all the engines of a process share
    :data:`COMPILED_CACHE`: SQLAlchemy keys its compiled statements on the
    dialect object, and a new engine (one per command) would otherwise
    compile every query again. Every engine of this module makes its
    dialect with the same (default) settings; the identity compared below
    also holds what a connection tells the dialect (the SQLite version)."""

    supports_statement_cache = True

    def _identity(self) -> tuple[Any, ...]:
        return (
            type(self),
            self.dbapi,
            self.server_version_info,
            self.paramstyle,
            self.isolation_level,
            self.native_datetime,
            self._json_serializer,
            self._json_deserializer,
            self.label_length,
            self.max_identifier_length,
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, VaultDialect) and self._identity() == other._identity()

    def __hash__(self) -> int:
        return hash(type(self))


registry.register("sqlite.balintlog", __name__, "VaultDialect")
#: The URL scheme of :class:`VaultDialect`.
SCHEME = "sqlite+balintlog"
#: Compiled statements (SQL text and result set-up, never values: SQLAlchemy
#: extracts parameters before it caches) shared by every engine of the
#: process. The key agent fills it before it forks (see
#: :mod:`balintlog.agent.serving`), so a served command starts warm.
COMPILED_CACHE: LRUCache[Any, Any] = LRUCache(500)
_SHARED_CACHE = {"compiled_cache": COMPILED_CACHE}


def busy_timeout() -> float:
    try:
        return float(os.environ.get(BUSY_TIMEOUT_ENV, DEFAULT_BUSY_TIMEOUT))
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT


def make_engine(path: Path, *, what: str | None = None, then: str | None = None) -> Engine:
    """An engine with the vault's SQLite settings: WAL, synchronous=FULL,
    secure_delete, foreign keys, and BEGIN IMMEDIATE for write transactions
    (SQLAlchemy's documented pysqlite recipe: the driver's own transaction
    handling is switched off and the begin event emits BEGIN itself).

    Every connection is first checked (:func:`check_connection`) before
    anything else runs on it; ``what=None`` is for a new, empty vault.
    ``then`` says what to do when the file is refused ("restore a backup")."""
    if then is None:
        then = _("restore a backup")
    engine = create_engine(
        f"{SCHEME}:///{path}",
        hide_parameters=True,
        connect_args={"timeout": busy_timeout()},
        execution_options=_SHARED_CACHE,
    )

    # insert=True: before SQLAlchemy's own first-connect handling.
    @event.listens_for(engine, "connect", insert=True)
    def _on_connect(dbapi_conn: sqlite3.Connection, record: Any) -> None:
        dbapi_conn.isolation_level = None
        if what is None:
            dbapi_conn.execute(schema_check.CONNECTION_PRAGMA)
        else:
            check_connection(dbapi_conn, record, what, then)
        cur = dbapi_conn.cursor()
        for pragma in (
            "journal_mode=WAL",
            "synchronous=FULL",
            "secure_delete=ON",
            "foreign_keys=ON",
        ):
            cur.execute(f"PRAGMA {pragma}")
        cur.close()

    @event.listens_for(engine, "before_cursor_execute")
    def _on_execute(conn: Connection, _cursor: object, statement: str, *_args: object) -> None:
        if not conn.info.get("command") and _CHANGES.match(statement):
            raise UngatedWriteError(
                "a write to the vault outside a write transaction of the journal (Journal.writing)"
            )

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.info.get("write"):
            _begin_immediate(conn, busy_timeout())
        else:
            conn.exec_driver_sql("BEGIN")

    return engine


class UngatedWriteError(RuntimeError):
    """A statement that would change the vault, run outside
    :meth:`Store.write_transaction`: a programming error, never the user's."""


#: Statements that change rows (schema changes run only in migrations, which
#: are write transactions of their own).
_CHANGES = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


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


def hold_interrupts() -> set[int] | None:
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
            _("vault busy: another balintlog command is writing to it; try again in a moment")
        )
    if ("disk" in msg and ("full" in msg or "i/o" in msg)) or "too large" in msg or "file size" in msg:
        return BalintlogError(
            _("could not write the vault (disk full or file too large); nothing was changed: free space and retry")
        )
    if "not a database" in msg or "malformed" in msg or "corrupt" in msg:
        return DamagedError(_("the vault file is damaged (not a readable SQLite database): restore a backup"))
    return BalintlogError(
        _("database error ({name}); nothing was changed").format(name=type(getattr(exc, "orig", exc)).__name__)
    )




def check_connection(dbapi_conn: sqlite3.Connection, record: Any, what: str, then: str) -> None:
    """:func:`balintlog.db.schema_check.check` on a new connection, what it
    found kept in the connection's ``info["schema"]``; the connection is
    closed when the check refuses the file (no -wal or -shm stays behind)."""
    try:
        record.info["schema"] = schema_check.check(dbapi_conn, what, then)
    except BaseException:
        dbapi_conn.close()
        raise


def read_only_engine(path: Path, *, what: str, then: str) -> Engine:
    """An engine on a copy of a vault (a backup) that must not change:
    read-only, no WAL; each connection checked as :func:`make_engine`'s are."""

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, isolation_level=None)

    engine = create_engine(f"{SCHEME}://", creator=connect, hide_parameters=True, execution_options=_SHARED_CACHE)

    @event.listens_for(engine, "connect", insert=True)
    def _on_connect(dbapi_conn: sqlite3.Connection, record: Any) -> None:
        check_connection(dbapi_conn, record, what, then)
        dbapi_conn.execute("PRAGMA query_only=ON")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine
