"""The strict schema: a vault holds exactly what balintlog created in it.

SQL stored in a SQLite file runs whenever the file is used: a trigger can
copy a case's rows and key aside before ``case delete`` erases them, a view
with an INSTEAD OF trigger can swallow every write made to it. So before any
other statement runs on a connection (before even the switch to WAL, which
writes to the file), its application id and its whole schema are checked:
every table, index, trigger and view in ``sqlite_master``, by type, name,
table and SQL (compared as stored, or else with whitespace and identifier
quotes normalised, for the same statement written out by another SQLAlchemy
version), must be exactly
what the migrations up to the vault's Alembic revision create. Anything
else is refused with :class:`~balintlog.errors.DamagedError` naming the
object.

The expected schema of every revision shipped in the package is in
:mod:`balintlog.db.schema_snapshot` (written by ``scripts/schema_snapshot.py``;
a test checks it against the migrations), so that the check costs no Alembic
import; another revision (a test-only one) is built on demand by running the
migrations in an in-memory database.

Every balintlog vault carries :data:`APPLICATION_ID` in its header. Vaults
made before it existed have 0 there: they are recognised by their own schema
(meta table and Alembic revision, checked like any other) and stamped when
they are opened (see :data:`STAMP`).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache

from balintlog.errors import BalintlogError, DamagedError, VaultBusyError
from balintlog.i18n import _

#: ``PRAGMA application_id`` of a balintlog vault: "BLNT" in ASCII.
APPLICATION_ID = 0x424C4E54

#: name -> (type, table, SQL as stored); SQL is None for the indexes SQLite
#: makes itself for UNIQUE and PRIMARY KEY constraints.
Schema = dict[str, tuple[str, str, str | None]]

#: What every connection runs first: SQL stored in the file (views,
#: triggers) may not call functions that have side effects.
CONNECTION_PRAGMA = "PRAGMA trusted_schema = OFF"
#: Writes the application id into a new vault, or into one made before it
#: existed (inside the caller's write transaction).
STAMP = f"PRAGMA application_id = {APPLICATION_ID}"

_SPACE_NEAR_PUNCTUATION = re.compile(r"\s*([(),;=])\s*")
_SPACE = re.compile(r"\s+")
_QUOTES = re.compile(r'["`\[\]]')


def normalise(sql: str | None) -> str | None:
    """``sql`` with its layout and identifier quotes taken out, so that the
    same statement written out by another SQLAlchemy version compares equal."""
    if sql is None:
        return None
    flat = _SPACE_NEAR_PUNCTUATION.sub(r"\1", _QUOTES.sub("", sql))
    return _SPACE.sub(" ", flat).strip()


def read_schema(conn: sqlite3.Connection) -> Schema:
    """The schema of an open database."""
    return {
        name: (kind, table, sql)
        for kind, name, table, sql in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
    }


def same_entry(actual: tuple[str, str, str | None], expected: tuple[str, str, str | None]) -> bool:
    """Whether two schema entries are the same object: the SQL compared as
    stored first (the usual case, and free), normalised only when that
    differs."""
    if actual == expected:
        return True
    return actual[:2] == expected[:2] and normalise(actual[2]) == normalise(expected[2])


@lru_cache(maxsize=8)
def expected_schema(revision: str) -> Schema:
    """The schema the migrations up to ``revision`` create."""
    from balintlog.db.schema_snapshot import SCHEMAS

    found = SCHEMAS.get(revision)
    if found is not None:
        return {name: (kind, table, sql) for name, kind, table, sql in found}
    return build_schema(revision)


def build_schema(revision: str) -> Schema:
    """Run the migrations up to ``revision`` in an in-memory database and
    read the schema they made."""
    from sqlalchemy import create_engine

    from balintlog import migrations

    engine = create_engine("sqlite://")
    try:
        with engine.connect() as conn:
            with conn.begin():
                migrations.upgrade(conn, to=revision)
            raw = conn.connection.driver_connection
            assert isinstance(raw, sqlite3.Connection)
            return read_schema(raw)
    finally:
        engine.dispose()


@dataclass(frozen=True)
class Checked:
    """What the check of a file found: its schema revision, and whether it
    carries balintlog's application id already (older vaults do not)."""

    revision: str
    stamped: bool


def _shown(name: str) -> str:
    """An object name as it may appear in a one-line message."""
    text = "".join(ch if ch.isprintable() else "?" for ch in name)
    return text if len(text) <= 60 else text[:57] + "..."


def schema_problem(actual: Schema, expected: Schema, what: str) -> str | None:
    """The first difference between the two schemas, as a sentence about
    ``what`` ("the vault"); None when they are the same."""
    # Code before data: a foreign trigger or view is named before the
    # table it works on.
    order = {"trigger": 0, "view": 1, "table": 2}
    for name, (kind, _table, _sql) in sorted(actual.items(), key=lambda item: (order.get(item[1][0], 3), item[0])):
        if name not in expected:
            return _("{what} holds a {kind} '{name}' that balintlog did not create").format(
                what=what, kind=kind, name=_shown(name)
            )
    for name, (kind, _table, _sql) in sorted(actual.items()):
        if not same_entry(actual[name], expected[name]):
            return _("{what} holds a {kind} '{name}' that differs from the one balintlog created").format(
                what=what, kind=kind, name=_shown(name)
            )
    for name, (kind, _table, _sql) in sorted(expected.items()):
        if name not in actual:
            return _("{what} lacks the {kind} '{name}' that balintlog created in it").format(
                what=what, kind=kind, name=_shown(name)
            )
    return None


def check(conn: sqlite3.Connection, what: str, then: str) -> Checked:
    """Check a freshly opened connection to a file that must be a balintlog
    vault, running nothing but reads (and :data:`CONNECTION_PRAGMA`) on it.
    ``what`` names the file in messages ("the vault", "the backup X"),
    ``then`` says what to do ("restore a backup"). Raises DamagedError
    naming the first foreign, changed or missing object; BalintlogError for
    a vault written by a newer balintlog."""
    unreadable = _("{what} is damaged (not a readable SQLite database); {then}")
    try:
        conn.execute(CONNECTION_PRAGMA)
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if application_id not in (0, APPLICATION_ID):
            raise DamagedError(
                _(
                    "{what} is not a balintlog vault (it belongs to another program: application id {id}); "
                    "nothing was changed in it"
                ).format(what=what, id=f"{application_id:#010x}")
            )
        actual = read_schema(conn)
        if not _looks_like_a_vault(actual):
            if application_id == 0:
                raise DamagedError(_("{what} is not a balintlog vault; nothing was changed in it").format(what=what))
            raise DamagedError(_("{what} lacks balintlog's own tables; {then}").format(what=what, then=then))
        # Only now that alembic_version is known to be the plain table
        # balintlog made is anything read from a table.
        versions = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.OperationalError as exc:
        message = str(exc).lower()
        if "locked" in message or "busy" in message:
            raise VaultBusyError(
                _("vault busy: another balintlog command is writing to it; try again in a moment")
            ) from None
        raise DamagedError(unreadable.format(what=what, then=then)) from None
    except sqlite3.DatabaseError:
        raise DamagedError(unreadable.format(what=what, then=then)) from None
    if len(versions) != 1 or not isinstance(versions[0][0], str):
        raise DamagedError(_("{what} has no readable schema revision; {then}").format(what=what, then=then))
    revision: str = versions[0][0]
    expected = _expected_or_newer(revision, what)
    problem = schema_problem(actual, expected, what)
    if problem is not None:
        raise DamagedError(_("{problem}; it was tampered with: {then}").format(problem=problem, then=then))
    return Checked(revision, application_id == APPLICATION_ID)


#: The revision every vault starts from, and the objects of Alembic's own
#: that no later revision changes: how a vault is recognised before its
#: revision is read.
BASELINE = "0001_baseline"
_ALEMBIC_OBJECTS = ("alembic_version", "sqlite_autoindex_alembic_version_1")


def _looks_like_a_vault(actual: Schema) -> bool:
    """Whether balintlog's meta table and Alembic's version table are there,
    the latter exactly as balintlog made it."""
    baseline = expected_schema(BASELINE)
    meta = actual.get("vault_meta")
    return (
        meta is not None
        and meta[0] == "table"
        and all(name in actual and same_entry(actual[name], baseline[name]) for name in _ALEMBIC_OBJECTS)
    )


def _expected_or_newer(revision: str, what: str) -> Schema:
    from balintlog.db.schema_snapshot import SCHEMAS

    if revision not in SCHEMAS:
        from balintlog import migrations

        if not migrations.is_known(revision):
            shown = _shown(revision)
            raise BalintlogError(
                _("{what} was written by a newer balintlog (schema {schema}); upgrade balintlog").format(
                    what=what, schema=shown
                )
            )
    return expected_schema(revision)
