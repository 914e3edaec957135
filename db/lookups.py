"""Look-ups that validation needs: which of these codes are real, and which of these ids name a
row inside a scope (resolvers.references, the one caller: an id is never checked for existence
alone)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from db import tables as t


async def existing(
    *, session: AsyncSession, model: type[Any], key_name: str, values: Iterable[Any]
) -> set[Any]:
    """Which of these codes of reference data exist (provinces, ministries…)."""
    if key_name == "id":
        raise ValueError("ids are resolved through a scope: resolvers.references")
    wanted = {v for v in values if v is not None}
    if not wanted:
        return set()
    key = col(getattr(model, key_name))
    return set((await session.execute(select(key).where(key.in_(wanted)))).scalars().all())


async def rows_in_scope(
    *,
    session: AsyncSession,
    model: type[Any],
    ids: Iterable[int],
    scope: ColumnElement[bool],
    lock: bool,
) -> dict[int, Any]:
    """The rows of ``model`` among ``ids`` that ``scope`` admits, by id; ``lock`` holds them
    until the transaction ends, for a write that depends on their state."""
    wanted = set(ids)
    if not wanted:
        return {}
    stmt = select(model).where(col(model.id).in_(wanted), scope)
    if lock:
        stmt = stmt.with_for_update()
    return {row.id: row for row in (await session.execute(stmt)).scalars().all()}


async def commune_parents(*, session: AsyncSession, code: str) -> tuple[str, str] | None:
    """(district code, province code) of a commune, or None if there is no such commune."""
    row = (
        await session.execute(
            select(t.Commune.district_code, t.Commune.province_code).where(
                col(t.Commune.code) == code
            )
        )
    ).first()
    return (row[0], row[1]) if row else None


async def district_province(*, session: AsyncSession, code: str) -> str | None:
    stmt = select(t.District.province_code).where(col(t.District.code) == code)
    return (await session.execute(stmt)).scalar_one_or_none()


async def offence_type_iccs(*, session: AsyncSession, code: str) -> str | None:
    stmt = select(t.OffenceType.iccs_code).where(col(t.OffenceType.code) == code)
    return (await session.execute(stmt)).scalar_one_or_none()


async def ministry_prefixes(*, session: AsyncSession, ministry_code: str) -> list[str]:
    stmt = select(t.MinistryJurisdiction.iccs_prefix).where(
        col(t.MinistryJurisdiction.ministry_code) == ministry_code
    )
    return list((await session.execute(stmt)).scalars().all())
