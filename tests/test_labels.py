"""Kinds, levels, professions, outcomes and statuses have words in both
languages; a German or English word is read as the same value whatever the
language in use."""

from __future__ import annotations

import json

import pytest
from conftest import Cli

from balintlog.errors import UsageError
from balintlog.i18n import set_language
from balintlog.kinds import (
    CaseStatus,
    DraftKind,
    GroupKind,
    Outcome,
    PresentationKind,
    Profession,
    Relationship,
    ResonanceKind,
    ResonanceLevel,
    SessionMode,
    SessionStatus,
    Setting,
)
from balintlog.labels import from_label, label, parse_enum

ENUMS = (
    CaseStatus, DraftKind, GroupKind, Outcome, PresentationKind, Profession, Relationship,
    ResonanceKind, ResonanceLevel, SessionMode, SessionStatus, Setting,
)  # fmt: skip


def test_every_value_has_a_label_in_each_language_that_reads_back() -> None:
    for language in ("en", "de", "de_CH"):
        set_language(language)
        for enum in ENUMS:
            labels = [label(member) for member in enum]
            assert len(set(labels)) == len(labels), (language, enum)
            for member in enum:
                assert from_label(enum, label(member)) == member


def test_german_labels_use_the_words_of_german_balint_work() -> None:
    assert label(Profession.PHYSICIAN) == "physician"
    set_language("de")
    assert [label(p) for p in (Profession.PHYSICIAN, Profession.JUDGE, Profession.SOCIAL_WORKER)] == [
        "Ärztin/Arzt",
        "Richterin/Richter",
        "Sozialarbeiterin/Sozialarbeiter",
    ]
    assert [label(level) for level in ResonanceLevel] == [
        "Klient(in)", "Fallgeber(in)", "Beziehung", "Dritte", "Institution", "Gruppe", "Leitung",
    ]  # fmt: skip
    assert [label(kind) for kind in ResonanceKind] == [
        "Affekt", "Körperempfindung", "Bild", "Phantasie", "Assoziation", "Identifikation", "Impuls",
        "Gedanke", "Leerstelle", "Spaltung", "Humor",
    ]  # fmt: skip
    assert label(PresentationKind.FOLLOW_UP) == "Nachbericht"
    assert label(SessionStatus.OPEN) == "läuft"
    assert label(Setting.OPEN) == "offen"


@pytest.mark.parametrize(
    ("enum", "typed", "expected"),
    [
        (Profession, "Ärztin", Profession.PHYSICIAN),
        (Profession, "arzt", Profession.PHYSICIAN),
        (Profession, "AERZTIN", Profession.PHYSICIAN),
        (Profession, "Ärztin/Arzt", Profession.PHYSICIAN),
        (Profession, "Sozialarbeiter", Profession.SOCIAL_WORKER),
        (Profession, "Richterin", Profession.JUDGE),
        (Profession, "social worker", Profession.SOCIAL_WORKER),
        (Profession, "Krankenschwester", Profession.NURSE),
        (ResonanceKind, "Affekt", ResonanceKind.AFFECT),
        (ResonanceKind, "Koerperempfindung", ResonanceKind.BODILY),
        (ResonanceKind, "Abwesenheit", ResonanceKind.ABSENCE),
        (ResonanceLevel, "Klient", ResonanceLevel.CLIENT),
        (ResonanceLevel, "Klientin", ResonanceLevel.CLIENT),
        (ResonanceLevel, "Fallgeberin", ResonanceLevel.PRESENTER),
        (ResonanceLevel, "Dritte", ResonanceLevel.THIRD_PARTIES),
        (PresentationKind, "Nachbericht", PresentationKind.FOLLOW_UP),
        (GroupKind, "Blocktag", GroupKind.BLOCK),
        (Outcome, "unverändert", Outcome.UNCHANGED),
        (SessionMode, "in Präsenz", SessionMode.IN_PERSON),
    ],
)
def test_german_words_are_read_whatever_the_language(enum: type, typed: str, expected: object) -> None:
    assert parse_enum(enum, typed, "choice") == expected
    set_language("de")
    assert parse_enum(enum, typed, "choice") == expected


def test_an_unknown_word_is_still_refused_with_the_choices() -> None:
    with pytest.raises(UsageError, match=r"unknown profession 'Bäcker' \(expected one of physician"):
        parse_enum(Profession, "Bäcker", "profession")


def test_a_german_member_and_resonance_through_the_command_line(cli: Cli) -> None:
    cli.ok("group", "add", "süd", "--kind", "Blockveranstaltung", "--start", "2026-01-01")
    cli.ok("member", "add", "süd", "M1", "--profession", "Ärztin")
    cli.ok("member", "add", "süd", "M2", "--profession", "Sozialarbeiter")
    cli.ok("session", "start", "--group", "süd", "--present", "M1,M2")
    case = (
        "Title: Die Schülerin\nPresenter: M1\n\n## Resonances\n"
        "- Affekt / Klient / 4 / Wut über die Ohnmacht @M2\n"
        "- affect / client / 4 / the same in English\n"
    )
    cli.ok("case", "add", "--from", "-", input=case)
    members = json.loads(cli.ok("member", "list", "süd", "--json").stdout)
    assert [m["profession"] for m in members["members"]] == ["physician", "social_worker"]
    shown = json.loads(cli.ok("case", "show", "1", "--json").stdout)
    resonances = shown["presentations"][0]["resonances"]
    assert [(r["kind"], r["level"]) for r in resonances] == [("affect", "client"), ("affect", "client")]
