"""``demo``: build (once) a demo vault of two invented groups and show its
year report. A top-level command (registered without a noun)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from balintlog.commands.report import ReportFormat, print_terminal, render_text, write_private
from balintlog.i18n import _
from balintlog.terminal.state import AppState, state_of

if TYPE_CHECKING:
    from balintlog.journal import Journal
    from balintlog.reports.model import Report

app = typer.Typer()


@app.command(help=_("Build a demo journal (two groups, a year of sessions) and show its year report."))
def demo(
    ctx: typer.Context,
    vault: Annotated[
        Path | None,
        typer.Option(
            "--vault",
            metavar="PATH",
            help=_("Where the demo vault goes (default: demo.db beside your journal; never your journal)."),
        ),
    ] = None,
) -> None:
    state = state_of(ctx)
    from balintlog.demo import DEMO_PASSPHRASE
    from balintlog.paths import default_demo_vault

    path = (vault or default_demo_vault()).expanduser()
    _refuse_the_journal(state, path)
    journal = _open_demo(state, path) if path.exists() else _build(state, path)
    with journal:
        report = journal.reports.build()
    print_terminal(state, report)
    page = path.with_suffix(".html")
    write_private(page, render_text(report, ReportFormat.HTML))
    state.out.print("")
    state.out.print(
        _("Demo vault:   {path}  (passphrase: {passphrase})").format(path=path, passphrase=DEMO_PASSPHRASE),
        markup=False,
    )
    state.out.print(_("HTML report:  {path}").format(path=page), markup=False)
    state.out.print(
        _("Try: balintlog --vault {path} report --group {group}   (it asks for the passphrase)").format(
            path=path, group=_block_group(report)
        ),
        markup=False,
    )
    state.out.print(
        _(
            "Or:  balintlog --vault {path} certificate {group} --all --block 1 -o {folder}/   "
            "(a certificate per member)"
        ).format(path=path, group=_block_group(report), folder=_("certificates")),
        markup=False,
    )


def _block_group(report: Report) -> str:
    """The handle of the demo's block-seminar group (its handles follow the
    language the demo was built in)."""
    return next((g.handle for g in report.groups if g.kind != "continuous"), "mixed")


def _refuse_the_journal(state: AppState, path: Path) -> None:
    from balintlog.errors import UsageError
    from balintlog.paths import default_vault

    journals = {default_vault().expanduser().resolve(), state.vault_path.expanduser().resolve()}
    if path.resolve() in journals:
        raise UsageError(
            _("{path} is your journal; the demo goes elsewhere (leave out --vault, or name another file)").format(
                path=path
            )
        )


def _open_demo(state: AppState, path: Path) -> Journal:
    """The demo vault built before: shown again, not rebuilt."""
    from balintlog.demo import DEMO_PASSPHRASE
    from balintlog.errors import BalintlogError, LockedError
    from balintlog.journal import Journal

    state.info(_("Showing the demo vault built before ({path}); delete it to build a fresh one.").format(path=path))
    now = state.clock()
    try:
        return Journal.unlock(path, DEMO_PASSPHRASE.encode, today=now.date(), warn=state.warn, now=now)
    except LockedError:
        raise BalintlogError(
            _("{path} exists and is no demo vault (the demo passphrase does not open it); pass another --vault").format(
                path=path
            )
        ) from None


def _build(state: AppState, path: Path) -> Journal:
    from rich.progress import BarColumn, Progress, TextColumn

    from balintlog.demo import build_demo
    from balintlog.paths import ensure_private_dir

    ensure_private_dir(path.parent)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        console=state.err,
        transient=True,
        disable=not state.err.is_terminal,
    ) as bar:
        task = bar.add_task(_("Building the demo journal"), total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        journal = build_demo(path, today=state.today, progress=advance)
    # The build leaves the journal's clock at the demo's last invented
    # evening; the report is generated now.
    journal.now = state.clock()
    state.info(_("Built the demo vault {path}: two groups, a year of sessions, 25 cases.").format(path=path))
    return journal
