"""An attacker with write access to the vault file, using plain sqlite3:
every change to any row's plaintext columns, rows moved, deleted, inserted,
copied, swapped or rolled back, the whole file rolled back, keyslots
altered — each is detected (exit 6, the record named) and never shown as
genuine. And crypto-shredding holds with the change log: a deleted case
leaves none of its bytes in the file."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE, TODAY, Cli, vault_files

from balintlog.db import maintenance
from balintlog.journal import Journal

CASE = """\
Title: Case {n} at the harbour
Presenter: M{n}
Relationship: doctor_patient
Question: Why {n}?

## Presentation
Account {n} of the harbour master.

## Resonances
- affect / client / 2 / first resonance of {n}
- image / presenter / 4 / second resonance of {n}
"""


@pytest.fixture
def journal(cli: Cli) -> Cli:
    """Two cases of two presenters in one session of group nord."""
    cli.ok("group", "add", "nord")
    cli.ok("member", "add", "nord", "M1", "--profession", "physician")
    cli.ok("member", "add", "nord", "M2", "--profession", "nurse")
    cli.ok("session", "start", "--present", "M1,M2")
    for n in (1, 2):
        cli.ok("case", "add", "--from", "-", input=CASE.format(n=n))
    assert cli.ok("verify").stdout.startswith("OK")
    return cli


def sql(cli: Cli, statement: str, *params: Any) -> list[Any]:
    db = sqlite3.connect(cli.vault, isolation_level=None)
    try:
        return db.execute(statement, params).fetchall()
    finally:
        db.close()


def case_id(cli: Cli, number: int) -> str:
    return str(sql(cli, "SELECT id FROM balint_case WHERE number = ?", number)[0][0])


def damaged(cli: Cli, *args: str, name: str) -> str:
    """Run a command that must refuse: exit 6, ``name`` said, nothing shown."""
    result = cli(*args)
    assert result.exit_code == 6, (args, result.exit_code, result.stdout, result.stderr)
    assert name in result.stderr, (args, result.stderr)
    assert "Traceback" not in result.stderr
    assert "harbour" not in result.stdout
    return result.stderr


def verify_names(cli: Cli, name: str) -> list[str]:
    """``verify`` exits 6 naming ``name`` (a failure of its own, or the
    header's, which stops it before it starts); its failure lines."""
    result = cli("verify")
    assert result.exit_code == 6, result.stdout
    assert name in result.stderr, result.stderr
    return [line for line in result.stderr.splitlines() if line.startswith("FAILED")]


@pytest.mark.parametrize(
    ("table", "column", "value", "where", "command", "name"),
    [
        ("balint_case", "status", "closed", "number = 2", ("case", "show", "2"), "case #2"),
        ("balint_case", "opened", "2020-01-01", "number = 2", ("case", "list"), "case #2"),
        ("balint_case", "presenter_id", "M1", "number = 2", ("case", "show", "2"), "case #2"),
        ("presentation", "date", "2020-01-01", "1", ("case", "show", "1"), "of case #1"),
        ("resonance", "intensity", 99, "seq = 2", ("case", "show", "1"), "resonance 2"),
        ("resonance", "intensity", -5, "seq = 1", ("report", "--year", "2026", "--json"), "resonance 1"),
        ("resonance", "seq", 7, "seq = 1", ("case", "show", "1"), "resonance 7"),
        ("group_session", "minutes", 30, "1", ("session", "list"), "session 1"),
        ("group_session", "status", "planned", "1", ("report", "--year", "2026", "--json"), "session 1"),
        ("group_session", "date", "2026-11-25", "1", ("session", "list"), "session 1"),
        ("member", "joined", "2020-01-01", "1", ("member", "list", "nord"), "member"),
        ("balint_group", "session_minutes", 45, "1", ("group", "show", "nord"), "group"),
        ("data_key", "version", 2, "case_id IS NOT NULL", ("case", "list"), "data key"),
        ("vault_meta", "created", "2020-01-01", "1", ("case", "list"), "the vault header"),
    ],
)
def test_a_changed_plaintext_column_is_named_never_shown(
    journal: Cli, table: str, column: str, value: object, where: str, command: tuple[str, ...], name: str
) -> None:
    if column == "presenter_id":
        value = str(sql(journal, "SELECT id FROM member ORDER BY rowid LIMIT 1")[0][0])
    (rowid,) = sql(journal, f"SELECT rowid FROM {table} WHERE {where} ORDER BY rowid LIMIT 1")[0]
    sql(journal, f'UPDATE {table} SET "{column}" = ? WHERE rowid = ?', value, rowid)
    damaged(journal, *command, name=name)
    verify_names(journal, name)


@pytest.mark.parametrize(
    ("table", "column", "value", "name"),
    [
        ("presentation", "date", "2020-01-01", "of case #2"),
        ("presentation", "date", "not a day", "of case #2"),
        ("presentation", "date", 20260101, "of case #2"),
        ("presentation", "account", b"\x01" + b"\x00" * 40, "of case #2"),
        ("presentation", "session_id", "elsewhere", "of case #2"),
        ("balint_case", "opened", "not a day", "case #2"),
        ("balint_case", "group_id", "elsewhere", "case #2"),
        ("balint_case", "client", b"\x01" + b"\x00" * 40, "case #2"),
        ("balint_case", "seal", "text", "case #2"),
        ("data_key", "wrapped_key", b"\x00" * 60, "data key"),
    ],
)
def test_every_row_a_case_listing_reads_is_checked(
    journal: Cli, table: str, column: str, value: object, name: str
) -> None:
    """``case list`` reads its rows from the driver itself, dates as text:
    any change to a row it counts or shows is named, a date that is no
    date too."""
    two = case_id(journal, 2)
    where = "id" if table == "balint_case" else "case_id"
    sql(journal, f'UPDATE {table} SET "{column}" = ? WHERE {where} = ?', value, two)
    for command in (("case", "list"), ("case", "list", "--json"), ("case", "list", "--status", "open")):
        damaged(journal, *command, name=name)


def test_case_numbers_swapped_are_named(journal: Cli) -> None:
    one, two = case_id(journal, 1), case_id(journal, 2)
    sql(journal, "UPDATE balint_case SET number = -1 WHERE id = ?", one)
    sql(journal, "UPDATE balint_case SET number = 1 WHERE id = ?", two)
    sql(journal, "UPDATE balint_case SET number = 2 WHERE id = ?", one)
    damaged(journal, "case", "show", "1", name="case #1")
    damaged(journal, "case", "list", "--json", name="case #")
    failed = verify_names(journal, "case #1")
    assert any("case #2" in line for line in failed)


def test_rows_moved_between_parents_are_named(journal: Cli) -> None:
    one, two = case_id(journal, 1), case_id(journal, 2)
    (target,) = sql(journal, "SELECT id FROM presentation WHERE case_id = ?", two)[0]
    sql(journal, "UPDATE resonance SET presentation_id = ? WHERE case_id = ? AND seq = 1", target, one)
    damaged(journal, "case", "show", "2", name="resonance 1")
    verify_names(journal, "resonance 1")


def test_attendance_added_or_removed_is_named(journal: Cli) -> None:
    session, member = sql(journal, "SELECT session_id, member_id FROM attendance LIMIT 1")[0]
    sql(journal, "DELETE FROM attendance WHERE session_id = ? AND member_id = ?", session, member)
    failed = verify_names(journal, "attendance")
    assert any("missing" in line for line in failed)
    sql(journal, "INSERT INTO attendance (session_id, member_id, seal) VALUES (?, ?, ?)", session, member, b"x" * 32)
    damaged(journal, "session", "show", "--json", name="attendance")


def test_a_renumbering_never_follows_a_changed_date(journal: Cli) -> None:
    """Moving a session renumbers the group's sessions by their dates: a
    date changed in the file stops it (exit 6, the session named) before
    anything is written, even where the order it reads needs no renumbering
    (so that nothing else reads that session's row)."""
    journal.ok("group", "edit", "nord", "--start", (TODAY - dt.timedelta(days=60)).isoformat())
    journal.ok("session", "end")
    journal.ok("session", "start", "--date", (TODAY - dt.timedelta(days=14)).isoformat())
    journal.ok("session", "end")
    sql(journal, "UPDATE group_session SET date = ? WHERE seq = 1", (TODAY - dt.timedelta(days=20)).isoformat())
    before = sql(journal, "SELECT id, seq, date, seal FROM group_session ORDER BY id")
    moved = (TODAY - dt.timedelta(days=1)).isoformat()
    damaged(journal, "session", "edit", "nord:2", "--date", moved, name="session 1")
    assert sql(journal, "SELECT id, seq, date, seal FROM group_session ORDER BY id") == before


def test_deleted_rows_and_a_whole_deleted_case_are_named_by_verify(journal: Cli) -> None:
    two = case_id(journal, 2)
    (gone,) = sql(journal, "SELECT id FROM resonance WHERE case_id = ? AND seq = 2", two)[0]
    sql(journal, "DELETE FROM resonance WHERE id = ?", gone)
    assert verify_names(journal, f"resonance {gone[:8]} is missing") == [
        f"FAILED resonance {gone[:8]} is missing (deleted outside balintlog)"
    ]
    for table, column in (("resonance", "case_id"), ("presentation", "case_id"), ("data_key", "case_id")):
        sql(journal, f"DELETE FROM {table} WHERE {column} = ?", two)
    sql(journal, "DELETE FROM balint_case WHERE id = ?", two)
    failed = verify_names(journal, "missing")
    assert len([line for line in failed if "missing" in line]) >= 4


def test_a_row_copied_under_a_new_id_is_named(journal: Cli) -> None:
    columns = [r[1] for r in sql(journal, "PRAGMA table_info(resonance)")]
    listed = ", ".join(c if c != "id" else "'ffffffffffffffffffffffffffffffff'" for c in columns)
    sql(journal, f"INSERT INTO resonance ({', '.join(columns)}) SELECT {listed} FROM resonance LIMIT 1")
    damaged(journal, "case", "show", "1", name="resonance")
    failed = verify_names(journal, "ffffffff")
    assert any("inserted outside" in line or "failed its seal" in line for line in failed)


def test_one_row_put_back_from_an_older_copy_is_named_by_verify(journal: Cli, tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    shutil.copyfile(journal.vault, old)
    for side in ("-wal",):
        if journal.vault.with_name(journal.vault.name + side).exists():
            shutil.copyfile(journal.vault.with_name(journal.vault.name + side), old.with_name(old.name + side))
    journal.ok("case", "close", "2")
    db = sqlite3.connect(old)
    cursor = db.execute("SELECT * FROM balint_case WHERE number = 2")
    names = [d[0] for d in cursor.description]
    row = cursor.fetchone()
    db.close()
    sql(journal, "DELETE FROM balint_case WHERE number = 2")
    sql(journal, f"INSERT INTO balint_case ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", *row)
    # Every read takes it for genuine (its seal is one balintlog made); the chain knows better.
    assert "open" in journal.ok("case", "show", "2").stdout
    failed = verify_names(journal, "case #2")
    assert any("older copy" in line for line in failed), failed


def test_the_whole_file_rolled_back_is_warned_about_and_fails_verify(journal: Cli, tmp_path: Path) -> None:
    journal.ok("case", "list")  # checkpoints nothing; copy every file of the vault as it is now
    saved = {p.name: p.read_bytes() for p in vault_files(journal.vault)}
    journal.ok("case", "close", "2")
    for p in vault_files(journal.vault):
        p.unlink()
    for name, data in saved.items():
        (journal.vault.parent / name).write_bytes(data)
        (journal.vault.parent / name).chmod(0o600)
    listed = journal("case", "list")
    assert "older than the one last used on this machine" in listed.stderr
    verify_names(journal, "older than the one last used on this machine")


@pytest.mark.parametrize(("kind", "column"), [("recovery", "salt"), ("recovery", "wrapped_key"),
                                              ("recovery", "changed"), ("passphrase", "changed")])
def test_a_changed_keyslot_is_found_by_verify(journal: Cli, kind: str, column: str) -> None:
    (value,) = sql(journal, f"SELECT {column} FROM keyslot WHERE kind = ?", kind)[0]
    if isinstance(value, bytes):
        changed: object = bytes([value[0] ^ 1]) + value[1:]
    else:
        changed = (dt.date.fromisoformat(value) - dt.timedelta(days=1)).isoformat()
    sql(journal, f"UPDATE keyslot SET {column} = ? WHERE kind = ?", changed, kind)
    damaged(journal, "case", "list", name=f"the {kind} keyslot")
    verify_names(journal, f"the {kind} keyslot")


def test_a_case_delete_leaves_none_of_its_bytes_and_the_log_still_verifies(journal: Cli) -> None:
    two = case_id(journal, 2)
    journal.ok("case", "edit", "2", "--from", "-", input=CASE.format(n=2).replace("Account 2", "Account 2b"))
    with Journal.unlock(journal.vault, lambda: PASSPHRASE.encode(), today=TODAY) as opened:
        store = opened.store

        def raw(sql: str) -> list[Any]:
            return maintenance.raw(store, sql)

        with store.transaction(write=False):
            blobs = [bytes(b) for (b,) in raw(f"SELECT wrapped_key FROM data_key WHERE case_id = '{two}'")]
            for table, column in (("balint_case", "id"), ("presentation", "case_id"), ("resonance", "case_id")):
                for row in raw(f"SELECT * FROM {table} WHERE {column} = '{two}'"):
                    blobs += [bytes(v) for v in row if isinstance(v, bytes) and len(v) > 32]
            blobs += [bytes(b) for (b,) in raw(f"SELECT content FROM change_content WHERE case_id = '{two}'")]
    assert len(blobs) > 10
    journal.ok("case", "delete", "2", "--yes")
    assert journal.ok("verify").stdout.startswith("OK")
    data = b"".join(p.read_bytes() for p in vault_files(journal.vault))
    leaked = [blob[:8].hex() for blob in blobs if blob[12:28] in data]
    assert leaked == []
    assert sql(journal, "SELECT count(*) FROM change_content WHERE case_id = ?", two) == [(0,)]


def test_case_delete_refuses_while_a_trigger_could_copy_the_case(journal: Cli) -> None:
    two = case_id(journal, 2)
    with Journal.unlock(journal.vault, lambda: PASSPHRASE.encode(), today=TODAY) as opened:
        # Planted after the vault was opened (a strict schema refuses it at open).
        sql(journal, "CREATE TABLE side (data BLOB)")
        sql(
            journal,
            "CREATE TRIGGER copy_key BEFORE DELETE ON data_key BEGIN INSERT INTO side VALUES (old.wrapped_key); END",
        )
        from balintlog.errors import DamagedError

        with pytest.raises(DamagedError, match="copy_key"):
            opened.cases.delete(2)
    assert sql(journal, "SELECT count(*) FROM side") == [(0,)]
    assert sql(journal, "SELECT count(*) FROM data_key WHERE case_id = ?", two) == [(1,)]


def test_every_shown_record_still_reads_back(journal: Cli) -> None:
    shown = json.loads(journal.ok("case", "show", "1", "--json").stdout)
    assert "harbour" in json.dumps(shown)
