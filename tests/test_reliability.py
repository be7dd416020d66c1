"""Short runs of the reliability harnesses in benchmarks/reliability.py (the
long runs and their figures are in benchmarks/RESULTS.md), and regression
tests for what they found."""

from __future__ import annotations

import datetime as dt
import errno
import importlib.abc
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from conftest import PASSPHRASE, TODAY, Cli, load_script

import balintlog
from balintlog.dates import parse_date
from balintlog.errors import UsageError
from balintlog.journal import Journal
from balintlog.terminal.state import AppState

if TYPE_CHECKING:
    from benchmarks import reliability
    from benchmarks.reliability import Vault
else:
    reliability = load_script("benchmarks/reliability.py")
    Vault = reliability.Vault
error_lines = reliability.error_lines


# -- fuzzing ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", reliability.FUZZ_PROPERTIES)
def test_fuzzed_property_holds(name: str) -> None:
    assert reliability.fuzz_property(name, 100) >= 100


def test_a_number_dateutil_cannot_divide_is_a_usage_error() -> None:
    # Found by the fuzzer: dateutil let decimal.InvalidOperation out.
    with pytest.raises(UsageError, match="cannot read date"):
        parse_date("0:10000000000000000000000000000A", today=dt.date(2000, 1, 1))


# -- disk full ----------------------------------------------------------------------------------------------


def test_init_on_a_full_disk_fails_in_one_line_and_leaves_no_vault(tmp_path: Path) -> None:
    # It used to print "unexpected OperationalError" and leave a half-made
    # vault file, so that a second 'init' said a vault already existed.
    figures = reliability.DiskFullFigures()
    reliability.init_under_limit(tmp_path, 60_000, figures)
    assert figures.refused == 1
    assert "disk full" in next(iter(figures.messages))


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Vault:
    """A vault with a group, members and an open session, shared by the
    tests below that leave it as it was (or only add a case)."""
    made = reliability.new_vault(tmp_path_factory.mktemp("shared"))
    reliability.setup_group(made)
    return made


def test_a_case_that_does_not_fit_on_the_disk_changes_nothing(vault: Vault) -> None:
    figures = reliability.DiskFullFigures()
    # 48 KiB: room for the WAL index, not for the case's pages in the WAL.
    reliability.disk_full_trial(vault, reliability.WRITE_COMMANDS["case add"](1), 48 * 1024, figures)
    assert figures.refused == 1
    assert vault.run("case", "add", "--from", "-", input=reliability.case_template("after")).returncode == 0
    vault.verify()


def test_no_usable_temp_dir_does_not_stop_a_command(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    # On a full disk tempfile.gettempdir() fails (it probes by writing a
    # file); the agent and orphan checks used to turn that into a traceback.
    def full_disk() -> str:
        raise FileNotFoundError(errno.ENOENT, "No usable temporary directory found")

    monkeypatch.delenv("XDG_RUNTIME_DIR")
    monkeypatch.setattr(tempfile, "gettempdir", full_disk)
    assert "OK" in cli.ok("verify").stdout


def test_a_file_error_is_one_line(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_space(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Journal, "verify", no_space)
    result = cli("verify")
    assert result.exit_code == 1
    assert error_lines(result.stderr) == [
        "Error: could not write a file (disk full or file too large): free space and retry"
    ]


# -- the crash loop, concurrency, interrupts -----------------------------------------------------------------


def test_no_entry_is_lost_or_corrupted_by_kill_9(tmp_path: Path) -> None:
    figures = reliability.crash_loop(30, tmp_path, seed=1, max_delay=0.6, report=lambda _line: None)
    assert figures.kills == 30
    assert figures.committed > 0
    assert (figures.lost, figures.corrupt) == (0, 0), figures.problems


def test_two_writers_at_once_lose_nothing_and_share_no_number(tmp_path: Path) -> None:
    figures = reliability.concurrency(2, 6, tmp_path, seed=1, report=lambda _line: None)
    assert (figures.cases, figures.lost, figures.duplicates) == (12, 0, 0)
    assert figures.busy_refusals == 1


def test_ctrl_c_inside_the_write_transaction_writes_nothing(vault: Vault) -> None:
    figures = reliability.InterruptFigures()
    reliability.interrupt_in_write(vault, figures)
    assert figures.interrupted == 1


def test_ctrl_c_while_waiting_for_a_busy_vault_is_not_ignored(vault: Vault) -> None:
    # The busy timeout is 600 s: before the wait was cut into steps, Ctrl-C
    # was only noticed when it ran out.
    figures = reliability.InterruptFigures()
    reliability.interrupt_while_busy(vault, figures)
    assert figures.interrupted == 1


def test_ctrl_c_while_the_vault_closes_after_a_write(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    # Found by the interrupt harness: SQLAlchemy logged the interrupt with a
    # traceback, and the message said that nothing was changed.
    from sqlalchemy.engine.default import DefaultDialect

    close: Callable[[DefaultDialect, Any], None] = DefaultDialect.do_close

    def interrupted(self: DefaultDialect, connection: Any) -> None:
        close(self, connection)
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(DefaultDialect, "do_close", interrupted)
        result = cli("group", "add", "nord")
    assert result.exit_code == 130
    assert error_lines(result.stderr) == ["Interrupted after the change was saved; nothing is half-written."]
    assert "nord" in cli.ok("group", "list").stdout


def test_ctrl_c_while_the_cli_loads(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # The console script imports balintlog.cli before it calls main().
    class Interrupting(importlib.abc.MetaPathFinder):
        def find_spec(self, name: str, *_args: object) -> None:
            if name == "balintlog.terminal.state":
                raise KeyboardInterrupt

    with monkeypatch.context() as patch, pytest.raises(SystemExit) as exited:
        patch.delitem(sys.modules, "balintlog.cli")
        patch.delitem(sys.modules, "balintlog.terminal.state")
        patch.setattr(sys, "meta_path", [Interrupting(), *sys.meta_path])
        importlib.import_module("balintlog.cli")
    assert exited.value.code == 130
    assert capsys.readouterr().err == balintlog.INTERRUPTED + "\n"


def test_ctrl_c_after_the_command_body_says_what_was_saved(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Found by the interrupt harness: Ctrl-C after the command had written
    # (outside its error boundary) said that nothing was changed.
    import balintlog.cli

    def write_then_interrupt(*, obj: AppState) -> None:
        with Journal.unlock(cli.vault, lambda: PASSPHRASE.encode(), today=TODAY) as journal:
            journal.groups.add("nord", "Balint group North", "continuous", TODAY)
        obj.journal = journal
        raise KeyboardInterrupt

    monkeypatch.setattr(balintlog.cli, "app", write_then_interrupt)
    with pytest.raises(SystemExit) as exited:
        balintlog.cli.main()
    assert exited.value.code == 130
    assert capsys.readouterr().err == "Interrupted after the change was saved; nothing is half-written.\n"
