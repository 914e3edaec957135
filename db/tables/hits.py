"""Hits (a recorded person matched the subject of a warrant or notice in force) and their alerts.

Alerts have their own table rather than ``inbox_entry``: a hit alert is addressed to a unit (the
warrant's owning unit), which the review inbox cannot express, and it points at a hit, not at a
review request. Its read/acknowledged state works the same way: an entry addressed to a unit or a
role is one shared item for all its members.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from db.types import UTCDateTime


class Hit(SQLModel, table=True):
    # One hit per (person, warrant) and per (person, notice): re-recording never duplicates it.
    __table_args__ = (
        UniqueConstraint("person_id", "warrant_id"),
        UniqueConstraint("person_id", "notice_id"),
        Index("ix_hit_status_deadline", "status", "deadline_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)  # who was recorded
    subject_person_id: int = Field(foreign_key="person.id")  # the warrant's or notice's subject
    warrant_id: int | None = Field(default=None, foreign_key="warrant.id")
    notice_id: int | None = Field(default=None, foreign_key="notice.id")
    province_code: str | None = Field(default=None, foreign_key="province.code", max_length=2)
    recorded_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    recorded_unit_id: int | None = Field(default=None, foreign_key="unit.id")
    # Who must confirm: the warrant's or notice's owning unit, in its province.
    owning_unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    owning_province_code: str = Field(foreign_key="province.code", max_length=2)
    score: float
    reasons: str = Field(default="[]", sa_column=Column(Text(), nullable=False))  # JSON list
    custody: bool = False
    status: str = Field(default="pending", max_length=12)  # pending, confirmed, rejected, withdrawn
    escalated: bool = False
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    deadline_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    reminded_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    escalated_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    decided_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    decided_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    decision_reason: str = Field(default="", sa_column=Column(Text(), nullable=False))


class HitAlert(SQLModel, table=True):
    """Addressed to one user, one unit, or a role (in one province, or nationwide when none)."""

    __tablename__ = "hit_alert"
    __table_args__ = (Index("ix_hit_alert_role", "role", "province_code"),)
    id: int | None = Field(default=None, primary_key=True)
    hit_id: int = Field(foreign_key="hit.id", index=True)
    kind: str = Field(max_length=16)  # hit, recorded, reminder, escalation, confirmed, rejected
    user_id: int | None = Field(default=None, foreign_key="app_user.id", index=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    role: str | None = Field(default=None, max_length=40)
    province_code: str | None = Field(default=None, foreign_key="province.code", max_length=2)
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    read_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    acknowledged_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
