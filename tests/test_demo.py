"""``balintlog demo``: builds the demo vault once (real Argon2id at its
minimum cost, the printed passphrase), shows the year report and writes the
HTML beside the vault; a second run shows it again; it never touches the
user's journal. The demo is deterministic for a given day, which keeps
docs/report-example.md comparable (regenerate it with
``python scripts/report_example.py --write``)."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, make_cli
from test_report_html import REPORT_EXAMPLE  # scripts/report_example.py, loaded

from balintlog.demo import DEMO_PASSPHRASE, build_demo
from balintlog.domain import Outcome, ResonanceKind, ResonanceLevel
from balintlog.journal import Journal

ROOT = Path(__file__).resolve().parent.parent


SCRIPT = REPORT_EXAMPLE


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    """A CLI whose clock stands on the example page's day, in a private home."""
    home = tmp_path_factory.mktemp("demo-home")
    (home / "run").mkdir(mode=0o700)
    cli = make_cli(home)
    cli.today = SCRIPT.TODAY
    cli.env = {"HOME": str(home), "XDG_RUNTIME_DIR": str(home / "run"), "BALINTLOG_DATA_DIR": str(home / "data")}
    return cli


@pytest.fixture(scope="module")
def first_run(runner: Cli) -> Any:
    return runner.ok("demo")


@pytest.fixture(scope="module")
def demo_vault(runner: Cli, first_run: Any) -> Path:
    return Path(runner.env["BALINTLOG_DATA_DIR"]) / "demo.db"


@pytest.fixture(scope="module")
def demo_json(demo_vault: Path) -> Iterator[dict[str, Any]]:
    with Journal.unlock(demo_vault, DEMO_PASSPHRASE.encode, today=SCRIPT.TODAY, now=SCRIPT.NOW) as journal:
        yield json.loads(json.dumps(journal.reports.build().to_json()))


def test_demo_builds_and_shows_the_year_report(runner: Cli, first_run: Any, demo_vault: Path) -> None:
    out = first_run.stdout
    assert "Year report for supervision: last 12 months" in out
    assert "Each case's development" in out and "For supervision" in out
    assert f"Demo vault:   {demo_vault}  (passphrase: {DEMO_PASSPHRASE})" in out
    page = demo_vault.with_suffix(".html")
    assert f"HTML report:  {page}" in out
    for made in (demo_vault, page):
        assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert page.read_text(encoding="utf-8").count('<svg ') > 10  # the charts
    assert "Built the demo vault" in first_run.stderr


def test_second_run_shows_it_again(runner: Cli, first_run: Any, demo_vault: Path) -> None:
    before = demo_vault.stat().st_mtime_ns
    again = runner.ok("demo")
    assert "Showing the demo vault built before" in again.stderr
    assert SCRIPT.masked(again.stdout) == SCRIPT.masked(first_run.stdout)
    assert demo_vault.stat().st_mtime_ns == before


def test_the_vault_opens_with_the_printed_passphrase(runner: Cli, demo_vault: Path) -> None:
    result = runner(
        "--vault",
        str(demo_vault),
        "report",
        "--group",
        "mixed",
        "--json",
        env={"BALINTLOG_PASSPHRASE_COMMAND": f"echo {DEMO_PASSPHRASE}"},
    )
    assert result.exit_code == 0, result.stderr
    assert [g["handle"] for g in json.loads(result.stdout)["groups"]] == ["mixed"]


def test_never_the_users_journal(runner: Cli, tmp_path: Path) -> None:
    journal = Path(runner.env["BALINTLOG_DATA_DIR"]) / "journal.db"
    refused = runner("demo", "--vault", str(journal))
    assert refused.exit_code == 2 and "is your journal" in refused.stderr
    assert not journal.exists()
    other = make_cli(tmp_path, "mine.db")
    other.ok("init", "--insecure-test-kdf")
    foreign = runner("demo", "--vault", str(other.vault))
    assert foreign.exit_code == 1 and "no demo vault" in foreign.stderr


def test_a_year_full_of_balint_work(demo_json: dict[str, Any]) -> None:
    totals = demo_json["totals"]
    assert totals["groups"] == 2 and totals["block_days"] == 4
    assert totals["sessions"] == 26 + 16  # fortnightly for a year; four block days of four
    assert totals["cases"] == 25 and 0 < totals["new_cases"] < 25
    assert totals["follow_ups"] >= 20
    kinds = {k for c in demo_json["cases"] for p in c["presentations"] for k in p["resonances"]["by_kind"]}
    levels = {lv for c in demo_json["cases"] for p in c["presentations"] for lv in p["resonances"]["by_level"]}
    assert kinds == {k.value for k in ResonanceKind}
    assert levels == {lv.value for lv in ResonanceLevel}
    outcomes = {o for c in demo_json["cases"] for o in c["outcomes"]}
    assert outcomes >= {o.value for o in Outcome} - {"not_reported"}
    relationships = {c["relationship"] for c in demo_json["cases"]}
    assert {
        "doctor_patient",
        "teacher_pupil",
        "judge_party",
        "priest_parishioner",
        "mediator_parties",
        "social_worker_client",
        "therapist_client",
    } <= relationships
    assert {c["status"] for c in demo_json["cases"]} == {"open", "followed_up", "closed", "lost"}
    assert demo_json["stale_cases"] and totals["mirroring"] >= 10
    assert all(g["recurring_mirroring"] for g in demo_json["groups"])
    assert any(False in row for g in demo_json["groups"] for row in g["attendance"]["matrix"].values())
    assert {s["kind"] for s in demo_json["supervision"]} == {"leader_notes", "countertransference", "question"}


def test_deterministic_for_a_given_day(tmp_path: Path, demo_json: dict[str, Any]) -> None:
    with build_demo(tmp_path / "again.db", today=SCRIPT.TODAY) as journal:
        again = json.loads(json.dumps(journal.reports.build().to_json()))
    assert {**again, "generated": None} == {**demo_json, "generated": None}


def test_report_example_page_is_up_to_date(demo_vault: Path) -> None:
    expected = SCRIPT.page(SCRIPT.terminal_text(SCRIPT.report_of(demo_vault)))
    page = (ROOT / "docs" / "report-example.md").read_text(encoding="utf-8")
    assert SCRIPT.masked(page) == SCRIPT.masked(expected), "run: python scripts/report_example.py --write"
    assert (ROOT / "docs" / "report-example.png").stat().st_size > 10_000
