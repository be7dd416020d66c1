"""What a report reads: presentations with only the fields it shows
opened, and the groups' own report settings."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import select

from balintlog import domain
from balintlog.db.cases import presentation_filter
from balintlog.db.schema import T_PRESENTATION, T_RESONANCE, T_SESSION, T_SETTING

if TYPE_CHECKING:
    from balintlog.store import Store


#: ``quote_from`` of :func:`report_presentations` that quotes no resonance
#: for its intensity (the scale ends at 5).
QUOTE_NONE = 6


def report_presentations(store: Store, *,
    case_id: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    group_id: str | None = None,
    quote_from: int = QUOTE_NONE,
    full: bool = False,
) -> list[domain.Presentation]:
    """:meth:`presentations` as a report reads them, with only the
    fields it shows opened: of a presentation its kind, question,
    leader's notes, outcome and what changed (account, group process and
    closing statement stay sealed and come back empty unless ``full``);
    of a resonance its kind, level, intensity and mirroring, and its
    source and text only when it is a mirroring or at least
    ``quote_from`` intense, or ``full`` (a report quotes no other
    resonance). Rows are read as plain tuples: a year of a busy journal
    is some 13,000 resonances."""
    conds = presentation_filter(case_id, since, until, group_id)
    p, r = T_PRESENTATION, T_RESONANCE
    stmt = (
        select(p.c.id, p.c.case_id, p.c.key_version, p.c.session_id, p.c.date)
        .add_columns(p.c.kind, p.c.question, p.c.leader_notes, p.c.outcome, p.c.what_changed)
        .add_columns(*((p.c.account, p.c.group_process, p.c.closing) if full else ()))
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
        quoted = full or mirroring == "1" or intensity >= quote_from
        source, text = open_quoted(rid, cid, version, blobs[3:]) if quoted else ("", "")
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
    texts = ("account", "group_process", "closing") if full else ()
    open_presentation = store.field_opener(p, ("kind", "question", "leader_notes", "outcome", "what_changed", *texts))
    found = []
    for pid, cid, version, session_id, day, *blobs in rows:
        kind, question, leader_notes, outcome, what_changed, *more = open_presentation(pid, cid, version, blobs)
        account, group_process, closing = more or ("", "", "")
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
                account=account,
                group_process=group_process,
                closing=closing,
                resonances=tuple(by_presentation[pid]),
                date=day,
            )
        )
    return found


def settings(store: Store) -> dict[str, str]:
    """Every setting, name → value (names are sealed too: the few rows are
    all opened)."""
    return {row["name"]: row["value"] for row in store.rows(T_SETTING)}


def put_setting(store: Store, name: str, value: str | None) -> None:
    """Set (or, with None, remove) a setting, inside the write gate."""
    found = [row["id"] for row in store.rows(T_SETTING) if row["name"] == name]
    if found:
        store.delete_rows(T_SETTING, T_SETTING.c.id.in_(found))
    if value is not None:
        store.insert_row(T_SETTING, {"name": name, "value": value})
