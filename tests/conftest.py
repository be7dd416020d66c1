"""Shared fixtures. Every test runs in a temp dir with a private HOME, data
dir and runtime dir, never against the real home, and with the test KDF."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import shutil
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pytest
import typer
import typer.testing
from typer.testing import CliRunner, Result

from balintlog import i18n
from balintlog.cli import app
from balintlog.terminal.state import AppState

# Typer rebuilds the whole command tree on every CliRunner.invoke (a few
# hundred ms with this many commands); build it once for the whole run.
_build_command = typer.testing._get_command
_built: dict[int, object] = {}


def _cached_command(typer_app: typer.Typer) -> object:
    key = id(typer_app)
    if key not in _built:
        _built[key] = _build_command(typer_app)
    return _built[key]


typer.testing._get_command = _cached_command  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parent.parent


def load_script(relative: str) -> ModuleType:
    """Import one of the repo's scripts (scripts/, benchmarks/) as a module."""
    path = ROOT / relative
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def german_translations() -> Iterator[tuple[str, tuple[str, ...]]]:
    """Every English message of the ``de`` catalogue (each form of a plural
    on its own) with the German forms it has."""
    for message in load_script("scripts/catalogue.py").read_po("de"):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english in ids:
            yield english, strings


PASSPHRASE = "correct horse battery"
#: A fixed "today" for CLI tests (a Thursday).
TODAY = dt.date(2026, 11, 26)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("home")
    for name in list(os.environ):
        if name.startswith("BALINTLOG_"):
            monkeypatch.delenv(name)
    # English whatever this machine's locale; a test of German sets it itself.
    monkeypatch.setenv("BALINTLOG_LANG", "en")
    i18n.set_language("en")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    runtime = home / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.setenv("BALINTLOG_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("BALINTLOG_BUSY_TIMEOUT", "5")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    os.umask(0o077)
    yield home
    # Back to English for what runs outside a test's set-up (module fixtures).
    i18n.set_language("en")


@dataclass
class Cli:
    """Runs the real CLI in-process against one vault, with a passphrase
    command and a fixed clock."""

    vault: Path
    passphrase_file: Path
    today: dt.date = TODAY
    env: dict[str, str] = field(default_factory=dict)
    interactive: bool = False
    prompt: Callable[[str], str] | None = None

    def state(self) -> AppState:
        day = self.today
        return AppState(
            vault=self.vault,
            interactive=self.interactive,
            clock=lambda: dt.datetime.combine(day, dt.time(18, 30)),
            prompt=self.prompt,
        )

    def __call__(self, *args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        runner = CliRunner()
        full_env = {"BALINTLOG_PASSPHRASE_COMMAND": f"cat {self.passphrase_file}", **self.env, **(env or {})}
        return runner.invoke(app, list(args), input=input, env=full_env, obj=self.state())

    def ok(self, *args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        """Run and assert exit 0, showing the output on failure."""
        result = self(*args, input=input, env=env)
        assert result.exit_code == 0, (
            f"{args} exited {result.exit_code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}\n"
            f"{result.exception!r}"
        )
        return result

    def set_passphrase(self, value: str) -> None:
        self.passphrase_file.write_text(value + "\n")


def make_cli(tmp_path: Path, name: str = "journal.db") -> Cli:
    secret = tmp_path / "secret"
    secret.mkdir(mode=0o700, parents=True, exist_ok=True)
    pw = secret / f"{name}.pw"
    pw.write_text(PASSPHRASE + "\n")
    return Cli(vault=tmp_path / "vault" / name, passphrase_file=pw)


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    """A CLI runner with a fresh, initialised test-KDF vault."""
    runner = make_cli(tmp_path)
    runner.ok("init", "--insecure-test-kdf")
    return runner


@pytest.fixture
def bare_cli(tmp_path: Path) -> Cli:
    """A CLI runner whose vault does not exist yet."""
    return make_cli(tmp_path)


GOLDEN_PASSPHRASE = "golden vault passphrase"


def golden_copy(home: Path, name: str, passphrase: str = GOLDEN_PASSPHRASE) -> Cli:
    """A CLI runner on a private copy of the golden file ``tests/data/<name>``
    under ``home`` (the original is never opened: an upgrade would change
    it, and git keeps no 0600 mode)."""
    vault = home / "vault" / name
    vault.parent.mkdir(mode=0o700)
    shutil.copyfile(Path(__file__).parent / "data" / name, vault)
    vault.chmod(0o600)
    secret = home / "passphrase"
    secret.write_text(passphrase + "\n")
    return Cli(vault=vault, passphrase_file=secret)


def vault_files(vault: Path) -> Sequence[Path]:
    """The vault and its WAL and shared-memory files, where they exist."""
    candidates = (vault, vault.with_name(vault.name + "-wal"), vault.with_name(vault.name + "-shm"))
    return [p for p in candidates if p.exists()]


@pytest.fixture
def journal_factory(tmp_path: Path) -> Iterator[Callable[..., object]]:
    """Create test-KDF journals through the library API (closed at the end)."""
    from balintlog.journal import Journal

    opened: list[Journal] = []

    def make(name: str = "lib.db", today: dt.date = TODAY) -> Journal:
        journal, _code = Journal.create(tmp_path / "lib" / name, PASSPHRASE.encode(), today=today, test_kdf=True)
        opened.append(journal)
        return journal

    yield make
    for journal in opened:
        journal.close()


@pytest.fixture(autouse=True)
def no_signal_left_blocked() -> Iterator[None]:
    """A command run in-process holds Ctrl-C only while it commits: no test
    may leave SIGINT blocked in the test process (every process it starts
    would inherit the blocked signal, and Ctrl-C would not reach it)."""
    yield
    if hasattr(signal, "pthread_sigmask"):
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, [])
        if signal.SIGINT in blocked:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
            pytest.fail("SIGINT was left blocked in the test process")
