"""Warrants and court orders, notices, and crackdown operations with their seizures."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Column, Numeric, UniqueConstraint
from sqlmodel import Field, SQLModel

from db.types import UTCDateTime


class Warrant(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("court", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    court: str = Field(max_length=120)
    number: str = Field(max_length=40)
    kind: str = Field(max_length=24)  # arrest, detention, search, summons, judgment
    issued_on: date
    expires_on: date | None = None
    subject_person_id: int = Field(foreign_key="person.id", index=True)
    case_id: int | None = Field(default=None, foreign_key="case_file.id", index=True)
    status: str = Field(max_length=12, index=True)  # active, executed, cancelled, expired
    province_code: str = Field(foreign_key="province.code", index=True, max_length=2)
    owning_unit_id: int | None = Field(default=None, foreign_key="unit.id")
    executed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    executed_province_code: str | None = Field(default=None, foreign_key="province.code")
    executed_place: str = Field(default="", max_length=200)
    executed_by_unit_id: int | None = Field(default=None, foreign_key="unit.id")
    notes: str = Field(default="", max_length=400)
    cancel_reason: str = Field(default="", max_length=400)  # migration 0008
    # When the warrant must next be confirmed still valid (resolvers.warrant_actions).
    validation_due_on: date | None = Field(default=None, index=True)
    # A bulk-imported order issued before the day of its import (migration 0012).
    historical: bool = False
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_unit_id: int | None = Field(default=None, foreign_key="unit.id")
    version: int = 1


class Notice(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20, index=True)  # red_notice, wanted, escaped, released, blacklist
    person_id: int = Field(foreign_key="person.id", index=True)
    valid_from: date
    valid_until: date | None = None
    province_code: str = Field(foreign_key="province.code", index=True, max_length=2)
    owning_unit_id: int | None = Field(default=None, foreign_key="unit.id")
    reference: str = Field(default="", max_length=60)  # INTERPOL reference for red notices
    issuing_country: str | None = Field(default=None, max_length=2)
    summary: str = Field(default="", max_length=600)
    # Blacklist entries (migration 0008): the official's position, the employing ministry, and
    # the case number or court order behind the entry.
    position: str = Field(default="", max_length=120)
    ministry_code: str | None = Field(default=None, max_length=16)
    basis: str = Field(default="", max_length=120)
    validation_due_on: date | None = Field(default=None, index=True)
    # Escaped notices (migration 0010): the prison or place of custody, and when.
    escaped_from: str = Field(default="", max_length=200)
    escaped_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    # Released-prisoner monitoring (migration 0010); the monitoring period is valid_from/until.
    released_on: date | None = None
    release_conditions: str = Field(default="", max_length=600)
    reporting_duty: str = Field(default="", max_length=200)
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_unit_id: int | None = Field(default=None, foreign_key="unit.id")
    version: int = 1


class Operation(SQLModel, table=True):
    """A crackdown operation and its results."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=160)
    started_on: date
    ended_on: date | None = None
    province_code: str = Field(foreign_key="province.code", index=True, max_length=2)
    lead_unit_id: int = Field(foreign_key="unit.id")
    arrests: int = 0
    description: str = Field(default="")
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_unit_id: int | None = Field(default=None, foreign_key="unit.id")
    version: int = 1


class OperationUnit(SQLModel, table=True):
    __tablename__ = "operation_unit"
    operation_id: int = Field(foreign_key="operation.id", primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", primary_key=True)


class Seizure(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    operation_id: int = Field(foreign_key="operation.id", index=True)
    item: str = Field(max_length=60)  # a drug substance, "weapon", "vehicle", "cash_usd", ...
    quantity: Decimal = Field(sa_column=Column(Numeric(14, 3), nullable=False))
    unit: str = Field(max_length=8)
