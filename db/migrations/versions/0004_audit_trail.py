"""the audit trail: append-only, hash-chained entries

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22

On PostgreSQL one trigger function refuses UPDATE, DELETE and TRUNCATE of ``audit_entry`` (rule
"audit_entry_append_only"), with one exception: ``ecrime audit prune`` (db.audit.prune) sets the
transaction-local ``ecrime.audit_prune`` to 'on' and ``ecrime.audit_prune_before`` to its cutoff,
and DELETE then passes for rows older than the cutoff, provided the cutoff itself is at least 365
days back by the database's own clock. Settings are transaction-local, so nothing carries over
into the next transaction. A role that may run DDL can still drop the trigger: the hash chain,
checked by ``ecrime audit verify``, is what shows that happened.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import db.types

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

GUARD = """
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    cutoff timestamptz;
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('ecrime.audit_prune', true) = 'on' THEN
        cutoff := NULLIF(current_setting('ecrime.audit_prune_before', true), '')::timestamptz;
        IF cutoff IS NOT NULL AND cutoff <= now() - interval '365 days' AND OLD.at < cutoff THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit_entry is append-only: % refused (rule audit_entry_append_only)', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'only ecrime audit prune deletes entries, and only past retention';
END;
$$;
"""


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("actor_username", text(length=64), nullable=False),
        sa.Column("token_name", text(length=80), nullable=True),
        sa.Column("ip", text(length=45), nullable=True),
        sa.Column("user_agent", text(length=255), nullable=True),
        sa.Column("request_id", text(length=64), nullable=True),
        sa.Column("action", text(length=64), nullable=False),
        sa.Column("object_type", text(length=32), nullable=True),
        sa.Column("object_id", text(length=120), nullable=True),
        sa.Column("outcome", text(length=8), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("prev_hash", text(length=64), nullable=False),
        sa.Column("hash", text(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("hash"),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index("ix_audit_entry_at", ["at"], unique=False)
        batch_op.create_index("ix_audit_entry_action", ["action"], unique=False)
        batch_op.create_index("ix_audit_entry_actor_at", ["actor_username", "at"], unique=False)
        batch_op.create_index("ix_audit_entry_object", ["object_type", "object_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(GUARD)
        op.execute(
            "CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry"
            " FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()"
        )
        op.execute(
            "CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry"
            " FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_entry_no_truncate ON audit_entry")
        op.execute("DROP TRIGGER audit_entry_append_only ON audit_entry")
        op.execute("DROP FUNCTION audit_entry_append_only()")
    op.drop_table("audit_entry")
