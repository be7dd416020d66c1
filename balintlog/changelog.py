"""The vault's sealed change log, on top of :mod:`balintlog.seals`: the
rows a write transaction touched, the change appended for them, the chain
read back and replayed against the live rows, and the format-2 upgrade.

Two tables hold it. ``change`` (number, body, seal): the body is the
:class:`~balintlog.seals.Change` sealed under the vault's data key (so the
command and the time are not readable without the key; the number of
changes and their sizes are), chained by the hash of the stored body before
it. ``change_content`` (change number, table, row id, case id, content,
seal): the previous content of every row a change updated or deleted,
sealed under the row's own data key; a case's history goes with its key.
Neither table is part of the rows the chain replays: ``change`` rows are
authenticated by their seals and the chain, ``change_content`` rows by
their seals and their encryption.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from balintlog import seals
from balintlog.i18n import _
from balintlog.seals import Change, Op, RowChange, RowSealer

if TYPE_CHECKING:
    from sqlalchemy import Table
    from sqlalchemy.engine import Connection

    from balintlog.vault import FieldCipher

CHANGE = "change"
CHANGE_CONTENT = "change_content"
#: Tables whose rows the chain does not list (see the module docstring).
LOG_TABLES = frozenset({CHANGE, CHANGE_CONTENT})
#: Tables whose previous content is never kept: a replaced keyslot or data
#: key must not outlive its replacement (an old passphrase would open the
#: vault forever), and a member's identity, once replaced or cleared, is gone.
NO_CONTENT = frozenset({"keyslot", "data_key", "identity_key", "member_identity"})
#: Tables whose fields ``log --patch`` and ``undo`` never show: members'
#: real identities (read only by the documents that need them).
PRIVATE_TABLES = frozenset({"member_identity", "identity_key"})
#: The command the first change of an upgraded vault records.
UPGRADE_COMMAND = "upgrade to format 2"
#: The command that renews the master key: every row is sealed anew in it.
REKEY_COMMAND = "rekey"


def row_key(table: str, row: Mapping[str, Any]) -> str:
    """The id the chain names a row by (attendance has no id column: its
    session and member ids)."""
    if table == "attendance":
        return f"{row['session_id']}:{row['member_id']}"
    return str(row["id"])


def is_binary(column: Any) -> bool:
    from sqlalchemy import LargeBinary

    return isinstance(column.type, LargeBinary)


def row_columns(table: Table, opened: Sequence[str] = ()) -> list[Any]:
    """The columns to select of ``table`` to check its rows' seals: every
    column, but each sealed field not in ``opened`` as its length and ends
    only (see :class:`~balintlog.seals.RowSealer`), so that its text is
    not fetched."""
    from sqlalchemy import func

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


def column_kind(column: Any) -> seals.Kind:
    """How a column enters its row's seal (see :class:`~balintlog.seals.RowSealer`)."""
    if column.info.get("sealed"):
        return seals.Kind.FIELD
    return seals.Kind.BINARY if is_binary(column) else seals.Kind.PLAIN


class Sealers:
    """One :class:`~balintlog.seals.RowSealer` per table of a vault, under
    the seal key derived from its master key."""

    def __init__(self, master_key: bytes, vault_id: str, tables: Iterable[Table]) -> None:
        key = seals.derive_key(master_key, vault_id, seals.SEAL_INFO)
        self._by_table = {
            t.name: RowSealer(key, t.name, [(c.name, column_kind(c)) for c in t.columns if c.name != "seal"])
            for t in tables
        }

    def __getitem__(self, table: str) -> RowSealer:
        return self._by_table[table]

    def seal(self, table: str, row: Mapping[str, Any]) -> bytes:
        return self._by_table[table].seal(row)


@dataclass
class Touched:
    """A row a transaction touched: what the change will record of it."""

    table: str
    row_id: str
    op: Op
    seal: bytes
    #: The row as stored before the transaction (None for a new row).
    previous: dict[str, Any] | None
    case_id: str | None


# How a second operation on a row in one transaction combines with the
# first: (first, then) -> the operation recorded, None for nothing at all.
_COMBINED: dict[tuple[Op, Op], Op | None] = {
    (Op.INSERT, Op.UPDATE): Op.INSERT,
    (Op.INSERT, Op.DELETE): None,
    (Op.UPDATE, Op.UPDATE): Op.UPDATE,
    (Op.UPDATE, Op.DELETE): Op.DELETE,
    (Op.DELETE, Op.INSERT): Op.UPDATE,
}


@dataclass
class Recorder:
    """The rows one write transaction touched, in the order first touched."""

    rows: dict[tuple[str, str], Touched] = field(default_factory=dict)

    def touch(
        self,
        table: str,
        row_id: str,
        op: Op,
        seal: bytes,
        previous: Mapping[str, Any] | None,
        case_id: str | None,
    ) -> None:
        key = (table, row_id)
        earlier = self.rows.get(key)
        if earlier is None:
            self.rows[key] = Touched(table, row_id, op, seal, None if previous is None else dict(previous), case_id)
            return
        combined = _COMBINED.get((earlier.op, op))
        if combined is None and (earlier.op, op) not in _COMBINED:
            raise RuntimeError(f"{op} after {earlier.op} of {table} {row_id} in one transaction")
        if combined is None or (
            combined is Op.UPDATE and earlier.previous is not None and earlier.previous.get("seal") == seal
        ):
            # Made and gone again, or put back exactly as it was.
            del self.rows[key]
            return
        earlier.op, earlier.seal = combined, seal

    def changes(self) -> list[Touched]:
        return list(self.rows.values())


def body_ad(vault_id: str, seq: int) -> bytes:
    return "\x00".join(("balintlog", vault_id, CHANGE, "body", str(seq))).encode()


@dataclass(frozen=True)
class ChainEntry:
    """A change as stored: its body opened (None when it failed to) and
    the chain hash of the stored body."""

    seq: int
    stored: bytes
    change: Change | None
    hash: bytes


class ChangeLog:
    """The change log of one open vault, on its current transaction's
    connection."""

    def __init__(
        self,
        conn: Connection,
        tables: Mapping[str, Table],
        sealers: Sealers,
        vault_id: str,
        cipher: Callable[[str | None], FieldCipher],
    ) -> None:
        self.conn = conn
        self.tables = tables
        self.sealers = sealers
        self.vault_id = vault_id
        self.cipher = cipher

    # -- writing ------------------------------------------------------------------

    def last(self) -> tuple[int, bytes]:
        """(number, chain hash) of the last change; (0, GENESIS) when none."""
        from sqlalchemy import select

        t = self.tables[CHANGE]
        row = self.conn.execute(select(t.c.seq, t.c.body).order_by(t.c.seq.desc()).limit(1)).first()
        if row is None:
            return 0, seals.GENESIS
        return int(row[0]), seals.chain_hash(row[1])

    def append(self, command: str, touched: Sequence[Touched], at: dt.datetime) -> tuple[int, bytes] | None:
        """Append the change for ``touched`` (nothing when it is empty) and
        keep the previous content of the rows it changed or deleted; returns
        (number, chain hash) of the new change."""
        from sqlalchemy import delete, insert

        if not touched:
            return None
        seq, prev = self.last()
        seq += 1
        change = Change(
            seq, at, command, tuple(RowChange(t.table, t.row_id, t.op, t.seal) for t in touched), prev
        )
        stored = self.cipher(None).seal_bytes(change.encode(), body_ad(self.vault_id, seq))
        changes = self.tables[CHANGE]
        seal = self.sealers.seal(CHANGE, {"seq": seq, "body": stored})
        self.conn.execute(insert(changes), {"seq": seq, "body": stored, "seal": seal})
        # A case whose data key goes loses its history with it (crypto-shredding).
        shredded = {
            t.previous["case_id"] for t in touched if t.table == "data_key" and t.previous and t.op is Op.DELETE
        }
        shredded.discard(None)
        contents = self.tables[CHANGE_CONTENT]
        if shredded:
            self.conn.execute(delete(contents).where(contents.c.case_id.in_(sorted(shredded))))
        kept = []
        for t in touched:
            if t.previous is None or t.table in NO_CONTENT or t.case_id in shredded:
                continue
            content = {k: v for k, v in t.previous.items() if k != "seal"}
            blob = seals.seal_content(
                self.cipher(t.case_id), seals.content_ad(self.vault_id, seq, t.table, t.row_id, t.case_id), content
            )
            row = {
                "id": _new_id(),
                "change_seq": seq,
                "table_name": t.table,
                "row_id": t.row_id,
                "case_id": t.case_id,
                "content": blob,
            }
            kept.append({**row, "seal": self.sealers.seal(CHANGE_CONTENT, row)})
        if kept:
            self.conn.execute(insert(contents), kept)
        return seq, seals.chain_hash(stored)

    # -- reading ------------------------------------------------------------------

    def entries(self, since: int = 0) -> Iterator[ChainEntry]:
        """The stored changes after number ``since``, in order, each body
        opened when its seal and encryption hold (else ``change`` is None)."""
        from sqlalchemy import select

        t = self.tables[CHANGE]
        sealer = self.sealers[CHANGE]
        cipher = self.cipher(None)
        result = self.conn.execute(select(t.c.seq, t.c.body, t.c.seal).where(t.c.seq > since).order_by(t.c.seq))
        for seq, stored, seal in result:
            change: Change | None = None
            if RowSealer.same(seal, sealer.seal({"seq": seq, "body": stored})):
                try:
                    change = Change.decode(cipher.open_bytes(stored, body_ad(self.vault_id, seq)))
                except ValueError:
                    change = None
            yield ChainEntry(int(seq), stored, change, seals.chain_hash(stored))

    def plain_row(self, table: Table, row_id: str) -> dict[str, Any] | None:
        """The plain columns of a row (the first, if there are several)."""
        from sqlalchemy import select

        if table.name == "attendance":
            session_id, _, member_id = row_id.partition(":")
            where = [table.c.session_id == session_id, table.c.member_id == member_id]
        else:
            where = [table.c.id == row_id]
        plain = [c for c in table.columns if column_kind(c) is seals.Kind.PLAIN]
        found = self.conn.execute(select(*plain).where(*where).limit(1)).mappings().first()
        return None if found is None else dict(found)

    def hash_at(self, seq: int) -> bytes | None:
        """The chain hash of change ``seq`` (None if there is none)."""
        from sqlalchemy import select

        t = self.tables[CHANGE]
        stored = self.conn.execute(select(t.c.body).where(t.c.seq == seq)).scalar_one_or_none()
        return None if stored is None else seals.chain_hash(stored)

    def content(self, seq: int, table: str, row_id: str) -> dict[str, Any] | None:
        """The content of a row before change ``seq``, as stored then
        (sealed fields still sealed); None when it was not kept (a key, or
        a deleted case's row). DamagedError-worthy ValueError when it fails
        its seal or does not open."""
        from sqlalchemy import select

        t = self.tables[CHANGE_CONTENT]
        found = (
            self.conn.execute(
                select(t).where(t.c.change_seq == seq, t.c.table_name == table, t.c.row_id == row_id)
            )
            .mappings()
            .all()
        )
        if not found:
            return None
        if len(found) > 1:
            raise ValueError(_("kept twice"))
        return self.open_content(dict(found[0]))

    def open_content(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """The content a ``change_content`` row keeps; ValueError when it
        fails its seal or does not open."""
        values = {k: v for k, v in row.items() if k != "seal"}
        if not RowSealer.same(row["seal"], self.sealers.seal(CHANGE_CONTENT, values)):
            raise ValueError(_("it failed its seal"))
        ad = seals.content_ad(self.vault_id, row["change_seq"], row["table_name"], row["row_id"], row["case_id"])
        try:
            return seals.open_content(self.cipher(row["case_id"]), ad, row["content"])
        except ValueError:
            raise ValueError(_("it does not open (damaged or tampered)")) from None

    def live_rows(self, table: Table) -> Iterator[tuple[str, bytes, bytes | None, dict[str, Any]]]:
        """Every row of ``table``: (chain id, seal from its columns, stored
        seal, its plain columns). Its sealed fields are read as their
        length and ends only (what the seal covers of them)."""
        from sqlalchemy import select

        sealer = self.sealers[table.name]
        result = self.conn.execute(select(*row_columns(table)))
        names = list(result.keys())
        seal_of = sealer.sealer_for(names)
        plain = [(i, n) for i, n in enumerate(names) if n in table.c and sealer.kinds.get(n) is seals.Kind.PLAIN]
        for values in result:
            row = {n: values[i] for i, n in plain}
            try:
                computed = seal_of(values)
            except TypeError:
                computed = b""
            yield row_key(table.name, row), computed, values.seal, row


def _new_id() -> str:
    import uuid

    return uuid.uuid4().hex


@dataclass(frozen=True)
class Failure:
    """A failure of the change log's check, by record."""

    table: str
    row_id: str
    row: Mapping[str, Any] | None
    what: str


def verify(log: ChangeLog, replayed_tables: Sequence[Table]) -> tuple[list[Failure], list[str], int, bytes]:
    """Replay the chain and check that exactly the rows it implies exist,
    each with the seal it records and a seal of its own that matches its
    columns. Returns (row failures, chain failures, last change number,
    last chain hash)."""
    entries = list(log.entries())
    chain_problems, last_hash = seals.check_chain((e.seq, e.stored, e.change) for e in entries)
    chain_failures = [_("change {seq}: {problem}").format(seq=p.seq, problem=p.reason) for p in chain_problems]
    last_seq = entries[-1].seq if entries else 0
    changes = [e.change for e in entries if e.change is not None]
    expected, problems = seals.replay(changes)
    from balintlog.db.schema import record_noun

    chain_failures += [
        _("change {seq}: {record} {id} {problem}").format(
            seq=p.seq, record=record_noun(p.table), id=p.row_id[:8], problem=p.reason
        )
        for p in problems
    ]
    failures: list[Failure] = []
    live: list[tuple[str, str, bytes]] = []
    for table in replayed_tables:
        for key, computed, stored, row in log.live_rows(table):
            live.append((table.name, key, computed))
            if not RowSealer.same(computed, stored):
                failures.append(Failure(table.name, key, row, _("failed its seal (changed outside balintlog)")))
    reported = {(f.table, f.row_id) for f in failures}
    words = {
        seals.Difference.MISSING: _("is missing (deleted outside balintlog)"),
        seals.Difference.EXTRA: _("was never written by balintlog (inserted outside it)"),
        seals.Difference.DUPLICATED: _("is there more than once"),
        seals.Difference.CHANGED: _("is not the version last written (changed, or put back from an older copy)"),
    }
    for diff in seals.compare(expected, live):
        where = (diff.table, diff.row_id)
        if where in reported:
            continue
        reported.add(where)
        # Read again to be named: keeping every row for the few that fail would hold the whole vault.
        named = None if diff.kind is seals.Difference.MISSING else log.plain_row(log.tables[diff.table], diff.row_id)
        failures.append(Failure(diff.table, diff.row_id, named, words[diff.kind]))
    return failures, chain_failures, last_seq, last_hash


def contents_failures(log: ChangeLog) -> list[tuple[dict[str, Any], str]]:
    """Kept contents that fail their seal or do not open: (row, why)."""
    from sqlalchemy import select

    t = log.tables[CHANGE_CONTENT]
    failures = []
    for found in log.conn.execute(select(t)).mappings():
        row = dict(found)
        try:
            log.open_content(row)
        except ValueError as exc:
            failures.append((row, str(exc)))
    return failures
