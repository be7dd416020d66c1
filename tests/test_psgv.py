"""Progress toward the PSGV Balint part: the conditions worked by hand on
small periods, then through ``member progress`` and ``member list``."""

from __future__ import annotations

import datetime as dt
import json

from conftest import Cli

from balintlog import i18n
from balintlog.domain import Group, GroupKind, Member, Profession
from balintlog.journal.training import Attended, add_months, is_closed, psgv_progress, psgv_summary

D = dt.date


def in_person(*days: dt.date, minutes: int = 90) -> list[Attended]:
    return [Attended(day, minutes, online=False) for day in days]


def online(*days: dt.date, minutes: int = 90) -> list[Attended]:
    return [Attended(day, minutes, online=True) for day in days]


def monthly(first: dt.date, count: int) -> list[dt.date]:
    """``count`` days evenly spaced from ``first`` to six months later
    (a spread of exactly 6 months)."""
    last = add_months(first, 6)
    step = (last - first) / (count - 1)
    return [first + step * i for i in range(count - 1)] + [last]


def test_fifteen_ds_in_person_over_six_months_meet_every_condition() -> None:
    days = monthly(D(2026, 1, 10), 15)
    found = psgv_progress(in_person(*days), closed_group=True)
    assert found.ds == 15 and found.first == D(2026, 1, 10) and found.last == D(2026, 7, 10)
    assert found.months_missing == 0 and found.presence_minutes_missing == 0
    assert found.met
    assert psgv_summary(found) == "15 of 15 DS; all PSGV conditions met"


def test_fourteen_ds_are_one_short() -> None:
    days = monthly(D(2026, 1, 10), 14)
    found = psgv_progress(in_person(*days), closed_group=True)
    assert found.ds == 14 and found.ds_missing == 1
    assert found.months_missing == 0
    assert not found.met
    assert psgv_summary(found) == "14 of 15 DS"


def test_five_months_and_a_day_are_not_six() -> None:
    # 10 January to 9 July: one day short of six months, so one more month is needed.
    days = [*monthly(D(2026, 1, 10), 15)[:-1], D(2026, 7, 9)]
    found = psgv_progress(in_person(*days), closed_group=True)
    assert found.ds == 15 and found.last == D(2026, 7, 9)
    assert found.spread_until == D(2026, 7, 10)
    assert found.months_missing == 1 and not found.met
    assert psgv_summary(found) == "15 of 15 DS; 1 more month needed"
    # Every ten days until 30 April: the example of the one line.
    days = [D(2026, 1, 10) + dt.timedelta(days=10 * i) for i in range(12)]
    found = psgv_progress(in_person(*days), closed_group=True)
    assert found.last == D(2026, 4, 30)
    assert psgv_summary(found) == "12 of 15 DS; 3 more months needed"


def test_an_online_first_session_does_not_count_and_the_next_one_in_person_starts_the_period() -> None:
    days = monthly(D(2026, 1, 10), 15)
    found = psgv_progress(online(D(2026, 1, 3)) + in_person(*days), closed_group=True)
    assert found.online_sessions == 1 and found.online_not_counted == 1
    assert found.first == D(2026, 1, 10) and found.ds == 15
    assert found.met


def test_a_long_online_session_counts_one_ds() -> None:
    sessions = in_person(D(2026, 1, 10), D(2026, 3, 10)) + online(D(2026, 2, 10), minutes=180)
    found = psgv_progress(sessions, closed_group=True)
    assert found.online_minutes == 90 and found.in_person_minutes == 180
    assert found.ds == 3
    # A short one counts what it lasted.
    assert psgv_progress(in_person(D(2026, 1, 10)) + online(D(2026, 2, 1), minutes=45), closed_group=True).ds == 1.5


def test_online_sessions_of_an_open_group_do_not_count() -> None:
    sessions = in_person(D(2026, 1, 10), D(2026, 3, 10)) + online(D(2026, 2, 10))
    found = psgv_progress(sessions, closed_group=False)
    assert found.online_minutes == 0 and found.online_not_counted == 1 and found.ds == 2


def test_the_last_session_online_leaves_the_online_condition_unmet() -> None:
    days = monthly(D(2026, 1, 10), 10)
    found = psgv_progress(in_person(*days) + online(*monthly(D(2026, 7, 11), 5)), closed_group=True)
    assert found.ds == 15 and found.last_online and not found.online_rule_met
    assert not found.met
    assert psgv_summary(found) == "15 of 15 DS; the last session must be held in person"


def test_fifteen_ue_in_person_are_seven_and_a_half_ds() -> None:
    first = D(2026, 1, 10)
    # 7 DS in person (14 UE) and 8 online: one UE short of 15 in presence.
    seven = in_person(*(first + dt.timedelta(days=7 * i) for i in range(6)), add_months(first, 7))
    eight = online(*(first + dt.timedelta(days=50 + 7 * i) for i in range(8)))
    found = psgv_progress(seven + eight, closed_group=True)
    assert found.ds == 15 and found.presence_minutes_missing == 45
    assert psgv_summary(found) == "15 of 15 DS; 1 more UE in person needed"
    eight_in_person = [*seven, Attended(first + dt.timedelta(days=1), 90, online=False)]
    found = psgv_progress(eight_in_person + eight[1:], closed_group=True)
    assert found.presence_minutes_missing == 0 and found.met


def test_nothing_attended_needs_everything() -> None:
    found = psgv_progress([], closed_group=True)
    assert found.ds == 0 and found.months_missing == 6 and found.first is None
    assert psgv_summary(found) == "0 of 15 DS; 6 more months needed; 15 more UE in person needed"


def test_months_are_added_on_the_calendar() -> None:
    assert add_months(D(2026, 8, 31), 6) == D(2027, 2, 28)
    assert add_months(D(2027, 8, 31), 6) == D(2028, 2, 29)
    assert add_months(D(2026, 1, 10), 6) == D(2026, 7, 10)


def test_a_group_is_closed_when_nobody_joined_after_its_start() -> None:
    group = Group(id="g", handle="nord", name="Nord", kind=GroupKind.CONTINUOUS, start=D(2026, 1, 1))
    first = Member(id="a", group_id="g", code="M1", profession=Profession.PHYSICIAN)
    late = Member(id="b", group_id="g", code="M2", profession=Profession.PHYSICIAN, joined=D(2026, 3, 1))
    assert is_closed(group, [first])
    assert not is_closed(group, [first, late])
    conference = Group(id="c", handle="tagung", name="Tagung", kind=GroupKind.CONFERENCE, start=D(2026, 1, 1))
    assert not is_closed(conference, [])


def test_the_summary_is_german_in_a_german_session() -> None:
    i18n.set_language("de")
    found = psgv_progress(in_person(D(2026, 1, 10), D(2026, 2, 10)), closed_group=True)
    assert psgv_summary(found) == "2 von 15 DS; noch 5 Monate nötig; noch 11 UE in Präsenz nötig"


def attend(cli: Cli, day: str, present: str, *extra: str) -> None:
    cli.ok("session", "start", "--date", day, "--present", present, *extra)
    cli.ok("session", "end")


def test_member_progress_and_the_psgv_column(cli: Cli) -> None:
    cli.ok("group", "add", "nord", "--start", "2026-01-01")
    cli.ok("member", "add", "nord", "M1", "--profession", "physician")
    cli.ok("member", "add", "nord", "M2", "--profession", "physician")
    attend(cli, "2026-01-10", "M1,M2")
    attend(cli, "2026-02-10", "M1,M2", "--mode", "online")
    attend(cli, "2026-03-10", "M1")
    out = cli.ok("member", "progress", "nord", "M1").stdout
    assert out.splitlines()[0] == "M1 (nord): 3 of 15 DS; 4 more months needed; 11 more UE in person needed"
    assert "online: 1 session, 1 DS counted" in out
    assert "spread over at least 6 months: not met (4 more months needed: the last session on" in out
    data = json.loads(cli.ok("member", "progress", "nord", "M2", "--json").stdout)
    assert data["schema"] == "balintlog.psgv/1" and data["ds"] == 2 and data["first"] == "2026-01-10"
    assert data["last"] == "2026-02-10" and data["conditions"]["online"]["met"] is False
    assert data["conditions"]["presence"]["missing_minutes"] == 675 - 90
    table = cli.ok("member", "list", "nord").stdout
    assert "PSGV" in table and "3/15 DS" in table and "2/15 DS" in table
    members = json.loads(cli.ok("member", "list", "nord", "--json").stdout)["members"]
    assert [m["psgv"] for m in members] == [{"ds": 3, "met": False}, {"ds": 2, "met": False}]


def test_member_progress_of_an_unknown_member_is_a_clear_error(cli: Cli) -> None:
    cli.ok("group", "add", "nord")
    cli.ok("member", "add", "nord", "M1")
    result = cli("member", "progress", "nord", "M9")
    assert result.exit_code == 4 and "no member 'M9'" in result.stderr and "Traceback" not in result.stderr
