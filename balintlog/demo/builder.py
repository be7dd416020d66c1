"""Builds the demo vault: replays the script in the user's language
(:mod:`balintlog.demo.script_de` in German, else
:mod:`balintlog.demo.script_en`) through the library API, with every date
relative to ``today``. Its cases go through the case template written in
that language, as a user's would."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from balintlog import i18n, vault
from balintlog.dates import last_twelve_months
from balintlog.demo.script import CaseScript, DocumentsScript, GroupScript, Showing
from balintlog.domain import GroupSession
from balintlog.journal import Journal
from balintlog.paths import remove_vault_files
from balintlog.template import CASE_SECTIONS, header_key, parse_case, section_title

#: The demo vault's passphrase: printed by ``balintlog demo``, never for real notes.
DEMO_PASSPHRASE = "balint demo"
#: The same choices for the same ``today``.
SEED = 1957  # the year of Michael Balint's "The Doctor, His Patient and the Illness"

Progress = Callable[[int, int], None]
THURSDAY_WEEKDAY, SATURDAY_WEEKDAY = 3, 5



def _script() -> ModuleType:
    """The script in the user's language: its ``THURSDAY`` (the continuous
    group), ``MIXED`` (the block seminar) and ``CASES``."""
    if i18n.is_german():
        from balintlog.demo import script_de

        return script_de
    from balintlog.demo import script_en

    return script_en


def session_days(today: dt.date) -> dict[str, list[dt.date]]:
    """The days of each group's sessions, by handle: the continuous group
    (``thursday``; German ``donnerstag``) fortnightly from six weeks before
    the report's year; the block seminar (``mixed``; German ``block``) four
    block days (Saturdays) of four sessions each."""
    script = _script()
    year_start, _start = last_twelve_months(today)
    first = _on_or_after(year_start - dt.timedelta(days=42), THURSDAY_WEEKDAY)
    thursday = [first + dt.timedelta(days=14 * k) for k in range(29)]
    blocks = [_on_or_after(year_start + dt.timedelta(days=offset), SATURDAY_WEEKDAY) for offset in (40, 130, 220, 310)]
    return {script.THURSDAY.handle: thursday, script.MIXED.handle: [day for day in blocks for _n in range(4)]}


def _on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def build_demo(path: Path, *, today: dt.date, progress: Progress | None = None) -> Journal:
    """Create the demo vault at ``path`` (the real Argon2id at its minimum
    parameters, so that it is quick) and fill it. Returns the open journal.
    A failed build leaves no file behind."""
    now = dt.datetime.combine(today, dt.time(20, 0))
    journal, _code = Journal.create(path, DEMO_PASSPHRASE.encode(), today=today, params=vault.MIN_PARAMS, now=now)
    try:
        # One transaction: one commit (and one fsync) instead of hundreds.
        with journal.writing("demo"):
            _fill(journal, today, progress or (lambda _done, _total: None))
    except BaseException:
        journal.close()
        remove_vault_files(path)
        raise
    journal.now = now
    return journal


def _fill(journal: Journal, today: dt.date, progress: Progress) -> None:
    days = session_days(today)
    script_module = _script()
    cases: tuple[CaseScript, ...] = script_module.CASES
    scripts: dict[str, GroupScript] = {g.handle: g for g in (script_module.THURSDAY, script_module.MIXED)}
    for script in scripts.values():
        start = days[script.handle][0] - dt.timedelta(days=10)
        journal.groups.add(script.handle, script.name, script.kind, start, institution=script.institution)
        for m in script.members:
            joined = None if m.joins_at is None else days[script.handle][m.joins_at] - dt.timedelta(days=7)
            journal.groups.add_member(script.handle, m.code, m.profession, field=m.field, joined=joined)
            if m.leaves_after is not None:
                left = days[script.handle][m.leaves_after] + dt.timedelta(days=3)
                journal.groups.member_leaves(script.handle, m.code, left)

    # Every session of both groups in date order: (day, group, index).
    agenda = sorted((day, handle, index) for handle, group_days in days.items() for index, day in enumerate(group_days))
    numbers: dict[int, int] = {}
    total = len(agenda) + 1
    rng = random.Random(SEED)
    next_in_block: GroupSession | None = None
    for done, (day, handle, index) in enumerate(agenda):
        script = scripts[handle]
        session = _open(journal, script, day, index, rng, next_in_block)
        for case_index, case in enumerate(cases):
            if case.group != handle:
                continue
            # Follow-ups first: they are the short rounds at the start of a session.
            for showing in case.follow_ups:
                if showing.session == index:
                    journal.cases.add_follow_up(
                        numbers[case_index], session, parse_case(_follow_up_text(showing), follow_up=True)
                    )
        for case_index, case in enumerate(cases):
            if case.group == handle and case.first.session == index:
                added = journal.cases.add(session, parse_case(_case_text(case)))
                numbers[case_index] = added.case.number
        if index in script.notes:
            journal.sessions.set_notes(session, script.notes[index])
        next_in_block = _close(journal, script, day, index)
        progress(done + 1, total)
    for case_index, case in enumerate(cases):
        if case.close_as:
            journal.cases.close(numbers[case_index], case.close_as)
    _documents(journal, script_module.MIXED, script_module.DOCUMENTS)
    progress(total, total)


def _documents(journal: Journal, script: GroupScript, documents: DocumentsScript) -> None:
    """What the certificates, the session protocol and the CME list of the
    block seminar need, as a leader records it after the block days: her
    profile, the members' identities and the accreditation of each block day."""
    journal.documents.set_leader(documents.leader)
    for member in script.members:
        journal.documents.set_identity(script.handle, member.code, documents.identities[member.code])
    for number, vnr in enumerate(documents.vnrs, start=1):
        journal.documents.accredit(
            script.handle,
            block=number,
            topic=documents.topic,
            vnr=vnr,
            chamber=documents.chamber,
            category=documents.category,
            points=documents.points,
            place=documents.place,
        )


def _open(
    journal: Journal,
    script: GroupScript,
    day: dt.date,
    index: int,
    rng: random.Random,
    opened: GroupSession | None,
) -> GroupSession:
    """Open the session (or the block day at its first session; later ones
    of the day were ``opened`` by the previous one's end), with some members
    away; in a block day someone may leave after the second session."""
    members = [
        m.code
        for m in script.members
        if (m.joins_at is None or index >= m.joins_at) and (m.leaves_after is None or index <= m.leaves_after)
    ]
    present = [code for code in members if rng.random() > 0.15]
    position = index % _per_day(script)
    journal.now = dt.datetime.combine(day, dt.time(18, 0) if script.kind != "block" else dt.time(9 + 2 * position))
    if script.kind != "block" or position == 0:
        return journal.sessions.start(script.handle, day, block=script.kind == "block", present=present)[0]
    assert opened is not None
    if position == 2 and len(present) < len(members):
        away = [code for code in members if code not in present][:1]
        journal.sessions.attend(opened, [], absent=away)
    return opened


def _per_day(script: GroupScript) -> int:
    """Sessions per day: four on a block day, else one."""
    return 4 if script.kind == "block" else 1


def _close(journal: Journal, script: GroupScript, day: dt.date, index: int) -> GroupSession | None:
    """End the session; on a block day this opens the next one (returned)."""
    if script.kind == "block":
        journal.now = dt.datetime.combine(day, dt.time(10 + 2 * (index % 4), 30))
        return journal.sessions.next(script.handle)[1]
    journal.now = dt.datetime.combine(day, dt.time(19, 30))
    journal.sessions.end(script.handle)
    return None


def _head(pairs: list[tuple[str, str]]) -> str:
    """Header lines, their keys in the user's language."""
    return "".join(f"{header_key(attr)}: {value}\n" for attr, value in pairs)


def _case_text(case: CaseScript) -> str:
    head = [
        ("title", case.title),
        ("presenter", case.presenter),
        ("client", case.client),
        ("relationship", case.relationship),
        ("field", case.field),
        ("institution", case.institution),
        ("question", case.first.question),
        ("kind", "first"),
    ]
    return _head(head) + _sections(case.first)


def _follow_up_text(showing: Showing) -> str:
    head = [("question", showing.question), ("kind", "follow_up"), ("outcome", showing.outcome)]
    return _head(head) + _sections(showing, what_changed=True)


def _sections(showing: Showing, *, what_changed: bool = False) -> str:
    parts = [
        ("account", showing.account),
        ("group_process", showing.group_process),
        ("resonances", "\n".join(f"- {line}" for line in showing.resonances)),
        ("closing", showing.closing),
        ("leader_notes", showing.leader_notes),
    ]
    if what_changed:
        parts.append(("what_changed", showing.what_changed))
    return "".join(f"\n## {section_title(CASE_SECTIONS, attr)}\n{text}\n" for attr, text in parts if text)
