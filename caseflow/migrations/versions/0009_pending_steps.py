"""Pending steps: steps with a defect held for a head's acknowledgement

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 10:40:00
"""

from alembic import op
import sqlalchemy as sa
import caseflow.models.types
from sqlalchemy.dialects import postgresql

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade():
    op.create_table('pending_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=60), nullable=False),
    sa.Column('data', JSON, nullable=False),
    sa.Column('findings', JSON, nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=False),
    sa.Column('entered_at', caseflow.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expected_version', sa.Integer(), nullable=False),
    sa.Column('signatures', JSON, nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('resolved_at', caseflow.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('return_reason', sa.Text(), nullable=True),
    sa.Column('event_seq', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_pending_steps_case_id_cases')),
    sa.ForeignKeyConstraint(['entered_by_id'], ['users.id'], name=op.f('fk_pending_steps_entered_by_id_users')),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_pending_steps_resolved_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_steps'))
    )
    with op.batch_alter_table('pending_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_steps_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pending_steps_status'), ['status'], unique=False)


def downgrade():
    with op.batch_alter_table('pending_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_steps_status'))
        batch_op.drop_index(batch_op.f('ix_pending_steps_case_id'))
    op.drop_table('pending_steps')
