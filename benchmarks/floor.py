"""The floor of a warm command's own work: what reading and opening the
rows a command needs costs with nothing but the primitives, against the
trivial Typer app measured in the same run.

    python benchmarks/floor.py                 # measure, write the Floor section of RESULTS.md
    python benchmarks/floor.py --runs 3 --no-write

For ``search`` (every sealed text field of sessions, cases, presentations
and resonances, as :mod:`balintlog.db.search` reads them) ``case list``
(every case's title and relationship, its data key, its seal) and
``session list`` (every session and attendance row sealed, the members'
codes opened; the sessions' own sealed fields left out) on the
1-year and the 10-year vault, three costs are timed in this process:

- **read**: the rows from SQLite with the plain ``sqlite3`` module (no
  SQLAlchemy, no row objects), blobs and all columns of each row;
- **open**: one AES-256-GCM decryption per sealed field (and per case key
  unwrapped), through ``cryptography``'s ``AESGCM.decrypt`` called in a bare
  loop. The blobs are the vault's own lengths, encrypted here under a key
  of this run (the primitive's cost does not depend on the key);
- **seal**: one HMAC-SHA256 per row over the row's bytes, with the key's
  inner and outer hash state precomputed (as :mod:`balintlog.seals` does),
  without the canonical encoding of the columns.

Their sum is what any implementation in Python with these libraries pays
before it does anything else (placing hits, laying out a table, starting
Python). A command served by the agent also pays its fixed cost (the
client's start, the fork, opening the journal): ``draft list`` served warm,
measured in the same run on a vault without drafts, is that cost alone. When the floor plus
that fixed cost is over the issue's budget (0.5 x the trivial app), the
target cannot be met without keeping opened text between commands, which
DESIGN.md (section 4, the warm path) rules out.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import generate
import run as bench
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from balintlog.journal.cases import CASE_TEXT_FIELDS, PRESENTATION_TEXT_FIELDS
from balintlog.journal.search import SESSION_NOTE_FIELDS

START_MARK = "<!-- floor:start -->"
END_MARK = "<!-- floor:end -->"

#: (table, sealed columns) a search opens: those of :mod:`balintlog.journal.search`.
SEARCHED = (
    ("group_session", SESSION_NOTE_FIELDS),
    ("balint_case", CASE_TEXT_FIELDS),
    ("presentation", PRESENTATION_TEXT_FIELDS),
    ("resonance", ("text",)),
)
#: Associated data of the length the vault's is about.
AD = b"ad" * 20


def _read(db: sqlite3.Connection, sql: str) -> list[tuple[object, ...]]:
    return db.execute(sql).fetchall()


class Work:
    """The rows of one command's reads, and the fields it opens."""

    def __init__(self, db: sqlite3.Connection, queries: Sequence[tuple[str, Sequence[int]]]) -> None:
        self.db = db
        self.queries = queries
        self.read_rows: list[tuple[object, ...]] = []
        self.blobs: list[bytes] = []
        for sql, blob_at in queries:
            rows = _read(db, sql)
            self.read_rows += rows
            self.blobs += [row[i] for row in rows for i in blob_at if isinstance(row[i], bytes)]  # type: ignore[misc]
        self.rows = len(self.read_rows)
        key = AESGCM.generate_key(256)
        self.cipher = AESGCM(key)
        nonce = os.urandom(12)
        # The same lengths as the vault's blobs (version byte, nonce and tag taken off).
        self.sealed = [(nonce, self.cipher.encrypt(nonce, os.urandom(max(len(b) - 29, 0)), AD)) for b in self.blobs]
        block = hashlib.sha256(b"seal").digest().ljust(64, b"\0")
        self.inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
        self.outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))

    def read(self) -> None:
        for sql, _blob_at in self.queries:
            _read(self.db, sql)

    def open(self) -> None:
        decrypt = self.cipher.decrypt
        for nonce, blob in self.sealed:
            decrypt(nonce, blob, AD)

    def seal(self) -> None:
        inner, outer = self.inner, self.outer
        for row in self.read_rows:
            h = inner.copy()
            for value in row:
                if isinstance(value, bytes):
                    h.update(value)
            h.update(str([v for v in row if not isinstance(v, bytes)]).encode())
            o = outer.copy()
            o.update(h.digest())
            o.digest()


def _queries(db: sqlite3.Connection, command: str) -> list[tuple[str, list[int]]]:
    def columns(table: str) -> list[str]:
        return [row[1] for row in db.execute(f"PRAGMA table_info({table})")]

    if command == "search":
        out = []
        for table, fields in SEARCHED:
            names = columns(table)
            out.append((f"SELECT * FROM {table}", [names.index(f) for f in fields]))
        return out
    if command == "session list":
        # Every session and its attendance, sealed; the members' codes opened (the sessions'
        # own sealed fields are left closed: a floor may only leave work out).
        member_names = columns("member")
        return [
            ("SELECT * FROM group_session", []),
            ("SELECT * FROM attendance", []),
            ("SELECT * FROM member", [member_names.index("code")]),
            ("SELECT * FROM block", []),
        ]
    # case list: every case (its title and relationship opened) and its data key (unwrapped).
    case_names, key_names = columns("balint_case"), columns("data_key")
    return [
        ("SELECT * FROM balint_case", [case_names.index("title"), case_names.index("relationship")]),
        ("SELECT * FROM data_key", [key_names.index("wrapped_key")]),
    ]


def median_ms(fn: Callable[[], object], runs: int) -> float:
    """The median wall time of ``runs`` calls of ``fn``, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def command(argv: Sequence[str], env: dict[str, str]) -> Callable[[], object]:
    """Running ``argv`` as a whole process, its output dropped."""
    return lambda: subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each measurement (default 7)")
    parser.add_argument("--no-write", action="store_true", help="print the section instead of writing RESULTS.md")
    args = parser.parse_args(argv)
    loads = os.getloadavg()[0]
    work = Path(tempfile.mkdtemp(prefix="balintlog-floor-"))
    b = bench.Bench(work)
    trivial = [sys.executable, str(b.trivial), "hello", "x"]
    warm_env = {k: v for k, v in b.base_env.items() if k != "BALINTLOG_NO_AGENT"}
    lines = []
    try:
        for name in ("one-year", "ten-year"):
            vault = generate.vault_path(name)
            b.unlock(vault)
            least = b.balintlog(vault, "draft", "list")
            db = sqlite3.connect(f"file:{vault}?mode=ro", uri=True)
            try:
                for listed in ("search", "case list", "session list"):
                    work_ = Work(db, _queries(db, listed))
                    base = median_ms(command(trivial, b.base_env), args.runs)
                    fixed = median_ms(command(least, warm_env), args.runs)
                    read, opened, sealed = (median_ms(f, args.runs) for f in (work_.read, work_.open, work_.seal))
                    floor = read + opened + sealed
                    lines.append(
                        f"| {listed} ({name}) | {work_.rows:,} | {len(work_.blobs):,} | {read / base:.2f} × | "
                        f"{opened / base:.2f} × | {sealed / base:.2f} × | **{floor / base:.2f} ×** | "
                        f"{fixed / base:.2f} × | **{(floor + fixed) / base:.2f} ×** |"
                    )
            finally:
                db.close()
    finally:
        b.cleanup()
        shutil.rmtree(work, ignore_errors=True)
    text = "\n".join(
        [
            START_MARK,
            "## Floor of a warm command's own work",
            "",
            f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC with `python benchmarks/floor.py` (median of "
            f"{args.runs}; load average {loads:.1f} before, {os.getloadavg()[0]:.1f} after); every figure is a ratio "
            "to the trivial Typer app's command measured in the same run. *Read*: the rows from SQLite with plain "
            "`sqlite3`. *Open*: one bare `AESGCM.decrypt` per sealed field (and per case key). *Seal*: one "
            "HMAC-SHA256 per row over its bytes. *Fixed*: `draft list` served warm (the client's start, the fork, "
            "opening the journal, no drafts). The issue's budget is 0.5 ×.",
            "",
            "| command (vault) | rows | fields opened | read | open | seal | floor | fixed | floor + fixed |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
            *lines,
            "",
            "Where *floor + fixed* is over 0.5 ×, no implementation of the command in Python with SQLite and "
            "`cryptography` meets the target while it reads, opens and authenticates the rows per command: only "
            "text kept opened in the agent between commands, or a plaintext index, would (DESIGN.md, section 4, "
            "rules out both).",
            END_MARK,
        ]
    )
    bench.publish(text, "Floor", (START_MARK, END_MARK), write=not args.no_write)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
