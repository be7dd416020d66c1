"""The library API: every use case of balintlog as a method of :class:`Journal`.

The CLI is a thin client of this module; tests and reports use it directly.
A Journal is an unlocked vault: open it with :meth:`Journal.unlock` (or
:meth:`Journal.create` for a new one) and close it when done.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import unicodedata
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, NamedTuple

from balintlog import vault
from balintlog.dates import format_date
from balintlog.domain import (
    SOURCE_GROUP,
    SPECIAL_SOURCES,
    Block,
    Case,
    CaseHistory,
    CaseStatus,
    Draft,
    DraftKind,
    Group,
    GroupKind,
    GroupSession,
    HistoryEntry,
    Member,
    Presentation,
    PresentationKind,
    Profession,
    Relationship,
    Resonance,
    ResonanceKind,
    ResonanceLevel,
    SearchHit,
    SessionMode,
    SessionNotes,
    SessionStatus,
    Setting,
    parse_enum,
)
from balintlog.errors import ConflictError, DamagedError, LockedError, NotFoundError, UsageError
from balintlog.store import SLOT_PASSPHRASE, SLOT_RECOVERY, KeyslotRow, Store, new_id

if TYPE_CHECKING:
    from balintlog.history import LoggedChange, UndoPlan
    from balintlog.reports.model import Report, ReportSource
    from balintlog.template import CaseNote

Warn = Callable[[str], None]
PassphraseSource = Callable[[], bytes]

TEST_KDF_WARNING = (
    "warning: this vault uses the insecure test KDF; never keep real notes in it"
)


def _ignore(_msg: str) -> None:
    return None


@dataclass(frozen=True)
class VerifyResult:
    fields: int
    failures: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.failures


@dataclass(frozen=True)
class CaseAdded:
    """A presentation just recorded: the case (as it is now), the
    presentation with its resonances, its session's REF, and the presenter
    when they had to be marked present."""

    case: Case
    presentation: Presentation
    session_ref: str
    marked_present: Member | None


class CaseSummary(NamedTuple):
    """A case as listed: with its group, presenter, how often and when last
    it was presented. (A named tuple: a listing makes thousands, and a frozen
    dataclass costs several times as much to make.)"""

    number: int
    title: str
    group_handle: str
    presenter_code: str
    relationship: Relationship
    status: CaseStatus
    opened: dt.date
    presentations: int
    last_presented: dt.date


class Journal:
    """An unlocked vault."""

    def __init__(
        self, store: Store, *, today: dt.date, warn: Warn = _ignore, now: dt.datetime | None = None
    ) -> None:
        self.store = store
        self.today = today
        self.warn = warn
        #: The time of day (the CLI's clock); session start and end times come from it.
        self.now = now if now is not None else dt.datetime.combine(today, dt.datetime.now().time())
        self._group_cache: list[Group] | None = None

    # -- lifecycle ----------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path,
        passphrase: bytes,
        *,
        today: dt.date,
        test_kdf: bool = False,
        params: vault.KdfParams | None = None,
        warn: Warn = _ignore,
        now: dt.datetime | None = None,
    ) -> tuple[Journal, str]:
        """Create a vault at ``path``. Returns the journal and the recovery
        code, which is shown once and stored nowhere."""
        if path.exists():
            from balintlog.errors import ConflictError

            raise ConflictError(f"a vault already exists at {path}; use it, or choose another --vault")
        if test_kdf:
            params = vault.TEST_PARAMS
        elif params is None:
            params = vault.calibrate()
        store = Store.create(path, test_kdf=test_kdf, today=today)
        try:
            master = vault.new_key()
            code = vault.new_recovery_code()
            store.unlock(master)
            store.command = "init"
            with store.transaction(write=True):
                store.seal_unsealed()
                store.put_keyslot(_passphrase_slot(store, master, passphrase, params), today)
                store.put_keyslot(_recovery_slot(store, master, code), today)
                store.create_data_key(master, None)
        except BaseException:
            store.close()
            for suffix in ("", "-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
            raise
        store.command = ""
        if test_kdf:
            warn(TEST_KDF_WARNING)
        return cls(store, today=today, warn=warn, now=now), code

    @classmethod
    def unlock(
        cls,
        path: Path,
        passphrase: PassphraseSource,
        *,
        today: dt.date,
        warn: Warn = _ignore,
        now: dt.datetime | None = None,
    ) -> Journal:
        """Open the vault at ``path`` with the passphrase ``passphrase()``
        returns (asked only after the vault was found and checked)."""
        store = Store.open(path)
        try:
            master = unlock_master_key(store, passphrase())
            store.unlock(master)
            _after_unlock(store, warn, now)
        except BaseException:
            store.close()
            raise
        return cls(store, today=today, warn=warn, now=now)

    @classmethod
    def with_master_key(
        cls,
        path: Path,
        master_key: bytes,
        *,
        today: dt.date,
        warn: Warn = _ignore,
        now: dt.datetime | None = None,
    ) -> Journal:
        """Open with a master key held by the agent; the key is checked
        against the vault's own data key before anything is trusted."""
        return cls.from_store(Store.open(path), master_key, today=today, warn=warn, now=now)

    @classmethod
    def from_store(
        cls,
        store: Store,
        master_key: bytes,
        *,
        today: dt.date,
        warn: Warn = _ignore,
        now: dt.datetime | None = None,
    ) -> Journal:
        """:meth:`with_master_key` for a vault opened already (to ask the
        agent for its key by vault id), so that it is not opened twice. The
        store is closed when the key is not the vault's."""
        store.unlock(master_key)
        try:
            store.data_key(master_key, None)
        except DamagedError:
            store.close()
            raise LockedError("the agent holds the key of another vault; run 'balintlog lock'") from None
        try:
            _after_unlock(store, warn, now)
        except BaseException:
            store.close()
            raise
        return cls(store, today=today, warn=warn, now=now)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def master_key(self) -> bytes:
        keys = self.store.keys
        if keys is None:
            raise LockedError("the vault is locked")
        return keys.master_key

    # -- keys -----------------------------------------------------------------

    def change_passphrase(self, new_passphrase: bytes, *, params: vault.KdfParams | None = None) -> None:
        """Re-wrap the master key under a new passphrase. The data is not
        re-encrypted: backups made earlier still open with the old one."""
        if params is None:
            params = vault.TEST_PARAMS if self.store.meta().test_kdf else vault.calibrate()
        with self.store.transaction(write=True):
            self.store.put_keyslot(
                _passphrase_slot(self.store, self.master_key, new_passphrase, params), self.today
            )
        self.store.checkpoint()

    def kdf_params(self) -> vault.KdfParams:
        """The Argon2id parameters of the passphrase keyslot."""
        return self.store.keyslot(SLOT_PASSPHRASE).params

    def verify(self, progress: Callable[[int, int], None] | None = None) -> VerifyResult:
        """Open every sealed field of the vault; each failure names its record."""
        fields, failures = self.store.verify(progress)
        try:
            older = self.store.rollback_warning()
        except DamagedError as exc:
            older = str(exc)
        if older is not None:
            failures.append(older)
        return VerifyResult(fields, tuple(failures))

    # -- the change log ---------------------------------------------------------

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
        from balintlog.history import History

        with self.store.transaction(write=False):
            case_id = None if case is None else self.case(case).id
            session_id = None if session is None else self.session(session).id
            return History(self.store).entries(case_id=case_id, session_id=session_id, limit=limit, patch=patch)

    def undo_plan(self, seq: int | None = None) -> UndoPlan:
        """What :meth:`undo` would do (ConflictError when it cannot)."""
        from balintlog.history import History

        with self.store.transaction(write=False):
            return History(self.store).plan(seq)

    def undo(self, seq: int | None = None) -> UndoPlan:
        """Revert change ``seq`` (the latest when None) as a new change;
        ConflictError naming the records when later changes touched them."""
        from balintlog.history import History

        previous = self.store.command
        try:
            with self.store.transaction(write=True):
                history = History(self.store)
                plan = history.plan(seq)
                self.store.command = f"undo {plan.seq}"  # what the change appended at commit records
                history.undo(plan)
        finally:
            self.store.command = previous
        self.store.checkpoint()
        return plan

    # -- groups and members ---------------------------------------------------

    def add_group(
        self,
        handle: str,
        name: str,
        kind: GroupKind | str,
        start: dt.date,
        *,
        setting: Setting | str = Setting.OPEN,
        institution: str = "",
        planned_end: dt.date | None = None,
        session_minutes: int = 90,
        block_size: int = 4,
        co_leader: str = "",
        retention: dt.date | None = None,
    ) -> Group:
        """Add a group. ``handle`` is the short name used on the command line
        (letters, digits, ``-``, ``_``, ``.``), unique across the vault in any
        case (else ConflictError); an empty ``name`` becomes the handle.
        ``kind`` and ``setting`` may be given as text (UsageError with a
        "did you mean" when unknown)."""
        handle = _check_label(handle, "group handle")
        group = _checked_group(
            Group(
                id=new_id(),
                handle=handle,
                name=name.strip() or handle,
                kind=parse_enum(GroupKind, kind, "group kind"),
                start=start,
                setting=parse_enum(Setting, setting, "setting"),
                institution=institution.strip(),
                planned_end=planned_end,
                session_minutes=session_minutes,
                block_size=block_size,
                co_leader=co_leader.strip(),
                retention=retention,
            )
        )
        with self._writing_groups():
            self._check_handle_free(handle)
            self.store.add_record(group)
        return group

    def edit_group(self, handle: str | None, /, **changes: object) -> Group:
        """Change fields of a group: any of ``handle`` (renames it), ``name``,
        ``kind``, ``setting``, ``institution``, ``start``, ``planned_end``,
        ``session_minutes``, ``block_size``, ``co_leader``, ``retention``.
        Sessions and block days already made keep their length and size."""
        unknown = sorted(set(changes) - _GROUP_EDITABLE)
        if unknown:
            raise UsageError(f"cannot change {', '.join(unknown)} of a group")
        with self._writing_groups():
            group = self.group(handle)
            values: dict[str, Any] = dict(changes)
            if "handle" in values:
                values["handle"] = _check_label(str(values["handle"]), "group handle")
                self._check_handle_free(values["handle"], but=group)
            if "kind" in values:
                values["kind"] = parse_enum(GroupKind, str(values["kind"]), "group kind")
            if "setting" in values:
                values["setting"] = parse_enum(Setting, str(values["setting"]), "setting")
            for text in ("name", "institution", "co_leader"):
                if text in values:
                    values[text] = str(values[text]).strip()
            if values.get("name") == "":
                raise UsageError("a group's name cannot be empty; give a name or leave it as it is")
            changed = _checked_group(replace(group, **values))
            self.store.save_record(changed)
        return changed

    def close_group(self, handle: str | None, day: dt.date) -> Group:
        """Close a group as of ``day``: it stays in the journal and its reports
        but is no longer active (so no longer the default group). ConflictError
        when it is closed already or a session of it is open."""
        with self._writing_groups():
            group = self.group(handle)
            if group.closed is not None:
                raise ConflictError(f"group {group.handle} was closed on {format_date(group.closed)} already")
            if day < group.start:
                raise UsageError(
                    f"{group.handle} started on {format_date(group.start)}; it cannot close before that"
                )
            still_open = self.store.sessions(group.id, statuses=[SessionStatus.OPEN])
            if still_open:
                raise ConflictError(
                    f"{self.session_ref(still_open[0])} is still open; end it first with "
                    f"'balintlog session end --group {group.handle}'"
                )
            closed = replace(group, closed=day)
            self.store.save_record(closed)
        return closed

    def groups(self, *, include_closed: bool = True) -> list[Group]:
        """The groups of the vault, in the order they started."""
        return [g for g in self._all_groups() if include_closed or g.active]

    def group(self, handle: str | None = None) -> Group:
        """The group named ``handle`` (in any case). Without a handle, the only
        active group; UsageError when several are active (pass --group),
        NotFoundError when there is none. An unknown handle is a NotFoundError
        with a "did you mean"."""
        groups = self._all_groups()
        if handle is None:
            active = [g for g in groups if g.active]
            if len(active) == 1:
                return active[0]
            if active:
                listed = ", ".join(g.handle for g in active)
                raise UsageError(f"several groups are active ({listed}); pass --group to say which")
            if groups:
                raise NotFoundError(
                    "no active group (all are closed); pass --group, or add one with "
                    "'balintlog group add HANDLE'"
                )
            raise NotFoundError("no group yet; add one with 'balintlog group add HANDLE'")
        key = handle.strip().casefold()
        for group in groups:
            if group.handle.casefold() == key:
                return group
        if not groups:
            raise NotFoundError(f"no group {handle!r} (no group yet); add one with 'balintlog group add HANDLE'")
        handles = [g.handle for g in groups]
        raise NotFoundError(
            f"no group {handle!r}{_did_you_mean(handle, handles)} (groups: {', '.join(handles)})"
        )

    def group_by_id(self, group_id: str) -> Group:
        """The group with row id ``group_id``."""
        for group in self._all_groups():
            if group.id == group_id:
                return group
        raise NotFoundError(f"group {group_id[:8]} no longer exists")

    def add_member(
        self,
        group: Group | str | None,
        code: str,
        profession: Profession | str,
        *,
        field: str = "",
        joined: dt.date | None = None,
        identity: str = "",
    ) -> Member:
        """Add a member to a group (None: the only active group) under a
        pseudonym ``code`` unique within the group in any case (else
        ConflictError). ``joined`` None means from the group's start;
        ``identity`` (a real name, for certificates) never appears in reports."""
        code = _check_label(code, "member code")
        member = Member(
            id=new_id(),
            group_id="",
            code=code,
            profession=parse_enum(Profession, profession, "profession"),
            field=field.strip(),
            joined=joined,
            identity=identity.strip(),
        )
        with self.store.transaction(write=True):
            target = self._group_of(group)
            member = replace(member, group_id=target.id)
            self._check_code_free(target, code)
            self.store.add_record(member)
        return member

    def edit_member(self, group: Group | str | None, code: str, /, **changes: object) -> Member:
        """Change fields of a member: any of ``code`` (renames), ``profession``,
        ``field``, ``joined``, ``left`` (None: has not left), ``identity``."""
        unknown = sorted(set(changes) - _MEMBER_EDITABLE)
        if unknown:
            raise UsageError(f"cannot change {', '.join(unknown)} of a member")
        with self.store.transaction(write=True):
            target = self._group_of(group)
            member = self.member(target, code)
            values: dict[str, Any] = dict(changes)
            if "code" in values:
                values["code"] = _check_label(str(values["code"]), "member code")
                self._check_code_free(target, values["code"], but=member)
            if "profession" in values:
                values["profession"] = parse_enum(Profession, str(values["profession"]), "profession")
            for text in ("field", "identity"):
                if text in values:
                    values[text] = str(values[text]).strip()
            changed = _checked_member(replace(member, **values))
            self.store.save_record(changed)
        return changed

    def member_leaves(self, group: Group | str | None, code: str, day: dt.date) -> Member:
        """Record that a member left the group on ``day`` (their last day).
        ConflictError when they have left already."""
        with self.store.transaction(write=True):
            target = self._group_of(group)
            member = self.member(target, code)
            if member.left is not None:
                raise ConflictError(
                    f"{member.code} left {target.handle} on {format_date(member.left)} already; change the "
                    f"date with 'balintlog member edit {target.handle} {member.code} --left DATE'"
                )
            changed = _checked_member(replace(member, left=day))
            self.store.save_record(changed)
        return changed

    def members(self, group: Group | str | None, *, active_on: dt.date | None = None) -> list[Member]:
        """The members of a group (None: the only active group) in code order
        (M2 before M10); with ``active_on``, only those who belonged to it
        on that day."""
        with self.store.transaction(write=False):
            target = self._group_of(group)
            found = self.store.members(target.id)
        if active_on is not None:
            found = [m for m in found if m.active_on(active_on)]
        return sorted(found, key=_code_order)

    def member(self, group: Group | str | None, code: str) -> Member:
        """The member of a group with pseudonym ``code`` (in any case);
        NotFoundError listing the group's codes otherwise."""
        members = self.members(group)
        key = code.strip().casefold()
        for member in members:
            if member.code.casefold() == key:
                return member
        target = self._group_of(group)
        if not members:
            raise NotFoundError(
                f"{target.handle} has no members yet; add one with 'balintlog member add {target.handle} CODE'"
            )
        codes = [m.code for m in members]
        raise NotFoundError(
            f"{target.handle} has no member {code!r}{_did_you_mean(code, codes)} (members: {', '.join(codes)})"
        )

    def member_by_id(self, member_id: str) -> Member:
        """The member with row id ``member_id``."""
        with self.store.transaction(write=False):
            found = self.store.members(ids=[member_id])
        if not found:
            raise NotFoundError(f"member {member_id[:8]} no longer exists")
        return found[0]

    def _all_groups(self) -> list[Group]:
        if self._group_cache is None:
            with self.store.transaction(write=False):
                groups = self.store.groups()
            self._group_cache = sorted(groups, key=lambda g: (g.start, g.handle.casefold()))
        return list(self._group_cache)

    @contextmanager
    def _writing_groups(self) -> Iterator[None]:
        """A write transaction that changes groups: the cached list is
        dropped before and after (also when the transaction fails)."""
        self._group_cache = None
        try:
            with self.store.transaction(write=True):
                yield
        finally:
            self._group_cache = None

    def _group_of(self, group: Group | str | None) -> Group:
        return group if isinstance(group, Group) else self.group(group)

    def _check_handle_free(self, handle: str, *, but: Group | None = None) -> None:
        for other in self._all_groups():
            if other.handle.casefold() == handle.casefold() and (but is None or other.id != but.id):
                raise ConflictError(
                    f"a group {other.handle} exists already (handles ignore case); choose another handle"
                )

    def _check_code_free(self, group: Group, code: str, *, but: Member | None = None) -> None:
        for other in self.store.members(group.id):
            if other.code.casefold() == code.casefold() and (but is None or other.id != but.id):
                raise ConflictError(
                    f"{group.handle} has a member {other.code} already (codes ignore case); choose another code"
                )


    # -- sessions and blocks ----------------------------------------------------

    def start_session(
        self,
        group: Group | str | None,
        day: dt.date,
        *,
        block: bool,
        present: Sequence[str],
        place: str = "",
        mode: SessionMode | str | None = None,
    ) -> list[GroupSession]:
        """Open a session of a group (None: the only active group) on ``day``
        with the members whose codes are in ``present`` ("M1,M2" items are
        split on commas). Returns the sessions made or opened, the open one
        first.

        With ``block``, creates the block day: a Block numbered within the
        group and ``block_size`` sessions of ``session_minutes`` numbered
        within the block, all ``planned`` and with the same attendance, and
        opens the first. Without it, opens the group's next planned session
        of that day if there is one (a block day continued; without
        ``present`` it takes over the attendance of the session ended before
        it), else a new one.
        ConflictError when a session of the group is open already, or (with
        ``block``) the group has a block day on ``day``."""
        with self.store.transaction(write=True):
            target = self._group_of(group)
            self._check_session_day(target, day)
            still_open = self.store.sessions(target.id, statuses=[SessionStatus.OPEN])
            if still_open:
                raise ConflictError(
                    f"{self.session_ref(still_open[0])} is still open; end it with 'balintlog session end' "
                    "or go on with 'balintlog session next'"
                )
            member_ids = self._member_ids(target, present, day)
            planned = self.store.sessions(target.id, since=day, until=day, statuses=[SessionStatus.PLANNED])
            if planned and not block:
                session = replace(planned[0], status=SessionStatus.OPEN, start_time=self._clock_time())
                if mode is not None:
                    session = replace(session, mode=parse_enum(SessionMode, mode, "session mode"))
                self.store.save_record(session)
                if present:
                    self.store.set_attendance(session.id, member_ids)
                else:
                    self._carry_attendance(session)
                return [session]
            if mode is None:
                mode = SessionMode.ONLINE if target.kind is GroupKind.ONLINE else SessionMode.IN_PERSON
            mode = parse_enum(SessionMode, mode, "session mode")
            if block:
                return self._start_block(target, day, member_ids, place=place.strip(), mode=mode)
            session = GroupSession(
                id=new_id(),
                group_id=target.id,
                seq=self.store.next_session_seq(target.id),
                date=day,
                status=SessionStatus.OPEN,
                minutes=target.session_minutes,
                start_time=self._clock_time(),
                mode=mode,
            )
            self.store.add_record(session)
            self.store.set_attendance(session.id, member_ids)
        return [session]

    def next_session(self, group: Group | str | None = None) -> tuple[GroupSession, GroupSession | None]:
        """End the open session (of ``group``, or the only one open in any
        group) and open the next planned session of its block day, which
        takes over its attendance. Returns (ended, opened); opened is None
        when none was left (the day is complete). NotFoundError when no
        session is open."""
        with self.store.transaction(write=True):
            current = self._open_session(group)
            ended = self._end(current)
            if current.block_id is None:
                return ended, None
            later = [
                s
                for s in self.store.sessions(block_id=current.block_id, statuses=[SessionStatus.PLANNED])
                if (s.block_pos or 0) > (current.block_pos or 0)
            ]
            if not later:
                return ended, None
            opened = replace(later[0], status=SessionStatus.OPEN, start_time=self._clock_time())
            self.store.save_record(opened)
            self._carry_attendance(opened)
        return ended, opened

    def end_session(self, group: Group | str | None = None) -> GroupSession:
        """End the open session (of ``group``, or the only one open in any
        group), recording the time; planned sessions of its block day stay
        planned. NotFoundError when no session is open."""
        with self.store.transaction(write=True):
            return self._end(self._open_session(group))

    def cancel_session(self, ref: str, *, group: Group | str | None = None) -> GroupSession:
        """Cancel a planned session (REF as for :meth:`session`); its
        attendance is cleared. ConflictError when it is not planned."""
        with self.store.transaction(write=True):
            session = self.session(ref, group=group)
            if session.status is not SessionStatus.PLANNED:
                what = self.session_ref(session)
                hint = {
                    SessionStatus.OPEN: "end it with 'balintlog session end'",
                    SessionStatus.ENDED: "an ended session stays in the journal",
                    SessionStatus.CANCELLED: "nothing to do",
                }[session.status]
                raise ConflictError(f"{what} is {session.status}; only planned sessions can be cancelled ({hint})")
            cancelled = replace(session, status=SessionStatus.CANCELLED)
            self.store.save_record(cancelled)
            self.store.set_attendance(cancelled.id, [])
        return cancelled

    def session(self, ref: str | None = None, *, group: Group | str | None = None) -> GroupSession:
        """The session named by ``ref``:

        * ``current``: the open session (of ``group`` if given, else in any
          group; ConflictError when several are open, NotFoundError when none);
        * ``last``: the latest ended session;
        * ``GROUP:N``: the Nth session of the group; a bare ``N`` names one of
          ``group`` (or of the only active group);
        * None, the default REF: the open session; else the latest session
          that ended within the last 24 hours; else UsageError (exit 2)
          asking for ``--session GROUP:N``.
        """
        with self.store.transaction(write=False):
            target = None if group is None else self._group_of(group)
            if ref is None:
                return self._default_session(target)
            key = ref.strip().casefold()
            if key == "current":
                return self._open_session(target)
            if key == "last":
                return self._last_ended(target)
            match = _SESSION_REF.fullmatch(ref.strip())
            if match is None:
                raise UsageError(f"cannot read session {ref!r}: use current, last or GROUP:N (e.g. nord:3)")
            owner = self.group(match["group"]) if match["group"] else (target or self.group(None))
            found = self.store.sessions(owner.id, seq=int(match["seq"]))
            if not found:
                held = sum(self.store.session_counts(owner.id).values())
                known = f"sessions 1-{held}" if held else "no sessions yet"
                raise NotFoundError(
                    f"{owner.handle} has no session {match['seq']} ({known}); "
                    f"see 'balintlog session list --group {owner.handle}'"
                )
            return found[0]

    def sessions(
        self,
        group: Group | str | None = None,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        statuses: Collection[SessionStatus | str] | None = None,
    ) -> list[GroupSession]:
        """Sessions of one group (None: of every group) in order of day,
        group handle and number, optionally from ``since`` to ``until`` inclusive and with one
        of ``statuses``."""
        with self.store.transaction(write=False):
            group_id = None if group is None else self._group_of(group).id
            wanted = None if statuses is None else [parse_enum(SessionStatus, s, "status") for s in statuses]
            return self._in_order(self.store.sessions(group_id, since=since, until=until, statuses=wanted))

    def session_counts(self, group: Group | str | None) -> dict[SessionStatus, int]:
        """How many sessions of a group have each status (every status is a
        key)."""
        with self.store.transaction(write=False):
            counts = self.store.session_counts(self._group_of(group).id)
        return {status: counts.get(status.value, 0) for status in SessionStatus}

    def session_ref(self, session: GroupSession) -> str:
        """The REF a user types for the session: ``nord:3``."""
        return f"{self.group_by_id(session.group_id).handle}:{session.seq}"

    def attendance(self, session: GroupSession) -> list[Member]:
        """The members present at the session, in code order."""
        return self.attendance_map([session])[session.id]

    def attendance_map(self, sessions: Sequence[GroupSession]) -> dict[str, list[Member]]:
        """The members present, in code order, per session id (one query for
        all the sessions: what lists and reports want)."""
        with self.store.transaction(write=False):
            present = self.store.attendance([s.id for s in sessions])
            wanted = sorted(set().union(*present.values())) if present else []
            by_id = {m.id: m for m in self.store.members(ids=wanted)} if wanted else {}
        return {sid: sorted((by_id[m] for m in ids), key=_code_order) for sid, ids in present.items()}

    def attend(
        self, session: GroupSession | str | None, codes: Sequence[str], *, absent: Sequence[str] = ()
    ) -> list[Member]:
        """Add the members with ``codes`` to the attendance of a session (a
        GroupSession, or a REF as for :meth:`session`) and remove those in
        ``absent``; returns who is present now. Members must have belonged to
        the group on the session's day."""
        with self.store.transaction(write=True):
            target = session if isinstance(session, GroupSession) else self.session(session)
            if target.status is SessionStatus.CANCELLED:
                raise ConflictError(f"{self.session_ref(target)} was cancelled; it has no attendance")
            group = self.group_by_id(target.group_id)
            adding = self._member_ids(group, codes, target.date)
            removing = self._member_ids(group, absent, None)
            both = set(adding) & set(removing)
            if both:
                who = ", ".join(m.code for m in self.store.members(ids=sorted(both)))
                raise UsageError(f"{who} cannot be both present and absent; name each member once")
            now_present = (self.store.attendance([target.id])[target.id] | set(adding)) - set(removing)
            self.store.set_attendance(target.id, sorted(now_present))
            return self.attendance(target)

    def block(self, block_id: str) -> Block:
        """The block day with row id ``block_id``."""
        with self.store.transaction(write=False):
            found = self.store.blocks(ids=[block_id])
        if not found:
            raise NotFoundError(f"block day {block_id[:8]} no longer exists")
        return found[0]

    def blocks(self, group: Group | str | None = None) -> list[Block]:
        """Block days of one group (None: of every group), by date."""
        with self.store.transaction(write=False):
            return self.store.blocks(None if group is None else self._group_of(group).id)

    def _start_block(
        self, group: Group, day: dt.date, member_ids: list[str], *, place: str, mode: SessionMode
    ) -> list[GroupSession]:
        existing = self.store.blocks(group.id, day=day)
        if existing:
            raise ConflictError(
                f"{group.handle} has block day {existing[0].seq} on {format_date(day)} already; continue it "
                f"with 'balintlog session start' (without --block), see 'balintlog session list'"
            )
        block = Block(
            id=new_id(),
            group_id=group.id,
            seq=self.store.next_block_seq(group.id),
            date=day,
            planned_sessions=group.block_size,
            place=place,
        )
        self.store.add_record(block)
        first = self.store.next_session_seq(group.id)
        made = [
            GroupSession(
                id=new_id(),
                group_id=group.id,
                seq=first + pos,
                date=day,
                status=SessionStatus.OPEN if pos == 0 else SessionStatus.PLANNED,
                minutes=group.session_minutes,
                block_id=block.id,
                block_pos=pos + 1,
                start_time=self._clock_time() if pos == 0 else "",
                mode=mode,
            )
            for pos in range(group.block_size)
        ]
        for session in made:
            self.store.add_record(session)
            self.store.set_attendance(session.id, member_ids)
        return made

    def _in_order(self, sessions: list[GroupSession]) -> list[GroupSession]:
        """By day, then group handle, then number."""
        handles = {g.id: g.handle.casefold() for g in self._all_groups()}
        return sorted(sessions, key=lambda s: (s.date, handles.get(s.group_id, ""), s.seq))

    def _carry_attendance(self, opened: GroupSession) -> None:
        """A block day's session takes over the attendance of the session
        ended before it (who came late or left early stays so)."""
        if opened.block_id is None:
            return
        ended = [
            s
            for s in self.store.sessions(block_id=opened.block_id, statuses=[SessionStatus.ENDED])
            if (s.block_pos or 0) < (opened.block_pos or 0)
        ]
        if ended:
            self.store.set_attendance(opened.id, sorted(self.store.attendance([ended[-1].id])[ended[-1].id]))

    def _check_session_day(self, group: Group, day: dt.date) -> None:
        if day > self.today:
            raise UsageError(f"{format_date(day)} is in the future; pass --date with today or an earlier day")
        if day < group.start:
            raise UsageError(
                f"{group.handle} starts on {format_date(group.start)}, after {format_date(day)}: pass a later "
                f"--date or change the start with 'balintlog group edit {group.handle} --start DATE'"
            )
        if group.closed is not None and day > group.closed:
            raise ConflictError(f"{group.handle} was closed on {format_date(group.closed)}; pass an earlier --date")

    def _member_ids(self, group: Group, codes: Sequence[str], day: dt.date | None) -> list[str]:
        """Row ids of the members named by ``codes`` (items split on commas);
        with ``day``, each must have belonged to the group that day."""
        found: dict[str, Member] = {}
        for item in codes:
            for code in filter(None, (part.strip() for part in item.split(","))):
                member = self.member(group, code)
                if day is not None and not member.active_on(day):
                    raise UsageError(
                        f"{member.code} was not a member of {group.handle} on {format_date(day)} "
                        f"({_membership(member)}); fix the dates with 'balintlog member edit'"
                    )
                found[member.id] = member
        return sorted(found)

    def _open_session(self, group: Group | str | None) -> GroupSession:
        target = None if group is None else self._group_of(group)
        opened = self._in_order(
            self.store.sessions(None if target is None else target.id, statuses=[SessionStatus.OPEN])
        )
        if not opened:
            where = "" if target is None else f" in {target.handle}"
            raise NotFoundError(f"no session is open{where}; start one with 'balintlog session start'")
        if len(opened) > 1:
            refs = ", ".join(self.session_ref(s) for s in opened)
            raise ConflictError(f"several sessions are open ({refs}); pass --group or name one as GROUP:N")
        return opened[0]

    def _default_session(self, group: Group | None) -> GroupSession:
        group_id = None if group is None else group.id
        if self.store.sessions(group_id, statuses=[SessionStatus.OPEN]):
            return self._open_session(group)
        horizon = self.now - dt.timedelta(hours=24)
        recent = [
            (ended_at, s.seq, s)
            for s in self.store.sessions(group_id, since=horizon.date(), statuses=[SessionStatus.ENDED])
            if (ended_at := _ended_at(s)) >= horizon
        ]
        if not recent:
            raise UsageError(
                "no open session, and none ended in the last 24 hours; pass --session GROUP:N "
                "(see 'balintlog session list')"
            )
        return max(recent, key=lambda item: item[:2])[2]

    def _last_ended(self, group: Group | None) -> GroupSession:
        group_id = None if group is None else group.id
        day = self.store.last_session_day(group_id, [SessionStatus.ENDED])
        if day is None:
            raise NotFoundError("no session has ended yet; start one with 'balintlog session start'")
        ended = self.store.sessions(group_id, since=day, statuses=[SessionStatus.ENDED])
        return max(ended, key=lambda s: (_ended_at(s), s.seq))

    def _end(self, session: GroupSession) -> GroupSession:
        ended = replace(session, status=SessionStatus.ENDED, end_time=self._clock_time())
        self.store.save_record(ended)
        return ended

    def _clock_time(self) -> str:
        return self.now.strftime("%H:%M")


    # -- cases, presentations, resonances ----------------------------------------

    def note_problems(
        self, session: GroupSession, note: CaseNote, *, case: Case | None = None
    ) -> list[tuple[str, str]]:
        """What is wrong with a parsed case note in the vault's terms, as
        (place, message) pairs: place is a header attribute (``presenter``),
        ``resonance N`` (0-based) or ``""``. Checks that the presenter (and
        each ``@CODE`` source) is a member of the session's group on its day,
        and for a note about an existing ``case`` (follow-up, edit) that the
        session is in the case's group and the presenter stays the same."""
        group = self.group_by_id(session.group_id)
        members = self.members(group)
        by_code = {m.code.casefold(): m for m in members}
        codes = ", ".join(m.code for m in members) or "none yet"
        problems: list[tuple[str, str]] = []
        if case is not None and case.group_id != group.id:
            problems.append(
                ("", f"case #{case.number} belongs to another group; name a session of its group with --session")
            )
        if note.presenter:
            member = by_code.get(note.presenter.casefold())
            if member is None:
                problems.append(
                    ("presenter", f"{group.handle} has no member {note.presenter!r}"
                     f"{_did_you_mean(note.presenter, [m.code for m in members])} (members: {codes})")
                )
            elif not member.active_on(session.date):
                problems.append(
                    ("presenter", f"{member.code} was not a member of {group.handle} on "
                     f"{format_date(session.date)} ({_membership(member)})")
                )
            elif case is not None and member.id != case.presenter_id:
                presenter = self.member_by_id(case.presenter_id)
                problems.append(("presenter", f"case #{case.number} was presented by {presenter.code}; "
                                 f"leave Presenter as {presenter.code} (or empty)"))
        for index, res in enumerate(note.resonances):
            if res.source not in SPECIAL_SOURCES and res.source.casefold() not in by_code:
                problems.append(
                    (f"resonance {index}", f"unknown source '@{res.source}'"
                     f"{_did_you_mean(res.source, [m.code for m in members])}: use a member code of "
                     f"{group.handle} ({codes}), @leader or @co_leader")
                )
        return problems

    def add_case(self, session: GroupSession | str | None, note: CaseNote) -> CaseAdded:
        """Record a new case worked in a session (a GroupSession or a REF as
        for :meth:`session`; None: the default REF): the case with the next
        vault-wide number and its own data key, its first presentation and
        the resonances. The presenter must be a member of the session's group
        and is marked present if they were not (``CaseAdded.marked_present``).
        UsageError for a note that does not fit (see :meth:`note_problems`)."""
        if note.kind is not PresentationKind.FIRST:
            raise UsageError("a new case is a first presentation; record a later one with 'balintlog case follow-up'")
        if not note.title.strip() or not note.presenter.strip():
            raise UsageError("a new case needs a title and a presenter")
        with self.store.transaction(write=True):
            target = self._note_session(session)
            self._raise_note_problems(target, note)
            presenter = self.member(self.group_by_id(target.group_id), note.presenter)
            case = Case(
                id=new_id(),
                number=self.store.next_case_number(),
                group_id=target.group_id,
                presenter_id=presenter.id,
                title=note.title.strip(),
                status=CaseStatus.OPEN,
                opened=target.date,
                client=note.client,
                relationship=note.relationship or Relationship.OTHER,
                field=note.field,
                institution=note.institution,
            )
            self.store.create_data_key(self.master_key, case.id)
            self.store.add_case_record(case)
            presentation = self._add_presentation(case, target, note)
            marked = self._mark_present(target, presenter)
        return CaseAdded(case, presentation, self.session_ref(target), marked)

    def add_follow_up(self, number: int, session: GroupSession | str | None, note: CaseNote) -> CaseAdded:
        """Record a later presentation of case ``number`` (kind ``follow_up``
        with its outcome and what changed, or ``update``) in a session of the
        case's group. Case headers given in the note (title, client …)
        replace the case's; the case becomes ``followed_up``. ConflictError
        when the case was presented in that session already or the session
        lies before its latest presentation."""
        if note.kind is PresentationKind.FIRST:
            raise UsageError("a follow-up is of kind follow_up or update; a first presentation is 'case add'")
        with self.store.transaction(write=True):
            case = self.case(number)
            target = self._note_session(session)
            self._raise_note_problems(target, note, case=case)
            earlier = self.store.presentations(case_id=case.id)
            if any(p.session_id == target.id for p in earlier):
                raise ConflictError(
                    f"case #{case.number} was presented in {self.session_ref(target)} already; "
                    "change that presentation with 'balintlog case edit'"
                )
            if earlier and earlier[-1].date is not None and target.date < earlier[-1].date:
                raise ConflictError(
                    f"case #{case.number} was last presented on {format_date(earlier[-1].date)}, after "
                    f"{self.session_ref(target)}; a follow-up comes later"
                )
            changed = replace(_with_case_headers(case, note), status=CaseStatus.FOLLOWED_UP)
            self.store.save_case_record(changed)
            presentation = self._add_presentation(changed, target, note)
            marked = self._mark_present(target, self.member_by_id(case.presenter_id))
        return CaseAdded(changed, presentation, self.session_ref(target), marked)

    def edit_case(self, number: int, note: CaseNote) -> CaseHistory:
        """Replace case ``number``'s headers and its latest presentation
        (question, texts, kind, outcome and resonances) with ``note``, e.g.
        a pre-filled template (:meth:`case_note`) the user changed. The
        presenter may change to another member of the group."""
        with self.store.transaction(write=True):
            case = self.case(number)
            latest = self._latest_presentation(case)
            session = self.session_by_id(latest.session_id)
            problems = self.note_problems(session, note)
            if problems:
                raise UsageError("; ".join(message for _, message in problems))
            if note.kind is PresentationKind.FIRST and any(
                p.kind is PresentationKind.FIRST and p.id != latest.id
                for p in self.store.presentations(case_id=case.id)
            ):
                raise UsageError("the case has its first presentation already; the latest is follow_up or update")
            changed = _with_case_headers(case, note)
            if note.presenter:
                changed = replace(changed, presenter_id=self.member(self.group_by_id(case.group_id), note.presenter).id)
            if not changed.title:
                raise UsageError("a case needs a title")
            self.store.save_case_record(changed)
            presentation = replace(latest, **_presentation_fields(note), resonances=())
            self.store.save_case_record(presentation)
            self.store.delete_resonances(latest.id)
            self._add_resonances(changed, presentation, note)
            if changed.presenter_id != case.presenter_id:
                self._mark_present(session, self.member_by_id(changed.presenter_id))
            return self.case_history(number)

    def case_note(self, number: int) -> CaseNote:
        """Case ``number``'s headers and latest presentation as a note: what
        ``case edit`` pre-fills the template with."""
        from balintlog.template import CaseNote, ResonanceLine

        history = self.case_history(number)
        latest = history.presentations[-1].presentation
        case = history.case
        return CaseNote(
            title=case.title,
            presenter=history.presenter.code,
            client=case.client,
            relationship=case.relationship,
            field=case.field,
            institution=case.institution,
            question=latest.question,
            kind=latest.kind,
            outcome=latest.outcome,
            account=latest.account,
            group_process=latest.group_process,
            resonances=tuple(
                ResonanceLine(r.kind, r.level, r.intensity, r.text, r.source, r.mirroring) for r in latest.resonances
            ),
            closing=latest.closing,
            leader_notes=latest.leader_notes,
            what_changed=latest.what_changed,
        )

    def case(self, number: int | str) -> Case:
        """Case ``number`` (``12`` or ``#12``); NotFoundError otherwise."""
        wanted = _case_number(number)
        with self.store.transaction(write=False):
            found = self.store.cases(number=wanted)
        if not found:
            raise NotFoundError(f"no case #{wanted}; see 'balintlog case list'")
        return found[0]

    def cases(
        self, group: Group | str | None = None, status: CaseStatus | str | None = None
    ) -> list[Case]:
        """The cases of every group (or of ``group``), by number; with
        ``status``, only those with it."""
        with self.store.transaction(write=False):
            return self.store.cases(**self._case_filter(group, status))

    def _case_filter(self, group: Group | str | None, status: CaseStatus | str | None) -> dict[str, Any]:
        """The store's case filter (group id, statuses) for a group and status as the user names them."""
        return {
            "group_id": None if group is None else self._group_of(group).id,
            "statuses": None if status is None else [parse_enum(CaseStatus, status, "case status").value],
        }

    def case_overview(
        self, group: Group | str | None = None, status: CaseStatus | str | None = None
    ) -> list[CaseSummary]:
        """The cases (of every group, or of ``group``; with ``status``, only
        those with it) by number, each with its group, presenter, number of
        presentations and the day it was last presented (for listings: only
        the title and relationship are decrypted)."""
        with self.store.transaction(write=False):
            listing = self.store.case_listing(**self._case_filter(group, status))
            handles = {g.id: g.handle for g in self._all_groups()}
            codes = {m.id: m.code for m in self.store.members(ids=sorted({row[3] for row in listing}))}
        relationships = {r.value: r for r in Relationship}
        statuses = {s.value: s for s in CaseStatus}
        return [
            CaseSummary(
                number,
                title,
                handles[group_id],
                codes[presenter_id],
                relationships.get(relationship) or Relationship(relationship),
                statuses.get(status) or CaseStatus(status),
                opened,
                n,
                last or opened,
            )
            for _id, number, group_id, presenter_id, status, opened, title, relationship, n, last in listing
        ]

    def case_history(self, number: int | str) -> CaseHistory:
        """Case ``number`` with its presenter, group and every presentation
        in the order worked, each with its session REF, day, resonances and
        outcome."""
        with self.store.transaction(write=False):
            case = self.case(number)
            presentations = self.store.presentations(case_id=case.id)
            group = self.group_by_id(case.group_id)
            seqs = self.store.session_seqs([p.session_id for p in presentations])
            entries = tuple(
                HistoryEntry(p, f"{group.handle}:{seqs[p.session_id][1]}", p.date or case.opened)
                for p in presentations
            )
            return CaseHistory(case, self.member_by_id(case.presenter_id), group, entries)

    def presentations_between(
        self, since: dt.date | None, until: dt.date | None, group: Group | str | None = None
    ) -> list[Presentation]:
        """Every presentation (with its resonances and day) worked from
        ``since`` to ``until`` inclusive (None: open-ended), of every group or
        of ``group``, in the order worked. Selected by the plaintext day
        first; only those are decrypted."""
        with self.store.transaction(write=False):
            group_id = None if group is None else self._group_of(group).id
            return self.store.presentations(since=since, until=until, group_id=group_id)

    def close_case(self, number: int | str, status: CaseStatus | str = CaseStatus.CLOSED) -> Case:
        """Close case ``number`` as ``closed`` (worked through) or ``lost``
        (out of sight). A later follow-up re-opens it as ``followed_up``."""
        wanted = parse_enum(CaseStatus, status, "case status")
        if wanted not in (CaseStatus.CLOSED, CaseStatus.LOST):
            raise UsageError(f"a case is closed as closed or lost, not {wanted.value}")
        with self.store.transaction(write=True):
            case = self.case(number)
            if case.status is wanted:
                raise ConflictError(f"case #{case.number} is {wanted.value} already")
            closed = replace(case, status=wanted)
            self.store.save_case_record(closed)
        return closed

    def delete_case(self, number: int | str) -> Case:
        """Erase case ``number``: its resonances, presentations, data key and
        row in one transaction, then checkpoint the WAL, so nothing of it
        stays readable in the live vault (backups made before still hold
        it). Returns the case as it was."""
        with self.store.transaction(write=True):
            case = self.case(number)
            self.store.delete_case(case.id)
        self.store.checkpoint()
        return case

    def add_resonance(
        self,
        number: int | str,
        kind: ResonanceKind | str,
        level: ResonanceLevel | str,
        text: str,
        *,
        intensity: int = 3,
        source: str = SOURCE_GROUP,
        mirroring: bool = False,
    ) -> Resonance:
        """Add a resonance to case ``number``'s latest presentation. ``source``
        is ``group``, ``leader``, ``co_leader`` or a member code of the
        case's group; ``intensity`` 1 to 5."""
        text = text.strip("\n")
        if not text.strip():
            raise UsageError("the resonance has no text; type it at the prompt or pipe it on stdin")
        if not 1 <= intensity <= 5:
            raise UsageError(f"intensity is 1 (faint) to 5 (strong), not {intensity}")
        res_kind = parse_enum(ResonanceKind, kind, "resonance kind")
        res_level = parse_enum(ResonanceLevel, level, "resonance level")
        with self.store.transaction(write=True):
            case = self.case(number)
            latest = self._latest_presentation(case)
            who = self._resonance_source(case, source)
            resonance = Resonance(
                id=new_id(),
                presentation_id=latest.id,
                case_id=case.id,
                seq=self.store.next_resonance_seq(latest.id),
                kind=res_kind,
                level=res_level,
                intensity=intensity,
                text=text,
                source=who,
                mirroring=mirroring,
            )
            self.store.add_case_record(resonance)
        return resonance

    def _note_session(self, session: GroupSession | str | None) -> GroupSession:
        target = session if isinstance(session, GroupSession) else self.session(session)
        if target.status is SessionStatus.CANCELLED:
            raise ConflictError(f"{self.session_ref(target)} was cancelled; pick another with --session")
        return target

    def _raise_note_problems(self, session: GroupSession, note: CaseNote, *, case: Case | None = None) -> None:
        problems = self.note_problems(session, note, case=case)
        if problems:
            raise UsageError("; ".join(message for _, message in problems))

    def _latest_presentation(self, case: Case) -> Presentation:
        found = self.store.presentations(case_id=case.id)
        if not found:
            raise DamagedError(f"case #{case.number} has no presentation: run 'balintlog verify'")
        return found[-1]

    def _add_presentation(self, case: Case, session: GroupSession, note: CaseNote) -> Presentation:
        presentation = Presentation(
            id=new_id(), case_id=case.id, session_id=session.id, date=session.date, **_presentation_fields(note)
        )
        self.store.add_case_record(presentation)
        return replace(presentation, resonances=self._add_resonances(case, presentation, note))

    def _add_resonances(self, case: Case, presentation: Presentation, note: CaseNote) -> tuple[Resonance, ...]:
        made = []
        for seq, line in enumerate(note.resonances, 1):
            resonance = Resonance(
                id=new_id(),
                presentation_id=presentation.id,
                case_id=case.id,
                seq=seq,
                kind=line.kind,
                level=line.level,
                intensity=line.intensity,
                text=line.text,
                source=self._resonance_source(case, line.source),
                mirroring=line.mirroring,
            )
            self.store.add_case_record(resonance)
            made.append(resonance)
        return tuple(made)

    def _resonance_source(self, case: Case, source: str) -> str:
        """``source`` as stored: a special source, or the member code as the
        group spells it."""
        key = source.strip()
        special = key.casefold().replace("-", "_")
        if special in SPECIAL_SOURCES:
            return special
        return self.member(self.group_by_id(case.group_id), key.removeprefix("@")).code

    def _mark_present(self, session: GroupSession, member: Member) -> Member | None:
        """Add ``member`` to the session's attendance; returns them when they
        had not been marked present."""
        present = self.store.attendance([session.id])[session.id]
        if member.id in present:
            return None
        self.store.set_attendance(session.id, sorted(present | {member.id}))
        return member

    # -- session notes, drafts, search --------------------------------------------

    def set_session_notes(self, session: GroupSession | str | None, notes: SessionNotes) -> GroupSession:
        """Record the notes of a session (a GroupSession, or a REF as for
        :meth:`session`): atmosphere, group process, the leader's
        countertransference, questions for supervision. Replaces earlier
        notes. ConflictError for a cancelled session."""
        with self.store.transaction(write=True):
            target = session if isinstance(session, GroupSession) else self.session(session)
            fresh = self.store.sessions(target.group_id, seq=target.seq)
            if not fresh:
                raise NotFoundError(f"{self.session_ref(target)} no longer exists")
            if fresh[0].status is SessionStatus.CANCELLED:
                raise ConflictError(f"{self.session_ref(target)} was cancelled; it has no notes")
            noted = replace(fresh[0], notes=notes)
            self.store.save_record(noted)
        return noted

    def session_by_id(self, session_id: str) -> GroupSession:
        """The session with row id ``session_id``."""
        with self.store.transaction(write=False):
            where = self.store.session_seqs([session_id]).get(session_id)
            found = [] if where is None else self.store.sessions(where[0], seq=where[1])
        if not found:
            raise NotFoundError(f"session {session_id[:8]} no longer exists")
        return found[0]

    def save_draft(
        self,
        kind: DraftKind | str,
        body: str,
        context: Mapping[str, str] | None = None,
        *,
        replacing: Draft | None = None,
    ) -> Draft:
        """Seal text that could not be saved (yet) as a draft. ``context``
        holds the row ids it was written for (``session``, ``case``);
        ``replacing`` an earlier draft (one being resumed) updates that one
        instead of adding another."""
        draft = Draft(
            id=new_id() if replacing is None else replacing.id,
            kind=parse_enum(DraftKind, kind, "draft kind"),
            created=self.today if replacing is None else replacing.created,
            body=body,
            context=json.dumps(dict(context or {}), sort_keys=True),
        )
        with self.store.transaction(write=True):
            if replacing is None:
                self.store.add_draft(draft)
            else:
                self.store.save_draft(draft)
        return draft

    def drafts(self, kind: DraftKind | str | None = None) -> list[Draft]:
        """The drafts, oldest first; with ``kind``, only those of that kind."""
        wanted = None if kind is None else parse_enum(DraftKind, kind, "draft kind")
        with self.store.transaction(write=False):
            found = self.store.drafts()
        return [d for d in found if wanted is None or d.kind == wanted]

    def draft(self, ref: str) -> Draft:
        """The draft whose id starts with ``ref`` (the short id shown by
        :meth:`drafts`). NotFoundError when none does, UsageError when
        several do."""
        key = ref.strip().lower()
        if not re.fullmatch(r"[0-9a-f]{1,32}", key):
            raise UsageError(f"{ref!r} is not a draft id; see 'balintlog draft list'")
        with self.store.transaction(write=False):
            found = self.store.drafts(key)
        if not found:
            raise NotFoundError(f"no draft {ref}; see 'balintlog draft list'")
        if len(found) > 1:
            ids = ", ".join(d.id[: len(key) + 2] for d in found)
            raise UsageError(f"{ref} names several drafts ({ids}); give more of its id")
        return found[0]

    def discard_draft(self, draft: Draft | str) -> Draft:
        """Delete a draft (a Draft or its id) and checkpoint the WAL."""
        target = draft if isinstance(draft, Draft) else self.draft(draft)
        with self.store.transaction(write=True):
            self.store.delete_draft(target.id)
        self.store.checkpoint()
        return target

    def draft_case_number(self, draft: Draft) -> int | None:
        """The number of the case a draft was written for (None: no case, or
        it was deleted since)."""
        case_id = draft.refs.get("case")
        if case_id is None:
            return None
        with self.store.transaction(write=False):
            found = self.store.cases(ids=[case_id])
        return found[0].number if found else None

    def draft_label(self, draft: Draft) -> str:
        """What a draft was written for, in words: ``case for nord:3``,
        ``follow-up of #12 in nord:5``, ``notes of nord:4``."""
        refs = draft.refs
        parts = {
            DraftKind.CASE: "new case",
            DraftKind.FOLLOW_UP: "follow-up",
            DraftKind.CASE_EDIT: "edit",
            DraftKind.SESSION_NOTE: "session notes",
        }
        label = next((words for kind, words in parts.items() if kind.value == draft.kind), draft.kind)
        if "case" in refs:
            number = self.draft_case_number(draft)
            label += " of a deleted case" if number is None else f" of #{number}"
        with self.store.transaction(write=False):
            if "session" in refs:
                where = self.store.session_seqs([refs["session"]]).get(refs["session"])
                if where is not None:
                    label += f" in {self.group_by_id(where[0]).handle}:{where[1]}"
        return label

    def search(self, text: str, group: Group | str | None = None) -> list[SearchHit]:
        """Every text field (of every group, or of ``group``) that contains
        ``text``, ignoring case: group, member and block texts, session
        notes, case headers, presentations and resonances, decrypted in
        memory. Hits are in date order, each with the spans of its matches."""
        needle = unicodedata.normalize("NFC", text.strip())
        if not needle:
            raise UsageError("give the text to search for")
        with self.store.transaction(write=False):
            groups = self._all_groups() if group is None else [self._group_of(group)]
            search = _TextSearch(needle, groups)
            for grp in groups:
                self._search_group_texts(grp, search)
            # Each table is read once for all the groups, only its text
            # columns decrypted, and only the hits kept: a long-kept vault
            # holds hundreds of thousands of fields.
            only = groups[0].id if len(groups) == 1 else None
            self._search_sessions(only, search)
            self._search_cases(only, search)
            self._search_presentations(only, search)
        return search.hits()

    def _search_group_texts(self, group: Group, search: _TextSearch) -> None:
        """Search a group's own texts, its members' and its block days'."""
        for pos, name in enumerate(("name", "institution", "co_leader")):
            search.check(group.id, f"group.{name}", getattr(group, name), {"date": group.start}, (0, pos))
        for pos, member in enumerate(self.store.members(group.id)):
            search.check(group.id, "member.field", member.field, {"date": member.joined}, (1, pos))
        for pos, blk in enumerate(self.store.blocks(group.id)):
            search.check(group.id, "block.place", blk.place, {"date": blk.date}, (2, pos))

    def _search_sessions(self, group_id: str | None, search: _TextSearch) -> None:
        found = list(self.store.find_texts("group_session", _SESSION_NOTE_FIELDS, search.contains, group_id))
        ids = [row_id for row_id, _column, _value in found]
        sessions = self.store.plain_columns("group_session", ids, "group_id", "seq", "date")
        for row_id, column, value in found:
            owner, seq, day = sessions[row_id]
            where = {"session_ref": f"{search.handle(owner)}:{seq}", "date": day}
            search.add(owner, f"session.{column}", value, where, (3, day, seq, _SESSION_NOTE_FIELDS.index(column)))

    def _search_cases(self, group_id: str | None, search: _TextSearch) -> None:
        found = list(self.store.find_texts("balint_case", _CASE_TEXT_FIELDS, search.contains, group_id))
        ids = [row_id for row_id, _column, _value in found]
        cases = self.store.plain_columns("balint_case", ids, "group_id", "number", "opened")
        # A case is shown with the first session of its group that worked it.
        first: dict[tuple[str, str], int] = {}
        for place in self.store.presentation_places(case_ids=ids):
            first.setdefault((place.case_id, place.group_id), place.session_seq)
        for row_id, column, value in found:
            owner, number, opened = cases[row_id]
            seq = first.get((row_id, owner))
            where = {
                "case_number": number,
                "session_ref": None if seq is None else f"{search.handle(owner)}:{seq}",
                "date": opened,
            }
            search.add(owner, f"case.{column}", value, where, (4, number, _CASE_TEXT_FIELDS.index(column)))

    def _search_presentations(self, group_id: str | None, search: _TextSearch) -> None:
        """Search presentations and their resonances, each hit placed in the
        session of its presentation; a presentation's resonances come after
        its own fields, in their order."""
        found = list(self.store.find_texts("presentation", _PRESENTATION_TEXT_FIELDS, search.contains, group_id))
        echoes = list(self.store.find_texts("resonance", ("text",), search.contains, group_id))
        ids = [row_id for row_id, _column, _value in echoes]
        resonances = self.store.plain_columns("resonance", ids, "presentation_id", "seq")
        texts = [
            (row_id, (0, _PRESENTATION_TEXT_FIELDS.index(column), ""), f"presentation.{column}", value)
            for row_id, column, value in found
        ]
        for row_id, _column, value in echoes:
            presentation_id, seq = resonances[row_id]
            texts.append((presentation_id, (1, seq, value), "resonance.text", value))
        places = {p.id: p for p in self.store.presentation_places(ids=[t[0] for t in texts])}
        cases = self.store.plain_columns("balint_case", {p.case_id for p in places.values()}, "group_id", "number")
        for presentation_id, order, field, value in texts:
            place = places[presentation_id]
            case_group, number = cases[place.case_id]
            where = {
                # as the case list of the session's group knows it
                "case_number": number if case_group == place.group_id else None,
                "session_ref": f"{search.handle(place.group_id)}:{place.session_seq}",
                "date": place.date,
            }
            search.add(place.group_id, field, value, where, (5, place.date, place.session_seq, place.id, *order))

    # -- reports ------------------------------------------------------------------

    def report(
        self,
        period_from: dt.date | None = None,
        period_to: dt.date | None = None,
        *,
        group: Group | str | None = None,
        case: int | str | None = None,
    ) -> Report:
        """The report for supervision (:mod:`balintlog.reports.model`) of the
        days ``period_from`` to ``period_to`` inclusive (None: the 12 months
        up to today), of every group or of ``group``. Only ended sessions
        count. Sessions and presentations are selected by their plaintext
        day first: only what the period holds is decrypted.

        With ``case`` (a number), the report covers that case's whole
        history whatever the period: its presentations, their sessions and
        the leader's notes of them."""
        # Imported here: every other command would pay for it at start-up.
        from balintlog.dates import last_twelve_months
        from balintlog.reports.model import Period, ReportSource, build_report, period_label

        if case is not None:
            return build_report(self._case_report_source(case, group))
        default_from, default_to = last_twelve_months(self.today)
        start = default_from if period_from is None else period_from
        end = default_to if period_to is None else period_to
        if end < start:
            raise UsageError(f"the period ends ({format_date(end)}) before it starts ({format_date(start)})")
        with self.store.transaction(write=False):
            target = None if group is None else self._group_of(group)
            groups = [target] if target is not None else self._all_groups()
            group_id = None if target is None else target.id
            sessions = self.store.sessions(group_id, since=start, until=end, statuses=[SessionStatus.ENDED])
            presentations = self.store.report_presentations(since=start, until=end, group_id=group_id)
            source = ReportSource(
                period=Period(start, end, period_label(start, end, self.today)),
                group_filter=None if target is None else target.handle,
                **self._report_records(groups, sessions, presentations),
            )
        return build_report(source)

    def _case_report_source(self, number: int | str, group: Group | str | None) -> ReportSource:
        from balintlog.reports.model import Period, ReportSource

        with self.store.transaction(write=False):
            found = self.case(number)
            owner = self.group_by_id(found.group_id)
            if group is not None and self._group_of(group).id != owner.id:
                raise UsageError(f"case #{found.number} belongs to {owner.handle}; leave out --group or name that")
            presentations = self.store.report_presentations(case_id=found.id)
            sessions = [
                s
                for s in self.store.sessions_with_ids([p.session_id for p in presentations])
                if s.status is SessionStatus.ENDED
            ]
            start = sessions[0].date if sessions else found.opened
            end = max(self.today, start)
            order = self.store.session_days(owner.id, since=start, until=end, statuses=[SessionStatus.ENDED])
            return ReportSource(
                period=Period(start, end, f"case #{found.number}, its whole history"),
                session_order={owner.id: order},
                group_filter=owner.handle,
                case_filter=found.number,
                **self._report_records([owner], sessions, presentations),
            )

    def _report_records(
        self, groups: Sequence[Group], sessions: Sequence[GroupSession], presentations: Sequence[Presentation]
    ) -> dict[str, Any]:
        """Members, block days, attendance and case histories of a report,
        loaded for the given sessions and presentations only."""
        group_ids = {g.id for g in groups}
        members = [m for m in self.store.members() if m.group_id in group_ids]
        block_ids = sorted({s.block_id for s in sessions if s.block_id})
        cases = self.store.cases(ids=sorted({p.case_id for p in presentations})) if presentations else []
        seqs = self.store.session_seqs([p.session_id for p in presentations])
        by_id = {g.id: g for g in self._all_groups()}
        member_by_id = {m.id: m for m in members}
        missing = sorted({c.presenter_id for c in cases} - set(member_by_id))
        member_by_id.update({m.id: m for m in self.store.members(ids=missing)} if missing else {})
        by_case: dict[str, list[Presentation]] = {}
        for p in presentations:
            by_case.setdefault(p.case_id, []).append(p)
        histories = [
            CaseHistory(
                case=c,
                presenter=member_by_id[c.presenter_id],
                group=by_id[c.group_id],
                presentations=tuple(
                    HistoryEntry(p, f"{by_id[c.group_id].handle}:{seqs[p.session_id][1]}", p.date or c.opened)
                    for p in by_case.get(c.id, ())
                ),
            )
            for c in cases
        ]
        return {
            "generated": self.now.astimezone(),
            "groups": list(groups),
            "members": members,
            "blocks": self.store.blocks(ids=block_ids) if block_ids else [],
            "sessions": list(sessions),
            "attendance": self.store.attendance([s.id for s in sessions]),
            "cases": histories,
        }


    # -- backups --------------------------------------------------------------------

    def backup(
        self,
        directory: Path,
        keep: int | None = None,
        progress: Callable[[int, int], None] | None = None,
        *,
        age_to: tuple[str, ...] = (),
    ) -> Path:
        """Write a verified backup into ``directory`` (``VACUUM INTO`` a 0600
        temp file, integrity check and full decryption of the copy, atomic
        rename to ``balintlog-YYYYMMDDTHHMMSS.bldb``) and keep only the
        ``keep`` newest. With ``age_to`` (age recipients) the verified copy
        is wrapped in age format (``.bldb.age``). Returns the backup's path.
        Restore with :func:`balintlog.backup.restore`."""
        from balintlog.backup import make_backup

        return make_backup(
            self.store, self.master_key, directory, now=self.now, keep=keep, progress=progress, age_to=age_to
        )


def _after_unlock(store: Store, warn: Warn, now: dt.datetime | None) -> None:
    """What every unlock does once the key is known to be the vault's:
    check the header rows' seals, upgrade a vault of format 1 (after a
    verified backup beside it), and warn when the vault is older than the
    one last used on this machine."""
    store.check_header()
    if store.meta().test_kdf:
        warn(TEST_KDF_WARNING)
    if store.needs_format_upgrade():
        from balintlog import backup

        keys = store.keys
        assert keys is not None
        when = now if now is not None else dt.datetime.now()
        kept = backup.make_backup(store, keys.master_key, store.path.parent, now=when)
        count = store.upgrade_format()
        warn(
            f"upgraded the vault to format 2: {count} records sealed and entered in the change log "
            f"(the vault as it was is kept in {kept.name})"
        )
    older = store.rollback_warning()
    if older is not None:
        warn(f"warning: {older} Run 'balintlog verify'.")


def _passphrase_slot(store: Store, master: bytes, passphrase: bytes, params: vault.KdfParams) -> KeyslotRow:
    salt = vault.new_salt()
    kek = vault.derive_kek(passphrase, salt, params)
    wrapped = vault.wrap_key(kek, master, vault.master_key_ad(store.vault_id, SLOT_PASSPHRASE))
    return KeyslotRow(SLOT_PASSPHRASE, vault.KDF_ARGON2ID, salt, params, wrapped)


def _recovery_slot(store: Store, master: bytes, code: str) -> KeyslotRow:
    salt = vault.new_salt()
    kek = vault.derive_recovery_kek(vault.recovery_code_bytes(code), salt)
    wrapped = vault.wrap_key(kek, master, vault.master_key_ad(store.vault_id, SLOT_RECOVERY))
    return KeyslotRow(SLOT_RECOVERY, vault.KDF_HKDF, salt, vault.KdfParams(0, 0, 0), wrapped)


def unlock_master_key(store: Store, passphrase: bytes) -> bytes:
    """Derive the KEK from the passphrase (after bounds-checking the stored
    KDF parameters) and unwrap the master key."""
    slot = store.keyslot(SLOT_PASSPHRASE)
    if slot.kdf != vault.KDF_ARGON2ID:
        raise DamagedError(f"the passphrase keyslot names an unknown KDF {slot.kdf!r}: restore a backup")
    vault.check_params(slot.params, test_kdf=store.meta().test_kdf)
    kek = vault.derive_kek(passphrase, slot.salt, slot.params)
    master = vault.unwrap_key(kek, slot.wrapped_key, vault.master_key_ad(store.vault_id, SLOT_PASSPHRASE))
    if master is None:
        raise vault.wrong_passphrase()
    return master


def recover(
    path: Path,
    code: str,
    new_passphrase: bytes,
    *,
    today: dt.date,
    params: vault.KdfParams | None = None,
    warn: Warn = _ignore,
) -> Journal:
    """Open the vault with its recovery code and set a new passphrase."""
    store = Store.open(path)
    try:
        slot = store.keyslot(SLOT_RECOVERY)
        kek = vault.derive_recovery_kek(vault.recovery_code_bytes(code), slot.salt)
        master = vault.unwrap_key(kek, slot.wrapped_key, vault.master_key_ad(store.vault_id, SLOT_RECOVERY))
        if master is None:
            raise LockedError("wrong recovery code; check it (groups of four letters and digits) and try again")
    except BaseException:
        store.close()
        raise
    store.unlock(master)
    journal = Journal(store, today=today, warn=warn)
    journal.change_passphrase(new_passphrase, params=params)
    return journal


# -- cases, session notes, search: helpers ------------------------------------

_SESSION_NOTE_FIELDS = ("atmosphere", "group_process", "countertransference", "supervision_questions")
_PRESENTATION_TEXT_FIELDS = ("question", "account", "group_process", "leader_notes", "closing", "what_changed")
_CASE_TEXT_FIELDS = ("title", "client", "field", "institution")


class _TextSearch:
    """One search: what it looks for, and the hits found so far with their
    place in the order of the results."""

    def __init__(self, needle: str, groups: Sequence[Group]) -> None:
        self._pattern = re.compile(re.escape(needle), re.IGNORECASE)
        self._groups = {grp.id: (grp, rank) for rank, grp in enumerate(groups)}
        self._found: list[tuple[tuple[Any, ...], SearchHit]] = []
        self.contains = _contains(needle, self._pattern)

    def handle(self, group_id: str) -> str:
        return self._groups[group_id][0].handle

    def check(self, group_id: str, field: str, value: str, where: dict[str, Any], order: tuple[Any, ...]) -> None:
        """:meth:`add` the text if it contains the needle."""
        if self.contains(value):
            self.add(group_id, field, value, where, order)

    def add(self, group_id: str, field: str, value: str, where: dict[str, Any], order: tuple[Any, ...]) -> None:
        """A hit: a text that contains the needle, ``where`` it is (the
        location keywords of :class:`SearchHit`). ``order`` places it among
        the texts of its group of the same day, case and session (first
        the group's own, then its members', block days', sessions', cases',
        presentations')."""
        text = value if value.isascii() else unicodedata.normalize("NFC", value)
        spans = tuple(m.span() for m in self._pattern.finditer(text))
        group, rank = self._groups[group_id]
        hit = SearchHit(group.handle, field, text, spans, **where)
        key = (hit.date or dt.date.min, hit.case_number or 0, hit.session_ref or "", rank, *order)
        self._found.append((key, hit))

    def hits(self) -> list[SearchHit]:
        """The hits by day, case number and session."""
        return [hit for _key, hit in sorted(self._found, key=lambda found: found[0])]


#: The letters that re, ignoring case, takes for ASCII ones: İ and ı for i,
#: ſ for s, the Kelvin sign for k (all of them: a test asks re).
ASCII_LOOKALIKES = ("\u0130", "\u0131", "\u017f", "\u212a")


def _contains(needle: str, pattern: re.Pattern[str]) -> Callable[[str], bool]:
    """Whether a text, in its NFC form, holds ``pattern`` (``needle``,
    ignoring case). Called for every field searched, so the common cases are
    quick: an ASCII needle is looked for with ``in`` on lower case, which finds
    where ``pattern`` does in a text without :data:`ASCII_LOOKALIKES` (in an
    ASCII text, exactly; in another, the regex confirms)."""
    search = pattern.search
    normalize = unicodedata.normalize
    if needle.isascii():
        folded = needle.lower()
        dotted_i, dotless_i, long_s, _kelvin = ASCII_LOOKALIKES  # NFC makes the Kelvin sign a K

        def contains(value: str) -> bool:
            if value.isascii():  # ASCII is NFC already
                return folded in value.lower()
            value = normalize("NFC", value)
            if folded in value.lower() or dotted_i in value or dotless_i in value or long_s in value:
                return search(value) is not None
            return False

    else:

        def contains(value: str) -> bool:
            return search(value if value.isascii() else normalize("NFC", value)) is not None

    return contains


def _case_number(number: int | str) -> int:
    """A case number as typed: ``12`` or ``#12``."""
    if isinstance(number, int):
        return number
    text = number.strip().removeprefix("#")
    if not text.isdigit():
        raise UsageError(f"{number!r} is not a case number; give it as 12 (or '#12')")
    return int(text)


def _presentation_fields(note: CaseNote) -> dict[str, Any]:
    """A presentation's fields as a case note gives them."""
    texts = {name: getattr(note, name) for name in _PRESENTATION_TEXT_FIELDS}
    return {"kind": note.kind, "outcome": note.outcome, **texts}


def _with_case_headers(case: Case, note: CaseNote) -> Case:
    """``case`` with the headers ``note`` gives (those left empty keep their value)."""
    changes: dict[str, Any] = {
        name: getattr(note, name).strip()
        for name in ("title", "client", "field", "institution")
        if getattr(note, name).strip()
    }
    if note.relationship is not None:
        changes["relationship"] = note.relationship
    return replace(case, **changes)


# -- groups, members, sessions: checks and orders ------------------------------

_LABEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}")
_SESSION_REF = re.compile(r"(?:(?P<group>[^:]+):)?#?(?P<seq>[0-9]+)")
_GROUP_EDITABLE = frozenset(
    {"handle", "name", "kind", "setting", "institution", "start", "planned_end", "session_minutes",
     "block_size", "co_leader", "retention"}
)
_MEMBER_EDITABLE = frozenset({"code", "profession", "field", "joined", "left", "identity"})
MAX_SESSION_MINUTES = 600
MAX_BLOCK_SIZE = 12


def _check_label(value: str, what: str) -> str:
    """A handle or code as typed on the command line: up to 40 letters,
    digits, ``-``, ``_`` and ``.`` (so that GROUP:N and CODE,CODE stay
    readable)."""
    label = value.strip()
    if not _LABEL.fullmatch(label):
        raise UsageError(
            f"{what} {value!r} cannot be used: use up to 40 letters, digits, '-', '_' or '.', "
            "starting with a letter or digit"
        )
    return label


def _checked_group(group: Group) -> Group:
    if not 1 <= group.session_minutes <= MAX_SESSION_MINUTES:
        raise UsageError(f"a session lasts 1 to {MAX_SESSION_MINUTES} minutes, not {group.session_minutes}")
    if not 1 <= group.block_size <= MAX_BLOCK_SIZE:
        raise UsageError(f"a block day has 1 to {MAX_BLOCK_SIZE} sessions, not {group.block_size}")
    if group.planned_end is not None and group.planned_end < group.start:
        raise UsageError(
            f"the planned end {format_date(group.planned_end)} is before the start {format_date(group.start)}"
        )
    return group


def _checked_member(member: Member) -> Member:
    if member.joined is not None and member.left is not None and member.left < member.joined:
        raise UsageError(
            f"{member.code} cannot leave ({format_date(member.left)}) before joining "
            f"({format_date(member.joined)})"
        )
    return member


def _membership(member: Member) -> str:
    joined = "from the start" if member.joined is None else f"joined {format_date(member.joined)}"
    return joined if member.left is None else f"{joined}, left {format_date(member.left)}"


def _code_order(member: Member) -> tuple[tuple[int, str], ...]:
    """M2 before M10: digit runs compare as numbers."""
    parts = re.split(r"([0-9]+)", member.code.casefold())
    return tuple((int(p), "") if i % 2 else (0, p) for i, p in enumerate(parts))


def _did_you_mean(value: str, names: Sequence[str]) -> str:
    by_key = {n.casefold(): n for n in names}
    close = difflib.get_close_matches(value.strip().casefold(), list(by_key), n=1, cutoff=0.6)
    return f"; did you mean {by_key[close[0]]!r}?" if close else ""


def _ended_at(session: GroupSession) -> dt.datetime:
    """When the session ended: its day and recorded end time (the end of
    its day when no time was recorded)."""
    try:
        clock = dt.time.fromisoformat(session.end_time)
    except ValueError:
        clock = dt.time(23, 59)
    return dt.datetime.combine(session.date, clock)
