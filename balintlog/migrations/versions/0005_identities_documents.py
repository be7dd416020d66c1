"""Members' identities sealed apart, the leader's profile and the
accreditation of events: the tables the attendance certificates, session
protocols and CME lists are made from.

Revision ID: 0005_identities_documents
Revises: 0004_logbook
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_identities_documents"
down_revision = "0004_logbook"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "member_identity",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("member_id", sa.String(length=32), nullable=False),
        sa.Column("key_version", sa.Integer(), nullable=False),
        sa.Column("name", sa.LargeBinary(), nullable=False),
        sa.Column("title", sa.LargeBinary(), nullable=False),
        sa.Column("efn", sa.LargeBinary(), nullable=False),
        sa.Column("address", sa.LargeBinary(), nullable=False),
        sa.Column("seal", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("member_id"),
    )
    op.create_table(
        "identity_key",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("identity_id", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("wrapped_key", sa.LargeBinary(), nullable=False),
        sa.Column("seal", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(
            ["identity_id"], ["member_identity.id"], ondelete="CASCADE", initially="DEFERRED", deferrable=True
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_identity_key_identity_id", "identity_key", ["identity_id"], unique=False)
    op.create_table(
        "leader_profile",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("key_version", sa.Integer(), nullable=False),
        sa.Column("name", sa.LargeBinary(), nullable=False),
        sa.Column("title", sa.LargeBinary(), nullable=False),
        sa.Column("recognitions", sa.LargeBinary(), nullable=False),
        sa.Column("address", sa.LargeBinary(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.Column("seal", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "accreditation",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("group_id", sa.String(length=32), nullable=False),
        sa.Column("block_id", sa.String(length=32), nullable=True),
        sa.Column("session_id", sa.String(length=32), nullable=True),
        sa.Column("key_version", sa.Integer(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("topic", sa.LargeBinary(), nullable=False),
        sa.Column("vnr", sa.LargeBinary(), nullable=False),
        sa.Column("chamber", sa.LargeBinary(), nullable=False),
        sa.Column("category", sa.LargeBinary(), nullable=False),
        sa.Column("place", sa.LargeBinary(), nullable=False),
        sa.Column("seal", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(["block_id"], ["block.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["group_id"], ["balint_group.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["group_session.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_accreditation_group_id", "accreditation", ["group_id"], unique=False)
    op.create_index("ix_accreditation_block_id", "accreditation", ["block_id"], unique=False)
    op.create_index("ix_accreditation_session_id", "accreditation", ["session_id"], unique=False)


def downgrade() -> None:
    raise NotImplementedError("vaults are never downgraded; restore a backup instead")
