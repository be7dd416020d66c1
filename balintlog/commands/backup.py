"""``backup``, ``restore``: verified backups of the vault. Top-level
commands (registered without a noun)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from balintlog.i18n import _, ngettext
from balintlog.terminal.boundary import open_journal
from balintlog.terminal.output import verification_progress
from balintlog.terminal.state import state_of

app = typer.Typer(no_args_is_help=True)


@app.command(help=_("Write a verified backup of the vault into DIRECTORY."))
def backup(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(help=_("Where to keep the backups (created if missing)."))],
    keep: Annotated[
        int | None, typer.Option("--keep", min=1, help=_("Keep only the N newest backups in DIRECTORY."))
    ] = None,
    age: Annotated[
        list[str] | None,
        typer.Option(
            "--age",
            metavar="RECIPIENT",
            help=_(
                "Also encrypt the backup to this age recipient (age1… or ssh key; repeatable), for off-site copies."
            ),
        ),
    ] = None,
) -> None:
    state = state_of(ctx)
    target = directory.expanduser()
    with open_journal(state) as journal:
        before = set(target.glob("balintlog-*.bldb*")) if target.is_dir() else set()
        with verification_progress(state, _("Verifying the backup")) as advance:
            written = journal.backup(target, keep, advance, age_to=tuple(age or ()))
        state.out.print(_("Backup written and verified: {path}").format(path=written), markup=False)
        deleted = sorted(path.name for path in before if not path.exists())
        if deleted:
            listed = ", ".join(deleted)
            state.out.print(
                ngettext(
                    "Deleted {count} older backup (--keep {keep}): {files}",
                    "Deleted {count} older backups (--keep {keep}): {files}",
                    len(deleted),
                ).format(count=len(deleted), keep=keep, files=listed),
                markup=False,
            )


@app.command(help=_("Replace the vault by a backup, after verifying it; the old vault is kept."))
def restore(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help=_("A backup (balintlog-*.bldb)."))],
) -> None:
    state = state_of(ctx)
    from balintlog.backup import restore as restore_vault
    from balintlog.backup import sync_warning
    from balintlog.passphrase import read_passphrase
    from balintlog.terminal.hints import with_hint

    path = state.vault_path
    notice = sync_warning(path)
    if notice:
        state.warn(with_hint(notice))

    def passphrase() -> bytes:
        prompt = state.secret_prompt()
        return read_passphrase(interactive=state.interactive, prompt=prompt, what=_("Passphrase of the backup"))

    with verification_progress(state, _("Verifying the backup")) as advance:
        result = restore_vault(path, file, passphrase, now=state.clock(), progress=advance, warn=state.warn)
    state.out.print(
        ngettext(
            "Restored {vault} from {file} ({count} encrypted field verified).",
            "Restored {vault} from {file} ({count} encrypted fields verified).",
            result.fields,
        ).format(vault=result.vault, file=file, count=result.fields),
        markup=False,
    )
    if result.previous is not None:
        state.out.print(_("The replaced vault is kept as {path}.").format(path=result.previous), markup=False)
    state.out.print(
        _(
            "The vault now opens with the passphrase the backup was made under (the old one, if you changed it "
            "after that backup); 'balintlog passwd' sets a new one."
        ),
        markup=False,
    )
