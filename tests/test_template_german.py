"""Case and session templates in both languages: written in the user's
language, read in either (German and English header keys, section names and
labels, whatever the language in use), the same record from both, errors
naming the line in the user's language; the library's errors in German."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from balintlog import i18n
from balintlog.domain import Outcome, PresentationKind, Relationship, ResonanceKind, ResonanceLevel, SessionNotes
from balintlog.errors import NotFoundError, TemplateError
from balintlog.journal import Journal
from balintlog.template import (
    CaseNote,
    ResonanceLine,
    blank_case_template,
    blank_session_template,
    parse_case,
    parse_session_notes,
    render_case,
    render_session_notes,
    with_errors,
)

GERMAN_CASE = """\
# Ein Kommentar oben.
Titel: Die Patientin, die nie klagt
Fallgeber(in): A1
Klient(in): Frau, 54, chronische Rückenschmerzen
Beziehung: Ärztin/Arzt und Patient(in)
Arbeitsfeld: Allgemeinmedizin
Institution: Landarztpraxis
Frage: Warum graut mir vor ihren Terminen?
Art: Fallvorstellung

## Fallbericht
Sie kommt alle drei Wochen und lächelt.

## Gruppenprozess
Die Gruppe fand sie schnell „schwierig“.

## Resonanzen
- Affekt / Klient / 4 / Wut über die Ohnmacht
- Körperempfindung / Fallgeber / 3 / Schwere in der Brust @A3
- Bild / Beziehung / 2 / eine verschlossene Tür #Spiegelphänomen
- Impuls / Leitung / 2 / das Schweigen beenden @Leitung

## Schlusswort
Ich bin ihrer Geduld müde, nicht ihrer.

## Notizen der Leitung
Zu lange laufen lassen.
"""

ENGLISH_CASE = """\
Title: Die Patientin, die nie klagt
Presenter: A1
Client: Frau, 54, chronische Rückenschmerzen
Relationship: doctor_patient
Field: Allgemeinmedizin
Institution: Landarztpraxis
Question: Warum graut mir vor ihren Terminen?
Kind: first

## Presentation
Sie kommt alle drei Wochen und lächelt.

## Group process
Die Gruppe fand sie schnell „schwierig“.

## Resonances
- affect / client / 4 / Wut über die Ohnmacht
- bodily / presenter / 3 / Schwere in der Brust @A3
- image / relationship / 2 / eine verschlossene Tür #mirroring
- impulse / leader / 2 / das Schweigen beenden @leader

## Closing statement
Ich bin ihrer Geduld müde, nicht ihrer.

## Leader's notes
Zu lange laufen lassen.
"""

EXPECTED = CaseNote(
    title="Die Patientin, die nie klagt",
    presenter="A1",
    client="Frau, 54, chronische Rückenschmerzen",
    relationship=Relationship.DOCTOR_PATIENT,
    field="Allgemeinmedizin",
    institution="Landarztpraxis",
    question="Warum graut mir vor ihren Terminen?",
    kind=PresentationKind.FIRST,
    account="Sie kommt alle drei Wochen und lächelt.",
    group_process="Die Gruppe fand sie schnell „schwierig“.",
    resonances=(
        ResonanceLine(ResonanceKind.AFFECT, ResonanceLevel.CLIENT, 4, "Wut über die Ohnmacht"),
        ResonanceLine(ResonanceKind.BODILY, ResonanceLevel.PRESENTER, 3, "Schwere in der Brust", "A3"),
        ResonanceLine(ResonanceKind.IMAGE, ResonanceLevel.RELATIONSHIP, 2, "eine verschlossene Tür", mirroring=True),
        ResonanceLine(ResonanceKind.IMPULSE, ResonanceLevel.LEADER, 2, "das Schweigen beenden", "leader"),
    ),
    closing="Ich bin ihrer Geduld müde, nicht ihrer.",
    leader_notes="Zu lange laufen lassen.",
)


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_german_and_an_english_template_of_the_same_case_are_the_same_record(language: str) -> None:
    i18n.set_language(language)
    assert parse_case(GERMAN_CASE) == EXPECTED
    assert parse_case(ENGLISH_CASE) == EXPECTED


def test_the_german_template_has_german_keys_and_sections() -> None:
    i18n.set_language("de")
    blank = blank_case_template(members=["A1", "A2"])
    for line in ("Titel:", "Fallgeber(in):", "Klient(in):", "Beziehung:", "Arbeitsfeld:", "Frage:"):
        assert f"\n{line}\n" in blank
    assert "\nArt: Fallvorstellung\n" in blank
    for section in ("Fallbericht", "Gruppenprozess", "Resonanzen", "Schlusswort", "Notizen der Leitung"):
        assert f"\n## {section}\n" in blank
    assert "# Mitglieder: A1, A2." in blank and "Title" not in blank
    follow_up = blank_case_template(follow_up=True, case_title="Die Patientin")
    assert "\nErgebnis:\n" in follow_up and "\n## Was sich verändert hat\n" in follow_up
    assert "# Nachbericht zum Fall 'Die Patientin'." in follow_up
    notes = blank_session_template()
    for section in ("Atmosphäre", "Gruppenprozess", "Meine Gegenübertragung", "Fragen für meine Supervision"):
        assert f"\n## {section}\n" in notes


def test_a_case_written_in_german_reads_back_in_either_language() -> None:
    i18n.set_language("de")
    written = render_case(EXPECTED)
    assert "- Affekt / Klient(in) / 4 / Wut über die Ohnmacht" in written
    assert "- Bild / Beziehung / 2 / eine verschlossene Tür #Spiegelphänomen" in written
    assert "@Leitung" in written and "Beziehung: Ärztin/Arzt und Patient(in)" in written
    assert parse_case(written) == EXPECTED
    i18n.set_language("en")
    assert parse_case(written) == EXPECTED
    assert parse_case(render_case(EXPECTED)) == EXPECTED


def test_a_follow_up_in_german() -> None:
    i18n.set_language("de")
    text = "Frage: Und jetzt?\nArt: Nachbericht\nErgebnis: entspannt\n\n## Was sich verändert hat\nSie lacht.\n"
    note = parse_case(text, follow_up=True)
    assert (note.kind, note.outcome, note.what_changed) == (PresentationKind.FOLLOW_UP, Outcome.EASED, "Sie lacht.")
    assert parse_case(render_case(note, follow_up=True), follow_up=True) == note


def test_session_notes_in_either_language() -> None:
    notes = SessionNotes(atmosphere="Schwer.", countertransference="Müde.", supervision_questions="Wie lange?")
    german = (
        "## Atmosphaere\nSchwer.\n\n## Meine Gegenübertragung\nMüde.\n\n## Fragen für meine Supervision\nWie lange?\n"
    )
    assert parse_session_notes(german) == notes
    i18n.set_language("de")
    assert parse_session_notes(render_session_notes(notes)) == notes
    english = (
        "## Atmosphere\nSchwer.\n\n## My countertransference\nMüde.\n\n## Questions for my supervision\nWie lange?\n"
    )
    assert parse_session_notes(english) == notes


def test_errors_name_the_line_in_the_users_language() -> None:
    i18n.set_language("de")
    text = "Titel: T\nFallgeber: A1\n\n## Resonanzen\n- Wut / Klient / 9 / zu viel\n"
    with pytest.raises(TemplateError) as info:
        parse_case(text)
    found = info.value.problems
    assert found[0].startswith("Zeile 5: unbekannter Wert 'Wut' für Art (erwartet wird eines von Affekt,")
    assert found[1] == "Zeile 5: die Intensität muss eine ganze Zahl von 1 bis 5 sein, nicht '9'"
    assert str(info.value) == f"{found[0]} (und 1 weiteres)"
    reopened = with_errors(text, found)
    assert reopened.startswith("# FEHLER — korrigieren und speichern, oder die Datei leeren, um abzubrechen:\n")
    assert "# Zeile 9: die Intensität" in reopened  # renumbered to the line in the reopened text
    with pytest.raises(TemplateError) as again:
        parse_case(reopened)
    assert again.value.problems == [line[2:] for line in reopened.split("\n")[1:3]]


def test_library_errors_speak_german(tmp_path: Path) -> None:
    i18n.set_language("de")
    journal, _code = Journal.create(tmp_path / "v.db", b"pw", today=dt.date(2026, 3, 14), test_kdf=True)
    with journal:
        journal.groups.add("süd", "Balintgruppe Süd", "continuous", dt.date(2026, 1, 8))
        with pytest.raises(NotFoundError) as info:
            journal.groups.get("sued-ost")
        assert str(info.value) == "es gibt keine Gruppe 'sued-ost' (Gruppen: süd)"
        with pytest.raises(NotFoundError) as missing:
            journal.cases.get(7)
        assert str(missing.value) == "es gibt keinen Fall #7"
