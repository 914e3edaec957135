"""hits of recorded persons against warrants and notices in force, and their alerts

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import db.types

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    when = db.types.UTCDateTime
    op.create_table(
        "hit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("subject_person_id", sa.Integer(), nullable=False),
        sa.Column("warrant_id", sa.Integer(), nullable=True),
        sa.Column("notice_id", sa.Integer(), nullable=True),
        sa.Column("province_code", text(length=2), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_unit_id", sa.Integer(), nullable=True),
        sa.Column("owning_unit_id", sa.Integer(), nullable=True),
        sa.Column("owning_province_code", text(length=2), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("custody", sa.Boolean(), nullable=False),
        sa.Column("status", text(length=12), nullable=False),
        sa.Column("escalated", sa.Boolean(), nullable=False),
        sa.Column("created_at", when(timezone=True), nullable=False),
        sa.Column("deadline_at", when(timezone=True), nullable=False),
        sa.Column("reminded_at", when(timezone=True), nullable=True),
        sa.Column("escalated_at", when(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", when(timezone=True), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["subject_person_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["warrant_id"], ["warrant.id"]),
        sa.ForeignKeyConstraint(["notice_id"], ["notice.id"]),
        sa.ForeignKeyConstraint(["province_code"], ["province.code"]),
        sa.ForeignKeyConstraint(["owning_province_code"], ["province.code"]),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["app_user.id"]),
        sa.ForeignKeyConstraint(["decided_by_id"], ["app_user.id"]),
        sa.ForeignKeyConstraint(["recorded_unit_id"], ["unit.id"]),
        sa.ForeignKeyConstraint(["owning_unit_id"], ["unit.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_id", "warrant_id"),
        sa.UniqueConstraint("person_id", "notice_id"),
    )
    op.create_index("ix_hit_person_id", "hit", ["person_id"])
    op.create_index("ix_hit_owning_unit_id", "hit", ["owning_unit_id"])
    op.create_index("ix_hit_status_deadline", "hit", ["status", "deadline_at"])
    op.create_table(
        "hit_alert",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hit_id", sa.Integer(), nullable=False),
        sa.Column("kind", text(length=16), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("role", text(length=40), nullable=True),
        sa.Column("province_code", text(length=2), nullable=True),
        sa.Column("created_at", when(timezone=True), nullable=False),
        sa.Column("read_at", when(timezone=True), nullable=True),
        sa.Column("acknowledged_at", when(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["hit_id"], ["hit.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"]),
        sa.ForeignKeyConstraint(["province_code"], ["province.code"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_hit_alert_hit_id", "hit_alert", ["hit_id"])
    op.create_index("ix_hit_alert_user_id", "hit_alert", ["user_id"])
    op.create_index("ix_hit_alert_unit_id", "hit_alert", ["unit_id"])
    op.create_index("ix_hit_alert_role", "hit_alert", ["role", "province_code"])


def downgrade() -> None:
    op.drop_table("hit_alert")
    op.drop_table("hit")
