"""The audit trail: one row per recorded act, append-only and hash-chained (db.audit).

``id`` is assigned by the appender, one more than the chain's last entry, so that ids are
contiguous and a deleted entry leaves a visible gap. ``details`` holds canonical JSON as text:
the bytes that were hashed are the bytes stored, with no JSON type in between to reorder keys or
reformat numbers.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from db.types import UTCDateTime


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_entry_actor_at", "actor_username", "at"),
        Index("ix_audit_entry_object", "object_type", "object_id"),
    )
    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
    actor_user_id: int | None = None  # no foreign key: entries outlive the accounts they name
    actor_username: str = Field(max_length=64)
    token_name: str | None = Field(default=None, max_length=80)
    ip: str | None = Field(default=None, max_length=45)
    user_agent: str | None = Field(default=None, max_length=255)
    request_id: str | None = Field(default=None, max_length=64)
    action: str = Field(max_length=64, index=True)  # person.create, person.search, login, …
    object_type: str | None = Field(default=None, max_length=32)
    object_id: str | None = Field(default=None, max_length=120)
    outcome: str = Field(max_length=8)  # ok, denied, failed
    details: str = Field(default="{}", sa_column=Column(Text(), nullable=False))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64, unique=True)
