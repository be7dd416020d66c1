"""Where passphrases and recovery codes come from.

In order: the running agent (see :mod:`balintlog.agent`), a file descriptor
named by ``BALINTLOG_PASSPHRASE_FD``, a command named by
``BALINTLOG_PASSPHRASE_COMMAND`` (its stdout is the passphrase, as in borg),
a hidden prompt when stdin is a terminal. There is deliberately no
passphrase option and no passphrase variable: argv and the environment are
readable by other processes.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Callable

from balintlog.errors import LockedError, UsageError

FD_ENV = "BALINTLOG_PASSPHRASE_FD"
COMMAND_ENV = "BALINTLOG_PASSPHRASE_COMMAND"
NEW_FD_ENV = "BALINTLOG_NEW_PASSPHRASE_FD"
NEW_COMMAND_ENV = "BALINTLOG_NEW_PASSPHRASE_COMMAND"
MIN_LENGTH = 8

Prompt = Callable[[str], str]


def _read_fd(var: str) -> bytes:
    raw = os.environ[var]
    try:
        fd = int(raw)
    except ValueError:
        raise UsageError(f"{var} must be a file descriptor number, not {raw!r}") from None
    try:
        with os.fdopen(os.dup(fd), "rb") as stream:
            line = stream.readline()
    except OSError:
        raise LockedError(f"cannot read the passphrase from file descriptor {fd} ({var})") from None
    return line.rstrip(b"\r\n")


def _run_command(var: str) -> bytes:
    command = os.environ[var]
    try:
        done = subprocess.run(shlex.split(command), capture_output=True, check=False, timeout=120)
    except (OSError, ValueError, subprocess.TimeoutExpired):
        raise LockedError(f"the passphrase command in {var} could not be run; check it") from None
    if done.returncode != 0:
        raise LockedError(f"the passphrase command in {var} failed (exit {done.returncode}); check it")
    return done.stdout.rstrip(b"\r\n")


def read_passphrase(*, interactive: bool, prompt: Prompt | None, what: str = "Passphrase") -> bytes:
    """The passphrase from the first source that is set, else exit 3."""
    if os.environ.get(FD_ENV):
        return _read_fd(FD_ENV)
    if os.environ.get(COMMAND_ENV):
        return _run_command(COMMAND_ENV)
    if interactive and prompt is not None:
        return prompt(f"{what}: ").encode("utf-8")
    raise LockedError(
        f"no passphrase: run in a terminal, 'balintlog unlock' first, or set {FD_ENV} or {COMMAND_ENV}"
    )


def read_new_passphrase(
    *, interactive: bool, prompt: Prompt | None, fd_env: str = NEW_FD_ENV, command_env: str = NEW_COMMAND_ENV
) -> bytes:
    """A new passphrase: from ``fd_env``/``command_env`` when set, else asked
    twice on the terminal."""
    if os.environ.get(fd_env):
        value = _read_fd(fd_env)
    elif os.environ.get(command_env):
        value = _run_command(command_env)
    elif interactive and prompt is not None:
        value = prompt("New passphrase: ").encode("utf-8")
        if prompt("Repeat it: ").encode("utf-8") != value:
            raise UsageError("the two passphrases differ; nothing was changed, try again")
    else:
        raise LockedError(f"no new passphrase: run in a terminal, or set {fd_env} or {command_env}")
    if len(value) < MIN_LENGTH:
        raise UsageError(
            f"the passphrase is too short ({len(value)} characters); use at least {MIN_LENGTH}, "
            "better a few words"
        )
    return value
