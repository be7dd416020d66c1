"""``balintlog demo`` with German chosen: German groups (a Balintgruppe for
physicians, a Blockveranstaltung for psychosocial professions), cases,
resonances and follow-ups written in German, and the report runs on it."""

from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import make_cli

from balintlog import i18n
from balintlog.demo import DEMO_PASSPHRASE
from balintlog.domain import Outcome, ResonanceKind, ResonanceLevel
from balintlog.journal import Journal


def test_the_german_demo_builds_german_groups_and_its_report_runs(tmp_path: Path) -> None:
    i18n.set_language("de")
    cli = make_cli(tmp_path)
    german = {"BALINTLOG_LANG": "de"}
    cli.ok("demo", env=german)
    demo = Path(os.environ["BALINTLOG_DATA_DIR"]) / "demo.db"  # the private home's (conftest)
    with Journal.unlock(demo, DEMO_PASSPHRASE.encode, today=cli.today) as journal:
        groups = {g.handle: g for g in journal.groups.all()}
        assert set(groups) == {"donnerstag", "block"}
        assert groups["donnerstag"].name.startswith("Balintgruppe Donnerstag: Ärztinnen")
        assert groups["block"].name.startswith("Blockveranstaltung")
        titles = {c.title for c in journal.cases.all()}
        assert {"Die Inobhutnahme", "Das Umgangsverfahren", "Der Schüler, der nicht mehr spricht"} <= titles
        year = journal.reports.build().to_json()
    kinds = {k for c in year["cases"] for p in c["presentations"] for k in p["resonances"]["by_kind"]}
    levels = {lv for c in year["cases"] for p in c["presentations"] for lv in p["resonances"]["by_level"]}
    assert kinds == {k.value for k in ResonanceKind} and levels == {lv.value for lv in ResonanceLevel}
    assert {o for c in year["cases"] for o in c["outcomes"]} >= {o.value for o in Outcome} - {"not_reported"}
    assert {c["status"] for c in year["cases"]} == {"open", "followed_up", "closed", "lost"}
    assert year["totals"]["mirroring"] >= 10 and year["stale_cases"]
    env = {**german, "BALINTLOG_PASSPHRASE_COMMAND": f"echo {DEMO_PASSPHRASE}"}
    shown = cli.ok("--vault", str(demo), "report", "--group", "block", "--json", env=env)
    assert [g["handle"] for g in json.loads(shown.stdout)["groups"]] == ["block"]
    assert "Die Inobhutnahme" in cli.ok("--vault", str(demo), "report", env=env).stdout
