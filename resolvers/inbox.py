"""The viewer's inbox: what the review workflow asks of them next.

Entries come to a user by name or to one of their roles (in their province, or nationwide).
Live delivery arrives with the alerts issue; until then the inbox is read on request.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement
from sqlmodel import col

from db import review as db
from db import tables as t
from db.paging import Page
from resolvers.context import Context
from resolvers.validation import Problems
from resolvers.writing import parse_id, require_user


def _mine(ctx: Context) -> ColumnElement[bool]:
    p = ctx.principal
    return db.inbox_of(p.user_id, p.roles, p.province_code)


def _listed(ctx: Context, unread_only: bool) -> list[ColumnElement[bool]]:
    where = [_mine(ctx)]
    if unread_only:
        where.append(col(t.InboxEntry.read_at).is_(None))
    return where


async def inbox_page(ctx: Context, unread_only: bool, page: Page) -> list[t.InboxEntry]:
    return await ctx.run(db.page_inbox, where=_listed(ctx, unread_only), page=page)


async def inbox_count(ctx: Context, unread_only: bool) -> int:
    return await ctx.run(db.count_inbox, where=_listed(ctx, unread_only))


async def _mark(ctx: Context, ids: list[str], column: str) -> list[t.InboxEntry]:
    require_user(ctx)
    p = Problems()
    numbers: dict[int, int] = {}
    for i, value in enumerate(ids):
        number = parse_id(value, "InboxEntry")
        if number is None:
            p.add(f"ids.{i}", "invalid", "is not the id of an InboxEntry")
        else:
            numbers[i] = number
    if len(ids) > ctx.max_page_size:
        p.add("ids", "out_of_range", f"at most {ctx.max_page_size} at a time")
    p.raise_if_any()
    async with ctx.transaction() as session:
        rows = await db.mark_inbox(
            session=session,
            ids=list(numbers.values()),
            visible=_mine(ctx),
            column=column,
            at=ctx.clock.now(),
        )
        found = {row.id for row in rows}
        for i, number in numbers.items():
            if number not in found:
                p.add(f"ids.{i}", "unknown", "no such entry in your inbox")
        p.raise_if_any()
        return rows


async def mark_read(ctx: Context, ids: list[str]) -> list[t.InboxEntry]:
    return await _mark(ctx, ids, "read_at")


async def acknowledge(ctx: Context, ids: list[str]) -> list[t.InboxEntry]:
    return await _mark(ctx, ids, "acknowledged_at")
