"""Case numbers drawn at filing from a sequence per unit, year and series

Revision ID: 0006
Revises: 0005

A case is numbered when it is filed, so ``cases.number`` may be empty until
then, and the audit chain is hashed with ``cases.ref``, a reference that never
changes. Every case already here was hashed with its number: that number
becomes its reference. Sequences start empty; drawing skips the numbers cases
already hold.
"""

from alembic import op
import sqlalchemy as sa

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "number_sequences",
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("series", sa.String(length=32), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_number_sequences_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("unit_id", "year", "series", name=op.f("pk_number_sequences")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ref", sa.String(length=80), nullable=True))
    op.execute("UPDATE cases SET ref = number")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.alter_column("ref", existing_type=sa.String(length=80), nullable=False)
        batch_op.alter_column("number", existing_type=sa.String(length=80), nullable=True)
        batch_op.create_unique_constraint("uq_cases_ref", ["ref"])


def downgrade():
    # A case never filed has no number: it keeps its provisional label as one.
    op.execute("UPDATE cases SET number = ref WHERE number IS NULL")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_constraint("uq_cases_ref", type_="unique")
        batch_op.alter_column("number", existing_type=sa.String(length=80), nullable=False)
        batch_op.drop_column("ref")
    op.drop_table("number_sequences")
