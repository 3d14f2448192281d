"""Statement and hearing windows opened before 0004 are waiting periods too

Revision ID: 0005
Revises: 0004

0004 added ``deadlines.waiting`` with a server default of false, so every
window already open when it ran stayed marked as the unit's own duty and could
show as overdue once it ended. The party's windows are known by name (the
names the workflow files gave them): they become what they always were.
"""

from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# The party's statement/defence window (APL art. 44-45) and hearing-request window
# (art. 64): named here rather than read from the workflow files, which may change.
WINDOWS = ("statement_window", "hearing_window")

deadlines = sa.table("deadlines", sa.column("name", sa.String), sa.column("waiting", sa.Boolean))


def upgrade():
    op.execute(
        deadlines.update()
        .where(deadlines.c.name.in_(WINDOWS), deadlines.c.waiting == sa.false())
        .values(waiting=True)
    )


def downgrade():
    # Nothing to undo: rows 0004 would have left false are indistinguishable from the
    # windows opened since, which were true from the start and must stay so.
    pass
