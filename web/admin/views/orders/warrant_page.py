"""A warrant's page, and what happens to a warrant after entry: execute, cancel, confirm still
valid (resolvers.warrant_actions, as the GraphQL mutations call them).

The actions show only to those whose update scope reaches the warrant (the data layer says so,
orders_support.may_update); a request from anyone else is refused by the resolver all the same.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from db import tables as t
from db.errors import EcrimeError
from resolvers import warrant_actions
from resolvers.context import Context
from web.admin.context import view_context
from web.admin.forms import Form
from web.admin.i18n import local
from web.admin.pages import go, page, safe_next
from web.admin.render import render
from web.admin.views.orders import orders_support as s
from web.admin.views.orders.warrants import KINDS, STATUSES


@page("/warrants/{id:int}", needs=(("warrant", "read"),), name="warrants_show")
async def warrant_show(request: Request) -> Response:
    async with view_context(request) as ctx:
        row = await s.visible(ctx, t.Warrant, s.path_id(request))
        if row is None:
            return s.missing(request)
        return await _page(request, ctx, row)


@page(
    "/warrants/{id:int}/execute",
    needs=(("warrant", "update"),),
    methods=("POST",),
    name="warrants_execute",
)
async def warrant_execute(request: Request) -> Response:
    form = await Form.read(request)
    executed_at = form.moment("executedAt")
    if executed_at is None and not form.errors:
        form.add("executedAt", "is required")
    async with view_context(request) as ctx:
        ident = s.gid("Warrant", s.path_id(request))
        try:
            if executed_at is None:
                raise _Unread
            await warrant_actions.execute_warrant(
                ctx,
                ident,
                form.integer("expectedVersion"),
                warrant_actions.Execution(
                    executed_at=executed_at,
                    province_code=form.text("provinceCode"),
                    place=form.text("place"),
                    unit_id=form.optional("unitId"),
                ),
            )
        except (EcrimeError, _Unread) as error:
            return await _again(request, ctx, error, execute=form)
    return go(request, f"/admin/warrants/{s.path_id(request)}")


@page(
    "/warrants/{id:int}/cancel",
    needs=(("warrant", "update"),),
    methods=("POST",),
    name="warrants_cancel",
)
async def warrant_cancel(request: Request) -> Response:
    form = await Form.read(request)
    async with view_context(request) as ctx:
        ident = s.gid("Warrant", s.path_id(request))
        try:
            await warrant_actions.cancel_warrant(
                ctx, ident, form.integer("expectedVersion"), form.get("reason")
            )
        except EcrimeError as error:
            return await _again(request, ctx, error, cancel=form)
    return go(request, f"/admin/warrants/{s.path_id(request)}")


@page(
    "/warrants/{id:int}/validate",
    needs=(("warrant", "update"),),
    methods=("POST",),
    name="warrants_validate",
)
async def warrant_validate(request: Request) -> Response:
    form = await Form.read(request)
    async with view_context(request) as ctx:
        try:
            await warrant_actions.validate_warrant(ctx, s.gid("Warrant", s.path_id(request)))
        except EcrimeError as error:
            return await _again(request, ctx, error, validate=form)
    return go(request, safe_next(form.get("next"), f"/admin/warrants/{s.path_id(request)}"))


class _Unread(Exception):
    """The form's own problems (a time that is not one) stop it before the resolver."""


async def _again(
    request: Request,
    ctx: Context,
    error: Exception,
    *,
    execute: Form | None = None,
    cancel: Form | None = None,
    validate: Form | None = None,
) -> Response:
    form = execute or cancel or validate or Form()
    status_code, message = 422, None
    if isinstance(error, EcrimeError):
        why = s.refusal(request, error, form)
        if why.page is not None:
            return why.page
        status_code, message = why.status_code, why.message
    row = await s.visible(ctx, t.Warrant, s.path_id(request))
    if row is None:
        return s.missing(request)
    return await _page(
        request,
        ctx,
        row,
        execute=execute,
        cancel=cancel,
        validate=validate,
        status_code=status_code,
        message=message,
    )


async def _page(
    request: Request,
    ctx: Context,
    row: t.Warrant,
    *,
    execute: Form | None = None,
    cancel: Form | None = None,
    validate: Form | None = None,
    status_code: int = 200,
    message: str | None = None,
) -> Response:
    assert row.id is not None
    today = s.today(ctx)
    status = warrant_actions.effective_status(row, today)
    own = ctx.principal.province_code
    version = str(row.version)
    now = local(ctx.clock.now()).strftime("%Y-%m-%dT%H:%M")
    execute = execute or Form(values={"executedAt": now, "provinceCode": own or row.province_code})
    execute.values["expectedVersion"] = version
    cancel = cancel or Form()
    cancel.values["expectedVersion"] = version
    may_update = await s.may_update(ctx, t.Warrant, row.id)
    subject = await s.visible(ctx, t.Person, row.subject_person_id)
    return render(
        request,
        "admin/warrants/show.html",
        status_code=status_code,
        warrant=row,
        status=status,
        statuses=dict(STATUSES),
        kinds=dict(KINDS),
        subject=s.person_label(subject) if subject is not None else None,
        case=await s.visible(ctx, t.Case, row.case_id),
        province=await s.visible(ctx, t.Province, row.province_code, "code"),
        owning_unit=await s.visible(ctx, t.Unit, row.owning_unit_id),
        executed_unit=await s.visible(ctx, t.Unit, row.executed_by_unit_id),
        executed_province=await s.visible(ctx, t.Province, row.executed_province_code, "code"),
        overdue=row.validation_due_on is not None and row.validation_due_on < today,
        may_update=may_update,
        may_act=may_update and status == "active",
        execute=execute,
        cancel=cancel,
        validate=validate or Form(),
        message=message,
        provinces=await s.provinces(ctx) if may_update else [],
        units=await s.units(ctx, own) if may_update else [],
    )
