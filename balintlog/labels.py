"""The words shown for the journal's closed vocabularies (group kinds,
professions, resonance kinds and levels, statuses, outcomes …), in the
user's language, and the reading of those words back, in either language.

Stored values, JSON and the command line's identifiers stay the English
enumeration values (``physician``, ``third_parties``); :func:`label` is for
people. German professions are shown in the paired form German
practitioners use (``Ärztin/Arzt``); the presenting member is the
``Fallgeber(in)``. :func:`from_label` reads a German or English label and
the usual single forms (``Ärztin``, ``Arzt``, ``Klient``, ``Nachbericht``,
``Aerztin``), whatever the language in use.
"""

from __future__ import annotations

import gettext
import re
from enum import StrEnum
from functools import cache
from typing import Final, TypeVar

from balintlog import i18n
from balintlog.errors import UsageError
from balintlog.i18n import NP_
from balintlog.kinds import (
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
)

__all__ = ["from_label", "label", "parse_enum"]

E = TypeVar("E", bound=StrEnum)

#: The English label of each value, with the enumeration's name as context
#: (German "offen" for an open setting, "läuft" for an open session).
_LABEL_LIST: Final[tuple[tuple[StrEnum, tuple[str, str]], ...]] = (
    (GroupKind.CONTINUOUS, NP_("GroupKind", "continuous")),
    (GroupKind.BLOCK, NP_("GroupKind", "block")),
    (GroupKind.TRAINING, NP_("GroupKind", "training")),
    (GroupKind.LEADER_SUPERVISION, NP_("GroupKind", "leader supervision")),
    (GroupKind.CONFERENCE, NP_("GroupKind", "conference")),
    (GroupKind.ONLINE, NP_("GroupKind", "online")),
    (Setting.OPEN, NP_("Setting", "open")),
    (Setting.IN_HOUSE, NP_("Setting", "in-house")),
    (Profession.PHYSICIAN, NP_("Profession", "physician")),
    (Profession.PSYCHOTHERAPIST, NP_("Profession", "psychotherapist")),
    (Profession.PSYCHOLOGIST, NP_("Profession", "psychologist")),
    (Profession.SOCIAL_WORKER, NP_("Profession", "social worker")),
    (Profession.SOCIAL_PEDAGOGUE, NP_("Profession", "social pedagogue")),
    (Profession.SUPERVISOR, NP_("Profession", "supervisor")),
    (Profession.PRIEST, NP_("Profession", "priest")),
    (Profession.TEACHER, NP_("Profession", "teacher")),
    (Profession.FAMILY_LAWYER, NP_("Profession", "family lawyer")),
    (Profession.JUDGE, NP_("Profession", "judge")),
    (Profession.MEDIATOR, NP_("Profession", "mediator")),
    (Profession.NURSE, NP_("Profession", "nurse")),
    (Profession.OTHER, NP_("Profession", "other")),
    (SessionMode.IN_PERSON, NP_("SessionMode", "in person")),
    (SessionMode.ONLINE, NP_("SessionMode", "online")),
    (SessionMode.HYBRID, NP_("SessionMode", "hybrid")),
    (SessionStatus.PLANNED, NP_("SessionStatus", "planned")),
    (SessionStatus.OPEN, NP_("SessionStatus", "open")),
    (SessionStatus.ENDED, NP_("SessionStatus", "ended")),
    (SessionStatus.CANCELLED, NP_("SessionStatus", "cancelled")),
    (Relationship.DOCTOR_PATIENT, NP_("Relationship", "doctor and patient")),
    (Relationship.THERAPIST_CLIENT, NP_("Relationship", "therapist and client")),
    (Relationship.SOCIAL_WORKER_CLIENT, NP_("Relationship", "social worker and client")),
    (Relationship.TEACHER_PUPIL, NP_("Relationship", "teacher and pupil")),
    (Relationship.JUDGE_PARTY, NP_("Relationship", "judge and party")),
    (Relationship.MEDIATOR_PARTIES, NP_("Relationship", "mediator and parties")),
    (Relationship.PRIEST_PARISHIONER, NP_("Relationship", "priest and parishioner")),
    (Relationship.SUPERVISOR_SUPERVISEE, NP_("Relationship", "supervisor and supervisee")),
    (Relationship.LAWYER_CLIENT, NP_("Relationship", "lawyer and client")),
    (Relationship.OTHER, NP_("Relationship", "other")),
    (CaseStatus.OPEN, NP_("CaseStatus", "open")),
    (CaseStatus.FOLLOWED_UP, NP_("CaseStatus", "followed up")),
    (CaseStatus.CLOSED, NP_("CaseStatus", "closed")),
    (CaseStatus.LOST, NP_("CaseStatus", "lost")),
    (PresentationKind.FIRST, NP_("PresentationKind", "first presentation")),
    (PresentationKind.FOLLOW_UP, NP_("PresentationKind", "follow-up")),
    (PresentationKind.UPDATE, NP_("PresentationKind", "update")),
    (Outcome.EASED, NP_("Outcome", "eased")),
    (Outcome.UNCHANGED, NP_("Outcome", "unchanged")),
    (Outcome.WORSENED, NP_("Outcome", "worsened")),
    (Outcome.ENDED, NP_("Outcome", "ended")),
    (Outcome.UNDERSTANDING_CHANGED, NP_("Outcome", "understanding changed")),
    (Outcome.ACTION_TAKEN, NP_("Outcome", "action taken")),
    (Outcome.NOT_REPORTED, NP_("Outcome", "not reported")),
    (ResonanceKind.AFFECT, NP_("ResonanceKind", "affect")),
    (ResonanceKind.BODILY, NP_("ResonanceKind", "bodily sensation")),
    (ResonanceKind.IMAGE, NP_("ResonanceKind", "image")),
    (ResonanceKind.PHANTASY, NP_("ResonanceKind", "phantasy")),
    (ResonanceKind.ASSOCIATION, NP_("ResonanceKind", "association")),
    (ResonanceKind.IDENTIFICATION, NP_("ResonanceKind", "identification")),
    (ResonanceKind.IMPULSE, NP_("ResonanceKind", "impulse")),
    (ResonanceKind.THOUGHT, NP_("ResonanceKind", "thought")),
    (ResonanceKind.ABSENCE, NP_("ResonanceKind", "absence")),
    (ResonanceKind.SPLITTING, NP_("ResonanceKind", "splitting")),
    (ResonanceKind.HUMOUR, NP_("ResonanceKind", "humour")),
    (ResonanceLevel.CLIENT, NP_("ResonanceLevel", "client")),
    (ResonanceLevel.PRESENTER, NP_("ResonanceLevel", "presenter")),
    (ResonanceLevel.RELATIONSHIP, NP_("ResonanceLevel", "relationship")),
    (ResonanceLevel.THIRD_PARTIES, NP_("ResonanceLevel", "third parties")),
    (ResonanceLevel.INSTITUTION, NP_("ResonanceLevel", "institution")),
    (ResonanceLevel.GROUP, NP_("ResonanceLevel", "group")),
    (ResonanceLevel.LEADER, NP_("ResonanceLevel", "leader")),
    (DraftKind.CASE, NP_("DraftKind", "case")),
    (DraftKind.FOLLOW_UP, NP_("DraftKind", "follow-up")),
    (DraftKind.CASE_EDIT, NP_("DraftKind", "case correction")),
    (DraftKind.SESSION_NOTE, NP_("DraftKind", "session note")),
    (DraftKind.LOGBOOK, NP_("DraftKind", "logbook entry")),
    (LogbookKind.LED, NP_("LogbookKind", "led a group")),
    (LogbookKind.CO_LED, NP_("LogbookKind", "co-led a group")),
    (LogbookKind.SUPERVISION, NP_("LogbookKind", "supervision received")),
    (LogbookKind.LEADER_SEMINAR, NP_("LogbookKind", "leader seminar")),
    (LogbookKind.INTENSIVE, NP_("LogbookKind", "intensive")),
    (LogbookKind.MEMBER, NP_("LogbookKind", "attended as a member")),
    (LogbookKind.CONFERENCE, NP_("LogbookKind", "conference")),
)

#: Words people use for a value beside its labels (German single forms that
#: a paired or bracketed label does not give, other spellings, synonyms).
_ALIAS_LIST: Final[tuple[tuple[StrEnum, tuple[str, ...]], ...]] = (
    (Profession.PSYCHOLOGIST, ("Psychologe",)),
    (Profession.SOCIAL_PEDAGOGUE, ("Sozialpädagoge",)),
    (Profession.PRIEST, ("Pfarrerin", "Pfarrer", "Priester", "Seelsorge")),
    (Profession.NURSE, ("Pflegekraft", "Krankenschwester", "Krankenpfleger", "Gesundheits- und Krankenpfleger")),
    (Profession.FAMILY_LAWYER, ("Rechtsanwältin", "Rechtsanwalt", "Anwältin", "Anwalt")),
    (ResonanceKind.BODILY, ("bodily", "Körper", "körperlich")),
    (ResonanceKind.ABSENCE, ("Abwesenheit", "Leerstelle")),
    (ResonanceKind.PHANTASY, ("fantasy", "Fantasie")),
    (ResonanceKind.HUMOUR, ("humor",)),
    (ResonanceLevel.PRESENTER, ("vorstellende Person", "Fallgeberin", "Fallgeber")),
    (ResonanceLevel.LEADER, ("Co-Leitung", "Leiterin", "Leiter")),
    (PresentationKind.FIRST, ("Erstvorstellung", "first")),
    (PresentationKind.FOLLOW_UP, ("Folgevorstellung", "Nachbericht")),
    (DraftKind.FOLLOW_UP, ("Nachbericht", "Folgevorstellung")),
    (GroupKind.BLOCK, ("Blocktag", "Blockveranstaltung")),
    (LogbookKind.LED, ("geleitet", "Leitung")),
    (LogbookKind.CO_LED, ("co-geleitet", "Co-Leitung", "co-led")),
    (LogbookKind.SUPERVISION, ("Supervision",)),
    (LogbookKind.LEADER_SEMINAR, ("Gruppenleiterseminar", "Leiterseminar", "seminar")),
    (LogbookKind.INTENSIVE, ("Intensivseminar", "Balint-Intensiv")),
    (LogbookKind.MEMBER, ("Mitglied", "Teilnahme", "als Mitglied")),
    (LogbookKind.CONFERENCE, ("Tagung", "Kongress")),
)
# Keyed by enumeration and value: members of a StrEnum are equal to their
# value, so SessionStatus.OPEN and Setting.OPEN would be one key.
_LABELS: Final = {(type(member), member.value): pair for member, pair in _LABEL_LIST}
_ALIASES: Final = {(type(member), member.value): words for member, words in _ALIAS_LIST}


def label(value: StrEnum) -> str:
    """The word shown for ``value`` in the user's language (``Ärztin/Arzt``,
    ``Körperempfindung``); the value itself for one without a label."""
    found = _LABELS.get((type(value), value.value))
    if found is None:
        return value.value.replace("_", " ")
    return i18n.pgettext(*found)


def from_label(enum: type[E], text: str) -> E | None:
    """The member of ``enum`` that ``text`` names by a label or alias in
    either language (any case, accents or ae/oe/ue, ``-``/``_``/spaces
    alike), or None."""
    found = _words(enum).get(_key(text))
    return None if found is None else enum(found)


def _key(text: str) -> str:
    from balintlog.textfold import fold  # only when a label is read, not at start-up

    folded = fold(text).replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return re.sub(r"[\s_-]+", " ", folded).strip()


@cache
def _words(enum: type[StrEnum]) -> dict[str, str]:
    """Every word that names a member of ``enum`` -> the member's value."""
    german = gettext.translation(i18n.DOMAIN, i18n.LOCALE_DIR, languages=["de"], fallback=True)
    words: dict[str, str] = {}
    for member in enum:
        spelled = [member.value]
        key = (enum, member.value)
        if key in _LABELS:
            context, english = _LABELS[key]
            spelled += [english, *_forms(german.pgettext(context, english))]
        spelled += _ALIASES.get(key, ())
        for word in spelled:
            words.setdefault(_key(word), member.value)
    return words


def _forms(german: str) -> list[str]:
    """A German label and the single forms in it: ``Ärztin/Arzt`` -> both
    (a word pair, not a phrase such as a relationship's); ``Klient(in)`` ->
    ``Klient``, ``Klientin``."""
    forms = [german] if " " in german else [german, *german.split("/")]
    for form in list(forms):
        if "(" in form:
            forms += [re.sub(r"\((.*?)\)", "", form), re.sub(r"\((.*?)\)", r"\1", form)]
    return forms


def parse_enum(enum: type[E], value: str, what: str) -> E:
    """Return the member of ``enum`` named ``value`` (its value, or a label in
    English or German such as ``Ärztin`` or ``Affekt``), or raise a
    UsageError that lists the allowed values and suggests the closest one."""
    allowed = [m.value for m in enum]
    try:
        return enum(check_choice(value, allowed, what))
    except UsageError:
        found = from_label(enum, value)
        if found is None:
            raise
        return found
