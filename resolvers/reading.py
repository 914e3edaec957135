"""Top-level reads: scoped pages and counts of any table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement
from sqlmodel import select

from db import paging
from db.filters import Filter, Sort
from db.relations import Expr
from policies import filtering
from policies.scope import scope
from resolvers.context import Context


@dataclass(frozen=True)
class Compiled:
    where: list[ColumnElement[bool]]
    order_by: tuple[Expr, ...]


def compiled(ctx: Context, wanted: Filter, sorts: Sequence[Sort]) -> Compiled:
    """A list's filter and order for this caller (policies.filtering): never an oracle."""
    principal = ctx.principal
    return Compiled(
        filtering.where(principal, wanted), filtering.order_by(principal, wanted.LISTED, sorts)
    )


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
