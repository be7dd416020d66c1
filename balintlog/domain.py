"""The domain of a Balint-group case journal: plain values, no I/O.

Every class here is what the journal API takes and returns. Free text lives
in ``str`` fields; the store seals each of them before it touches the disk.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache

from balintlog.kinds import (  # re-exported: the domain speaks in these
    BLOCK_SIZE,
    MINUTES_PER_DS,
    MINUTES_PER_UE,
    SESSION_MINUTES,
    SOURCE_CO_LEADER,
    SOURCE_GROUP,
    SOURCE_LEADER,
    SPECIAL_SOURCES,
    STALE_AFTER_SESSIONS,
    CaseStatus,
    DraftKind,
    GroupKind,
    LogbookKind,
    Outcome,
    PresentationKind,
    Profession,
    Relationship,
    ResonanceKind,
    ResonanceLevel,
    SessionMode,
    SessionStatus,
    Setting,
    check_choice,
    unknown_choice_message,
)
from balintlog.labels import parse_enum

__all__ = [
    "MINUTES_PER_DS",
    "MINUTES_PER_UE",
    "SOURCE_CO_LEADER",
    "SOURCE_GROUP",
    "SOURCE_LEADER",
    "SPECIAL_SOURCES",
    "STALE_AFTER_SESSIONS",
    "Accreditation",
    "Block",
    "Case",
    "CaseHistory",
    "CaseStatus",
    "Draft",
    "DraftKind",
    "Group",
    "GroupKind",
    "GroupSession",
    "HistoryEntry",
    "Identity",
    "LeaderProfile",
    "LogbookEntry",
    "LogbookKind",
    "Member",
    "Outcome",
    "Presentation",
    "PresentationKind",
    "Profession",
    "Relationship",
    "Resonance",
    "ResonanceKind",
    "ResonanceLevel",
    "SearchHit",
    "SessionMode",
    "SessionNotes",
    "SessionStatus",
    "Setting",
    "check_choice",
    "code_key",
    "code_order",
    "parse_enum",
    "unknown_choice_message",
]


@dataclass(frozen=True)
class Group:
    id: str
    handle: str
    name: str
    kind: GroupKind
    start: dt.date
    setting: Setting = Setting.OPEN
    institution: str = ""
    planned_end: dt.date | None = None
    session_minutes: int = SESSION_MINUTES
    block_size: int = BLOCK_SIZE
    co_leader: str = ""
    retention: dt.date | None = None
    closed: dt.date | None = None

    @property
    def active(self) -> bool:
        return self.closed is None


@dataclass(frozen=True)
class Member:
    id: str
    group_id: str
    code: str
    profession: Profession
    field: str = ""
    joined: dt.date | None = None
    left: dt.date | None = None
    identity: str = ""

    def active_on(self, day: dt.date) -> bool:
        """Whether the member belonged to the group on ``day``."""
        if self.joined is not None and day < self.joined:
            return False
        return self.left is None or day <= self.left


@cache  # a report sorts the few codes of its members thousands of times
def code_key(code: str) -> tuple[tuple[int, str], ...]:
    """M2 before M10: digit runs compare as numbers."""
    parts = re.split(r"([0-9]+)", code.casefold())
    return tuple((int(p), "") if i % 2 else (0, p) for i, p in enumerate(parts))


def code_order(member: Member) -> tuple[tuple[int, str], ...]:
    """The sort key of members in code order (M2 before M10)."""
    return code_key(member.code)


@dataclass(frozen=True)
class Block:
    id: str
    group_id: str
    seq: int
    date: dt.date
    planned_sessions: int
    place: str = ""


@dataclass(frozen=True)
class SessionNotes:
    atmosphere: str = ""
    group_process: str = ""
    countertransference: str = ""
    supervision_questions: str = ""

    def is_empty(self) -> bool:
        return not any(
            (self.atmosphere, self.group_process, self.countertransference, self.supervision_questions)
        )


@dataclass(frozen=True)
class GroupSession:
    id: str
    group_id: str
    seq: int
    date: dt.date
    status: SessionStatus
    minutes: int
    block_id: str | None = None
    block_pos: int | None = None
    start_time: str = ""
    end_time: str = ""
    mode: SessionMode = SessionMode.IN_PERSON
    notes: SessionNotes = field(default_factory=SessionNotes)


@dataclass(frozen=True)
class Resonance:
    id: str
    presentation_id: str
    case_id: str
    seq: int
    kind: ResonanceKind
    level: ResonanceLevel
    intensity: int
    text: str
    source: str = SOURCE_GROUP
    mirroring: bool = False


@dataclass(frozen=True)
class Presentation:
    id: str
    case_id: str
    session_id: str
    kind: PresentationKind
    question: str = ""
    account: str = ""
    group_process: str = ""
    leader_notes: str = ""
    closing: str = ""
    outcome: Outcome | None = None
    what_changed: str = ""
    resonances: tuple[Resonance, ...] = ()
    #: The day of its session (stored plaintext for period queries).
    date: dt.date | None = None


@dataclass(frozen=True)
class Case:
    id: str
    number: int
    group_id: str
    presenter_id: str
    title: str
    status: CaseStatus
    opened: dt.date
    client: str = ""
    relationship: Relationship = Relationship.OTHER
    field: str = ""
    institution: str = ""


@dataclass(frozen=True)
class Draft:
    id: str
    kind: DraftKind
    created: dt.date
    body: str
    #: JSON object of the ids the text was written for (``session``, ``case``).
    context: str = ""

    @property
    def short_id(self) -> str:
        """What the user types to name the draft."""
        return self.id[:6]

    @property
    def refs(self) -> dict[str, str]:
        """The ids of :attr:`context` (empty when there are none)."""
        import json

        try:
            data = json.loads(self.context) if self.context else {}
        except ValueError:
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


@dataclass(frozen=True)
class LogbookEntry:
    """An entry of the leader's own training logbook: sessions led or
    co-led outside the journal, supervision received, seminars, groups
    attended as a member, conferences."""

    id: str
    kind: LogbookKind
    date: dt.date
    #: The time it stands for (a DS is 90 minutes, an hour 60).
    minutes: int
    #: How many sessions (of leading, supervision, a group) it stands for.
    sessions: int = 1
    #: The co-leader or the supervisor.
    with_whom: str = ""
    #: The supervision's format (individual, group, online …).
    format: str = ""
    #: The seminar's, conference's or group's name and place.
    title: str = ""
    notes: str = ""

    @property
    def short_id(self) -> str:
        """What the user types to name the entry."""
        return self.id[:6]

    @property
    def ds(self) -> float:
        return self.minutes / MINUTES_PER_DS


@dataclass(frozen=True)
class HistoryEntry:
    """One presentation of a case with the session it was worked in."""

    presentation: Presentation
    session_ref: str
    date: dt.date


@dataclass(frozen=True)
class CaseHistory:
    """A case with everything about it: presenter, group, and every
    presentation in date order with its resonances and outcome."""

    case: Case
    presenter: Member
    group: Group
    presentations: tuple[HistoryEntry, ...]

    @property
    def question(self) -> str:
        """The case's current question: that of its latest presentation
        that asked one."""
        for entry in reversed(self.presentations):
            if entry.presentation.question:
                return entry.presentation.question
        return ""


@dataclass(frozen=True)
class SearchHit:
    """A text field that contains the search text: where it is, and the
    field's text with the character spans of every match."""

    group_handle: str
    field: str
    text: str
    spans: tuple[tuple[int, int], ...]
    case_number: int | None = None
    session_ref: str | None = None
    date: dt.date | None = None


@dataclass(frozen=True)
class Identity:
    """A member's real identity, for the documents that name them: sealed
    apart from the pseudonym under a key of its own."""

    name: str
    title: str = ""
    efn: str = ""
    address: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.title} {self.name}".strip()


@dataclass(frozen=True)
class LeaderProfile:
    """The leader as the documents name them."""

    name: str
    title: str = ""
    recognitions: str = ""
    address: str = ""
    signature: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.title} {self.name}".strip()


@dataclass(frozen=True)
class Accreditation:
    """An event's recognition by a chamber: for a whole group (``points``
    per session), one block day (points for the day) or one session."""

    id: str
    group_id: str
    points: int
    topic: str
    vnr: str
    chamber: str
    category: str = "C"
    place: str = ""
    block_id: str | None = None
    session_id: str | None = None
