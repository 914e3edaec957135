"""Reading hits and hit alerts: who sees what, and marking alerts read or acknowledged.

A hit is visible to whoever one of its alerts is addressed to (db.hits.alerts_of): the recording
officer, the owning unit, the owning province's chief, and national HQ once escalated. An alert
addressed to a unit or a role is one shared item: when any member reads it, it is read for all.

``watch_alerts`` is the live stream: every announced alert id (db.alert_bus) is read back through
the subscriber's own addressing, so the stream shows exactly what the inbox would.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from sqlalchemy import ColumnElement
from sqlmodel import col

from db import hits as db
from db.alert_bus import BUS, AlertBus
from db.paging import Page
from db.tables.hits import Hit, HitAlert
from resolvers.context import Context
from resolvers.validation import Problems
from resolvers.writing import parse_id, require_user


def _alerts_mine(ctx: Context) -> ColumnElement[bool]:
    p = ctx.principal
    return db.alerts_of(p.user_id, p.unit_id, p.roles, p.province_code)


def visible_hits(ctx: Context) -> ColumnElement[bool]:
    return db.hits_seen_through(_alerts_mine(ctx))


def _hit_filter(ctx: Context, status: str | None) -> list[ColumnElement[bool]]:
    where = [visible_hits(ctx)]
    if status is not None:
        where.append(col(Hit.status) == status)
    return where


async def hits_page(ctx: Context, status: str | None, page: Page) -> list[Hit]:
    return await ctx.run(db.page_hits, where=_hit_filter(ctx, status), page=page)


async def hits_count(ctx: Context, status: str | None) -> int:
    return await ctx.run(db.count_hits, where=_hit_filter(ctx, status))


def _alert_filter(ctx: Context, unread_only: bool) -> list[ColumnElement[bool]]:
    where = [_alerts_mine(ctx)]
    if unread_only:
        where.append(col(HitAlert.read_at).is_(None))
    return where


async def alerts_page(ctx: Context, unread_only: bool, page: Page) -> list[HitAlert]:
    return await ctx.run(db.page_alerts, where=_alert_filter(ctx, unread_only), page=page)


async def alerts_count(ctx: Context, unread_only: bool) -> int:
    return await ctx.run(db.count_alerts, where=_alert_filter(ctx, unread_only))


async def mark_alerts(ctx: Context, ids: list[str], column: str) -> list[HitAlert]:
    require_user(ctx)
    problems = Problems()
    numbers: dict[int, int] = {}
    for i, value in enumerate(ids):
        number = parse_id(value, "HitAlert")
        if number is None:
            problems.add(f"ids.{i}", "invalid", "is not the id of a HitAlert")
        else:
            numbers[i] = number
    if len(ids) > ctx.max_page_size:
        problems.add("ids", "out_of_range", f"at most {ctx.max_page_size} at a time")
    problems.raise_if_any()
    async with ctx.transaction() as session:
        rows = await db.mark_alerts(
            session=session,
            ids=list(numbers.values()),
            visible=_alerts_mine(ctx),
            column=column,
            at=ctx.clock.now(),
        )
        found = {row.id for row in rows}
        for i, number in numbers.items():
            if number not in found:
                problems.add(f"ids.{i}", "unknown", "no such alert for you")
        problems.raise_if_any()
        return rows


async def watch_alerts(ctx: Context, bus: AlertBus = BUS) -> AsyncIterator[HitAlert]:
    """Alerts addressed to the caller, as they are committed, until the caller goes away."""
    require_user(ctx)
    if ctx.sessions is None:
        raise RuntimeError("watching alerts needs a session factory on the context")
    visible = _alerts_mine(ctx)
    delivered: set[int] = set()  # the listener may announce an id twice after reconnecting;
    # only the caller's own alerts are remembered, so the set grows with their inbox, no faster
    async with bus.listen() as queue:
        while True:
            ids = {await queue.get()}
            while not queue.empty():  # whatever else arrived meanwhile: one query for all
                ids.add(queue.get_nowait())
            ids -= delivered
            if not ids:
                continue
            # A fresh short session per batch: nothing cached from before, no connection held
            # between alerts. Rows the caller may not see are never loaded at all.
            async with ctx.sessions() as session:
                rows = await db.alerts_by_id(session=session, ids=sorted(ids), visible=visible)
            for row in rows:
                if row.id is not None:
                    delivered.add(row.id)
                yield row
