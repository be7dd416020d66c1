"""Row seals, the change record, the chain's replay, previous content and
the rollback record (vault format 2), below the store."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from balintlog import rollback, seals, vault
from balintlog.errors import DamagedError
from balintlog.seals import Change, Difference, Kind, Op, RowChange, RowSealer

KEY = seals.derive_key(b"m" * 32, "0" * 32, seals.SEAL_INFO)
COLUMNS = [("id", Kind.PLAIN), ("number", Kind.PLAIN), ("opened", Kind.PLAIN), ("title", Kind.FIELD),
           ("status", Kind.PLAIN), ("salt", Kind.BINARY)]
TITLE = b"\x01" + b"n" * 12 + b"ciphertext" + b"t" * 16
ROW = {"id": "a1", "number": 3, "opened": dt.date(2026, 3, 1), "title": TITLE, "status": "open", "salt": b"s" * 16}


def test_keys_are_hkdf_sha256_with_their_own_purpose_and_vault() -> None:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    master = os.urandom(32)
    expected = HKDF(hashes.SHA256(), 32, salt=None, info=seals.SEAL_INFO + b"\x00" + b"v1").derive(master)
    assert seals.derive_key(master, "v1", seals.SEAL_INFO) == expected
    assert seals.derive_key(master, "v1", seals.ROLLBACK_INFO) != expected
    assert seals.derive_key(master, "v2", seals.SEAL_INFO) != expected


def test_a_seal_is_hmac_sha256_and_the_same_however_the_row_is_read() -> None:
    sealer = RowSealer(KEY, "balint_case", COLUMNS)
    seal = sealer.seal(ROW)
    assert len(seal) == seals.SEAL_SIZE
    names = ["seal", "status", "title", "opened", "number", "id", "joined_column", "salt"]
    as_read = [b"old", "open", TITLE, dt.date(2026, 3, 1), 3, "a1", "x", b"s" * 16]
    assert sealer.sealer_for(names)(as_read) == seal
    assert RowSealer(KEY, "balint_case", reversed(COLUMNS)).seal(ROW) == seal


def test_a_field_read_as_sqlite_gives_its_length_and_ends_seals_alike() -> None:
    import sqlite3

    sealer = RowSealer(KEY, "balint_case", COLUMNS)
    db = sqlite3.connect(":memory:")
    for title in (TITLE, b"short"):
        row = {**ROW, "title": title}
        length, head, tail = db.execute(
            "SELECT length(?1), substr(?1, 1, 13), substr(?1, -16)", (title,)
        ).fetchone()
        names = ["id", "number", "opened", "status", "salt", "title__length", "title__head", "title__tail"]
        parts = ["a1", 3, dt.date(2026, 3, 1), "open", b"s" * 16, length, head, tail]
        assert sealer.sealer_for(names)(parts) == sealer.seal(row)
    db.close()
    two = RowSealer(KEY, "t", [("id", Kind.PLAIN), ("a", Kind.FIELD), ("b", Kind.FIELD)])
    whole = {"id": "x", "a": TITLE, "b": TITLE[::-1]}
    mixed = ["x", TITLE, len(TITLE[::-1]), TITLE[::-1][:13], TITLE[::-1][-16:]]
    assert two.sealer_for(["id", "a", "b__length", "b__head", "b__tail"])(mixed) == two.seal(whole)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("number", "3"),
        ("number", b"3"),
        ("number", None),
        ("number", 4),
        ("opened", "2026-03-01"),
        ("opened", dt.date(2026, 3, 2)),
        ("status", "closed"),
        ("status", None),
        ("title", TITLE[:-1] + b"T"),
        ("title", TITLE[:5] + b"N" + TITLE[6:]),
        ("title", TITLE + b"\x00"),
        ("salt", b"s" * 15 + b"S"),
        ("id", "a2"),
    ],
)
def test_every_change_of_value_or_type_changes_the_seal(column: str, value: object) -> None:
    sealer = RowSealer(KEY, "balint_case", COLUMNS)
    assert sealer.seal({**ROW, column: value}) != sealer.seal(ROW)


def test_values_cannot_slide_between_columns_tables_or_keys() -> None:
    sealer = RowSealer(KEY, "balint_case", COLUMNS)
    swapped = {**ROW, "id": "open", "status": "a1"}
    assert sealer.seal(swapped) != sealer.seal(ROW)
    assert RowSealer(KEY, "presentation", COLUMNS).seal(ROW) != sealer.seal(ROW)
    other = seals.derive_key(b"n" * 32, "0" * 32, seals.SEAL_INFO)
    assert RowSealer(other, "balint_case", COLUMNS).seal(ROW) != sealer.seal(ROW)
    # the boundary between two blobs is part of what is sealed
    two = RowSealer(KEY, "t", [("a", Kind.BINARY), ("b", Kind.BINARY)])
    assert two.seal({"a": b"xy", "b": b"z"}) != two.seal({"a": b"x", "b": b"yz"})


def test_a_row_that_cannot_be_sealed_is_refused() -> None:
    sealer = RowSealer(KEY, "balint_case", COLUMNS)
    for wrong in ("text where a blob belongs", None, 7):
        with pytest.raises(TypeError):
            sealer.seal({**ROW, "title": wrong})
    with pytest.raises(KeyError, match="without number"):
        sealer.sealer_for(["id", "opened", "title", "status", "salt"])


def test_rows_encode_and_decode_exactly() -> None:
    row = {"a": None, "b": 0, "c": -7, "d": "ü", "e": b"\x00\x80", "f": dt.date(2026, 1, 2), "g": True}
    assert seals.decode_row(seals.encode_row(row)) == {**row, "g": 1}
    for broken in (b"\x00\x00\x00\x01a", b"\x00\x00\x00\x01aQ", seals.encode_row(row)[:-1]):
        with pytest.raises(ValueError):
            seals.decode_row(broken)


def _change(seq: int, prev: bytes, *rows: RowChange) -> Change:
    return Change(seq, dt.datetime(2026, 11, 26, 9, 30, tzinfo=dt.UTC), "case edit", rows, prev)


def test_a_change_encodes_and_decodes() -> None:
    change = _change(1, seals.GENESIS, RowChange("balint_case", "a1", Op.UPDATE, b"\x07" * 32))
    assert Change.decode(change.encode()) == change
    with pytest.raises(ValueError, match="not a change record"):
        Change.decode(b'{"v": 1}')
    with pytest.raises(ValueError, match="not a change record"):
        Change.decode(change.encode()[:-1])
    with pytest.raises(ValueError, match="not a change record"):
        Change.decode(change.encode() + b"\x00")


def _chain(*row_lists: tuple[RowChange, ...]) -> list[tuple[int, bytes, Change | None]]:
    """Stored changes, their bodies stored as they are (the log encrypts them)."""
    entries: list[tuple[int, bytes, Change | None]] = []
    prev = seals.GENESIS
    for seq, rows in enumerate(row_lists, start=1):
        change = _change(seq, prev, *rows)
        body = change.encode()
        entries.append((seq, body, change))
        prev = seals.chain_hash(body)
    return entries


S1, S2, S3 = b"\x01" * 32, b"\x02" * 32, b"\x03" * 32


def test_the_chain_replays_to_the_rows_it_implies() -> None:
    entries = _chain(
        (RowChange("t", "a", Op.INSERT, S1), RowChange("t", "b", Op.INSERT, S1)),
        (RowChange("t", "a", Op.UPDATE, S2), RowChange("t", "b", Op.DELETE, b"")),
    )
    problems, last = seals.check_chain(entries)
    assert problems == []
    assert last == seals.chain_hash(entries[-1][1])
    state, replay_problems = seals.replay(c for _seq, _body, c in entries if c is not None)
    assert state == {("t", "a"): S2}
    assert replay_problems == []


def test_a_broken_chain_names_the_change() -> None:
    first, second, third = _chain((RowChange("t", "a", Op.INSERT, S1),), (RowChange("t", "a", Op.UPDATE, S2),), ())
    problems, _last = seals.check_chain([first, third])
    assert [(p.seq, p.reason) for p in problems] == [
        (3, "change 2 is missing before it"),
        (3, "it does not follow the change before it"),
    ]
    problems, _last = seals.check_chain([first, (2, b"garbage", None), third])
    assert [(p.seq, p.reason) for p in problems] == [
        (2, "it failed its integrity check"),
        (3, "it does not follow the change before it"),
    ]
    problems, _last = seals.check_chain([second])
    assert [p.reason for p in problems] == ["change 1 is missing before it", "it does not follow the change before it"]


def test_replay_names_changes_that_do_not_apply() -> None:
    entries = _chain((RowChange("t", "a", Op.UPDATE, S1), RowChange("t", "b", Op.DELETE, b"")),)
    _state, problems = seals.replay(c for _seq, _body, c in entries if c is not None)
    assert [(p.row_id, p.reason) for p in problems] == [
        ("a", "updated although it did not exist"),
        ("b", "deleted although it did not exist"),
    ]


def test_compare_names_each_difference_once() -> None:
    expected = {("t", "kept"): S1, ("t", "edited"): S1, ("t", "gone"): S1, ("t", "twice"): S2}
    live = [("t", "kept", S1), ("t", "edited", S3), ("t", "new", S1), ("t", "twice", S2), ("t", "twice", S3)]
    found = {(d.kind, d.row_id) for d in seals.compare(expected, live)}
    assert found == {
        (Difference.CHANGED, "edited"),
        (Difference.EXTRA, "new"),
        (Difference.MISSING, "gone"),
        (Difference.DUPLICATED, "twice"),
    }


def test_previous_content_opens_only_under_its_key_and_place() -> None:
    cipher = vault.FieldCipher(vault.new_key())
    ad = seals.content_ad("v", 4, "balint_case", "a1", "a1")
    blob = seals.seal_content(cipher, ad, ROW)
    assert seals.open_content(cipher, ad, blob) == ROW
    with pytest.raises(ValueError):
        seals.open_content(cipher, seals.content_ad("v", 5, "balint_case", "a1", "a1"), blob)
    with pytest.raises(ValueError):
        seals.open_content(vault.FieldCipher(vault.new_key()), ad, blob)


VAULT_ID = "0123456789abcdef0123456789abcdef"


def test_the_rollback_record_round_trips_and_detects_edits(isolated_home: Path) -> None:
    key = seals.derive_key(b"m" * 32, VAULT_ID, seals.ROLLBACK_INFO)
    assert rollback.read(key, VAULT_ID) is None
    rollback.write(key, VAULT_ID, rollback.Seen(7, S1))
    assert rollback.read(key, VAULT_ID) == rollback.Seen(7, S1)
    path = rollback.record_path(VAULT_ID)
    assert path.stat().st_mode & 0o077 == 0
    data = json.loads(path.read_text())
    path.write_text(json.dumps({**data, "seq": 3}))
    with pytest.raises(DamagedError, match="was altered"):
        rollback.read(key, VAULT_ID)
    path.write_text("{")
    with pytest.raises(DamagedError, match="unreadable"):
        rollback.read(key, VAULT_ID)
    with pytest.raises(DamagedError, match="malformed vault id"):
        rollback.record_path("../../etc/passwd")


def test_an_older_or_replaced_chain_is_told_apart_from_a_newer_one() -> None:
    hashes = {1: S1, 2: S2, 3: S3}
    seen = rollback.Seen(2, S2)
    assert rollback.older_than_seen(None, 3, hashes.get) is None
    assert rollback.older_than_seen(seen, 2, hashes.get) is None
    assert rollback.older_than_seen(seen, 3, hashes.get) is None
    older = rollback.older_than_seen(seen, 1, hashes.get)
    assert older is not None and "ends at change 1, change 2 was seen here" in older
    replaced = rollback.older_than_seen(seen, 3, {**hashes, 2: S3}.get)
    assert replaced is not None and "change 2 is not the one seen here" in replaced


def _reference_seal(key: bytes, table: str, columns: list[tuple[str, Kind]], row: dict[str, object]) -> bytes:
    """The row seal as RowSealer's docstring defines it, written out plainly
    (HMAC-SHA256 of the header, the repr of the plain values and the
    lengths, the binary columns' bytes and each field's ends): the seals of
    every vault ever written, which no faster way of computing them may change."""
    import hashlib
    import hmac

    ordered = sorted(columns)

    def header(name: str) -> bytes:
        data = name.encode()
        return len(data).to_bytes(4, "big") + data

    plain = tuple(row[n] for n, k in ordered if k is Kind.PLAIN)
    data = [row[n] for n, k in ordered if k is Kind.BINARY]
    blobs = [row[n] for n, k in ordered if k is Kind.FIELD]
    ends = b"".join([blob[:13] + blob[-16:] for blob in blobs])  # type: ignore[index, operator]
    lengths = tuple(len(blob) for blob in blobs)  # type: ignore[arg-type]
    message = header(table) + b"".join(header(f"{n}:{k}") for n, k in ordered)
    message += repr((plain, tuple(len(d) for d in data), lengths)).encode()  # type: ignore[arg-type]
    message += b"".join(data) + ends  # type: ignore[arg-type]
    return hmac.new(key, message, hashlib.sha256).digest()


_ODD_VALUES: list[object] = [
    None, True, False, 0, -1, 2**70, 1.5, "", "a1", "it's", 'say "so"', "both ' and \"", "back\\slash",
    "new\nline", "tab\t", "\x00\x7f", "Grüße", "\u2028", "日本", "\U0001f600", "\ud800", b"", b"x'y", bytearray(b"ba"),
    dt.date(2026, 1, 2), dt.date(1, 1, 1), dt.datetime(2026, 1, 2, 3, 4, 5, 6), dt.datetime(2026, 1, 2, tzinfo=dt.UTC),
]  # fmt: skip


@pytest.mark.parametrize("shape", ["plain", "parts", "whole", "mixed", "binary", "one"])
def test_every_way_of_reading_a_row_seals_it_exactly_as_defined(shape: str) -> None:
    import random
    import sqlite3

    rng = random.Random(shape)
    db = sqlite3.connect(":memory:")
    columns: list[tuple[str, Kind]] = {
        "plain": [("id", Kind.PLAIN), ("b", Kind.PLAIN), ("a", Kind.PLAIN)],
        "parts": [("id", Kind.PLAIN), ("d", Kind.PLAIN), ("x", Kind.FIELD), ("y", Kind.FIELD)],
        "whole": [("id", Kind.PLAIN), ("d", Kind.PLAIN), ("x", Kind.FIELD), ("y", Kind.FIELD)],
        "mixed": [("id", Kind.PLAIN), ("x", Kind.FIELD), ("y", Kind.FIELD), ("z", Kind.FIELD)],
        "binary": [("id", Kind.PLAIN), ("k", Kind.BINARY), ("x", Kind.FIELD), ("s", Kind.BINARY)],
        "one": [("id", Kind.PLAIN), ("x", Kind.FIELD)],
    }[shape]
    sealer = RowSealer(KEY, "t", columns)
    for _ in range(300):
        row: dict[str, object] = {}
        for name, kind in columns:
            if kind is Kind.PLAIN:
                row[name] = rng.choice(_ODD_VALUES)
            else:
                row[name] = rng.randbytes(rng.choice([1, 5, 13, 29, 30, 200]))
        expected = _reference_seal(KEY, "t", columns, row)
        assert sealer.seal(row) == expected
        # read whole, and with its fields as SQLite gives their length and ends
        names = [name for name, _kind in columns][::-1]
        assert sealer.sealer_for(["seal", *names])([b"s", *(row[n] for n in names)]) == expected
        as_parts: list[str] = []
        values: list[object] = []
        for name in names:
            if dict(columns)[name] is Kind.FIELD and (shape == "parts" or (shape != "whole" and rng.random() < 0.5)):
                as_parts += [name + seals.LENGTH, name + seals.HEAD, name + seals.TAIL]
                values += db.execute("SELECT length(?1), substr(?1, 1, 13), substr(?1, -16)", (row[name],)).fetchone()
            else:
                as_parts.append(name)
                values.append(row[name])
        assert sealer.sealer_for(as_parts)(values) == expected
    # and what cannot be sealed is refused alike, whichever way it is read
    field = next((name for name, kind in columns if kind is Kind.FIELD), None)
    if field is not None:
        for wrong in ("text", None, 7, memoryview(b"x" * 40)):
            row = {name: "v" for name, _kind in columns} | {name: b"b" for name, k in columns if k is not Kind.PLAIN}
            row[field] = wrong
            with pytest.raises(TypeError):
                _reference_seal(KEY, "t", columns, row)
            with pytest.raises(TypeError):
                sealer.seal(row)
            names = [name for name, _kind in columns]
            three = (field + seals.LENGTH, field + seals.HEAD, field + seals.TAIL)
            parts = [n for name in names for n in ((name,) if name != field else three)]
            values = [v for name in names for v in ((row[name],) if name != field else (None, wrong, wrong))]
            if not isinstance(wrong, memoryview):  # its ends would be bytes-like
                with pytest.raises(TypeError):
                    sealer.sealer_for(parts)(values)
    db.close()
