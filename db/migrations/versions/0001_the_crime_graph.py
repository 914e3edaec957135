"""the crime graph: who records (the gazetteer, ministries, units, users, the classification)

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-22 13:21:14.219397
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import db.types

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ministry",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("name_en", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("name_km", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "offence_category",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
        sa.Column("parent_code", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("level", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("name_en", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("name_km", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_code"],
            ["offence_category.code"],
        ),
        sa.PrimaryKeyConstraint("code"),
    )
    with op.batch_alter_table("offence_category", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_offence_category_parent_code"), ["parent_code"], unique=False
        )

    op.create_table(
        "province",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("type_en", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("type_km", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("name_km", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("name_latin", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("seat_latin", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("seat_lat", sa.Float(), nullable=False),
        sa.Column("seat_lon", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
        sa.UniqueConstraint("name_latin"),
    )
    op.create_table(
        "district",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
        sa.Column("province_code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("type_en", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("type_km", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("name_km", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("name_latin", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["province_code"],
            ["province.code"],
        ),
        sa.PrimaryKeyConstraint("code"),
    )
    with op.batch_alter_table("district", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_district_province_code"), ["province_code"], unique=False
        )

    op.create_table(
        "ministry_jurisdiction",
        sa.Column("ministry_code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("iccs_prefix", sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
        sa.ForeignKeyConstraint(
            ["ministry_code"],
            ["ministry.code"],
        ),
        sa.PrimaryKeyConstraint("ministry_code", "iccs_prefix"),
    )
    op.create_table(
        "offence_type",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("iccs_code", sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("name_en", sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
        sa.Column("name_km", sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
        sa.ForeignKeyConstraint(
            ["iccs_code"],
            ["offence_category.code"],
        ),
        sa.PrimaryKeyConstraint("code"),
    )
    with op.batch_alter_table("offence_type", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offence_type_iccs_code"), ["iccs_code"], unique=False)

    op.create_table(
        "unit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("name_en", sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
        sa.Column("name_km", sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("province_code", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("ministry_code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["ministry_code"],
            ["ministry.code"],
        ),
        sa.ForeignKeyConstraint(
            ["province_code"],
            ["province.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_unit_ministry_code"), ["ministry_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_unit_province_code"), ["province_code"], unique=False)

    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("family_name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("given_name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("name_km", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("rank", sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False),
        sa.Column("position", sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("province_code", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("ministry_code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("password_hash", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
        sa.Column("created_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["ministry_code"],
            ["ministry.code"],
        ),
        sa.ForeignKeyConstraint(
            ["province_code"],
            ["province.code"],
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["unit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
    )
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_app_user_province_code"), ["province_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_app_user_unit_id"), ["unit_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_app_user_unit_id"))
        batch_op.drop_index(batch_op.f("ix_app_user_province_code"))

    op.drop_table("app_user")
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_province_code"))
        batch_op.drop_index(batch_op.f("ix_unit_ministry_code"))

    op.drop_table("unit")
    with op.batch_alter_table("offence_type", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offence_type_iccs_code"))

    op.drop_table("offence_type")
    op.drop_table("ministry_jurisdiction")
    with op.batch_alter_table("district", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_district_province_code"))

    op.drop_table("district")
    op.drop_table("province")
    with op.batch_alter_table("offence_category", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offence_category_parent_code"))

    op.drop_table("offence_category")
    op.drop_table("ministry")
