"""Inspections as records of their own: checklist answers, the hazards they opened,
corrections, and the campaigns (专项整治) they serve

Revision ID: 0013
Revises: 0010

An inspection is an append-only fact: corrections are rows of their own.
"""

from alembic import op
import sqlalchemy as sa
import caseflow.models.types
from sqlalchemy.dialects import postgresql

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "campaigns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", caseflow.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaigns")),
        sa.UniqueConstraint("tag", name="uq_campaigns_tag"),
    )
    op.create_table(
        "inspections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=80), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column("officer1_id", sa.Integer(), nullable=False),
        sa.Column("officer2_id", sa.Integer(), nullable=False),
        sa.Column("credentials_shown", sa.Boolean(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=True),
        sa.Column(
            "tags",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "checklists",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("signed_by_party", sa.Boolean(), nullable=False),
        sa.Column("refusal_note", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", caseflow.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["draw_assignments.id"],
            name=op.f("fk_inspections_assignment_id_draw_assignments"),
        ),
        sa.ForeignKeyConstraint(
            ["officer1_id"], ["users.id"], name=op.f("fk_inspections_officer1_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["officer2_id"], ["users.id"], name=op.f("fk_inspections_officer2_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_inspections_party_id_parties")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_inspections_recorded_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_inspections_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspections")),
        sa.UniqueConstraint("number", name="uq_inspections_number"),
    )
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inspections_assignment_id"), ["assignment_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_inspections_date"), ["date"], unique=False)
        batch_op.create_index(batch_op.f("ix_inspections_party_id"), ["party_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_inspections_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "inspection_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("checklist", sa.String(length=80), nullable=False),
        sa.Column("item_id", sa.String(length=40), nullable=False),
        sa.Column("text_zh", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("grade", sa.String(length=1), nullable=False),
        sa.Column("criterion", sa.String(length=100), nullable=True),
        sa.Column("answer", sa.String(length=4), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("major_hazard", sa.Boolean(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("violation_code", sa.String(length=40), nullable=True),
        sa.Column("photo_sha256", sa.String(length=64), nullable=True),
        sa.Column("hazard_case_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["hazard_case_id"],
            ["cases.id"],
            name=op.f("fk_inspection_answers_hazard_case_id_cases"),
        ),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspections.id"],
            name=op.f("fk_inspection_answers_inspection_id_inspections"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_answers")),
        sa.UniqueConstraint("inspection_id", "item_id", name="uq_inspection_answers_item"),
    )
    with op.batch_alter_table("inspection_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inspection_answers_hazard_case_id"), ["hazard_case_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_inspection_answers_inspection_id"), ["inspection_id"], unique=False
        )

    op.create_table(
        "inspection_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("void", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("approved_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", caseflow.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["approved_by_id"],
            ["users.id"],
            name=op.f("fk_inspection_corrections_approved_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspections.id"],
            name=op.f("fk_inspection_corrections_inspection_id_inspections"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_inspection_corrections_recorded_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_corrections")),
    )
    with op.batch_alter_table("inspection_corrections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inspection_corrections_inspection_id"), ["inspection_id"], unique=False
        )


def downgrade():
    op.drop_table("inspection_corrections")
    op.drop_table("inspection_answers")
    op.drop_table("inspections")
    op.drop_table("campaigns")
