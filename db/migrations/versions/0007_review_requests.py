"""review requests on locked records, and the inbox

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import db.types

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    when = db.types.UTCDateTime
    op.create_table(
        "review_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("table_name", text(length=16), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("province_code", text(length=2), nullable=False),
        sa.Column("fields", text(length=1000), nullable=False),
        sa.Column("proposed", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("attachments", sa.Text(), nullable=False),
        sa.Column("filed_by_id", sa.Integer(), nullable=False),
        sa.Column("filed_at", when(timezone=True), nullable=False),
        sa.Column("status", text(length=12), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", when(timezone=True), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["province_code"], ["province.code"]),
        sa.ForeignKeyConstraint(["filed_by_id"], ["app_user.id"]),
        sa.ForeignKeyConstraint(["decided_by_id"], ["app_user.id"]),
        sa.ForeignKeyConstraint(["grant_id"], ["correction_grant.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_review_request_record", "review_request", ["table_name", "record_id"])
    op.create_index(
        "ix_review_request_province_status", "review_request", ["province_code", "status"]
    )
    op.create_index("ix_review_request_filed_by_id", "review_request", ["filed_by_id"])
    op.create_table(
        "inbox_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("role", text(length=40), nullable=True),
        sa.Column("province_code", text(length=2), nullable=True),
        sa.Column("kind", text(length=32), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("created_at", when(timezone=True), nullable=False),
        sa.Column("read_at", when(timezone=True), nullable=True),
        sa.Column("acknowledged_at", when(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.ForeignKeyConstraint(["province_code"], ["province.code"]),
        sa.ForeignKeyConstraint(["request_id"], ["review_request.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_inbox_entry_role", "inbox_entry", ["role", "province_code"])
    op.create_index("ix_inbox_entry_user_id", "inbox_entry", ["user_id"])
    op.create_index("ix_inbox_entry_request_id", "inbox_entry", ["request_id"])


def downgrade() -> None:
    op.drop_table("inbox_entry")
    op.drop_table("review_request")
