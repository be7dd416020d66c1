"""Smoke tests of the installed entry point, as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from balintlog import __version__

SCRIPT = Path(sys.executable).parent / "balintlog"


def run(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("BALINTLOG_")}
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, timeout=120, env={**base, **(env or {})}, input=input
    )


def test_version_and_module_entry() -> None:
    assert run("--version").stdout.strip() == f"balintlog {__version__}"
    done = subprocess.run([sys.executable, "-m", "balintlog", "--version"], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == f"balintlog {__version__}"


def test_init_and_verify_through_the_real_process(tmp_path: Path) -> None:
    secret = tmp_path / "pw"
    secret.write_text("a fine passphrase\n")
    vault = tmp_path / "v" / "journal.db"
    env = {"BALINTLOG_VAULT": str(vault), "BALINTLOG_PASSPHRASE_COMMAND": f"cat {secret}"}
    created = run("init", "--insecure-test-kdf", env=env)
    assert created.returncode == 0, created.stderr
    assert oct(vault.stat().st_mode & 0o777) == "0o600"
    assert oct(vault.parent.stat().st_mode & 0o777) == "0o700"
    verified = run("verify", env=env)
    assert verified.returncode == 0 and "OK" in verified.stdout


def test_usage_errors_keep_typers_format_and_exit_2() -> None:
    done = run("verify", "--no-such-option")
    assert done.returncode == 2
    assert "No such option" in done.stderr
