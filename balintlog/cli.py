"""The balintlog command line: a thin Typer client of :mod:`balintlog.journal`.

It parses arguments, asks for input and prints; it knows no SQL and no
cryptography. Heavy imports happen inside the command functions.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from balintlog import __version__, fastparams
from balintlog.commands import case, demo, draft, group, history, keys, member, report, resonance, search, session
from balintlog.commands.base import AppState, boundary, interrupted_message, open_journal, state_of

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


@app.command()
def init(
    ctx: typer.Context,
    insecure_test_kdf: Annotated[bool, typer.Option("--insecure-test-kdf", hidden=True)] = False,
) -> None:
    """Create the vault and print its recovery code, once."""
    state = state_of(ctx)
    with boundary(state):
        from balintlog.journal import Journal
        from balintlog.passphrase import COMMAND_ENV, FD_ENV, read_new_passphrase

        path = state.vault_path
        if path.exists():
            from balintlog.errors import ConflictError

            raise ConflictError(f"a vault already exists at {path}; use it, or choose another --vault")
        passphrase = read_new_passphrase(
            interactive=state.interactive, prompt=state.secret_prompt(), fd_env=FD_ENV, command_env=COMMAND_ENV
        )
        if not insecure_test_kdf:
            state.info("Calibrating the key derivation for this machine (about a second)…")
        journal, code = Journal.create(
            path, passphrase, today=state.today, test_kdf=insecure_test_kdf, warn=state.warn
        )
        state.journal = journal  # Ctrl-C from here on: the vault exists
        with journal:
            params = journal.kdf_params()
        state.out.print(f"Created the vault {path}", markup=False)
        state.out.print(f"Key derivation: Argon2id, {params.describe()}", markup=False)
        state.out.print("")
        state.out.print("Your recovery code (shown only now, write it down and keep it apart):", markup=False)
        state.out.print(f"\n    {code}\n", markup=False)
        state.out.print(
            "If you lose both the passphrase and this code, the journal cannot be opened by anyone, "
            "including you.",
            markup=False,
        )


@app.command()
def passwd(ctx: typer.Context) -> None:
    """Change the passphrase (earlier backups keep the old one)."""
    state = state_of(ctx)
    with open_journal(state) as journal, boundary(state):
        from balintlog.passphrase import read_new_passphrase

        new = read_new_passphrase(interactive=state.interactive, prompt=state.secret_prompt())
        journal.change_passphrase(new)
        state.out.print(
            "Passphrase changed. Backups made before today still open with the old passphrase.", markup=False
        )


@app.command()
def recover(ctx: typer.Context) -> None:
    """Set a new passphrase with the recovery code (read from the terminal, or stdin)."""
    state = state_of(ctx)
    with boundary(state):
        from balintlog.errors import LockedError
        from balintlog.journal import recover as recover_vault
        from balintlog.passphrase import read_new_passphrase

        if state.interactive:
            code = typer.prompt("Recovery code", hide_input=True, err=True)
        else:
            code = sys.stdin.readline().strip()
        if not code:
            raise LockedError("no recovery code given; type it at the prompt or pipe it on stdin")
        new = read_new_passphrase(interactive=state.interactive, prompt=state.secret_prompt())
        with recover_vault(state.vault_path, code, new, today=state.today, warn=state.warn):
            pass
        state.out.print("New passphrase set. Your recovery code stays the same.", markup=False)


@app.command()
def verify(ctx: typer.Context) -> None:
    """Open every encrypted field and report each record that fails."""
    state = state_of(ctx)
    with open_journal(state) as journal, boundary(state):
        from rich.progress import Progress

        from balintlog.errors import DamagedError

        with Progress(console=state.err, transient=True, disable=not state.err.is_terminal) as bar:
            task = bar.add_task("Verifying", total=None)

            def advance(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            result = journal.verify(advance)
        for failure in result.failures:
            state.err.print(f"FAILED {failure}", markup=False)
        if not result.ok:
            raise DamagedError(
                f"{len(result.failures)} record(s) failed verification; restore a backup "
                "(see 'balintlog restore')"
            )
        state.out.print(f"OK: {result.fields} encrypted fields verified.", markup=False)


# -- sub-commands: one module per noun in balintlog/commands/ -------------------

app.add_typer(group.app)
app.add_typer(member.app)
app.add_typer(session.app)
app.add_typer(keys.app)  # unlock, lock, status, backup, restore: top-level
app.add_typer(case.app)
app.add_typer(resonance.app)
app.add_typer(draft.app)
app.command("search")(search.search)
app.add_typer(report.app)  # report: top-level
app.add_typer(history.app)  # log, undo: top-level
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
