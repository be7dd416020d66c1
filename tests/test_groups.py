"""Groups and members through the command line: adding, listing, showing,
editing, closing; the errors a user meets; JSON output; the default group;
and that handles and codes never reach the disk in plaintext."""

from __future__ import annotations

import json

from conftest import TODAY, Cli, vault_files


def add_nord(cli: Cli) -> None:
    cli.ok("group", "add", "nord", "--name", "Balint group North", "--kind", "block", "--start", "2026-01-10")


def test_group_add_list_show(cli: Cli) -> None:
    result = cli.ok(
        "group",
        "add",
        "nord",
        "--name",
        "Balint group North",
        "--kind",
        "block",
        "--start",
        "10.1.2026",
        "--institution",
        "District hospital",
        "--length",
        "75",
        "--block-size",
        "3",
    )
    assert result.stdout.startswith("Added group nord (Balint group North): block, from Sat 10 Jan 2026;")
    assert "sessions of 75 min, block days of 3" in result.stdout

    listed = cli.ok("group", "list").stdout
    assert "nord" in listed and "Balint group North" in listed and "Sat 10 Jan 2026" in listed

    shown = cli.ok("group", "show", "NORD").stdout  # handles ignore case
    assert shown.startswith("nord: Balint group North")
    assert "District hospital" in shown
    assert "75 min each; block days of 3" in shown
    assert "No members yet" in shown


def test_group_json_is_exact(cli: Cli) -> None:
    add_nord(cli)
    cli.ok("group", "add", "sued", "--kind", "online", "--planned-end", "2027-06-30")
    cli.ok("member", "add", "nord", "M1", "--profession", "judge", "--field", "family court")
    cli.ok("member", "add", "nord", "M2", "--profession", "nurse", "--joined", "2026-02-01")

    result = cli.ok("group", "list", "--json")
    assert result.stderr.count("Error") == 0
    assert json.loads(result.stdout) == {
        "schema": "balintlog.groups/1",
        "groups": [
            {
                "handle": "nord",
                "name": "Balint group North",
                "kind": "block",
                "setting": "open",
                "institution": "",
                "co_leader": "",
                "start": "2026-01-10",
                "planned_end": None,
                "closed": None,
                "active": True,
                "session_minutes": 90,
                "block_size": 4,
                "retention": None,
                "active_members": 2,
                "sessions_held": 0,
            },
            {
                "handle": "sued",
                "name": "sued",
                "kind": "online",
                "setting": "open",
                "institution": "",
                "co_leader": "",
                "start": TODAY.isoformat(),
                "planned_end": "2027-06-30",
                "closed": None,
                "active": True,
                "session_minutes": 90,
                "block_size": 4,
                "retention": None,
                "active_members": 0,
                "sessions_held": 0,
            },
        ],
    }

    shown = json.loads(cli.ok("group", "show", "nord", "--json").stdout)
    assert shown["schema"] == "balintlog.group/1"
    assert shown["handle"] == "nord"
    assert shown["members"] == [
        {
            "group": "nord",
            "code": "M1",
            "profession": "judge",
            "field": "family court",
            "joined": None,
            "left": None,
            "active": True,
        },
        {
            "group": "nord",
            "code": "M2",
            "profession": "nurse",
            "field": "",
            "joined": "2026-02-01",
            "left": None,
            "active": True,
        },
    ]
    assert shown["sessions"] == {"planned": 0, "open": 0, "ended": 0, "cancelled": 0}
    assert shown["block_days"] == 0


def test_group_errors(cli: Cli) -> None:
    wrong_kind = cli("group", "add", "nord", "--kind", "blok")
    assert wrong_kind.exit_code == 2
    assert "unknown group kind 'blok'" in wrong_kind.stderr
    assert "did you mean 'block'?" in wrong_kind.stderr

    bad_handle = cli("group", "add", "nord group")
    assert bad_handle.exit_code == 2
    assert "letters, digits" in bad_handle.stderr

    add_nord(cli)
    twice = cli("group", "add", "NORD")
    assert twice.exit_code == 5
    assert "a group nord exists already" in twice.stderr

    unknown = cli("group", "show", "nrod")
    assert unknown.exit_code == 4
    assert "no group 'nrod'; did you mean 'nord'?" in unknown.stderr

    too_long = cli("group", "add", "sued", "--length", "0")
    assert too_long.exit_code == 2
    assert "1 to 600 minutes" in too_long.stderr

    nothing = cli("group", "edit", "nord")
    assert nothing.exit_code == 2
    assert "nothing to change" in nothing.stderr


def test_group_edit_and_close(cli: Cli) -> None:
    add_nord(cli)
    cli.ok("group", "add", "sued")
    result = cli.ok("group", "edit", "nord", "--handle", "north", "--name", "North", "--planned-end", "2026-12-31")
    assert result.stdout.strip() == "Changed group north: handle, name, planned_end."
    clash = cli("group", "edit", "north", "--handle", "SUED")
    assert clash.exit_code == 5

    cleared = cli.ok("group", "edit", "north", "--planned-end", "none")
    assert "planned_end" in cleared.stdout
    assert json.loads(cli.ok("group", "show", "north", "--json").stdout)["planned_end"] is None

    closed = cli.ok("group", "close", "sued", "--date", "today")
    assert closed.stdout.startswith("Closed group sued as of Thu 26 Nov 2026")
    again = cli("group", "close", "sued")
    assert again.exit_code == 5
    assert "closed on Thu 26 Nov 2026 already" in again.stderr

    listed = {g["handle"]: g for g in json.loads(cli.ok("group", "list", "--json").stdout)["groups"]}
    assert listed["sued"]["closed"] == "2026-11-26" and listed["sued"]["active"] is False
    active = json.loads(cli.ok("group", "list", "--active", "--json").stdout)["groups"]
    assert [g["handle"] for g in active] == ["north"]


def test_default_group(cli: Cli) -> None:
    none_yet = cli("member", "add", "M1")
    assert none_yet.exit_code == 4
    assert "balintlog group add" in none_yet.stderr

    add_nord(cli)
    cli.ok("member", "add", "M1", "--profession", "physician")  # the only active group
    cli.ok("group", "add", "sued")
    several = cli("member", "add", "M2")
    assert several.exit_code == 2
    assert "several groups are active (nord, sued); pass --group" in several.stderr

    cli.ok("member", "add", "sued", "M2")
    cli.ok("group", "close", "sued")
    shown = json.loads(cli.ok("group", "show", "--json").stdout)
    assert shown["handle"] == "nord"
    assert [m["code"] for m in shown["members"]] == ["M1"]


def test_members(cli: Cli) -> None:
    add_nord(cli)
    for code, profession in (("M10", "teacher"), ("M2", "social_pedagogue"), ("M1", "priest")):
        cli.ok("member", "add", "nord", code, "--profession", profession)
    added = cli.ok("member", "add", "nord", "AB", "--profession", "family-lawyer", "--field", "divorce law")
    assert added.stdout.strip() == "Added AB (family_lawyer, divorce law) to nord, joined Sat 10 Jan 2026."

    listed = json.loads(cli.ok("member", "list", "--json").stdout)
    assert listed["schema"] == "balintlog.members/1"
    assert listed["group"] == "nord"
    assert [m["code"] for m in listed["members"]] == ["AB", "M1", "M2", "M10"]

    table = cli.ok("member", "list", "nord").stdout
    assert "social_pedagogue" in table and "from the start" in table

    same = cli("member", "add", "nord", "m1")
    assert same.exit_code == 5
    assert "has a member M1 already" in same.stderr

    wrong = cli("member", "add", "nord", "M5", "--profession", "physican")
    assert wrong.exit_code == 2
    assert "did you mean 'physician'?" in wrong.stderr

    unknown = cli("member", "edit", "nord", "M3", "--field", "x")
    assert unknown.exit_code == 4
    assert "nord has no member 'M3'" in unknown.stderr
    assert "(members: AB, M1, M2, M10)" in unknown.stderr

    edited = cli.ok("member", "edit", "nord", "m10", "--code", "M9", "--profession", "mediator")
    assert edited.stdout.strip() == "Changed M9 of nord: code, profession."

    left = cli.ok("member", "leave", "nord", "M9", "--date", "2026-06-30")
    assert left.stdout.startswith("M9 left nord on Tue 30 Jun 2026")
    twice = cli("member", "leave", "nord", "M9")
    assert twice.exit_code == 5
    before = cli("member", "edit", "nord", "M2", "--joined", "2026-05-01", "--left", "2026-04-01")
    assert before.exit_code == 2
    assert "cannot leave" in before.stderr

    members = {m["code"]: m for m in json.loads(cli.ok("member", "list", "--json").stdout)["members"]}
    assert members["M9"]["left"] == "2026-06-30" and members["M9"]["active"] is False
    active = json.loads(cli.ok("member", "list", "--active", "--json").stdout)["members"]
    assert "M9" not in [m["code"] for m in active]

    rejoined = cli.ok("member", "edit", "nord", "M9", "--left", "none")
    assert "left" in rejoined.stdout
    assert json.loads(cli.ok("member", "list", "--active", "--json").stdout)["members"][-1]["code"] == "M9"


def test_markup_in_names_prints_literally(cli: Cli) -> None:
    cli.ok("group", "add", "nord", "--name", "[red]N[/red]", "--institution", "[bold]clinic")
    cli.ok("member", "add", "M1", "--field", "[blue]school")
    assert "[red]N[/red]" in cli.ok("group", "list").stdout
    shown = cli.ok("group", "show").stdout
    assert "nord: [red]N[/red]" in shown and "[bold]clinic" in shown and "[blue]school" in shown
    assert "[blue]school" in cli.ok("member", "list").stdout


def test_handles_and_codes_are_never_plaintext_on_disk(cli: Cli) -> None:
    handle, code, name = "qzxHANDLE7731", "qzxCODE8842", "qzxNAME9953"
    cli.ok("group", "add", handle, "--name", name, "--institution", "qzxINST1164")
    cli.ok("member", "add", handle, code, "--field", "qzxFIELD2275")
    cli.ok("session", "start", "--present", code)
    assert code in cli.ok("member", "list", handle).stdout  # it is there, readable through the journal
    for path in vault_files(cli.vault):
        data = path.read_bytes()
        for marker in (handle, code, name, "qzxINST1164", "qzxFIELD2275"):
            assert marker.encode() not in data, (marker, path.name)
            assert marker.encode("utf-16-le") not in data, (marker, path.name)
