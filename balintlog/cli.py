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
    from pathlib import Path
    from typing import Annotated

    import typer

    from balintlog import __version__, fastparams
    from balintlog.commands import (
        agent,
        backup,
        case,
        demo,
        draft,
        group,
        member,
        report,
        resonance,
        search,
        session,
        vault,
    )
    from balintlog.terminal.boundary import interrupted_message
    from balintlog.terminal.state import AppState
except KeyboardInterrupt:
    sys.stderr.write(INTERRUPTED + "\n")
    raise SystemExit(130) from None

fastparams.install()  # plain parameters coerced without importing pydantic

app = typer.Typer(
    name="balintlog",
    help="An encrypted case journal for Balint-group facilitators, with year reports for supervision.",
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
            help="The vault file (default: journal.db in your user data directory).",
            show_envvar=True,
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Keep a private, encrypted journal of your Balint groups' cases."""
    state = ctx.obj if isinstance(ctx.obj, AppState) else AppState()
    if vault is not None:
        state.vault = vault.expanduser()
    state.debug = state.debug or debug
    ctx.obj = state


# -- sub-commands: one module per noun in balintlog/commands/ -------------------

app.add_typer(vault.app)  # init, passwd, recover, verify: top-level
app.add_typer(search.app)  # search: top-level
app.add_typer(group.app)
app.add_typer(member.app)
app.add_typer(session.app)
app.add_typer(agent.app)  # unlock, lock, status: top-level
app.add_typer(backup.app)  # backup, restore: top-level
app.add_typer(case.app)
app.add_typer(resonance.app)
app.add_typer(draft.app)
app.add_typer(report.app)  # report: top-level
app.add_typer(demo.app)  # demo: top-level


def main() -> None:
    """Console entry point: private file modes, no core dumps, exit codes."""
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
