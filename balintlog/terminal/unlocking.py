"""How a command gets an unlocked journal: the agent first, then the
passphrase sources of :mod:`balintlog.passphrase`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from balintlog import agent
from balintlog.backup import sync_warning
from balintlog.journal import Journal
from balintlog.keys import Warn
from balintlog.store import Store
from balintlog.terminal.editor import adopt_orphans


def unlock_journal(
    path: Path,
    passphrase: Callable[[], bytes],
    *,
    today: dt.date,
    warn: Warn,
    now: dt.datetime | None = None,
) -> Journal:
    """An unlocked journal for ``path``; ``now`` is the caller's clock."""
    notice = sync_warning(path)
    if notice:
        warn(notice)
    journal = agent_journal(path, today=today, warn=warn, now=now)
    if journal is None:
        journal = Journal.unlock(path, passphrase, today=today, warn=warn, now=now)
    try:
        adopt_orphans(journal, warn)
    except BaseException:
        journal.close()
        raise
    return journal


def agent_journal(path: Path, *, today: dt.date, warn: Warn, now: dt.datetime | None = None) -> Journal | None:
    """The journal unlocked with the master key of the agent running for
    this vault, if there is one and it holds this vault's key (checked by
    vault id). The vault is opened once, for both."""
    if not agent.has_socket(path):
        return None
    store = Store.open(path)
    try:
        key = agent.get_key(path, store.vault_id)
    except BaseException:
        store.close()
        raise
    if key is None:
        store.close()
        return None
    return Journal.from_store(store, key, today=today, warn=warn, now=now)
