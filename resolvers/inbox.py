"""The viewer's inbox: what the review workflow asks of them next.

Entries come to a user by name or to one of their roles (in their province, or nationwide).
Live delivery arrives with the alerts issue; until then the inbox is read on request.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from db import review as db
from db import tables as t
from db.paging import Page
from resolvers.context import Context
from resolvers.marking import mark_own


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
    async def mark(session: AsyncSession, numbers: list[int]) -> list[t.InboxEntry]:
        return await db.mark_inbox(
            session=session, ids=numbers, visible=_mine(ctx), column=column, at=ctx.clock.now()
        )

    return await mark_own(
        ctx,
        ids,
        type_name="InboxEntry",
        not_one="is not the id of an InboxEntry",
        unknown="no such entry in your inbox",
        mark=mark,
    )


async def mark_read(ctx: Context, ids: list[str]) -> list[t.InboxEntry]:
    return await _mark(ctx, ids, "read_at")


async def acknowledge(ctx: Context, ids: list[str]) -> list[t.InboxEntry]:
    return await _mark(ctx, ids, "acknowledged_at")
