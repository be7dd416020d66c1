"""The exception hierarchy. Each error carries its exit code and a message
that says what went wrong, in one line, without field values; what to do
about it on the command line is added there, from its ``hint``."""

from __future__ import annotations

from enum import IntEnum

from balintlog.i18n import _, ngettext


class ExitCode(IntEnum):
    OK = 0
    ERROR = 1
    USAGE = 2
    LOCKED = 3
    NOT_FOUND = 4
    CONFLICT = 5
    DAMAGED = 6
    INTERRUPTED = 130
    #: The reader of standard output stopped reading (``| head``), as a
    #: shell reports a process that SIGPIPE ended.
    OUTPUT_CLOSED = 141


class BalintlogError(Exception):
    """Base of every error a user may see. ``str(err)`` is the one line: what
    went wrong, in the library's words. ``hint`` names the advice a front end
    may add (the command line: :func:`balintlog.terminal.hints.hint_for`), ``params``
    the values it needs (``hint="session_open", group="nord"``)."""

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(self, *args: object, hint: str | None = None, **params: str) -> None:
        super().__init__(*args)
        self.hint = hint
        self.params = params


class UsageError(BalintlogError):
    """The command was given something it cannot use (a bad value, a missing
    option that could not be inferred)."""

    exit_code = ExitCode.USAGE


class LockedError(BalintlogError):
    """No passphrase could be had, or it was wrong."""

    exit_code = ExitCode.LOCKED


class NotFoundError(BalintlogError):
    """A vault, group, member, session or case that does not exist."""

    exit_code = ExitCode.NOT_FOUND


class ConflictError(BalintlogError):
    """The request clashes with the state (a session already open, a busy vault)."""

    exit_code = ExitCode.CONFLICT


class VaultBusyError(ConflictError):
    pass


class DamagedError(BalintlogError):
    """The vault (or a backup) is damaged or was tampered with."""

    exit_code = ExitCode.DAMAGED


class TemplateError(UsageError):
    """A case or session template that does not parse. ``problems`` holds one
    line-numbered message per problem found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        first = problems[0] if problems else _("template error")
        more = len(problems) - 1
        if more > 0:
            first = ngettext("{problem} (and {count} more)", "{problem} (and {count} more)", more).format(
                problem=first, count=more
            )
        super().__init__(first)
