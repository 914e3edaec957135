"""Warrants and court orders: the list, a warrant's page, and the entry and correction forms.

Reads are the GraphQL ``warrants`` query's (db.filters compiled by policies.filtering, in scope);
writes are resolvers.orders.create_warrant / update_warrant. Execution, cancellation and
validation are in ``warrant_actions``. Form fields carry the API's input names, so the
resolvers' problems land beside them.
"""

from __future__ import annotations

from dataclasses import replace

from sqlmodel import col
from starlette.requests import Request
from starlette.responses import Response
from strawberry import UNSET

from db import filters
from db import tables as t
from db.filters import Sort
from resolvers import orders, reading
from resolvers.context import Context
from resolvers.warrant_actions import effective_status
from web.admin.context import view_context
from web.admin.forms import Form, prefill
from web.admin.i18n import N_
from web.admin.pages import page
from web.admin.render import render
from web.admin.views.orders import order_forms
from web.admin.views.orders import orders_support as s
from web.admin.views.persons import person_picker

KINDS = [
    ("arrest", N_("Arrest warrant")),
    ("detention", N_("Detention order")),
    ("search", N_("Search warrant")),
    ("summons", N_("Summons")),
    ("judgment", N_("Judgment")),
]
STATUSES = [
    ("active", N_("Active")),
    ("executed", N_("Executed")),
    ("cancelled", N_("Cancelled")),
    ("expired", N_("Expired")),
]
ORDERS: dict[str, tuple[str, tuple[Sort, ...]]] = {
    "newest": (N_("Issued, newest first"), (Sort(t.Warrant.issued_on, descending=True),)),
    "oldest": (N_("Issued, oldest first"), (Sort(t.Warrant.issued_on),)),
    "due": (N_("Validation due, soonest first"), (Sort(t.Warrant.validation_due_on),)),
    "number": (N_("Court and number"), (Sort(t.Warrant.court), Sort(t.Warrant.number))),
}
# Form field (the API's input name) → column, for showing a stored warrant in the form.
FIELDS = {
    "court": "court",
    "number": "number",
    "kind": "kind",
    "issuedOn": "issued_on",
    "expiresOn": "expires_on",
    "provinceCode": "province_code",
    "notes": "notes",
}
PATCH_NAMES = {
    "court": "court",
    "number": "number",
    "kind": "kind",
    "issuedOn": "issued_on",
    "expiresOn": "expires_on",
    "subjectPersonId": "subject_person_id",
    "caseId": "case_id",
    "provinceCode": "province_code",
    "owningUnitId": "owning_unit_id",
    "notes": "notes",
}


@page(
    "/warrants",
    needs=(("warrant", "read"),),
    name="warrants_list",
    menu=N_("Warrants"),
    menu_order=40,
)
async def warrant_list(request: Request) -> Response:
    q = request.query_params
    status = q.get("status", "active")  # the list of active warrants, unless asked otherwise
    wanted = filters.WarrantFilter(
        statuses=(status,) if status in dict(STATUSES) else (),
        province_codes=(q["province"],) if q.get("province") else (),
        court=q.get("court", "").strip() or None,
    )
    sort = q.get("sort", "newest")
    sort = sort if sort in ORDERS else "newest"
    async with view_context(request) as ctx:
        order = (*ORDERS[sort][1], Sort(t.Warrant.id, descending=True))
        listed = reading.compiled(ctx, wanted, order)
        found = await s.listing(
            ctx,
            t.Warrant,
            where=listed.where,
            order_by=listed.order_by,
            number=s.page_number(request),
        )
        subjects = await ctx.loaders.row(t.Person).load_many(
            [r.subject_person_id for r in found.rows]
        )
        province_options = await s.provinces(ctx)
        day = s.today(ctx)
    filter_form = Form(
        values={
            "status": status,
            "province": q.get("province", ""),
            "court": q.get("court", ""),
            "sort": sort,
        }
    )
    return render(
        request,
        "admin/warrants/list.html",
        listing=found,
        rows=[
            (r, effective_status(r, day), s.person_label(p))
            for r, p in zip(found.rows, subjects, strict=True)
        ],
        form=filter_form,
        kinds=dict(KINDS),
        statuses=STATUSES,
        status_labels=dict(STATUSES),
        orders=[(k, v[0]) for k, v in ORDERS.items()],
        provinces=province_options,
        query=s.query_without(request, "page"),
    )


@page(
    "/warrants/new",
    needs=(("warrant", "create"),),
    name="warrants_new",
    menu=N_("New warrant"),
    menu_order=41,
)
async def warrant_new(request: Request) -> Response:
    p = request.state.principal
    form = Form(
        values={
            "provinceCode": p.province_code or "",
            "owningUnitId": s.gid("Unit", p.unit_id),
            "kind": "arrest",
        }
    )
    async with view_context(request) as ctx:
        return await _form_page(request, ctx, form, None)


@page("/warrants/new", needs=(("warrant", "create"),), methods=("POST",), name="warrants_create")
async def warrant_create(request: Request) -> Response:
    return await order_forms.create(request, _form_page, _create, saved_at="/admin/warrants")


async def _create(ctx: Context, form: Form) -> t.Warrant:
    return await orders.create_warrant(ctx, await _patch(ctx, form))


@page("/warrants/{id:int}/edit", needs=(("warrant", "update"),), name="warrants_edit")
async def warrant_edit(request: Request) -> Response:
    return await order_forms.edit(request, t.Warrant, _form_page, _stored)


@page(
    "/warrants/{id:int}/edit",
    needs=(("warrant", "update"),),
    methods=("POST",),
    name="warrants_update",
)
async def warrant_update(request: Request) -> Response:
    return await order_forms.update(
        request, t.Warrant, _form_page, _update, saved_at="/admin/warrants"
    )


async def _update(ctx: Context, form: Form, row: t.Warrant) -> None:
    stored = await _stored(ctx, row)
    patch = await _patch(ctx, form)
    # Only what the user changed goes to the resolver (a field absent from the post stays).
    unchanged = {
        attr: UNSET
        for name, attr in PATCH_NAMES.items()
        if name not in form.values or form.text(name) == stored.get(name)
    }
    await orders.update_warrant(
        ctx, s.gid("Warrant", row.id), replace(patch, **unchanged), form.integer("expectedVersion")
    )


async def _patch(ctx: Context, form: Form) -> orders.WarrantPatch:
    return orders.WarrantPatch(
        court=form.text("court"),
        number=form.text("number"),
        kind=form.optional("kind"),
        issued_on=form.day("issuedOn"),
        expires_on=form.day("expiresOn"),
        subject_person_id=form.optional("subjectPersonId"),
        case_id=await _case_id(ctx, form),
        province_code=form.optional("provinceCode"),
        owning_unit_id=form.optional("owningUnitId"),
        notes=form.text("notes"),
    )


async def _case_id(ctx: Context, form: Form) -> str | None:
    """The form gives a case by its number; the API takes the case's id. An unknown or unseen
    number is sent as an id that names no case, so the resolver reports it on the field."""
    number = form.text("caseId")
    if not number:
        return None
    found = await s.listing(
        ctx, t.Case, where=[col(t.Case.number) == number], order_by=(col(t.Case.id),), number=1
    )
    return s.gid("Case", found.rows[0].id if found.rows else 0)


async def _stored(ctx: Context, row: t.Warrant) -> Form:
    form = prefill(row, FIELDS)
    form.values["subjectPersonId"] = s.gid("Person", row.subject_person_id)
    form.values["owningUnitId"] = s.gid("Unit", row.owning_unit_id)
    kase = await s.visible(ctx, t.Case, row.case_id)
    form.values["caseId"] = kase.number if kase is not None else ""
    form.values["expectedVersion"] = str(row.version)
    return form


async def _form_page(
    request: Request,
    ctx: Context,
    form: Form,
    row: s.Record | None,
    *,
    search: bool = False,
    status_code: int = 200,
    message: str | None = None,
) -> Response:
    return render(
        request,
        "admin/warrants/form.html",
        status_code=status_code,
        form=form,
        warrant=row,
        message=message,
        pick=await person_picker.one(ctx, form, "subjectPersonId", search_now=search),
        kinds=KINDS,
        provinces=await s.provinces(ctx),
        units=await s.units(ctx, form.get("provinceCode") or ctx.principal.province_code),
    )
