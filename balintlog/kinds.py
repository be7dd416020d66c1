"""The closed vocabularies of the journal (group kinds, professions,
resonance kinds, statuses …) as StrEnums, and the parsing of a user's choice
among them with a "did you mean".

Apart from :mod:`balintlog.domain` (which re-exports all of it) so that the
command line can name the choices in its help texts without making the
domain's dataclasses: creating those costs about a millisecond each, which
tab completion and ``--help`` should not pay.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from enum import StrEnum
from typing import TypeVar

from balintlog.errors import UsageError
from balintlog.i18n import _


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

#: A group's sessions unless it says otherwise: 90 minutes each, four on a
#: block day.
SESSION_MINUTES = 90
BLOCK_SIZE = 4

#: A resonance's intensity unless given: the middle of 1 (faint) to 5 (strong).
RESONANCE_INTENSITY = 3

#: One session of 90 minutes is a Doppelstunde: two teaching units of 45.
MINUTES_PER_DS = 90
MINUTES_PER_UE = 45

#: A case is stale when open and absent from this many ended sessions.
STALE_AFTER_SESSIONS = 6

E = TypeVar("E", bound=StrEnum)


def check_choice(value: str, allowed: list[str], what: str) -> str:
    """Return ``value`` normalised if it is one of ``allowed``; else raise a
    UsageError with the choices and a "did you mean"."""
    norm = value.strip().lower().replace("-", "_").replace(" ", "_")
    if norm in allowed:
        return norm
    raise UsageError(unknown_choice_message(value, allowed, what))


def unknown_choice_message(value: str, allowed: list[str], what: str) -> str:
    """``unknown kind 'anger' (expected one of affect, …); did you mean …?``
    ``what`` is a noun in the user's language (``_("kind")``)."""
    return _("unknown {what} {value!r} (expected one of {choices}){did_you_mean}").format(
        what=what, value=value, choices=", ".join(allowed), did_you_mean=did_you_mean(value, allowed, cutoff=0.7)
    )


def did_you_mean(value: str, names: Sequence[str], *, cutoff: float = 0.6) -> str:
    """``; did you mean 'nord'?`` when one of ``names`` is close to ``value``
    (ignoring case), else nothing; to be appended to a message."""
    by_key = {n.casefold(): n for n in names}
    close = difflib.get_close_matches(value.strip().casefold(), list(by_key), n=1, cutoff=cutoff)
    return _("; did you mean {name!r}?").format(name=by_key[close[0]]) if close else ""


class DraftKind(StrEnum):
    """What a draft's text was written for (and the command that resumes it)."""

    CASE = "case"
    FOLLOW_UP = "follow_up"
    CASE_EDIT = "case_edit"
    SESSION_NOTE = "session_note"
    LOGBOOK = "logbook"


class LogbookKind(StrEnum):
    """What an entry of the leader's training logbook records."""

    LED = "led"
    CO_LED = "co_led"
    SUPERVISION = "supervision"
    LEADER_SEMINAR = "leader_seminar"
    INTENSIVE = "intensive"
    MEMBER = "member"
    CONFERENCE = "conference"
