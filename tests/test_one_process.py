"""Commands run again and again in one long-lived process (as the unlocked
key agent will run them): each run's input and output go through its own
AppState, so two vaults used in turn never see each other's data, and a
failed command leaves nothing behind for the next one."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Cli, make_cli
from typer.testing import CliRunner

from balintlog.cli import app

CASE = """\
Title: {title}
Presenter: M1
Relationship: doctor_patient
Question: Why does this stay with me?

## Presentation
{text}
"""


def _json(cli: Cli, *args: str) -> object:
    return json.loads(cli.ok(*args, "--json").stdout)


def test_two_vaults_in_turn_through_the_same_app(tmp_path: Path) -> None:
    north, south = make_cli(tmp_path, "north.db"), make_cli(tmp_path, "south.db")
    south.set_passphrase("quite another passphrase")
    for _round in range(2):  # the second round repeats every command in the same process
        for cli, handle, title in ((north, "nord", "Never complains"), (south, "sued", "A locked door")):
            if not cli.vault.exists():
                cli.ok("init", "--insecure-test-kdf")
                cli.ok("group", "add", handle, "--start", "2026-01-10")
                cli.ok("member", "add", handle, "M1", "--profession", "physician")
                cli.ok("session", "start", "--present", "M1")
            text = CASE.format(title=title, text=f"told in {handle}")
            cli.ok("case", "add", "--allow-duplicate", "--from", "-", input=text)
    for cli, handle, title in ((north, "nord", "Never complains"), (south, "sued", "A locked door")):
        groups = _json(cli, "group", "list")
        assert [g["handle"] for g in groups["groups"]] == [handle]  # type: ignore[index]
        cases = _json(cli, "case", "list")
        assert [c["title"] for c in cases["cases"]] == [title, title]  # type: ignore[index]
        found = _json(cli, "search", f"told in {handle}")
        assert len(found["hits"]) == 2  # type: ignore[index]
        assert cli.ok("verify").stdout.startswith("OK:")


def test_a_failed_command_leaves_the_next_one_unaffected(tmp_path: Path) -> None:
    cli = make_cli(tmp_path)
    cli.ok("init", "--insecure-test-kdf")
    for _round in range(2):
        failed = cli("report", "--case", "99")  # fails inside the journal, inside the option checks' boundary
        assert failed.exit_code == 4
        assert failed.stderr.count("Error:") == 1
        # An option checked before the vault is opened: refused the same way,
        # without asking for the passphrase (there is none to give here).
        wrong = cli("group", "add", f"g{_round}", "--kind", "blok", env={"BALINTLOG_PASSPHRASE_COMMAND": "false"})
        assert wrong.exit_code == 2 and wrong.stderr.count("Error:") == 1
        cli.ok("group", "add", f"g{_round}")
    assert "g0" in cli.ok("group", "list").stdout and "g1" in cli.ok("group", "list").stdout


def test_each_run_prompts_through_its_own_state(tmp_path: Path) -> None:
    # Interactive runs in turn, no passphrase command: each unlocks with the
    # answer of its own AppState's prompt.
    north, south = make_cli(tmp_path, "north.db"), make_cli(tmp_path, "south.db")
    south.set_passphrase("south passphrase!")
    for cli in (north, south):
        cli.ok("init", "--insecure-test-kdf")
        cli.ok("group", "add", cli.vault.stem)
        secret = cli.passphrase_file.read_text().strip()
        cli.interactive = True
        cli.prompt = lambda _text, secret=secret: secret  # type: ignore[misc]
    runner = CliRunner()
    for _round in range(2):
        for cli in (north, south):
            done = runner.invoke(app, ["group", "list"], obj=cli.state())
            assert done.exit_code == 0, done.stderr
            assert cli.vault.stem in done.stdout
            assert ({"north", "south"} - {cli.vault.stem}).pop() not in done.stdout
