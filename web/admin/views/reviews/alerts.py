"""The alerts inbox (issue 6: live alerts): hit alerts addressed to the user, their unit or their
roles, marked read or acknowledged; and the hits waiting for the user's decision.

Reads and marks are resolvers.hit_alerts, as the hitAlerts query and the markHitAlertsRead /
acknowledgeHitAlerts mutations; the page updates itself from web.admin.live's event stream.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from strawberry.relay import GlobalID

import web.admin.live  # noqa: F401  (registers the event stream)
from db.errors import InvalidInput
from db.paging import Page
from resolvers import hit_alerts, recent_entries
from web.admin.context import view_context
from web.admin.i18n import N_
from web.admin.live import alert_item, unread_count
from web.admin.pages import go, is_htmx, page
from web.admin.render import render, render_text

# Alerts come to whoever may read persons, in full or in summary (officers of every kind).
ALERTED = (("person", "read"), ("person", "read_summary"))
PAGE_SIZE = 50


@page("/alerts", needs=ALERTED, name="alerts_inbox", menu=N_("Alerts"), menu_order=70)
async def alerts_inbox(request: Request) -> Response:
    unread_only = request.query_params.get("unread") == "1"
    async with view_context(request) as ctx:
        alerts = await hit_alerts.alerts_page(ctx, unread_only, Page(limit=PAGE_SIZE))
        unread = await hit_alerts.alerts_count(ctx, True)
        waiting = await recent_entries.hits_to_decide(ctx, PAGE_SIZE)
        now = ctx.clock.now()
    return render(
        request,
        "admin/alerts/inbox.html",
        alerts=alerts[:PAGE_SIZE],
        unread=unread,
        unread_only=unread_only,
        waiting=waiting,
        now=now,
    )


async def _mark(request: Request, column: str, operation: str) -> Response:
    number = request.path_params["id"]
    ids = [str(GlobalID("HitAlert", str(number)))]
    async with view_context(request, operation) as ctx:
        try:
            [alert] = await hit_alerts.mark_alerts(ctx, ids, column)
        except InvalidInput:
            return render(request, "admin/alerts/missing.html", status_code=404)
    if not is_htmx(request):
        return go(request, "/admin/alerts")
    count = await unread_count(request)
    counter = render_text(request, "admin/alerts/_unread.html", unread=count, oob=True)
    return HTMLResponse(alert_item(request, alert) + counter, headers={"Vary": "HX-Request"})


@page("/alerts/{id:int}/read", needs=ALERTED, methods=("POST",), name="alerts_read")
async def alerts_read(request: Request) -> Response:
    return await _mark(request, "read_at", "markHitAlertsRead")


@page("/alerts/{id:int}/acknowledge", needs=ALERTED, methods=("POST",), name="alerts_acknowledge")
async def alerts_acknowledge(request: Request) -> Response:
    return await _mark(request, "acknowledged_at", "acknowledgeHitAlerts")


@page("/alerts/read-all", needs=ALERTED, methods=("POST",), name="alerts_read_all")
async def alerts_read_all(request: Request) -> Response:
    """Mark read every unread alert of the user (a page at a time, as the API takes them)."""
    async with view_context(request, "markHitAlertsRead") as ctx:
        unread = await hit_alerts.alerts_page(ctx, True, Page(limit=ctx.max_page_size))
        ids = [str(GlobalID("HitAlert", str(a.id))) for a in unread[: ctx.max_page_size]]
        if ids:
            await hit_alerts.mark_alerts(ctx, ids, "read_at")
    return go(request, "/admin/alerts")
