"""escaped and released-prisoner notices: from where and when, release date, conditions, duty

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-22

These are entered facts, locked after 48 h like the rest of a notice, so the PostgreSQL lock
trigger of notice (progress columns: valid_until, validation_due_on) stays as 0008 left it.

SQLite alters the table in place (``recreate="never"``: ADD COLUMN, and DROP COLUMN since SQLite
3.35) instead of batch mode's copy-and-swap: swapping drops the notice table, which SQLite refuses
with foreign keys on once a hit (0009) points at a notice, and copies every row besides.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import db.types

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

COLUMNS = ("escaped_from", "escaped_at", "released_on", "release_conditions", "reporting_duty")


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    when = db.types.UTCDateTime
    with op.batch_alter_table("notice", recreate="never") as batch:
        batch.add_column(
            sa.Column("escaped_from", text(length=200), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("escaped_at", when(timezone=True), nullable=True))
        batch.add_column(sa.Column("released_on", sa.Date(), nullable=True))
        batch.add_column(
            sa.Column("release_conditions", text(length=600), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("reporting_duty", text(length=200), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("notice", recreate="never") as batch:
        for column in reversed(COLUMNS):
            batch.drop_column(column)
