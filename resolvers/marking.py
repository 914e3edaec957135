"""Marking one's own inbox entries or hit alerts read or acknowledged: the ids are checked, by
their place in the input, before and after the one transaction that marks them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from resolvers.context import Context
from resolvers.references import parse_id
from resolvers.validation import Problems
from resolvers.writing import require_user

Row = TypeVar("Row")


async def mark_own(
    ctx: Context,
    ids: list[str],
    *,
    type_name: str,
    not_one: str,
    unknown: str,
    mark: Callable[[AsyncSession, list[int]], Awaitable[list[Row]]],
) -> list[Row]:
    """``mark`` marks the caller's own rows among the given numbers and returns them; an id
    that is not of ``type_name`` is refused with ``not_one``, one that is not the caller's (or
    does not exist) with ``unknown``."""
    require_user(ctx)
    problems = Problems()
    numbers: dict[int, int] = {}
    for i, value in enumerate(ids):
        number = parse_id(value, type_name)
        if number is None:
            problems.add(f"ids.{i}", "invalid", not_one)
        else:
            numbers[i] = number
    if len(ids) > ctx.max_page_size:
        problems.add("ids", "out_of_range", f"at most {ctx.max_page_size} at a time")
    problems.raise_if_any()
    async with ctx.transaction() as session:
        rows = await mark(session, list(numbers.values()))
        found = {_id(row) for row in rows}
        for i, number in numbers.items():
            if number not in found:
                problems.add(f"ids.{i}", "unknown", unknown)
        problems.raise_if_any()
        return rows


def _id(row: Any) -> Any:
    return row.id
