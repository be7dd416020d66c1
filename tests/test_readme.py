"""The README is a contract: its command reference names the same commands
and options as --help, and its test command is the one CI runs."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import load_script

ROOT = Path(__file__).resolve().parent.parent


def test_command_reference_matches_the_cli() -> None:
    script = load_script("scripts/command_reference.py")
    readme = (ROOT / "README.md").read_text()
    section = readme.split("<!-- commands:start -->\n", 1)[1].split("<!-- commands:end -->", 1)[0]
    assert section == script.reference(), "run: python scripts/command_reference.py --write"  # type: ignore[attr-defined]


def test_readme_has_exactly_two_setup_commands_demo_first() -> None:
    readme = (ROOT / "README.md").read_text()
    install = readme.split("## Install and first run", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", install, flags=re.S)
    assert len(blocks) == 2
    first, second = (b.strip() for b in blocks)
    assert first.startswith("python3 -m venv .venv") and first.endswith("balintlog demo")
    assert second.startswith("python3 -m venv .venv") and "'.[dev]'" in second and "pytest" in second


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    after = readme.split("<!-- test-command -->\n", 1)[1].splitlines()
    assert after[0] == "```sh"
    ci = (ROOT / ".ci" / "run").read_text()
    assert "<!-- test-command -->" in ci and 'bash -c "$test_command"' in ci
