"""Writes for warrants and court orders, notices, and crackdown operations with their results."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import ColumnElement, delete
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from db import tables as t
from db.cases import insert, row_for_update

__all__ = [
    "insert",
    "notice_for_update",
    "operation_for_update",
    "replace_operation_units",
    "replace_seizures",
    "warrant_for_update",
    "warrant_number_taken",
]


async def warrant_for_update(
    *, session: AsyncSession, warrant_id: int, scope: ColumnElement[bool]
) -> t.Warrant | None:
    return await row_for_update(session=session, model=t.Warrant, ident=warrant_id, scope=scope)


async def notice_for_update(
    *, session: AsyncSession, notice_id: int, scope: ColumnElement[bool]
) -> t.Notice | None:
    return await row_for_update(session=session, model=t.Notice, ident=notice_id, scope=scope)


async def operation_for_update(
    *, session: AsyncSession, operation_id: int, scope: ColumnElement[bool]
) -> t.Operation | None:
    return await row_for_update(session=session, model=t.Operation, ident=operation_id, scope=scope)


async def warrant_number_taken(
    *, session: AsyncSession, court: str, number: str, exclude_id: int | None = None
) -> bool:
    stmt = select(t.Warrant.id).where(
        col(t.Warrant.court) == court, col(t.Warrant.number) == number
    )
    if exclude_id is not None:
        stmt = stmt.where(col(t.Warrant.id) != exclude_id)
    return (await session.execute(stmt.limit(1))).first() is not None


async def replace_operation_units(
    *, session: AsyncSession, operation_id: int, unit_ids: Sequence[int]
) -> None:
    await session.execute(
        delete(t.OperationUnit).where(col(t.OperationUnit.operation_id) == operation_id)
    )
    session.add_all(t.OperationUnit(operation_id=operation_id, unit_id=u) for u in unit_ids)
    await session.flush()


async def replace_seizures(
    *, session: AsyncSession, operation_id: int, seizures: Sequence[tuple[str, Decimal, str]]
) -> None:
    """Replace an operation's seizures with (item, quantity, unit) rows, in the given order."""
    await session.execute(delete(t.Seizure).where(col(t.Seizure.operation_id) == operation_id))
    session.add_all(
        t.Seizure(operation_id=operation_id, item=item, quantity=quantity, unit=unit)
        for item, quantity, unit in seizures
    )
    await session.flush()
