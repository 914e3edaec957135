"""the crime graph: offences, cases and crackdown operations

Revision ID: 0001b
Revises: 0001
Create Date: 2026-11-22 13:21:14.219397
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import db.types

revision = "0001b"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("lead_unit_id", sa.Integer(), nullable=False),
        sa.Column("province_code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("opened_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("disposition", sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
        sa.Column("sealed", sa.Boolean(), nullable=False),
        sa.Column("created_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_unit_id"],
            ["unit.id"],
        ),
        sa.ForeignKeyConstraint(
            ["province_code"],
            ["province.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_case_file_lead_unit_id"), ["lead_unit_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_case_file_province_code"), ["province_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_case_file_status"), ["status"], unique=False)

    op.create_table(
        "commune",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
        sa.Column("district_code", sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
        sa.Column("province_code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("type_en", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("type_km", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("name_km", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("name_latin", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["district_code"],
            ["district.code"],
        ),
        sa.ForeignKeyConstraint(
            ["province_code"],
            ["province.code"],
        ),
        sa.PrimaryKeyConstraint("code"),
    )
    with op.batch_alter_table("commune", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_commune_district_code"), ["district_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_commune_province_code"), ["province_code"], unique=False
        )

    op.create_table(
        "operation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("province_code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("lead_unit_id", sa.Integer(), nullable=False),
        sa.Column("arrests", sa.Integer(), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_unit_id"],
            ["unit.id"],
        ),
        sa.ForeignKeyConstraint(
            ["province_code"],
            ["province.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("operation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_operation_province_code"), ["province_code"], unique=False
        )

    op.create_table(
        "offence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("type_code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("iccs_code", sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
        sa.Column("occurred_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_unit_id", sa.Integer(), nullable=False),
        sa.Column("province_code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("district_code", sqlmodel.sql.sqltypes.AutoString(length=4), nullable=True),
        sa.Column("commune_code", sqlmodel.sql.sqltypes.AutoString(length=6), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("ministry_code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("drug_substance", sqlmodel.sql.sqltypes.AutoString(length=48), nullable=True),
        sa.Column("drug_quantity", sa.Numeric(precision=14, scale=3), nullable=True),
        sa.Column("drug_unit", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
        sa.Column("vehicle_type", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True),
        sa.Column("plate_number", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
        ),
        sa.ForeignKeyConstraint(
            ["commune_code"],
            ["commune.code"],
        ),
        sa.ForeignKeyConstraint(
            ["district_code"],
            ["district.code"],
        ),
        sa.ForeignKeyConstraint(
            ["iccs_code"],
            ["offence_category.code"],
        ),
        sa.ForeignKeyConstraint(
            ["ministry_code"],
            ["ministry.code"],
        ),
        sa.ForeignKeyConstraint(
            ["province_code"],
            ["province.code"],
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["app_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["recorded_unit_id"],
            ["unit.id"],
        ),
        sa.ForeignKeyConstraint(
            ["type_code"],
            ["offence_type.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("offence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offence_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            "ix_offence_iccs_occurred", ["iccs_code", "occurred_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_offence_ministry_code"), ["ministry_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_offence_occurred_at"), ["occurred_at"], unique=False)
        batch_op.create_index(
            "ix_offence_province_occurred", ["province_code", "occurred_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_offence_recorded_unit_id"), ["recorded_unit_id"], unique=False
        )

    op.create_table(
        "operation_unit",
        sa.Column("operation_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["operation_id"],
            ["operation.id"],
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["unit.id"],
        ),
        sa.PrimaryKeyConstraint("operation_id", "unit_id"),
    )


def downgrade() -> None:
    op.drop_table("operation_unit")
    with op.batch_alter_table("offence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offence_recorded_unit_id"))
        batch_op.drop_index("ix_offence_province_occurred")
        batch_op.drop_index(batch_op.f("ix_offence_occurred_at"))
        batch_op.drop_index(batch_op.f("ix_offence_ministry_code"))
        batch_op.drop_index("ix_offence_iccs_occurred")
        batch_op.drop_index(batch_op.f("ix_offence_case_id"))

    op.drop_table("offence")
    with op.batch_alter_table("operation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_operation_province_code"))

    op.drop_table("operation")
    with op.batch_alter_table("commune", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commune_province_code"))
        batch_op.drop_index(batch_op.f("ix_commune_district_code"))

    op.drop_table("commune")
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_file_status"))
        batch_op.drop_index(batch_op.f("ix_case_file_province_code"))
        batch_op.drop_index(batch_op.f("ix_case_file_lead_unit_id"))

    op.drop_table("case_file")
