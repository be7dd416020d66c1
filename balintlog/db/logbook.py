"""Queries of the leader's logbook, and the plain counts of the journal's
own sessions it adds to it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from balintlog import domain
from balintlog.db.schema import T_LOGBOOK, T_PRESENTATION

if TYPE_CHECKING:
    from balintlog.store import Store


def entries(
    store: Store, *, id_prefix: str = "", since: dt.date | None = None, until: dt.date | None = None
) -> list[domain.LogbookEntry]:
    """Logbook entries in order of day (then id), from ``since`` to ``until``
    inclusive; ``id_prefix`` narrows by id."""
    conds = [T_LOGBOOK.c.id.startswith(id_prefix, autoescape=True)] if id_prefix else []
    if since is not None:
        conds.append(T_LOGBOOK.c.date >= since)
    if until is not None:
        conds.append(T_LOGBOOK.c.date <= until)
    rows = store.rows(T_LOGBOOK, *conds, order_by=[T_LOGBOOK.c.date, T_LOGBOOK.c.id])
    return [
        domain.LogbookEntry(
            id=r["id"],
            kind=domain.LogbookKind(r["kind"]),
            date=r["date"],
            minutes=r["minutes"],
            sessions=r["sessions"],
            with_whom=r["with_whom"],
            format=r["format"],
            title=r["title"],
            notes=r["notes"],
        )
        for r in rows
    ]


def add_entry(store: Store, entry: domain.LogbookEntry) -> None:
    store.insert_row(
        T_LOGBOOK,
        {
            "id": entry.id,
            "date": entry.date,
            "minutes": entry.minutes,
            "sessions": entry.sessions,
            "kind": entry.kind.value,
            "with_whom": entry.with_whom,
            "format": entry.format,
            "title": entry.title,
            "notes": entry.notes,
        },
    )


def delete_entry(store: Store, entry_id: str) -> None:
    store.delete_rows(T_LOGBOOK, T_LOGBOOK.c.id == entry_id)


def presentation_counts(store: Store, session_ids: Sequence[str]) -> Counter[str]:
    """How many presentations (case discussions) each session holds; plain
    columns only, every row's seal checked."""
    wanted = set(session_ids)
    counts: Counter[str] = Counter()
    if wanted:
        # All of them rather than an IN list that could pass SQLite's limit on parameters.
        for row in store.checked(T_PRESENTATION):
            if row.session_id in wanted:
                counts[row.session_id] += 1
    return counts
