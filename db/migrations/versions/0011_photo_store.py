"""the photo store: image bytes by content hash (SHA-256), each file once; photos found by hash

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import db.types

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "photo_blob",
        sa.Column("sha256", text(length=64), nullable=False),
        sa.Column("content_type", text(length=32), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("bytes", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256"),
    )
    # GET /photos/{sha256} finds the photo rows (and so the persons) by hash
    op.create_index("ix_person_photo_sha256", "person_photo", ["sha256"])


def downgrade() -> None:
    op.drop_index("ix_person_photo_sha256", table_name="person_photo")
    op.drop_table("photo_blob")
