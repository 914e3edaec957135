"""Top-level reads: scoped pages and counts of any table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement
from sqlmodel import select

from db import paging
from db.relations import Expr
from policies.scope import scope
from resolvers.context import Context


def scoped(ctx: Context, model: type[Any], where: Sequence[ColumnElement[bool]]) -> Any:
    return select(model).where(scope(ctx.principal, "read", model), *where)


async def list_page(
    ctx: Context,
    model: type[Any],
    *,
    where: Sequence[ColumnElement[bool]],
    order_by: Sequence[Expr],
    page: paging.Page,
) -> list[Any]:
    stmt = scoped(ctx, model, where).order_by(*order_by)
    return await ctx.run(paging.fetch_page, stmt=stmt, page=page)


async def count(ctx: Context, model: type[Any], *, where: Sequence[ColumnElement[bool]]) -> int:
    return await ctx.run(paging.count_rows, stmt=scoped(ctx, model, where))
