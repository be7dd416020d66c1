"""``log`` and ``undo``: the vault's change log. Top-level commands
(registered without a noun)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from balintlog.i18n import N_, _
from balintlog.terminal.boundary import open_journal
from balintlog.terminal.options import YesOption
from balintlog.terminal.output import emit_json
from balintlog.terminal.prompts import confirm_or_stop
from balintlog.terminal.state import AppState, state_of

if TYPE_CHECKING:
    from balintlog.journal.history import LoggedChange, LoggedRecord

app = typer.Typer(no_args_is_help=True)

_OPS = {"insert": N_("added"), "update": N_("changed"), "delete": N_("removed")}


@app.command("log", help=_("Show the change log: which command changed which records, and when."))
def log(
    ctx: typer.Context,
    case: Annotated[str | None, typer.Option("--case", help=_("Only changes to this case's records."))] = None,
    session: Annotated[
        str | None, typer.Option("--session", help=_("Only changes to this session's records (GROUP:N)."))
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help=_("Show at most this many changes."), min=1)] = 20,
    patch: Annotated[
        bool, typer.Option("--patch", help=_("Show the old and new text of every changed field."))
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help=_("Print JSON."))] = False,
) -> None:
    state = state_of(ctx)
    with open_journal(state) as journal:
        changes = journal.history.log(case=case, session=session, limit=limit, patch=patch)
        if as_json:
            emit_json(state, {"changes": [_change_data(c, patch=patch) for c in changes]})
            return
        if not changes:
            state.info(_("No changes recorded."))
            return
        for change in changes:
            when = change.at.astimezone().strftime("%Y-%m-%d %H:%M")
            state.out.print(
                _("change {number}  {when}  {command}").format(
                    number=change.seq, when=when, command=change.command or _("(unnamed)")
                ),
                markup=False,
            )
            _print_records(state, change.records, patch=patch)


def _print_records(state: AppState, records: tuple[LoggedRecord, ...], *, patch: bool, indent: str = "  ") -> None:
    for record in records:
        state.out.print(f"{indent}{_(_OPS[record.op.value])} {record.name}", markup=False)
        if not patch:
            continue
        for field in record.fields:
            if field.old is not None:
                state.out.print(_quoted(f"{indent}  - {field.column}: ", field.old), markup=False)
            if field.new is not None:
                state.out.print(_quoted(f"{indent}  + {field.column}: ", field.new), markup=False)


def _quoted(head: str, text: str) -> str:
    lines = text.split("\n")
    pad = "\n" + " " * len(head)
    return head + pad.join(lines)


def _change_data(change: LoggedChange, *, patch: bool) -> dict[str, Any]:
    records = []
    for record in change.records:
        data: dict[str, Any] = {
            "record": record.name,
            "table": record.table,
            "id": record.row_id,
            "op": record.op.value,
        }
        if patch:
            data["fields"] = [{"field": f.column, "old": f.old, "new": f.new} for f in record.fields]
        records.append(data)
    return {"change": change.seq, "at": change.at.isoformat(), "command": change.command, "records": records}


@app.command("undo", help=_("Revert a change (the latest by default) as a new change, after showing what it restores."))
def undo(
    ctx: typer.Context,
    change: Annotated[
        int | None, typer.Argument(help=_("The change to revert (see 'balintlog log'); the latest by default."))
    ] = None,
    yes: YesOption = False,
) -> None:
    state = state_of(ctx)
    with open_journal(state) as journal:
        plan = journal.history.undo_plan(change)
        state.info(
            _("Undoing change {number} ({command}) will:").format(number=plan.seq, command=plan.command or _("unnamed"))
        )
        for record in plan.records:
            verb = {
                "insert": _("put back {record}"),
                "update": _("restore the earlier version of {record}"),
                "delete": _("remove {record}"),
            }
            state.info("  " + verb[record.op.value].format(record=record.name))
            for field in record.fields if record.op.value != "delete" else ():
                state.info(_quoted(f"      {field.column}: ", field.new or _("(empty)")))
        confirm_or_stop(state, _("Undo change {number}?").format(number=plan.seq), yes, action=_("undo"))
        done = journal.history.undo(plan.seq)
    state.out.print(
        _("Undid change {number} ({command}).").format(number=done.seq, command=done.command or _("unnamed")),
        markup=False,
    )
