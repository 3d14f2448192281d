"""The principal head (正职负责人) of a unit

Revision ID: 0011
Revises: 0010

A transfer of a suspected crime is decided by the principal head (国务院令第310号 art. 5)
and a power cut needs his approval (安全生产法 art. 70): a user says whether he is one.
"""

from alembic import op
import sqlalchemy as sa

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(
            sa.Column("principal", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("principal")
