"""Corrections: a voided step's documents are withdrawn and its deadlines cancelled

Revision ID: 0012
Revises: 0010

Both rows stay (a withdrawn document is still listed); the column names the
``correct`` event that voided the step.
"""

from alembic import op
import sqlalchemy as sa

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("withdrawn_seq", sa.Integer(), nullable=True))
    with op.batch_alter_table("deadlines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cancelled_seq", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("deadlines", schema=None) as batch_op:
        batch_op.drop_column("cancelled_seq")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("withdrawn_seq")
