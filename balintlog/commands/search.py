"""``balintlog search TEXT``: find text in every encrypted field, decrypted in
memory (there is no search index: it would hold plaintext)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from balintlog.i18n import NP_, _, ngettext, pgettext
from balintlog.terminal.boundary import open_journal
from balintlog.terminal.output import JsonFlag, emit_json, print_table
from balintlog.terminal.state import state_of

if TYPE_CHECKING:
    from balintlog.domain import SearchHit

app = typer.Typer()

#: How many matches are shown without --all.
SHOWN = 100

#: Characters of context shown on each side of the first match.
CONTEXT = 40

#: How each searched field is named in the output.
FIELD_LABELS = {
    "group.name": NP_("search field", "group name"),
    "group.institution": NP_("search field", "group institution"),
    "group.co_leader": NP_("search field", "co-leader"),
    "member.field": NP_("search field", "member's field"),
    "block.place": NP_("search field", "block day place"),
    "session.atmosphere": NP_("search field", "atmosphere"),
    "session.group_process": NP_("search field", "session group process"),
    "session.countertransference": NP_("search field", "my countertransference"),
    "session.supervision_questions": NP_("search field", "questions for my supervision"),
    "case.title": NP_("search field", "title"),
    "case.client": NP_("search field", "client"),
    "case.field": NP_("search field", "field"),
    "case.institution": NP_("search field", "institution"),
    "presentation.question": NP_("search field", "question"),
    "presentation.account": NP_("search field", "presentation"),
    "presentation.group_process": NP_("search field", "group process"),
    "presentation.leader_notes": NP_("search field", "leader's notes"),
    "presentation.closing": NP_("search field", "closing statement"),
    "presentation.what_changed": NP_("search field", "what changed"),
    "resonance.text": NP_("search field", "resonance"),
}


def snippet(hit: SearchHit, context: int = CONTEXT) -> tuple[str, list[tuple[int, int]]]:
    """A one-line excerpt around the first match, and the match spans within
    it. Line breaks become spaces (same length, so the spans stay put)."""
    first_start, first_end = hit.spans[0]
    start = max(0, first_start - context)
    end = min(len(hit.text), first_end + context)
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(hit.text) else ""
    piece = hit.text[start:end].replace("\n", " ").replace("\t", " ")
    spans = [
        (max(s, start) - start + len(lead), min(e, end) - start + len(lead))
        for s, e in hit.spans
        if s < end and e > start
    ]
    return f"{lead}{piece}{tail}", spans


def hit_json(hit: SearchHit) -> dict[str, Any]:
    text, spans = snippet(hit)
    return {
        "group": hit.group_handle,
        "case": hit.case_number,
        "session": hit.session_ref,
        "date": hit.date,
        "field": hit.field,
        "snippet": text,
        "matches": [list(span) for span in spans],
    }


@app.command(help=_("Find TEXT in every note, case, presentation and resonance (ignoring case)."))
def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help=_("The text to find (case does not matter)."))],
    group: Annotated[
        str | None, typer.Option("--group", "-g", help=_("Search only this group."), show_default=False)
    ] = None,
    as_json: JsonFlag = False,
    every: Annotated[
        bool, typer.Option("--all", help=_("Show every match, not only the first {shown}.").format(shown=SHOWN))
    ] = False,
) -> None:
    from balintlog.dates import format_date

    state = state_of(ctx)
    with open_journal(state) as journal:
        hits, total = journal.search.find(text, group, None if every else SHOWN)
    more = total - len(hits)
    if as_json:
        emit_json(
            state,
            {"schema": "balintlog.search/1", "text": text, "hits": [hit_json(h) for h in hits], "more": more},
        )
        return
    if not hits:
        state.info(_("No matches."))
        return
    rows: list[tuple[str, ...]] = []
    marks: list[list[tuple[int, int]]] = []
    for hit in hits:
        excerpt, spans = snippet(hit)
        rows.append(
            (
                "" if hit.case_number is None else f"#{hit.case_number}",
                hit.session_ref or hit.group_handle,
                "" if hit.date is None else format_date(hit.date),
                pgettext(*FIELD_LABELS[hit.field]) if hit.field in FIELD_LABELS else hit.field,
                excerpt,
            )
        )
        marks.append(spans)
    # The matches show in bold reverse on a terminal.
    print_table(state, (_("Case"), _("Session"), _("Date"), _("Where"), _("Text")), rows, marks=marks)
    if more:
        state.info(
            _("{total} matches; the first {count} are shown, {more} more with --all.").format(
                total=total, count=len(hits), more=more
            )
        )
    else:
        state.info(ngettext("{count} match.", "{count} matches.", len(hits)).format(count=len(hits)))
