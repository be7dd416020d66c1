"""The library API: :class:`Journal`, an unlocked vault, and what its
services return. See :mod:`balintlog.journal.core`."""

from balintlog.journal.cases import CaseAdded, CaseEdited, CaseSummary
from balintlog.journal.core import TEST_KDF_WARNING, Journal, VerifyResult, Writing

__all__ = ["TEST_KDF_WARNING", "CaseAdded", "CaseEdited", "CaseSummary", "Journal", "VerifyResult", "Writing"]
