"""One hit, and its confirmation or rejection by the owning unit (resolvers.hits, as the
confirmHit and rejectHit mutations). The person and the order are shown as far as the reader's
scope lets them read those records; the hit itself says who matched whom and why."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import Response
from strawberry.relay import GlobalID

from db import tables as t
from db.errors import Forbidden, InvalidInput, NotFound
from resolvers import by_id, hits
from resolvers.context import Context
from web.admin.context import view_context
from web.admin.forms import Form
from web.admin.pages import go, page
from web.admin.render import render
from web.admin.views.reviews.alerts import ALERTED


def _gid(number: int) -> str:
    return str(GlobalID("Hit", str(number)))


async def _hit_page(
    request: Request, ctx: Context, hit: t.Hit, form: Form | None = None, status_code: int = 200
) -> Response:
    person = await ctx.loaders.row(t.Person).load(hit.person_id)
    subject = await ctx.loaders.row(t.Person).load(hit.subject_person_id)
    warrant = await ctx.loaders.row(t.Warrant).load(hit.warrant_id) if hit.warrant_id else None
    notice = await ctx.loaders.row(t.Notice).load(hit.notice_id) if hit.notice_id else None
    return render(
        request,
        "admin/alerts/hit.html",
        status_code=status_code,
        hit=hit,
        person=person,
        subject=subject,
        warrant=warrant,
        notice=notice,
        reasons=json.loads(hit.reasons),
        now=ctx.clock.now(),
        may_decide=hit.status == "pending" and hits.may_decide(ctx, hit),
        form=form or Form(),
    )


@page("/hits/{id:int}", needs=ALERTED, name="hits_detail")
async def hits_detail(request: Request) -> Response:
    async with view_context(request) as ctx:
        try:
            hit = await by_id.hit(ctx, _gid(request.path_params["id"]))
        except NotFound:
            return render(request, "admin/alerts/missing.html", status_code=404)
        return await _hit_page(request, ctx, hit)


async def _decide(request: Request, confirm: bool) -> Response:
    number = request.path_params["id"]
    form = await Form.read(request)
    operation = "confirmHit" if confirm else "rejectHit"
    async with view_context(request, operation) as ctx:
        try:
            if confirm:
                await hits.confirm_hit(ctx, _gid(number))
            else:
                await hits.reject_hit(ctx, _gid(number), form.get("reason"))
        except InvalidInput as error:
            form.absorb(error)
        except NotFound:
            return render(request, "admin/alerts/missing.html", status_code=404)
        except Forbidden as error:
            return render(
                request, "admin/reviews/refusal.html", status_code=403, message=str(error)
            )
        if form.ok:
            return go(request, f"/admin/hits/{number}")
        hit = await by_id.hit(ctx, _gid(number))
        return await _hit_page(request, ctx, hit, form, status_code=422)


@page("/hits/{id:int}/confirm", needs=ALERTED, methods=("POST",), name="hits_confirm")
async def hits_confirm(request: Request) -> Response:
    return await _decide(request, confirm=True)


@page("/hits/{id:int}/reject", needs=ALERTED, methods=("POST",), name="hits_reject")
async def hits_reject(request: Request) -> Response:
    return await _decide(request, confirm=False)
