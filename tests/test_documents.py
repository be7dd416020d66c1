"""Members' identities sealed apart, the leader's profile, accreditations,
and the documents made from them: certificates (PDF text extracted),
session protocols, the CME list for the EIV; identities nowhere else."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest
from conftest import Cli

from balintlog import i18n
from balintlog.documents import numbers

PLANTED = "Zoë Ångström-Łukasiewicz"
TITLE = "Dr. med."
#: 80 276 090 123456 and its check digit, worked by hand with the Luhn formula:
#: from the right, every other digit doubled (6→12→3, 4→8, 2→4, 0, 0, 7→14→5, 0: 20),
#: the others added (5+3+1+9+6+2+8: 34); 54 needs 6 to reach 60.
EFN = "802760901234566"
VNR = "2760909000012345678"


def efn_with_check(body: str) -> str:
    return body + str(numbers.luhn_digit(body))


def block_day(cli: Cli) -> Cli:
    """Group nord, members M1-M4, one block day of 4 sessions: M1 at all,
    M2 at the first two, M3 at none, M4 at all."""
    cli.ok("group", "add", "nord", "--kind", "block", "--start", "2026-01-10", "--block-size", "4",
           "--name", "Balintgruppe Nord")
    for n in range(1, 5):
        cli.ok("member", "add", f"M{n}", "--profession", "physician")
    cli.ok("session", "start", "--block", "--present", "M1,M2,M4", "--place", "Haus am See")
    cli.ok("session", "next")
    cli.ok("session", "next")
    cli.ok("session", "attend", "--absent", "M2")
    cli.ok("session", "next")
    cli.ok("session", "next")
    return cli


def identities(cli: Cli) -> None:
    cli.ok("member", "identity", "nord", "M1", "--from", "-",
           input=f"Name: {PLANTED}\nTitel: {TITLE}\nEFN: {EFN}\nAnschrift: Lindenweg 3\n  12345 Musterstadt\n")
    cli.ok("member", "identity", "nord", "M2", "--from", "-", input="Name: Bernd Beispiel\n")
    cli.ok("leader", "profile", "--from", "-",
           input="Name: Lea Leitung\nTitle: Dr. med.\nRecognitions: Balintgruppenleiterin (DBG), anerkannt von der "
                 "Landesärztekammer\nSignature caption: Dr. med. Lea Leitung, Gruppenleitung\n")


def accredited(cli: Cli) -> None:
    cli.ok("accreditation", "set", "nord", "--block", "1", "--topic", "Balintgruppe Blocktag",
           "--vnr", VNR, "--chamber", "Bayerische Landesärztekammer", "--points", "8", "--place", "Tutzing")


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_efn_check_digit() -> None:
    assert numbers.luhn_digit("80276090123456") == 6
    assert numbers.luhn_digit("7992739871") == 3  # the textbook example of the Luhn formula
    assert numbers.check_efn("802 760 901 234 566") == EFN
    assert efn_with_check("80276001234567") == numbers.check_efn(efn_with_check("80276001234567"))
    with pytest.raises(numbers.UsageError, match="check digit"):
        numbers.check_efn("802760901234561")
    with pytest.raises(numbers.UsageError, match="15 digits"):
        numbers.check_efn("80276090123456")
    assert numbers.check_vnr(VNR) == VNR
    with pytest.raises(numbers.UsageError, match="19 digits"):
        numbers.check_vnr("27609090000123456")


def test_a_block_day_certificate_in_german(cli: Cli, tmp_path: Path) -> None:
    block_day(cli)
    identities(cli)
    accredited(cli)
    out = tmp_path / "m1.pdf"
    cli.ok("certificate", "nord", "M1", "--block", "1", "-o", str(out), "--lang", "de")
    from pypdf import PdfReader

    assert len(PdfReader(str(out)).pages) == 1
    text = pdf_text(out.read_bytes())
    assert "Teilnahmebescheinigung" in text
    assert PLANTED in text
    assert "26. November 2026" in text
    assert "4 DS" in text and "8 UE" in text
    assert VNR in text and EFN in text
    assert "Bayerische Landesärztekammer" in text
    assert out.stat().st_mode & 0o777 == 0o600


def documents_vault(cli: Cli) -> Cli:
    block_day(cli)
    identities(cli)
    accredited(cli)
    return cli


def test_an_english_certificate_and_markdown_and_html(cli: Cli) -> None:
    documents_vault(cli)
    text = cli.ok("certificate", "nord", "M1", "--block", "1", "--format", "markdown", "--lang", "en").stdout
    assert text.startswith("# Certificate of attendance")
    assert f"**{TITLE} {PLANTED}**" in text
    assert "| 26 Nov 2026 | 1 | 1 | in person |" in text
    assert "In total: 4 DS (double sessions of 90 min.) = 8 UE (units of 45 min.) = 6 hours." in text
    assert "CME points: 8, category C." in text
    assert f"VNR: `{VNR}`" in text and f"EFN: `{EFN}`" in text
    assert "Leader: Dr. med. Lea Leitung (Balintgruppenleiterin (DBG)" in text
    assert "Tutzing, 26 Nov 2026" in text
    page = cli.ok("certificate", "nord", "M1", "--block", "1", "--format", "html").stdout
    assert page.startswith("<!DOCTYPE html>") and "Ångström" in page and VNR in page


def test_points_for_part_of_a_block_day_are_pro_rata(cli: Cli) -> None:
    documents_vault(cli)
    text = cli.ok("certificate", "nord", "M2", "--block", "1", "--format", "markdown", "--lang", "de").stdout
    # M2 was at 2 of the 4 sessions: 2 DS, and half the day's 8 points.
    assert "Insgesamt: 2 DS (Doppelstunden zu 90 Min.) = 4 UE" in text
    assert "Fortbildungspunkte: 4, Kategorie C." in text
    assert "| 3 |" not in text


def test_a_period_without_accreditation_says_so(cli: Cli) -> None:
    block_day(cli)
    identities(cli)
    text = cli.ok("certificate", "nord", "M1", "--since", "2026-11-01", "--until", "2026-11-30",
                  "--format", "markdown", "--lang", "en").stdout
    assert "No accreditation by a medical chamber is recorded for this period" in text
    assert "VNR" not in text and "CME points:" not in text
    assert f"EFN: `{EFN}`" in text


def test_certificate_errors(cli: Cli, tmp_path: Path) -> None:
    block_day(cli)
    identities(cli)
    unknown = cli("certificate", "nord", "M9", "--block", "1", "--format", "markdown")
    assert unknown.exit_code == 4 and "no member 'M9'" in unknown.stderr
    absent = cli("certificate", "nord", "M3", "--block", "1", "--format", "markdown")
    assert absent.exit_code == 2 and "M3 attended no session of nord in this period" in absent.stderr
    nameless = cli("certificate", "nord", "M4", "--block", "1", "--format", "markdown")
    assert nameless.exit_code == 2
    assert "no identity is recorded for M4 of nord; record it with 'balintlog member identity nord M4'" in (
        nameless.stderr
    )
    no_block = cli("certificate", "nord", "M1", "--block", "7", "--format", "markdown")
    assert no_block.exit_code == 4 and "nord has no block day 7" in no_block.stderr
    both = cli("certificate", "nord", "M1", "--block", "1", "--since", "2026-11-01")
    assert both.exit_code == 2
    i18n.set_language("de")
    german = cli("certificate", "nord", "M3", "--block", "1")
    assert german.exit_code == 2 and "M3 war in diesem Zeitraum bei keiner Sitzung von nord anwesend" in german.stderr


def test_wrong_check_digits_and_bad_templates_are_refused(cli: Cli) -> None:
    block_day(cli)
    wrong = cli("member", "identity", "nord", "M1", "--from", "-", input="Name: A B\nEFN: 802760901234561\n")
    assert wrong.exit_code == 2
    assert "the EFN 802760901234561 has a wrong check digit (the last digit should be 6)" in wrong.stderr
    i18n.set_language("de")
    german = cli("member", "identity", "nord", "M1", "--from", "-", input="Name: A B\nEFN: 80276090123456\n")
    assert german.exit_code == 2 and "eine EFN hat 15 Ziffern" in german.stderr
    i18n.set_language("en")
    too_long = cli("member", "identity", "nord", "M1", "--from", "-", input="Name: " + "x" * 81 + "\n")
    assert too_long.exit_code == 2 and "Name is longer than 80 characters" in too_long.stderr
    unknown_key = cli("member", "identity", "nord", "M1", "--from", "-", input="Name: A\nPhone: 123\n")
    assert unknown_key.exit_code == 2 and "line 2: expected one of Name:, Title:, EFN:, Address:" in unknown_key.stderr
    no_name = cli("member", "identity", "nord", "M1", "--from", "-", input="Title: Dr.\n")
    assert no_name.exit_code == 2 and "Name is missing" in no_name.stderr
    bad_vnr = cli("accreditation", "set", "nord", "--block", "1", "--topic", "T", "--vnr", "12345",
                  "--chamber", "LÄK", "--points", "8")
    assert bad_vnr.exit_code == 2 and "a VNR has 19 digits" in bad_vnr.stderr
    # Nothing of it was written.
    assert "member identity" not in cli.ok("log").stdout
    assert "No accreditation is recorded yet." in cli.ok("accreditation", "list").stderr


def test_protocol_lists_names_codes_efns_and_times(cli: Cli) -> None:
    documents_vault(cli)
    text = cli.ok("protocol", "--block", "1", "--group", "nord", "--format", "markdown", "--lang", "de").stdout
    assert text.startswith("# Sitzungsprotokoll")
    assert "Balintgruppe „Balintgruppe Nord“" in text
    assert "Thema: Balintgruppe Blocktag" in text and "Ort: Tutzing" in text
    assert "| 1 | 26. November 2026 | 18:30 | 18:30 | 1 | in Präsenz |" in text
    assert f"| {TITLE} {PLANTED} | {EFN} | 1, 2, 3, 4 |  |" in text
    assert "| Bernd Beispiel |  | 1, 2 |  |" in text
    assert "| M4 |  | 1, 2, 3, 4 |  |" in text  # no identity: the code
    assert "M3" not in text
    assert "Leitung: Dr. med. Lea Leitung" in text
    one = cli.ok("protocol", "nord:3", "--format", "markdown").stdout
    assert "Bernd Beispiel" not in one and PLANTED in one


def test_cme_export_csv_and_json(cli: Cli, tmp_path: Path) -> None:
    documents_vault(cli)
    other = efn_with_check("80276090765432")
    cli.ok("member", "identity", "nord", "M4", "--from", "-", input=f"Name: Mia Muster\nEFN: {other}\n")
    result = cli.ok("cme", "export", "--block", "1", "--group", "nord")
    assert result.stdout.splitlines() == [
        "EFN;Datum;VNR",
        f"{EFN};2026-11-26;{VNR}",
        f"{other};2026-11-26;{VNR}",
    ]
    assert "No EFN recorded for M2" in result.stderr
    records = json.loads(cli.ok("cme", "export", "--session", "nord:1", "--format", "json").stdout)
    assert records == [
        {"efn": EFN, "vnr": VNR, "teilnahmedatum": "2026-11-26"},
        {"efn": other, "vnr": VNR, "teilnahmedatum": "2026-11-26"},
    ]
    out = tmp_path / "eiv.csv"
    cli.ok("cme", "export", "--since", "2026-11-01", "--until", "2026-11-30", "--group", "nord", "-o", str(out))
    assert out.read_text().count(VNR) == 2 and out.stat().st_mode & 0o777 == 0o600
    assert cli("cme", "export", "--group", "nord").exit_code == 2


def test_cme_export_without_accreditation_is_an_error(cli: Cli) -> None:
    block_day(cli)
    identities(cli)
    result = cli("cme", "export", "--block", "1", "--group", "nord")
    assert result.exit_code == 2
    assert "no accreditation is recorded for these sessions of nord; record it with" in result.stderr


def test_certificates_for_everyone_present(cli: Cli, tmp_path: Path) -> None:
    documents_vault(cli)
    out = tmp_path / "certs"
    result = cli.ok("certificate", "nord", "--all", "--block", "1", "-o", str(out))
    assert sorted(p.name for p in out.iterdir()) == ["certificate-nord-M1.pdf", "certificate-nord-M2.pdf"]
    assert "No certificate for M4: no identity is recorded for them." in result.stderr
    assert "Bernd Beispiel" in pdf_text((out / "certificate-nord-M2.pdf").read_bytes())


def test_barcodes_encode_the_numbers_they_show(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fpdf import FPDF

    documents_vault(cli)
    bars: list[list[tuple[float, float]]] = []
    drawn: list[str] = []
    original_code39 = FPDF.code39
    original_rect = FPDF.rect

    def code39(self: FPDF, text: str, *args: object, **kwargs: object) -> None:
        drawn.append(text)
        bars.append([])
        original_code39(self, text, *args, **kwargs)  # type: ignore[arg-type]
        bars[-1].append((-1.0, -1.0))  # end marker

    def rect(self: FPDF, x: float, y: float, w: float, h: float, *args: object, **kwargs: object) -> None:
        if bars and (not bars[-1] or bars[-1][-1] != (-1.0, -1.0)):
            bars[-1].append((x, w))
        original_rect(self, x, y, w, h, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(FPDF, "code39", code39)
    monkeypatch.setattr(FPDF, "rect", rect)
    cli.ok("certificate", "nord", "M1", "--block", "1", "-o", str(tmp_path / "c.pdf"))
    assert drawn == [f"*{VNR}*", f"*{EFN}*"]
    assert [decode_code39(b[:-1]) for b in bars] == [VNR, EFN]


#: Code 39 by the standard's table: per character 5 bars and 4 gaps, wide (1) or narrow (0).
CODE39 = {
    "0": "000110100", "1": "100100001", "2": "001100001", "3": "101100000", "4": "000110001",
    "5": "100110000", "6": "001110000", "7": "000100101", "8": "100100100", "9": "001100100",
    "*": "010010100",
}


def decode_code39(bars: list[tuple[float, float]]) -> str:
    """The text of drawn Code 39 bars (x, width): gaps from the bars' positions."""
    narrow = min(w for _x, w in bars)
    elements: list[str] = []
    for i, (x, w) in enumerate(bars):
        elements.append("1" if w > 2 * narrow else "0")
        if i % 5 < 4:  # the gap to the next bar of the same character
            gap = bars[i + 1][0] - (x + w)
            elements.append("1" if gap > 2 * narrow else "0")
    table = {v: k for k, v in CODE39.items()}
    chars = ["".join(elements[i : i + 9]) for i in range(0, len(elements), 9)]
    text = "".join(table[c] for c in chars)
    assert text.startswith("*") and text.endswith("*")
    return text[1:-1]


def _scanned(cli: Cli, *args: str) -> str:
    result = cli(*args)
    return result.stdout + result.stderr


def test_identities_appear_in_no_other_command_or_file(cli: Cli, tmp_path: Path) -> None:
    from conftest import vault_files

    documents_vault(cli)
    cli.ok("member", "identity", "nord", "M4", "--from", "-", input="Name: Mia Muster\n")
    cli.ok("member", "identity", "nord", "M4", "--from", "-", input="Name: Mia Muster-Neu\n")  # replaced
    refused = cli("member", "identity", "nord", "M3", "--from", "-", input=f"Name: {PLANTED}\nEFN: 802760901234561\n")
    assert refused.exit_code == 2  # and kept nowhere, not as a draft either
    secrets = (PLANTED, "Ångström", EFN, "Lindenweg", "Bernd Beispiel", "Mia Muster")
    outputs = [
        _scanned(cli, *args)
        for args in (
            ("group", "list"),
            ("group", "show", "nord"),
            ("group", "show", "nord", "--json"),
            ("member", "list", "nord"),
            ("member", "list", "nord", "--json"),
            ("session", "list", "--group", "nord"),
            ("session", "list", "--group", "nord", "--json"),
            ("session", "show", "nord:1"),
            ("case", "list"),
            ("search", "Ångström"),
            ("search", "Bernd"),
            ("search", EFN),
            ("report", "--year", "2026"),
            ("report", "--year", "2026", "--format", "markdown"),
            ("report", "--year", "2026", "--format", "html"),
            ("report", "--year", "2026", "--json"),
            ("log",),
            ("log", "--patch", "--limit", "100"),
            ("log", "--patch", "--json", "--limit", "100"),
            ("undo",),
            ("draft", "list"),
            ("verify",),
            ("accreditation", "list"),
            ("backup", str(tmp_path / "backups")),
        )
    ]
    for args, text in zip(range(len(outputs)), outputs, strict=True):
        for secret in secrets:
            assert secret not in text, (args, secret)
    assert "member identity" in outputs[16]  # the log names the change, not its content
    for path in [*vault_files(cli.vault), *(tmp_path / "backups").iterdir()]:
        data = path.read_bytes()
        for secret in secrets:
            assert secret.encode() not in data, (path, secret)
    db = sqlite3.connect(cli.vault)
    try:
        kept = db.execute(
            "SELECT count(*) FROM change_content WHERE table_name IN ('member_identity', 'identity_key')"
        ).fetchone()[0]
    finally:
        db.close()
    assert kept == 0  # the replaced identity of M4 left nothing behind


def test_clearing_an_identity_shreds_it(cli: Cli) -> None:
    documents_vault(cli)
    cleared = cli.ok("member", "identity", "nord", "M1", "--clear")
    assert "Removed the identity of M1; its key was destroyed." in cleared.stdout
    db = sqlite3.connect(cli.vault)
    try:
        counts = [db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("member_identity", "identity_key")]
    finally:
        db.close()
    assert counts == [1, 1]  # only M2's
    refused = cli("undo", "--yes")
    assert refused.exit_code == 5 and "cannot be put back" in refused.stderr
    gone = cli("certificate", "nord", "M1", "--block", "1", "--format", "markdown")
    assert gone.exit_code == 2 and "no identity is recorded for M1" in gone.stderr
    again = cli.ok("member", "identity", "nord", "M1", "--clear")
    assert "M1 has no identity recorded; nothing was changed." in again.stderr
    assert cli.ok("verify").stdout.startswith("OK")


def test_identities_survive_a_rekey_and_verify(cli: Cli) -> None:
    documents_vault(cli)
    assert cli.ok("verify").stdout.startswith("OK")
    cli.ok("rekey")
    assert cli.ok("verify").stdout.startswith("OK")
    text = cli.ok("certificate", "nord", "M1", "--block", "1", "--format", "markdown").stdout
    assert PLANTED in text


def test_undo_of_a_new_identity_removes_it_without_showing_it(cli: Cli) -> None:
    block_day(cli)
    cli.ok("member", "identity", "nord", "M1", "--from", "-", input=f"Name: {PLANTED}\n")
    undone = cli.ok("undo", "--yes")
    assert PLANTED not in undone.stdout + undone.stderr
    assert "Undid change" in undone.stdout
    db = sqlite3.connect(cli.vault)
    try:
        assert db.execute("SELECT count(*) FROM member_identity").fetchone()[0] == 0
    finally:
        db.close()
    assert cli.ok("verify").stdout.startswith("OK")


def test_leader_profile_and_accreditation_list(cli: Cli) -> None:
    block_day(cli)
    missing = cli("protocol", "nord:1", "--format", "markdown")
    assert missing.exit_code == 2
    assert "the leader's profile is not recorded yet; record it with 'balintlog leader profile'" in missing.stderr
    i18n.set_language("de")
    cli.ok("leader", "profile", "--from", "-",
           input="Name: Lea Leitung\nTitel: Dr.\nAnerkennungen: DBG\nAnschrift: Hof 1\nUnterschriftszeile: L. L.\n")
    i18n.set_language("en")
    accredited(cli)
    cli.ok("accreditation", "set", "nord", "--session", "nord:2", "--topic", "Extra", "--vnr", VNR[:-1] + "0",
           "--chamber", "ÄK Nordrhein", "--points", "2")
    listed = json.loads(cli.ok("accreditation", "list", "nord", "--json").stdout)
    assert listed["schema"] == "balintlog.accreditations/1"
    assert [(a["for"], a["vnr"], a["points"]) for a in listed["accreditations"]] in (
        [("block 1", VNR, 8), ("session nord:2", VNR[:-1] + "0", 2)],
        [("session nord:2", VNR[:-1] + "0", 2), ("block 1", VNR, 8)],
    )
    table = cli.ok("accreditation", "list", env={"COLUMNS": "160"}).stdout
    assert "block day" in table and "Extra" in table and "Group" in table
    cli.ok("member", "identity", "nord", "M1", "--from", "-", input=f"Name: {PLANTED}\n")
    text = cli.ok("certificate", "nord", "M1", "--block", "1", "--format", "markdown").stdout
    # Session 2 has its own accreditation (2 points); the block day's 8 count for 3 of its 4 sessions (6): 8.
    assert "CME points: 8, category C." in text
    assert VNR in text and VNR[:-1] + "0" in text
    assert "Leader: Dr. Lea Leitung (DBG)" in text and "L. L." in text


def test_an_identity_through_the_editor_opens_on_the_recorded_one(cli: Cli, tmp_path: Path) -> None:
    from test_editor import fake_editor, seen

    block_day(cli)
    cli.ok("member", "identity", "nord", "M1", "--from", "-", input=f"Name: {PLANTED}\nEFN: {EFN}\n")
    cli.interactive = True
    visual, plan = fake_editor(tmp_path, {"action": "replace", "old": PLANTED, "new": "Zoë Neu"})
    cli.ok("member", "identity", "nord", "M1", env={"VISUAL": visual})
    shown = seen(plan, 0)
    assert f"Name: {PLANTED}" in shown and f"EFN: {EFN}" in shown and "Title:" in shown
    visual, plan = fake_editor(tmp_path, {"action": "keep"})
    unchanged = cli("member", "identity", "nord", "M1", env={"VISUAL": visual})
    assert unchanged.exit_code == 1 and "left unchanged" in unchanged.stderr
    cli.ok("leader", "profile", "--from", "-", input="Name: L\n")
    text = cli.ok("certificate", "nord", "M1", "--block", "1", "--format", "markdown").stdout
    assert "**Zoë Neu**" in text and PLANTED not in text


def test_a_tampered_identity_key_is_named_and_touches_nothing_else(cli: Cli) -> None:
    documents_vault(cli)
    db = sqlite3.connect(cli.vault)
    try:
        row_id, wrapped = db.execute("SELECT id, wrapped_key FROM identity_key LIMIT 1").fetchone()
        flipped = bytes([wrapped[0] ^ 1]) + wrapped[1:]
        db.execute("UPDATE identity_key SET wrapped_key = ? WHERE id = ?", (flipped, row_id))
        db.commit()
    finally:
        db.close()
    assert cli("verify").exit_code == 6
    assert cli("certificate", "nord", "M1", "--block", "1", "--format", "markdown").exit_code == 6
    assert "M1" in cli.ok("member", "list", "nord").stdout  # the pseudonyms never need the identities' keys


def test_a_protocol_pdf_and_its_default_file_name(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    documents_vault(cli)
    monkeypatch.chdir(tmp_path)
    result = cli.ok("protocol", "nord:2", "--lang", "de")
    written = tmp_path / "protocol-nord-2.pdf"
    assert "protocol-nord-2.pdf" in result.stderr and written.stat().st_mode & 0o777 == 0o600
    text = pdf_text(written.read_bytes())
    assert "Sitzungsprotokoll" in text and PLANTED in text and EFN in text and "Bernd Beispiel" in text
    assert "Teilnehmer(in) EFN Sitzungen Unterschrift" in text and "Tutzing" in text
