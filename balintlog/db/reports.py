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
    texts = ("account", "group_process", "closing") if full else ()
    stmt = (
        select(*store.row_columns(p, ("kind", "question", "leader_notes", "outcome", "what_changed", *texts)))
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
        quoted = full or mirroring == "1" or res.intensity >= quote_from
        source, text = open_quoted(rid, cid, version, (res.source, res.text)) if quoted else ("", "")
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
    open_presentation = store.field_opener(p, ("kind", "question", "leader_notes", "outcome", "what_changed", *texts))
    found = []
    for row in rows:
        blobs: tuple[bytes, ...] = (row.kind, row.question, row.leader_notes, row.outcome, row.what_changed)
        if full:
            blobs += (row.account, row.group_process, row.closing)
        kind, question, leader_notes, outcome, what_changed, *more = open_presentation(
            row.id, row.case_id, row.key_version, blobs
        )
        account, group_process, closing = more or ("", "", "")
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
                account=account,
                group_process=group_process,
                closing=closing,
                resonances=tuple(by_presentation[row.id]),
                date=row.date,
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
