"""Crackdown operations: the list, an operation's page, and the entry and correction form.

Reads are the GraphQL ``operations`` query's and the ``units``/``seizures`` lists of an
operation (the same scoped loaders); writes are resolvers.operations.create_operation /
update_operation. Seizure rows are named as the API's input paths (``seizures.0.quantity``), so
each problem lands beside its cell. Without JavaScript, "Add a seizure row" shows the form again
with one more empty row.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from sqlmodel import col
from starlette.requests import Request
from starlette.responses import Response
from strawberry import UNSET

from db import relations
from db import tables as t
from db.errors import EcrimeError
from db.paging import Page
from resolvers import operations
from resolvers.context import Context
from web.admin.context import view_context
from web.admin.forms import Form, prefill
from web.admin.i18n import N_
from web.admin.pages import go, page
from web.admin.render import render
from web.admin.views.orders import orders_support as s

SCALARS = {
    "name": "name",
    "startedOn": "started_on",
    "endedOn": "ended_on",
    "provinceCode": "province_code",
    "leadUnitId": "lead_unit_id",
    "arrests": "arrests",
    "description": "description",
}


@page(
    "/operations",
    needs=(("operation", "read"),),
    name="operations_list",
    menu=N_("Operations"),
    menu_order=46,
)
async def operation_list(request: Request) -> Response:
    province = request.query_params.get("province", "")
    where = [col(t.Operation.province_code) == province] if province else []
    async with view_context(request) as ctx:
        found = await s.listing(
            ctx,
            t.Operation,
            where=where,
            order_by=(col(t.Operation.started_on).desc(), col(t.Operation.id).desc()),
            number=s.page_number(request),
        )
        leads = await ctx.loaders.row(t.Unit).load_many([r.lead_unit_id for r in found.rows])
        province_options = await s.provinces(ctx)
    return render(
        request,
        "admin/operations/list.html",
        listing=found,
        rows=list(zip(found.rows, leads, strict=True)),
        form=Form(values={"province": province}),
        provinces=province_options,
        query=s.query_without(request, "page"),
    )


@page("/operations/{id:int}", needs=(("operation", "read"),), name="operations_show")
async def operation_show(request: Request) -> Response:
    async with view_context(request) as ctx:
        row = await s.visible(ctx, t.Operation, s.path_id(request))
        if row is None:
            return s.missing(request)
        units, seizures = await _lists(ctx, row.id)
        return render(
            request,
            "admin/operations/show.html",
            operation=row,
            province=await s.visible(ctx, t.Province, row.province_code, "code"),
            lead=await s.visible(ctx, t.Unit, row.lead_unit_id),
            units=await ctx.loaders.row(t.Unit).load_many([u.unit_id for u in units]),
            seizures=seizures,
            may_update=await s.may_update(ctx, t.Operation, row.id),
        )


@page(
    "/operations/new",
    needs=(("operation", "create"),),
    name="operations_new",
    menu=N_("New operation"),
    menu_order=47,
)
async def operation_new(request: Request) -> Response:
    p = request.state.principal
    form = Form(
        values={
            "provinceCode": p.province_code or "",
            "leadUnitId": s.gid("Unit", p.unit_id),
            "arrests": "0",
        }
    )
    async with view_context(request) as ctx:
        return await _form_page(request, ctx, form, None, rows=1)


@page(
    "/operations/new",
    needs=(("operation", "create"),),
    methods=("POST",),
    name="operations_create",
)
async def operation_create(request: Request) -> Response:
    form = await Form.read(request)
    shown, rows = _indexes(form), _compact(form)
    async with view_context(request) as ctx:
        if form.get("action") == "more":
            return await _form_page(request, ctx, form, None, rows=len(shown) + 1)
        try:
            row = await operations.create_operation(ctx, _patch(form, rows))
        except EcrimeError as error:
            return await _refused(request, ctx, form, None, rows, error)
    return go(request, f"/admin/operations/{row.id}")


@page("/operations/{id:int}/edit", needs=(("operation", "update"),), name="operations_edit")
async def operation_edit(request: Request) -> Response:
    async with view_context(request) as ctx:
        row = await s.visible(ctx, t.Operation, s.path_id(request))
        if row is None:
            return s.missing(request)
        form, rows = await _stored(ctx, row)
        return await _form_page(request, ctx, form, s.Record.of(row), rows=rows + 1)


@page(
    "/operations/{id:int}/edit",
    needs=(("operation", "update"),),
    methods=("POST",),
    name="operations_update",
)
async def operation_update(request: Request) -> Response:
    form = await Form.read(request)
    shown, rows = _indexes(form), _compact(form)
    async with view_context(request) as ctx:
        row = await s.visible(ctx, t.Operation, s.path_id(request))
        if row is None:
            return s.missing(request)
        record = s.Record.of(row)
        if form.get("action") == "more":
            return await _form_page(request, ctx, form, s.Record.of(row), rows=len(shown) + 1)
        before, before_rows = await _stored(ctx, row)
        patch = _patch(form, rows)
        unchanged: dict[str, Any] = {
            attr: UNSET
            for name, attr in SCALARS.items()
            if name not in form.values or form.text(name) == before.get(name)
        }
        if _units(form) == _units(before):
            unchanged["unit_ids"] = UNSET
        if _seizure_rows(form, rows) == _seizure_rows(before, before_rows):
            unchanged["seizures"] = UNSET
        try:
            await operations.update_operation(
                ctx,
                s.gid("Operation", row.id),
                replace(patch, **unchanged),
                form.integer("expectedVersion"),
            )
        except EcrimeError as error:
            return await _refused(request, ctx, form, record, rows, error)
    return go(request, f"/admin/operations/{record.id}")


async def _lists(ctx: Context, ident: int | None) -> tuple[list[Any], list[t.Seizure]]:
    """The operation's units and seizures, as its GraphQL fields read them."""
    units = await ctx.loaders.page(relations.OPERATION_UNITS, Page(limit=1000)).load(ident)
    seizures = await ctx.loaders.page(relations.OPERATION_SEIZURES, Page(limit=1000)).load(ident)
    return units, seizures


def _compact(form: Form) -> int:
    """Drop the seizure rows left empty and number the rest from 0, so that row ``i`` of the form
    is ``seizures.i`` of the input; the number of rows kept."""
    kept = 0
    moved: dict[str, str] = {}
    for index in _indexes(form):
        cells = {c: form.text(f"seizures.{index}.{c}") for c in ("item", "quantity", "unit")}
        if any(cells.values()):
            moved.update({f"seizures.{kept}.{c}": v for c, v in cells.items()})
            kept += 1
    form.values = {k: v for k, v in form.values.items() if not k.startswith("seizures.")} | moved
    return kept


def _indexes(form: Form) -> list[int]:
    """The seizure rows the form showed, by their numbers."""
    parts = [k.split(".") for k in form.values if k.startswith("seizures.")]
    return sorted({int(p[1]) for p in parts if len(p) == 3 and p[1].isdigit()})


def _units(form: Form) -> list[str]:
    return sorted(v for v in form.get("unitIds").split("\n") if v)


def _seizure_rows(form: Form, rows: int) -> list[tuple[str, str, str]]:
    return [
        tuple(form.text(f"seizures.{i}.{c}") for c in ("item", "quantity", "unit"))  # type: ignore[misc]
        for i in range(rows)
    ]


def _patch(form: Form, rows: int) -> operations.OperationPatch:
    seizures = []
    for i in range(rows):
        quantity = form.decimal(f"seizures.{i}.quantity")
        seizures.append(
            operations.SeizureInput(
                item=form.text(f"seizures.{i}.item"),
                quantity=Decimal("NaN") if quantity is None else quantity,
                unit=form.text(f"seizures.{i}.unit"),
            )
        )
    return operations.OperationPatch(
        name=form.text("name"),
        started_on=form.day("startedOn"),
        ended_on=form.day("endedOn"),
        province_code=form.optional("provinceCode"),
        lead_unit_id=form.optional("leadUnitId"),
        unit_ids=_units(form),
        arrests=form.integer("arrests"),
        description=form.text("description"),
        seizures=seizures,
    )


async def _stored(ctx: Context, row: t.Operation) -> tuple[Form, int]:
    form = prefill(row, SCALARS)
    form.values["leadUnitId"] = s.gid("Unit", row.lead_unit_id)
    units, seizures = await _lists(ctx, row.id)
    form.values["unitIds"] = "\n".join(s.gid("Unit", u.unit_id) for u in units)
    for i, seizure in enumerate(seizures):
        form.values[f"seizures.{i}.item"] = seizure.item
        form.values[f"seizures.{i}.quantity"] = f"{seizure.quantity.normalize():f}"
        form.values[f"seizures.{i}.unit"] = seizure.unit
    form.values["expectedVersion"] = str(row.version)
    return form, len(seizures)


async def _form_page(
    request: Request,
    ctx: Context,
    form: Form,
    row: s.Record | None,
    *,
    rows: int,
    status_code: int = 200,
    message: str | None = None,
) -> Response:
    province = form.get("provinceCode") or ctx.principal.province_code
    return render(
        request,
        "admin/operations/form.html",
        status_code=status_code,
        form=form,
        operation=row,
        message=message,
        rows=max(rows, 1),
        chosen_units=set(_units(form)),
        provinces=await s.provinces(ctx),
        units=await s.units(ctx, province),
    )


async def _refused(
    request: Request,
    ctx: Context,
    form: Form,
    row: s.Record | None,
    rows: int,
    error: EcrimeError,
) -> Response:
    why = s.refusal(request, error, form)
    if why.page is not None:
        return why.page
    return await _form_page(
        request, ctx, form, row, rows=rows, status_code=why.status_code, message=why.message
    )
