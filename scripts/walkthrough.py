"""Regenerate docs/walkthrough.md: a whole block seminar day and a follow-up
two weeks later, recorded by running the real commands.

    python scripts/walkthrough.py           # print the transcript
    python scripts/walkthrough.py --write   # write docs/walkthrough.md

The run happens in a temporary directory with its own vault (real KDF at
its floor, unlocked once by the agent). tests/test_walkthrough.py runs it and
fails when the committed file differs, so the document cannot drift from
what the tool does. Volatile parts (the recovery code, the calibrated KDF
cost) are masked.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "walkthrough.md"
PASSPHRASE = "a walk through the block day"

CASE_1 = """\
Title: The boy who stopped talking
Presenter: M2
Client: boy, 11, in foster care
Relationship: social_worker_client
Field: child protection
Institution: youth welfare office, caseload of 60
Question: Why does his silence make me so angry?
Kind: first

## Presentation
He sits in my office and says nothing. His foster mother talks for him.
I catch myself filling the silence with questions he cannot answer.

## Group process
The group fell silent too, for long minutes; then several members
talked at once, as if to rescue each other.

## Resonances
- affect / presenter / 4 / anger, then shame about the anger
- bodily / client / 3 / a tight throat @M3
- absence / group / 4 / the long silence in the group #mirroring
- impulse / relationship / 3 / wanting to shake him awake @M5

## Closing statement
Maybe I wanted him to rescue me from my own helplessness.

## Leader's notes
Did I rescue the group from the silence too early?
"""

CASE_2_BROKEN = """\
Title: The verdict nobody accepts
Presenter: M1
Client: parents, separated, two children
Relationship: judge_party
Institution: family court
Question: Why do I want to be liked by both parents?
Kind: first

## Resonances
- anger / presenter / 4 / irritation with the father's lawyer
- image / institution / 9 / a courtroom with no doors
"""

CASE_2 = CASE_2_BROKEN.replace("- anger /", "- affect /").replace("/ 9 /", "/ 3 /")

CASE_3 = """\
Title: The pupil who makes everyone laugh
Presenter: M3
Client: girl, 15, class clown
Relationship: teacher_pupil
Institution: comprehensive school, year 9
Question: What is behind her jokes, and behind my laughing?
Kind: first

## Resonances
- humour / group / 3 / the group laughed a lot, then felt uneasy #mirroring
- phantasy / client / 2 / she is holding something heavy @M4
"""

SESSION_NOTES = """\
## Atmosphere
Tired after lunch, warmer in the afternoon.

## Group process
Long silences in the first session; lively, almost manic in the third.

## My countertransference
I felt responsible for filling every silence.

## Questions for my supervision
Why is it so hard for me to let the group stay silent?
"""

FOLLOW_UP = """\
Kind: follow_up
Outcome: eased
Question: Can I bear his silence without filling it?

## What changed
I told him we could also just sit together. Last week he drew a picture
for me and explained it, in three sentences.

## Resonances
- affect / presenter / 2 / relief, and some sadness
- identification / client / 3 / being allowed to say nothing @M6
"""

FIX_1 = """\
Institution: youth welfare office, caseload of 65

## Leader's notes
"""

STEPS: list[tuple[str, list[str], str | None]] = [
    ("Create the vault. At a terminal you type the passphrase twice; here it comes from "
     "`BALINTLOG_PASSPHRASE_COMMAND`.", ["init"], None),
    ("Unlock once: a key agent keeps the vault open for the day (10 minutes idle, 2 hours at most).",
     ["unlock"], None),
    ("Set up the group and its members, under pseudonym codes.",
     ["group", "add", "nord", "--name", "Balint group North", "--kind", "block", "--start", "2026-03-01"], None),
    ("", ["member", "add", "nord", "M1", "--profession", "judge", "--field", "family court"], None),
    ("", ["member", "add", "nord", "M2", "--profession", "social_worker", "--field", "youth welfare"], None),
    ("", ["member", "add", "nord", "M3", "--profession", "teacher"], None),
    ("", ["member", "add", "nord", "M4", "--profession", "priest"], None),
    ("", ["member", "add", "nord", "M5", "--profession", "mediator"], None),
    ("A typo gets a clear error and a suggestion; nothing is stored.",
     ["member", "add", "nord", "M6", "--profession", "social_pedagog"], None),
    ("", ["member", "add", "nord", "M6", "--profession", "social_pedagogue"], None),
    ("The block seminar day begins: four sessions of 90 minutes, the first one opened. M6 arrives late.",
     ["session", "start", "--block", "--date", "14.3.2026", "--present", "M1,M2,M3,M4,M5"], None),
    ("Right after the first case, write it down (here from a file; without `--from` your editor opens "
     "the template).", ["case", "add", "--from", "case1.txt"], CASE_1),
    ("", ["session", "next"], None),
    ("", ["session", "attend", "M6"], None),
    ("A template with mistakes is refused with every problem and its line; with the editor it re-opens "
     "with the errors at the top.", ["case", "add", "--from", "case2.txt"], CASE_2_BROKEN),
    ("", ["case", "add", "--from", "case2.txt"], CASE_2),
    ("", ["session", "next"], None),
    ("", ["case", "add", "--from", "case3.txt"], CASE_3),
    ("", ["session", "next"], None),
    ("The last session of the day: the group works without a case; `next` on it ends the day.",
     ["session", "next"], None),
    ("The session notes for my own supervision (for the last session of the day).",
     ["session", "note", "--session", "nord:4", "--from", "notes.txt"], SESSION_NOTES),
    ("", ["session", "list"], None),
    ("A correction in the evening: the text names only what changes. A header or section left out "
     "stays as it is; one given empty is cleared, and the command says what it removed.",
     ["case", "edit", "1", "--from", "fix1.txt"], FIX_1),
    ("Two weeks later, the next block day: M2 reports how it went on.",
     ["session", "start", "--date", "28.3.2026", "--present", "M1,M2,M3,M4,M5,M6"], None),
    ("", ["case", "follow-up", "1", "--from", "followup1.txt"], FOLLOW_UP),
    ("", ["session", "end"], None),
    ("The case's whole history.", ["case", "show", "1"], None),
    ("", ["case", "list"], None),
    ("Lock when done (or let the agent time out).", ["lock"], None),
]

FILE_NAMES = {"case1.txt", "case2.txt", "case3.txt", "notes.txt", "followup1.txt", "fix1.txt"}


def _mask(text: str) -> str:
    text = re.sub(r"\b([A-Z2-7]{4}-){7}[A-Z2-7]{4}\b", "XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX", text)
    text = re.sub(r"Argon2id, m=\d+ MiB, t=\d+, p=\d+", "Argon2id, m=… MiB, t=…, p=…", text)
    # A draft's id is random.
    text = re.sub(r"\b(draft|draft show|--resume-draft) [0-9a-f]{6}\b", r"\1 a1b2c3", text)
    # The wall-clock time a session ended at.
    return re.sub(r"\bat \d\d:\d\d\b", "at HH:MM", text)


def run_walkthrough() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        runtime = work / "run"
        runtime.mkdir(mode=0o700)
        secret = work / "secret"
        secret.write_text(PASSPHRASE + "\n")
        secret.chmod(0o600)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BALINTLOG_", "VISUAL", "EDITOR"))}
        env.update(
            BALINTLOG_VAULT="journal.db",
            BALINTLOG_PASSPHRASE_COMMAND=f"cat {secret}",
            BALINTLOG_DATA_DIR=str(work / "data"),
            XDG_RUNTIME_DIR=str(runtime),
            COLUMNS="100",
            HOME=str(work),
        )
        out = [
            "# Walkthrough: a block seminar day and a follow-up",
            "",
            "A transcript of real commands and their real output, regenerated by",
            "`python scripts/walkthrough.py --write` and checked by a test. The recovery code and",
            "the calibrated key-derivation cost are masked. Dates are given explicitly so that the",
            "transcript stays the same; normally you leave `--date` out and today is used.",
            "",
        ]
        try:
            for intro, args, content in STEPS:
                for arg in args:
                    if arg in FILE_NAMES and content is not None:
                        (work / arg).write_text(content)
                        out += [f"`{arg}`:", "", "```", content.rstrip("\n"), "```", ""]
                if intro:
                    out += [intro, ""]
                done = subprocess.run(
                    [sys.executable, "-m", "balintlog", *args],
                    cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120,
                )
                shown = " ".join(a if re.fullmatch(r"[\w.,:/#@=-]+", a) else repr(a).replace("'", '"')
                                 for a in args)
                body = _mask(done.stdout.rstrip("\n"))
                out += ["```console", f"$ balintlog {shown}", body]
                if done.returncode:
                    out.append(f"(exit code {done.returncode})")
                out += ["```", ""]
        finally:
            subprocess.run([sys.executable, "-m", "balintlog", "lock"], cwd=work, env=env,
                           capture_output=True, timeout=60)
    return "\n".join(out).rstrip("\n") + "\n"


def main() -> int:
    text = run_walkthrough()
    if "--write" in sys.argv:
        DOC.parent.mkdir(exist_ok=True)
        DOC.write_text(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
