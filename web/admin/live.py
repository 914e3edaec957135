"""The alerts inbox's live feed: Server-Sent Events of rendered list items.

Fed by the same stream as the GraphQL ``alerts`` subscription (resolvers.hit_alerts.watch_alerts:
the subscriber's own addressing, the credential asked again as it goes; on PostgreSQL alerts of
other processes arrive through the LISTEN connection web.app starts). Each alert is sent as an
``alert`` event whose data is the ``<li>`` the inbox shows, which htmx's sse extension puts at
the top of the list (with, for a new hit the user may decide, a row for the hits table swapped
in out of band), followed by an ``unread`` event with the new unread count.

No database session stays open between events: the stream reads each batch in a short session
of its own, and the unread count in another. The stream ends when the client goes away
(Starlette cancels it on disconnect) or when the session it was opened with has ended.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from strawberry.relay import GlobalID

from db.engine import Database
from db.errors import Forbidden, NotFound
from db.tables.hits import HitAlert
from resolvers import by_id, hit_alerts, hits
from web.admin.context import request_context
from web.admin.pages import SIGNED_IN, page
from web.admin.render import render_text

RETRY_MS = 5000  # how soon a browser reconnects after the connection drops


def event(name: str, data: str) -> str:
    lines = "".join(f"data: {line}\n" for line in data.splitlines() or [""])
    return f"event: {name}\n{lines}\n"


async def unread_count(request: Request) -> int:
    database: Database = request.app.state.database
    async with database.sessions() as session:
        return await hit_alerts.alerts_count(request_context(request, session), True)


def alert_item(request: Request, alert: HitAlert) -> str:
    return render_text(request, "admin/alerts/_alert.html", alert=alert)


async def _after(request: Request, alert: HitAlert) -> tuple[str, int]:
    """What else changed with this alert, read in one short session: a new hit the user may
    decide (a row for the hits table, swapped in out of band) and the unread count."""
    database: Database = request.app.state.database
    row = ""
    async with database.sessions() as session:
        ctx = request_context(request, session)
        if alert.kind == "hit":
            try:
                hit = await by_id.hit(ctx, str(GlobalID("Hit", str(alert.hit_id))))
            except NotFound:
                hit = None
            if hit is not None and hit.status == "pending" and hits.may_decide(ctx, hit):
                row = render_text(
                    request, "admin/alerts/_hit_row.html", hit=hit, now=ctx.clock.now()
                )
                row = (
                    '<template><tbody hx-swap-oob="afterbegin:#hits-to-decide-rows">'
                    f"{row}</tbody></template>"
                )
        return row, await hit_alerts.alerts_count(ctx, True)


async def _events(request: Request) -> AsyncIterator[str]:
    database: Database = request.app.state.database
    # The stream's context never uses its own session (watch_alerts opens short ones), so no
    # connection is taken for it; closed at the end all the same.
    unused = database.sessions()
    ctx = request_context(request, unused)
    try:
        yield f"retry: {RETRY_MS}\n: listening\n\n"
        async for alert in hit_alerts.watch_alerts(ctx):
            row, unread = await _after(request, alert)
            yield event("alert", alert_item(request, alert) + row)
            yield event("unread", str(unread))
    except Forbidden as error:
        yield event("signed-out", str(error))
    finally:
        await unused.close()


@page("/alerts/stream", needs=SIGNED_IN, name="alerts_stream")
async def alerts_stream(request: Request) -> Response:
    return StreamingResponse(
        _events(request),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
