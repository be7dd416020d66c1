"""Members' identities sealed apart, the leader's profile, accreditations,
and the documents made from them: certificates (PDF text extracted),
session protocols, the CME list for the EIV; identities nowhere else."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import Cli

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
    cli.ok("session", "attend", "--absent", "M2")
    cli.ok("session", "next")
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
