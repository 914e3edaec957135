"""the record lifecycle: authorship, late entry, correction grants, the lock trigger

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22

On PostgreSQL a BEFORE UPDATE trigger backs the lifecycle guard (policies.lifecycle): once a
record is past its correction window, an UPDATE that changes anything but ``version``,
``updated_at`` and the record's progress columns (a case's status, a warrant's execution…; see
LOCKED) fails unless an open correction_grant names the record. "Now" is the
transaction-local setting ``ecrime.now`` when set (the app sets it from its injected clock at the
start of every write transaction, resolvers.context), else the database clock: raw SQL without
the setting is judged by the database's own time.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import db.types

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

AUTHORED = ("case_file", "warrant", "notice", "operation")
# table: (the column the window runs from, columns that record progress after entry and stay
# open: policies.lifecycle.PROGRESS); 48 h: National Police directive.
LOCKED = {
    "offence": ("recorded_at", "case_id"),
    "person": ("created_at", ""),
    "case_file": ("created_at", "status,closed_at,disposition"),
    "warrant": (
        "created_at",
        "status,executed_at,executed_province_code,executed_place,executed_by_unit_id",
    ),
    "notice": ("created_at", "valid_until"),
    "operation": ("created_at", "ended_on,arrests"),
}
WINDOW_SECONDS = 48 * 3600

LOCK = """
CREATE OR REPLACE FUNCTION ecrime_record_lock() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_now timestamptz;
    entered timestamptz;
    open_columns text[];
BEGIN
    open_columns := ARRAY['version', 'updated_at'] || string_to_array(TG_ARGV[2], ',');
    IF (to_jsonb(NEW) - open_columns) = (to_jsonb(OLD) - open_columns) THEN
        RETURN NEW;
    END IF;
    v_now := COALESCE(NULLIF(current_setting('ecrime.now', true), '')::timestamptz, now());
    entered := (to_jsonb(OLD) ->> TG_ARGV[0])::timestamptz;
    IF v_now <= entered + make_interval(secs => TG_ARGV[1]::int) THEN
        RETURN NEW;
    END IF;
    -- A grant used in this very change is closed in the same flush, at the same "now".
    IF EXISTS (
        SELECT 1 FROM correction_grant g
        WHERE g.table_name = TG_TABLE_NAME AND g.record_id = OLD.id
          AND g.opened_at <= v_now AND g.expires_at > v_now
          AND (g.closed_at IS NULL OR g.closed_at >= v_now)
    ) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% % is locked since % (rule ecrime_record_lock)', TG_TABLE_NAME, OLD.id,
        entered + make_interval(secs => TG_ARGV[1]::int)
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'a locked record changes only through an approved review request';
END;
$$;
"""


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "correction_grant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("table_name", text(length=16), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("fields", text(length=1000), nullable=False),
        sa.Column("opened_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("opened_by_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["opened_by_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_correction_grant_record", "correction_grant", ["table_name", "record_id"])
    for table in AUTHORED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("created_by_id", sa.Integer(), nullable=True))
            batch.add_column(sa.Column("created_unit_id", sa.Integer(), nullable=True))
            batch.create_foreign_key(
                f"fk_{table}_created_by", "app_user", ["created_by_id"], ["id"]
            )
            batch.create_foreign_key(
                f"fk_{table}_created_unit", "unit", ["created_unit_id"], ["id"]
            )
    with op.batch_alter_table("offence") as batch:
        batch.add_column(sa.Column("late", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("delay_seconds", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("historical", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(LOCK)
        for table, (entered, progress) in LOCKED.items():
            op.execute(
                f"CREATE TRIGGER {table}_lock BEFORE UPDATE ON {table} FOR EACH ROW "
                f"EXECUTE FUNCTION ecrime_record_lock('{entered}', '{WINDOW_SECONDS}', "
                f"'{progress}')"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in LOCKED:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_lock ON {table}")
        op.execute("DROP FUNCTION IF EXISTS ecrime_record_lock()")
    with op.batch_alter_table("offence") as batch:
        batch.drop_column("historical")
        batch.drop_column("delay_seconds")
        batch.drop_column("late")
    for table in AUTHORED:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"fk_{table}_created_unit", type_="foreignkey")
            batch.drop_constraint(f"fk_{table}_created_by", type_="foreignkey")
            batch.drop_column("created_unit_id")
            batch.drop_column("created_by_id")
    op.drop_index("ix_correction_grant_record", table_name="correction_grant")
    op.drop_table("correction_grant")
