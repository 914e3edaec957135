"""the crime graph

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
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_name_latin", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("given_name_latin", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("family_name_km", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("given_name_km", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("sex", sqlmodel.sql.sqltypes.AutoString(length=1), nullable=False),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("birth_month", sa.Integer(), nullable=True),
        sa.Column("birth_day", sa.Integer(), nullable=True),
        sa.Column("nationality", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("background", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("province_code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_unit_id", sa.Integer(), nullable=True),
        sa.Column("created_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
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
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_nationality"), ["nationality"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_person_province_code"), ["province_code"], unique=False
        )

    op.create_table(
        "seizure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("operation_id", sa.Integer(), nullable=False),
        sa.Column("item", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=14, scale=3), nullable=False),
        sa.Column("unit", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["operation_id"],
            ["operation.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("seizure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_seizure_operation_id"), ["operation_id"], unique=False)

    op.create_table(
        "case_participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("case_participant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_participant_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_case_participant_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "identity_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("number_key", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("issuing_country", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "issuing_country", "number_key"),
    )
    with op.batch_alter_table("identity_document", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_identity_document_number_key"), ["number_key"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_identity_document_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("province_code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("owning_unit_id", sa.Integer(), nullable=True),
        sa.Column("reference", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("issuing_country", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
        sa.Column("summary", sqlmodel.sql.sqltypes.AutoString(length=600), nullable=False),
        sa.Column("created_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owning_unit_id"],
            ["unit.id"],
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["province_code"],
            ["province.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("notice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notice_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_notice_person_id"), ["person_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_notice_province_code"), ["province_code"], unique=False
        )

    op.create_table(
        "offence_person",
        sa.Column("offence_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["offence_id"],
            ["offence.id"],
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("offence_id", "person_id", "role"),
    )
    with op.batch_alter_table("offence_person", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_offence_person_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "person_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
        sa.Column("script", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("person_alias", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_alias_person_id"), ["person_id"], unique=False)

    op.create_table(
        "person_name_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("person_name_key", schema=None) as batch_op:
        batch_op.create_index("ix_person_name_key_key", ["key"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_person_name_key_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "person_photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("content_type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("caption", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("taken_at", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("person_photo", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_photo_person_id"), ["person_id"], unique=False)

    op.create_table(
        "warrant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("court", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("subject_person_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("province_code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("owning_unit_id", sa.Integer(), nullable=True),
        sa.Column("executed_at", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("executed_province_code", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("executed_place", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("executed_by_unit_id", sa.Integer(), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
        sa.Column("created_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
        ),
        sa.ForeignKeyConstraint(
            ["executed_by_unit_id"],
            ["unit.id"],
        ),
        sa.ForeignKeyConstraint(
            ["executed_province_code"],
            ["province.code"],
        ),
        sa.ForeignKeyConstraint(
            ["owning_unit_id"],
            ["unit.id"],
        ),
        sa.ForeignKeyConstraint(
            ["province_code"],
            ["province.code"],
        ),
        sa.ForeignKeyConstraint(
            ["subject_person_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("court", "number"),
    )
    with op.batch_alter_table("warrant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_warrant_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_warrant_province_code"), ["province_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_warrant_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_warrant_subject_person_id"), ["subject_person_id"], unique=False
        )

    op.create_table(
        "participant_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("occurred_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("province_code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
        sa.Column("place", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["case_participant.id"],
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
    )
    with op.batch_alter_table("participant_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_participant_event_participant_id"), ["participant_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("participant_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participant_event_participant_id"))

    op.drop_table("participant_event")
    with op.batch_alter_table("warrant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_warrant_subject_person_id"))
        batch_op.drop_index(batch_op.f("ix_warrant_status"))
        batch_op.drop_index(batch_op.f("ix_warrant_province_code"))
        batch_op.drop_index(batch_op.f("ix_warrant_case_id"))

    op.drop_table("warrant")
    with op.batch_alter_table("person_photo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_photo_person_id"))

    op.drop_table("person_photo")
    with op.batch_alter_table("person_name_key", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_name_key_person_id"))
        batch_op.drop_index("ix_person_name_key_key")

    op.drop_table("person_name_key")
    with op.batch_alter_table("person_alias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_alias_person_id"))

    op.drop_table("person_alias")
    with op.batch_alter_table("offence_person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offence_person_person_id"))

    op.drop_table("offence_person")
    with op.batch_alter_table("notice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notice_province_code"))
        batch_op.drop_index(batch_op.f("ix_notice_person_id"))
        batch_op.drop_index(batch_op.f("ix_notice_kind"))

    op.drop_table("notice")
    with op.batch_alter_table("identity_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_identity_document_person_id"))
        batch_op.drop_index(batch_op.f("ix_identity_document_number_key"))

    op.drop_table("identity_document")
    with op.batch_alter_table("case_participant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_participant_person_id"))
        batch_op.drop_index(batch_op.f("ix_case_participant_case_id"))

    op.drop_table("case_participant")
    with op.batch_alter_table("seizure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seizure_operation_id"))

    op.drop_table("seizure")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_province_code"))
        batch_op.drop_index(batch_op.f("ix_person_nationality"))

    op.drop_table("person")
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
