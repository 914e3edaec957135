"""access policy in the database, seeded with the default policy

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22

Later changes to the default policy arrive as new migrations (or through the policy editor),
never as edits to this one.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import db.types
from policies.enforcer import default_rules

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    rules = op.create_table(
        "policy_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ptype", sa.String(length=2), nullable=False),
        sa.Column("v0", sa.String(length=80), nullable=False),
        sa.Column("v1", sa.String(length=80), nullable=False),
        sa.Column("v2", sa.String(length=80), nullable=False),
        sa.Column("v3", sa.String(length=80), nullable=False),
        sa.Column("v4", sa.String(length=80), nullable=False),
        sa.Column("v5", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    version = op.create_table(
        "policy_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    columns = ("v0", "v1", "v2", "v3", "v4", "v5")
    op.bulk_insert(
        rules,
        [
            {
                "ptype": rule[0],
                **dict(zip(columns, (*rule[1:], "", "", "", "", "")[:6], strict=True)),
            }
            for rule in default_rules()
        ],
    )
    op.bulk_insert(
        version,
        [{"id": 1, "version": 1, "changed_at": datetime.now(UTC), "changed_by": "migration 0005"}],
    )


def downgrade() -> None:
    op.drop_table("policy_version")
    op.drop_table("policy_rule")
