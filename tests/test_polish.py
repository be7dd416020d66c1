"""The small corrections of issue 15 ("Polish found along the way"), each
checked through the command line as a facilitator meets it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import Cli

from balintlog import i18n

GERMAN = {"BALINTLOG_LANG": "de"}

CASE = """\
Title: The quiet one
Presenter: M1
Relationship: doctor_patient
Kind: first

## Presentation
She says nothing at all.
"""

FOLLOW_UP = """\
Kind: follow_up
Outcome: eased

## What changed
She spoke.
"""


@contextmanager
def german(cli: Cli) -> Iterator[None]:
    i18n.set_language("de")
    cli.env.update(GERMAN)
    try:
        yield
    finally:
        cli.env.pop("BALINTLOG_LANG")
        i18n.set_language("en")


def with_group(cli: Cli) -> None:
    cli.ok("group", "add", "nord", "--kind", "block", "--start", "2026-01-01")
    cli.ok("member", "add", "nord", "M1", "--profession", "physician")
    cli.ok("group", "add", "sued", "--kind", "continuous", "--start", "2026-01-01")
    cli.ok("member", "add", "sued", "S1", "--profession", "nurse")


def test_member_list_takes_the_group_as_g_like_every_other_command(cli: Cli) -> None:
    with_group(cli)
    for args in (("-g", "nord"), ("--group", "nord"), ("nord",)):
        listed = json.loads(cli.ok("member", "list", *args, "--json").stdout)
        assert listed["group"] == "nord"
        assert [m["code"] for m in listed["members"]] == ["M1"]
    shown = cli.ok("member", "list", "-g", "sued").stdout
    assert "S1" in shown and "M1" not in shown
    both = cli("member", "list", "nord", "-g", "sued")
    assert both.exit_code == 2
    assert "nord" in both.stderr and "sued" in both.stderr
    assert "Traceback" not in both.stderr


def test_every_group_option_has_the_short_form(cli: Cli) -> None:
    with_group(cli)
    for command in (("case", "list"), ("session", "list"), ("member", "list"), ("report",), ("search", "x")):
        result = cli(*command, "-g", "nord")
        assert "No such option" not in result.stderr, command
        assert result.exit_code == 0, (command, result.stderr)


def test_an_invalid_format_is_named_in_the_tools_own_words(cli: Cli) -> None:
    result = cli("report", "--format", "pdf")
    assert result.exit_code == 2
    assert "Value error" not in result.stderr
    assert "'pdf' is not one of 'terminal', 'markdown', 'html', 'json'." in result.stderr
    with german(cli):
        result = cli("report", "--format", "pdf")
    assert result.exit_code == 2
    assert "Value error" not in result.stderr
    assert "'pdf' ist keiner der Werte 'terminal', 'markdown', 'html', 'json'." in result.stderr


def test_output_naming_a_directory_is_a_bad_value(cli: Cli, tmp_path: Path) -> None:
    with_group(cli)
    result = cli("report", "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "Is a directory" in result.stderr or "directory" in result.stderr.lower()
    assert "Traceback" not in result.stderr


def test_statuses_are_spelled_one_way_in_human_output(cli: Cli) -> None:
    with_group(cli)
    cli.ok("session", "start", "-g", "nord", "--date", "2026-01-10")
    cli.ok("case", "add", "--from", "-", input=CASE)
    listed = json.loads(cli.ok("case", "list", "--json").stdout)["cases"]
    number = str(listed[0]["number"])
    cli.ok("session", "end", "-g", "nord")
    cli.ok("session", "start", "-g", "nord", "--date", "2026-01-17")
    cli.ok("case", "follow-up", number, "--from", "-", input=FOLLOW_UP)
    table = cli.ok("case", "list").stdout
    assert "followed up" in table and "followed_up" not in table
    assert "followed up" in cli.ok("case", "show", number).stdout
    assert "followed_up" not in cli.ok("case", "show", number).stdout
    # the machine output keeps the identifier, and both spellings filter
    assert json.loads(cli.ok("case", "list", "--json").stdout)["cases"][0]["status"] == "followed_up"
    for spelling in ("followed_up", "followed up"):
        assert "The quiet one" in cli.ok("case", "list", "--status", spelling).stdout


def test_usage_lines_name_arguments_plainly(cli: Cli) -> None:
    expected = {
        ("case", "show"): "Usage: balintlog case show [OPTIONS] CASE\n",
        ("member", "add"): "Usage: balintlog member add [OPTIONS] [GROUP] CODE\n",
        ("member", "list"): "Usage: balintlog member list [OPTIONS] [HANDLE]\n",
        ("session", "attend"): "Usage: balintlog session attend [OPTIONS] [CODE...]\n",
        ("session", "cancel"): "Usage: balintlog session cancel [OPTIONS] REF...\n",
        ("backup",): "Usage: balintlog backup [OPTIONS] DIRECTORY\n",
    }
    for command, usage in expected.items():
        shown = cli.ok(*command, "--help").stdout
        assert usage in shown, (command, shown[:200])
        assert "{" not in shown.split("\n\n")[0] and "[[" not in shown
        arguments = shown.split("Arguments:")[-1].split("Options:")[0] if "Arguments:" in shown else ""
        assert "<str>" not in arguments and "<list[str]>" not in arguments
    with german(cli):
        assert "Aufruf: balintlog case show [OPTIONEN] CASE\n" in cli.ok("case", "show", "--help").stdout


def test_command_lists_never_cut_a_summary_inside_a_parenthesis(cli: Cli) -> None:
    import re

    cut_open = re.compile(r"\([^)]*\.\.\.$", re.MULTILINE)
    groups = [(), ("member",), ("session",), ("case",), ("group",), ("logbook",), ("draft",), ("accreditation",)]
    for group in groups:
        listing = cli.ok(*group, "--help").stdout
        assert not cut_open.search(listing), (group, cut_open.findall(listing))
        with german(cli):
            listing = cli.ok(*group, "--help").stdout
        assert not cut_open.search(listing), (group, cut_open.findall(listing))
    assert "  end     End the open session...\n" in cli.ok("session", "--help").stdout


def test_the_shortened_summary_keeps_what_stands_before_the_parenthesis() -> None:
    from balintlog.terminal.typer_words import shorten_summary

    assert shorten_summary("Set a new passphrase with the recovery code (read from...") == (
        "Set a new passphrase with the recovery code..."
    )
    assert shorten_summary("Change the passphrase (earlier backups keep the old one).") == (
        "Change the passphrase (earlier backups keep the old one)."
    )
    assert shorten_summary("Unlock the vault once; a key agent keeps it open...") == (
        "Unlock the vault once; a key agent keeps it open..."
    )


def test_backup_keep_names_what_it_deleted_in_the_right_number(cli: Cli, tmp_path: Path) -> None:
    directory = tmp_path / "kept"
    cli.ok("backup", str(directory))
    first = sorted(p.name for p in directory.glob("balintlog-*.bldb"))
    result = cli.ok("backup", str(directory), "--keep", "1")
    assert f"Deleted 1 older backup (--keep 1): {first[0]}\n" in result.stdout
    assert "(s)" not in result.stdout
    with german(cli):
        cli.ok("backup", str(directory))
        older = sorted(p.name for p in directory.glob("balintlog-*.bldb"))
        result = cli.ok("backup", str(directory), "--keep", "1")
    assert f"2 ältere Sicherungen gelöscht (--keep 1): {', '.join(older)}\n" in result.stdout


def test_a_template_with_one_problem_says_problem_not_problems(cli: Cli) -> None:
    with_group(cli)
    cli.ok("session", "start", "-g", "nord", "--date", "2026-01-10")
    result = cli("case", "add", "--from", "-", input=CASE.replace("Presenter: M1\n", ""))
    assert result.exit_code == 2
    assert "problem(s)" not in result.stderr
    assert "the template has 1 problem:" in result.stderr


def test_deleting_a_case_asks_with_plain_plurals(cli: Cli) -> None:
    with_group(cli)
    cli.ok("session", "start", "-g", "nord", "--date", "2026-01-10")
    cli.ok("case", "add", "--from", "-", input=CASE)
    cli.interactive = True
    asked = cli("case", "delete", "1", input="n\n")
    assert "with its 1 presentation and 0 resonances?" in asked.stderr + asked.stdout
    assert "(s)" not in asked.stderr + asked.stdout


def test_a_case_with_no_session_yet_suggests_session_start(cli: Cli) -> None:
    with_group(cli)
    result = cli("case", "add", "--from", "-", input=CASE)
    assert result.exit_code != 0
    assert "'balintlog session start'" in result.stderr


def test_continuous_groups_do_not_speak_of_block_days(cli: Cli) -> None:
    added = cli.ok("group", "add", "sued", "--kind", "continuous", "--start", "2026-01-01").stdout
    assert "block" not in added
    assert "block days of 4" in cli.ok("group", "add", "nord", "--kind", "block", "--start", "2026-01-01").stdout


def test_ds_and_ue_are_explained_where_they_are_counted(cli: Cli) -> None:
    with_group(cli)
    legend = (
        "DS: a double session (Doppelstunde) of 90 minutes; UE: a teaching unit (Unterrichtseinheit) of 45 minutes."
    )
    for command in (("member", "progress", "nord", "M1"), ("member", "list", "-g", "nord"), ("logbook", "report")):
        shown = cli.ok(*command).stdout
        assert "DS" in shown and legend in shown, command
    with german(cli):
        shown = cli.ok("member", "progress", "nord", "M1").stdout
    assert "DS: Doppelstunde (90 Min.); UE: Unterrichtseinheit (45 Min.)." in shown
    assert legend not in json.dumps(json.loads(cli.ok("member", "list", "nord", "--json").stdout))


def test_the_tmpfs_warning_comes_once_a_day_not_at_every_editor(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from balintlog.terminal import editor

    monkeypatch.setattr(editor, "filesystem_type", lambda path: "ext4")
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    cli.env.update({"XDG_RUNTIME_DIR": str(runtime), "EDITOR": "true", "VISUAL": "true"})
    with_group(cli)
    cli.ok("session", "start", "-g", "nord", "--date", "2026-01-10")
    cli.interactive = True
    warnings = ""
    for _ in range(3):
        result = cli("session", "note", input="\n")
        warnings += result.stderr
    assert warnings.count("not in memory (tmpfs)") == 1, warnings
