"""Deadlines that are waiting periods (the party's windows), never overdue

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 07:09:10.801305
"""

from alembic import op
import sqlalchemy as sa
import caseflow.models.types


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('deadlines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('waiting', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('deadlines', schema=None) as batch_op:
        batch_op.drop_column('waiting')


