"""balintlog: an encrypted case journal for Balint-group facilitators.

The library API: :class:`Journal` (an unlocked vault; ``Journal.create``,
``Journal.unlock``) with its services by noun, what they return, the domain
types and the errors::

    from balintlog import Journal

    with Journal.unlock(path, lambda: passphrase, today=dt.date.today()) as journal:
        for case in journal.cases.overview():
            ...

The names are loaded on first use, so that importing the command line
(``balintlog.cli``) does not load the library's dependencies.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing itself is not imported at run time (the entry point imports this package)

__version__ = "0.1.0"

if TYPE_CHECKING:
    from balintlog.domain import (
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
        Outcome,
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
    )
    from balintlog.errors import (
        BalintlogError,
        ConflictError,
        DamagedError,
        LockedError,
        NotFoundError,
        UsageError,
    )
    from balintlog.journal import CaseAdded, CaseSummary, Journal, VerifyResult

#: Public name -> the module that defines it.
_EXPORTS = {
    **dict.fromkeys(("Journal", "CaseAdded", "CaseSummary", "VerifyResult"), "balintlog.journal"),
    **dict.fromkeys(
        ("BalintlogError", "ConflictError", "DamagedError", "LockedError", "NotFoundError", "UsageError"),
        "balintlog.errors",
    ),
    **dict.fromkeys(
        (
            "Block", "Case", "CaseHistory", "CaseStatus", "Draft", "DraftKind", "Group", "GroupKind", "GroupSession",
            "HistoryEntry", "Member", "Outcome", "Presentation", "PresentationKind", "Profession", "Relationship",
            "Resonance", "ResonanceKind", "ResonanceLevel", "SearchHit", "SessionMode", "SessionNotes",
            "SessionStatus", "Setting",
        ),
        "balintlog.domain",
    ),
}

__all__ = [
    "INTERRUPTED",
    "BalintlogError",
    "Block",
    "Case",
    "CaseAdded",
    "CaseHistory",
    "CaseStatus",
    "CaseSummary",
    "ConflictError",
    "DamagedError",
    "Draft",
    "DraftKind",
    "Group",
    "GroupKind",
    "GroupSession",
    "HistoryEntry",
    "Journal",
    "LockedError",
    "Member",
    "NotFoundError",
    "Outcome",
    "Presentation",
    "PresentationKind",
    "Profession",
    "Relationship",
    "Resonance",
    "ResonanceKind",
    "ResonanceLevel",
    "SearchHit",
    "SessionMode",
    "SessionNotes",
    "SessionStatus",
    "Setting",
    "UsageError",
    "VerifyResult",
    "__version__",
    "main",
]


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'balintlog' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)

INTERRUPTED = "Interrupted; nothing was changed by the unfinished command."

