"""warrant and notice lifecycle: validation due dates, cancellation reason, blacklist details

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22

The new progress columns (a warrant's cancellation reason, the validation due date) stay open
after the 48 h lock like the other progress columns, so the PostgreSQL lock triggers of warrant
and notice are recreated with the longer lists (policies.lifecycle.PROGRESS holds the same).
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

WINDOW_SECONDS = 48 * 3600
BEFORE = {
    "warrant": "status,executed_at,executed_province_code,executed_place,executed_by_unit_id",
    "notice": "valid_until",
}
AFTER = {
    "warrant": BEFORE["warrant"] + ",cancel_reason,validation_due_on",
    "notice": BEFORE["notice"] + ",validation_due_on",
}


def _triggers(progress: dict[str, str]) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, columns in progress.items():
        op.execute(f"DROP TRIGGER IF EXISTS {table}_lock ON {table}")
        op.execute(
            f"CREATE TRIGGER {table}_lock BEFORE UPDATE ON {table} FOR EACH ROW "
            f"EXECUTE FUNCTION ecrime_record_lock('created_at', '{WINDOW_SECONDS}', '{columns}')"
        )


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    with op.batch_alter_table("warrant") as batch:
        batch.add_column(
            sa.Column("cancel_reason", text(length=400), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("validation_due_on", sa.Date(), nullable=True))
    with op.batch_alter_table("notice") as batch:
        batch.add_column(sa.Column("position", text(length=120), nullable=False, server_default=""))
        batch.add_column(sa.Column("ministry_code", text(length=16), nullable=True))
        batch.add_column(sa.Column("basis", text(length=120), nullable=False, server_default=""))
        batch.add_column(sa.Column("validation_due_on", sa.Date(), nullable=True))
    op.create_index("ix_warrant_validation_due_on", "warrant", ["validation_due_on"])
    op.create_index("ix_notice_validation_due_on", "notice", ["validation_due_on"])
    _triggers(AFTER)


def downgrade() -> None:
    _triggers(BEFORE)
    op.drop_index("ix_notice_validation_due_on", table_name="notice")
    op.drop_index("ix_warrant_validation_due_on", table_name="warrant")
    with op.batch_alter_table("notice") as batch:
        for column in ("validation_due_on", "basis", "ministry_code", "position"):
            batch.drop_column(column)
    with op.batch_alter_table("warrant") as batch:
        batch.drop_column("validation_due_on")
        batch.drop_column("cancel_reason")
