"""The domain of a Balint-group case journal: plain values, no I/O.

Every class here is what the journal API takes and returns. Free text lives
in ``str`` fields; the store seals each of them before it touches the disk.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

from balintlog.errors import UsageError


class GroupKind(StrEnum):
    CONTINUOUS = "continuous"
    BLOCK = "block"
    TRAINING = "training"
    LEADER_SUPERVISION = "leader_supervision"
    CONFERENCE = "conference"
    ONLINE = "online"


class Setting(StrEnum):
    OPEN = "open"
    IN_HOUSE = "in_house"


class Profession(StrEnum):
    PHYSICIAN = "physician"
    PSYCHOTHERAPIST = "psychotherapist"
    PSYCHOLOGIST = "psychologist"
    SOCIAL_WORKER = "social_worker"
    SOCIAL_PEDAGOGUE = "social_pedagogue"
    SUPERVISOR = "supervisor"
    PRIEST = "priest"
    TEACHER = "teacher"
    FAMILY_LAWYER = "family_lawyer"
    JUDGE = "judge"
    MEDIATOR = "mediator"
    NURSE = "nurse"
    OTHER = "other"


class SessionMode(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"


class SessionStatus(StrEnum):
    PLANNED = "planned"
    OPEN = "open"
    ENDED = "ended"
    CANCELLED = "cancelled"


class Relationship(StrEnum):
    DOCTOR_PATIENT = "doctor_patient"
    THERAPIST_CLIENT = "therapist_client"
    SOCIAL_WORKER_CLIENT = "social_worker_client"
    TEACHER_PUPIL = "teacher_pupil"
    JUDGE_PARTY = "judge_party"
    MEDIATOR_PARTIES = "mediator_parties"
    PRIEST_PARISHIONER = "priest_parishioner"
    SUPERVISOR_SUPERVISEE = "supervisor_supervisee"
    LAWYER_CLIENT = "lawyer_client"
    OTHER = "other"


class CaseStatus(StrEnum):
    OPEN = "open"
    FOLLOWED_UP = "followed_up"
    CLOSED = "closed"
    LOST = "lost"


class PresentationKind(StrEnum):
    FIRST = "first"
    FOLLOW_UP = "follow_up"
    UPDATE = "update"


class Outcome(StrEnum):
    EASED = "eased"
    UNCHANGED = "unchanged"
    WORSENED = "worsened"
    ENDED = "ended"
    UNDERSTANDING_CHANGED = "understanding_changed"
    ACTION_TAKEN = "action_taken"
    NOT_REPORTED = "not_reported"


class ResonanceKind(StrEnum):
    AFFECT = "affect"
    BODILY = "bodily"
    IMAGE = "image"
    PHANTASY = "phantasy"
    ASSOCIATION = "association"
    IDENTIFICATION = "identification"
    IMPULSE = "impulse"
    THOUGHT = "thought"
    ABSENCE = "absence"
    SPLITTING = "splitting"
    HUMOUR = "humour"


class ResonanceLevel(StrEnum):
    CLIENT = "client"
    PRESENTER = "presenter"
    RELATIONSHIP = "relationship"
    THIRD_PARTIES = "third_parties"
    INSTITUTION = "institution"
    GROUP = "group"
    LEADER = "leader"


#: Sources of a resonance other than a member code.
SOURCE_GROUP = "group"
SOURCE_LEADER = "leader"
SOURCE_CO_LEADER = "co_leader"
SPECIAL_SOURCES = (SOURCE_GROUP, SOURCE_LEADER, SOURCE_CO_LEADER)

#: One session of 90 minutes is a Doppelstunde: two teaching units of 45.
MINUTES_PER_DS = 90
MINUTES_PER_UE = 45

#: A case is stale when open and absent from this many ended sessions.
STALE_AFTER_SESSIONS = 6

E = TypeVar("E", bound=StrEnum)


def parse_enum(enum: type[E], value: str, what: str) -> E:
    """Return the member of ``enum`` named ``value``, or raise a UsageError
    that lists the allowed values and suggests the closest one."""
    return enum(check_choice(value, [m.value for m in enum], what))


def check_choice(value: str, allowed: list[str], what: str) -> str:
    """Return ``value`` normalised if it is one of ``allowed``; else raise a
    UsageError with the choices and a "did you mean"."""
    norm = value.strip().lower().replace("-", "_").replace(" ", "_")
    if norm in allowed:
        return norm
    raise UsageError(unknown_choice_message(value, allowed, what))


def unknown_choice_message(value: str, allowed: list[str], what: str) -> str:
    """``unknown kind 'anger' (expected one of affect, …); did you mean …?``"""
    msg = f"unknown {what} {value!r} (expected one of {', '.join(allowed)})"
    close = difflib.get_close_matches(value.strip().lower(), allowed, n=1, cutoff=0.7)
    if close:
        msg += f"; did you mean {close[0]!r}?"
    return msg


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
    session_minutes: int = 90
    block_size: int = 4
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


class DraftKind(StrEnum):
    """What a draft's text was written for (and the command that resumes it)."""

    CASE = "case"
    FOLLOW_UP = "follow_up"
    CASE_EDIT = "case_edit"
    SESSION_NOTE = "session_note"


@dataclass(frozen=True)
class Draft:
    id: str
    kind: str
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
