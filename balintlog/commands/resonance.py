"""``balintlog resonance add``: one more resonance for a case's latest
presentation. Its text comes from stdin or a prompt, never from argv (where
other processes could read it)."""

from __future__ import annotations

from typing import Annotated

import typer

from balintlog.errors import UsageError
from balintlog.i18n import NP_, _, pgettext
from balintlog.kinds import RESONANCE_INTENSITY, SOURCE_GROUP, ResonanceKind, ResonanceLevel
from balintlog.labels import parse_enum
from balintlog.terminal.boundary import open_journal
from balintlog.terminal.output import shown
from balintlog.terminal.state import AppState, state_of

app = typer.Typer(
    name="resonance",
    help=_("Add resonances to a case's latest presentation."),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


#: The sources that are not a member's code, as the output names them.
_SOURCES = {
    "group": NP_("resonance source", "group"),
    "leader": NP_("resonance source", "leader"),
    "co_leader": NP_("resonance source", "co_leader"),
}


def source_word(source: str) -> str:
    """Who a resonance came from: a member's code, or the group or a leader in the user's language."""
    found = _SOURCES.get(source)
    return source if found is None else pgettext(*found)


def read_resonance_text(state: AppState) -> str:
    """One line of text: asked for on a terminal, else read from stdin."""
    text = state.ask(_("Resonance text")) if state.interactive else state.read_stdin()
    lines = [line for line in text.strip().split("\n") if line.strip()]
    if not lines:
        raise UsageError(_("no resonance text; type it at the prompt or pipe it on stdin"))
    if len(lines) > 1:
        raise UsageError(
            _(
                "the resonance text has {count} lines; a resonance is one line "
                "(longer text belongs in the case's notes: 'balintlog case edit')"
            ).format(count=len(lines))
        )
    return lines[0].strip()


@app.command(help=_("Add a resonance (text from stdin, or asked for) to a case's latest presentation."))
def add(
    ctx: typer.Context,
    case: Annotated[str, typer.Argument(help=_("The case number, e.g. 12."), show_default=False)],
    kind: Annotated[
        str,
        typer.Option("--kind", help=_("One of {values}.").format(values=", ".join(ResonanceKind)), show_default=False),
    ],
    level: Annotated[
        str,
        typer.Option(
            "--level", help=_("One of {values}.").format(values=", ".join(ResonanceLevel)), show_default=False
        ),
    ],
    intensity: Annotated[
        int, typer.Option("--intensity", help=_("1 (faint) to 5 (strong)."), min=1, max=5)
    ] = RESONANCE_INTENSITY,
    source: Annotated[
        str, typer.Option("--source", help=_("group, leader, co_leader or a member code."))
    ] = SOURCE_GROUP,
    mirroring: Annotated[bool, typer.Option("--mirroring", help=_("The group mirrored the case here."))] = False,
) -> None:
    state = state_of(ctx)
    with open_journal(state) as journal:
        res_kind = parse_enum(ResonanceKind, kind, _("resonance kind"))
        res_level = parse_enum(ResonanceLevel, level, _("resonance level"))
        number = journal.cases.get(case).number
        text = read_resonance_text(state)
        added = journal.cases.add_resonance(
            number, res_kind, res_level, text, intensity=intensity, source=source, mirroring=mirroring
        )
    state.out.print(
        (
            _(
                "Added resonance {seq} ({kind} / {level} / {intensity}, from {source}, mirroring) "
                "to case #{number}'s latest presentation."
            )
            if added.mirroring
            else _(
                "Added resonance {seq} ({kind} / {level} / {intensity}, from {source}) "
                "to case #{number}'s latest presentation."
            )
        ).format(
            seq=added.seq,
            kind=shown(added.kind),
            level=shown(added.level),
            intensity=added.intensity,
            source=source_word(added.source),
            number=number,
        ),
        markup=False,
    )
