"""Offences, cases and their participants, with arrest, detention and release events."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Column, Index, Numeric
from sqlmodel import Field, SQLModel

from db.types import UTCDateTime


class Case(SQLModel, table=True):
    __tablename__ = "case_file"  # "case" is an SQL keyword
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(unique=True, max_length=40)
    title: str = Field(max_length=200)
    status: str = Field(max_length=24, index=True)  # open, investigating, sent_to_court, closed
    lead_unit_id: int = Field(foreign_key="unit.id", index=True)
    province_code: str = Field(foreign_key="province.code", index=True, max_length=2)
    opened_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    closed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    disposition: str = Field(default="", max_length=400)
    sealed: bool = False
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_unit_id: int | None = Field(default=None, foreign_key="unit.id")
    version: int = 1


class Offence(SQLModel, table=True):
    __table_args__ = (
        Index("ix_offence_province_occurred", "province_code", "occurred_at"),
        Index("ix_offence_iccs_occurred", "iccs_code", "occurred_at"),
        Index("ux_offence_province_source_ref", "province_code", "source_ref", unique=True),
    )
    id: int | None = Field(default=None, primary_key=True)
    type_code: str = Field(foreign_key="offence_type.code", max_length=32)
    iccs_code: str = Field(foreign_key="offence_category.code", max_length=6)
    occurred_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
    recorded_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    recorded_by_id: int = Field(foreign_key="app_user.id")
    recorded_unit_id: int = Field(foreign_key="unit.id", index=True)
    province_code: str = Field(foreign_key="province.code", max_length=2)
    district_code: str | None = Field(default=None, foreign_key="district.code", max_length=4)
    commune_code: str | None = Field(default=None, foreign_key="commune.code", max_length=6)
    latitude: float | None = None
    longitude: float | None = None
    description: str = Field(default="")
    ministry_code: str = Field(foreign_key="ministry.code", index=True, max_length=16)
    case_id: int | None = Field(default=None, foreign_key="case_file.id", index=True)
    drug_substance: str | None = Field(default=None, max_length=48)
    drug_quantity: Decimal | None = Field(default=None, sa_column=Column(Numeric(14, 3)))
    drug_unit: str | None = Field(default=None, max_length=8)  # g, kg, ml, l, tablet
    vehicle_type: str | None = Field(default=None, max_length=24)
    plate_number: str | None = Field(default=None, max_length=24)
    # 48 h to digitise: National Police directive. Late entries are kept, and flagged.
    late: bool = False
    delay_seconds: int | None = None
    historical: bool = False  # bulk-imported past records: never late
    # The offence's reference in the register it was imported from (unique in its province).
    source_ref: str | None = Field(default=None, max_length=64)
    version: int = 1


class OffencePerson(SQLModel, table=True):
    """A person directly involved in an offence (a traffic offender may have no case)."""

    __tablename__ = "offence_person"
    offence_id: int = Field(foreign_key="offence.id", primary_key=True)
    person_id: int = Field(foreign_key="person.id", primary_key=True, index=True)
    role: str = Field(primary_key=True, max_length=16)


class CaseParticipant(SQLModel, table=True):
    __tablename__ = "case_participant"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_file.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    role: str = Field(max_length=16)  # suspect, offender, victim, witness, complainant
    notes: str = Field(default="", max_length=400)


class ParticipantEvent(SQLModel, table=True):
    __tablename__ = "participant_event"
    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="case_participant.id", index=True)
    kind: str = Field(max_length=16)  # arrest, detention, release
    occurred_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    province_code: str | None = Field(default=None, foreign_key="province.code", max_length=2)
    place: str = Field(default="", max_length=200)
    reason: str = Field(default="", max_length=400)
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
