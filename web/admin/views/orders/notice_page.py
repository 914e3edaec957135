"""A notice's page, and confirming it still valid (resolvers.warrant_actions.validate_notice, as
the GraphQL ``validateNotice`` mutation calls it)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from db import tables as t
from db.errors import EcrimeError
from resolvers import warrant_actions
from resolvers.context import Context
from web.admin.context import view_context
from web.admin.forms import Form
from web.admin.pages import go, page, safe_next
from web.admin.render import render
from web.admin.views.orders import orders_support as s
from web.admin.views.orders.notices import KINDS


@page("/notices/{id:int}", needs=(("notice", "read"),), name="notices_show")
async def notice_show(request: Request) -> Response:
    async with view_context(request) as ctx:
        row = await s.visible(ctx, t.Notice, s.path_id(request))
        if row is None:
            return s.missing(request)
        return await _page(request, ctx, row)


@page(
    "/notices/{id:int}/validate",
    needs=(("notice", "update"),),
    methods=("POST",),
    name="notices_validate",
)
async def notice_validate(request: Request) -> Response:
    form = await Form.read(request)
    async with view_context(request) as ctx:
        try:
            await warrant_actions.validate_notice(ctx, s.gid("Notice", s.path_id(request)))
        except EcrimeError as error:
            why = s.refusal(request, error, form)
            if why.page is not None:
                return why.page
            row = await s.visible(ctx, t.Notice, s.path_id(request))
            if row is None:
                return s.missing(request)
            return await _page(
                request, ctx, row, form=form, status_code=why.status_code, message=why.message
            )
    return go(request, safe_next(form.get("next"), f"/admin/notices/{s.path_id(request)}"))


async def _page(
    request: Request,
    ctx: Context,
    row: t.Notice,
    *,
    form: Form | None = None,
    status_code: int = 200,
    message: str | None = None,
) -> Response:
    assert row.id is not None
    today = s.today(ctx)
    in_force = row.valid_from <= today and (row.valid_until is None or row.valid_until >= today)
    person = await s.visible(ctx, t.Person, row.person_id)
    return render(
        request,
        "admin/notices/show.html",
        status_code=status_code,
        notice=row,
        kind_labels=dict(KINDS),
        person=s.person_label(person) if person is not None else None,
        in_force=in_force,
        overdue=row.validation_due_on is not None and row.validation_due_on < today,
        province=await s.visible(ctx, t.Province, row.province_code, "code"),
        owning_unit=await s.visible(ctx, t.Unit, row.owning_unit_id),
        ministry=await s.visible(ctx, t.Ministry, row.ministry_code, "code"),
        may_update=await s.may_update(ctx, t.Notice, row.id),
        form=form or Form(),
        message=message,
    )
