"""What every service of a journal shares: the journal it belongs to."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from balintlog.journal.cases import Cases
    from balintlog.journal.core import Journal
    from balintlog.journal.groups import Groups
    from balintlog.journal.sessions import Sessions
    from balintlog.store import Store


class Service:
    """The use cases of one noun (groups, sessions, cases …) of a
    :class:`~balintlog.journal.Journal`. A service holds the journal, not a
    copy of its state: the store, clock and write gate are the journal's."""

    def __init__(self, journal: Journal) -> None:
        self._journal = journal

    @property
    def store(self) -> Store:
        return self._journal.store

    # The services a service asks in turn (each is the journal's one).

    @property
    def _groups(self) -> Groups:
        return self._journal.groups

    @property
    def _sessions(self) -> Sessions:
        return self._journal.sessions

    @property
    def _cases(self) -> Cases:
        return self._journal.cases
