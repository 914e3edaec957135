"""Persons, their aliases, identity documents, photos, and the name keys that search uses."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from db.types import UTCDateTime


class Person(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # Family name first, as written in Cambodia.
    family_name_latin: str = Field(default="", max_length=80)
    given_name_latin: str = Field(default="", max_length=80)
    family_name_km: str = Field(default="", max_length=80)
    given_name_km: str = Field(default="", max_length=80)
    sex: str = Field(max_length=1)  # M, F, X (other), U (unknown)
    # Date of birth may be partial: year only, or year and month.
    birth_year: int | None = None
    birth_month: int | None = None
    birth_day: int | None = None
    nationality: str = Field(max_length=2, index=True)  # ISO 3166-1 alpha-2
    background: str = Field(default="")
    # The province whose unit recorded the person; the scope rules key on it.
    province_code: str = Field(foreign_key="province.code", index=True, max_length=2)
    recorded_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    recorded_unit_id: int | None = Field(default=None, foreign_key="unit.id")
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    version: int = 1


class PersonAlias(SQLModel, table=True):
    __tablename__ = "person_alias"
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    name: str = Field(max_length=160)
    script: str = Field(max_length=8)  # latin or khmer


class IdentityDocument(SQLModel, table=True):
    __tablename__ = "identity_document"
    __table_args__ = (UniqueConstraint("kind", "issuing_country", "number_key"),)
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    kind: str = Field(max_length=16)  # national_id, passport, other
    number: str = Field(max_length=40)
    # Upper case, letters and digits only: "n° 01-234 567" and "01234567" are the same document.
    number_key: str = Field(max_length=40, index=True)
    issuing_country: str = Field(max_length=2)


class PersonPhoto(SQLModel, table=True):
    """Photo metadata; the bytes live in the content-addressed store (admin issue)."""

    __tablename__ = "person_photo"
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    sha256: str = Field(max_length=64, index=True)
    content_type: str = Field(max_length=32)
    size_bytes: int
    caption: str = Field(default="", max_length=200)
    taken_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class PersonNameKey(SQLModel, table=True):
    """Folded forms of every name a person is known by, in both orders, for search.

    Derived data: rebuilt from the person and aliases whenever either changes (db.person_names).
    """

    __tablename__ = "person_name_key"
    # varchar_pattern_ops: matching's anchored LIKE patterns read a prefix range (migration 0016).
    __table_args__ = (
        Index(
            "ix_person_name_key_prefix",
            "key",
            "person_id",
            postgresql_ops={"key": "varchar_pattern_ops"},
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    key: str = Field(max_length=200)
