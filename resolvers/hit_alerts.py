"""Reading hits and hit alerts: who sees what, and marking alerts read or acknowledged.

A hit is visible to whoever one of its alerts is addressed to (db.hits.alerts_of): the recording
officer, the owning unit, the owning province's chief, and national HQ once escalated. An alert
addressed to a unit or a role is one shared item: when any member reads it, it is read for all.

``watch_alerts`` is the live stream: every announced alert id (db.alert_bus) is read back through
the subscriber's own addressing, so the stream shows exactly what the inbox would.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from db import hits as db
from db.alert_bus import BUS, AlertBus
from db.errors import Forbidden
from db.paging import Page
from db.tables.hits import Hit, HitAlert
from policies.principal import Principal
from resolvers.context import CREDENTIAL_ENDED, Context
from resolvers.marking import mark_own
from resolvers.writing import require_user

RECHECK_EVERY = timedelta(seconds=30)
SIGNED_OUT = CREDENTIAL_ENDED


def _addressed_to(p: Principal) -> ColumnElement[bool]:
    return db.alerts_of(p.user_id, p.unit_id, p.roles, p.province_code)


def _alerts_mine(ctx: Context) -> ColumnElement[bool]:
    return _addressed_to(ctx.principal)


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
    async def mark(session: AsyncSession, numbers: list[int]) -> list[HitAlert]:
        return await db.mark_alerts(
            session=session,
            ids=numbers,
            visible=_alerts_mine(ctx),
            column=column,
            at=ctx.clock.now(),
        )

    return await mark_own(
        ctx,
        ids,
        type_name="HitAlert",
        not_one="is not the id of a HitAlert",
        unknown="no such alert for you",
        mark=mark,
    )


async def watch_alerts(ctx: Context, bus: AlertBus = BUS) -> AsyncIterator[HitAlert]:
    """Alerts addressed to the caller, as they are committed, until the caller goes away.

    The caller was authenticated when the connection opened, hours ago perhaps. So the
    credential behind it (``ctx.credential``: the session or API token, by the very rules that
    authenticate a request) is asked again before each batch of alerts is read, and at least
    every ``RECHECK_EVERY`` of the clock while none come. Each answer is the caller's principal
    as it is now (unit, roles, province and policy snapshot), which the next read uses; a
    signed-out, expired or revoked credential, or a disabled user, ends the stream with
    Forbidden, and the web layer closes the socket (web.app).

    The checks are not activity: they do not push back a session's idle timeout (30 minutes,
    CJIS), which only the browser's own requests do. An open alerts tab in an unattended
    browser is signed out like any other, and its stream ends at the next check after that.

    Idle checks need a wake-up: a timer of the remaining time (real seconds, which are the
    clock's own in production) or a nudge on the bus (``AlertBus.wake``: tests move a FixedClock
    and wake, never sleep); either way the injected clock decides whether a check is due.
    """
    require_user(ctx)
    if ctx.sessions is None:
        raise RuntimeError("watching alerts needs a session factory on the context")
    principal, checked_at = ctx.principal, ctx.clock.now()
    delivered: set[int] = set()  # the listener may announce an id twice after reconnecting;
    # only the caller's own alerts are remembered, so the set grows with their inbox, no faster
    async with bus.listen() as queue:
        while True:
            due = checked_at + RECHECK_EVERY
            ids = await _announced(queue, wait=(due - ctx.clock.now()).total_seconds())
            ids -= delivered
            if not ids and ctx.clock.now() < due:
                continue
            principal, checked_at = await _still_signed_in(ctx, principal), ctx.clock.now()
            if not ids:
                continue
            # A fresh short session per batch: nothing cached from before, no connection held
            # between alerts. Rows the caller may not see are never loaded at all.
            visible = _addressed_to(principal)
            async with ctx.sessions() as session:
                rows = await db.alerts_by_id(session=session, ids=sorted(ids), visible=visible)
            for row in rows:
                if row.id is not None:
                    delivered.add(row.id)
                yield row


async def _announced(queue: asyncio.Queue[int | None], *, wait: float) -> set[int]:
    """The alert ids announced by now, waiting up to ``wait`` seconds for the first; empty
    after a wake-up or the wait."""
    try:
        async with asyncio.timeout(max(wait, 0.0)):
            first = await queue.get()
    except TimeoutError:
        first = None
    found = {first}
    while not queue.empty():  # whatever else arrived meanwhile: one query for all
        found.add(queue.get_nowait())
    return {ident for ident in found if ident is not None}


async def _still_signed_in(ctx: Context, principal: Principal) -> Principal:
    if ctx.credential is None:  # an in-process caller: the principal is as given
        return principal
    now = await ctx.credential.recheck()
    if now is None:
        raise Forbidden(SIGNED_OUT)
    return now
