"""Baseline: the vault format 1 schema.

Revision ID: 0001_baseline
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('balint_group',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('key_version', sa.Integer(), nullable=False),
    sa.Column('handle', sa.LargeBinary(), nullable=False),
    sa.Column('name', sa.LargeBinary(), nullable=False),
    sa.Column('kind', sa.LargeBinary(), nullable=False),
    sa.Column('setting', sa.LargeBinary(), nullable=False),
    sa.Column('institution', sa.LargeBinary(), nullable=False),
    sa.Column('co_leader', sa.LargeBinary(), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('planned_end', sa.Date(), nullable=True),
    sa.Column('retention', sa.Date(), nullable=True),
    sa.Column('closed', sa.Date(), nullable=True),
    sa.Column('session_minutes', sa.Integer(), nullable=False),
    sa.Column('block_size', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('draft',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('key_version', sa.Integer(), nullable=False),
    sa.Column('created', sa.Date(), nullable=False),
    sa.Column('kind', sa.LargeBinary(), nullable=False),
    sa.Column('context', sa.LargeBinary(), nullable=False),
    sa.Column('body', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('keyslot',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('kdf', sa.String(length=16), nullable=False),
    sa.Column('salt', sa.LargeBinary(), nullable=False),
    sa.Column('memory_kib', sa.Integer(), nullable=False),
    sa.Column('iterations', sa.Integer(), nullable=False),
    sa.Column('lanes', sa.Integer(), nullable=False),
    sa.Column('wrapped_key', sa.LargeBinary(), nullable=False),
    sa.Column('changed', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('kind')
    )
    op.create_table('setting',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('key_version', sa.Integer(), nullable=False),
    sa.Column('name', sa.LargeBinary(), nullable=False),
    sa.Column('value', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('vault_meta',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vault_id', sa.String(length=32), nullable=False),
    sa.Column('format_version', sa.Integer(), nullable=False),
    sa.Column('created', sa.Date(), nullable=False),
    sa.Column('test_kdf', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('block',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('group_id', sa.String(length=32), nullable=False),
    sa.Column('key_version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('planned_sessions', sa.Integer(), nullable=False),
    sa.Column('place', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['balint_group.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_block_date'), 'block', ['date'], unique=False)
    op.create_index(op.f('ix_block_group_id'), 'block', ['group_id'], unique=False)
    op.create_table('member',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('group_id', sa.String(length=32), nullable=False),
    sa.Column('key_version', sa.Integer(), nullable=False),
    sa.Column('code', sa.LargeBinary(), nullable=False),
    sa.Column('profession', sa.LargeBinary(), nullable=False),
    sa.Column('field', sa.LargeBinary(), nullable=False),
    sa.Column('identity', sa.LargeBinary(), nullable=False),
    sa.Column('joined', sa.Date(), nullable=True),
    sa.Column('left', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['group_id'], ['balint_group.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_member_group_id'), 'member', ['group_id'], unique=False)
    op.create_table('balint_case',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.String(length=32), nullable=False),
    sa.Column('presenter_id', sa.String(length=32), nullable=False),
    sa.Column('key_version', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('opened', sa.Date(), nullable=False),
    sa.Column('title', sa.LargeBinary(), nullable=False),
    sa.Column('client', sa.LargeBinary(), nullable=False),
    sa.Column('relationship', sa.LargeBinary(), nullable=False),
    sa.Column('field', sa.LargeBinary(), nullable=False),
    sa.Column('institution', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['balint_group.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['presenter_id'], ['member.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number')
    )
    op.create_index(op.f('ix_balint_case_group_id'), 'balint_case', ['group_id'], unique=False)
    op.create_index(op.f('ix_balint_case_presenter_id'), 'balint_case', ['presenter_id'], unique=False)
    op.create_table('group_session',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('group_id', sa.String(length=32), nullable=False),
    sa.Column('block_id', sa.String(length=32), nullable=True),
    sa.Column('key_version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('block_pos', sa.Integer(), nullable=True),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('start_time', sa.LargeBinary(), nullable=False),
    sa.Column('end_time', sa.LargeBinary(), nullable=False),
    sa.Column('mode', sa.LargeBinary(), nullable=False),
    sa.Column('atmosphere', sa.LargeBinary(), nullable=False),
    sa.Column('group_process', sa.LargeBinary(), nullable=False),
    sa.Column('countertransference', sa.LargeBinary(), nullable=False),
    sa.Column('supervision_questions', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['block_id'], ['block.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['balint_group.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('group_id', 'seq')
    )
    op.create_index(op.f('ix_group_session_block_id'), 'group_session', ['block_id'], unique=False)
    op.create_index(op.f('ix_group_session_date'), 'group_session', ['date'], unique=False)
    op.create_index(op.f('ix_group_session_group_id'), 'group_session', ['group_id'], unique=False)
    op.create_index(op.f('ix_group_session_status'), 'group_session', ['status'], unique=False)
    op.create_table('attendance',
    sa.Column('session_id', sa.String(length=32), nullable=False),
    sa.Column('member_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['group_session.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'member_id')
    )
    op.create_table('data_key',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('case_id', sa.String(length=32), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('wrapped_key', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['balint_case.id'], ondelete='CASCADE', initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_data_key_case_id'), 'data_key', ['case_id'], unique=False)
    op.create_table('presentation',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('case_id', sa.String(length=32), nullable=False),
    sa.Column('session_id', sa.String(length=32), nullable=False),
    sa.Column('key_version', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('kind', sa.LargeBinary(), nullable=False),
    sa.Column('question', sa.LargeBinary(), nullable=False),
    sa.Column('account', sa.LargeBinary(), nullable=False),
    sa.Column('group_process', sa.LargeBinary(), nullable=False),
    sa.Column('leader_notes', sa.LargeBinary(), nullable=False),
    sa.Column('closing', sa.LargeBinary(), nullable=False),
    sa.Column('outcome', sa.LargeBinary(), nullable=False),
    sa.Column('what_changed', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['balint_case.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['group_session.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_presentation_case_id'), 'presentation', ['case_id'], unique=False)
    op.create_index(op.f('ix_presentation_date'), 'presentation', ['date'], unique=False)
    op.create_index(op.f('ix_presentation_session_id'), 'presentation', ['session_id'], unique=False)
    op.create_table('resonance',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('presentation_id', sa.String(length=32), nullable=False),
    sa.Column('case_id', sa.String(length=32), nullable=False),
    sa.Column('key_version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('intensity', sa.Integer(), nullable=False),
    sa.Column('kind', sa.LargeBinary(), nullable=False),
    sa.Column('level', sa.LargeBinary(), nullable=False),
    sa.Column('source', sa.LargeBinary(), nullable=False),
    sa.Column('mirroring', sa.LargeBinary(), nullable=False),
    sa.Column('text', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['balint_case.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['presentation_id'], ['presentation.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_resonance_case_id'), 'resonance', ['case_id'], unique=False)
    op.create_index(op.f('ix_resonance_presentation_id'), 'resonance', ['presentation_id'], unique=False)


def downgrade() -> None:
    raise NotImplementedError("vaults are never downgraded; restore a backup instead")
