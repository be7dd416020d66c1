"""Queries of groups, members, block days, sessions and attendance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import fields
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, func, select

from balintlog import domain
from balintlog.db.schema import T_ACCREDITATION, T_ATTENDANCE, T_BLOCK, T_GROUP, T_MEMBER, T_SESSION

if TYPE_CHECKING:
    from balintlog.store import Store


def groups(store: Store) -> list[domain.Group]:
    """Every group, opened, in the order they started."""
    rows = store.rows(T_GROUP, order_by=[T_GROUP.c.start, T_GROUP.c.id])
    return [domain.Group(**capture_fields(domain.Group, r)) for r in rows]


def members(store: Store, group_id: str | None = None, ids: Sequence[str] | None = None) -> list[domain.Member]:
    """Members of one group, or with the given ids (unordered)."""
    conds = [] if group_id is None else [T_MEMBER.c.group_id == group_id]
    if ids is not None:
        conds.append(T_MEMBER.c.id.in_(list(ids)))
    return [domain.Member(**capture_fields(domain.Member, r)) for r in store.rows(T_MEMBER, *conds)]


def blocks(
    store: Store, group_id: str | None = None, *, ids: Sequence[str] | None = None, day: dt.date | None = None
) -> list[domain.Block]:
    """Block days, by date and number."""
    conds = [] if group_id is None else [T_BLOCK.c.group_id == group_id]
    if ids is not None:
        conds.append(T_BLOCK.c.id.in_(list(ids)))
    if day is not None:
        conds.append(T_BLOCK.c.date == day)
    rows = store.rows(T_BLOCK, *conds, order_by=[T_BLOCK.c.date, T_BLOCK.c.seq])
    return [domain.Block(**capture_fields(domain.Block, r)) for r in rows]


def sessions(
    store: Store,
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
    rows = store.rows(T_SESSION, *conds, order_by=[T_SESSION.c.date, T_SESSION.c.seq, T_SESSION.c.group_id])
    return [domain.GroupSession(**capture_fields(domain.GroupSession, r)) for r in rows]


def session_counts(store: Store, group_id: str) -> dict[str, int]:
    """How many sessions of a group have each status (nothing decrypted;
    each session's seal checked)."""
    counts: dict[str, int] = {}
    for row in store.checked(T_SESSION, T_SESSION.c.group_id == group_id):
        counts[row.status] = counts.get(row.status, 0) + 1
    return counts


def last_session_day(store: Store, group_id: str | None, statuses: Sequence[str]) -> dt.date | None:
    """The latest day a session (of a group, or of any) with one of
    ``statuses`` took place."""
    conds: list[Any] = [T_SESSION.c.status.in_([str(s) for s in statuses])]
    if group_id is not None:
        conds.append(T_SESSION.c.group_id == group_id)
    return max((row.date for row in store.checked(T_SESSION, *conds)), default=None)


def next_block_seq(store: Store, group_id: str) -> int:
    return store.next_number(T_BLOCK.c.seq, T_BLOCK.c.group_id == group_id)


def next_session_seq(store: Store, group_id: str) -> int:
    return store.next_number(T_SESSION.c.seq, T_SESSION.c.group_id == group_id)


def add_record(store: Store, record: domain.Group | domain.Member | domain.Block | domain.GroupSession) -> None:
    """Insert a group, member, block or session (sealing its text)."""
    table, values = capture_values(record)
    store.insert_row(table, values)


def save_record(store: Store, record: domain.Group | domain.Member | domain.Block | domain.GroupSession) -> None:
    """Write every field of an existing group, member, block or session."""
    table, values = capture_values(record)
    store.update_row(table, record.id, {k: v for k, v in values.items() if k != "id"})


def attendance(store: Store, session_ids: Sequence[str]) -> dict[str, set[str]]:
    """The ids of the members present, per session id (every id given
    is a key; each row's seal checked)."""
    found: dict[str, set[str]] = {sid: set() for sid in session_ids}
    ids = list(found)
    for start in range(0, len(ids), 500):  # stay below SQLite's variable limit
        for row in store.checked(T_ATTENDANCE, T_ATTENDANCE.c.session_id.in_(ids[start : start + 500])):
            found[row.session_id].add(row.member_id)
    return found


def set_attendance(store: Store, session_id: str, member_ids: Sequence[str]) -> None:
    """Make ``member_ids`` exactly the members present at the session
    (only the rows that change are written, so the change log names only
    who came or went)."""
    a = T_ATTENDANCE.c
    present = attendance(store, [session_id])[session_id]
    wanted = set(member_ids)
    gone = sorted(present - wanted)
    if gone:
        store.delete_rows(T_ATTENDANCE, a.session_id == session_id, a.member_id.in_(gone))
    for member_id in sorted(wanted - present):
        store.insert_plain(T_ATTENDANCE, {"session_id": session_id, "member_id": member_id})


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


#: The enumerations among the records' fields, by field name.
_ENUMS: dict[str, type[StrEnum]] = {
    "kind": domain.GroupKind,
    "setting": domain.Setting,
    "profession": domain.Profession,
    "status": domain.SessionStatus,
    "mode": domain.SessionMode,
}
#: The field names of each kind of record, and of a session's notes (read
#: once: a listing captures thousands of rows).
_FIELDS: dict[type[Any], tuple[str, ...]] = {
    kind: tuple(f.name for f in fields(kind))
    for kind in (domain.Group, domain.Member, domain.Block, domain.GroupSession, domain.SessionNotes)
}


def capture_fields(kind: type[Any], row: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a group, member, block or session from its opened
    row (the inverse of :meth:`capture_values`)."""
    names = _FIELDS.get(kind) or tuple(f.name for f in fields(kind))
    values = {name: row[name] for name in names if name in row}
    for name, enum in _ENUMS.items():
        if name in values:
            values[name] = enum(values[name])
    if kind is domain.GroupSession:
        values["notes"] = domain.SessionNotes(**{name: row[name] for name in _FIELDS[domain.SessionNotes]})
    return values


def blocks_with_ids(store: Store, ids: Sequence[str]) -> list[domain.Block]:
    """The block days with the given ids, by date and number (a few queries
    for any number of them; each row's seal checked as it is opened)."""
    wanted = sorted(set(ids))
    rows: list[dict[str, Any]] = []
    for start in range(0, len(wanted), 500):  # stay below SQLite's variable limit
        rows += store.rows(T_BLOCK, T_BLOCK.c.id.in_(wanted[start : start + 500]))
    found = [domain.Block(**capture_fields(domain.Block, r)) for r in rows]
    return sorted(found, key=lambda b: (b.date, b.seq))


def sessions_with_ids(store: Store, ids: Sequence[str]) -> list[domain.GroupSession]:
    """The sessions with the given ids, by date and number."""
    wanted = sorted(set(ids))
    rows: list[dict[str, Any]] = []
    for start in range(0, len(wanted), 500):  # stay below SQLite's variable limit
        rows += store.rows(T_SESSION, T_SESSION.c.id.in_(wanted[start : start + 500]))
    found = [domain.GroupSession(**capture_fields(domain.GroupSession, r)) for r in rows]
    return sorted(found, key=lambda s: (s.date, s.seq, s.group_id))


def session_days(
    store: Store, group_id: str, *, since: dt.date | None, until: dt.date | None, statuses: Sequence[str]
) -> list[tuple[dt.date, int]]:
    """(day, number) of a group's sessions with one of ``statuses``, in
    order; nothing is decrypted (each session's seal checked)."""
    c = T_SESSION.c
    conds = [c.group_id == group_id, c.status.in_([str(s) for s in statuses])]
    if since is not None:
        conds.append(c.date >= since)
    if until is not None:
        conds.append(c.date <= until)
    return [(row.date, int(row.seq)) for row in store.checked(T_SESSION, *conds, order_by=[c.date, c.seq])]


def session_seqs(store: Store, session_ids: Sequence[str]) -> dict[str, tuple[str, int]]:
    """(group id, number) per session id, without decrypting anything
    (each session's seal checked)."""
    found: dict[str, tuple[str, int]] = {}
    ids = sorted(set(session_ids))
    for start in range(0, len(ids), 500):
        for row in store.checked(T_SESSION, T_SESSION.c.id.in_(ids[start : start + 500])):
            found[row.id] = (row.group_id, int(row.seq))
    return found


def session_order(store: Store, group_id: str) -> list[tuple[str, int, dt.date, int]]:
    """(id, number, day, place in its block day or 0) of every session of
    a group, in order of number; nothing is decrypted, every row's seal is
    checked (a renumbering follows these dates, and writes what it finds)."""
    rows = store.checked(T_SESSION, T_SESSION.c.group_id == group_id, order_by=[T_SESSION.c.seq])
    return [(row.id, int(row.seq), row.date, int(row.block_pos or 0)) for row in rows]


def delete_session(store: Store, session: domain.GroupSession) -> None:
    """Delete a session and its attendance (its presentations must be gone
    already), and its block day when no session of it is left."""
    store.delete_rows(T_ATTENDANCE, T_ATTENDANCE.c.session_id == session.id)
    store.delete_rows(T_ACCREDITATION, T_ACCREDITATION.c.session_id == session.id)
    store.delete_rows(T_SESSION, T_SESSION.c.id == session.id)
    if session.block_id is not None:
        left = store.conn.execute(select(func.count()).where(T_SESSION.c.block_id == session.block_id)).scalar()
        if not left:
            store.delete_rows(T_ACCREDITATION, T_ACCREDITATION.c.block_id == session.block_id)
            store.delete_rows(T_BLOCK, T_BLOCK.c.id == session.block_id)
