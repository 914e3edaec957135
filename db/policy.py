"""Reading and changing the stored policy. Every change bumps the version in the same transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from db import tables as t

COLUMNS = ("v0", "v1", "v2", "v3", "v4", "v5")


def as_rule(row: t.PolicyRule) -> tuple[str, ...]:
    width = 6 if row.ptype == "p" else 2
    return (row.ptype, *(getattr(row, c) for c in COLUMNS[:width]))


async def version(*, session: AsyncSession) -> int:
    stmt = select(t.PolicyVersion.version).where(col(t.PolicyVersion.id) == 1)
    return int((await session.execute(stmt)).scalar_one())


async def rules(*, session: AsyncSession) -> tuple[int, list[tuple[str, ...]]]:
    """The stored rules with the version they belong to, read in one transaction."""
    found = await version(session=session)
    rows = (await session.execute(select(t.PolicyRule).order_by(col(t.PolicyRule.id)))).scalars()
    return found, [as_rule(row) for row in rows]


async def rule_rows(*, session: AsyncSession) -> list[t.PolicyRule]:
    rows = await session.execute(select(t.PolicyRule).order_by(col(t.PolicyRule.id)))
    return list(rows.scalars().all())


async def find(*, session: AsyncSession, rule: Sequence[str]) -> t.PolicyRule | None:
    width = len(rule) - 1
    stmt = select(t.PolicyRule).where(col(t.PolicyRule.ptype) == rule[0])
    for column, value in zip(COLUMNS[:width], rule[1:], strict=True):
        stmt = stmt.where(col(getattr(t.PolicyRule, column)) == value)
    return (await session.execute(stmt.limit(1))).scalars().first()


async def add(*, session: AsyncSession, rule: Sequence[str]) -> t.PolicyRule:
    v0, v1, v2, v3, v4, v5 = (*rule[1:], "", "", "", "", "")[:6]
    row = t.PolicyRule(ptype=rule[0], v0=v0, v1=v1, v2=v2, v3=v3, v4=v4, v5=v5)
    session.add(row)
    await session.flush()
    return row


async def remove(*, session: AsyncSession, rule_id: int) -> None:
    await session.execute(delete(t.PolicyRule).where(col(t.PolicyRule.id) == rule_id))


async def bump(*, session: AsyncSession, at: datetime, by: str) -> int:
    stmt = (
        update(t.PolicyVersion)
        .where(col(t.PolicyVersion.id) == 1)
        .values(version=col(t.PolicyVersion.version) + 1, changed_at=at, changed_by=by)
        .returning(col(t.PolicyVersion.version))
    )
    return int((await session.execute(stmt)).scalar_one())
