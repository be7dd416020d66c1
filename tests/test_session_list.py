"""``session list`` reads what it shows in a few queries, however many
sessions and block days it lists, and every row it reads is still checked."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from conftest import Cli
from test_sessions import with_nord

DAYS = ("2026-02-07", "2026-03-07", "2026-04-11", "2026-05-09", "2026-06-13")


@contextmanager
def statements() -> Iterator[list[str]]:
    """The SQL statements every engine executes meanwhile."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    seen: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", note)


def block_days(cli: Cli, days: tuple[str, ...]) -> None:
    """A block day (of four sessions) on each of ``days``, its first session
    held, the rest left planned."""
    for day in days:
        cli.ok("session", "start", "-g", "nord", "--block", "--date", day, "--present", "M1,M2,M3", "--place", day)
        cli.ok("session", "end", "-g", "nord")


def listing_statements(cli: Cli, *args: str) -> int:
    with statements() as seen:
        cli.ok("session", "list", *args)
    return len(seen)


def test_the_statements_of_a_listing_do_not_grow_with_its_sessions(cli: Cli) -> None:
    with_nord(cli)
    cli.ok("group", "add", "sued", "--kind", "block", "--start", "2026-01-10", "--block-size", "2")
    cli.ok("member", "add", "sued", "S1")
    block_days(cli, DAYS[:2])
    few = [listing_statements(cli), listing_statements(cli, "--json")]
    block_days(cli, DAYS[2:])
    cli.ok("session", "start", "--group", "sued", "--block", "--date", DAYS[0], "--present", "S1")
    cli.ok("session", "start", "--group", "nord", "--date", "2026-11-20", "--present", "M4")
    many = [listing_statements(cli), listing_statements(cli, "--json")]
    assert many == few
    listed = json.loads(cli.ok("session", "list", "--json").stdout)["sessions"]
    assert len(listed) == 5 * 4 + 2 + 1


def test_the_listing_shows_each_session_as_show_does(cli: Cli) -> None:
    with_nord(cli)
    cli.ok("group", "add", "sued", "--kind", "block", "--start", "2026-01-10", "--block-size", "2")
    cli.ok("member", "add", "sued", "S1")
    block_days(cli, DAYS[:2])
    cli.ok("session", "start", "--group", "sued", "--block", "--date", DAYS[1], "--present", "S1")
    cli.ok("session", "start", "--group", "nord", "--date", "2026-11-20", "--present", "M4,M2")
    listed = json.loads(cli.ok("session", "list", "--json").stdout)["sessions"]
    for item in listed:
        shown = json.loads(cli.ok("session", "show", item["ref"], "--json").stdout)
        assert item == {key: value for key, value in shown.items() if key not in ("schema", "place", "absent", "notes")}
    assert [(s["ref"], s["block"], s["block_pos"], s["block_sessions"]) for s in listed[:3]] == [
        ("nord:1", 1, 1, 4),
        ("nord:2", 1, 2, 4),
        ("nord:3", 1, 3, 4),
    ]
    assert [s["ref"] for s in listed if s["block"] is None] == ["nord:9"]
    table = cli.ok("session", "list", "--since", DAYS[1]).stdout.splitlines()
    assert [line.split("│")[2].strip() for line in table[2:]] == [
        "2: 1/4",
        "2: 2/4",
        "2: 3/4",
        "2: 4/4",
        "1: 1/2",
        "1: 2/2",
        "",
    ]


def _connect(cli: Cli) -> sqlite3.Connection:
    return sqlite3.connect(cli.vault, isolation_level=None)


def test_a_listing_still_opens_every_block_day_it_reads(cli: Cli) -> None:
    with_nord(cli)
    block_days(cli, DAYS[:2])
    # A byte in the middle of a block day's place: its row seal covers only the blob's ends.
    db = _connect(cli)
    (place,) = db.execute("SELECT place FROM block WHERE seq = 2").fetchone()
    middle = len(place) // 2
    db.execute(
        "UPDATE block SET place = ? WHERE seq = 2", (place[:middle] + bytes([place[middle] ^ 1]) + place[middle + 1 :],)
    )
    db.close()
    for args in ((), ("--json",)):
        broken = cli("session", "list", *args)
        assert broken.exit_code == 6, broken.stderr
        assert "failed its integrity check" in broken.stderr
    assert cli("session", "list", "--until", DAYS[0]).exit_code == 0


def test_a_listing_still_checks_every_attendance_row(cli: Cli) -> None:
    with_nord(cli)
    block_days(cli, DAYS[:1])
    db = _connect(cli)
    db.execute("UPDATE attendance SET seal = zeroblob(32) WHERE rowid = (SELECT max(rowid) FROM attendance)")
    db.close()
    broken = cli("session", "list")
    assert broken.exit_code == 6, broken.stderr
    assert "failed its integrity check" in broken.stderr
