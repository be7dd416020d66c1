"""The vault's tables (SQLAlchemy Core) and the map of which columns are
sealed, and the plain rows read from them.

Plaintext columns are only ids and foreign keys, key and format versions,
status values, day-resolution dates and numbers; every other column is a
sealed blob (``info={"sealed": True}``), bound by its associated data to the
vault, table, column, row, case and key version.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)

from balintlog import i18n, vault
from balintlog.i18n import NP_

#: The Alembic revision this code writes. Opening a vault at this revision
#: never imports Alembic; an older one is upgraded on open.
HEAD_REVISION = "0005_identities_documents"
#: 2: every row sealed, every write in the change log (:mod:`balintlog.changelog`).
FORMAT_VERSION = 2
SLOT_PASSPHRASE = "passphrase"
SLOT_RECOVERY = "recovery"


def new_id() -> str:
    """Row ids are made by the application, so they can enter the AD before
    the row exists."""
    return uuid.uuid4().hex


def _sealed(name: str) -> Column[bytes]:
    """A sealed text column (see the module docstring)."""
    return Column(name, LargeBinary, nullable=False, info={"sealed": True})


def _seal() -> Column[bytes]:
    """The row's seal (:mod:`balintlog.seals`); NULL only in a vault of format 1
    not yet upgraded (revision 0003 adds the column, the first unlock fills it)."""
    return Column("seal", LargeBinary, nullable=True)


def _id() -> Column[str]:
    return Column("id", String(32), primary_key=True)


def _key_version() -> Column[int]:
    return Column("key_version", Integer, nullable=False, default=1)


def _ref(name: str, target: str, *, nullable: bool = False, index: bool = True, **fk: Any) -> Column[str]:
    """A foreign key to ``target`` ("table.id"), text like every id."""
    return Column(name, String(32), ForeignKey(target, **fk), nullable=nullable, index=index)


# Core tables, not ORM classes: nothing here maps rows to objects (the
# journal's dataclasses do), and declaring ORM classes cost 60 ms of every
# command's start-up. The names, types and constraints are those of the
# Alembic baseline (tests/test_migrations.py compares them).
METADATA = MetaData()

T_META = Table(
    "vault_meta",
    METADATA,
    Column("id", Integer, primary_key=True),
    Column("vault_id", String(32), nullable=False),
    Column("format_version", Integer, nullable=False),
    Column("created", Date, nullable=False),
    Column("test_kdf", Boolean, nullable=False, default=False),
    _seal(),
)

T_KEYSLOT = Table(
    "keyslot",
    METADATA,
    _id(),
    Column("kind", String(16), nullable=False, unique=True),
    Column("kdf", String(16), nullable=False),
    Column("salt", LargeBinary, nullable=False),
    Column("memory_kib", Integer, nullable=False),
    Column("iterations", Integer, nullable=False),
    Column("lanes", Integer, nullable=False),
    Column("wrapped_key", LargeBinary, nullable=False),
    Column("changed", Date, nullable=False),
    _seal(),
)

T_GROUP = Table(
    "balint_group",
    METADATA,
    _id(),
    _key_version(),
    *(_sealed(c) for c in ("handle", "name", "kind", "setting", "institution", "co_leader")),
    Column("start", Date, nullable=False),
    Column("planned_end", Date, nullable=True),
    Column("retention", Date, nullable=True),
    Column("closed", Date, nullable=True),
    Column("session_minutes", Integer, nullable=False),
    Column("block_size", Integer, nullable=False),
    _seal(),
)

T_MEMBER = Table(
    "member",
    METADATA,
    _id(),
    _ref("group_id", "balint_group.id", ondelete="CASCADE"),
    _key_version(),
    *(_sealed(c) for c in ("code", "profession", "field", "identity")),
    Column("joined", Date, nullable=True),
    Column("left", Date, nullable=True),
    _seal(),
)

T_BLOCK = Table(
    "block",
    METADATA,
    _id(),
    _ref("group_id", "balint_group.id", ondelete="CASCADE"),
    _key_version(),
    Column("seq", Integer, nullable=False),
    Column("date", Date, nullable=False, index=True),
    Column("planned_sessions", Integer, nullable=False),
    _sealed("place"),
    _seal(),
)

T_SESSION = Table(
    "group_session",
    METADATA,
    _id(),
    _ref("group_id", "balint_group.id", ondelete="CASCADE"),
    _ref("block_id", "block.id", nullable=True, ondelete="SET NULL"),
    _key_version(),
    Column("seq", Integer, nullable=False),
    Column("block_pos", Integer, nullable=True),
    Column("date", Date, nullable=False, index=True),
    Column("minutes", Integer, nullable=False),
    Column("status", String(16), nullable=False, index=True),
    *(
        _sealed(c)
        for c in (
            "start_time",
            "end_time",
            "mode",
            "atmosphere",
            "group_process",
            "countertransference",
            "supervision_questions",
        )
    ),
    UniqueConstraint("group_id", "seq"),
    _seal(),
)

T_ATTENDANCE = Table(
    "attendance",
    METADATA,
    Column("session_id", String(32), ForeignKey("group_session.id", ondelete="CASCADE"), primary_key=True),
    Column("member_id", String(32), ForeignKey("member.id", ondelete="CASCADE"), primary_key=True),
    _seal(),
)

T_CASE = Table(
    "balint_case",
    METADATA,
    _id(),
    Column("number", Integer, nullable=False, unique=True),
    _ref("group_id", "balint_group.id", ondelete="CASCADE"),
    _ref("presenter_id", "member.id"),
    _key_version(),
    Column("status", String(16), nullable=False),
    Column("opened", Date, nullable=False),
    *(_sealed(c) for c in ("title", "client", "relationship", "field", "institution")),
    _seal(),
)

#: Data keys wrapped under the master key: one for the vault (case_id NULL),
#: one per case. Deleting a case deletes its key. The foreign key is deferred:
#: a case's key is made before the case row, which is sealed with it.
T_DATA_KEY = Table(
    "data_key",
    METADATA,
    _id(),
    _ref("case_id", "balint_case.id", nullable=True, ondelete="CASCADE", deferrable=True, initially="DEFERRED"),
    Column("version", Integer, nullable=False),
    Column("wrapped_key", LargeBinary, nullable=False),
    _seal(),
)

T_PRESENTATION = Table(
    "presentation",
    METADATA,
    _id(),
    _ref("case_id", "balint_case.id", ondelete="CASCADE"),
    _ref("session_id", "group_session.id"),
    _key_version(),
    Column("date", Date, nullable=False, index=True),
    *(
        _sealed(c)
        for c in ("kind", "question", "account", "group_process", "leader_notes", "closing", "outcome", "what_changed")
    ),
    # A case's presentations counted and its latest day found without reading the rows (revision 0002).
    Index("ix_presentation_case_id_date", "case_id", "date"),
    _seal(),
)

T_RESONANCE = Table(
    "resonance",
    METADATA,
    _id(),
    _ref("presentation_id", "presentation.id", ondelete="CASCADE"),
    _ref("case_id", "balint_case.id", ondelete="CASCADE"),
    _key_version(),
    Column("seq", Integer, nullable=False),
    Column("intensity", Integer, nullable=False),
    *(_sealed(c) for c in ("kind", "level", "source", "mirroring", "text")),
    _seal(),
)

#: Text that could not be saved yet (a template the user gave up on, an
#: editor file orphaned by a crash), sealed until it is resumed.
T_DRAFT = Table(
    "draft",
    METADATA,
    _id(),
    _key_version(),
    Column("created", Date, nullable=False),
    *(_sealed(c) for c in ("kind", "context", "body")),
    _seal(),
)

T_SETTING = Table(
    "setting",
    METADATA,
    _id(),
    _key_version(),
    _sealed("name"),
    _sealed("value"),
    _seal(),
)

#: The leader's own training logbook (revision 0004): the kind and every
#: text sealed, the day and the time it stands for plain.
T_LOGBOOK = Table(
    "logbook_entry",
    METADATA,
    _id(),
    _key_version(),
    Column("date", Date, nullable=False, index=True),
    Column("minutes", Integer, nullable=False),
    Column("sessions", Integer, nullable=False),
    *(_sealed(c) for c in ("kind", "with_whom", "format", "title", "notes")),
    _seal(),
)

#: A member's real identity (name, title, EFN, postal address), kept apart
#: from the member's pseudonym row: sealed under a data key of its own
#: (:data:`T_IDENTITY_KEY`), read only by the documents that need it
#: (certificate, protocol, CME list). Its previous content is never kept by
#: the change log, and clearing it destroys its key (crypto-shredding).
T_IDENTITY = Table(
    "member_identity",
    METADATA,
    _id(),
    Column("member_id", String(32), ForeignKey("member.id", ondelete="CASCADE"), nullable=False, unique=True),
    _key_version(),
    *(_sealed(c) for c in ("name", "title", "efn", "address")),
    _seal(),
)

#: The data key of one identity, wrapped under the master key like a case's
#: key. Made before the identity row, which is sealed with it.
T_IDENTITY_KEY = Table(
    "identity_key",
    METADATA,
    _id(),
    _ref("identity_id", "member_identity.id", ondelete="CASCADE", deferrable=True, initially="DEFERRED"),
    Column("version", Integer, nullable=False),
    Column("wrapped_key", LargeBinary, nullable=False),
    _seal(),
)

#: The leader's own profile for documents: one row per vault.
T_LEADER = Table(
    "leader_profile",
    METADATA,
    _id(),
    _key_version(),
    *(_sealed(c) for c in ("name", "title", "recognitions", "address", "signature")),
    _seal(),
)

#: The accreditation of an event by a chamber: for a whole group (points
#: per session), one block day (points for the day) or one session.
T_ACCREDITATION = Table(
    "accreditation",
    METADATA,
    _id(),
    _ref("group_id", "balint_group.id", ondelete="CASCADE"),
    _ref("block_id", "block.id", nullable=True, ondelete="CASCADE"),
    _ref("session_id", "group_session.id", nullable=True, ondelete="CASCADE"),
    _key_version(),
    Column("points", Integer, nullable=False),
    *(_sealed(c) for c in ("topic", "vnr", "chamber", "category", "place")),
    _seal(),
)


#: The change log (:mod:`balintlog.changelog`): one row per write
#: transaction, its body sealed under the vault's data key.
T_CHANGE = Table(
    "change",
    METADATA,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("body", LargeBinary, nullable=False),
    _seal(),
)

#: The previous content of each row a change updated or deleted, sealed
#: under the row's own data key; a case's go with its key.
T_CHANGE_CONTENT = Table(
    "change_content",
    METADATA,
    _id(),
    Column("change_seq", Integer, ForeignKey("change.seq"), nullable=False, index=True),
    Column("table_name", String(32), nullable=False),
    Column("row_id", String(65), nullable=False),
    Column("case_id", String(32), nullable=True, index=True),
    Column("content", LargeBinary, nullable=False),
    _seal(),
    Index("ix_change_content_row", "table_name", "row_id"),
)


def sealed_columns(table: Table) -> tuple[str, ...]:
    return tuple(c.name for c in table.columns if c.info.get("sealed"))


#: Tables whose rows belong to a case and are sealed under that case's key;
#: the value names the column holding the case id.
CASE_SCOPED = {"balint_case": "id", "presentation": "case_id", "resonance": "case_id"}

#: Tables whose rows are sealed under an identity's own key (the row's id).
IDENTITY_SCOPED = frozenset({"member_identity"})

SEALED_TABLES: dict[str, tuple[str, ...]] = {
    t.name: sealed_columns(t) for t in METADATA.sorted_tables if sealed_columns(t)
}


@dataclass(frozen=True)
class KeyslotRow:
    kind: str
    kdf: str
    salt: bytes
    params: vault.KdfParams
    wrapped_key: bytes


@dataclass(frozen=True)
class MetaRow:
    vault_id: str
    format_version: int
    created: dt.date
    test_kdf: bool


@dataclass(frozen=True)
class PresentationPlace:
    """Where a presentation was worked: its case, day, and its session's
    group and number (plaintext columns only)."""

    id: str
    case_id: str
    date: dt.date
    group_id: str
    session_seq: int

#: What a record of each table is called in an error (``presentation 1a2b3c4d of case #3``).
RECORD_NOUNS = {
    "balint_group": NP_("record", "group"),
    "member": NP_("record", "member"),
    "block": NP_("record", "block"),
    "group_session": NP_("record", "session"),
    "balint_case": NP_("record", "case"),
    "presentation": NP_("record", "presentation"),
    "resonance": NP_("record", "resonance"),
    "draft": NP_("record", "draft"),
    "setting": NP_("record", "setting"),
    "logbook_entry": NP_("record", "logbook entry"),
    "attendance": NP_("record", "attendance"),
    "data_key": NP_("record", "data key"),
    "keyslot": NP_("record", "keyslot"),
    "vault_meta": NP_("record", "vault header"),
    "change": NP_("record", "change"),
    "change_content": NP_("record", "kept content"),
    "member_identity": NP_("record", "identity"),
    "identity_key": NP_("record", "identity key"),
    "leader_profile": NP_("record", "leader profile"),
    "accreditation": NP_("record", "accreditation"),
}


def record_noun(table: str) -> str:
    """What a record of ``table`` is called, in the user's language."""
    found = RECORD_NOUNS.get(table)
    return table if found is None else i18n.pgettext(*found)
