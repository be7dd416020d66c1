"""A test-only later revision: proves that a vault is upgraded through every
revision it lacks, one after the other. Never shipped in the package.

Revision ID: 0006_test_only
Revises: 0005_identities_documents
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_test_only"
down_revision = "0005_identities_documents"
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
