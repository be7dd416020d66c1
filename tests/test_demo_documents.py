"""The demo's block seminar has what its documents need (issue 18): after
``balintlog demo`` in German, one command per document gives every member's
certificate, the chamber's session protocol and the EIV list of the first
block day, correct to the session — and the invented identities still appear
nowhere else."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, make_cli
from pypdf import PdfReader

from balintlog import i18n
from balintlog.demo import DEMO_PASSPHRASE, script_de
from balintlog.documents.numbers import check_efn, check_vnr
from balintlog.journal import Journal
from balintlog.journal.documents import Period

GERMAN = {"BALINTLOG_LANG": "de"}
OPEN = {**GERMAN, "BALINTLOG_PASSPHRASE_COMMAND": f"echo {DEMO_PASSPHRASE}"}
DOCS = script_de.DOCUMENTS
GROUP = script_de.MIXED.handle


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    home = tmp_path_factory.mktemp("demo-docs-home")
    (home / "run").mkdir(mode=0o700)
    cli = make_cli(home)
    cli.env = {"HOME": str(home), "XDG_RUNTIME_DIR": str(home / "run"), "BALINTLOG_DATA_DIR": str(home / "data")}
    return cli


@pytest.fixture(scope="module")
def first_run(runner: Cli) -> Any:
    i18n.set_language("de")
    try:
        return runner.ok("demo", env=GERMAN)
    finally:
        i18n.set_language("en")


@pytest.fixture(scope="module")
def demo(runner: Cli, first_run: Any) -> Path:
    return Path(runner.env["BALINTLOG_DATA_DIR"]) / "demo.db"


@pytest.fixture(scope="module")
def block_one(runner: Cli, demo: Path) -> dict[str, int]:
    """Who attended block day 1, and how many of its sessions (each a DS)."""
    with Journal.unlock(demo, DEMO_PASSPHRASE.encode, today=runner.today) as journal:
        protocol = journal.documents.protocol(GROUP, Period(block=1), issued=runner.today)
        assert len(protocol.sittings) == 4 and all(s.minutes == 90 for s in protocol.sittings)
    return {p.code: len(p.attended) for p in protocol.participants}


def test_the_script_numbers_are_valid_and_only_physicians_have_an_efn() -> None:
    professions = {m.code: m.profession for m in script_de.MIXED.members}
    assert set(DOCS.identities) == set(professions)
    for code, identity in DOCS.identities.items():
        assert bool(identity.efn) == (professions[code] == "physician"), code
        if identity.efn:
            assert identity.efn.startswith("80276") and check_efn(identity.efn) == identity.efn
    assert any(p == "physician" for p in professions.values())
    assert all(check_vnr(v) == v for v in DOCS.vnrs) and len(DOCS.vnrs) == 4
    names = [i.name for i in DOCS.identities.values()]
    assert any(set(n) & set("äöüÄÖÜß") for n in names)
    assert any(any(ord(ch) > 0xFF for ch in n) for n in names)  # beyond Latin-1


def test_the_closing_text_shows_the_certificate_command(first_run: Any, demo: Path) -> None:
    assert f"balintlog --vault {demo} certificate {GROUP} --all --block 1 -o bescheinigungen/" in first_run.stdout


def test_one_certificate_per_member_present(runner: Cli, demo: Path, block_one: dict[str, int], tmp_path: Path) -> None:
    out = tmp_path / "bescheinigungen"
    done = runner.ok(
        "--vault", str(demo), "certificate", GROUP, "--all", "--block", "1", "-o", str(out), "--lang", "de", env=OPEN
    )
    assert "No certificate" not in done.stderr  # everyone present has an identity
    made = sorted(p.name for p in out.iterdir())
    assert made == sorted(f"certificate-{GROUP}-{code}.pdf" for code in block_one)
    assert len(made) >= 6
    for code, sessions in block_one.items():
        text = "\n".join(page.extract_text() for page in PdfReader(out / f"certificate-{GROUP}-{code}.pdf").pages)
        flat = " ".join(text.split())
        identity = DOCS.identities[code]
        assert identity.name in flat, (code, flat)
        assert f"Insgesamt: {sessions} DS" in flat, (code, flat)
        assert DOCS.vnrs[0] in flat and DOCS.chamber in flat
        assert "Musterleitner" in flat


def test_the_protocol_lists_the_names(runner: Cli, demo: Path, block_one: dict[str, int]) -> None:
    shown = runner.ok(
        "--vault",
        str(demo),
        "protocol",
        "--block",
        "1",
        "--group",
        GROUP,
        "--format",
        "markdown",
        "--lang",
        "de",
        env=OPEN,
    ).stdout
    for code in block_one:
        assert DOCS.identities[code].name in shown
    absent = set(DOCS.identities) - set(block_one)
    for code in absent:
        assert DOCS.identities[code].name not in shown
    assert DOCS.topic in shown and DOCS.place in shown


def test_the_cme_list_has_the_physicians_efns(runner: Cli, demo: Path, block_one: dict[str, int]) -> None:
    result = runner.ok("--vault", str(demo), "cme", "export", "--block", "1", "--group", GROUP, env=OPEN)
    rows = result.stdout.splitlines()
    assert rows[0] == "EFN;Datum;VNR"
    efns = {row.split(";")[0] for row in rows[1:]}
    expected = {DOCS.identities[code].efn for code in block_one if DOCS.identities[code].efn}
    assert expected and efns == expected
    assert all(row.endswith(";" + DOCS.vnrs[0]) for row in rows[1:])
    without = [code for code in block_one if not DOCS.identities[code].efn]
    assert all(code in result.stderr for code in without)


def test_the_identities_appear_nowhere_else(runner: Cli, demo: Path) -> None:
    outputs = [
        runner.ok("--vault", str(demo), *args, env=OPEN)
        for args in (
            ("report",),
            ("report", "--json"),
            ("case", "list"),
            ("search", "Blocktag"),
            ("search", "Fall"),
            ("member", "list", GROUP),
            ("log",),
        )
    ]
    secrets = [DOCS.leader.name, *(i.name for i in DOCS.identities.values())]
    secrets += [i.efn for i in DOCS.identities.values() if i.efn]
    for result in outputs:
        for secret in secrets:
            assert secret not in result.stdout and secret not in result.stderr
    assert b"Musterfrau" not in demo.read_bytes()  # sealed, not plaintext


def test_the_english_demo_makes_the_documents_too(tmp_path: Path) -> None:
    """In English the block seminar has no physician: certificates and the
    protocol name everyone present, the CME list has no EFN and says why."""
    from balintlog.demo import build_demo, script_en

    cli = make_cli(tmp_path)
    path = tmp_path / "demo-en.db"
    build_demo(path, today=cli.today).close()
    env = {"BALINTLOG_PASSPHRASE_COMMAND": f"echo {DEMO_PASSPHRASE}"}
    group = script_en.MIXED.handle
    out = tmp_path / "certificates"
    cli.ok("--vault", str(path), "certificate", group, "--all", "--block", "2", "-o", str(out), env=env)
    assert len(list(out.iterdir())) >= 6
    first = sorted(out.iterdir())[0]
    flat = " ".join(PdfReader(first).pages[0].extract_text().split())
    assert "Certificate of attendance" in flat and script_en.DOCUMENTS.vnrs[1] in flat
    protocol = cli.ok(
        "--vault", str(path), "protocol", "--block", "2", "--group", group, "--format", "markdown", env=env
    ).stdout
    assert "Musterleitner" in protocol and script_en.DOCUMENTS.topic in protocol
    cme = cli.ok("--vault", str(path), "cme", "export", "--block", "2", "--group", group, env=env)
    assert cme.stdout == "EFN;Datum;VNR\n" and "No EFN recorded" in cme.stderr
    assert not any(identity.efn for identity in script_en.DOCUMENTS.identities.values())
