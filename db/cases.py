"""Writes for cases: the case file, its participants and their events, and its offences.

Rows that an operation changes are read ``FOR UPDATE`` (PostgreSQL; SQLite locks the whole file),
so two officers changing one case one after the other each see the other's change.
"""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from sqlalchemy import ColumnElement, func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from db import tables as t

R = TypeVar("R")


async def insert(*, session: AsyncSession, row: R) -> R:
    session.add(row)
    await session.flush()
    return row


async def row_for_update(
    *, session: AsyncSession, model: type[R], ident: int, scope: ColumnElement[bool]
) -> R | None:
    stmt = select(model).where(col(model.id) == ident, scope).with_for_update()  # type: ignore[attr-defined]
    return (await session.execute(stmt)).scalars().first()


async def case_for_update(
    *, session: AsyncSession, case_id: int, scope: ColumnElement[bool]
) -> t.Case | None:
    return await row_for_update(session=session, model=t.Case, ident=case_id, scope=scope)


async def participant_for_update(
    *, session: AsyncSession, participant_id: int, scope: ColumnElement[bool]
) -> t.CaseParticipant | None:
    return await row_for_update(
        session=session, model=t.CaseParticipant, ident=participant_id, scope=scope
    )


async def case_number_taken(
    *, session: AsyncSession, number: str, exclude_id: int | None = None
) -> bool:
    stmt = select(t.Case.id).where(col(t.Case.number) == number)
    if exclude_id is not None:
        stmt = stmt.where(col(t.Case.id) != exclude_id)
    return (await session.execute(stmt.limit(1))).first() is not None


async def participant_exists(
    *, session: AsyncSession, case_id: int, person_id: int, role: str
) -> bool:
    stmt = select(t.CaseParticipant.id).where(
        col(t.CaseParticipant.case_id) == case_id,
        col(t.CaseParticipant.person_id) == person_id,
        col(t.CaseParticipant.role) == role,
    )
    return (await session.execute(stmt.limit(1))).first() is not None


async def participant_events(
    *, session: AsyncSession, participant_id: int
) -> list[t.ParticipantEvent]:
    stmt = (
        select(t.ParticipantEvent)
        .where(col(t.ParticipantEvent.participant_id) == participant_id)
        .order_by(col(t.ParticipantEvent.occurred_at), col(t.ParticipantEvent.id))
    )
    return list((await session.execute(stmt)).scalars().all())


async def earliest_event_at(*, session: AsyncSession, case_id: int) -> datetime | None:
    stmt = (
        select(func.min(t.ParticipantEvent.occurred_at))
        .join(
            t.CaseParticipant, col(t.CaseParticipant.id) == col(t.ParticipantEvent.participant_id)
        )
        .where(col(t.CaseParticipant.case_id) == case_id)
    )
    value: datetime | None = (await session.execute(stmt)).scalar_one_or_none()
    return value


async def delete_participant(*, session: AsyncSession, row: t.CaseParticipant) -> None:
    await session.delete(row)
    await session.flush()
