"""Drafts: text sealed when it could not be saved (yet): :attr:`Journal.drafts <balintlog.journal.Journal.drafts>`."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from balintlog.db import cases as db_cases
from balintlog.db import drafts as db_drafts
from balintlog.db import groups as db_groups
from balintlog.domain import (
    Draft,
    DraftKind,
    parse_enum,
)
from balintlog.errors import NotFoundError, UsageError
from balintlog.i18n import _, pgettext
from balintlog.journal.service import Service
from balintlog.store import new_id

if TYPE_CHECKING:
    pass


class Drafts(Service):
    """The drafts of the vault."""

    def save(
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
            kind=parse_enum(DraftKind, kind, _("draft kind")),
            created=self._journal.today if replacing is None else replacing.created,
            body=body,
            context=json.dumps(dict(context or {}), sort_keys=True),
        )
        with self._journal.writing("draft save"):
            if replacing is None:
                db_drafts.add_draft(self.store, draft)
            else:
                db_drafts.save_draft(self.store, draft)
        return draft

    def all(self, kind: DraftKind | str | None = None) -> list[Draft]:
        """The drafts, oldest first; with ``kind``, only those of that kind."""
        wanted = None if kind is None else parse_enum(DraftKind, kind, _("draft kind"))
        with self.store.transaction(write=False):
            found = db_drafts.drafts(self.store)
        return [d for d in found if wanted is None or d.kind == wanted]

    def get(self, ref: str) -> Draft:
        """The draft whose id starts with ``ref`` (the short id shown by
        :meth:`all`). NotFoundError when none does, UsageError when
        several do."""
        key = ref.strip().lower()
        if not re.fullmatch(r"[0-9a-f]{1,32}", key):
            raise UsageError(_("{ref!r} is not a draft id").format(ref=ref), hint="draft_list")
        with self.store.transaction(write=False):
            found = db_drafts.drafts(self.store, key)
        if not found:
            raise NotFoundError(_("no draft {ref}").format(ref=ref), hint="draft_list")
        if len(found) > 1:
            ids = ", ".join(d.id[: len(key) + 2] for d in found)
            raise UsageError(_("{ref} names several drafts ({ids}); give more of its id").format(ref=ref, ids=ids))
        return found[0]

    def discard(self, draft: Draft | str) -> Draft:
        """Delete a draft (a Draft or its id) and checkpoint the WAL."""
        target = draft if isinstance(draft, Draft) else self.get(draft)
        with self._journal.writing("draft discard"):
            db_drafts.delete_draft(self.store, target.id)
        self.store.checkpoint()
        return target

    def case_number(self, draft: Draft) -> int | None:
        """The number of the case a draft was written for (None: no case, or
        it was deleted since)."""
        case_id = draft.refs.get("case")
        if case_id is None:
            return None
        with self.store.transaction(write=False):
            found = db_cases.cases(self.store, ids=[case_id])
        return found[0].number if found else None

    def label(self, draft: Draft) -> str:
        """What a draft was written for, in words: ``case for nord:3``,
        ``follow-up of #12 in nord:5``, ``notes of nord:4``."""
        refs = draft.refs
        # Noun phrases, so that each language can put them together its own way.
        parts = {
            DraftKind.CASE: pgettext("draft", "new case"),
            DraftKind.FOLLOW_UP: pgettext("draft", "follow-up"),
            DraftKind.CASE_EDIT: pgettext("draft", "edit"),
            DraftKind.SESSION_NOTE: pgettext("draft", "session notes"),
            DraftKind.LOGBOOK: pgettext("draft", "logbook entry"),
        }
        label = parts[draft.kind]
        if "case" in refs:
            number = self.case_number(draft)
            if number is None:
                label = _("{what} of a deleted case").format(what=label)
            else:
                label = _("{what} of #{number}").format(what=label, number=number)
        with self.store.transaction(write=False):
            if "session" in refs:
                where = db_groups.session_seqs(self.store, [refs["session"]]).get(refs["session"])
                if where is not None:
                    session = f"{self._groups.by_id(where[0]).handle}:{where[1]}"
                    label = _("{what} in {session}").format(what=label, session=session)
        return label


