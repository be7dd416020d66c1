"""Reliability harnesses: they try hard to make balintlog lose or corrupt an
entry, and print figures.

    python benchmarks/reliability.py fuzz --examples 10000
    python benchmarks/reliability.py disk-full --trials 200
    python benchmarks/reliability.py concurrency --writers 2 --cases 100
    python benchmarks/reliability.py interrupt --trials 100
    python benchmarks/reliability.py crash-loop --kills 1000

Every harness is also a function (``fuzz``, ``disk_full``, ``concurrency``,
``interrupt``, ``crash_loop``) that returns its figures and raises
:class:`HarnessFailure` on the first broken promise; ``tests/test_reliability.py``
runs short versions of each. Vaults use the insecure test KDF and live in a
temporary directory (``--keep DIR`` to keep them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from balintlog.journal import Journal

PASSPHRASE = "reliability harness passphrase"
SCRIPT = Path(__file__).resolve()


class HarnessFailure(AssertionError):
    """A promise was broken: what, and where to look."""



# -- vaults and balintlog processes ---------------------------------------------------------------------

TEST_KDF_WARNING = "warning: this vault uses the insecure test KDF"


@dataclass(frozen=True)
class Vault:
    """A test-KDF vault and the file its passphrase command reads."""

    path: Path
    passphrase_file: Path

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of a balintlog process on this vault (no other
        BALINTLOG_ variable leaks in from ours)."""
        base = {k: v for k, v in os.environ.items() if not k.startswith("BALINTLOG_")}
        return {
            **base,
            "BALINTLOG_VAULT": str(self.path),
            "BALINTLOG_PASSPHRASE_COMMAND": f"cat {self.passphrase_file}",
            "BALINTLOG_NEW_PASSPHRASE_COMMAND": f"cat {self.passphrase_file}",
            **extra,
        }

    def run(
        self,
        *args: str,
        input: str | None = None,
        env: dict[str, str] | None = None,
        preexec_fn: Callable[[], None] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """``python -m balintlog ARGS`` on this vault, as a user runs it."""
        return subprocess.run(
            [sys.executable, "-m", "balintlog", *args],
            input=input,
            capture_output=True,
            text=True,
            env=self.env(**(env or {})),
            preexec_fn=preexec_fn,
            timeout=300,
            check=False,
        )

    def popen(self, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "balintlog", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=self.env(**(env or {})),
        )

    @contextmanager
    def journal(self) -> Iterator[Journal]:
        from balintlog.journal import Journal

        journal = Journal.unlock(self.path, lambda: PASSPHRASE.encode(), today=dt.date.today())
        with journal:
            yield journal

    def verify(self) -> None:
        """The vault opens and every field verifies, or HarnessFailure."""
        with self.journal() as journal:
            result = journal.verify()
        if not result.ok:
            raise HarnessFailure(f"{self.path}: verify failed: {'; '.join(result.failures)}")

    def fingerprint(self) -> str:
        """A digest of every row of every table (ciphertext included): equal
        before and after a command exactly when it changed nothing."""
        import hashlib

        digest = hashlib.sha256()
        db = sqlite3.connect(self.path)
        try:
            names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
            for name in names:
                rows = sorted(repr(row) for row in db.execute(f'SELECT * FROM "{name}"'))
                digest.update(f"{name}:{len(rows)}:".encode())
                for row in rows:
                    digest.update(row.encode())
        finally:
            db.close()
        return digest.hexdigest()


def new_vault(directory: Path, name: str = "journal.db") -> Vault:
    """A fresh test-KDF vault in ``directory`` (made in-process: fast)."""
    from balintlog.journal import Journal

    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    secret = directory / f"{name}.passphrase"
    secret.write_text(PASSPHRASE + "\n")
    secret.chmod(0o600)
    path = directory / "vault" / name
    journal, _code = Journal.create(path, PASSPHRASE.encode(), today=dt.date.today(), test_kdf=True)
    journal.close()
    return Vault(path, secret)


def error_lines(stderr: str) -> list[str]:
    """What a command said on stderr, without the test-KDF warning."""
    return [line for line in stderr.splitlines() if line.strip() and not line.startswith(TEST_KDF_WARNING)]


def expect_one_line_error(done: subprocess.CompletedProcess[str], what: str) -> str:
    """The single ``Error: …`` line of a failed command, or HarnessFailure."""
    lines = error_lines(done.stderr)
    if "Traceback" in done.stderr or len(lines) != 1 or not lines[0].startswith(("Error: ", "Interrupted")):
        raise HarnessFailure(f"{what}: expected a one-line error, got exit {done.returncode}:\n{done.stderr}")
    return lines[0]


@contextmanager
def temporary_directory(keep: Path | None) -> Iterator[Path]:
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep
        return
    with tempfile.TemporaryDirectory(prefix="balintlog-reliability-") as name:
        yield Path(name)


def balintlog_in_process(vault: Vault, *args: str, input: str | None = None) -> str:
    """Run a command through the real CLI in this process (for setting up a
    vault quickly); its stdout, or HarnessFailure."""
    from typer.testing import CliRunner

    from balintlog.cli import app

    env = {k: v for k, v in vault.env().items() if k.startswith("BALINTLOG_")}
    result = CliRunner().invoke(app, list(args), input=input, env=env)
    if result.exit_code != 0:
        raise HarnessFailure(f"{' '.join(args)} exited {result.exit_code}: {result.stderr.strip()}")
    return result.stdout


@dataclass(frozen=True)
class WriteCommand:
    """A command that writes to the vault, and how to see that it did."""

    name: str
    args: tuple[str, ...]
    input: str | None = None
    #: Whether its effect is in the vault (None: any change will do).
    took_effect: Callable[[Vault], bool] | None = None


def _group_add(i: int) -> WriteCommand:
    handle = f"g{i}"

    def present(vault: Vault) -> bool:
        with vault.journal() as journal:
            return any(g.handle == handle for g in journal.groups())

    return WriteCommand("group add", ("group", "add", handle, "--name", f"Group {i} " + "x" * 200), None, present)


def _member_add(i: int) -> WriteCommand:
    code = f"M{i}"

    def present(vault: Vault) -> bool:
        with vault.journal() as journal:
            return any(m.code == code for m in journal.members(SETUP_GROUP))

    return WriteCommand(
        "member add", ("member", "add", SETUP_GROUP, code, "--profession", "judge", "--field", "family court"),
        None, present,
    )  # fmt: skip


def _passwd(_i: int) -> WriteCommand:
    return WriteCommand("passwd", ("passwd",))


SETUP_GROUP = "nord"


def setup_group(vault: Vault, members: int = 3) -> None:
    """A group with members and an open session, for the capture commands."""
    balintlog_in_process(vault, "group", "add", SETUP_GROUP, "--name", "Balint group North")
    for n in range(1, members + 1):
        balintlog_in_process(vault, "member", "add", SETUP_GROUP, f"M{n}", "--profession", "physician")
    balintlog_in_process(vault, "session", "start", "--group", SETUP_GROUP, "--present", "M1,M2")


WRITE_COMMANDS: dict[str, Callable[[int], WriteCommand]] = {
    "group add": _group_add,
    "member add": _member_add,
    "passwd": _passwd,
}


# -- disk full --------------------------------------------------------------------------------------------


def file_size_limit(limit: int) -> Callable[[], None]:
    """A preexec_fn: no file may grow beyond ``limit`` bytes, and going
    beyond is an EFBIG error instead of SIGXFSZ killing the process."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@dataclass
class DiskFullFigures:
    trials: int = 0
    completed: int = 0
    refused: int = 0
    messages: Counter[str] = field(default_factory=Counter)

    def line(self) -> str:
        return f"disk-full trials: {self.trials}, completed: {self.completed}, refused cleanly: {self.refused}"


def disk_full_trial(vault: Vault, command: WriteCommand, limit: int, figures: DiskFullFigures) -> None:
    """Run ``command`` with no file allowed beyond ``limit`` bytes. It either
    completes (and its effect is there) or fails with one line, a non-zero
    exit and the vault unchanged; the vault verifies either way."""
    before = vault.fingerprint()
    done = vault.run(*command.args, input=command.input, preexec_fn=file_size_limit(limit))
    what = f"{command.name} under a {limit}-byte file size limit"
    after = vault.fingerprint()
    vault.verify()
    figures.trials += 1
    if done.returncode == 0:
        if after == before or (command.took_effect is not None and not command.took_effect(vault)):
            raise HarnessFailure(f"{what}: exit 0 but its change is not in the vault")
        figures.completed += 1
        return
    message = expect_one_line_error(done, what)
    if after != before:
        raise HarnessFailure(f"{what}: failed ({message}) but the vault changed")
    if "disk full" not in message:
        raise HarnessFailure(f"{what}: the error does not say the disk is full: {message}")
    figures.refused += 1
    figures.messages[message] += 1


def init_under_limit(directory: Path, limit: int, figures: DiskFullFigures) -> None:
    """``init`` under a file size limit: a verifying vault, or a one-line
    error and no vault file left behind (so that 'init' can be run again)."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    vault = Vault(directory / "vault" / "journal.db", directory / "init.passphrase")
    vault.passphrase_file.write_text(PASSPHRASE + "\n")
    done = vault.run("init", "--insecure-test-kdf", preexec_fn=file_size_limit(limit))
    figures.trials += 1
    what = f"init under a {limit}-byte file size limit"
    if done.returncode == 0:
        vault.verify()
        figures.completed += 1
    else:
        message = expect_one_line_error(done, what)
        left = sorted(p.name for p in vault.path.parent.glob(vault.path.name + "*"))
        if left:
            raise HarnessFailure(f"{what}: failed ({message}) but left {left} behind")
        figures.refused += 1
        figures.messages[message] += 1
    for leftover in vault.path.parent.glob(vault.path.name + "*"):
        leftover.unlink()


def vault_size(vault: Vault) -> int:
    return sum(p.stat().st_size for p in vault.path.parent.glob(vault.path.name + "*"))


def disk_full(
    trials: int, workdir: Path, *, seed: int | None = None, report: Callable[[str], None] = print
) -> DiskFullFigures:
    """``trials`` write commands, each under a random file size limit from
    nothing to a little more than the vault needs; one in ten is an ``init``."""
    rng = random.Random(seed)
    vault = new_vault(workdir / "disk-full")
    setup_group(vault)
    figures = DiskFullFigures()
    for i in range(trials):
        if i % 10 == 9:
            init_under_limit(workdir / "disk-full-init", rng.randint(0, 300 * 1024), figures)
            continue
        command = WRITE_COMMANDS[rng.choice(sorted(WRITE_COMMANDS))](i)
        disk_full_trial(vault, command, rng.randint(0, vault_size(vault) + 96 * 1024), figures)
    report(figures.line())
    for message, count in figures.messages.most_common():
        report(f"  {count} x {message}")
    return figures

# -- fuzzing --------------------------------------------------------------------------------------------


def _fuzz_properties(tick: Callable[[], None]) -> dict[str, Callable[..., None]]:
    """The fuzzed properties, each a Hypothesis test (without settings) that
    calls ``tick`` once per example."""
    from hypothesis import assume, example, given
    from hypothesis import strategies as st

    from balintlog import dates, vault
    from balintlog.errors import UsageError

    date_tokens = st.sampled_from(
        [
            "today", "yesterday", "tomorrow", "ago", "days", "day", "weeks", "a", "last", "friday", "fri",
            "March", "Mar", "14th", "of", "2026", "26", "0", "00", "9999", "10000", "99999999999999999999",
            "-", "/", ".", ",", " ", "  ", "\t", "T", "Z", "+01:00", "am", "pm", "12:30", "29", "31", "2",
            "Feb", "février", "٣", "1e9", "Sat", "sunday", "noon", "next", "\x00",
        ]
    )  # fmt: skip
    date_text = st.one_of(
        st.text(),
        st.lists(date_tokens, max_size=8).map("".join),
        st.lists(date_tokens, max_size=8).map(" ".join),
        st.builds(
            "{}{}{}{}{}".format,
            st.integers(-5, 10**12),
            st.sampled_from([".", "/", "-", " "]),
            st.integers(-5, 10**6),
            st.sampled_from([".", "/", "-", " ", ""]),
            st.one_of(st.just(""), st.integers(-5, 10**12).map(str)),
        ),
    )
    any_day = st.dates(min_value=dt.date.min, max_value=dt.date.max)

    @given(date_text, any_day, st.booleans())
    @example("0:10000000000000000000000000000A", dt.date(2000, 1, 1), False)  # dateutil's decimal error
    def date_parser(text: str, today: dt.date, dayfirst: bool) -> None:
        tick()
        try:
            day = dates.parse_date(text, today=today, dayfirst=dayfirst)
        except UsageError as exc:
            assert "\n" not in str(exc), "a date error must be one line"
            return
        assert type(day) is dt.date

    key = st.binary(min_size=vault.KEY_SIZE, max_size=vault.KEY_SIZE)

    @given(key, st.text(), st.binary(max_size=200))
    def cipher_round_trip(key: bytes, text: str, ad: bytes) -> None:
        tick()
        cipher = vault.FieldCipher(key)
        blob = cipher.seal(text, ad)
        assert cipher.open(blob, ad) == text
        assert (len(blob) - 1 - vault.NONCE_SIZE - vault.TAG_SIZE) % vault.PAD_BLOCK == 0

    mutations = st.sampled_from(["flip", "nonce", "version", "truncate", "extend", "fresh_nonce"])

    @given(key, st.text(max_size=100), st.binary(max_size=64), mutations, st.data())
    def cipher_rejects_mutated_blob(key: bytes, text: str, ad: bytes, how: str, data: st.DataObject) -> None:
        cipher = vault.FieldCipher(key)
        blob = cipher.seal(text, ad)
        body = bytearray(blob)
        if how == "flip":
            at = data.draw(st.integers(0, len(body) - 1))
            body[at] ^= data.draw(st.integers(1, 255))
        elif how == "nonce":
            at = data.draw(st.integers(1, vault.NONCE_SIZE))
            body[at] ^= data.draw(st.integers(1, 255))
        elif how == "version":
            body[0] = data.draw(st.integers(0, 255).filter(lambda v: v != vault.BLOB_VERSION))
        elif how == "truncate":
            del body[data.draw(st.integers(0, len(body) - 1)) :]
        elif how == "extend":
            body += data.draw(st.binary(min_size=1, max_size=40))
        else:
            body[1 : 1 + vault.NONCE_SIZE] = data.draw(
                st.binary(min_size=vault.NONCE_SIZE, max_size=vault.NONCE_SIZE)
            )
        assume(bytes(body) != blob)
        tick()
        try:
            cipher.open(bytes(body), ad)
        except ValueError:
            return
        raise AssertionError(f"a blob mutated by {how!r} opened")

    @given(key, st.text(max_size=100), st.binary(max_size=64), st.binary(max_size=64))
    def cipher_rejects_other_associated_data(key: bytes, text: str, ad: bytes, other: bytes) -> None:
        assume(other != ad)
        tick()
        cipher = vault.FieldCipher(key)
        blob = cipher.seal(text, ad)
        try:
            cipher.open(blob, other)
        except ValueError:
            return
        raise AssertionError("a blob opened under other associated data")

    @given(key, key, st.text(max_size=100), st.binary(max_size=64))
    def cipher_rejects_other_key(key: bytes, other: bytes, text: str, ad: bytes) -> None:
        assume(other != key)
        tick()
        blob = vault.FieldCipher(key).seal(text, ad)
        try:
            vault.FieldCipher(other).open(blob, ad)
        except ValueError:
            return
        raise AssertionError("a blob opened under another key")

    from balintlog import domain, template
    from balintlog.errors import TemplateError

    def any_case(values: list[str]) -> st.SearchStrategy[str]:
        return st.sampled_from(values).flatmap(
            lambda v: st.sampled_from([v, v.upper(), v.lower(), v.replace("_", " "), v.replace("_", "-")])
        )

    header_keys = any_case([key for _, key in template.CASE_HEADERS] + ["Titel", "Date", "Presenter "])
    section_names = any_case(
        [name for _, name in template.CASE_SECTIONS + template.SESSION_SECTIONS] + ["Notes", "", "Resonance"]
    )
    choices = any_case(
        [str(v) for enum in (domain.Relationship, domain.PresentationKind, domain.Outcome) for v in enum]
        + ["M1", "M2", "woman, 54", "anger", ""]
    )
    words = st.text(st.characters(codec="utf-8", exclude_characters="\n"), max_size=12)
    tokens = st.sampled_from(["@M2", "@leader", "@Co_Leader", "@group", "@", "#mirroring", "#Mirroring", "\\@home"])
    resonance_line = st.builds(
        "- {} / {} / {} / {} {} {}".format,
        any_case([str(v) for v in domain.ResonanceKind] + ["anger"]),
        any_case([str(v) for v in domain.ResonanceLevel] + ["client / client"]),
        st.one_of(st.integers(-1, 7).map(str), words),
        words,
        st.one_of(st.just(""), tokens),
        st.one_of(st.just(""), tokens),
    )
    template_line = st.one_of(
        st.builds("{}: {}".format, header_keys, st.one_of(choices, words)),
        st.builds(
            "{}{}".format, st.sampled_from(["## ", "##", "### ", "\\## ", "\\\\## ", " ## ", "#"]), section_names
        ),
        resonance_line,
        st.builds("# {}".format, words),
        st.sampled_from(["", " ", "\t", "\r", "\ufeff", "-", "- / / /", "---"]),
        words,
    )
    template_text = st.one_of(
        st.text(),
        st.builds(
            lambda lines, newline: newline.join(lines),
            st.lists(template_line, max_size=30),
            st.sampled_from(["\n", "\n", "\r\n"]),
        ),
    )

    line_text = st.text(st.characters(codec="utf-8", exclude_characters="\n\r"), min_size=1, max_size=20).map(
        str.strip
    ).filter(bool)
    sources = st.one_of(st.sampled_from(domain.SPECIAL_SOURCES), st.from_regex(r"[A-Z][A-Z0-9]{0,3}", fullmatch=True))
    resonances = st.lists(
        st.builds(
            template.ResonanceLine,
            kind=st.sampled_from(domain.ResonanceKind),
            level=st.sampled_from(domain.ResonanceLevel),
            intensity=st.integers(1, 5),
            text=line_text,
            source=sources,
            mirroring=st.booleans(),
        ),
        max_size=4,
    ).map(tuple)

    @st.composite
    def rendered_case(draw: st.DrawFn) -> tuple[str, bool]:
        """A rendered note, sometimes with a stray line put in."""
        follow_up = draw(st.booleans())
        note = template.CaseNote(
            title=draw(line_text),
            presenter=draw(st.from_regex(r"M[0-9]{1,2}", fullmatch=True)),
            client=draw(st.one_of(st.just(""), line_text)),
            relationship=draw(st.one_of(st.none(), st.sampled_from(domain.Relationship))),
            question=draw(st.one_of(st.just(""), line_text)),
            kind=domain.PresentationKind.FOLLOW_UP if follow_up else domain.PresentationKind.FIRST,
            outcome=draw(st.sampled_from(domain.Outcome)) if follow_up else None,
            account=draw(st.text()),
            group_process=draw(st.text(max_size=30)),
            resonances=draw(resonances),
            leader_notes=draw(st.text(max_size=30)),
            what_changed=draw(st.text(max_size=30)) if follow_up else "",
        )
        lines = template.render_case(note, follow_up=follow_up).split("\n")
        if draw(st.booleans()):
            lines.insert(draw(st.integers(0, len(lines))), draw(template_line))
        return "\n".join(lines), follow_up

    case_input = st.one_of(st.tuples(template_text, st.booleans()), rendered_case())

    @st.composite
    def rendered_session_notes(draw: st.DrawFn) -> str:
        notes = domain.SessionNotes(*(draw(st.text(max_size=40)) for _ in range(4)))
        lines = template.render_session_notes(notes).split("\n")
        if draw(st.booleans()):
            lines.insert(draw(st.integers(0, len(lines))), draw(template_line))
        return "\n".join(lines)


    def check_problems(error: TemplateError) -> None:
        assert error.problems, "a template error lists its problems"
        for problem in error.problems:
            assert problem.startswith("line "), f"a problem that names no line: {problem!r}"

    @given(case_input)
    def case_template_parser(case: tuple[str, bool]) -> None:
        tick()
        text, follow_up = case
        try:
            note = template.parse_case(text, follow_up=follow_up)
        except TemplateError as error:
            check_problems(error)
            again = template.with_errors(text, error.problems)
            lines = text.removeprefix("\ufeff").split("\n")
            while lines and (not lines[0].strip() or lines[0].startswith("#")):
                del lines[0]  # the leading comments, which the errors may replace
            assert again.endswith("\n".join(lines)), "the editor loop lost text"
            try:
                template.parse_case(again, follow_up=follow_up)
            except TemplateError as second:
                shown = [line[2:] for line in again.split("\n")[1 : 1 + len(error.problems)]]
                assert shown == [p.replace("\n", " ") for p in second.problems]
            else:
                raise AssertionError("the text with its errors on top parsed") from None
            return
        assert isinstance(note, template.CaseNote)
        assert template.parse_case(template.render_case(note, follow_up=follow_up), follow_up=follow_up) == note

    @given(st.one_of(template_text, rendered_session_notes()))
    def session_notes_parser(text: str) -> None:
        tick()
        try:
            notes = template.parse_session_notes(text)
        except TemplateError as error:
            check_problems(error)
            return
        assert template.parse_session_notes(template.render_session_notes(notes)) == notes

    found: dict[str, Callable[..., None]] = {
        "date_parser": date_parser,
        "case_template_parser": case_template_parser,
        "session_notes_parser": session_notes_parser,
        "cipher_round_trip": cipher_round_trip,
        "cipher_rejects_mutated_blob": cipher_rejects_mutated_blob,
        "cipher_rejects_other_associated_data": cipher_rejects_other_associated_data,
        "cipher_rejects_other_key": cipher_rejects_other_key,
    }
    return found


FUZZ_PROPERTIES = (
    "case_template_parser",
    "session_notes_parser",
    "date_parser",
    "cipher_round_trip",
    "cipher_rejects_mutated_blob",
    "cipher_rejects_other_associated_data",
    "cipher_rejects_other_key",
)


def fuzz_property(name: str, examples: int, *, seed: int | None = None) -> int:
    """Run one fuzzed property for ``examples`` examples; returns how many
    examples ran (a failure raises Hypothesis's falsifying example)."""
    from hypothesis import HealthCheck, settings
    from hypothesis import seed as hypothesis_seed

    ran = 0

    def tick() -> None:
        nonlocal ran
        ran += 1

    test = _fuzz_properties(tick)[name]
    configured = settings(
        max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )(test)
    if seed is not None:
        configured = hypothesis_seed(seed)(configured)
    configured()
    return ran


def fuzz(examples: int, *, seed: int | None = None, report: Callable[[str], None] = print) -> dict[str, int]:
    """Every fuzzed property, ``examples`` examples each."""
    figures: dict[str, int] = {}
    for name in FUZZ_PROPERTIES:
        start = time.perf_counter()
        figures[name] = fuzz_property(name, examples, seed=seed)
        report(f"{name}: {figures[name]} examples, {time.perf_counter() - start:.1f} s")
    report(f"fuzz examples run: {sum(figures.values())}")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="harness", required=True)

    def harness(name: str, help: str, count: str, default: int, count_help: str) -> None:
        p = sub.add_parser(name, help=help)
        p.add_argument(f"--{count}", type=int, default=default, help=count_help)
        p.add_argument("--seed", type=int, default=None, help="for a reproducible run")
        p.add_argument("--keep", type=Path, default=None, help="work in this directory and keep the vaults")

    harness("fuzz", "fuzz the template and date parsers and the sealing layer", "examples", 10_000,
            "examples per property")
    harness("disk-full", "write commands under random file size limits", "trials", 200, "commands to run")
    args = parser.parse_args(argv)
    os.umask(0o077)
    started = time.perf_counter()
    with temporary_directory(args.keep) as workdir:
        if args.harness == "fuzz":
            fuzz(args.examples, seed=args.seed)
        elif args.harness == "disk-full":
            disk_full(args.trials, workdir, seed=args.seed)
    print(f"({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except HarnessFailure as failure:
        sys.exit(f"FAILED: {failure}")
