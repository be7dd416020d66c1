"""The change log as a user sees it (``journal.history``): ``log`` (what
command changed which records when, and with ``--patch`` the old and new
text of every field) and ``undo`` (a change reverted as a new change,
refused when later changes touched the same records)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from balintlog import changelog
from balintlog.db import cases as db_cases
from balintlog.db.schema import METADATA, record_noun
from balintlog.errors import ConflictError, DamagedError, NotFoundError
from balintlog.i18n import _
from balintlog.journal.service import Service
from balintlog.seals import Change, Op

if TYPE_CHECKING:
    from sqlalchemy import Table

    from balintlog.store import Store

#: The columns that are the row itself, not its content.
_BOOKKEEPING = frozenset({"seal", "key_version"})
#: The case number mark (:data:`balintlog.db.cases.CASE_NUMBER_MARK_ID`):
#: bookkeeping that only ever rises. Not shown in the log, never put back by
#: an undo (a number once given out is never given out again) and no
#: conflict for one: every case add and delete touches it.
_MARK = ("setting", db_cases.CASE_NUMBER_MARK_ID)


@dataclass(frozen=True)
class FieldChange:
    """One column of a record before and after a change (None: the record
    did not exist on that side, or its content was not kept)."""

    column: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class LoggedRecord:
    table: str
    row_id: str
    op: Op
    #: The record's name ("case #3", "resonance 2 (1a2b3c4d) of case #3").
    name: str
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class LoggedChange:
    seq: int
    at: dt.datetime
    command: str
    records: tuple[LoggedRecord, ...]


@dataclass(frozen=True)
class UndoPlan:
    """What undoing change ``seq`` does: each record with the fields it
    gets back (old: as it is now, new: as it will be)."""

    seq: int
    command: str
    records: tuple[LoggedRecord, ...]


class History(Service):
    """The change log: :meth:`log`, :meth:`undo_plan`, :meth:`undo`."""

    def log(
        self,
        *,
        case: int | str | None = None,
        session: str | None = None,
        limit: int | None = None,
        patch: bool = False,
    ) -> list[LoggedChange]:
        """The changes, newest first (of one case's or session's records);
        with ``patch`` each record's fields before and after."""
        with self.store.transaction(write=False):
            case_id = None if case is None else self._cases.get(case).id
            session_id = None if session is None else self._sessions.get(session).id
            return _Log(self.store).entries(case_id=case_id, session_id=session_id, limit=limit, patch=patch)

    def undo_plan(self, seq: int | None = None) -> UndoPlan:
        """What :meth:`undo` would do (ConflictError when it cannot)."""
        with self.store.transaction(write=False):
            return _Log(self.store).plan(seq)

    def undo(self, seq: int | None = None) -> UndoPlan:
        """Revert change ``seq`` (the latest when None) as a new change;
        ConflictError naming the records when later changes touched them."""
        target = self.undo_plan(seq).seq
        with self._journal.writing(f"undo {target}"):
            log = _Log(self.store)
            plan = log.plan(target)  # again, inside the write lock
            log.undo(plan)
        self.store.checkpoint()
        return plan


class _Log:
    """The change log of an open, unlocked vault (inside a transaction)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.tables: Mapping[str, Table] = METADATA.tables
        self.log = store.change_log()

    # -- reading ------------------------------------------------------------------

    def changes(self, newest_first: bool = True) -> Iterator[Change]:
        entries = list(self.log.entries())
        if newest_first:
            entries.reverse()
        for entry in entries:
            if entry.change is None:
                raise DamagedError(
                    _("change {seq} of the change log failed its integrity check").format(seq=entry.seq),
                    hint="verify",
                )
            yield entry.change

    def change(self, seq: int) -> Change:
        for change in self.changes():
            if change.seq == seq:
                return change
        raise NotFoundError(_("there is no change {seq}").format(seq=seq), hint="change_log")

    def live(self, table: str, row_id: str) -> dict[str, Any] | None:
        """The row as it is now (its seal checked), None if it is gone."""
        from sqlalchemy import select

        t = self.tables[table]
        row = self.store.conn.execute(select(t).where(*self._key(t, row_id))).mappings().one_or_none()
        if row is None:
            return None
        self.store.check_seal(t, row)
        return dict(row)

    @staticmethod
    def _key(table: Table, row_id: str) -> list[Any]:
        if table.name == "attendance":
            session_id, _, member_id = row_id.partition(":")
            return [table.c.session_id == session_id, table.c.member_id == member_id]
        return [table.c.id == row_id]

    def before(self, seq: int, table: str, row_id: str) -> dict[str, Any] | None:
        """The row as it was before change ``seq`` (None if not kept)."""
        try:
            return self.log.content(seq, table, row_id)
        except ValueError as exc:
            raise DamagedError(
                # TRANSLATORS: {record} is what a table's rows are called (case, session), {problem} why it failed.
                _("the change log's copy of {record} {id} from change {seq}: {problem}").format(
                    record=record_noun(table), id=row_id[:8], seq=seq, problem=exc
                ),
                hint="verify",
            ) from None

    def after(self, seq: int, table: str, row_id: str) -> dict[str, Any] | None:
        """The row as change ``seq`` left it: the content the next change
        to it kept, else the row as it is now."""
        from sqlalchemy import select

        t = self.tables[changelog.CHANGE_CONTENT]
        later = self.store.conn.execute(
            select(t.c.change_seq)
            .where(t.c.table_name == table, t.c.row_id == row_id, t.c.change_seq > seq)
            .order_by(t.c.change_seq)
            .limit(1)
        ).scalar_one_or_none()
        if later is not None:
            return self.before(int(later), table, row_id)
        return self.live(table, row_id)

    def name(self, table: str, row_id: str, *versions: Mapping[str, Any] | None) -> str:
        known = next((v for v in versions if v is not None), None)
        return self.store.describe_record(self.tables[table], known if known is not None else {"id": row_id})

    def opened(self, table: str, row: Mapping[str, Any] | None) -> dict[str, Any] | None:
        """A stored row with its sealed fields opened (its content was
        authenticated where it was read)."""
        if row is None:
            return None
        out = dict(row)
        self.store.open_fields(self.tables[table], out)
        return out

    def fields(
        self, table: str, old: Mapping[str, Any] | None, new: Mapping[str, Any] | None
    ) -> tuple[FieldChange, ...]:
        if table in changelog.PRIVATE_TABLES:
            return ()
        old_open, new_open = self.opened(table, old), self.opened(table, new)
        # Ids, references and wrapped keys mean nothing to a reader: the record's name says whose it is.
        columns = [
            c.name
            for c in self.tables[table].columns
            if c.name not in _BOOKKEEPING
            and c.name != "id"
            and not c.name.endswith("_id")
            and (c.info.get("sealed") or not changelog.is_binary(c))
        ]
        found = []
        for column in columns:
            before = None if old_open is None else _text(old_open.get(column))
            after = None if new_open is None else _text(new_open.get(column))
            if before != after and (before or after):
                found.append(FieldChange(column, before, after))
        return tuple(found)

    def entries(
        self,
        *,
        case_id: str | None = None,
        session_id: str | None = None,
        limit: int | None = None,
        patch: bool = False,
    ) -> list[LoggedChange]:
        """The changes, newest first, narrowed to those touching a case's or
        a session's records."""
        found: list[LoggedChange] = []
        for change in self.changes():
            records = []
            for row in change.rows:
                if (row.table, row.row_id) == _MARK:
                    continue
                old = self.before(change.seq, row.table, row.row_id) if row.op is not Op.INSERT else None
                new = self.after(change.seq, row.table, row.row_id) if row.op is not Op.DELETE else None
                if not _belongs(row.table, row.row_id, (old, new), case_id, session_id):
                    continue
                fields = self.fields(row.table, old, new) if patch else ()
                name = self.name(row.table, row.row_id, new, old)
                records.append(LoggedRecord(row.table, row.row_id, row.op, name, fields))
            if records or (case_id is None and session_id is None):
                found.append(LoggedChange(change.seq, change.at, change.command, tuple(records)))
            if limit is not None and len(found) >= limit:
                break
        return found

    # -- undo ---------------------------------------------------------------------

    def plan(self, seq: int | None) -> UndoPlan:
        """What undoing change ``seq`` (the latest when None) would do;
        ConflictError when it cannot be undone."""
        changes = list(self.changes())
        if not changes:
            raise NotFoundError(_("the change log is empty: there is nothing to undo"))
        target = changes[0] if seq is None else next((c for c in changes if c.seq == seq), None)
        if target is None:
            raise NotFoundError(_("there is no change {seq}").format(seq=seq), hint="change_log")
        if target.command == changelog.UPGRADE_COMMAND or any(r.table == "vault_meta" for r in target.rows):
            raise ConflictError(
                _("change {seq} ({command}) made the vault itself; it cannot be undone").format(
                    seq=target.seq, command=target.command
                )
            )
        mine = target.records() - {_MARK}
        touched_later: dict[tuple[str, str], int] = {}
        for later in changes:
            if later.seq <= target.seq:
                break
            if later.command == changelog.REKEY_COMMAND:
                raise ConflictError(
                    _(
                        "cannot undo change {seq}: the vault's keys were renewed after it (change {later}, rekey), "
                        "and no change before a rekey can be undone"
                    ).format(seq=target.seq, later=later.seq)
                )
            for key in later.records() & mine:
                touched_later[key] = later.seq
        if touched_later:
            names = [
                _("{record} (change {seq})").format(record=self.name(t, i, self.live(t, i)), seq=n)
                for (t, i), n in sorted(touched_later.items())
            ]
            message = _("cannot undo change {seq}: later changes touched the same records: {records}; undo those first")
            raise ConflictError(message.format(seq=target.seq, records=", ".join(names)))
        records = []
        for row in target.rows:
            if (row.table, row.row_id) == _MARK:
                continue
            now = self.live(row.table, row.row_id)
            if row.op is Op.INSERT:
                back = None
            else:
                back = self.before(target.seq, row.table, row.row_id)
                if back is None:
                    name = self.name(row.table, row.row_id, now)
                    if row.table in changelog.NO_CONTENT:
                        message = _("cannot undo change {seq}: {record} cannot be put back (keys are never restored)")
                    else:
                        message = _("cannot undo change {seq}: {record} cannot be put back (its content is gone)")
                    raise ConflictError(message.format(seq=target.seq, record=name))
            undone = {Op.INSERT: Op.DELETE, Op.UPDATE: Op.UPDATE, Op.DELETE: Op.INSERT}[row.op]
            fields = self.fields(row.table, now, back)
            name = self.name(row.table, row.row_id, now, back)
            records.append(LoggedRecord(row.table, row.row_id, undone, name, fields))
        return UndoPlan(target.seq, target.command, tuple(records))

    def undo(self, plan: UndoPlan) -> None:
        """Carry ``plan`` out in the current write transaction: rows taken
        away children first, rows put back parents first."""
        order = {t.name: i for i, t in enumerate(METADATA.sorted_tables)}
        gone = sorted((r for r in plan.records if r.op is Op.DELETE), key=lambda r: -order[r.table])
        back = sorted((r for r in plan.records if r.op is not Op.DELETE), key=lambda r: order[r.table])
        for record in gone:
            table = self.tables[record.table]
            if record.table == "balint_case":
                # An undone case add gives its number back to no one.
                live = self.live(record.table, record.row_id)
                if live is not None:
                    db_cases.raise_case_number_mark(self.store, int(live["number"]))
            self.store.delete_rows(table, *self._key(table, record.row_id))
        for record in back:
            content = self.before(plan.seq, record.table, record.row_id)
            assert content is not None  # plan() refused otherwise
            self.store.replace_plain(self.tables[record.table], content)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _belongs(
    table: str,
    row_id: str,
    versions: Sequence[Mapping[str, Any] | None],
    case_id: str | None,
    session_id: str | None,
) -> bool:
    """Whether a record is one of the case's or the session's."""
    if case_id is None and session_id is None:
        return True
    for version in versions:
        if version is None:
            continue
        if case_id is not None:
            own = version.get("id") if table == "balint_case" else version.get("case_id")
            if own == case_id:
                return True
        if session_id is not None:
            own = version.get("id") if table == "group_session" else version.get("session_id")
            if own == session_id:
                return True
    return session_id is not None and table == "attendance" and row_id.startswith(session_id + ":")
