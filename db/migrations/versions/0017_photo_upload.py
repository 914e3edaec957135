"""who uploaded which photo bytes: a photo row may name only bytes its writer uploaded or could
already see (issue 14: a hash is not a permission)

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-23

Blobs stored before this revision have no upload rows: their photos stay readable through their
``person_photo`` rows, and attaching those bytes to another person needs a photo the caller can
already see.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import db.types

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "photo_upload",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_photo_upload_sha256", "photo_upload", ["sha256"])
    op.create_index("ix_photo_upload_user_id", "photo_upload", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_photo_upload_user_id", table_name="photo_upload")
    op.drop_index("ix_photo_upload_sha256", table_name="photo_upload")
    op.drop_table("photo_upload")
