"""authentication: second factors, login sessions and attempts, API tokens

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import db.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

String = sqlmodel.sql.sqltypes.AutoString
Timestamp = db.types.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "user_totp",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("secret", String(length=64), nullable=False),
        sa.Column("enrolled_at", Timestamp(timezone=True), nullable=False),
        sa.Column("last_used_step", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_table(
        "login_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("secret_hash", String(length=64), nullable=False),
        sa.Column("csrf_token", String(length=64), nullable=False),
        sa.Column("mfa_verified", sa.Boolean(), nullable=False),
        sa.Column("created_at", Timestamp(timezone=True), nullable=False),
        sa.Column("last_seen_at", Timestamp(timezone=True), nullable=False),
        sa.Column("ended_at", Timestamp(timezone=True), nullable=True),
        sa.Column("end_reason", String(length=24), nullable=True),
        sa.Column("ip", String(length=45), nullable=False),
        sa.Column("user_agent", String(length=255), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("secret_hash"),
    )
    op.create_index("ix_login_session_user_id", "login_session", ["user_id"])
    op.create_table(
        "login_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", String(length=64), nullable=False),
        sa.Column("at", Timestamp(timezone=True), nullable=False),
        sa.Column("ip", String(length=45), nullable=False),
        sa.Column("user_agent", String(length=255), nullable=False),
        sa.Column("success", sa.Boolean(), nullable=False),
        sa.Column("reason", String(length=24), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_login_attempt_username_at", "login_attempt", ["username", "at"])
    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", String(length=80), nullable=False),
        sa.Column("kind", String(length=16), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("roles", String(length=255), nullable=False),
        sa.Column("secret_hash", String(length=64), nullable=False),
        sa.Column("mfa_verified", sa.Boolean(), nullable=False),
        sa.Column("created_at", Timestamp(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("expires_at", Timestamp(timezone=True), nullable=False),
        sa.Column("revoked_at", Timestamp(timezone=True), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.Column("last_used_at", Timestamp(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["owner_id"], ["app_user.id"]),
        sa.ForeignKeyConstraint(["created_by_id"], ["app_user.id"]),
        sa.ForeignKeyConstraint(["revoked_by_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("secret_hash"),
    )
    op.create_index("ix_api_token_owner_id", "api_token", ["owner_id"])


def downgrade() -> None:
    op.drop_index("ix_api_token_owner_id", table_name="api_token")
    op.drop_table("api_token")
    op.drop_index("ix_login_attempt_username_at", table_name="login_attempt")
    op.drop_table("login_attempt")
    op.drop_index("ix_login_session_user_id", table_name="login_session")
    op.drop_table("login_session")
    op.drop_table("user_totp")
