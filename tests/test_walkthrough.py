"""docs/walkthrough.md is what the tool really does: regenerate and compare."""

from __future__ import annotations

from pathlib import Path

from conftest import load_script

ROOT = Path(__file__).resolve().parent.parent


def test_walkthrough_is_up_to_date() -> None:
    fresh = load_script("scripts/walkthrough.py").run_walkthrough()
    committed = (ROOT / "docs" / "walkthrough.md").read_text()
    assert fresh == committed, "run: python scripts/walkthrough.py --write"
    # The transcript shows a whole block day and the follow-up working.
    assert "Block day 1 of nord is complete." in fresh
    assert "Followed up case #1" in fresh
    assert "(exit code 2)" in fresh  # the mistakes made on purpose
