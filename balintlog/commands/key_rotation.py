"""``rekey``, ``recovery-code``: replacing the master key and the recovery
code. Top-level commands (registered without a noun)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from balintlog.commands.base import boundary, open_journal, state_of

if TYPE_CHECKING:
    from rich.console import Console

app = typer.Typer(no_args_is_help=True)


def _show_code(out: Console, code: str) -> None:
    out.print("Your new recovery code (shown only now, write it down and keep it apart):", markup=False)
    out.print(f"\n    {code}\n", markup=False)


@app.command()
def rekey(ctx: typer.Context) -> None:
    """Make a new master key and recovery code (earlier backups keep the old keys)."""
    state = state_of(ctx)
    with boundary(state):
        from balintlog import agent
        from balintlog.commands.base import passphrase_source
        from balintlog.journal import Journal
        from balintlog.rotation import rekey as rekey_vault

        # The passphrase itself, not the agent's key: the new passphrase
        # keyslot wraps the new master key under it. Asked for only once the
        # vault was found and checked.
        ask = passphrase_source(state)
        given: list[bytes] = []

        def passphrase() -> bytes:
            given.append(ask())
            return given[-1]

        now = state.clock()
        journal = Journal.unlock(state.vault_path, passphrase, today=now.date(), warn=state.warn, now=now)
        state.journal = journal
        with journal:
            done = rekey_vault(journal, given[-1])
        held_old_key = agent.lock(state.vault_path)
        state.out.print(
            f"New master key made: {done.data_keys} data keys re-wrapped under it. "
            "Your passphrase stays the same.",
            markup=False,
        )
        _show_code(state.out, done.recovery_code)
        state.out.print(
            "The old recovery code no longer works. Backups made before now keep the old keys: they "
            "still open with the passphrase and recovery code they were made with.",
            markup=False,
        )
        if held_old_key:
            state.out.print("The key agent held the old key and was locked; 'balintlog unlock' again.", markup=False)


@app.command("recovery-code")
def recovery_code(ctx: typer.Context) -> None:
    """Issue a new recovery code; the old one stops working (earlier backups keep it)."""
    state = state_of(ctx)
    with open_journal(state) as journal, boundary(state):
        from balintlog.rotation import new_recovery_code

        code = new_recovery_code(journal)
        _show_code(state.out, code)
        state.out.print(
            "The old recovery code no longer opens this vault. Backups made before now still open "
            "with it; if it may have been seen by someone else, run 'balintlog rekey' instead.",
            markup=False,
        )
