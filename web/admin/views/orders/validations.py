"""Overdue validations: the warrants and notices of the user's unit (or province) whose
confirmation is overdue, read as the GraphQL ``overdueWarrantValidations`` and
``overdueNoticeValidations`` queries read them (db.warrants.overdue_* under the read scope),
with the "confirm still valid" actions of warrant_page and notice_page."""

from __future__ import annotations

from sqlmodel import col
from starlette.requests import Request
from starlette.responses import Response

from db import tables as t
from db import warrants
from web.admin.context import view_context
from web.admin.i18n import N_
from web.admin.pages import page
from web.admin.render import render
from web.admin.views.orders import orders_support as s
from web.admin.views.orders.notices import KINDS


@page(
    "/validations",
    needs=(("warrant", "update"), ("notice", "update")),
    name="validations_overdue",
    menu=N_("Overdue validations"),
    menu_order=49,
)
async def overdue(request: Request) -> Response:
    async with view_context(request) as ctx:
        p = ctx.principal
        day = s.today(ctx)
        number = s.page_number(request)
        found_warrants = await s.listing(
            ctx,
            t.Warrant,
            where=warrants.overdue_warrants(day, p.unit_id, p.province_code),
            order_by=(col(t.Warrant.validation_due_on), col(t.Warrant.id)),
            number=number,
        )
        found_notices = await s.listing(
            ctx,
            t.Notice,
            where=warrants.overdue_notices(day, p.unit_id, p.province_code),
            order_by=(col(t.Notice.validation_due_on), col(t.Notice.id)),
            number=number,
        )
        subjects = await ctx.loaders.row(t.Person).load_many(
            [r.subject_person_id for r in found_warrants.rows]
        )
        persons = await ctx.loaders.row(t.Person).load_many(
            [r.person_id for r in found_notices.rows]
        )
    more = found_warrants.has_next or found_notices.has_next
    return render(
        request,
        "admin/warrants/validations.html",
        warrant_rows=list(zip(found_warrants.rows, map(s.person_label, subjects), strict=True)),
        notice_rows=list(zip(found_notices.rows, map(s.person_label, persons), strict=True)),
        warrant_total=found_warrants.total,
        notice_total=found_notices.total,
        kind_labels=dict(KINDS),
        listing=found_warrants if found_warrants.total >= found_notices.total else found_notices,
        more=more,
        query="",
        today=day,
        back=request.url.path + (f"?page={number}" if number > 1 else ""),
    )
