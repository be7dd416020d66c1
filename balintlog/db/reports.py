"""What a report reads: presentations with only the fields it shows opened."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import select

from balintlog import domain
from balintlog.db.cases import presentation_filter
from balintlog.db.schema import T_PRESENTATION, T_RESONANCE, T_SESSION

if TYPE_CHECKING:
    from balintlog.store import Store


def report_presentations(store: Store, *,
    case_id: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    group_id: str | None = None,
) -> list[domain.Presentation]:
    """:meth:`presentations` as a report reads them, with only the
    fields it shows opened: of a presentation its kind, question,
    leader's notes, outcome and what changed (account, group process and
    closing statement stay sealed and come back empty); of a resonance
    its kind, level, intensity and mirroring, and its source and text
    only when it is a mirroring (a report quotes no other resonance).
    Rows are read as plain tuples: a year of a busy journal is some
    13,000 resonances."""
    conds = presentation_filter(case_id, since, until, group_id)
    p, r = T_PRESENTATION, T_RESONANCE
    stmt = (
        select(*store.row_columns(p, ("kind", "question", "leader_notes", "outcome", "what_changed")))
        .join(T_SESSION, T_SESSION.c.id == p.c.session_id)
        .where(*conds)
        .order_by(p.c.date, T_SESSION.c.seq, p.c.id)
    )
    result = store.conn.execute(stmt)
    check_presentation = store.seal_checker(p, list(result.keys()))
    rows = result.all()
    store.keyring().load({row.case_id for row in rows})
    res_stmt = (
        select(r)
        .join(p, p.c.id == r.c.presentation_id)
        .join(T_SESSION, T_SESSION.c.id == p.c.session_id)
        .where(*conds)
        .order_by(r.c.presentation_id, r.c.seq)
    )
    open_fields = store.field_opener(r, ("kind", "level", "mirroring"))
    open_quoted = store.field_opener(r, ("source", "text"))
    # Looked up in a dict: calling the enumeration costs as much as opening the field.
    kinds = {k.value: k for k in domain.ResonanceKind}
    levels = {lv.value: lv for lv in domain.ResonanceLevel}
    by_presentation: dict[str, list[domain.Resonance]] = {row.id: [] for row in rows}
    resonances = store.conn.execute(res_stmt)
    check_resonance = store.seal_checker(r, list(resonances.keys()))
    for res in resonances.all():
        rid, cid, version = res.id, res.case_id, res.key_version
        kind, level, mirroring = open_fields(rid, cid, version, (res.kind, res.level, res.mirroring))
        quoted = (res.source, res.text)
        source, text = open_quoted(rid, cid, version, quoted) if mirroring == "1" else ("", "")
        check_resonance(res)
        by_presentation[res.presentation_id].append(
            domain.Resonance(
                id=rid,
                presentation_id=res.presentation_id,
                case_id=cid,
                seq=res.seq,
                kind=kinds.get(kind) or domain.ResonanceKind(kind),
                level=levels.get(level) or domain.ResonanceLevel(level),
                intensity=res.intensity,
                text=text,
                source=source,
                mirroring=mirroring == "1",
            )
        )
    open_presentation = store.field_opener(p, ("kind", "question", "leader_notes", "outcome", "what_changed"))
    found = []
    for row in rows:
        blobs = (row.kind, row.question, row.leader_notes, row.outcome, row.what_changed)
        kind, question, leader_notes, outcome, what_changed = open_presentation(
            row.id, row.case_id, row.key_version, blobs
        )
        check_presentation(row)
        found.append(
            domain.Presentation(
                id=row.id,
                case_id=row.case_id,
                session_id=row.session_id,
                kind=domain.PresentationKind(kind),
                question=question,
                leader_notes=leader_notes,
                outcome=domain.Outcome(outcome) if outcome else None,
                what_changed=what_changed,
                resonances=tuple(by_presentation[row.id]),
                date=row.date,
            )
        )
    return found
