"""The golden vaults in tests/data (see its README): each was made by the
balintlog of its format version, and each must still open with this one,
verify, hold exactly its known content and take new entries."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, golden_copy

from balintlog.db.schema import FORMAT_VERSION
from balintlog.journal import Journal

DATA = Path(__file__).parent / "data"
#: The passphrase of each golden file (they use the insecure test KDF).
PASSPHRASES = {"golden-v1.db": "golden vault passphrase", "golden-v2.db": "golden vault passphrase"}


def test_every_golden_file_is_tested_and_the_current_format_has_one() -> None:
    assert sorted(p.name for p in DATA.glob("golden-v*.db")) == sorted(PASSPHRASES)
    assert f"golden-v{FORMAT_VERSION}.db" in PASSPHRASES


@pytest.fixture(scope="module", params=sorted(PASSPHRASES))
def golden(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Cli:
    """A private copy of a golden file (the original is never opened: an
    upgrade would change it, and git keeps no 0600 mode)."""
    name = str(request.param)
    return golden_copy(tmp_path_factory.mktemp(name.removesuffix(".db")), name, PASSPHRASES[name])


def data(golden: Cli, *args: str) -> Any:
    return json.loads(golden.ok(*args, "--json").stdout)


def test_it_opens_and_verifies(golden: Cli) -> None:
    assert golden.ok("verify").stdout.startswith("OK:")


def test_a_format_1_vault_is_upgraded_once_after_a_verified_backup_beside_it(tmp_path: Path) -> None:
    import sqlite3

    cli = golden_copy(tmp_path, "golden-v1.db", PASSPHRASES["golden-v1.db"])
    vault = cli.vault
    listed = cli.ok("case", "list", "--json")
    assert "upgraded the vault to format 2" in listed.stderr
    (kept,) = vault.parent.glob("balintlog-*.bldb")
    db = sqlite3.connect(kept)
    assert db.execute("SELECT format_version FROM vault_meta").fetchone() == (1,)
    db.close()
    db = sqlite3.connect(vault)
    assert db.execute("SELECT format_version FROM vault_meta").fetchone() == (2,)
    assert db.execute("SELECT count(*) FROM change").fetchone() == (1,)
    assert db.execute("SELECT count(*) FROM balint_case WHERE seal IS NULL").fetchone() == (0,)
    db.close()
    again = cli.ok("case", "list", "--json")
    assert "upgraded" not in again.stderr and again.stdout == listed.stdout
    assert "upgrade to format 2" in cli.ok("log").stdout


def test_its_group_and_members(golden: Cli) -> None:
    group = data(golden, "group", "show", "nord")
    assert (group["name"], group["kind"], group["institution"]) == ("Balint group North", "block", "Ärztekammer Nord")
    assert (group["start"], group["block_size"], group["block_days"]) == ("2026-01-10", 4, 1)
    members = {
        m["code"]: (m["profession"], m["field"], m["joined"]) for m in data(golden, "member", "list", "nord")["members"]
    }
    assert members == {
        "M1": ("physician", "general practice", None),
        "M2": ("judge", "family court", None),
        "M3": ("social_worker", "youth welfare", None),
        "M4": ("priest", "", "2026-02-01"),
    }


def test_its_block_day_and_session_notes(golden: Cli) -> None:
    sessions = data(golden, "session", "list")["sessions"]
    assert [(s["ref"], s["date"], s["status"], s["block"], s["block_pos"]) for s in sessions] == [
        (f"nord:{n}", "2026-03-14", "ended", 1, n) for n in (1, 2, 3, 4)
    ]
    assert all(s["present"] == ["M1", "M2", "M3"] for s in sessions)
    first = data(golden, "session", "show", "nord:1")
    assert first["place"] == "Kiel"
    assert first["notes"] == {
        "atmosphere": "Tense at first, warm by the end.",
        "group_process": "The group mirrored the practice's hurry.",
        "countertransference": "I wanted to be done quickly.",
        "supervision_questions": "Why did I cut the round short?",
    }


def test_its_cases_resonances_and_follow_up(golden: Cli) -> None:
    cases = data(golden, "case", "list")["cases"]
    assert [(c["number"], c["title"], c["presenter"], c["status"], c["presentations"]) for c in cases] == [
        (1, "The patient who never complains", "M1", "followed_up", 2),
        (2, "The silent boy", "M3", "lost", 1),
        (3, "The judge's last hearing", "M2", "open", 1),
    ]
    case = data(golden, "case", "show", "1")
    assert (case["client"], case["relationship"], case["question"]) == (
        "woman, 54, chronic pain", "doctor_patient", "Can I stay with the boredom?"
    )  # fmt: skip
    first, follow_up = case["presentations"]
    assert (first["session"], first["kind"], first["question"]) == (
        "nord:1",
        "first",
        "Why do I dread her appointments?",
    )
    assert first["account"] == "She comes every week and never complains.\nÜnïcödé survives: „Grüße“, 日本語."
    assert first["closing"] == "I can see that I am allowed to be bored."
    assert first["leader_notes"] == "Did I rescue the presenter too early?"
    assert [
        (r["kind"], r["level"], r["intensity"], r["source"], r["mirroring"], r["text"]) for r in first["resonances"]
    ] == [
        ("affect", "client", 4, "group", False, "anger at being dismissed"),
        ("bodily", "presenter", 3, "M2", False, "heaviness in the chest"),
        ("image", "relationship", 2, "group", True, "a locked door"),
    ]
    assert (follow_up["session"], follow_up["kind"], follow_up["outcome"]) == ("nord:3", "follow_up", "eased")
    assert follow_up["what_changed"] == "I stopped checking the clock."
    assert [r["text"] for r in follow_up["resonances"]] == ["relief"]
    sources = [r["source"] for r in data(golden, "case", "show", "2")["presentations"][0]["resonances"]]
    assert sources == ["M1", "leader"]


def test_the_library_reads_it_too(golden: Cli) -> None:
    passphrase = golden.passphrase_file.read_text().strip().encode()
    with Journal.unlock(golden.vault, lambda: passphrase, today=dt.date(2026, 11, 26)) as journal:
        assert journal.verify().ok
        history = journal.cases.history(3)
        assert history.presenter.code == "M2"
        (entry,) = history.presentations
        assert (entry.session_ref, entry.presentation.resonances[0].mirroring) == ("nord:4", True)
        histories = [journal.cases.history(c.number) for c in journal.cases.all()]
        everything = [e.presentation for h in histories for e in h.presentations]
        assert (len(everything), sum(len(p.resonances) for p in everything)) == (4, 7)


def test_it_takes_new_entries(golden: Cli) -> None:
    golden.ok("session", "start", "--group", "nord", "--date", "2026-04-11", "--present", "M2,M4")
    note = "Kind: follow_up\nOutcome: unchanged\n\n## What changed\nNothing yet.\n"
    golden.ok("case", "follow-up", "3", "--from", "-", input=note)
    assert [p["outcome"] for p in data(golden, "case", "show", "3")["presentations"]] == [None, "unchanged"]
    assert golden.ok("verify").stdout.startswith("OK:")
