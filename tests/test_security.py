"""Security is tested, not claimed: wrong passphrases, missing sources, file
modes, tampered bytes, moved blobs, plaintext on disk, passphrase changes,
recovery, tampered KDF parameters, and the light start-up."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PASSPHRASE, TODAY, Cli, vault_files

from balintlog.cli import app
from balintlog.db import keyslots, maintenance
from balintlog.db.schema import T_CASE, T_GROUP, T_MEMBER, T_PRESENTATION, T_RESONANCE, T_SESSION, new_id
from balintlog.journal import Journal

MARKER = "ZEBRA-MARKER-7731"


def seed(path: Path, marker: str = MARKER) -> dict[str, str]:
    """A group, a member, a session and a case with a presentation, written
    through the store so that this test does not depend on the capture
    commands. Returns the row ids."""
    journal = Journal.unlock(path, lambda: PASSPHRASE.encode(), today=TODAY)
    store = journal.store
    ids: dict[str, str] = {}
    with journal, journal.writing("test seed"):
        ids["group"] = store.insert_row(
            T_GROUP,
            dict(handle=f"nord-{marker}", name="Group North", kind="block", setting="open", institution="",
                 co_leader="", start=TODAY, session_minutes=90, block_size=4),
        )
        ids["member"] = store.insert_row(
            T_MEMBER, dict(group_id=ids["group"], code="M1", profession="judge", field="", identity="")
        )
        ids["session"] = store.insert_row(
            T_SESSION,
            dict(group_id=ids["group"], seq=1, date=TODAY, minutes=90, status="ended", start_time="", end_time="",
                 mode="in_person", atmosphere=f"tense {marker}", group_process="", countertransference="",
                 supervision_questions=""),
        )
        for n in (1, 2):
            case_id = new_id()
            keyslots.create_data_key(store, journal.master_key, case_id)
            store.insert_row(
                T_CASE,
                dict(id=case_id, number=n, group_id=ids["group"], presenter_id=ids["member"], status="open",
                     opened=TODAY, title=f"Case {n} {marker}", client="woman, 54", relationship="judge_party",
                     field="family court", institution="court"),
                case_id=case_id,
            )
            ids[f"case{n}"] = case_id
            ids[f"presentation{n}"] = store.insert_row(
                T_PRESENTATION,
                dict(case_id=case_id, session_id=ids["session"], date=TODAY, kind="first",
                     question=f"Why {marker}?", account="", group_process="", leader_notes="", closing="",
                     outcome="", what_changed=""),
                case_id=case_id,
            )
    return ids


def raw_db(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def test_wrong_passphrase_exits_3_with_one_line(cli: Cli) -> None:
    cli.set_passphrase("not the passphrase")
    result = cli("verify")
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1 or "warning" in result.stderr
    assert "wrong passphrase" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_no_passphrase_source_exits_3_with_a_hint_never_prompts(cli: Cli) -> None:
    prompted: list[str] = []
    cli.prompt = lambda text: prompted.append(text) or PASSPHRASE  # type: ignore[func-returns-value]
    result = cli("verify", env={"BALINTLOG_PASSPHRASE_COMMAND": ""})
    assert result.exit_code == 3
    assert "balintlog unlock" in result.stderr and "BALINTLOG_PASSPHRASE_FD" in result.stderr
    assert prompted == []


def test_prompts_only_when_stdin_is_a_terminal(cli: Cli) -> None:
    asked: list[str] = []

    def answer(text: str) -> str:
        asked.append(text)
        return PASSPHRASE

    cli.interactive = True
    cli.prompt = answer
    result = cli("verify", env={"BALINTLOG_PASSPHRASE_COMMAND": ""})
    assert result.exit_code == 0, result.stderr
    assert asked == ["Passphrase: "]


def test_passphrase_from_file_descriptor(cli: Cli) -> None:
    read, write = os.pipe()
    os.write(write, (PASSPHRASE + "\n").encode())
    os.close(write)
    try:
        result = cli("verify", env={"BALINTLOG_PASSPHRASE_COMMAND": "", "BALINTLOG_PASSPHRASE_FD": str(read)})
    finally:
        os.close(read)
    assert result.exit_code == 0, result.stderr


def test_a_subprocess_without_any_source_never_hangs(cli: Cli) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BALINTLOG_")}
    done = subprocess.run(
        [sys.executable, "-m", "balintlog", "--vault", str(cli.vault), "verify"],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60, env=env,
    )
    assert done.returncode == 3
    assert "Traceback" not in done.stderr


def _all_commands() -> list[list[str]]:
    from typer.main import get_command

    root = get_command(app)
    paths: list[list[str]] = [[]]

    def walk(cmd: object, prefix: list[str]) -> None:
        subs = getattr(cmd, "commands", {})
        for name, sub in subs.items():
            paths.append([*prefix, name])
            walk(sub, [*prefix, name])

    walk(root, [])
    return paths


def test_no_command_has_a_passphrase_option(bare_cli: Cli) -> None:
    commands = _all_commands()
    assert len(commands) > 4
    for path in commands:
        result = bare_cli(*path, "--help")
        assert result.exit_code == 0, path
        text = result.stdout.lower()
        assert "--passphrase" not in text and "--password" not in text, path


def test_file_modes_and_refusal_of_a_readable_vault(cli: Cli) -> None:
    seed(cli.vault)
    # Keep the WAL around: write through a connection that stays open.
    keep = raw_db(cli.vault)
    keep.execute("PRAGMA journal_mode=WAL")
    keep.execute("BEGIN")
    keep.execute("SELECT count(*) FROM balint_case").fetchall()
    try:
        files = vault_files(cli.vault)
        assert any(p.name.endswith("-wal") for p in files)
        for path in files:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    finally:
        keep.execute("COMMIT")
        keep.close()
    assert stat.S_IMODE(cli.vault.parent.stat().st_mode) == 0o700
    cli.vault.chmod(0o640)
    result = cli("verify")
    assert result.exit_code != 0
    assert "chmod 600" in result.stderr


def _sealed_blob(path: Path, table: str, column: str, row_id: str) -> bytes:
    with raw_db(path) as db:
        return bytes(db.execute(f"SELECT {column} FROM {table} WHERE id=?", (row_id,)).fetchone()[0])


def _set_blob(path: Path, table: str, column: str, row_id: str, blob: bytes) -> None:
    db = raw_db(path)
    db.execute(f"UPDATE {table} SET {column}=? WHERE id=?", (blob, row_id))
    db.close()


def test_flipping_any_byte_of_a_sealed_blob_is_detected(cli: Cli) -> None:
    ids = seed(cli.vault)
    original = _sealed_blob(cli.vault, "presentation", "question", ids["presentation2"])
    journal = Journal.unlock(cli.vault, lambda: PASSPHRASE.encode(), today=TODAY)
    with journal:
        for pos in range(len(original)):
            tampered = bytearray(original)
            tampered[pos] ^= 0x01
            _set_blob(cli.vault, "presentation", "question", ids["presentation2"], bytes(tampered))
            result = journal.verify()
            assert not result.ok, pos
            assert any("case #2" in f and "question" in f for f in result.failures), result.failures
    # And through the CLI: exit 6, the record named.
    result = cli("verify")
    assert result.exit_code == 6
    assert "case #2" in result.stderr and "question" in result.stderr
    _set_blob(cli.vault, "presentation", "question", ids["presentation2"], original)
    assert cli("verify").exit_code == 0


@pytest.mark.parametrize("target", ["other row", "other column", "other case"])
def test_a_blob_copied_elsewhere_is_rejected(cli: Cli, target: str) -> None:
    ids = seed(cli.vault)
    title1 = _sealed_blob(cli.vault, "balint_case", "title", ids["case1"])
    if target == "other row":
        _set_blob(cli.vault, "balint_case", "title", ids["case2"], title1)
        expected = "case #2"
    elif target == "other column":
        _set_blob(cli.vault, "balint_case", "client", ids["case1"], title1)
        expected = "case #1"
    else:
        question1 = _sealed_blob(cli.vault, "presentation", "question", ids["presentation1"])
        _set_blob(cli.vault, "presentation", "question", ids["presentation2"], question1)
        expected = "case #2"
    result = cli("verify")
    assert result.exit_code == 6
    assert expected in result.stderr


def test_a_blob_copied_into_another_vault_is_rejected(cli: Cli, tmp_path: Path) -> None:
    from conftest import make_cli

    other = make_cli(tmp_path / "other")
    other.ok("init", "--insecure-test-kdf")
    ids = seed(cli.vault)
    other_ids = seed(other.vault)
    _set_blob(other.vault, "group_session", "atmosphere", other_ids["session"],
              _sealed_blob(cli.vault, "group_session", "atmosphere", ids["session"]))
    result = other("verify")
    assert result.exit_code == 6
    assert "session" in result.stderr


def test_reading_a_tampered_record_names_it_instead_of_showing_it(cli: Cli) -> None:
    ids = seed(cli.vault)
    blob = bytearray(_sealed_blob(cli.vault, "balint_case", "title", ids["case1"]))
    blob[-1] ^= 0xFF
    _set_blob(cli.vault, "balint_case", "title", ids["case1"], bytes(blob))
    from balintlog.errors import DamagedError

    journal = Journal.unlock(cli.vault, lambda: PASSPHRASE.encode(), today=TODAY)
    with journal, journal.store.transaction(write=False), pytest.raises(DamagedError, match="case #1"):
        journal.store.rows(T_CASE)


@pytest.mark.parametrize("column", ["title", "relationship"])
def test_case_list_names_a_tampered_case_and_exits_6(cli: Cli, column: str) -> None:
    ids = seed(cli.vault)
    assert cli("case", "list").exit_code == 0
    blob = bytearray(_sealed_blob(cli.vault, "balint_case", column, ids["case2"]))
    blob[20] ^= 0x01
    _set_blob(cli.vault, "balint_case", column, ids["case2"], bytes(blob))
    for args in (("case", "list"), ("case", "list", "--json")):
        result = cli(*args)
        assert result.exit_code == 6
        assert f"case #2 failed its integrity check (column {column})" in result.stderr
        assert "Traceback" not in result.stderr


def test_case_list_refuses_a_title_moved_from_another_case(cli: Cli) -> None:
    ids = seed(cli.vault)
    moved = _sealed_blob(cli.vault, "balint_case", "title", ids["case1"])
    _set_blob(cli.vault, "balint_case", "title", ids["case2"], moved)
    result = cli("case", "list")
    assert result.exit_code == 6
    assert "case #2" in result.stderr


@pytest.mark.parametrize(
    ("table", "column"), [("presentation", "question"), ("resonance", "level"), ("resonance", "text")]
)
def test_the_report_names_a_tampered_field_it_shows(cli: Cli, table: str, column: str) -> None:
    # The report opens only the fields it shows, and those as strictly as any command.
    ids = seed(cli.vault)
    journal = Journal.unlock(cli.vault, lambda: PASSPHRASE.encode(), today=TODAY)
    with journal, journal.writing("test seed"):
        ids["resonance"] = journal.store.insert_row(
            T_RESONANCE,
            dict(presentation_id=ids["presentation2"], case_id=ids["case2"], seq=1, intensity=3, kind="affect",
                 level="client", source="group", mirroring="1", text="the group fell silent"),
            case_id=ids["case2"],
        )
    row_id = ids["presentation2"] if table == "presentation" else ids["resonance"]
    blob = bytearray(_sealed_blob(cli.vault, table, column, row_id))
    blob[-1] ^= 0x01
    _set_blob(cli.vault, table, column, row_id, bytes(blob))
    result = cli("report", "--year", str(TODAY.year), "--json")
    assert result.exit_code == 6
    assert "case #2" in result.stderr and f"column {column}" in result.stderr
    assert result.stdout == ""


def test_no_plaintext_marker_in_vault_wal_or_shm(cli: Cli) -> None:
    ids = seed(cli.vault, MARKER)
    journal = Journal.unlock(cli.vault, lambda: PASSPHRASE.encode(), today=TODAY)
    with journal:
        store = journal.store
        with journal.writing("test edit"):
            store.update_row(T_CASE, ids["case1"], {"title": f"edited {MARKER}"}, case_id=ids["case1"])
        for path in vault_files(cli.vault):
            assert MARKER.encode() not in path.read_bytes(), path
        with journal.writing("test edit"):
            store.delete_rows(T_PRESENTATION, T_PRESENTATION.c.case_id == ids["case2"])
        store.checkpoint()
    for path in vault_files(cli.vault):
        data = path.read_bytes()
        assert MARKER.encode() not in data, path
        assert MARKER.encode("utf-16-le") not in data


def test_secure_delete_wal_and_sync_settings(cli: Cli) -> None:
    journal = Journal.unlock(cli.vault, lambda: PASSPHRASE.encode(), today=TODAY)
    with journal:
        assert maintenance.sqlite_pragma(journal.store, "journal_mode") == "wal"
        assert maintenance.sqlite_pragma(journal.store, "secure_delete") == 1
        assert maintenance.sqlite_pragma(journal.store, "synchronous") == 2  # FULL
        assert maintenance.sqlite_pragma(journal.store, "foreign_keys") == 1


def test_passwd_changes_the_passphrase(cli: Cli, tmp_path: Path) -> None:
    seed(cli.vault)
    new_pw = tmp_path / "secret" / "new.pw"
    new_pw.write_text("a new long passphrase\n")
    result = cli.ok("passwd", env={"BALINTLOG_NEW_PASSPHRASE_COMMAND": f"cat {new_pw}"})
    assert "old passphrase" in result.stdout  # says what happens to older backups
    assert cli("verify").exit_code == 3
    cli.set_passphrase("a new long passphrase")
    assert "OK" in cli.ok("verify").stdout
    assert MARKER in str(_open_titles(cli.vault, "a new long passphrase"))


def test_passwd_refuses_a_short_or_mistyped_passphrase(cli: Cli) -> None:
    cli.interactive = True
    asked: list[str] = []

    def answering(*answers: str) -> None:
        queue = iter(answers)
        asked.clear()

        def prompt(text: str) -> str:
            asked.append(text)
            return next(queue)

        cli.prompt = prompt

    answering(PASSPHRASE, "short", "short", "short")
    result = cli("passwd", env={"BALINTLOG_PASSPHRASE_COMMAND": ""})
    assert result.exit_code == 2 and "too short" in result.stderr and "3 tries" in result.stderr
    assert asked.count("Repeat it: ") == 0  # refused at the first entry, not after both
    answering(PASSPHRASE, *(f"long enough {n}" for n in range(6)))
    result = cli("passwd", env={"BALINTLOG_PASSPHRASE_COMMAND": ""})
    assert result.exit_code == 2 and "differ; nothing was changed (3 tries)" in result.stderr
    cli.interactive = False
    assert cli("verify").exit_code == 0


def test_passwd_asks_again_after_a_short_or_mistyped_entry(cli: Cli) -> None:
    answers = iter([PASSPHRASE, "short", "a new long one", "a new long 1", "a new long one", "a new long one"])
    cli.interactive = True
    cli.prompt = lambda _text: next(answers)
    result = cli.ok("passwd", env={"BALINTLOG_PASSPHRASE_COMMAND": ""})
    assert "too short" in result.stderr and "differ; try again" in result.stderr
    cli.interactive = False
    cli.set_passphrase("a new long one")
    assert cli("verify").exit_code == 0


def _open_titles(path: Path, passphrase: str) -> list[str]:
    journal = Journal.unlock(path, lambda: passphrase.encode(), today=TODAY)
    with journal, journal.store.transaction(write=False):
        return [r["title"] for r in journal.store.rows(T_CASE)]


def test_recovery_code_sets_a_new_passphrase(bare_cli: Cli, tmp_path: Path) -> None:
    result = bare_cli.ok("init", "--insecure-test-kdf")
    code = next(line.strip() for line in result.stdout.splitlines() if line.strip().count("-") == 7)
    seed(bare_cli.vault)
    new_pw = tmp_path / "secret" / "recovered.pw"
    new_pw.write_text("recovered passphrase\n")
    env = {"BALINTLOG_PASSPHRASE_COMMAND": "", "BALINTLOG_NEW_PASSPHRASE_COMMAND": f"cat {new_pw}"}
    wrong = bare_cli("recover", input="AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA\n", env=env)
    assert wrong.exit_code == 3 and "recovery code" in wrong.stderr
    bare_cli.ok("recover", input=code.lower() + "\n", env=env)
    assert MARKER in str(_open_titles(bare_cli.vault, "recovered passphrase"))
    assert bare_cli("verify").exit_code == 3  # the old passphrase no longer opens it


def test_init_prints_the_recovery_code_once_with_a_warning(bare_cli: Cli) -> None:
    result = bare_cli.ok("init", "--insecure-test-kdf")
    assert "recovery code" in result.stdout.lower()
    assert "lose both" in result.stdout
    again = bare_cli("init", "--insecure-test-kdf")
    assert again.exit_code == 5 and "already exists" in again.stderr


def test_test_kdf_vault_warns_on_every_open(cli: Cli) -> None:
    assert "insecure test KDF" in cli.ok("verify").stderr


@pytest.mark.parametrize("column,value", [("memory_kib", 1024**3), ("iterations", 10**6), ("lanes", 10**4)])
def test_tampered_kdf_parameters_fail_fast(tmp_path: Path, column: str, value: int) -> None:
    from conftest import make_cli

    runner = make_cli(tmp_path)
    # A vault with the real (floor) KDF, so the test-KDF exemption does not apply.
    from balintlog import vault

    journal, _ = Journal.create(runner.vault, PASSPHRASE.encode(), today=TODAY, params=vault.MIN_PARAMS)
    journal.close()
    db = raw_db(runner.vault)
    db.execute(f"UPDATE keyslot SET {column}=? WHERE kind='passphrase'", (value,))
    db.close()
    started = dt.datetime.now()
    result = runner("verify")
    assert result.exit_code == 6
    assert "outside the allowed bounds" in result.stderr
    assert (dt.datetime.now() - started).total_seconds() < 30  # it did not try to derive


def test_test_kdf_parameters_are_refused_on_a_real_vault(tmp_path: Path) -> None:
    from conftest import make_cli

    from balintlog import vault

    runner = make_cli(tmp_path)
    journal, _ = Journal.create(runner.vault, PASSPHRASE.encode(), today=TODAY, params=vault.MIN_PARAMS)
    journal.close()
    db = raw_db(runner.vault)
    db.execute("UPDATE keyslot SET memory_kib=64, iterations=1, lanes=1 WHERE kind='passphrase'")
    db.close()
    assert runner("verify").exit_code == 6


HEAVY = ("sqlalchemy", "cryptography", "jinja2", "dateutil", "alembic", "pygal", "pydantic")


def test_importing_the_cli_loads_no_heavy_library() -> None:
    code = (
        "import sys, balintlog.cli\n"
        f"heavy = [m for m in {HEAVY!r} + ('balintlog.domain', 'balintlog.store') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == ""


def test_tab_completion_loads_no_heavy_library_nor_rich(tmp_path: Path) -> None:
    """Completion runs on every press of the tab key: it builds the command
    tree and nothing else (no consoles, no dataclasses of the domain)."""
    code = (
        "import sys, atexit\n"
        f"watch = {HEAVY!r} + ('rich', 'balintlog.domain', 'balintlog.journal')\n"
        "atexit.register(lambda: sys.stderr.write('LOADED:' + ','.join(m for m in watch if m in sys.modules)))\n"
        "sys.argv[0] = 'balintlog'\n"
        "from balintlog.cli import main\n"
        "main()\n"
    )
    env = {**os.environ, "_BALINTLOG_COMPLETE": "complete_bash", "COMP_WORDS": "balintlog case ", "COMP_CWORD": "2"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path
    )
    assert "follow-up" in done.stdout
    assert done.stderr.rsplit("LOADED:", 1)[1].strip() == ""


def test_errors_print_no_traceback_and_debug_does(cli: Cli) -> None:
    cli.set_passphrase("wrong passphrase!")
    plain = cli("verify")
    assert "Traceback" not in plain.stderr
    debug = cli("--debug", "verify")
    assert debug.exit_code == 3
    assert "Traceback" in debug.stderr


def test_not_a_vault_is_reported_as_damaged(tmp_path: Path) -> None:
    from conftest import make_cli

    runner = make_cli(tmp_path)
    runner.vault.parent.mkdir(mode=0o700)
    runner.vault.write_bytes(b"this is not sqlite at all" * 100)
    runner.vault.chmod(0o600)
    result = runner("verify")
    assert result.exit_code == 6
    assert "Traceback" not in result.stderr


def test_missing_vault_says_how_to_create_one(bare_cli: Cli) -> None:
    result = bare_cli("verify")
    assert result.exit_code == 4
    assert "balintlog init" in result.stderr
