"""One review request or one hit by id, through the same scope as the lists that show them
(reviewRequests, hits), for the admin's page of a single item."""

from __future__ import annotations

from sqlmodel import col

from db import hits as hits_db
from db import review as db
from db import tables as t
from db.errors import NotFound
from db.paging import Page
from resolvers import review
from resolvers.context import Context
from resolvers.hit_alerts import visible_hits
from resolvers.references import target_id


async def review_request(ctx: Context, request_id: str) -> review.ReviewView:
    ident = target_id(request_id, "ReviewRequest")
    where = [review.request_scope(ctx.principal), col(t.ReviewRequest.id) == ident]
    pairs = await ctx.run(db.page_requests, where=where, page=Page(limit=1))
    if not pairs:
        raise NotFound("ReviewRequest", request_id)
    views = await review.views_of(ctx, pairs[:1])
    return views[0]


async def hit(ctx: Context, hit_id: str) -> t.Hit:
    ident = target_id(hit_id, "Hit")
    where = [visible_hits(ctx), col(t.Hit.id) == ident]
    rows = await ctx.run(hits_db.page_hits, where=where, page=Page(limit=1))
    if not rows:
        raise NotFound("Hit", hit_id)
    return rows[0]
