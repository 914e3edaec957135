"""The access policy as data: Casbin lines, and a version that every process watches."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from db.types import UTCDateTime


class PolicyRule(SQLModel, table=True):
    """One Casbin line: ("p", sub, dom, obj, act, min_rank, eft) or ("g", member, role)."""

    __tablename__ = "policy_rule"
    id: int | None = Field(default=None, primary_key=True)
    ptype: str = Field(max_length=2)
    v0: str = Field(max_length=80)
    v1: str = Field(max_length=80)
    v2: str = Field(default="", max_length=80)
    v3: str = Field(default="", max_length=80)
    v4: str = Field(default="", max_length=80)
    v5: str = Field(default="", max_length=16)


class PolicyVersion(SQLModel, table=True):
    """A single row; bumped by every change so that other processes reload within a second."""

    __tablename__ = "policy_version"
    id: int = Field(default=1, primary_key=True)
    version: int = 1
    changed_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    changed_by: str = Field(default="", max_length=64)
