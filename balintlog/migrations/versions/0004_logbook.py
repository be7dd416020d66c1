"""The leader's training logbook: one table, its kind and texts sealed like
every other text, the day and the time an entry stands for plain. A new
table holds no rows, so nothing needs sealing here.

Revision ID: 0004_logbook
Revises: 0003_row_seals_change_log
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_logbook"
down_revision = "0003_row_seals_change_log"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "logbook_entry",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("key_version", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("sessions", sa.Integer(), nullable=False),
        sa.Column("kind", sa.LargeBinary(), nullable=False),
        sa.Column("with_whom", sa.LargeBinary(), nullable=False),
        sa.Column("format", sa.LargeBinary(), nullable=False),
        sa.Column("title", sa.LargeBinary(), nullable=False),
        sa.Column("notes", sa.LargeBinary(), nullable=False),
        sa.Column("seal", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_logbook_entry_date", "logbook_entry", ["date"], unique=False)


def downgrade() -> None:
    raise NotImplementedError("vaults are never downgraded; restore a backup instead")
