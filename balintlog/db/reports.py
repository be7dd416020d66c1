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
        select(p.c.id, p.c.case_id, p.c.key_version, p.c.session_id, p.c.date)
        .add_columns(p.c.kind, p.c.question, p.c.leader_notes, p.c.outcome, p.c.what_changed)
        .join(T_SESSION, T_SESSION.c.id == p.c.session_id)
        .where(*conds)
        .order_by(p.c.date, T_SESSION.c.seq, p.c.id)
    )
    rows = store.conn.execute(stmt).all()
    store.keyring().load({row[1] for row in rows})
    res_stmt = (
        select(r.c.id, r.c.case_id, r.c.key_version, r.c.presentation_id, r.c.seq, r.c.intensity)
        .add_columns(r.c.kind, r.c.level, r.c.mirroring, r.c.source, r.c.text)
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
    by_presentation: dict[str, list[domain.Resonance]] = {row[0]: [] for row in rows}
    for rid, cid, version, pid, seq, intensity, *blobs in store.conn.execute(res_stmt).all():
        kind, level, mirroring = open_fields(rid, cid, version, blobs[:3])
        source, text = open_quoted(rid, cid, version, blobs[3:]) if mirroring == "1" else ("", "")
        by_presentation[pid].append(
            domain.Resonance(
                id=rid,
                presentation_id=pid,
                case_id=cid,
                seq=seq,
                kind=kinds.get(kind) or domain.ResonanceKind(kind),
                level=levels.get(level) or domain.ResonanceLevel(level),
                intensity=intensity,
                text=text,
                source=source,
                mirroring=mirroring == "1",
            )
        )
    open_presentation = store.field_opener(p, ("kind", "question", "leader_notes", "outcome", "what_changed"))
    found = []
    for pid, cid, version, session_id, day, *blobs in rows:
        kind, question, leader_notes, outcome, what_changed = open_presentation(pid, cid, version, blobs)
        found.append(
            domain.Presentation(
                id=pid,
                case_id=cid,
                session_id=session_id,
                kind=domain.PresentationKind(kind),
                question=question,
                leader_notes=leader_notes,
                outcome=domain.Outcome(outcome) if outcome else None,
                what_changed=what_changed,
                resonances=tuple(by_presentation[pid]),
                date=day,
            )
        )
    return found
