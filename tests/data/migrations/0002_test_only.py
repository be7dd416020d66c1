"""A test-only second revision: proves the upgrade path before the first
real migration is needed. Never shipped in the package.

Revision ID: 0002_test_only
Revises: 0001_baseline
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_test_only"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "test_only_upgrade",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("note", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("balint_case") as batch:
        batch.add_column(sa.Column("test_only_flag", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    raise NotImplementedError
