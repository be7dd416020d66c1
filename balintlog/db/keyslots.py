"""The vault's keys as stored: the keyslots (the master key wrapped under
the passphrase and the recovery code) and the data keys wrapped under the
master key, one for the vault and one per case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import select

from balintlog import vault
from balintlog.db.schema import T_DATA_KEY, T_IDENTITY_KEY, T_KEYSLOT, KeyslotRow, new_id
from balintlog.errors import DamagedError
from balintlog.i18n import _

if TYPE_CHECKING:
    from balintlog.store import Store


def keyslot(store: Store, kind: str) -> KeyslotRow:
    # The values as SQLite holds them (no type processing, which would
    # fail on a tampered value with an unexpected error), checked by
    # vault.keyslot_values.
    with store.transaction(write=False) as conn:
        row = conn.exec_driver_sql(
            "SELECT kdf, salt, memory_kib, iterations, lanes, wrapped_key FROM keyslot WHERE kind = ?",
            (kind,),
        ).first()
    if row is None:
        raise DamagedError(_("the vault has no {kind} keyslot: restore a backup").format(kind=kind))
    kdf, salt, memory, iterations, lanes, wrapped = row
    kdf, salt, params, wrapped = vault.keyslot_values(kind, kdf, salt, (memory, iterations, lanes), wrapped)
    return KeyslotRow(kind=kind, kdf=kdf, salt=salt, params=params, wrapped_key=wrapped)


def put_keyslot(store: Store, slot: KeyslotRow, today: dt.date) -> None:
    values = {
        "kdf": slot.kdf,
        "salt": slot.salt,
        "memory_kib": slot.params.memory_kib,
        "iterations": slot.params.iterations,
        "lanes": slot.params.lanes,
        "wrapped_key": slot.wrapped_key,
        "changed": today,
    }
    existing = store.conn.execute(select(T_KEYSLOT.c.id).where(T_KEYSLOT.c.kind == slot.kind)).scalar()
    if existing is None:
        store.insert_row(T_KEYSLOT, {"kind": slot.kind, **values})
    else:
        store.update_row(T_KEYSLOT, existing, values)


def create_data_key(store: Store, master_key: bytes, case_id: str | None) -> None:
    """Make the vault's (``case_id`` None) or a case's data key. For a
    case, call it before inserting the case row, which is sealed with it."""
    key_id = new_id()
    key = vault.new_key()
    wrapped = vault.wrap_key(master_key, key, vault.data_key_ad(store.vault_id, key_id, case_id, 1))
    store.insert_row(T_DATA_KEY, {"id": key_id, "case_id": case_id, "version": 1, "wrapped_key": wrapped})
    if store.keys is not None:
        store.keys.add(case_id, key)


def data_key(store: Store, master_key: bytes, case_id: str | None) -> bytes:
    cond = T_DATA_KEY.c.case_id.is_(None) if case_id is None else T_DATA_KEY.c.case_id == case_id
    with store.transaction(write=False) as conn:
        row = conn.execute(select(T_DATA_KEY).where(cond)).mappings().first()
        if row is None:
            if case_id is None:
                raise DamagedError(_("the vault's data key is missing: restore a backup"))
            raise DamagedError(_("a case's data key is missing: restore a backup"))
        store.check_seal(T_DATA_KEY, row)
    key = vault.unwrap_key(
        master_key,
        row["wrapped_key"],
        vault.data_key_ad(store.vault_id, row["id"], case_id, row["version"]),
    )
    if key is None:
        raise DamagedError(_("data key {id} failed to open (tampered): restore a backup").format(id=row["id"][:8]))
    return key


def data_keys(store: Store, master_key: bytes, case_ids: Sequence[str]) -> dict[str, bytes]:
    """The data keys of the cases ``case_ids`` that have exactly one key
    whose row bears its seal and whose key opens (see
    :meth:`balintlog.store.Keyring.load`)."""
    sql, names = store.row_select(T_DATA_KEY)
    params: list[str] = []
    if len(case_ids) > 500:
        # Most of the vault's cases: reading every case's key row at once
        # is quicker than asking for them 500 at a time.
        wanted: set[str] | None = set(case_ids)
        sql += " WHERE t.case_id IS NOT NULL"
    elif case_ids:
        wanted = None
        sql += f" WHERE t.case_id IN ({', '.join('?' * len(case_ids))})"
        params = list(case_ids)
    else:
        return {}
    at_id, at_case, at_version, at_wrapped = (names.index(n) for n in ("id", "case_id", "version", "wrapped_key"))
    rows: dict[str, list[tuple[str, int, bytes]]] = {}
    with store.transaction(write=False):
        # Plain tuples from the driver: a listing of every case reads thousands.
        check = store.seal_checker(T_DATA_KEY, names)
        for values in store.driver_rows(sql, params):
            try:
                check(values)
            except DamagedError:
                continue  # left out: data_key() names it when the case's rows are opened
            case_id = values[at_case]
            if wanted is None or case_id in wanted:
                rows.setdefault(case_id, []).append((values[at_id], values[at_version], values[at_wrapped]))
    found: dict[str, bytes] = {}
    unwrap = vault.key_unwrapper(master_key)
    head = f"balintlog\x00{store.vault_id}\x00data_key\x00"
    for case_id, ((key_id, version, wrapped), *more) in rows.items():
        # vault.data_key_ad(vault_id, key_id, case_id, version), its start made once
        ad = (head + "\x00".join((key_id, case_id, str(version)))).encode()
        key = None if more else unwrap(wrapped, ad)
        if key is not None:
            found[case_id] = key
    return found


def wrapped_data_keys(store: Store) -> list[tuple[str, str | None, object, object]]:
    """Every data key row, in the current transaction, as SQLite holds it
    (no type processing: a tampered value is the caller's to refuse):
    (id, case id, version, wrapped key)."""
    rows = store.conn.exec_driver_sql("SELECT id, case_id, version, wrapped_key FROM data_key").all()
    return [(str(key_id), case_id, version, wrapped) for key_id, case_id, version, wrapped in rows]


def rewrap_data_key(store: Store, key_id: str, wrapped: bytes) -> None:
    """Store a data key wrapped anew (under a new master key); its row is
    sealed anew and the change recorded, like every write."""
    store.update_row(T_DATA_KEY, key_id, {"wrapped_key": wrapped})


def identity_key_ad(vault_id: str, key_id: str, identity_id: str | None, version: int) -> bytes:
    """What an identity's wrapped key is bound to (never a case key's AD)."""
    return "\x00".join(("balintlog", vault_id, "identity_key", key_id, identity_id or "", str(version))).encode()


def create_identity_key(store: Store, master_key: bytes, identity_id: str) -> None:
    """Make the data key of one identity; call it before inserting the
    identity row, which is sealed with it."""
    key_id = new_id()
    key = vault.new_key()
    wrapped = vault.wrap_key(master_key, key, identity_key_ad(store.vault_id, key_id, identity_id, 1))
    store.insert_row(T_IDENTITY_KEY, {"id": key_id, "identity_id": identity_id, "version": 1, "wrapped_key": wrapped})
    if store.keys is not None:
        store.keys.add_identity(identity_id, key)


def identity_key(store: Store, master_key: bytes, identity_id: str) -> bytes:
    """The data key of one identity; DamagedError when it is missing or fails to open."""
    with store.transaction(write=False) as conn:
        rows = conn.execute(select(T_IDENTITY_KEY).where(T_IDENTITY_KEY.c.identity_id == identity_id)).mappings().all()
        if len(rows) != 1:
            raise DamagedError(_("an identity's data key is missing: restore a backup"))
        row = rows[0]
        store.check_seal(T_IDENTITY_KEY, row)
    key = vault.unwrap_key(
        master_key, row["wrapped_key"], identity_key_ad(store.vault_id, row["id"], identity_id, row["version"])
    )
    if key is None:
        raise DamagedError(_("data key {id} failed to open (tampered): restore a backup").format(id=row["id"][:8]))
    return key


def wrapped_identity_keys(store: Store) -> list[tuple[str, str | None, object, object]]:
    """Every identity key row as SQLite holds it: (id, identity id, version, wrapped key)."""
    rows = store.conn.exec_driver_sql("SELECT id, identity_id, version, wrapped_key FROM identity_key").all()
    return [(str(key_id), owner, version, wrapped) for key_id, owner, version, wrapped in rows]


def rewrap_identity_key(store: Store, key_id: str, wrapped: bytes) -> None:
    """Store an identity key wrapped anew (under a new master key)."""
    store.update_row(T_IDENTITY_KEY, key_id, {"wrapped_key": wrapped})
