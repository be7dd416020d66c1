"""Group handles and member codes in any script, found whatever their case
and Unicode form (a Mac keyboard types ü decomposed)."""

from __future__ import annotations

import json
import unicodedata

import pytest
from conftest import Cli

from balintlog.errors import UsageError
from balintlog.i18n import set_language
from balintlog.names import GROUP_HANDLE, MEMBER_CODE, check_label, label_key

DECOMPOSED_SUED = "Su\u0308d"


@pytest.mark.parametrize("label", ["süd", "münchen", "Jürgen", "Ørsted", "Øst-2", "Αθήνα", "東京", "M1", "a.b_c-d"])
def test_letters_of_any_script_make_a_label(label: str) -> None:
    assert check_label(f"  {label} ", GROUP_HANDLE) == label


def test_a_label_is_stored_composed() -> None:
    assert check_label(DECOMPOSED_SUED, GROUP_HANDLE) == "Süd"
    assert label_key(DECOMPOSED_SUED) == label_key("SÜD") == label_key("süd") == "süd"


@pytest.mark.parametrize("label", ["", "-nord", "_x", "nord:1", "M1,M2", "a b", "süd!", "x" * 41, "\u0301a"])
def test_labels_that_would_break_refs_or_lists_are_refused(label: str) -> None:
    with pytest.raises(UsageError, match="cannot be used: use up to 40 letters"):
        check_label(label, MEMBER_CODE)


def test_the_refusal_speaks_german() -> None:
    set_language("de")
    with pytest.raises(UsageError) as refused:
        check_label("nord:1", GROUP_HANDLE)
    assert str(refused.value).startswith("Gruppenkürzel 'nord:1' ist nicht möglich")


def test_a_german_handle_and_code_work_in_every_command(cli: Cli) -> None:
    cli.ok("group", "add", "süd", "--start", "2026-01-01")
    cli.ok("member", "add", unicodedata.normalize("NFD", "SÜD"), "Jürgen", "--profession", "physician")
    cli.ok("member", "add", "süd", "M2", "--profession", "nurse")
    conflict = cli("group", "add", DECOMPOSED_SUED, "--start", "2026-01-01")
    assert conflict.exit_code == 5
    assert cli("member", "add", "süd", "JÜRGEN", "--profession", "nurse").exit_code == 5
    cli.ok("session", "start", "--group", DECOMPOSED_SUED, "--present", "ju\u0308rgen,m2")
    case = "Title: Die Schülerin\nPresenter: JÜRGEN\n\n## Resonances\n- image / client / 3 / ein Leuchtturm @jürgen\n"
    cli.ok("case", "add", "--from", "-", input=case)
    cli.ok("session", "end", "--group", "Süd")
    shown = json.loads(cli.ok("case", "show", "1", "--json").stdout)
    assert shown["presenter"] == "Jürgen"
    assert [r["source"] for r in shown["presentations"][0]["resonances"]] == ["Jürgen"]
    assert "Jürgen" in cli.ok("member", "list", "süd").stdout
