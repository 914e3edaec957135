"""Review requests on locked records, and the inbox that tells each next actor what to do.

A request's stored ``status`` records decisions only: pending → approved | rejected. Whether an
approved request was then applied or expired is read from its correction grant (db.review), so
nothing has to run when a window lapses and the lifecycle guard need not know this table.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from db.tables.lifecycle import CorrectionGrant  # noqa: F401  (grant_id's target table)
from db.types import UTCDateTime


class ReviewRequest(SQLModel, table=True):
    __tablename__ = "review_request"
    __table_args__ = (
        Index("ix_review_request_record", "table_name", "record_id"),
        Index("ix_review_request_province_status", "province_code", "status"),
    )
    id: int | None = Field(default=None, primary_key=True)
    table_name: str = Field(max_length=16)  # offence, person, case_file
    record_id: int
    # The record's province when filed: the scope of who sees the request keys on it.
    province_code: str = Field(foreign_key="province.code", max_length=2)
    fields: str = Field(max_length=1000)  # comma-separated column names
    proposed: str = Field(default="{}", sa_column=Column(Text(), nullable=False))  # JSON
    reason: str = Field(sa_column=Column(Text(), nullable=False))
    attachments: str = Field(default="[]", sa_column=Column(Text(), nullable=False))  # JSON
    filed_by_id: int = Field(foreign_key="app_user.id", index=True)
    filed_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    status: str = Field(default="pending", max_length=12)  # pending, approved, rejected
    decided_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    decided_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    comment: str = Field(default="", sa_column=Column(Text(), nullable=False))
    grant_id: int | None = Field(default=None, foreign_key="correction_grant.id")

    @property
    def field_names(self) -> list[str]:
        return [name for name in self.fields.split(",") if name]


class InboxEntry(SQLModel, table=True):
    """Addressed to one user, or to a role (in one province, or nationwide when none).

    A role's entry is one shared item: when any member reads or acknowledges it, it is read or
    acknowledged for the role, as a shared desk tray would be.
    """

    __tablename__ = "inbox_entry"
    __table_args__ = (Index("ix_inbox_entry_role", "role", "province_code"),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int | None = Field(default=None, foreign_key="app_user.id", index=True)
    role: str | None = Field(default=None, max_length=40)
    province_code: str | None = Field(default=None, foreign_key="province.code", max_length=2)
    kind: str = Field(max_length=32)  # review_filed, review_approved, review_rejected, …
    request_id: int | None = Field(default=None, foreign_key="review_request.id", index=True)
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    read_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    acknowledged_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
