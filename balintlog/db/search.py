"""The text scan of a search: every sealed field of a table opened in one pass."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, select

from balintlog import vault
from balintlog.db.engine import translate_db_error
from balintlog.db.schema import CASE_SCOPED, METADATA, T_CASE

if TYPE_CHECKING:
    from balintlog.store import Store

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


def find_texts(
    store: Store, table_name: str, columns: Sequence[str], wanted: Callable[[str], bool], group_id: str | None = None
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
    ads = dict(store.ad_prefixes(table))
    # (index in the row, column, start of its associated data)
    fields = [(3 + i, name, ads[name]) for i, name in enumerate(columns)]
    scope = CASE_SCOPED.get(table.name)
    # After the fields, every other column, for the row's seal; the fields
    # not searched whole too: SQLite reads a field's blob once to give it,
    # but twice to give its length and ends (substr() reads it whole).
    names = ["", "", "", *columns]
    rest: list[str] = []
    for c in table.columns:
        if c.name not in columns:
            rest.append(f"t.{c.name}")
            names.append(c.name)
    sql = (
        f"SELECT t.id, {'t.' + scope if scope else 'NULL'}, t.key_version, "
        f"{', '.join([*('t.' + name for name in columns), *rest])} FROM {table.name} AS t{join}"
    )
    check = store.seal_checker(table, names, raw=True)
    params: tuple[str, ...] = ()
    if group_id is not None:
        sql += f" WHERE {group_column} = ?"
        params = (group_id,)
    keyring = store.keyring()
    if scope is not None:
        cases = select(T_CASE.c.id)
        if group_id is not None:
            cases = cases.where(T_CASE.c.group_id == group_id)
        keyring.load(store.conn.execute(cases).scalars())
    decrypt_of: dict[str | None, Callable[[bytes, bytes, bytes], bytes]] = {}
    ad_row, nonce_end, version, pad_block = vault.ad_row, vault.NONCE_END, vault.BLOB_VERSION, vault.PAD_BLOCK
    # Plain tuples from the driver's cursor, and FieldCipher.open written
    # out inline: this loop runs for each of the hundreds of thousands of
    # fields of a long-kept vault, where a dict per row, a Row object or
    # a call per field cost more than the decryption itself. The checks
    # are open()'s: format byte, tag (decrypt raises on any change to
    # blob or associated data), padding.
    from cryptography.exceptions import InvalidTag

    driver = store.conn.connection.driver_connection
    assert driver is not None
    try:
        for row in driver.execute(sql, params):
            row_id, case_id = row[0], row[1]
            decrypt = decrypt_of.get(case_id)
            if decrypt is None:
                decrypt = decrypt_of[case_id] = keyring.cipher(case_id).decrypt
            row_ad = ad_row(row_id, case_id, row[2])
            hits: list[tuple[str, str, str]] | None = None
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
                    raise store.damaged(table, _plain_row(store, table, row_id), name) from None
                if wanted(text):
                    if hits is None:
                        hits = []
                    hits.append((row_id, name, text))
            check(row)
            if hits is not None:  # most rows hold none
                yield from hits
    except sqlite3.DatabaseError as exc:
        raise translate_db_error(exc) from None

def _plain_row(store: Store, table: Table, row_id: str) -> Mapping[Any, Any]:
    return store.conn.execute(select(table).where(table.c.id == row_id)).mappings().one()

def plain_columns(store: Store, table_name: str, ids: Iterable[str], *columns: str) -> dict[str, tuple[Any, ...]]:
    """The values of plaintext ``columns`` of the rows of ``table_name``
    with the given ids, by id; nothing is decrypted (each row's seal is
    checked)."""
    table = METADATA.tables[table_name]
    if any(table.c[name].info.get("sealed") for name in columns):
        raise ValueError(f"sealed columns asked of {table.name}: use rows()")
    found: dict[str, tuple[Any, ...]] = {}
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), 500):  # stay below SQLite's variable limit
        for row in store.checked(table, table.c.id.in_(wanted[start : start + 500])):
            found[row.id] = tuple(getattr(row, name) for name in columns)
    return found
