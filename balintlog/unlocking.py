"""How a command gets an unlocked journal: the agent first, then the
passphrase sources of :mod:`balintlog.passphrase`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from balintlog import agent
from balintlog.backup import sync_warning
from balintlog.editor import adopt_orphans
from balintlog.journal import Journal, Warn
from balintlog.store import Store


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
    key = agent_key(path)
    if key is not None:
        journal = Journal.with_master_key(path, key, today=today, warn=warn, now=now)
    else:
        journal = Journal.unlock(path, passphrase, today=today, warn=warn, now=now)
    try:
        adopt_orphans(journal, warn)
    except BaseException:
        journal.close()
        raise
    return journal


def agent_key(path: Path) -> bytes | None:
    """The master key from the agent running for this vault, if there is one
    and it holds this vault's key (checked by vault id)."""
    if not agent.has_socket(path):
        return None
    store = Store.open(path)
    try:
        vault_id = store.vault_id
    finally:
        store.close()
    return agent.get_key(path, vault_id)
