"""Queries of drafts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from balintlog import domain
from balintlog.db.schema import T_DRAFT

if TYPE_CHECKING:
    from balintlog.store import Store


def drafts(store: Store, id_prefix: str = "") -> list[domain.Draft]:
    """Drafts, oldest first; ``id_prefix`` narrows by id."""
    conds = [T_DRAFT.c.id.startswith(id_prefix, autoescape=True)] if id_prefix else []
    rows = store.rows(T_DRAFT, *conds, order_by=[T_DRAFT.c.created, T_DRAFT.c.id])
    return [
        domain.Draft(
            id=r["id"], kind=domain.DraftKind(r["kind"]), created=r["created"], body=r["body"], context=r["context"]
        )
        for r in rows
    ]

def add_draft(store: Store, draft: domain.Draft) -> None:
    values = {"id": draft.id, "created": draft.created, "kind": draft.kind.value}
    store.insert_row(T_DRAFT, {**values, "context": draft.context, "body": draft.body})

def save_draft(store: Store, draft: domain.Draft) -> None:
    store.update_row(T_DRAFT, draft.id, {"body": draft.body, "context": draft.context, "kind": draft.kind.value})

def delete_draft(store: Store, draft_id: str) -> None:
    store.delete_rows(T_DRAFT, T_DRAFT.c.id == draft_id)
