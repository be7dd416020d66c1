"""Synthetic vaults for the performance benchmarks (``benchmarks/run.py``).

    python benchmarks/generate.py                 # every vault that is missing
    python benchmarks/generate.py ten-year --force

Three vaults, built through the library API (:class:`balintlog.journal.Journal`:
groups, members, sessions and block days, cases, follow-ups, resonances,
session notes), so every field is sealed exactly as a command seals it:

* ``ten-year``: 2015-2024, 5 groups (3 meeting twice a week, 2 in block
  seminars of 4 sessions), about 4,100 sessions, 12,000 presentations (account,
  group process and leader's notes together about 1,500 characters) and
  120,000 resonances of about 80 characters;
* ``one-year``: 2024 only, the same groups at the same density;
* ``empty``: a vault just made by ``init``.

The only shortcut is the batching: a month of sessions is written in one
transaction (the Journal's methods join the open transaction) instead of one
per command. The vaults use the real KDF at :data:`balintlog.vault.MIN_PARAMS`
and the passphrase in ``vaults/passphrase`` (0600); read it with
``BALINTLOG_PASSPHRASE_COMMAND="cat benchmarks/vaults/passphrase"``. Each
vault has a manifest (``NAME.json``) telling ``run.py`` what is in it; a
vault without one is incomplete and made again.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import secrets
import sqlite3
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from balintlog.journal import Journal
    from balintlog.template import CaseNote

HERE = Path(__file__).resolve().parent
VAULTS = HERE / "vaults"
PASSPHRASE_FILE = VAULTS / "passphrase"
#: Bump when the content changes: vaults of another version are made again.
GENERATOR_VERSION = 1
#: The rare word ``run.py`` searches for (in about 1 % of the presentations
#: and 0.3 % of the resonances).
SEARCH_WORD = "lighthouse"
#: A day the report year of both filled vaults ends on.
LAST_DAY = dt.date(2024, 12, 31)

VAULT_YEARS = {"ten-year": 10, "one-year": 1, "empty": 0}


# -- text --------------------------------------------------------------------------------------------------------

_ACCOUNT = (
    "She has been coming to the practice for eleven years, always on time, always with the same polite smile.",
    "Every appointment ends with a question at the door that takes another twenty minutes.",
    "I notice that I start to look at the clock as soon as her name appears on the list.",
    "Her husband died two years ago and since then the complaints have moved from one part of the body to another.",
    "The referral letter from the clinic was short and, in my reading, rather dismissive.",
    "He tells his story in a flat voice, as if it happened to somebody else.",
    "The mother calls the office several times a week and always asks for me personally.",
    "In the last session he brought a folder of documents and laid them out on my desk one by one.",
    "I have offered three times to refer her to a colleague and each time she smiled and changed the subject.",
    "The team meeting discussed the case twice without coming to a decision, and I felt relieved each time.",
    "She mentioned almost in passing that she has stopped eating with the family.",
    "When I asked about his father he laughed and said there was nothing to tell.",
    "The boy sits at the back of the class, draws in his exercise book and answers only when asked twice.",
    "The parties arrived separately and sat as far from each other as the room allowed.",
    "I caught myself promising an appointment outside my usual hours, which I never do.",
    "The ward round moved on before she had finished her sentence, and I did not stop it.",
    "Afterwards I wrote a longer note than usual and still had the feeling I had forgotten something.",
    "He said that nobody had ever asked him that before and then fell silent for a long time.",
    "The lawyer of the other side wrote a letter that made me angry for a whole afternoon.",
    "She cancels every second appointment but never forgets to pay for the ones she missed.",
    "There was a moment when I wanted to shake him, and I was ashamed of it at once.",
    "At the end he thanked me warmly, and I left the room feeling that I had failed him.",
    "The youth office has changed the responsible worker three times in one year.",
    "My colleague thinks I am too soft with her; I think my colleague does not know her.",
    "I keep telling myself that this is an ordinary case, which is usually a sign that it is not.",
    "The daughter speaks for her mother, and the mother lets her, nodding at everything.",
)
_GROUP_PROCESS = (
    "The group started with long silences, then several members spoke at once.",
    "Two members took the side of the patient against the presenter, the others stayed quiet.",
    "Someone made a joke early on and the laughter kept coming back all evening.",
    "The group became very practical and offered advice, which I had to slow down twice.",
    "It was hard to stay with the presenter's question; the talk drifted to the institution.",
    "A member said she felt sleepy and heavy, and others recognised the feeling.",
    "The atmosphere was tense; nobody wanted to say anything critical about the colleague.",
    "Halfway through, the group split into those who pitied the client and those who were angry.",
    "When the presenter came back into the circle, she said she felt understood for the first time.",
    "The group repeated the client's pattern: everybody waited for somebody else to start.",
    "Images of locked doors and empty corridors came up again and again.",
)
_LEADER = (
    "I noticed my own impatience with the presenter and kept it to myself.",
    "Question for my supervision: why did I protect the presenter from the group's anger?",
    "I intervened too early; the group had not yet found its own way into the case.",
    "The mirroring was obvious in hindsight: we were as helpless with the case as the presenter.",
    "For supervision: my wish to rescue this presenter, again.",
    "I felt excluded from the group for a moment, as the client feels excluded from her family.",
)
_QUESTIONS = (
    "Why do I dread her appointments?",
    "What does he want from me that I cannot give?",
    "How can I stay in contact without taking over?",
    "Why do I feel guilty when I set a limit?",
    "What keeps me from ending this treatment?",
    "Why does this family make me so tired?",
    "How do I deal with my anger at the institution?",
)
_CLOSING = (
    "I can see now that my irritation belongs to the relationship, not only to me.",
    "I will try to say less in the next appointment and see what happens.",
    "The image of the locked door will stay with me; I want to talk to her about it.",
    "I feel lighter, although nothing has been solved.",
    "I am surprised how much anger there was in the room; I did not feel it myself.",
)
_CHANGED = (
    "She came to the next appointment and spoke about her husband for the first time.",
    "I set a clear end to the appointments and she accepted it without protest.",
    "The family has found a new worker and the calls have stopped.",
    "Nothing has changed outside, but I no longer dread the appointments.",
    "He missed two appointments and then wrote a long letter.",
)
_FEELINGS = (
    "anger", "sadness", "helplessness", "boredom", "irritation", "tenderness", "shame", "fear", "guilt", "envy",
)
_OBJECTS = (
    "at being dismissed by the ward round", "about the closed office door", "towards the absent father",
    "when the mother speaks for her daughter", "at the endless documents on the desk",
    "about the colleague who knows better", "when she smiles at the door", "at the court's letter",
    "in the chest while listening", "like sitting in a waiting room for hours", "when the group laughed",
)
_TAILS = (
    "and a wish to leave the room", "that nobody in the group named", "which grew during the account",
    "as if I were the client myself", "and then a sudden calm", "that I know from my own practice",
)
_TITLES = (
    "The patient who never complains", "The silent boy", "The folder of documents", "The daughter who speaks",
    "The last appointment", "Twenty minutes at the door", "The missing father", "The third youth worker",
    "The polite smile", "The parties in the corridor", "The calls to the office", "A promise after hours",
)
_CLIENTS = ("woman, 54", "man, 38", "boy, 11", "girl, 15", "couple, 40s", "man, 71", "mother and daughter")
_FIELDS = ("general practice", "psychiatry", "youth welfare", "primary school", "family court", "parish", "oncology")
_INSTITUTIONS = (
    "rural group practice, under time pressure", "university clinic ward", "youth welfare office",
    "comprehensive school", "district court", "counselling centre of a parish", "",
)


def _text(rng: random.Random, pool: Sequence[str], length: int, rare: float = 0.0) -> str:
    """Sentences from ``pool`` up to about ``length`` characters, in
    paragraphs; with probability ``rare`` one sentence names the search word."""
    sentences: list[str] = []
    size = 0
    while size < length:
        sentence = rng.choice(pool)
        sentences.append(sentence)
        size += len(sentence) + 1
    if rng.random() < rare:
        rare_sentence = f"She spoke of the {SEARCH_WORD} on the coast of her childhood."
        sentences.insert(rng.randrange(len(sentences)), rare_sentence)
    paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
    return "\n\n".join(paragraphs)


def resonance_text(rng: random.Random) -> str:
    """About 80 characters of a resonance."""
    if rng.random() < 0.003:
        return f"an image of a {SEARCH_WORD} in fog, its light turning away from us"
    return f"{rng.choice(_FEELINGS)} {rng.choice(_OBJECTS)} {rng.choice(_TAILS)}"


def case_note(rng: random.Random, presenter: str, sources: Sequence[str], *, follow_up: bool = False) -> CaseNote:
    """A realistic template's content: account, group process and leader's
    notes of about 1,500 characters together, and about 10 resonances."""
    from balintlog.domain import Outcome, PresentationKind, Relationship, ResonanceKind, ResonanceLevel
    from balintlog.template import CaseNote, ResonanceLine

    resonances = tuple(
        ResonanceLine(
            kind=rng.choice(list(ResonanceKind)),
            level=rng.choice(list(ResonanceLevel)),
            intensity=rng.randint(1, 5),
            text=resonance_text(rng),
            source=rng.choice(sources) if rng.random() < 0.3 else "group",
            mirroring=rng.random() < 0.1,
        )
        for _ in range(rng.randint(6, 14))
    )
    texts = {
        "question": rng.choice(_QUESTIONS),
        "account": _text(rng, _ACCOUNT, 800, rare=0.01),
        "group_process": _text(rng, _GROUP_PROCESS, 430),
        "leader_notes": _text(rng, _LEADER, 230),
        "closing": rng.choice(_CLOSING),
        "resonances": resonances,
    }
    if follow_up:
        return CaseNote(
            kind=PresentationKind.FOLLOW_UP,
            outcome=rng.choice(list(Outcome)),
            what_changed=_text(rng, _CHANGED, 150),
            **texts,  # type: ignore[arg-type]
        )
    return CaseNote(
        title=rng.choice(_TITLES),
        presenter=presenter,
        client=rng.choice(_CLIENTS),
        relationship=rng.choice(list(Relationship)),
        field=rng.choice(_FIELDS),
        institution=rng.choice(_INSTITUTIONS),
        **texts,  # type: ignore[arg-type]
    )


# -- the groups and their calendar --------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupPlan:
    handle: str
    name: str
    kind: str
    profession: str
    #: Weekdays (0 = Monday) of a continuous group's sessions; empty for a block group.
    weekdays: tuple[int, ...] = ()
    #: Days between a block group's seminar days.
    block_every: int = 0


PLANS = (
    GroupPlan("nord", "Balint group North", "continuous", "physician", weekdays=(1, 3)),
    GroupPlan("sued", "Balint group South", "continuous", "psychotherapist", weekdays=(0, 2)),
    GroupPlan("jugend", "Youth welfare group", "continuous", "social_worker", weekdays=(1, 4)),
    GroupPlan("recht", "Family court block seminar", "block", "judge", block_every=18),
    GroupPlan("schule", "Teachers' block seminar", "block", "teacher", block_every=18),
)
MEMBERS_AT_START = 12


def _holiday(day: dt.date) -> bool:
    return day.month == 8 or (day.month == 12 and day.day > 20) or (day.month == 1 and day.day < 7)


def session_days(plan: GroupPlan, first: dt.date, last: dt.date) -> list[dt.date]:
    """The days a group meets: two weekdays a week, or a block seminar day
    every few weeks (never in holidays)."""
    days: list[dt.date] = []
    day = first
    while day <= last:
        if plan.weekdays and day.weekday() in plan.weekdays and not _holiday(day):
            days.append(day)
            day += dt.timedelta(days=1)
        elif plan.block_every and not plan.weekdays:
            if not _holiday(day) and day.weekday() < 5:
                days.append(day)
                day += dt.timedelta(days=plan.block_every)
            else:
                day += dt.timedelta(days=1)
        else:
            day += dt.timedelta(days=1)
    return days


@dataclass
class GroupState:
    plan: GroupPlan
    next_code: int = 1
    #: The year whose member turnover was done.
    turned: int = 0
    #: code -> member id, of the members who have not left
    active: dict[str, str] = field(default_factory=dict)
    #: case number -> (day of its latest presentation, presenter's code), of open cases
    open_cases: dict[int, tuple[dt.date, str]] = field(default_factory=dict)


# -- building ------------------------------------------------------------------------------------------------------


def passphrase() -> bytes:
    """The benchmark vaults' passphrase (made once, kept 0600)."""
    VAULTS.mkdir(mode=0o700, exist_ok=True)
    os.chmod(VAULTS, 0o700)
    if not PASSPHRASE_FILE.exists():
        fd = os.open(PASSPHRASE_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(24) + "\n")
    return PASSPHRASE_FILE.read_text().strip().encode()


def vault_path(name: str) -> Path:
    return VAULTS / f"{name}.db"


def manifest_path(name: str) -> Path:
    return VAULTS / f"{name}.json"


def manifest(name: str) -> dict[str, Any] | None:
    """What ``run.py`` needs to know about a finished vault, or None when
    it is missing, incomplete or of another generator version."""
    try:
        data: dict[str, Any] = json.loads(manifest_path(name).read_text())
    except (OSError, ValueError):
        return None
    if data.get("generator") != GENERATOR_VERSION or not vault_path(name).exists():
        return None
    return data


class Builder:
    """Fills a journal with ``years`` years of the groups in :data:`PLANS`."""

    def __init__(self, journal: Journal, years: int, seed: int, tick: Callable[[], None]) -> None:
        self.journal = journal
        self.rng = random.Random(seed)
        self.first = dt.date(LAST_DAY.year - years + 1, 1, 1)
        self.tick = tick
        self.groups: dict[str, GroupState] = {}
        self.counts = {"sessions": 0, "block_days": 0, "cases": 0, "presentations": 0, "resonances": 0}
        self.presentations_per_case: dict[int, int] = {}

    def calendar(self) -> list[tuple[dt.date, GroupPlan]]:
        days = [(day, plan) for plan in PLANS for day in session_days(plan, self.first, LAST_DAY)]
        return sorted(days, key=lambda item: (item[0], item[1].handle))

    def sessions_planned(self) -> int:
        return sum(4 if plan.block_every else 1 for _day, plan in self.calendar())

    def build(self) -> None:
        j = self.journal
        with j.writing("generate"):
            for plan in PLANS:
                j.groups.add(plan.handle, plan.name, plan.kind, self.first, institution=self.rng.choice(_INSTITUTIONS))
                self.groups[plan.handle] = GroupState(plan)
                for _ in range(MEMBERS_AT_START):
                    self.join(self.groups[plan.handle], self.first)
        month = None
        batch: list[tuple[dt.date, GroupPlan]] = []
        for day, plan in [*self.calendar(), (dt.date.max, PLANS[0])]:
            if (day.year, day.month) != month and batch:
                with j.writing("generate"):
                    for batch_day, batch_plan in batch:
                        self.meet(self.groups[batch_plan.handle], batch_day)
                batch = []
            month = (day.year, day.month)
            batch.append((day, plan))

    def join(self, group: GroupState, day: dt.date) -> None:
        code = f"M{group.next_code}"
        group.next_code += 1
        field_of_work = self.rng.choice(_FIELDS)
        member = self.journal.groups.add_member(
            group.plan.handle, code, group.plan.profession, field=field_of_work, joined=day
        )
        group.active[code] = member.id

    def turnover(self, group: GroupState, day: dt.date) -> None:
        """At the start of a year, two members leave and two join."""
        for code in self.rng.sample(sorted(group.active), 2):
            self.journal.groups.member_leaves(group.plan.handle, code, day - dt.timedelta(days=1))
            del group.active[code]
            # Their open cases are out of sight.
            for number in [n for n, (_last, who) in group.open_cases.items() if who == code]:
                del group.open_cases[number]
        for _ in range(2):
            self.join(group, day)

    def meet(self, group: GroupState, day: dt.date) -> None:
        """One session, or a block seminar day of four, with its cases."""
        j = self.journal
        if day.year > max(group.turned, self.first.year):
            group.turned = day.year
            self.turnover(group, day)
        codes = sorted(group.active)
        present = [c for c in codes if self.rng.random() < 0.85] or codes[:1]
        j.now = dt.datetime.combine(day, dt.time(9 if group.plan.block_every else 18, 0))
        block = bool(group.plan.block_every)
        opened = j.sessions.start(group.plan.handle, day, block=block, present=[",".join(present)])
        self.counts["block_days"] += block
        session = opened[0]
        while True:
            self.work(group, session, present)
            j.now += dt.timedelta(minutes=session.minutes)
            if self.rng.random() < 0.7:
                j.sessions.set_notes(session, self.session_notes())
            _ended, following = j.sessions.next(group.plan.handle)
            self.counts["sessions"] += 1
            self.tick()
            if following is None:
                break
            session = following

    def session_notes(self) -> Any:
        from balintlog.domain import SessionNotes

        return SessionNotes(
            atmosphere=_text(self.rng, _GROUP_PROCESS, 120),
            group_process=_text(self.rng, _GROUP_PROCESS, 200),
            countertransference=_text(self.rng, _LEADER, 120),
            supervision_questions=self.rng.choice(_LEADER) if self.rng.random() < 0.5 else "",
        )

    def work(self, group: GroupState, session: Any, present: list[str]) -> None:
        """Three cases on average: new ones and follow-ups of open cases
        last presented at least two weeks before."""
        j = self.journal
        for _ in range(self.rng.choice((2, 3, 3, 3, 4))):
            due = [n for n, (last, _who) in group.open_cases.items() if (session.date - last).days >= 14]
            if due and self.rng.random() < 0.42:
                number = self.rng.choice(due)
                note = case_note(self.rng, "", present, follow_up=True)
                added = j.cases.add_follow_up(number, session, note)
                self.presentations_per_case[number] += 1
                if self.rng.random() < 0.35 or self.presentations_per_case[number] >= 5:
                    j.cases.close(number, "closed" if self.rng.random() < 0.8 else "lost")
                    del group.open_cases[number]
                else:
                    group.open_cases[number] = (session.date, group.open_cases[number][1])
            else:
                presenter = self.rng.choice(present)
                added = j.cases.add(session, case_note(self.rng, presenter, present))
                self.counts["cases"] += 1
                number = added.case.number
                self.presentations_per_case[number] = 1
                group.open_cases[number] = (session.date, presenter)
            self.counts["presentations"] += 1
            self.counts["resonances"] += len(added.presentation.resonances)
        # Cases not seen for a year are out of sight.
        for number, (last, _who) in list(group.open_cases.items()):
            if (session.date - last).days > 365:
                del group.open_cases[number]

    def describe(self, name: str) -> dict[str, Any]:
        """The manifest: what run.py needs to know about the vault."""
        long_cases = [n for n, k in self.presentations_per_case.items() if k >= 3]
        nord = self.groups.get("nord")
        return {
            "generator": GENERATOR_VERSION,
            "name": name,
            "first_day": self.first.isoformat(),
            "last_day": LAST_DAY.isoformat(),
            "report_year": LAST_DAY.year,
            "search_word": SEARCH_WORD,
            "session_group": "nord",
            "present": sorted(nord.active) if nord else [],
            "show_case": max(long_cases) if long_cases else None,
            "counts": self.counts,
        }


def _fold_wal(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def generate(name: str, *, seed: int = 2024, progress: bool = True) -> dict[str, Any]:
    """Make the vault ``name`` (``ten-year``, ``one-year`` or ``empty``)
    afresh; returns its manifest."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from balintlog import vault
    from balintlog.journal import Journal

    years = VAULT_YEARS[name]
    secret = passphrase()
    path = vault_path(name)
    building = path.with_name(path.name + ".building")
    for stale in (manifest_path(name), path, *(building.with_name(building.name + s) for s in ("", "-wal", "-shm"))):
        stale.unlink(missing_ok=True)
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    old_umask = os.umask(0o077)
    try:
        journal, _code = Journal.create(building, secret, today=dt.date.today(), params=vault.MIN_PARAMS)
        with journal, Progress(
            TextColumn(f"[bold]{name}[/]"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("sessions"),
            TimeElapsedColumn(),
            disable=not progress,
            transient=False,
        ) as bar:
            task = bar.add_task(name, total=None)
            builder = Builder(journal, years, seed, tick=lambda: bar.advance(task))
            if years:
                bar.update(task, total=builder.sessions_planned())
                builder.build()
            info = builder.describe(name)
        _fold_wal(building)
        building.rename(path)
        manifest_path(name).write_text(json.dumps(info, indent=2) + "\n")
    finally:
        os.umask(old_umask)
    return info


def ensure(names: Sequence[str], *, force: bool = False, progress: bool = True) -> dict[str, dict[str, Any]]:
    """The manifests of the vaults ``names``, generating those missing."""
    found: dict[str, dict[str, Any]] = {}
    for name in names:
        info = None if force else manifest(name)
        if info is None:
            print(f"Generating the {name} vault in {vault_path(name)} …", file=sys.stderr)
            info = generate(name, progress=progress)
        found[name] = info
    return found


def _counts(path: Path) -> Iterator[tuple[str, int]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        for table in ("balint_group", "member", "group_session", "balint_case", "presentation", "resonance"):
            yield table, conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"{', '.join(VAULT_YEARS)} (default: all)")
    parser.add_argument("--force", action="store_true", help="make them again even if they exist")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.names) - set(VAULT_YEARS))
    if unknown:
        parser.error(f"unknown vault {', '.join(unknown)} (choose from {', '.join(VAULT_YEARS)})")
    names = args.names or list(VAULT_YEARS)
    ensure(names, force=args.force)
    for name in names:
        sizes = ", ".join(f"{table} {n:,}" for table, n in _counts(vault_path(name)))
        size = vault_path(name).stat().st_size / 2**20
        print(f"{name}: {size:.0f} MiB; {sizes}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
