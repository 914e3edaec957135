"""Queries of the record lifecycle: correction grants, the database clock, entry timings."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy import ColumnElement, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlmodel import col, select
from sqlmodel.sql.expression import SelectOfScalar

from db import tables as t
from db.tables.audit import AuditEntry
from db.tables.lifecycle import CorrectionGrant


class EntryTiming(NamedTuple):
    unit_id: int
    province_code: str
    recorded_at: datetime
    late: bool
    delay_seconds: int | None


async def open_grant(
    *,
    session: AsyncSession,
    table_name: str,
    record_id: int,
    fields: Iterable[str],
    opened_at: datetime,
    expires_at: datetime,
    opened_by_id: int,
    request_id: int | None,
) -> CorrectionGrant:
    grant = CorrectionGrant(
        table_name=table_name,
        record_id=record_id,
        fields=",".join(sorted({f.strip() for f in fields if f.strip()})),
        opened_at=opened_at,
        expires_at=expires_at,
        opened_by_id=opened_by_id,
        request_id=request_id,
    )
    session.add(grant)
    await session.flush()
    return grant


def _open_grant(table_name: str, record_id: int, now: datetime) -> SelectOfScalar[CorrectionGrant]:
    return (
        select(CorrectionGrant)
        .where(
            col(CorrectionGrant.table_name) == table_name,
            col(CorrectionGrant.record_id) == record_id,
            col(CorrectionGrant.closed_at).is_(None),
            col(CorrectionGrant.opened_at) <= now,
            col(CorrectionGrant.expires_at) > now,
        )
        .order_by(col(CorrectionGrant.opened_at).desc(), col(CorrectionGrant.id).desc())
        .limit(1)
    )


async def open_grant_for(
    *, session: AsyncSession, table_name: str, record_id: int, now: datetime
) -> CorrectionGrant | None:
    """The open grant for this record at ``now``, the latest opened if several, else None."""
    return (await session.execute(_open_grant(table_name, record_id, now))).scalars().first()


def open_grant_for_in_flush(
    *, session: Session, table_name: str, record_id: int, now: datetime
) -> CorrectionGrant | None:
    """``open_grant_for`` for the write guard, which runs inside a (synchronous) flush."""
    return session.execute(_open_grant(table_name, record_id, now)).scalars().first()


async def pin_database_clock(*, session: AsyncSession, now: datetime) -> None:
    """Tell the PostgreSQL lock trigger what time the app's clock says, for this transaction."""
    if session.get_bind().dialect.name != "postgresql":
        return
    await session.execute(
        text("SELECT set_config('ecrime.now', :now, true)"), {"now": now.isoformat()}
    )


async def entry_timings(
    *,
    session: AsyncSession,
    scope: ColumnElement[bool],
    start: datetime | None,
    end: datetime | None,
) -> list[EntryTiming]:
    """The entry timing of every visible, non-historical offence recorded in [start, end)."""
    offence = t.Offence
    statement = sa.select(
        col(offence.recorded_unit_id),
        col(offence.province_code),
        col(offence.recorded_at),
        col(offence.late),
        col(offence.delay_seconds),
    ).where(scope, col(offence.historical).is_(False))
    if start is not None:
        statement = statement.where(col(offence.recorded_at) >= start)
    if end is not None:
        statement = statement.where(col(offence.recorded_at) < end)
    return [EntryTiming(*row) for row in (await session.execute(statement)).all()]


async def audit_trail_of(
    *, session: AsyncSession, table_name: str, record_id: int
) -> list[AuditEntry]:
    """Every recorded change of one record (``<table>.create`` / ``.update``), oldest first."""
    statement = (
        select(AuditEntry)
        .where(
            col(AuditEntry.object_type) == table_name,
            col(AuditEntry.object_id) == str(record_id),
            col(AuditEntry.action).in_([f"{table_name}.create", f"{table_name}.update"]),
            col(AuditEntry.outcome) == "ok",
        )
        .order_by(col(AuditEntry.id))
    )
    return list((await session.execute(statement)).scalars().all())
