"""Who records: ministries and their jurisdiction, units, users, and the offence classification."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from db.types import UTCDateTime


class Ministry(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=16)
    name_en: str = Field(max_length=128)
    name_km: str = Field(max_length=128)


class MinistryJurisdiction(SQLModel, table=True):
    """A ministry may record offences whose ICCS code starts with ``iccs_prefix``."""

    __tablename__ = "ministry_jurisdiction"
    ministry_code: str = Field(foreign_key="ministry.code", primary_key=True, max_length=16)
    iccs_prefix: str = Field(primary_key=True, max_length=6)


class Unit(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=32)
    name_en: str = Field(max_length=160)
    name_km: str = Field(max_length=160)
    kind: str = Field(
        max_length=24
    )  # station, provincial_commissariat, department, ministry_office
    province_code: str | None = Field(default=None, foreign_key="province.code", index=True)
    ministry_code: str = Field(foreign_key="ministry.code", index=True, max_length=16)


class User(SQLModel, table=True):
    __tablename__ = "app_user"  # "user" is reserved in PostgreSQL
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, max_length=64)
    family_name: str = Field(max_length=64)
    given_name: str = Field(max_length=64)
    name_km: str = Field(default="", max_length=128)
    rank: str = Field(max_length=48)
    position: str = Field(max_length=48)  # the role by position, e.g. "specialist", "planning_head"
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    province_code: str | None = Field(default=None, foreign_key="province.code", index=True)
    ministry_code: str = Field(foreign_key="ministry.code", max_length=16)
    active: bool = True
    password_hash: str | None = Field(default=None, max_length=255)
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class OffenceCategory(SQLModel, table=True):
    """An ICCS category: section (2 digits), division (4), group (5) or class (6)."""

    __tablename__ = "offence_category"
    code: str = Field(primary_key=True, max_length=6)
    parent_code: str | None = Field(default=None, foreign_key="offence_category.code", index=True)
    level: str = Field(max_length=16)  # section, division, group, class
    name_en: str = Field(max_length=200)
    name_km: str = Field(default="", max_length=200)


class OffenceType(SQLModel, table=True):
    """A national offence type (what officers pick) mapped onto one ICCS category."""

    __tablename__ = "offence_type"
    code: str = Field(primary_key=True, max_length=32)
    iccs_code: str = Field(foreign_key="offence_category.code", index=True, max_length=6)
    kind: str = Field(max_length=16)  # traffic, drug, cyber, general
    name_en: str = Field(max_length=160)
    name_km: str = Field(default="", max_length=160)
