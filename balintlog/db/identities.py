"""Queries of members' identities (sealed apart, see
:data:`balintlog.db.schema.T_IDENTITY`), the leader's profile and the
accreditations of events."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from balintlog import domain
from balintlog.db import keyslots
from balintlog.db.schema import T_ACCREDITATION, T_IDENTITY, T_IDENTITY_KEY, T_LEADER, new_id

if TYPE_CHECKING:
    from balintlog.store import Store

_IDENTITY_FIELDS = ("name", "title", "efn", "address")
_LEADER_FIELDS = ("name", "title", "recognitions", "address", "signature")
_ACCREDITATION_FIELDS = ("topic", "vnr", "chamber", "category", "place")


def identified(store: Store, member_ids: Sequence[str]) -> set[str]:
    """Which of ``member_ids`` have an identity recorded (nothing is unwrapped)."""
    rows = store.checked(T_IDENTITY, T_IDENTITY.c.member_id.in_(list(member_ids)))
    return {row.member_id for row in rows}


def identities(store: Store, member_ids: Sequence[str]) -> dict[str, domain.Identity]:
    """The identities of ``member_ids`` that have one, each opened with its own key."""
    rows = store.rows(T_IDENTITY, T_IDENTITY.c.member_id.in_(list(member_ids)))
    return {r["member_id"]: domain.Identity(**{f: r[f] for f in _IDENTITY_FIELDS}) for r in rows}


def clear_identity(store: Store, member_id: str) -> bool:
    """Delete a member's identity and its key (crypto-shredding: the change
    log keeps no content of either). Whether there was one."""
    found = store.checked(T_IDENTITY, T_IDENTITY.c.member_id == member_id)
    for row in found:
        store.delete_rows(T_IDENTITY_KEY, T_IDENTITY_KEY.c.identity_id == row.id)
        store.delete_rows(T_IDENTITY, T_IDENTITY.c.id == row.id)
        if store.keys is not None:
            store.keys.forget_identity(row.id)
    return bool(found)


def set_identity(store: Store, member_id: str, identity: domain.Identity) -> None:
    """Record a member's identity under a fresh key of its own; an earlier
    one is shredded with its key."""
    clear_identity(store, member_id)
    identity_id = new_id()
    keyslots.create_identity_key(store, store.keyring().master_key, identity_id)
    store.insert_row(
        T_IDENTITY,
        {"id": identity_id, "member_id": member_id, **{f: getattr(identity, f) for f in _IDENTITY_FIELDS}},
    )


def leader_profile(store: Store) -> domain.LeaderProfile | None:
    rows = store.rows(T_LEADER)
    if not rows:
        return None
    return domain.LeaderProfile(**{f: rows[0][f] for f in _LEADER_FIELDS})


def set_leader_profile(store: Store, profile: domain.LeaderProfile) -> None:
    values = {f: getattr(profile, f) for f in _LEADER_FIELDS}
    existing = store.checked(T_LEADER)
    if existing:
        store.update_row(T_LEADER, existing[0].id, values)
    else:
        store.insert_row(T_LEADER, values)


def accreditations(store: Store, group_id: str | None = None) -> list[domain.Accreditation]:
    """The accreditations of one group (None: of every group)."""
    conds = [] if group_id is None else [T_ACCREDITATION.c.group_id == group_id]
    rows = store.rows(T_ACCREDITATION, *conds, order_by=[T_ACCREDITATION.c.id])
    return [
        domain.Accreditation(
            id=r["id"],
            group_id=r["group_id"],
            block_id=r["block_id"],
            session_id=r["session_id"],
            points=r["points"],
            **{f: r[f] for f in _ACCREDITATION_FIELDS},
        )
        for r in rows
    ]


def set_accreditation(store: Store, accreditation: domain.Accreditation) -> None:
    """Record the accreditation of a group, block day or session, replacing
    the one recorded for the same event."""
    t = T_ACCREDITATION.c
    same = [
        t.group_id == accreditation.group_id,
        t.block_id.is_(None) if accreditation.block_id is None else t.block_id == accreditation.block_id,
        t.session_id.is_(None) if accreditation.session_id is None else t.session_id == accreditation.session_id,
    ]
    values = {
        "group_id": accreditation.group_id,
        "block_id": accreditation.block_id,
        "session_id": accreditation.session_id,
        "points": accreditation.points,
        **{f: getattr(accreditation, f) for f in _ACCREDITATION_FIELDS},
    }
    existing = store.checked(T_ACCREDITATION, *same)
    if existing:
        store.update_row(T_ACCREDITATION, existing[0].id, values)
    else:
        store.insert_row(T_ACCREDITATION, values)
