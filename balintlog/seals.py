"""Row seals and the sealed change log (vault format 2).

Every row of every table carries a *seal*: HMAC-SHA256, under a key derived
from the master key, over the table's name and a canonical encoding of all
the row's columns (ids, foreign keys, numbers, dates, statuses and the
sealed blobs' bytes). The encoding is type-tagged, so that ``1``, ``"1"``,
``b"1"``, ``None`` and a date never encode alike, and it names each column,
so that values cannot slide from one column into the next.

Every write transaction appends one *change*: its number, UTC time, the
command that made it, and for every row written or deleted its table, id,
operation and new seal, with the hash of the change before. The change's
own row is sealed like every other row, so the chain cannot be forged
without the master key; replaying it gives the exact set of rows the vault
must hold, with their seals (:func:`replay`, :func:`compare`).

The previous content of a changed or deleted row is kept apart, encrypted
under the row's own data key (:func:`encode_row` gives the bytes): deleting
a case's key makes its history unreadable with the rest of it.

No heavy imports: ``hmac`` and ``hashlib`` are in the standard library, and
HKDF is written out (RFC 5869) rather than importing ``cryptography`` into
every read path.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from balintlog.i18n import _

if TYPE_CHECKING:
    from balintlog.vault import FieldCipher

SEAL_SIZE = 32
#: The hash the first change names as its previous one.
GENESIS = bytes(SEAL_SIZE)
CHANGE_FORMAT = 1

#: HKDF info strings: each derived key has one purpose only.
SEAL_INFO = b"balintlog row seals"
ROLLBACK_INFO = b"balintlog rollback record"


def derive_key(master_key: bytes, vault_id: str, info: bytes) -> bytes:
    """HKDF-SHA256 (RFC 5869, no salt) of the master key, bound to the vault
    id and a purpose (:data:`SEAL_INFO`, :data:`ROLLBACK_INFO`)."""
    prk = hmac.digest(bytes(SEAL_SIZE), master_key, "sha256")
    return hmac.digest(prk, info + b"\x00" + vault_id.encode() + b"\x01", "sha256")


# -- canonical encoding -------------------------------------------------------------


def _length(n: int) -> bytes:
    return n.to_bytes(4, "big")


def _enc_none(_value: Any) -> bytes:
    return b"N"


def _enc_int(value: Any) -> bytes:
    # bool is an int to SQLite: a flag read back as 0/1 must seal as it was written.
    text = str(int(value)).encode()
    return b"I" + _length(len(text)) + text


def _enc_str(value: str) -> bytes:
    data = value.encode("utf-8")
    return b"S" + _length(len(data)) + data


def _enc_bytes(value: Any) -> bytes:
    data = bytes(value)
    return b"B" + _length(len(data)) + data


def _enc_date(value: dt.date) -> bytes:
    text = value.isoformat().encode()
    return b"D" + _length(len(text)) + text


def _enc_datetime(value: dt.datetime) -> bytes:
    text = value.isoformat().encode()
    return b"T" + _length(len(text)) + text


_ENCODERS: dict[type, Callable[[Any], bytes]] = {
    type(None): _enc_none,
    bool: _enc_int,
    int: _enc_int,
    str: _enc_str,
    bytes: _enc_bytes,
    bytearray: _enc_bytes,
    memoryview: _enc_bytes,
    dt.date: _enc_date,
    dt.datetime: _enc_datetime,
}


def encode_value(value: Any) -> bytes:
    """One value, tagged with its type; TypeError for a type no column holds."""
    encoder = _ENCODERS.get(type(value))
    if encoder is None:
        raise TypeError(f"no canonical encoding for {type(value).__name__}")
    return encoder(value)


def _header(name: str) -> bytes:
    data = name.encode("utf-8")
    return _length(len(data)) + data


def encode_row(row: Mapping[str, Any]) -> bytes:
    """A row's columns, sorted by name, each as its name and its tagged
    value; :func:`decode_row` reads it back."""
    return b"".join(_header(name) + encode_value(row[name]) for name in sorted(row))


def decode_row(data: bytes) -> dict[str, Any]:
    """The inverse of :func:`encode_row`; ValueError when ``data`` is not one."""
    row: dict[str, Any] = {}
    pos = 0
    try:
        while pos < len(data):
            size = int.from_bytes(data[pos : pos + 4], "big")
            name = data[pos + 4 : pos + 4 + size].decode("utf-8")
            pos += 4 + size
            tag = data[pos : pos + 1]
            pos += 1
            if tag == b"N":
                row[name] = None
                continue
            size = int.from_bytes(data[pos : pos + 4], "big")
            payload = data[pos + 4 : pos + 4 + size]
            if len(payload) != size or len(data[pos : pos + 4]) != 4:
                raise ValueError("truncated value")
            pos += 4 + size
            row[name] = _decode_payload(tag, payload)
    except (UnicodeDecodeError, IndexError) as exc:
        raise ValueError("not an encoded row") from exc
    return row


def _decode_payload(tag: bytes, payload: bytes) -> Any:
    if tag == b"I":
        return int(payload)
    if tag == b"S":
        return payload.decode("utf-8")
    if tag == b"B":
        return payload
    if tag == b"D":
        return dt.date.fromisoformat(payload.decode())
    if tag == b"T":
        return dt.datetime.fromisoformat(payload.decode())
    raise ValueError(f"unknown value tag {tag!r}")


# -- row seals ----------------------------------------------------------------------


def _picker(indexes: Sequence[int]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """A function taking the values at ``indexes`` out of a row, as a tuple."""
    if not indexes:
        return lambda _row: ()
    if len(indexes) == 1:
        only = indexes[0]
        return lambda row: (row[only],)
    return operator.itemgetter(*indexes)


def _tuple_text(items: Sequence[str]) -> str:
    """How ``repr`` writes a tuple whose items are written ``items``."""
    if len(items) == 1:
        return f"({items[0]},)"
    return "(" + ", ".join(items) + ")"


def repr_format(*sizes: int) -> str:
    """The %-format that gives, from the values of a tuple of tuples of
    ``sizes`` values laid end to end, exactly what ``repr`` gives of that
    tuple of tuples: ``repr_format(2, 0) % (1, "a") == repr(((1, "a"), ()))``.
    Each value goes through ``repr`` either way; the tuples themselves are
    not made."""
    return _tuple_text([_tuple_text(["%r"] * size) for size in sizes])


class Kind(StrEnum):
    """How a column enters a row's seal."""

    PLAIN = "plain"  # by its value (ids, numbers, dates, statuses)
    BINARY = "binary"  # by all its bytes (wrapped keys, salts, the change log's blobs)
    FIELD = "field"  # a sealed field: by its length, nonce and tag (see RowSealer)


#: A sealed field's bytes that enter its row's seal: the format byte and
#: nonce at its start, the GCM tag at its end (vault.FieldCipher's layout).
FIELD_HEAD = 13
FIELD_TAIL = 16
#: The suffixes of the three parts of a field read without its bytes.
LENGTH, HEAD, TAIL = "__length", "__head", "__tail"


class RowSealer:
    """Seals the rows of one table with HMAC-SHA256.

    The message is the table's name and its columns' names and kinds
    (sorted), then the ``repr`` of the tuple of the plain columns' values in
    that order followed by the lengths of the binary columns and fields,
    then the binary columns' bytes, then each field's first 13 and last 16
    bytes. ``repr`` is the type tag: ``1``, ``'1'``, ``b'1'``, ``None`` and
    ``datetime.date(2026, 1, 1)`` never read alike, and it is
    self-delimiting; the lengths keep the bytes after it unambiguous. A
    binary column or field holding anything but bytes fails to seal
    (TypeError). A field's ends are taken as SQLite's ``substr()`` takes
    them, so a field shorter than both ends seals alike either way.

    A sealed field is an AES-GCM blob whose nonce and tag authenticate all
    its bytes under its data key: the seal covers its length, nonce and tag,
    and a field whose other bytes were changed fails its own tag wherever it
    is opened (``verify`` opens every one). So a read that does not open a
    field need not fetch it: SQLite gives its length and the two ends
    (``length()``, ``substr()``), named ``col__length``, ``col__head``,
    ``col__tail`` (:meth:`sealer_for`), and a listing of cases does not read
    every presentation's text to check the rows it counts.

    HMAC is computed from two SHA-256 states keyed once per table and
    copied per row: a listing of thousands of rows costs one copy, one
    %-format and a few updates each, not a key schedule each. The
    %-format (:func:`repr_format`) writes exactly what ``repr`` writes of
    the tuple, without making the tuple (tests/test_seals.py checks every
    way of reading a row against the message written out plainly).
    """

    def __init__(self, key: bytes, table: str, columns: Iterable[tuple[str, Kind]]) -> None:
        """``columns``: (name, kind) of every column but the seal."""
        ordered = sorted(columns)
        self.table = table
        self.columns = tuple(name for name, _kind in ordered)
        self.kinds = dict(ordered)
        if len(key) > 64:
            raise ValueError("HMAC-SHA256 keys longer than its block need hashing first")
        block = key.ljust(64, b"\x00")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))
        self._inner.update(_header(table) + b"".join(_header(f"{n}:{k}") for n, k in ordered))
        self._whole = self.sealer_for(self.columns)
        self._values = operator.itemgetter(*self.columns) if len(self.columns) > 1 else None

    def seal(self, row: Mapping[str, Any]) -> bytes:
        """The seal of a row given by column name (KeyError for a missing column)."""
        if self._values is None:
            return self._whole([row[name] for name in self.columns])
        return self._whole(self._values(row))

    def sealer_for(self, names: Sequence[str]) -> Callable[[Sequence[Any]], bytes]:
        """A function giving the seal of a row given as a tuple whose
        columns are ``names`` (a query's order; extra columns, such as the
        seal itself or joined ones, are ignored). A field is there whole, or
        as its three parts (``col__length``, ``col__head``, ``col__tail``)."""
        where = {name: i for i, name in enumerate(names)}
        plain: list[int] = []
        binary: list[int] = []
        # Per field in order: (index of the whole blob, -1, -1), or the indexes of its three parts.
        fields: list[tuple[int, int, int]] = []
        missing: list[str] = []
        for name in self.columns:
            kind = self.kinds[name]
            if kind is Kind.FIELD and name in where:
                fields.append((where[name], -1, -1))
            elif kind is Kind.FIELD and all(name + part in where for part in (LENGTH, HEAD, TAIL)):
                fields.append((where[name + LENGTH], where[name + HEAD], where[name + TAIL]))
            elif kind is not Kind.FIELD and name in where:
                (plain if kind is Kind.PLAIN else binary).append(where[name])
            else:
                missing.append(name)
        if missing:
            raise KeyError(f"{self.table} rows read without {', '.join(missing)}: their seal cannot be checked")
        # The message's text part: the repr of (plain values, lengths of the
        # binary columns, lengths of the fields), made by one %-format from
        # the values laid end to end (exactly what repr gives, see
        # repr_format), and the inner and outer hashes copied from their
        # states keyed for this table. Updating a hash in several pieces or
        # in one gives the same digest.
        text = repr_format(len(plain), len(binary), len(fields))
        new_inner, new_outer = self._inner.copy, self._outer.copy

        # The same message three ways: every field in parts (a listing's
        # rows), every field whole (without binary columns, or with them),
        # or any other mix.
        if not binary and all(head >= 0 for _at, head, _tail in fields):
            pick_values = _picker(plain + [at for at, _head, _tail in fields])
            pick_ends = _picker([i for _at, head, tail in fields for i in (head, tail)])

            def seal_parts(values: Sequence[Any]) -> bytes:
                h = new_inner()
                h.update((text % pick_values(values)).encode())
                h.update(b"".join(pick_ends(values)))
                o = new_outer()
                o.update(h.digest())
                return o.digest()

            return seal_parts
        pick_plain, pick_binary = _picker(plain), _picker(binary)
        if all(head < 0 for _at, head, _tail in fields):
            pick_whole = _picker([at for at, _head, _tail in fields])

            def seal_fields(values: Sequence[Any]) -> bytes:
                blobs = pick_whole(values)
                h = new_inner()
                h.update((text % (pick_plain(values) + tuple(map(len, blobs)))).encode())
                h.update(b"".join([blob[:FIELD_HEAD] + blob[-FIELD_TAIL:] for blob in blobs]))
                o = new_outer()
                o.update(h.digest())
                return o.digest()

            if not binary:
                return seal_fields

            def seal_whole(values: Sequence[Any]) -> bytes:
                data = pick_binary(values)
                blobs = pick_whole(values)
                h = new_inner()
                h.update((text % (pick_plain(values) + tuple(map(len, data)) + tuple(map(len, blobs)))).encode())
                h.update(b"".join(data))
                h.update(b"".join([blob[:FIELD_HEAD] + blob[-FIELD_TAIL:] for blob in blobs]))
                o = new_outer()
                o.update(h.digest())
                return o.digest()

            return seal_whole
        # Fields of both kinds: the whole ones' lengths and ends first, then
        # the parts', put in the fields' order by one itemgetter each.
        whole = [at for at, head, _tail in fields if head < 0]
        parts = [(at, head, tail) for at, head, tail in fields if head >= 0]
        pick_whole = _picker(whole)
        pick_part_lengths = _picker([at for at, _head, _tail in parts])
        pick_part_ends = _picker([i for _at, head, tail in parts for i in (head, tail)])
        length_at: list[int] = []
        ends_at: list[int] = []
        for at, head, _tail in fields:
            if head < 0:
                length_at.append(whole.index(at))
                ends_at.append(whole.index(at))
            else:
                part = [p[0] for p in parts].index(at)
                length_at.append(len(whole) + part)
                ends_at += (len(whole) + 2 * part, len(whole) + 2 * part + 1)
        in_order_lengths, in_order_ends = _picker(length_at), _picker(ends_at)

        def seal_mixed(values: Sequence[Any]) -> bytes:
            data = pick_binary(values)
            blobs = pick_whole(values)
            lengths = in_order_lengths(tuple(map(len, blobs)) + pick_part_lengths(values))
            ends = [blob[:FIELD_HEAD] + blob[-FIELD_TAIL:] for blob in blobs]
            ends += pick_part_ends(values)
            h = new_inner()
            h.update((text % (pick_plain(values) + tuple(map(len, data)) + lengths)).encode())
            h.update(b"".join(data))
            h.update(b"".join(in_order_ends(ends)))
            o = new_outer()
            o.update(h.digest())
            return o.digest()

        return seal_mixed

    @staticmethod
    def same(a: bytes | None, b: bytes | None) -> bool:
        """Whether two seals are equal (in constant time)."""
        return a is not None and b is not None and hmac.compare_digest(a, b)


# -- the change log -----------------------------------------------------------------


class Op(StrEnum):
    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"


_OPS = (Op.INSERT, Op.UPDATE, Op.DELETE)


@dataclass(frozen=True)
class RowChange:
    """One row a change wrote or deleted: its new seal (empty for a delete)."""

    table: str
    row_id: str
    op: Op
    seal: bytes


@dataclass(frozen=True)
class Change:
    """One write transaction as the chain records it."""

    seq: int
    at: dt.datetime
    command: str
    rows: tuple[RowChange, ...]
    prev: bytes

    def encode(self) -> bytes:
        """The change's body: a header (:func:`encode_row` of number, time,
        command and previous hash) and one record per row: operation, table,
        id and seal (empty for a delete). Binary, because the first change
        of an upgraded vault lists every row it had; the bytes stored are
        the ones hashed, so they are never re-encoded."""
        header = encode_row(
            {
                "v": CHANGE_FORMAT,
                "seq": self.seq,
                "at": self.at.astimezone(dt.UTC).replace(tzinfo=None),
                "command": self.command,
                "prev": self.prev,
                "rows": len(self.rows),
            }
        )
        parts = [_length(len(header)), header]
        for row in self.rows:
            table, row_id = row.table.encode(), row.row_id.encode()
            parts.append(bytes((_OPS.index(row.op), len(table), len(row_id), len(row.seal))))
            parts += (table, row_id, row.seal)
        return b"".join(parts)

    @classmethod
    def decode(cls, body: bytes) -> Change:
        """ValueError when ``body`` is not a change of a known format."""
        try:
            size = int.from_bytes(body[:4], "big")
            header = decode_row(body[4 : 4 + size])
            if header["v"] != CHANGE_FORMAT:
                raise ValueError(f"unknown change format {header['v']!r}")
            rows: list[RowChange] = []
            pos = 4 + size
            for _ in range(header["rows"]):
                op, table_size, id_size, seal_size = body[pos : pos + 4]
                pos += 4
                table = body[pos : pos + table_size].decode()
                row_id = body[pos + table_size : pos + table_size + id_size].decode()
                pos += table_size + id_size
                seal = body[pos : pos + seal_size]
                pos += seal_size
                rows.append(RowChange(table, row_id, _OPS[op], seal))
            if pos != len(body):  # a declared size beyond the end overshoots it
                raise ValueError("trailing or truncated rows")
            at = header["at"].replace(tzinfo=dt.UTC)
            change = cls(header["seq"], at, header["command"], tuple(rows), header["prev"])
        except (KeyError, TypeError, ValueError, AttributeError, IndexError, UnicodeDecodeError) as exc:
            raise ValueError(f"not a change record ({exc})") from None
        if not isinstance(change.prev, bytes) or len(change.prev) != SEAL_SIZE:
            raise ValueError("not a change record (previous hash)")
        return change

    def records(self) -> set[tuple[str, str]]:
        """(table, row id) of every row the change touched."""
        return {(r.table, r.row_id) for r in self.rows}


def chain_hash(body: bytes) -> bytes:
    """The hash the next change names as its previous one."""
    return hashlib.sha256(b"balintlog change\x00" + body).digest()


@dataclass(frozen=True)
class ChainProblem:
    """A change that does not follow from the one before it."""

    seq: int
    reason: str


def check_chain(entries: Iterable[tuple[int, bytes, Change | None]]) -> tuple[list[ChainProblem], bytes]:
    """Check the chain's order and links from its stored changes, in order:
    (number, the body as stored, the change read from it or None when it
    failed to open). Each change must carry its own number, follow the one
    before without a gap, and name the hash of the stored body before it.
    Returns the problems and the hash of the last change; the changes after
    a problem are still checked, so that each problem is named once."""
    problems: list[ChainProblem] = []
    prev = GENESIS
    expected = 1
    for seq, stored, change in entries:
        if seq != expected:
            missing = _("change {seq} is missing before it")
            repeated = _("change {seq} is repeated before it")
            gap = missing if seq > expected else repeated
            problems.append(ChainProblem(seq, gap.format(seq=expected)))
        if change is None:
            problems.append(ChainProblem(seq, _("it failed its integrity check")))
        elif change.seq != seq:
            problems.append(ChainProblem(seq, _("it records itself as change {seq}").format(seq=change.seq)))
        elif not hmac.compare_digest(change.prev, prev):
            problems.append(ChainProblem(seq, _("it does not follow the change before it")))
        prev = chain_hash(stored)
        expected = seq + 1
    return problems, prev


Key = tuple[str, str]


@dataclass(frozen=True)
class ReplayProblem:
    """A change that wrote a row the chain says did not exist, or the other
    way round (never made by balintlog: only a forged or damaged chain)."""

    seq: int
    table: str
    row_id: str
    reason: str


def replay(changes: Iterable[Change]) -> tuple[dict[Key, bytes], list[ReplayProblem]]:
    """The rows the chain implies, (table, id) -> seal, and the changes
    that do not apply to the state before them."""
    state: dict[Key, bytes] = {}
    problems: list[ReplayProblem] = []
    for change in changes:
        for row in change.rows:
            key = (row.table, row.row_id)
            if row.op is Op.INSERT:
                if key in state:
                    problems.append(ReplayProblem(change.seq, *key, _("inserted although it existed")))
                state[key] = row.seal
            elif row.op is Op.UPDATE:
                if key not in state:
                    problems.append(ReplayProblem(change.seq, *key, _("updated although it did not exist")))
                state[key] = row.seal
            else:
                if state.pop(key, None) is None:
                    problems.append(ReplayProblem(change.seq, *key, _("deleted although it did not exist")))
    return state, problems


class Difference(StrEnum):
    MISSING = "missing"
    EXTRA = "extra"
    DUPLICATED = "duplicated"
    CHANGED = "changed"


@dataclass(frozen=True)
class RowDifference:
    kind: Difference
    table: str
    row_id: str


def compare(expected: Mapping[Key, bytes], live: Iterable[tuple[str, str, bytes]]) -> list[RowDifference]:
    """Every difference between the rows the chain implies and the rows
    there are, (table, id, seal computed from the row's columns), each row
    named once: missing (implied, not there), extra (there, never written),
    duplicated (there more than once), changed (its seal is not the one
    last recorded: edited, or an older copy of the row)."""
    found: dict[Key, list[bytes]] = {}
    for table, row_id, seal in live:
        found.setdefault((table, row_id), []).append(seal)
    differences: list[RowDifference] = []
    for key, seals in found.items():
        if key not in expected:
            differences.append(RowDifference(Difference.EXTRA, *key))
        elif len(seals) > 1:
            differences.append(RowDifference(Difference.DUPLICATED, *key))
        elif not hmac.compare_digest(expected[key], seals[0]):
            differences.append(RowDifference(Difference.CHANGED, *key))
    differences += [RowDifference(Difference.MISSING, *key) for key in expected if key not in found]
    return differences


# -- previous content ---------------------------------------------------------------


def content_ad(vault_id: str, seq: int, table: str, row_id: str, case_id: str | None) -> bytes:
    """What a row's previous content kept by change ``seq`` is bound to: a
    content moved to another change, row or case fails to open."""
    return "\x00".join(("balintlog", vault_id, "change_content", str(seq), table, row_id, case_id or "")).encode()


def seal_content(cipher: FieldCipher, ad: bytes, row: Mapping[str, Any]) -> bytes:
    """A row's content as it was before a change, sealed under the row's own
    data key (``cipher``): its columns exactly as stored, sealed fields
    still sealed, so that undo puts back the very bytes that were there."""
    return cipher.seal_bytes(encode_row(row), ad)


def open_content(cipher: FieldCipher, ad: bytes, blob: bytes) -> dict[str, Any]:
    """The row :func:`seal_content` sealed; ValueError on any tampering."""
    return decode_row(cipher.open_bytes(blob, ad))

