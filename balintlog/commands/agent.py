"""``unlock``, ``lock``, ``status``: the key agent that keeps the vault open
for a while. Top-level commands (registered without a noun)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from balintlog.i18n import _
from balintlog.terminal.boundary import open_journal
from balintlog.terminal.state import state_of

if TYPE_CHECKING:
    from balintlog.agent import AgentStatus

app = typer.Typer(no_args_is_help=True)


def duration(seconds: float) -> str:
    """``1 h 59 min``, ``9 min 58 s``, ``45 s``."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return _("{hours} h {minutes} min").format(hours=hours, minutes=minutes)
    if minutes:
        return _("{minutes} min {seconds} s").format(minutes=minutes, seconds=secs)
    return _("{seconds} s").format(seconds=secs)


def _stays(found: AgentStatus) -> str:
    return _("it locks after {idle} without use, at the latest in {most}").format(
        idle=duration(found.idle_left), most=duration(found.max_left)
    )


#: The longest an agent may wait unused, and live at all (``unlock --idle/--max``).
MOST_IDLE = 3 * 3600.0
MOST_MAX = 12 * 3600.0


@app.command(help=_("Unlock the vault once; a key agent keeps it open (10 min idle, 2 h at most, or --idle/--max)."))
def unlock(
    ctx: typer.Context,
    idle: Annotated[
        str | None,
        typer.Option(
            "--idle", help=_("Lock after this long unused, e.g. 2h (at most 3h; default 10 min)."), show_default=False
        ),
    ] = None,
    max_age: Annotated[
        str | None,
        typer.Option(
            "--max",
            help=_("Lock after this long at the latest, e.g. 9h for a block day (at most 12h; default 2 h)."),
            show_default=False,
        ),
    ] = None,
) -> None:
    state = state_of(ctx)
    with open_journal(state) as journal:
        from balintlog import agent
        from balintlog.dates import parse_duration

        default_idle, default_max = agent.durations_from_env()
        idle_s = default_idle if idle is None else parse_duration(idle, what="--idle", most=MOST_IDLE)
        max_s = default_max if max_age is None else parse_duration(max_age, what="--max", most=MOST_MAX)
        path = state.vault_path
        vault_id = journal.store.vault_id
        running = agent.status(path)
        chosen = idle is not None or max_age is not None
        if running is not None and not chosen and agent.get_key(path, vault_id) is not None:
            state.out.print(_("Already unlocked: {stays}.").format(stays=_stays(running)), markup=False)
            return
        if running is not None:
            agent.lock(path)
        started = agent.start(path, vault_id, journal.master_key, idle=idle_s, max_age=max_s)
        state.out.print(_("Unlocked {path}: {stays}.").format(path=path, stays=_stays(started)), markup=False)
        state.out.print(_("Commands need no passphrase until then; 'balintlog lock' locks it now."), markup=False)


@app.command(help=_("Lock the vault now: the key agent forgets the key and exits."))
def lock(
    ctx: typer.Context,
    every: Annotated[bool, typer.Option("--all", help=_("Lock every unlocked vault of yours."))] = False,
) -> None:
    state = state_of(ctx)
    from balintlog import agent

    if every:
        for found in agent.lock_all():
            state.out.print(_("Locked {path}.").format(path=found.vault), markup=False)
        return
    path = state.vault_path
    if agent.lock(path):
        state.out.print(_("Locked {path}.").format(path=path), markup=False)
    else:
        state.out.print(_("Already locked: no agent was running for {path}.").format(path=path), markup=False)


@app.command(help=_("Say whether the vault is unlocked, and for how long the agent stays."))
def status(ctx: typer.Context) -> None:
    state = state_of(ctx)
    from balintlog import agent

    path = state.vault_path
    found = agent.status(path)
    if found is None:
        agent.remove_stale_socket(path)
        state.out.print(_("Locked: no agent holds the key of {path}.").format(path=path), markup=False)
    else:
        state.out.print(_("Unlocked {path}: {stays}.").format(path=path, stays=_stays(found)), markup=False)
