"""Questions the commands ask: confirmations, the editor loop's question,
and the passphrase."""

from __future__ import annotations

from collections.abc import Callable

import typer

from balintlog.errors import UsageError
from balintlog.i18n import _
from balintlog.terminal.state import AppState


def confirm_or_stop(state: AppState, question: str, yes: bool, *, action: str) -> None:
    """Ask ``question`` (default no) unless ``yes``; without a terminal,
    ``--yes`` is required. Answering no exits 1 with nothing changed."""
    if yes:
        return
    if not state.interactive:
        raise UsageError(
            _("{action} needs confirmation and there is no terminal to ask on; pass --yes").format(action=action)
        )
    if not state.confirm(question, default=False):
        state.info(_("Nothing was changed."))
        raise typer.Exit(1)


def ask_to_reopen(state: AppState) -> Callable[[str], bool]:
    """The editor loop's question; end of input (Ctrl-D) or Ctrl-C at it
    means no, so that the text the user wrote is kept as a draft rather
    than lost with the aborted command."""

    def ask(question: str) -> bool:
        try:
            return state.confirm(question, default=True)
        except typer.Abort:
            return False

    return ask


def passphrase_source(state: AppState) -> Callable[[], bytes]:
    """The vault's passphrase, read when first needed (the agent may make
    it unnecessary): from the terminal, or the passphrase sources."""
    from balintlog.passphrase import read_passphrase

    return lambda: read_passphrase(interactive=state.interactive, prompt=state.secret_prompt())
