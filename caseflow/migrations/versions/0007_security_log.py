"""Security log, sign-in throttles, and a session generation per user

Revision ID: 0007
Revises: 0006

The security log is append-only, and a line younger than six months cannot be
deleted (网络安全法 art. 21(3)): the database refuses both, so neither a bug nor a
hand-written statement can shorten the record. Only `caseflow security-log purge`
removes older lines.
"""

from alembic import op
import sqlalchemy as sa
import caseflow.models.types

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

DAYS = 180


def upgrade():
    op.create_table(
        "security_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", caseflow.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("address", sa.String(length=64), nullable=True),
        sa.Column("detail", sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), "postgresql"), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_security_log_actor_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_security_log")),
    )
    with op.batch_alter_table("security_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_security_log_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_security_log_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_security_log_username"), ["username"], unique=False)
    op.create_table(
        "sign_in_throttles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", caseflow.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("locked_until", caseflow.models.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_throttles")),
        sa.UniqueConstraint("key", name=op.f("uq_sign_in_throttles_key")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_generation", sa.Integer(), server_default="0", nullable=False))

    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""
            CREATE FUNCTION caseflow_security_log_kept() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' AND OLD.at < now() - interval '{DAYS} days' THEN
                    RETURN OLD;
                END IF;
                RAISE EXCEPTION USING MESSAGE =
                    'the security log is append-only and kept {DAYS} days, ' || TG_OP || ' refused';
            END $$
            """
        )
        op.execute(
            "CREATE TRIGGER security_log_kept BEFORE UPDATE OR DELETE ON security_log "
            "FOR EACH ROW EXECUTE FUNCTION caseflow_security_log_kept()"
        )
        op.execute(
            "CREATE TRIGGER security_log_no_truncate BEFORE TRUNCATE ON security_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION caseflow_security_log_kept()"
        )
    else:
        op.execute(
            "CREATE TRIGGER security_log_no_update BEFORE UPDATE ON security_log "
            "BEGIN SELECT RAISE(ABORT, 'the security log is append-only'); END"
        )
        # SQLAlchemy stores 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC, which compares as text.
        op.execute(
            "CREATE TRIGGER security_log_kept BEFORE DELETE ON security_log "
            f"WHEN OLD.at >= datetime('now', '-{DAYS} days') "
            f"BEGIN SELECT RAISE(ABORT, 'the security log is kept {DAYS} days'); END"
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER security_log_no_truncate ON security_log")
        op.execute("DROP TRIGGER security_log_kept ON security_log")
        op.execute("DROP FUNCTION caseflow_security_log_kept()")
    else:
        op.execute("DROP TRIGGER security_log_no_update")
        op.execute("DROP TRIGGER security_log_kept")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_generation")
    op.drop_table("sign_in_throttles")
    with op.batch_alter_table("security_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_security_log_username"))
        batch_op.drop_index(batch_op.f("ix_security_log_kind"))
        batch_op.drop_index(batch_op.f("ix_security_log_at"))
    op.drop_table("security_log")
