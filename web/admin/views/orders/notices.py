"""Notices: the list, and the entry and correction forms whose fields follow the kind.

Which fields belong to which kind is resolvers.notices.KIND_FIELDS, the rule the resolver checks.
Without JavaScript the form shows every kind's fields, each group saying which kind uses it;
with htmx, choosing a kind swaps in that kind's group alone (the ``notices_kind_fields``
partial), keeping what was typed. Reads are the GraphQL ``notices`` query's; writes are
resolvers.notices.create_notice / update_notice.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from strawberry import UNSET

from db import filters
from db import tables as t
from resolvers import notices, reading
from resolvers.context import Context
from web.admin.context import view_context
from web.admin.forms import Form, prefill
from web.admin.i18n import N_, local
from web.admin.pages import is_htmx, page
from web.admin.render import render
from web.admin.views.orders import order_forms
from web.admin.views.orders import orders_support as s
from web.admin.views.persons import person_picker

KINDS = [
    ("red_notice", N_("Red notice (INTERPOL)")),
    ("wanted", N_("Wanted")),
    ("escaped", N_("Escaped")),
    ("released", N_("Released prisoner (monitoring)")),
    ("blacklist", N_("Blacklist")),
]
VALIDITY = [("in_force", N_("In force today")), ("any", N_("Any time"))]
# Form field (the API's input name) → the patch's attribute and the column.
TEXTS = {
    "summary": "summary",
    "reference": "reference",
    "position": "position",
    "basis": "basis",
    "escapedFrom": "escaped_from",
    "releaseConditions": "release_conditions",
    "reportingDuty": "reporting_duty",
}
CODES = {"issuingCountry": "issuing_country", "ministryCode": "ministry_code"}
DAYS = {"validFrom": "valid_from", "validUntil": "valid_until", "releasedOn": "released_on"}
KIND_SPECIFIC = {name for fields in notices.KIND_FIELDS.values() for name, _ in fields}
PATCH_NAMES = {
    **TEXTS,
    **CODES,
    **DAYS,
    "kind": "kind",
    "personId": "person_id",
    "provinceCode": "province_code",
    "owningUnitId": "owning_unit_id",
    "escapedAt": "escaped_at",
}


@page(
    "/notices", needs=(("notice", "read"),), name="notices_list", menu=N_("Notices"), menu_order=43
)
async def notice_list(request: Request) -> Response:
    q = request.query_params
    kind = q.get("kind", "")
    validity = q.get("validity", "in_force")
    async with view_context(request) as ctx:
        day = s.today(ctx)
        wanted = filters.NoticeFilter(
            kinds=(kind,) if kind in dict(KINDS) else (),
            province_codes=(q["province"],) if q.get("province") else (),
            valid_on=day if validity == "in_force" else None,
        )
        listed = reading.compiled(ctx, wanted, filters.NOTICE_ORDER)
        found = await s.listing(
            ctx,
            t.Notice,
            where=listed.where,
            order_by=listed.order_by,
            number=s.page_number(request),
        )
        persons = await ctx.loaders.row(t.Person).load_many([r.person_id for r in found.rows])
        province_options = await s.provinces(ctx)
    values = {"kind": kind, "validity": validity, "province": q.get("province", "")}
    return render(
        request,
        "admin/notices/list.html",
        listing=found,
        rows=list(zip(found.rows, [s.person_label(p) for p in persons], strict=True)),
        form=Form(values=values),
        kinds=KINDS,
        kind_labels=dict(KINDS),
        validity=VALIDITY,
        provinces=province_options,
        query=s.query_without(request, "page"),
        today=day,
    )


@page(
    "/notices/new",
    needs=(("notice", "create"),),
    name="notices_new",
    menu=N_("New notice"),
    menu_order=44,
)
async def notice_new(request: Request) -> Response:
    p = request.state.principal
    values = {"provinceCode": p.province_code or "", "owningUnitId": s.gid("Unit", p.unit_id)}
    values["kind"] = request.query_params.get("kind", "")
    async with view_context(request) as ctx:
        return await _form_page(request, ctx, Form(values=values), None)


@page("/notices/new", needs=(("notice", "create"),), methods=("POST",), name="notices_create")
async def notice_create(request: Request) -> Response:
    return await order_forms.create(request, _form_page, _create, saved_at="/admin/notices")


async def _create(ctx: Context, form: Form) -> t.Notice:
    return await notices.create_notice(ctx, _patch(form))


@page("/notices/{id:int}/edit", needs=(("notice", "update"),), name="notices_edit")
async def notice_edit(request: Request) -> Response:
    return await order_forms.edit(request, t.Notice, _form_page, _stored)


@page(
    "/notices/{id:int}/edit",
    needs=(("notice", "update"),),
    methods=("POST",),
    name="notices_update",
)
async def notice_update(request: Request) -> Response:
    return await order_forms.update(
        request, t.Notice, _form_page, _update, saved_at="/admin/notices"
    )


async def _update(ctx: Context, form: Form, row: t.Notice) -> None:
    before = await _stored(ctx, row)
    patch = _patch(form)
    # Only what the user changed goes to the resolver. A field absent from the post stays,
    # except another kind's field, which htmx took off the form when the kind changed: it
    # is sent empty, so changing the kind clears it, as resolvers.notices asks.
    unchanged = {
        attr: UNSET
        for name, attr in PATCH_NAMES.items()
        if form.text(name) == before.get(name)
        or (name not in form.values and name not in KIND_SPECIFIC)
    }
    await notices.update_notice(
        ctx, s.gid("Notice", row.id), replace(patch, **unchanged), form.integer("expectedVersion")
    )


@page(
    "/notices/kind-fields",
    needs=(("notice", "create"), ("notice", "update")),
    name="notices_kind_fields",
)
async def notice_kind_fields(request: Request) -> Response:
    """The fields of the chosen kind (every kind's when none is chosen), with what was typed."""
    form = Form(values=dict(request.query_params))
    async with view_context(request) as ctx:
        options = await _options(ctx)
    response = render(
        request,
        "admin/notices/_kind_fields.html",
        form=form,
        only=form.get("kind") or None,
        **options,
    )
    response.headers["Vary"] = "HX-Request"
    return response


def _patch(form: Form) -> notices.NoticePatch:
    values: dict[str, Any] = {attr: form.text(name) for name, attr in TEXTS.items()}
    values.update({attr: form.optional(name) for name, attr in CODES.items()})
    values.update({attr: form.day(name) for name, attr in DAYS.items()})
    return notices.NoticePatch(
        kind=form.optional("kind"),
        person_id=form.optional("personId"),
        province_code=form.optional("provinceCode"),
        owning_unit_id=form.optional("owningUnitId"),
        escaped_at=form.moment("escapedAt"),
        **values,
    )


async def _stored(ctx: Context, row: t.Notice) -> Form:
    """A stored notice as the form shows it."""
    form = prefill(row, {name: attr for name, attr in PATCH_NAMES.items() if hasattr(row, attr)})
    form.values["personId"] = s.gid("Person", row.person_id)
    form.values["owningUnitId"] = s.gid("Unit", row.owning_unit_id)
    if row.escaped_at is not None:
        form.values["escapedAt"] = local(row.escaped_at).strftime("%Y-%m-%dT%H:%M")
    form.values["expectedVersion"] = str(row.version)
    return form


async def _options(ctx: Context) -> dict[str, Any]:
    return {
        "kinds": KINDS,
        "kind_fields": {
            kind: [name for name, _ in fields] for kind, fields in notices.KIND_FIELDS.items()
        },
        "kind_labels": dict(KINDS),
        "ministries": await s.ministries(ctx),
    }


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
    # With htmx (JavaScript on) only the chosen kind's fields show; without, every kind's.
    only = form.get("kind") or None if is_htmx(request) else None
    response = render(
        request,
        "admin/notices/form.html",
        status_code=status_code,
        form=form,
        notice=row,
        message=message,
        only=only,
        pick=await person_picker.one(ctx, form, "personId", search_now=search),
        provinces=await s.provinces(ctx),
        units=await s.units(ctx, form.get("provinceCode") or ctx.principal.province_code),
        **await _options(ctx),
    )
    response.headers["Vary"] = "HX-Request"
    return response
