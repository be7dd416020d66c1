"""An index on presentation (case_id, date): a listing of every case counts
each case's presentations and finds its latest day from the index alone,
without reading the (large, sealed) presentation rows.

Revision ID: 0002_presentation_case_date
Revises: 0001_baseline
"""

from alembic import op

revision = "0002_presentation_case_date"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_presentation_case_id_date", "presentation", ["case_id", "date"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_presentation_case_id_date", table_name="presentation")
