"""api_token.consented_at: a token an admin makes for another user acts for that user only once
they have accepted it, signed in as themselves (issue 14, separation of duties)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-08

Tokens made before this revision by an admin for someone else (``created_by_id`` set and not the
owner) are left unconsented: they are exactly the tokens the rule is about, so they stop working
until their owners accept them. Tokens made with ``ecrime token create`` (no ``created_by_id``),
by their owners, or by exchanging credentials need no consent and go on working.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.types

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("api_token") as batch:
        batch.add_column(
            sa.Column("consented_at", db.types.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("api_token") as batch:
        batch.drop_column("consented_at")
