"""Build the golden vault of the current format version, tests/data/golden-v<N>.db.

    python scripts/make_golden.py           # refuses to replace an existing file
    python scripts/make_golden.py --force   # rebuild it (same content, new keys and nonces)

It is made through the real CLI, with the insecure test KDF, the passphrase
GOLDEN_PASSPHRASE and a fixed clock, and holds the known content of
CONTENT: a block group, four members, a block day of four sessions with
session notes, three cases with resonances, a follow-up and a closed case.
tests/test_golden.py opens every golden file, verifies it and checks that
content; tests/data/README.md says when to add a new one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
GOLDEN_PASSPHRASE = "golden vault passphrase"
#: The clock the vault was made with (a Thursday).
TODAY = dt.date(2026, 11, 26)

CASE_1 = """Title: The patient who never complains
Presenter: M1
Client: woman, 54, chronic pain
Relationship: doctor_patient
Field: general practice
Institution: rural group practice, under time pressure
Question: Why do I dread her appointments?
Kind: first

## Presentation
She comes every week and never complains.
Ünïcödé survives: „Grüße“, 日本語.

## Group process
The group grew quiet, then irritable.

## Resonances
- affect / client / 4 / anger at being dismissed
- bodily / presenter / 3 / heaviness in the chest @M2
- image / relationship / 2 / a locked door #mirroring

## Closing statement
I can see that I am allowed to be bored.

## Leader's notes
Did I rescue the presenter too early?
"""

CASE_2 = """Title: The silent boy
Presenter: M3
Client: boy, 12
Relationship: social_worker_client
Field: youth welfare
Institution: youth welfare office
Question: Why does he make me angry?
Kind: first

## Presentation
He says nothing, session after session.

## Resonances
- impulse / presenter / 5 / to shake him @M1
- absence / group / 2 / nobody spoke of the mother @leader
"""

FOLLOW_UP_1 = """Kind: follow_up
Outcome: eased
Question: Can I stay with the boredom?

## Presentation
She complained for the first time.

## What changed
I stopped checking the clock.

## Resonances
- affect / presenter / 2 / relief
"""

CASE_3 = """Title: The judge's last hearing
Presenter: M2
Client: parents, divorcing
Relationship: judge_party
Field: family court
Institution: district court
Question: Whose side am I on?
Kind: first

## Presentation
Both parents asked for her, by name.

## Resonances
- splitting / group / 4 / half the group sided with the father #mirroring
"""

SESSION_NOTES_1 = """## Atmosphere
Tense at first, warm by the end.

## Group process
The group mirrored the practice's hurry.

## My countertransference
I wanted to be done quickly.

## Questions for my supervision
Why did I cut the round short?
"""

#: The commands that make the content, in order, with their stdin.
CONTENT: list[tuple[tuple[str, ...], str | None]] = [
    (("group", "add", "nord", "--name", "Balint group North", "--kind", "block", "--start", "2026-01-10",
      "--institution", "Ärztekammer Nord", "--block-size", "4"), None),
    (("member", "add", "nord", "M1", "--profession", "physician", "--field", "general practice"), None),
    (("member", "add", "nord", "M2", "--profession", "judge", "--field", "family court"), None),
    (("member", "add", "nord", "M3", "--profession", "social_worker", "--field", "youth welfare"), None),
    (("member", "add", "nord", "M4", "--profession", "priest", "--joined", "2026-02-01"), None),
    (("session", "start", "--group", "nord", "--block", "--date", "2026-03-14", "--present", "M1,M2,M3",
      "--place", "Kiel"), None),
    (("case", "add", "--from", "-"), CASE_1),
    (("session", "note", "--from", "-"), SESSION_NOTES_1),
    (("session", "next", "--group", "nord"), None),
    (("case", "add", "--from", "-"), CASE_2),
    (("session", "next", "--group", "nord"), None),
    (("case", "follow-up", "1", "--from", "-"), FOLLOW_UP_1),
    (("session", "next", "--group", "nord"), None),
    (("case", "add", "--from", "-"), CASE_3),
    (("session", "next", "--group", "nord"), None),
    (("case", "close", "2", "--status", "lost"), None),
]  # fmt: skip


def golden_path() -> Path:
    from balintlog.db.schema import FORMAT_VERSION

    return DATA / f"golden-v{FORMAT_VERSION}.db"


def build(path: Path) -> None:
    """Make the golden vault at ``path`` (which must not exist)."""
    from typer.testing import CliRunner

    from balintlog.cli import app
    from balintlog.terminal.state import AppState

    with tempfile.TemporaryDirectory() as scratch:
        secret = Path(scratch) / "passphrase"
        secret.write_text(GOLDEN_PASSPHRASE + "\n")
        env = {
            "BALINTLOG_PASSPHRASE_COMMAND": f"cat {secret}",
            "BALINTLOG_NEW_PASSPHRASE_COMMAND": f"cat {secret}",
            "XDG_RUNTIME_DIR": scratch,
        }
        steps: list[tuple[tuple[str, ...], str | None]] = [(("init", "--insecure-test-kdf"), None), *CONTENT]
        for args, stdin in steps:
            state = AppState(vault=path, interactive=False, clock=lambda: dt.datetime.combine(TODAY, dt.time(18)))
            result = CliRunner().invoke(app, list(args), input=stdin, env=env, obj=state)
            if result.exit_code != 0:
                raise SystemExit(f"{' '.join(args)} exited {result.exit_code}: {result.stderr.strip()}")
    # One self-contained file: fold the WAL in and leave no side files.
    import sqlite3

    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("PRAGMA journal_mode=DELETE")
    finally:
        db.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--force", action="store_true", help="replace an existing golden file of this version")
    args = parser.parse_args()
    os.umask(0o077)
    target = golden_path()
    if target.exists() and not args.force:
        sys.exit(f"{target} exists; a golden file is only rebuilt on purpose (--force)")
    with tempfile.TemporaryDirectory(dir=DATA) as scratch:
        made = Path(scratch) / target.name
        build(made)
        os.replace(made, target)
    target.chmod(0o644)  # git keeps no modes; the tests copy it and make the copy private
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
