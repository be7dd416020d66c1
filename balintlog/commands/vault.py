"""``init``, ``passwd``, ``recover``, ``rekey``, ``recovery-code``,
``verify``: the vault itself, its passphrase, keys and recovery code, and its
integrity. Top-level commands (registered without a noun)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from balintlog.i18n import _, ngettext
from balintlog.terminal.boundary import open_journal
from balintlog.terminal.output import verification_progress
from balintlog.terminal.state import state_of

if TYPE_CHECKING:
    from rich.console import Console

app = typer.Typer(no_args_is_help=True)


@app.command(help=_("Create the vault and print its recovery code, once."))
def init(
    ctx: typer.Context,
    insecure_test_kdf: Annotated[bool, typer.Option("--insecure-test-kdf", hidden=True)] = False,
) -> None:
    state = state_of(ctx)
    from balintlog.journal import Journal
    from balintlog.passphrase import COMMAND_ENV, FD_ENV, read_new_passphrase

    path = state.vault_path
    if path.exists():
        from balintlog.errors import ConflictError

        raise ConflictError(_("a vault already exists at {path}; use it, or choose another --vault").format(path=path))
    passphrase = read_new_passphrase(
        interactive=state.interactive, prompt=state.secret_prompt(), fd_env=FD_ENV, command_env=COMMAND_ENV
    )
    if not insecure_test_kdf:
        state.info(_("Calibrating the key derivation for this machine (a few seconds)…"))
    journal, code = Journal.create(path, passphrase, today=state.today, test_kdf=insecure_test_kdf, warn=state.warn)
    state.journal = journal  # Ctrl-C from here on: the vault exists
    with journal:
        params = journal.kdf_params()
    state.out.print(_("Created the vault {path}").format(path=path), markup=False)
    state.out.print(_("Key derivation: Argon2id, {parameters}").format(parameters=params.describe()), markup=False)
    state.out.print("")
    state.out.print(_("Your recovery code (shown only now, write it down and keep it apart):"), markup=False)
    state.out.print(f"\n    {code}\n", markup=False)
    state.out.print(
        _("If you lose both the passphrase and this code, the journal cannot be opened by anyone, including you."),
        markup=False,
    )


@app.command(help=_("Change the passphrase (earlier backups keep the old one)."))
def passwd(ctx: typer.Context) -> None:
    state = state_of(ctx)
    with open_journal(state) as journal:
        from balintlog.passphrase import read_new_passphrase

        new = read_new_passphrase(interactive=state.interactive, prompt=state.secret_prompt())
        journal.change_passphrase(new)
        state.out.print(
            _("Passphrase changed. Backups made before today still open with the old passphrase."), markup=False
        )


@app.command(help=_("Set a new passphrase with the recovery code (read from the terminal, or stdin)."))
def recover(ctx: typer.Context) -> None:
    state = state_of(ctx)
    from balintlog.errors import LockedError
    from balintlog.journal import Journal
    from balintlog.passphrase import read_new_passphrase

    code = state.ask_secret(_("Recovery code")) if state.interactive else state.read_line()
    if not code:
        raise LockedError(_("no recovery code given; type it at the prompt or pipe it on stdin"))
    new = read_new_passphrase(interactive=state.interactive, prompt=state.secret_prompt())
    with Journal.recover(state.vault_path, code, new, today=state.today, warn=state.warn):
        pass
    state.out.print(_("New passphrase set. Your recovery code stays the same."), markup=False)


def _show_code(out: Console, code: str) -> None:
    out.print(_("Your new recovery code (shown only now, write it down and keep it apart):"), markup=False)
    out.print(f"\n    {code}\n", markup=False)


@app.command(help=_("Make a new master key and recovery code (earlier backups keep the old keys)."))
def rekey(ctx: typer.Context) -> None:
    state = state_of(ctx)
    from balintlog import agent
    from balintlog.journal import Journal
    from balintlog.terminal.prompts import passphrase_source

    # The passphrase itself, not the agent's key: the new passphrase keyslot
    # wraps the new master key under it. Asked for only once the vault was
    # found and checked.
    ask = passphrase_source(state)
    given: list[bytes] = []

    def passphrase() -> bytes:
        given.append(ask())
        return given[-1]

    now = state.clock()
    journal = Journal.unlock(state.vault_path, passphrase, today=now.date(), warn=state.warn, now=now)
    state.journal = journal
    with journal:
        done = journal.rekey(given[-1])
    held_old_key = agent.lock(state.vault_path)
    state.out.print(
        ngettext(
            "New master key made: {count} data key re-wrapped under it. Your passphrase stays the same.",
            "New master key made: {count} data keys re-wrapped under it. Your passphrase stays the same.",
            done.data_keys,
        ).format(count=done.data_keys),
        markup=False,
    )
    _show_code(state.out, done.recovery_code)
    state.out.print(
        _(
            "The old recovery code no longer works. Backups made before now keep the old keys: they "
            "still open with the passphrase and recovery code they were made with."
        ),
        markup=False,
    )
    if held_old_key:
        state.out.print(_("The key agent held the old key and was locked; 'balintlog unlock' again."), markup=False)


@app.command("recovery-code", help=_("Issue a new recovery code; the old one stops working (earlier backups keep it)."))
def recovery_code(ctx: typer.Context) -> None:
    state = state_of(ctx)
    with open_journal(state) as journal:
        code = journal.new_recovery_code()
        _show_code(state.out, code)
        state.out.print(
            _(
                "The old recovery code no longer opens this vault. Backups made before now still open "
                "with it; if it may have been seen by someone else, run 'balintlog rekey' instead."
            ),
            markup=False,
        )


@app.command(help=_("Open every encrypted field and report each record that fails."))
def verify(ctx: typer.Context) -> None:
    state = state_of(ctx)
    with open_journal(state) as journal:
        from balintlog.errors import DamagedError

        with verification_progress(state, _("Verifying")) as advance:
            result = journal.verify(advance)
        # A record damaged in several fields is named once.
        failures = list(dict.fromkeys(result.failures))
        for failure in failures:
            state.err.print(_("FAILED {record}").format(record=failure), markup=False)
        if not result.ok:
            raise DamagedError(
                ngettext(
                    "{count} record failed verification; restore a backup (see 'balintlog restore')",
                    "{count} records failed verification; restore a backup (see 'balintlog restore')",
                    len(failures),
                ).format(count=len(failures))
            )
        state.out.print(
            ngettext(
                "OK: {count} encrypted field verified.", "OK: {count} encrypted fields verified.", result.fields
            ).format(count=result.fields),
            markup=False,
        )
