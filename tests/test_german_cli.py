"""The command line in German: every command's help, a block day recorded
from the terminal, and the errors — with no English sentence of the
interface leaking through (the user's own text and the identifiers one
types, such as option names and enumeration values, aside).

What counts as English is read from the catalogue itself: every English
message (msgid) of the ``de`` catalogue whose German differs, cut at its
placeholders and quoted commands into pieces; a piece of three or more
words must not appear verbatim in German output.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import Cli, german_translations

from balintlog import i18n

GERMAN = {"BALINTLOG_LANG": "de"}

#: Placeholders, quoted commands ('balintlog session start'), options,
#: metavars and paths: what a message keeps in every language.
_KEPT = re.compile(r"\{[^{}]*\}|'[^']*'|--?[a-z][\w-]*|\b[A-Z][A-Z_:]+\b|\S+\.(?:md|db|bldb)\b|%\(?\w*\)?[sd]")
_WORD = re.compile(r"[A-Za-z][a-z]+(?:'[a-z]+)?")


def english_pieces() -> set[str]:
    """The English catalogue's sentences (and the parts of them between
    placeholders) of three words or more whose German differs."""
    pieces: set[str] = set()
    for english, strings in german_translations():
        if english in strings:
            continue
        for piece in _KEPT.split(english):
            piece = piece.strip(" .,;:()·–-\n")
            if len(_WORD.findall(piece)) >= 3:
                pieces.add(piece)
    return pieces


ENGLISH = english_pieces()


def assert_no_english(text: str, where: str) -> None:
    leaked = sorted(piece for piece in ENGLISH if piece in text)
    assert not leaked, f"English UI text in {where}: {leaked}\n---\n{text}"


def test_the_check_knows_english_when_it_sees_it() -> None:
    assert "Show this message and exit" in ENGLISH
    assert "Interrupted; nothing was changed by the unfinished command" in ENGLISH
    with pytest.raises(AssertionError):
        assert_no_english("Usage: x\n  --help  Show this message and exit.", "a sample")
    assert_no_english("Aufruf: x\n  --help  Diese Hilfe zeigen und beenden.", "a sample")


# -- every command's help --------------------------------------------------------------

#: Run in a process of its own: the help texts are translated when the
#: command line is built, so the language must be chosen before it loads.
_HELP_WALK = """
import json, sys
import typer.main
from typer.testing import CliRunner
from balintlog.cli import app

root = typer.main.get_command(app)
found = {}

def walk(command, path):
    result = CliRunner().invoke(app, [*path, "--help"])
    found[" ".join(["balintlog", *path])] = [result.exit_code, result.stdout]
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        if not sub.hidden:
            walk(sub, [*path, name])

walk(root, [])
json.dump(found, sys.stdout)
"""


def test_every_commands_help_is_german() -> None:
    env = {**_clean_env(), **GERMAN}
    done = subprocess.run(
        [sys.executable, "-c", _HELP_WALK], capture_output=True, text=True, env=env, check=True, timeout=120
    )
    helps: dict[str, list[object]] = json.loads(done.stdout)
    assert len(helps) > 50, sorted(helps)
    for path, (code, text) in helps.items():
        assert code == 0, (path, text)
        assert isinstance(text, str)
        assert text.startswith("Aufruf: "), (path, text)
        assert "Diese Hilfe zeigen und beenden." in text
        assert_no_english(text, f"'{path} --help'")
    assert "Befehle:" in helps["balintlog"][1]
    assert "Optionen:" in helps["balintlog case add"][1]
    assert "Blocktag" in helps["balintlog session start"][1]


def _clean_env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith(("BALINTLOG_", "LC_", "LANG"))}


# -- a German block day ------------------------------------------------------------------

CASE = """\
Titel: Die Mutter, die nicht loslässt
Fallgeber(in): S2
Klient(in): Mutter, 41, zwei Kinder in Obhut
Beziehung: Sozialarbeiter(in) und Klient(in)
Arbeitsfeld: Jugendamt
Institution: ASD Nord
Frage: Warum werde ich in ihrer Gegenwart so streng?
Art: Fallvorstellung

## Fallbericht
Sie ruft täglich an und fragt nach den Kindern.

## Gruppenprozess
Die Gruppe spaltete sich in Retter und Richter.

## Resonanzen
- Affekt / Klient / 4 / Verzweiflung hinter der Wut
- Körperempfindung / Fallgeber / 3 / ein Kloß im Hals @S3
- Bild / Beziehung / 2 / zwei Türen, die gleichzeitig zufallen #Spiegelphänomen

## Schlusswort
Ich darf ihr die Sorge lassen.

## Notizen der Leitung
Die Spaltung früher ansprechen.
"""

FOLLOW_UP = """\
Art: Nachbericht
Ergebnis: entspannt

## Fallbericht
Sie ruft nur noch einmal pro Woche an.

## Resonanzen
- Affekt / Fallgeber / 2 / Erleichterung

## Was sich verändert hat
Ich kann freundlich bleiben, ohne nachzugeben.
"""


def test_a_german_block_day_shows_no_english(cli: Cli) -> None:
    i18n.set_language("de")
    cli.env.update(GERMAN)
    shown: list[tuple[str, str]] = []

    def run(*args: str, input: str | None = None) -> str:
        result = cli.ok(*args, input=input)
        shown.append((" ".join(args), result.stdout + result.stderr))
        return result.stdout + result.stderr

    run(
        "group", "add", "süd", "--name", "Blockveranstaltung Süd", "--kind", "block",
        "--institution", "Fortbildungsinstitut", "--start", "1.3.2026",
    )  # fmt: skip
    for code, profession in (("S1", "Sozialarbeiterin"), ("S2", "Sozialarbeiter"), ("S3", "psychologist")):
        run("member", "add", "süd", code, "--profession", profession, "--joined", "1.3.2026")
    started = run("session", "start", "--group", "süd", "--block", "--date", "14.11.2026", "--present", "S1,S2,S3")
    assert "Blocktag 1, Sitzung 1 von 4" in started
    assert "Case #" not in run("case", "add", "--from", "-", input=CASE)
    added = run(
        "resonance", "add", "1", "--kind", "image", "--level", "group", input="Ein Karussell, das nicht anhält\n"
    )
    assert "(Bild / Gruppe / 3, von Gruppe)" in added
    run("session", "next", "--group", "süd")
    followed = run("case", "follow-up", "1", "--from", "-", input=FOLLOW_UP)
    assert "Nachbericht zu Fall #1" in followed
    ended = run("session", "end", "--group", "süd")
    assert "bleiben geplant" in ended
    run("session", "list")
    run("session", "show", "süd:1")
    listed = run("case", "list")
    assert "Fallgeber(in)" in listed and "nachbesprochen" in listed and "14.11.2026" in listed
    history = run("case", "show", "1")
    assert "vorgestellt von S2" in history and "Sozialarbeiter" in history
    run("group", "show", "süd")
    run("member", "list", "süd")
    run("search", "schuler")
    run("draft", "list")
    run("log", "--limit", "3")
    for fmt in ("terminal", "markdown", "html", "json"):
        run("report", "--year", "2026", "--format", fmt)
    report = run("report", "--year", "2026", "--format", "markdown")
    assert "Die Mutter, die nicht loslässt" in report
    for command, output in shown:
        assert_no_english(output, f"'balintlog {command}'")


# -- errors ------------------------------------------------------------------------------


def test_errors_are_german(cli: Cli) -> None:
    i18n.set_language("de")
    cli.env.update(GERMAN)
    missing = cli("case", "show")
    assert missing.exit_code == 2
    assert "Aufruf: balintlog case show [OPTIONEN]" in missing.stderr
    assert "Fehler: Argument 'case' fehlt." in missing.stderr
    bogus = cli("case", "list", "--bogus")
    assert bogus.exit_code == 2 and "Fehler: Diese Option gibt es nicht: --bogus" in bogus.stderr
    bad = cli("group", "add", "nord", "--length", "neunzig")
    assert bad.exit_code == 2 and "Ungültiger Wert für '--length'" in bad.stderr
    unknown = cli("group", "add", "nord", "--kind", "monatlich")
    assert unknown.exit_code == 2 and "Fehler:" in unknown.stderr
    extra = cli("case", "show", "1", "2")
    assert extra.exit_code == 2 and "Unerwartete zusätzliche Argumente (2)" in extra.stderr
    choice = cli("report", "--format", "pdf")
    assert choice.exit_code == 2 and "'pdf' ist keiner der Werte 'terminal'" in choice.stderr
    too_strong = cli("resonance", "add", "1", "--kind", "affect", "--level", "client", "--intensity", "9")
    assert too_strong.exit_code == 2 and "Erwartet wird höchstens 5" in too_strong.stderr
    no_value = cli("report", "--output")
    assert no_value.exit_code == 2 and "Option '--output' braucht einen Wert." in no_value.stderr
    no_command = cli("gruppe")
    assert no_command.exit_code == 2 and "Einen Befehl 'gruppe' gibt es nicht." in no_command.stderr
    for result in (missing, bogus, bad, unknown, extra, choice, too_strong, no_value, no_command):
        assert_no_english(result.stderr, "an error")


def test_confirmations_take_ja_in_german_and_yes_always(cli: Cli) -> None:
    i18n.set_language("de")
    cli.env.update(GERMAN)
    cli.ok("group", "add", "nord", "--start", "1.10.2026")
    cli.ok("member", "add", "nord", "A1", "--profession", "Ärztin")
    for day in ("2.11.2026", "9.11.2026", "16.11.2026"):
        cli.ok("session", "start", "--group", "nord", "--date", day)
        cli.ok("session", "end", "--group", "nord")
    cli.interactive = True
    declined = cli("session", "delete", "nord:3", input="nein\n")
    assert declined.exit_code == 1 and "Nichts wurde geändert." in declined.stderr
    assert "[j/N]" in declined.stdout + declined.stderr
    cli.ok("session", "delete", "nord:3", input="ja\n")
    cli.ok("session", "delete", "nord:2", input="j\n")
    asked_again = cli.ok("session", "delete", "nord:1", input="vielleicht\nyes\n")
    assert "Fehler: ungültige Eingabe" in asked_again.stdout + asked_again.stderr
    assert "Noch keine Sitzungen" in cli.ok("session", "list").stderr
