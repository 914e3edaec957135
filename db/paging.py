"""Pages, counts and batched child pages: the query shapes every connection is built from.

Child pages are fetched for many parents in one statement with ROW_NUMBER() OVER (PARTITION BY
parent), so a nested connection costs one query however many parents the outer page holds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, aliased

Expr = ColumnElement[Any] | Mapped[Any]


@dataclass(frozen=True)
class Page:
    """``limit`` rows after skipping ``offset``; one extra row is fetched to learn hasNextPage."""

    limit: int
    offset: int = 0


async def fetch_page(*, session: AsyncSession, stmt: Select[Any], page: Page) -> list[Any]:
    result = await session.execute(stmt.limit(page.limit + 1).offset(page.offset))
    return list(result.scalars().all())


async def count_rows(*, session: AsyncSession, stmt: Select[Any]) -> int:
    counted = select(func.count()).select_from(stmt.order_by(None).subquery())
    return int((await session.execute(counted)).scalar_one())


async def fetch_child_pages(
    *,
    session: AsyncSession,
    stmt: Select[Any],
    model: type[Any],
    parent_key: Expr,
    parent_ids: Sequence[Any],
    order_by: Sequence[Expr],
    page: Page,
) -> dict[Any, list[Any]]:
    """For each parent, its page of children (plus one row beyond the page, if there is one)."""
    row_number = func.row_number().over(partition_by=parent_key, order_by=list(order_by))
    inner = (
        stmt.add_columns(parent_key.label("_parent"), row_number.label("_rn"))
        .where(parent_key.in_(parent_ids))
        .subquery()
    )
    child = aliased(model, inner)
    outer = (
        select(child, inner.c["_parent"])
        .where(inner.c["_rn"] > page.offset, inner.c["_rn"] <= page.offset + page.limit + 1)
        .order_by(inner.c["_parent"], inner.c["_rn"])
    )
    pages: dict[Any, list[Any]] = defaultdict(list)
    for row, parent in (await session.execute(outer)).all():
        pages[parent].append(row)
    return pages


async def count_children(
    *,
    session: AsyncSession,
    stmt: Select[Any],
    parent_key: Expr,
    parent_ids: Sequence[Any],
) -> dict[Any, int]:
    inner = stmt.add_columns(parent_key.label("_parent")).where(parent_key.in_(parent_ids))
    sub = inner.subquery()
    counted = select(sub.c["_parent"], func.count()).group_by(sub.c["_parent"])
    return {parent: int(n) for parent, n in (await session.execute(counted)).all()}


async def fetch_by_keys(
    *,
    session: AsyncSession,
    stmt: Select[Any],
    key: Expr,
    key_name: str,
    keys: Sequence[Any],
) -> dict[Any, Any]:
    rows = (await session.execute(stmt.where(key.in_(keys)))).scalars().all()
    return {getattr(row, key_name): row for row in rows}
