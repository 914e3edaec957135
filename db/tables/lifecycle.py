"""Correction grants: the window in which an approved correction may change a locked record."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index
from sqlmodel import Field, SQLModel

from db.types import UTCDateTime


class CorrectionGrant(SQLModel, table=True):
    """Opened by an approved review request; closed when used once or when it expires.

    ``request_id`` has no foreign key: the review_request table arrives in a later migration.
    """

    __tablename__ = "correction_grant"
    __table_args__ = (Index("ix_correction_grant_record", "table_name", "record_id"),)
    id: int | None = Field(default=None, primary_key=True)
    table_name: str = Field(max_length=16)  # offence, person, case_file, warrant, notice, operation
    record_id: int
    fields: str = Field(max_length=1000)  # comma-separated column names
    opened_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    closed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    opened_by_id: int = Field(foreign_key="app_user.id")
    request_id: int | None = None

    @property
    def field_names(self) -> frozenset[str]:
        return frozenset(name.strip() for name in self.fields.split(",") if name.strip())
