"""The balintlog command line: a thin Typer client of :mod:`balintlog.journal`.

It parses arguments, asks for input and prints; it knows no SQL and no
cryptography. Heavy imports happen inside the command functions.
"""

from __future__ import annotations

import os
import sys

from balintlog import INTERRUPTED

# The console script imports this module before it calls main(): a Ctrl-C
# while the command line loads ends as one during a command does, with a
# line and exit code 130, not a traceback.
try:
    import functools
    from collections.abc import Callable
    from pathlib import Path
    from typing import Annotated, Any

    import typer

    from balintlog import __version__, fastparams
    from balintlog.commands import (
        agent,
        backup,
        case,
        demo,
        documents,
        draft,
        group,
        history,
        logbook,
        member,
        report,
        resonance,
        search,
        session,
        vault,
    )
    from balintlog.i18n import _
    from balintlog.terminal import typer_words
    from balintlog.terminal.boundary import boundary, interrupted_message
    from balintlog.terminal.state import AppState, state_of
except KeyboardInterrupt:
    sys.stderr.write(INTERRUPTED + "\n")
    raise SystemExit(130) from None

fastparams.install()  # plain parameters coerced without importing pydantic
typer_words.install()  # Typer's own words (usage, errors) in the user's language

app = typer.Typer(
    name="balintlog",
    help=_("An encrypted case journal for Balint-group facilitators, with year reports for supervision."),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"balintlog {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    vault: Annotated[
        Path | None,
        typer.Option(
            "--vault",
            envvar="BALINTLOG_VAULT",
            help=_("The vault file (default: journal.db in your user data directory)."),
            show_envvar=True,
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help=_("Show tracebacks of errors."))] = False,
    no_agent: Annotated[
        bool,
        typer.Option(
            "--no-agent",
            help=_(
                "Run the command in this process, not in the key agent of an unlocked vault "
                "(also BALINTLOG_NO_AGENT=1)."
            ),
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help=_("Show the version and exit.")),
    ] = False,
) -> None:
    """Keep a private, encrypted journal of your Balint groups' cases (the
    app's help above is what --help shows)."""
    state = ctx.obj if isinstance(ctx.obj, AppState) else AppState()
    if vault is not None:
        state.vault = vault.expanduser()
    state.debug = state.debug or debug
    ctx.obj = state


# -- the commands: one module per noun in balintlog/commands/ ------------------

#: In the order --help lists them (vault, search, agent, backup, report and
#: demo add top-level commands, without a noun).
COMMANDS = (
    vault, search, group, member, session, agent, backup, case, resonance, draft, report, history, logbook, documents,
    demo
)


def in_boundary(callback: Callable[..., Any]) -> Callable[..., Any]:
    """``callback`` run inside the one error boundary, with the AppState of
    its run (every command takes the Typer context as ``ctx``)."""

    @functools.wraps(callback)
    def run(*args: Any, **kwargs: Any) -> Any:
        with boundary(state_of(kwargs["ctx"])):
            return callback(*args, **kwargs)

    return run


for module in COMMANDS:
    for sub_app in getattr(module, "APPS", (module.app,)):
        for command in sub_app.registered_commands:
            if command.callback is not None:
                command.callback = in_boundary(command.callback)
        app.add_typer(sub_app)


def main() -> None:
    """Run the command in this process (the cold path; the console script,
    :func:`balintlog.__main__.main`, may have handed it to the key agent
    instead): private file modes, no core dumps, exit codes."""
    os.umask(0o077)
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):
        pass
    state = AppState()
    try:
        app(obj=state)
    except KeyboardInterrupt:  # outside the command's error boundary, e.g. after it
        sys.stderr.write(interrupted_message(state) + "\n")
        sys.exit(130)
