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
import sys
from collections.abc import Callable

from balintlog.errors import LockedError, UsageError
from balintlog.i18n import _

FD_ENV = "BALINTLOG_PASSPHRASE_FD"
COMMAND_ENV = "BALINTLOG_PASSPHRASE_COMMAND"
NEW_FD_ENV = "BALINTLOG_NEW_PASSPHRASE_FD"
NEW_COMMAND_ENV = "BALINTLOG_NEW_PASSPHRASE_COMMAND"
MIN_LENGTH = 8
#: How often a new passphrase is asked for on the terminal before giving up.
NEW_PASSPHRASE_TRIES = 3

Prompt = Callable[[str], str]


def _read_fd(var: str) -> bytes:
    raw = os.environ[var]
    try:
        fd = int(raw)
    except ValueError:
        raise UsageError(
            _("{variable} must be a file descriptor number, not {value!r}").format(variable=var, value=raw)
        ) from None
    try:
        with os.fdopen(os.dup(fd), "rb") as stream:
            line = stream.readline()
    except OSError:
        raise LockedError(
            _("cannot read the passphrase from file descriptor {fd} ({variable})").format(fd=fd, variable=var)
        ) from None
    return line.rstrip(b"\r\n")


def _run_command(var: str) -> bytes:
    command = os.environ[var]
    try:
        done = subprocess.run(shlex.split(command), capture_output=True, check=False, timeout=120)
    except (OSError, ValueError, subprocess.TimeoutExpired):
        raise LockedError(
            _("the passphrase command in {variable} could not be run; check it").format(variable=var)
        ) from None
    if done.returncode != 0:
        raise LockedError(
            _("the passphrase command in {variable} failed (exit {code}); check it").format(
                variable=var, code=done.returncode
            )
        )
    return done.stdout.rstrip(b"\r\n")


def read_passphrase(*, interactive: bool, prompt: Prompt | None, what: str | None = None) -> bytes:
    """The passphrase from the first source that is set, else exit 3."""
    if os.environ.get(FD_ENV):
        return _read_fd(FD_ENV)
    if os.environ.get(COMMAND_ENV):
        return _run_command(COMMAND_ENV)
    if interactive and prompt is not None:
        return prompt(f"{what or _('Passphrase')}: ").encode("utf-8")
    raise LockedError(
        _("no passphrase: run in a terminal, 'balintlog unlock' first, or set {fd} or {command}").format(
            fd=FD_ENV, command=COMMAND_ENV
        )
    )


def _to_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def read_new_passphrase(
    *,
    interactive: bool,
    prompt: Prompt | None,
    fd_env: str = NEW_FD_ENV,
    command_env: str = NEW_COMMAND_ENV,
    tell: Callable[[str], None] = _to_stderr,
) -> bytes:
    """A new passphrase: from ``fd_env``/``command_env`` when set, else asked
    on the terminal: a too-short entry is refused at once, before it is
    repeated, and two entries that differ ask again (``tell`` says why),
    :data:`NEW_PASSPHRASE_TRIES` times in all."""
    if os.environ.get(fd_env):
        return _long_enough(_read_fd(fd_env))
    if os.environ.get(command_env):
        return _long_enough(_run_command(command_env))
    if not interactive or prompt is None:
        raise LockedError(
            _("no new passphrase: run in a terminal, or set {fd} or {command}").format(fd=fd_env, command=command_env)
        )
    problem = ""
    for attempt in range(1, NEW_PASSPHRASE_TRIES + 1):
        value = prompt(_("New passphrase") + ": ").encode("utf-8")
        if len(value) < MIN_LENGTH:
            problem = _too_short(value)
        elif prompt(_("Repeat it") + ": ").encode("utf-8") != value:
            problem = _("the two passphrases differ")
        else:
            return value
        if attempt < NEW_PASSPHRASE_TRIES:
            tell(_("{problem}; try again.").format(problem=f"{problem[0].upper()}{problem[1:]}"))
    raise UsageError(
        _("{problem}; nothing was changed ({tries} tries), run the command again").format(
            problem=problem, tries=NEW_PASSPHRASE_TRIES
        )
    )


def _too_short(value: bytes) -> str:
    return _("the passphrase is too short ({length} characters); use at least {least}, better a few words").format(
        length=len(value), least=MIN_LENGTH
    )


def _long_enough(value: bytes) -> bytes:
    if len(value) < MIN_LENGTH:
        raise UsageError(_too_short(value))
    return value
