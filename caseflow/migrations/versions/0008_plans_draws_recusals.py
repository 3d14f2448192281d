"""Plans, double-random draws and the recusal register

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 09:24:11.824710
"""

from alembic import op
import sqlalchemy as sa
import caseflow.models.types
from sqlalchemy.dialects import postgresql

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    # A draw's pool and a plan's progress select parties by their territory.
    with op.batch_alter_table('parties', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_parties_unit_id'), ['unit_id'], unique=False)

    op.create_table('plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('tags', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', caseflow.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_plans_created_by_id_users')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_plans_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plans')),
    sa.UniqueConstraint('unit_id', 'year', 'title', name='uq_plans_unit_year')
    )
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plans_unit_id'), ['unit_id'], unique=False)

    op.create_table('recusals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', caseflow.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('lifted_by_id', sa.Integer(), nullable=True),
    sa.Column('lifted_at', caseflow.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['lifted_by_id'], ['users.id'], name=op.f('fk_recusals_lifted_by_id_users')),
    sa.ForeignKeyConstraint(['officer_id'], ['users.id'], name=op.f('fk_recusals_officer_id_users')),
    sa.ForeignKeyConstraint(['party_id'], ['parties.id'], name=op.f('fk_recusals_party_id_parties')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_recusals_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recusals'))
    )
    with op.batch_alter_table('recusals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recusals_officer_id'), ['officer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_recusals_party_id'), ['party_id'], unique=False)

    op.create_table('draws',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=60), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('algorithm', sa.String(length=40), nullable=False),
    sa.Column('seed', sa.String(length=100), nullable=False),
    sa.Column('requested', sa.Integer(), nullable=False),
    sa.Column('window_start', sa.Date(), nullable=False),
    sa.Column('window_end', sa.Date(), nullable=False),
    sa.Column('pool_filter', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('inputs', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('shortfall', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('tags', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('drawn_by_id', sa.Integer(), nullable=False),
    sa.Column('drawn_at', caseflow.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('published_at', caseflow.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['drawn_by_id'], ['users.id'], name=op.f('fk_draws_drawn_by_id_users')),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_draws_plan_id_plans')),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_draws_published_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draws')),
    sa.UniqueConstraint('number', name=op.f('uq_draws_number'))
    )
    with op.batch_alter_table('draws', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draws_plan_id'), ['plan_id'], unique=False)

    op.create_table('plan_targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_targets_plan_id_plans')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_plan_targets_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_targets')),
    sa.UniqueConstraint('plan_id', 'kind', 'unit_id', name='uq_plan_targets_plan_kind_unit')
    )
    with op.batch_alter_table('plan_targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_targets_plan_id'), ['plan_id'], unique=False)

    op.create_table('draw_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draw_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=False),
    sa.Column('officer1_id', sa.Integer(), nullable=False),
    sa.Column('officer2_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['draw_id'], ['draws.id'], name=op.f('fk_draw_assignments_draw_id_draws')),
    sa.ForeignKeyConstraint(['officer1_id'], ['users.id'], name=op.f('fk_draw_assignments_officer1_id_users')),
    sa.ForeignKeyConstraint(['officer2_id'], ['users.id'], name=op.f('fk_draw_assignments_officer2_id_users')),
    sa.ForeignKeyConstraint(['party_id'], ['parties.id'], name=op.f('fk_draw_assignments_party_id_parties')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draw_assignments'))
    )
    with op.batch_alter_table('draw_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draw_assignments_draw_id'), ['draw_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_draw_assignments_party_id'), ['party_id'], unique=False)



def downgrade():
    with op.batch_alter_table('draw_assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_draw_assignments_party_id'))
        batch_op.drop_index(batch_op.f('ix_draw_assignments_draw_id'))

    op.drop_table('draw_assignments')
    with op.batch_alter_table('plan_targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_targets_plan_id'))

    op.drop_table('plan_targets')
    with op.batch_alter_table('draws', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_draws_plan_id'))

    op.drop_table('draws')
    with op.batch_alter_table('recusals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recusals_party_id'))
        batch_op.drop_index(batch_op.f('ix_recusals_officer_id'))

    op.drop_table('recusals')
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plans_unit_id'))

    op.drop_table('plans')
    with op.batch_alter_table('parties', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_parties_unit_id'))
