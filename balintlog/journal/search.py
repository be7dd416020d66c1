"""Search of every text field: :attr:`Journal.search <balintlog.journal.Journal.search>`."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from balintlog.db import cases as db_cases
from balintlog.db import groups as db_groups
from balintlog.db import search as db_search
from balintlog.domain import (
    Group,
    SearchHit,
)
from balintlog.errors import UsageError
from balintlog.i18n import _
from balintlog.journal.cases import CASE_TEXT_FIELDS, PRESENTATION_TEXT_FIELDS
from balintlog.journal.service import Service
from balintlog.textfold import TextFinder


class Search(Service):
    """Search of the decrypted texts."""

    def find(
        self, text: str, group: Group | str | None = None, limit: int | None = None
    ) -> tuple[list[SearchHit], int]:
        """Every text field (of every group, or of ``group``) that contains
        ``text``, ignoring case and accents (:mod:`balintlog.textfold`): group, member and block texts, session
        notes, case headers, presentations and resonances, decrypted in
        memory. Hits are in date order, each with the part of its text
        around the first match (see ``_TextSearch.clip``) and the spans of
        the matches in it. Returns the first ``limit`` hits (all with None;
        only those are held while searching) and how many there are in all."""
        needle = unicodedata.normalize("NFC", text.strip())
        if not needle:
            raise UsageError(_("give the text to search for"))
        with self.store.transaction(write=False):
            groups = self._groups.cached() if group is None else [self._groups.resolve(group)]
            search = _TextSearch(needle, groups, limit)
            for grp in groups:
                self._search_group_texts(grp, search)
            # Each table is read once for all the groups, only its text
            # columns decrypted, and only the hits kept: a long-kept vault
            # holds hundreds of thousands of fields.
            only = groups[0].id if len(groups) == 1 else None
            self._search_sessions(only, search)
            self._search_cases(only, search)
            self._search_presentations(only, search)
        return search.hits(), search.count

    def _search_group_texts(self, group: Group, search: _TextSearch) -> None:
        """Search a group's own texts, its members' and its block days'."""
        for pos, name in enumerate(("name", "institution", "co_leader")):
            search.check(group.id, f"group.{name}", getattr(group, name), {"date": group.start}, (0, pos))
        for pos, member in enumerate(db_groups.members(self.store, group.id)):
            search.check(group.id, "member.field", member.field, {"date": member.joined}, (1, pos))
        for pos, blk in enumerate(db_groups.blocks(self.store, group.id)):
            search.check(group.id, "block.place", blk.place, {"date": blk.date}, (2, pos))

    def _search_sessions(self, group_id: str | None, search: _TextSearch) -> None:
        texts = db_search.find_texts(self.store, "group_session", SESSION_NOTE_FIELDS, search.contains, group_id)
        for found in search.chunks(texts):
            ids = [row_id for row_id, _column, _value in found]
            sessions = db_search.plain_columns(self.store, "group_session", ids, "group_id", "seq", "date")
            for row_id, column, value in found:
                owner, seq, day = sessions[row_id]
                where = {"session_ref": f"{search.handle(owner)}:{seq}", "date": day}
                order = (3, day, seq, SESSION_NOTE_FIELDS.index(column))
                search.add(owner, f"session.{column}", value, where, order)

    def _search_cases(self, group_id: str | None, search: _TextSearch) -> None:
        texts = db_search.find_texts(self.store, "balint_case", CASE_TEXT_FIELDS, search.contains, group_id)
        for found in search.chunks(texts):
            ids = [row_id for row_id, _column, _value in found]
            cases = db_search.plain_columns(self.store, "balint_case", ids, "group_id", "number", "opened")
            # A case is shown with the first session of its group that worked it.
            first: dict[tuple[str, str], int] = {}
            for place in db_cases.presentation_places(self.store, case_ids=ids):
                first.setdefault((place.case_id, place.group_id), place.session_seq)
            for row_id, column, value in found:
                owner, number, opened = cases[row_id]
                seq = first.get((row_id, owner))
                where = {
                    "case_number": number,
                    "session_ref": None if seq is None else f"{search.handle(owner)}:{seq}",
                    "date": opened,
                }
                search.add(owner, f"case.{column}", value, where, (4, number, CASE_TEXT_FIELDS.index(column)))

    def _search_presentations(self, group_id: str | None, search: _TextSearch) -> None:
        """Search presentations and their resonances, each hit placed in the
        session of its presentation; a presentation's resonances come after
        its own fields, in their order."""
        fields = PRESENTATION_TEXT_FIELDS
        for found in search.chunks(db_search.find_texts(self.store, "presentation", fields, search.contains, group_id)):
            self._place_in_sessions(
                search,
                [
                    (row_id, (0, PRESENTATION_TEXT_FIELDS.index(column), ""), f"presentation.{column}", value)
                    for row_id, column, value in found
                ],
            )
        echoes = db_search.find_texts(self.store, "resonance", ("text",), search.contains, group_id)
        for found in search.chunks(echoes):
            ids = [row_id for row_id, _column, _value in found]
            resonances = db_search.plain_columns(self.store, "resonance", ids, "presentation_id", "seq")
            texts: list[tuple[str, tuple[Any, ...], str, str]] = []
            for row_id, _column, value in found:
                presentation_id, seq = resonances[row_id]
                texts.append((presentation_id, (1, seq, value), "resonance.text", value))
            self._place_in_sessions(search, texts)

    def _place_in_sessions(self, search: _TextSearch, texts: list[tuple[str, tuple[Any, ...], str, str]]) -> None:
        """Add hits of presentations (presentation id, order, field, text),
        each in the session of its presentation."""
        places = {p.id: p for p in db_cases.presentation_places(self.store, ids=[t[0] for t in texts])}
        case_ids = {p.case_id for p in places.values()}
        cases = db_search.plain_columns(self.store, "balint_case", case_ids, "group_id", "number")
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


#: The sealed fields of a session that a search reads.
SESSION_NOTE_FIELDS = ("atmosphere", "group_process", "countertransference", "supervision_questions")

#: Characters of context a hit keeps on each side of its first match.
WINDOW = 60


class _TextSearch:
    """One search: what it looks for, and the hits found so far with their
    place in the order of the results."""

    def __init__(self, needle: str, groups: Sequence[Group], limit: int | None = None) -> None:
        self._finder = TextFinder(needle)
        self._groups = {grp.id: (grp, rank) for rank, grp in enumerate(groups)}
        self._found: list[tuple[tuple[Any, ...], SearchHit]] = []
        self._limit = limit
        self.count = 0
        self.contains = self._finder.contains

    def handle(self, group_id: str) -> str:
        return self._groups[group_id][0].handle

    def check(self, group_id: str, field: str, value: str, where: dict[str, Any], order: tuple[Any, ...]) -> None:
        """:meth:`add` the text if it contains the needle."""
        if self.contains(value):
            self.add(group_id, field, self.clip(value), where, order)

    def clip(self, value: str) -> str:
        """The part of a text a hit keeps: up to :data:`WINDOW` characters
        each side of its first match, ``…`` marking a cut. A search for a
        common letter hits nearly every field; holding whole accounts for
        each would take gigabytes."""
        text = value if value.isascii() else unicodedata.normalize("NFC", value)
        spans = self._finder.spans(text)
        if not spans:
            return text[: 2 * WINDOW]
        first, last = spans[0]
        start, end = max(0, first - WINDOW), min(len(text), last + WINDOW)
        return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")

    def chunks(self, found: Iterable[tuple[str, str, str]], size: int = 2000) -> Iterator[list[tuple[str, str, str]]]:
        """``(row id, column, text)`` hits as they are read, each text
        clipped, in lists of ``size``: placed and pruned a chunk at a time,
        a search never holds every hit of a table."""
        chunk: list[tuple[str, str, str]] = []
        for row_id, column, value in found:
            chunk.append((row_id, column, self.clip(value)))
            if len(chunk) == size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def add(self, group_id: str, field: str, value: str, where: dict[str, Any], order: tuple[Any, ...]) -> None:
        """A hit: a text that contains the needle (clipped, see :meth:`clip`), ``where`` it is (the
        location keywords of :class:`SearchHit`). ``order`` places it among
        the texts of its group of the same day, case and session (first
        the group's own, then its members', block days', sessions', cases',
        presentations')."""
        text = value
        spans = tuple(self._finder.spans(text))
        group, rank = self._groups[group_id]
        hit = SearchHit(group.handle, field, text, spans, **where)
        key = (hit.date or dt.date.min, hit.case_number or 0, hit.session_ref or "", rank, *order)
        self._found.append((key, hit))
        self.count += 1
        if self._limit is not None and len(self._found) >= 2 * self._limit + 1000:
            self._prune(self._limit)

    def _prune(self, limit: int) -> None:
        """Keep only the first ``limit`` hits: memory stays bounded however many match."""
        self._found.sort(key=lambda found: found[0])
        del self._found[limit:]

    def hits(self) -> list[SearchHit]:
        """The hits by day, case number and session (the first ``limit``)."""
        self._prune(len(self._found) if self._limit is None else self._limit)
        return [hit for _key, hit in self._found]
