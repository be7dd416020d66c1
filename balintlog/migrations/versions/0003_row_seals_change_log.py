"""Vault format 2: a seal column on every table, and the sealed change log.

The seal of a row is a MAC under a key derived from the master key, so this
revision cannot compute it: it adds the columns empty (NULL) and the change
log's tables. The format-2 step that seals every existing row and records
them in a first change runs at the first unlock, when the master key is
known (balintlog.store: the upgrade to format 2). A NULL seal is accepted
only until then.

Revision ID: 0003_row_seals_change_log
Revises: 0002_presentation_case_date
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_row_seals_change_log"
down_revision = "0002_presentation_case_date"
branch_labels = None
depends_on = None

TABLES = (
    "vault_meta",
    "keyslot",
    "balint_group",
    "member",
    "block",
    "group_session",
    "attendance",
    "balint_case",
    "data_key",
    "presentation",
    "resonance",
    "draft",
    "setting",
)


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("seal", sa.LargeBinary(), nullable=True))
    op.create_table(
        "change",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("seal", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("seq"),
    )
    op.create_table(
        "change_content",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=32), nullable=False),
        sa.Column("row_id", sa.String(length=65), nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("seal", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(["change_seq"], ["change.seq"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_change_content_change_seq", "change_content", ["change_seq"], unique=False)
    op.create_index("ix_change_content_row", "change_content", ["table_name", "row_id"], unique=False)
    op.create_index("ix_change_content_case_id", "change_content", ["case_id"], unique=False)


def downgrade() -> None:
    raise NotImplementedError("vaults are never downgraded; restore a backup instead")
