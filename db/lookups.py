"""Existence checks that validation needs: which of these codes or ids are real."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from db import tables as t


async def existing(
    *, session: AsyncSession, model: type[Any], key_name: str, values: Iterable[Any]
) -> set[Any]:
    wanted = {v for v in values if v is not None}
    if not wanted:
        return set()
    key = col(getattr(model, key_name))
    return set((await session.execute(select(key).where(key.in_(wanted)))).scalars().all())


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
