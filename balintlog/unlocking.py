"""How a command gets an unlocked journal: the agent first, then the
passphrase sources of :mod:`balintlog.passphrase`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from balintlog.journal import Journal, Warn


def unlock_journal(
    path: Path,
    passphrase: Callable[[], bytes],
    *,
    today: dt.date,
    warn: Warn,
    now: dt.datetime | None = None,
) -> Journal:
    """An unlocked journal for ``path``; ``now`` is the caller's clock."""
    return Journal.unlock(path, passphrase, today=today, warn=warn, now=now)
