"""``balintlog draft``: text that could not be saved yet (a template given up
on, an editor left open when balintlog stopped), kept encrypted until it is
resumed or discarded. The capture flow that makes drafts lives in
:mod:`balintlog.terminal.capture`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from balintlog.dates import format_date
from balintlog.i18n import _, ngettext
from balintlog.terminal.boundary import open_journal
from balintlog.terminal.capture import resume_command
from balintlog.terminal.options import YesOption
from balintlog.terminal.output import JsonFlag, emit_json, print_table
from balintlog.terminal.prompts import confirm_or_stop
from balintlog.terminal.state import state_of

if TYPE_CHECKING:
    from balintlog.domain import Draft
    from balintlog.journal import Journal

app = typer.Typer(
    name="draft",
    help=_("List, show and discard the drafts kept when a note could not be saved."),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

DraftArg = Annotated[str, typer.Argument(help=_("The draft's id as 'draft list' shows it (e.g. a3f9c1)."))]


def draft_json(journal: Journal, draft: Draft) -> dict[str, Any]:
    return {
        "id": draft.short_id,
        "kind": draft.kind,
        "created": draft.created,
        "for": journal.drafts.label(draft),
        "lines": len(draft.body.splitlines()),
        "resume": resume_command(journal, draft),
    }


def _first_words(body: str) -> str:
    for line in body.splitlines():
        text = line.strip()
        if text and not text.startswith("#"):
            return text if len(text) <= 40 else text[:39] + "…"
    return ""


@app.command("list", help=_("List the drafts, oldest first."))
def list_drafts(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    state = state_of(ctx)
    with open_journal(state) as journal:
        drafts = journal.drafts.all()
        if as_json:
            emit_json(state, {"schema": "balintlog.drafts/1", "drafts": [draft_json(journal, d) for d in drafts]})
            return
        if not drafts:
            state.info(_("No drafts."))
            return
        rows = [
            (
                d.short_id,
                format_date(d.created),
                journal.drafts.label(d),
                _first_words(d.body),
                resume_command(journal, d),
            )
            for d in drafts
        ]
        print_table(state, (_("Draft"), _("Kept on"), _("For"), _("Begins"), _("Resume with")), rows)


@app.command(
    help=_(
        "Print a draft's text exactly as kept (redirect it to a file to use with --from).\n\n"
        "On a terminal, control characters in it show escaped."
    )
)
def show(ctx: typer.Context, draft: DraftArg, as_json: JsonFlag = False) -> None:
    state = state_of(ctx)
    with open_journal(state) as journal:
        found = journal.drafts.get(draft)
        if as_json:
            emit_json(state, {"schema": "balintlog.draft/1", **draft_json(journal, found), "text": found.body})
            return
        state.info(
            _("Draft {id}: {label}; resume with '{command}'").format(
                id=found.short_id, label=journal.drafts.label(found), command=resume_command(journal, found)
            )
        )
        body = found.body if found.body.endswith("\n") else found.body + "\n"
        if state.out.is_terminal:
            from balintlog.terminal.text import escape_controls

            body = escape_controls(body)
        state.out.file.write(body)
        state.out.file.flush()


@app.command(help=_("Delete a draft for good."))
def discard(ctx: typer.Context, draft: DraftArg, yes: YesOption = False) -> None:
    state = state_of(ctx)
    with open_journal(state) as journal:
        found = journal.drafts.get(draft)
        lines = len(found.body.splitlines())
        what = ngettext("draft {id} ({label}, {count} line)", "draft {id} ({label}, {count} lines)", lines).format(
            id=found.short_id, label=journal.drafts.label(found), count=lines
        )
        confirm_or_stop(
            state,
            _("Discard {what}? Its text cannot be recovered").format(what=what),
            yes,
            action=_("discarding a draft"),
        )
        journal.drafts.discard(found)
        state.info(_("Discarded {what}.").format(what=what))
