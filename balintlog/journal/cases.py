"""Cases, their presentations and resonances: :attr:`Journal.cases <balintlog.journal.Journal.cases>`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, NamedTuple

from balintlog.dates import format_date
from balintlog.db import cases as db_cases
from balintlog.db import groups as db_groups
from balintlog.db import keyslots
from balintlog.domain import (
    SOURCE_GROUP,
    SPECIAL_SOURCES,
    Case,
    CaseHistory,
    CaseStatus,
    Group,
    GroupSession,
    HistoryEntry,
    Member,
    Presentation,
    PresentationKind,
    Relationship,
    Resonance,
    ResonanceKind,
    ResonanceLevel,
    SessionStatus,
    parse_enum,
)
from balintlog.errors import ConflictError, DamagedError, NotFoundError, UsageError
from balintlog.i18n import _
from balintlog.journal.groups import membership
from balintlog.journal.service import Service
from balintlog.kinds import did_you_mean
from balintlog.labels import label
from balintlog.names import label_key
from balintlog.store import new_id

if TYPE_CHECKING:
    from balintlog.template import CaseNote


@dataclass(frozen=True)
class CaseAdded:
    """A presentation just recorded: the case (as it is now), the
    presentation with its resonances, its session's REF, and the presenter
    when they had to be marked present."""

    case: Case
    presentation: Presentation
    session_ref: str
    marked_present: Member | None

@dataclass(frozen=True)
class CaseEdited:
    """A case just edited: as it is now, and what the edit removed (in
    words: ``4 resonances``, ``the closing statement``)."""

    history: CaseHistory
    removed: tuple[str, ...]


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


class Cases(Service):
    """The cases, each with its presentations and their resonances."""

    def note_problems(
        self, session: GroupSession, note: CaseNote, *, case: Case | None = None
    ) -> list[tuple[str, str]]:
        """What is wrong with a parsed case note in the vault's terms, as
        (place, message) pairs: place is a header attribute (``presenter``),
        ``resonance N`` (0-based) or ``""``. Checks that the presenter (and
        each ``@CODE`` source) is a member of the session's group on its day,
        and for a note about an existing ``case`` (follow-up, edit) that the
        session is in the case's group and the presenter stays the same."""
        group = self._groups.by_id(session.group_id)
        members = self._groups.members(group)
        by_code = {label_key(m.code): m for m in members}
        codes = ", ".join(m.code for m in members) or _("none yet")
        problems: list[tuple[str, str]] = []
        if case is not None and case.group_id != group.id:
            problems.append(
                ("", _("case #{number} belongs to another group; name a session of its group").format(
                    number=case.number
                ))
            )
        if note.presenter:
            member = by_code.get(label_key(note.presenter))
            if member is None:
                problems.append(
                    ("presenter", _("{group} has no member {code!r}{did_you_mean} (members: {codes})").format(
                        group=group.handle,
                        code=note.presenter,
                        did_you_mean=did_you_mean(note.presenter, [m.code for m in members]),
                        codes=codes,
                    ))
                )
            elif not member.active_on(session.date):
                problems.append(
                    ("presenter", _("{code} was not a member of {group} on {date} ({membership})").format(
                        code=member.code,
                        group=group.handle,
                        date=format_date(session.date),
                        membership=membership(member),
                    ))
                )
            elif case is not None and member.id != case.presenter_id:
                presenter = self._groups.member_by_id(case.presenter_id)
                problems.append(("presenter", _(
                    "case #{number} was presented by {code}; leave Presenter as {code} (or empty)"
                ).format(number=case.number, code=presenter.code)))
        for index, res in enumerate(note.resonances):
            if res.source not in SPECIAL_SOURCES and label_key(res.source) not in by_code:
                problems.append(
                    (f"resonance {index}", _(
                        "unknown source '@{source}'{did_you_mean}: use a member code of {group} ({codes}), "
                        "@leader or @co_leader"
                    ).format(
                        source=res.source,
                        did_you_mean=did_you_mean(res.source, [m.code for m in members]),
                        group=group.handle,
                        codes=codes,
                    ))
                )
        return problems

    def add(self, session: GroupSession | str | None, note: CaseNote) -> CaseAdded:
        """Record a new case worked in a session (a GroupSession or a REF as
        for ``journal.sessions.get``; None: the default REF): the case with the next
        vault-wide number and its own data key, its first presentation and
        the resonances. The presenter must be a member of the session's group
        and is marked present if they were not (``CaseAdded.marked_present``).
        UsageError for a note that does not fit (see :meth:`note_problems`)."""
        if note.kind is not PresentationKind.FIRST:
            raise UsageError(_("a new case is a first presentation"), hint="follow_up")
        if not note.title.strip() or not note.presenter.strip():
            raise UsageError(_("a new case needs a title and a presenter"))
        with self._journal.writing("case add"):
            target = self._note_session(session)
            self._raise_note_problems(target, note)
            presenter = self._groups.member(self._groups.by_id(target.group_id), note.presenter)
            case = Case(
                id=new_id(),
                number=db_cases.take_case_number(self.store),
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
            keyslots.create_data_key(self.store, self._journal.master_key, case.id)
            db_cases.add_case_record(self.store, case)
            presentation = self._add_presentation(case, target, note)
            marked = self._sessions.mark_present(target, presenter)
        return CaseAdded(case, presentation, self._sessions.ref(target), marked)

    def add_follow_up(self, number: int, session: GroupSession | str | None, note: CaseNote) -> CaseAdded:
        """Record a later presentation of case ``number`` (kind ``follow_up``
        with its outcome and what changed, or ``update``) in a session of the
        case's group. Case headers given in the note (title, client …)
        replace the case's; the case becomes ``followed_up``. ConflictError
        when the case was presented in that session already or the session
        lies before its latest presentation."""
        if note.kind is PresentationKind.FIRST:
            raise UsageError(_("a follow-up is of kind follow_up or update; a first presentation is 'case add'"))
        with self._journal.writing("case follow-up"):
            case = self.get(number)
            target = self._note_session(session)
            self._raise_note_problems(target, note, case=case)
            earlier = db_cases.presentations(self.store, case_id=case.id)
            if any(p.session_id == target.id for p in earlier):
                raise ConflictError(
                    _("case #{number} was presented in {session} already").format(
                        number=case.number, session=self._sessions.ref(target)
                    ),
                    hint="case_edit",
                )
            if earlier and earlier[-1].date is not None and target.date < earlier[-1].date:
                raise ConflictError(
                    _(
                        "case #{number} was last presented on {date}, after {session}; a follow-up comes later"
                    ).format(number=case.number, date=format_date(earlier[-1].date), session=self._sessions.ref(target))
                )
            changed = replace(_with_case_headers(case, note), status=CaseStatus.FOLLOWED_UP)
            db_cases.save_case_record(self.store, changed)
            presentation = self._add_presentation(changed, target, note)
            marked = self._sessions.mark_present(target, self._groups.member_by_id(case.presenter_id))
        return CaseAdded(changed, presentation, self._sessions.ref(target), marked)

    def edit(self, number: int, note: CaseNote, *, presentation: str | None = None) -> CaseEdited:
        """Change case ``number``'s headers and one presentation (the latest,
        or the one with id ``presentation``, see :meth:`presentation`) with
        what ``note`` gives: what it leaves out (``note.present``) keeps its
        value, what it gives empty is cleared, resonances given replace the
        presentation's. The presenter may change to another member of the
        group. Returns the case as it is now and what the edit removed."""
        from balintlog.template import merge_case_note, removed_from_case

        with self._journal.writing("case edit"):
            case = self.get(number)
            presentations = db_cases.presentations(self.store, case_id=case.id)
            target = next((p for p in presentations if p.id == presentation), None) if presentation else None
            if target is None:
                if presentation is not None:
                    raise NotFoundError(
                        _("case #{number} has no presentation {id}").format(number=case.number, id=presentation[:8])
                    )
                target = self._latest_presentation(case)
            session = self._sessions.by_id(target.session_id)
            old = self._note_of(case, target)
            merged = merge_case_note(old, note)
            problems = self.note_problems(session, merged)
            if problems:
                raise UsageError("; ".join(message for _, message in problems))
            if (merged.kind is PresentationKind.FIRST) != (target.id == presentations[0].id):
                if target.id == presentations[0].id:
                    message = _("this is the first presentation of case #{number}; its Kind stays {kind}")
                else:
                    message = _("this is a later presentation of case #{number}; its Kind stays {kind}")
                raise UsageError(message.format(number=case.number, kind=label(target.kind)))
            presenter = self._groups.member(self._groups.by_id(case.group_id), merged.presenter)
            changed = replace(
                case,
                title=merged.title.strip(),
                client=merged.client,
                relationship=merged.relationship or Relationship.OTHER,
                field=merged.field,
                institution=merged.institution,
                presenter_id=presenter.id,
            )
            if not changed.title:
                raise UsageError(_("a case needs a title"))
            db_cases.save_case_record(self.store, changed)
            edited = replace(target, **_presentation_fields(merged), resonances=())
            db_cases.save_case_record(self.store, edited)
            db_cases.delete_resonances(self.store, target.id)
            self._add_resonances(changed, edited, merged)
            if changed.presenter_id != case.presenter_id:
                self._sessions.mark_present(session, presenter)
            return CaseEdited(self.history(number), tuple(removed_from_case(old, merged)))

    def presentation(self, number: int | str, *, ref: str | None = None, first: bool = False) -> HistoryEntry:
        """The presentation of case ``number`` that ``case edit`` changes:
        the one in session ``ref`` (a REF as for ``journal.sessions.get``,
        in the case's group), the first with ``first``, else the latest."""
        history = self.history(number)
        entries = history.presentations
        if first:
            return entries[0]
        if ref is None:
            return entries[-1]
        session = self._sessions.get(ref, group=history.group)
        for entry in entries:
            if entry.presentation.session_id == session.id:
                return entry
        worked = ", ".join(entry.session_ref for entry in entries)
        raise NotFoundError(
            _("case #{number} was not presented in {session} (presented in {sessions})").format(
                number=history.case.number, session=self._sessions.ref(session), sessions=worked
            )
        )

    def note(self, number: int, *, presentation: str | None = None) -> CaseNote:
        """Case ``number``'s headers and one presentation (the latest, or
        the one with id ``presentation``) as a note: what ``case edit``
        pre-fills the template with."""
        with self.store.transaction(write=False):
            case = self.get(number)
            presentations = db_cases.presentations(self.store, case_id=case.id)
            target = next((p for p in presentations if p.id == presentation), None)
            return self._note_of(case, target or self._latest_presentation(case))

    def _note_of(self, case: Case, presentation: Presentation) -> CaseNote:
        from balintlog.template import CaseNote, ResonanceLine

        return CaseNote(
            title=case.title,
            presenter=self._groups.member_by_id(case.presenter_id).code,
            client=case.client,
            relationship=case.relationship,
            field=case.field,
            institution=case.institution,
            question=presentation.question,
            kind=presentation.kind,
            outcome=presentation.outcome,
            account=presentation.account,
            group_process=presentation.group_process,
            resonances=tuple(
                ResonanceLine(r.kind, r.level, r.intensity, r.text, r.source, r.mirroring)
                for r in presentation.resonances
            ),
            closing=presentation.closing,
            leader_notes=presentation.leader_notes,
            what_changed=presentation.what_changed,
        )

    def get(self, number: int | str) -> Case:
        """Case ``number`` (``12`` or ``#12``); NotFoundError otherwise."""
        wanted = _case_number(number)
        with self.store.transaction(write=False):
            found = db_cases.cases(self.store, number=wanted)
        if not found:
            raise NotFoundError(_("no case #{number}").format(number=wanted), hint="case_list")
        return found[0]

    def all(
        self, group: Group | str | None = None, status: CaseStatus | str | None = None
    ) -> list[Case]:
        """The cases of every group (or of ``group``), by number; with
        ``status``, only those with it."""
        with self.store.transaction(write=False):
            return db_cases.cases(self.store, **self._case_filter(group, status))

    def _case_filter(self, group: Group | str | None, status: CaseStatus | str | None) -> dict[str, Any]:
        """The store's case filter (group id, statuses) for a group and status as the user names them."""
        return {
            "group_id": None if group is None else self._groups.resolve(group).id,
            "statuses": None if status is None else [parse_enum(CaseStatus, status, _("case status")).value],
        }

    def overview(
        self, group: Group | str | None = None, status: CaseStatus | str | None = None
    ) -> list[CaseSummary]:
        """The cases (of every group, or of ``group``; with ``status``, only
        those with it) by number, each with its group, presenter, number of
        presentations and the day it was last presented (for listings: only
        the title and relationship are decrypted)."""
        with self.store.transaction(write=False):
            listing = db_cases.case_listing(self.store, **self._case_filter(group, status))
            handles = {g.id: g.handle for g in self._groups.cached()}
            codes = {m.id: m.code for m in db_groups.members(self.store, ids=sorted({row[3] for row in listing}))}
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

    def history(self, number: int | str) -> CaseHistory:
        """Case ``number`` with its presenter, group and every presentation
        in the order worked, each with its session REF, day, resonances and
        outcome."""
        with self.store.transaction(write=False):
            case = self.get(number)
            presentations = db_cases.presentations(self.store, case_id=case.id)
            group = self._groups.by_id(case.group_id)
            seqs = db_groups.session_seqs(self.store, [p.session_id for p in presentations])
            entries = tuple(
                HistoryEntry(p, f"{group.handle}:{seqs[p.session_id][1]}", p.date or case.opened)
                for p in presentations
            )
            return CaseHistory(case, self._groups.member_by_id(case.presenter_id), group, entries)

    def close(self, number: int | str, status: CaseStatus | str = CaseStatus.CLOSED) -> Case:
        """Close case ``number`` as ``closed`` (worked through) or ``lost``
        (out of sight). A later follow-up re-opens it as ``followed_up``."""
        wanted = parse_enum(CaseStatus, status, _("case status"))
        if wanted not in (CaseStatus.CLOSED, CaseStatus.LOST):
            raise UsageError(_("a case is closed as closed or lost, not {status}").format(status=label(wanted)))
        with self._journal.writing("case close"):
            case = self.get(number)
            if case.status is wanted:
                raise ConflictError(
                    _("case #{number} is {status} already").format(number=case.number, status=label(wanted))
                )
            closed = replace(case, status=wanted)
            db_cases.save_case_record(self.store, closed)
        return closed

    def reopen(self, number: int | str) -> Case:
        """Bring a closed or lost case ``number`` back as ``open``;
        ConflictError when it is not closed or lost."""
        with self._journal.writing("case reopen"):
            case = self.get(number)
            if case.status not in (CaseStatus.CLOSED, CaseStatus.LOST):
                raise ConflictError(
                    _("case #{number} is {status} already; only a closed or lost case can be re-opened").format(
                        number=case.number, status=label(case.status)
                    )
                )
            reopened = replace(case, status=CaseStatus.OPEN)
            db_cases.save_case_record(self.store, reopened)
        return reopened

    def duplicates(self, session: GroupSession, note: CaseNote) -> list[Case]:
        """The cases of ``session``'s group first presented in it with the
        same title (ignoring case and spacing) and presenter as ``note``."""
        def key(text: str) -> str:
            return " ".join(text.split()).casefold()

        with self.store.transaction(write=False):
            group = self._groups.by_id(session.group_id)
            presenter = next(
                (m for m in self._groups.members(group) if m.code.casefold() == note.presenter.strip().casefold()), None
            )
            if presenter is None:
                return []
            found = []
            for case in db_cases.cases(self.store, group_id=group.id):
                if case.presenter_id != presenter.id or key(case.title) != key(note.title):
                    continue
                first = db_cases.presentations(self.store, case_id=case.id)[:1]
                if first and first[0].session_id == session.id:
                    found.append(case)
            return found

    def delete(self, number: int | str) -> Case:
        """Erase case ``number``: its resonances, presentations, data key and
        row in one transaction, then checkpoint the WAL, so nothing of it
        stays readable in the live vault (backups made before still hold
        it). Returns the case as it was."""
        with self._journal.writing("case delete"):
            case = self.get(number)
            db_cases.delete_case(self.store, case.id)
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
            raise UsageError(_("the resonance has no text; type it at the prompt or pipe it on stdin"))
        if not 1 <= intensity <= 5:
            raise UsageError(_("intensity is 1 (faint) to 5 (strong), not {value}").format(value=intensity))
        res_kind = parse_enum(ResonanceKind, kind, _("resonance kind"))
        res_level = parse_enum(ResonanceLevel, level, _("resonance level"))
        with self._journal.writing("resonance add"):
            case = self.get(number)
            latest = self._latest_presentation(case)
            who = self._resonance_source(case, source)
            resonance = Resonance(
                id=new_id(),
                presentation_id=latest.id,
                case_id=case.id,
                seq=db_cases.next_resonance_seq(self.store, latest.id),
                kind=res_kind,
                level=res_level,
                intensity=intensity,
                text=text,
                source=who,
                mirroring=mirroring,
            )
            db_cases.add_case_record(self.store, resonance)
        return resonance

    def _note_session(self, session: GroupSession | str | None) -> GroupSession:
        target = session if isinstance(session, GroupSession) else self._sessions.get(session)
        if target.status is SessionStatus.CANCELLED:
            raise ConflictError(
                _("{session} was cancelled").format(session=self._sessions.ref(target)), hint="other_session"
            )
        return target

    def _raise_note_problems(self, session: GroupSession, note: CaseNote, *, case: Case | None = None) -> None:
        problems = self.note_problems(session, note, case=case)
        if problems:
            raise UsageError("; ".join(message for _, message in problems))

    def _latest_presentation(self, case: Case) -> Presentation:
        found = db_cases.presentations(self.store, case_id=case.id)
        if not found:
            raise DamagedError(_("case #{number} has no presentation").format(number=case.number), hint="verify")
        return found[-1]

    def _add_presentation(self, case: Case, session: GroupSession, note: CaseNote) -> Presentation:
        presentation = Presentation(
            id=new_id(), case_id=case.id, session_id=session.id, date=session.date, **_presentation_fields(note)
        )
        db_cases.add_case_record(self.store, presentation)
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
            db_cases.add_case_record(self.store, resonance)
            made.append(resonance)
        return tuple(made)

    def _resonance_source(self, case: Case, source: str) -> str:
        """``source`` as stored: a special source, or the member code as the
        group spells it."""
        key = source.strip()
        special = key.casefold().replace("-", "_")
        if special in SPECIAL_SOURCES:
            return special
        return self._groups.member(self._groups.by_id(case.group_id), key.removeprefix("@")).code


PRESENTATION_TEXT_FIELDS = ("question", "account", "group_process", "leader_notes", "closing", "what_changed")

CASE_TEXT_FIELDS = ("title", "client", "field", "institution")

def _case_number(number: int | str) -> int:
    """A case number as typed: ``12`` or ``#12`` (positive, and one the vault can hold)."""
    from balintlog.inputs import MAX_NUMBER, parse_number

    if isinstance(number, int):
        if not 1 <= number <= MAX_NUMBER:
            raise UsageError(_("there is no case #{number}; case numbers start at 1").format(number=number))
        return number
    return parse_number(number, _("case number"), example=_("12 (or '#12')"), prefix="#")


def _presentation_fields(note: CaseNote) -> dict[str, Any]:
    """A presentation's fields as a case note gives them."""
    texts = {name: getattr(note, name) for name in PRESENTATION_TEXT_FIELDS}
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
