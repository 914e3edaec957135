"""the crime graph: persons, participants, warrants and notices

Revision ID: 0001c
Revises: 0001b
Create Date: 2026-11-22 13:21:14.219397
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import db.types

revision = "0001c"
down_revision = "0001b"
branch_labels = None
depends_on = None


def upgrade() -> None:
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
