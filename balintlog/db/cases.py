"""Queries of cases, their presentations and resonances."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, select

from balintlog import domain
from balintlog.db.schema import (
    T_CASE,
    T_DATA_KEY,
    T_PRESENTATION,
    T_RESONANCE,
    T_SESSION,
    T_SETTING,
    PresentationPlace,
)
from balintlog.errors import DamagedError
from balintlog.i18n import _

if TYPE_CHECKING:
    from balintlog.store import Store


def cases(store: Store, *,
    group_id: str | None = None,
    statuses: Sequence[str] | None = None,
    number: int | None = None,
    ids: Sequence[str] | None = None,
) -> list[domain.Case]:
    """Cases by number; every filter is on plaintext columns."""
    conds: list[Any] = [] if group_id is None else [T_CASE.c.group_id == group_id]
    if statuses is not None:
        conds.append(T_CASE.c.status.in_([str(s) for s in statuses]))
    if number is not None:
        conds.append(T_CASE.c.number == number)
    if ids is not None:
        conds.append(T_CASE.c.id.in_(list(ids)))
    return [case_from_row(r) for r in store.rows(T_CASE, *conds, order_by=[T_CASE.c.number])]

def case_listing(store: Store, *, group_id: str | None = None, statuses: Sequence[str] | None = None
) -> list[tuple[Any, ...]]:
    """The cases by number as a listing shows them, in one query: (id,
    number, group id, presenter id, status, opened, title, relationship,
    number of presentations, latest day presented or None), title and
    relationship opened. The other sealed columns are not read: a
    long-kept journal lists thousands of cases, and each opened field
    costs as much as the rest of its row."""
    opened = ("title", "relationship")
    sql, names = store.row_select(T_CASE, opened)
    conditions: list[str] = []
    params: list[Any] = []
    if group_id is not None:
        conditions.append("t.group_id = ?")
        params.append(group_id)
    if statuses is not None:
        conditions.append(f"t.status IN ({', '.join('?' * len(statuses))})")
        params += [str(s) for s in statuses]
    if conditions:
        sql += " WHERE " + " AND ".join(conditions)
    # Plain tuples from the driver, not Rows: a long-kept journal lists
    # thousands of cases and counts tens of thousands of presentations.
    found = store.driver_rows(sql + " ORDER BY t.number", params)
    check_case = store.seal_checker(T_CASE, names)
    read_case = store.date_reader(T_CASE, names)
    assert read_case is not None
    # Counted here from the presentation rows themselves (their fields as
    # length and ends only), each one's seal checked: a count or a day is
    # shown, so the rows it comes from must be genuine.
    counted, p_names = store.row_select(T_PRESENTATION)
    p_params: list[Any] = []
    if group_id is not None:
        counted += " WHERE t.case_id IN (SELECT id FROM balint_case WHERE group_id = ?)"
        p_params.append(group_id)
    check_presentation = store.seal_checker(T_PRESENTATION, p_names)
    read_presentation = store.date_reader(T_PRESENTATION, p_names)
    assert read_presentation is not None
    p_case, p_date = p_names.index("case_id"), p_names.index("date")
    stats: dict[str, tuple[int, dt.date]] = {}
    get = stats.get
    for raw in store.driver_rows(counted, p_params):
        row = read_presentation(raw)
        check_presentation(row)
        case_id, day = row[p_case], row[p_date]
        n, last = get(case_id, (0, day))
        stats[case_id] = (n + 1, max(last, day))
    at_id, at_version = names.index("id"), names.index("key_version")
    at_title, at_relationship = names.index("title"), names.index("relationship")
    plain = ("id", "number", "group_id", "presenter_id", "status", "opened")
    shown = operator.itemgetter(*(names.index(n) for n in plain))
    store.keyring().load(row[at_id] for row in found)
    open_fields = store.field_opener(T_CASE, opened)
    listing: list[tuple[Any, ...]] = []
    no_stats = (0, None)
    for raw in found:
        row = read_case(raw)
        case_id = row[at_id]
        title, relationship = open_fields(case_id, case_id, row[at_version], (row[at_title], row[at_relationship]))
        check_case(row)
        listing.append((*shown(row), title, relationship, *get(case_id, no_stats)))
    return listing


#: The setting row holding the highest case number ever given out (the
#: case number mark): a fixed id, so that the change log's undo can leave it
#: alone without opening it (:mod:`balintlog.journal.history`). Its name and
#: value are sealed and the row bears its seal like every setting.
CASE_NUMBER_MARK_ID = "case-number-mark"
CASE_NUMBER_MARK_NAME = "case_number_mark"


def case_number_mark(store: Store) -> int:
    """The highest case number ever given out in this vault, as far as the
    mark knows (0 in a vault that has none yet: one made before the mark,
    whose next number is then the highest existing one + 1)."""
    rows = store.rows(T_SETTING, T_SETTING.c.id == CASE_NUMBER_MARK_ID)
    if not rows:
        return 0
    row = rows[0]
    try:
        if row["name"] != CASE_NUMBER_MARK_NAME:
            raise ValueError(row["name"])
        return int(row["value"])
    except ValueError:
        raise DamagedError(
            _("the case number mark holds no case number: the vault was damaged or tampered with"),
            hint="verify_restore",
        ) from None


def raise_case_number_mark(store: Store, number: int) -> None:
    """Raise the mark to ``number`` (never lower it), inside the write gate."""
    current = case_number_mark(store)
    if number <= current:
        return
    values = {"name": CASE_NUMBER_MARK_NAME, "value": str(number)}
    if current == 0 and not store.conn.execute(
        select(T_SETTING.c.id).where(T_SETTING.c.id == CASE_NUMBER_MARK_ID)
    ).first():
        store.insert_row(T_SETTING, {"id": CASE_NUMBER_MARK_ID, **values})
    else:
        store.update_row(T_SETTING, CASE_NUMBER_MARK_ID, values)


def next_case_number(store: Store) -> int:
    """The number the next case gets: above every existing case and above
    every number given out before (numbers are never reused: a backup may
    hold a deleted case under its number). Vault-wide; inside a transaction."""
    return max(store.next_number(T_CASE.c.number), case_number_mark(store) + 1)


def take_case_number(store: Store) -> int:
    """:func:`next_case_number`, recorded in the mark as given out; inside
    the write transaction that adds the case."""
    number = next_case_number(store)
    raise_case_number_mark(store, number)
    return number

def presentations(store: Store, *,
    case_id: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    group_id: str | None = None,
) -> list[domain.Presentation]:
    """Presentations with their resonances, in the order they were worked
    (day, then session number). The day range and group are applied to
    plaintext columns before anything is decrypted."""
    conds = presentation_filter(case_id, since, until, group_id)
    stmt = (
        select(T_PRESENTATION)
        .join(T_SESSION, T_SESSION.c.id == T_PRESENTATION.c.session_id)
        .where(*conds)
        .order_by(T_PRESENTATION.c.date, T_SESSION.c.seq, T_PRESENTATION.c.id)
    )
    opened = store.open_rows(T_PRESENTATION, store.conn.execute(stmt))
    by_presentation: dict[str, list[domain.Resonance]] = {r["id"]: [] for r in opened}
    res_stmt = (
        select(T_RESONANCE)
        .join(T_PRESENTATION, T_PRESENTATION.c.id == T_RESONANCE.c.presentation_id)
        .join(T_SESSION, T_SESSION.c.id == T_PRESENTATION.c.session_id)
        .where(*conds)
        .order_by(T_RESONANCE.c.presentation_id, T_RESONANCE.c.seq)
    )
    for row in store.open_rows(T_RESONANCE, store.conn.execute(res_stmt)):
        res = resonance_from_row(row)
        by_presentation[res.presentation_id].append(res)
    return [presentation_from_row(r, by_presentation[r["id"]]) for r in opened]

def presentation_places(store: Store, *, ids: Iterable[str] = (), case_ids: Iterable[str] = ()
) -> list[PresentationPlace]:
    """Where the presentations with the given ids, and those of the given
    cases, were worked, in the order of :meth:`presentations`; nothing
    is decrypted (each row's seal is checked, the sessions' too)."""
    from balintlog.db.groups import session_seqs

    rows: dict[str, Any] = {}
    for column, values in ((T_PRESENTATION.c.id, ids), (T_PRESENTATION.c.case_id, case_ids)):
        wanted = sorted(set(values))
        for start in range(0, len(wanted), 500):  # stay below SQLite's variable limit
            rows.update({r.id: r for r in store.checked(T_PRESENTATION, column.in_(wanted[start : start + 500]))})
    sessions = session_seqs(store, [r.session_id for r in rows.values()])
    places = [
        PresentationPlace(r.id, r.case_id, r.date, *sessions[r.session_id])
        for r in rows.values()
        if r.session_id in sessions
    ]
    return sorted(places, key=lambda p: (p.date, p.session_seq, p.id))


def presentation_filter(
    case_id: str | None, since: dt.date | None, until: dt.date | None, group_id: str | None
) -> list[Any]:
    conds: list[Any] = []
    if case_id is not None:
        conds.append(T_PRESENTATION.c.case_id == case_id)
    if since is not None:
        conds.append(T_PRESENTATION.c.date >= since)
    if until is not None:
        conds.append(T_PRESENTATION.c.date <= until)
    if group_id is not None:
        conds.append(T_SESSION.c.group_id == group_id)
    return conds

def next_resonance_seq(store: Store, presentation_id: str) -> int:
    return store.next_number(T_RESONANCE.c.seq, T_RESONANCE.c.presentation_id == presentation_id)

def add_case_record(store: Store, record: domain.Case | domain.Presentation | domain.Resonance) -> None:
    """Insert a case, presentation or resonance, sealed under the case's
    key (a new case's key must exist already: :meth:`create_data_key`)."""
    table, values, case_id = _case_values(record)
    store.insert_row(table, values, case_id)

def save_case_record(store: Store, record: domain.Case | domain.Presentation | domain.Resonance) -> None:
    """Write every field of an existing case, presentation or resonance."""
    table, values, case_id = _case_values(record)
    store.update_row(table, record.id, {k: v for k, v in values.items() if k != "id"}, case_id)

def delete_resonances(store: Store, presentation_id: str) -> None:
    store.delete_rows(T_RESONANCE, T_RESONANCE.c.presentation_id == presentation_id)

def delete_case(store: Store, case_id: str) -> None:
    """Delete a case's resonances, presentations, data key and row, in the
    caller's write transaction (checkpoint afterwards). Refused while the
    file holds a trigger or view: one could copy the case's rows or key
    elsewhere as they are deleted (crypto-shredding defeated)."""
    planted = store.conn.exec_driver_sql(
        "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view') ORDER BY name"
    ).first()
    if planted is not None:
        raise DamagedError(
            _("the vault holds a {kind} '{name}' balintlog never makes; the case was not deleted").format(
                kind=planted[0], name=planted[1]
            ),
            hint="verify_restore",
        )
    number = store.conn.execute(select(T_CASE.c.number).where(T_CASE.c.id == case_id)).scalar_one_or_none()
    if number is not None:
        # A vault made before the mark: its highest number is not given out again either.
        raise_case_number_mark(store, int(number))
    for table, column in (
        (T_RESONANCE, T_RESONANCE.c.case_id),
        (T_PRESENTATION, T_PRESENTATION.c.case_id),
        (T_DATA_KEY, T_DATA_KEY.c.case_id),
        (T_CASE, T_CASE.c.id),
    ):
        store.delete_rows(table, column == case_id)
    if store.keys is not None:
        store.keys.forget(case_id)

def _case_values(
    record: domain.Case | domain.Presentation | domain.Resonance,
) -> tuple[Table, dict[str, Any], str]:
    if isinstance(record, domain.Case):
        return T_CASE, {
            "id": record.id,
            "number": record.number,
            "group_id": record.group_id,
            "presenter_id": record.presenter_id,
            "status": record.status.value,
            "opened": record.opened,
            "title": record.title,
            "client": record.client,
            "relationship": record.relationship.value,
            "field": record.field,
            "institution": record.institution,
        }, record.id
    if isinstance(record, domain.Presentation):
        if record.date is None:
            raise ValueError("a presentation is stored with its session's date")
        return T_PRESENTATION, {
            "id": record.id,
            "case_id": record.case_id,
            "session_id": record.session_id,
            "date": record.date,
            "kind": record.kind.value,
            "question": record.question,
            "account": record.account,
            "group_process": record.group_process,
            "leader_notes": record.leader_notes,
            "closing": record.closing,
            "outcome": "" if record.outcome is None else record.outcome.value,
            "what_changed": record.what_changed,
        }, record.case_id
    return T_RESONANCE, {
        "id": record.id,
        "presentation_id": record.presentation_id,
        "case_id": record.case_id,
        "seq": record.seq,
        "intensity": record.intensity,
        "kind": record.kind.value,
        "level": record.level.value,
        "source": record.source,
        "mirroring": "1" if record.mirroring else "0",
        "text": record.text,
    }, record.case_id

def case_from_row(row: Mapping[str, Any]) -> domain.Case:
    return domain.Case(
        id=row["id"],
        number=row["number"],
        group_id=row["group_id"],
        presenter_id=row["presenter_id"],
        title=row["title"],
        status=domain.CaseStatus(row["status"]),
        opened=row["opened"],
        client=row["client"],
        relationship=domain.Relationship(row["relationship"]),
        field=row["field"],
        institution=row["institution"],
    )

def presentation_from_row(
    row: Mapping[str, Any], resonances: Sequence[domain.Resonance] = ()
) -> domain.Presentation:
    return domain.Presentation(
        id=row["id"],
        case_id=row["case_id"],
        session_id=row["session_id"],
        kind=domain.PresentationKind(row["kind"]),
        question=row["question"],
        account=row["account"],
        group_process=row["group_process"],
        leader_notes=row["leader_notes"],
        closing=row["closing"],
        outcome=domain.Outcome(row["outcome"]) if row["outcome"] else None,
        what_changed=row["what_changed"],
        resonances=tuple(resonances),
        date=row["date"],
    )

def resonance_from_row(row: Mapping[str, Any]) -> domain.Resonance:
    return domain.Resonance(
        id=row["id"],
        presentation_id=row["presentation_id"],
        case_id=row["case_id"],
        seq=row["seq"],
        kind=domain.ResonanceKind(row["kind"]),
        level=domain.ResonanceLevel(row["level"]),
        intensity=row["intensity"],
        text=row["text"],
        source=row["source"],
        mirroring=row["mirroring"] == "1",
    )

def delete_presentation(store: Store, presentation_id: str) -> None:
    """Delete a presentation and its resonances (not its case)."""
    store.delete_rows(T_RESONANCE, T_RESONANCE.c.presentation_id == presentation_id)
    store.delete_rows(T_PRESENTATION, T_PRESENTATION.c.id == presentation_id)
