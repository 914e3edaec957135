"""Offences: the list with its filters, sorting and pages, and the offence page.

Both read through the API's own queries (``offences`` with ``OffenceFilterInput`` and
``OffenceOrder``; ``node`` for one offence), so they show what the API shows: the read scope,
and masked fields as "withheld" with the reason the API gives.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from db import tables as t
from policies.lifecycle import WINDOWS
from resolvers.context import Context
from web.admin.context import view_context
from web.admin.forms import Form
from web.admin.i18n import N_, PHNOM_PENH
from web.admin.pages import page
from web.admin.render import render
from web.admin.views.persons import person_picker
from web.admin.views.records import geo
from web.admin.views.records.graph_reads import global_id, read
from web.admin.views.records.record_pages import PAGE_SIZE, ListPage, not_found

READ = (("offence", "read"),)
ORDERS = (
    ("OCCURRED_NEWEST", N_("Occurred, newest first")),
    ("OCCURRED_OLDEST", N_("Occurred, oldest first")),
    ("RECORDED_NEWEST", N_("Recorded, newest first")),
)
KINDS = (
    ("DRUG", N_("Drug")),
    ("TRAFFIC", N_("Traffic")),
    ("CYBER", N_("Cyber")),
    ("GENERAL", N_("General")),
)
PLACE = "province { code nameLatin nameKm } district { code nameLatin nameKm }"
PLACE += " commune { code nameLatin nameKm }"
TYPE = "type { code nameEn nameKm iccsCode kind }"
LIST = f"""
query($filter: OffenceFilterInput, $orderBy: OffenceOrder!, $first: Int!, $after: String) {{
  offences(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {{
    totalCount
    pageInfo {{ hasNextPage hasPreviousPage }}
    nodes {{ id occurredAt recordedAt late {TYPE} {PLACE} case {{ id number }} }}
  }}
}}
"""
ONE = f"""
query($id: ID!) {{ node(id: $id) {{ ... on Offence {{
  id version occurredAt recordedAt late delaySeconds historical description latitude longitude
  maskedFields {{ field reason }}
  {TYPE} category {{ code nameEn nameKm }} {PLACE}
  ministry {{ code nameEn nameKm }}
  recordedBy {{ username }} recordedUnit {{ code nameEn nameKm }}
  case {{ id number title status }}
  persons {{ role maskedFields {{ field reason }} person {{ id fullNameLatin fullNameKm }} }}
  drug {{ substance quantity unit }} traffic {{ vehicleType plateNumber }}
}} }} }}
"""


def _day_start(form: Form, name: str) -> datetime | None:
    day: date | None = form.day(name)
    return datetime.combine(day, time(), PHNOM_PENH) if day else None


def list_filter(form: Form) -> dict[str, Any]:
    """The query string as an ``OffenceFilterInput``; the period's days are Phnom Penh days."""
    wanted: dict[str, Any] = {}
    if form.text("province"):
        wanted["provinceCodes"] = [form.text("province")]
    if form.text("category"):
        wanted["categories"] = [form.text("category")]
    if form.text("kind") in dict(KINDS):
        wanted["kind"] = form.text("kind")
    start, end = _day_start(form, "from"), _day_start(form, "to")
    if start:
        wanted["occurredFrom"] = start.isoformat()
    if end:
        wanted["occurredTo"] = (end + timedelta(days=1)).isoformat()  # the "to" day included
    return wanted


@page("/offences", needs=READ, name="offences_list", menu=N_("Offences"), menu_order=30)
async def offence_list(request: Request) -> Response:
    form = Form(values=dict(request.query_params))
    order = form.text("order") if form.text("order") in dict(ORDERS) else "OCCURRED_NEWEST"
    listed = ListPage.of(form)
    async with view_context(request) as ctx:
        wanted = list_filter(form)
        data = await read(
            ctx, LIST, filter=wanted, orderBy=order, first=PAGE_SIZE, after=listed.after
        )
        provinces = await geo.provinces(ctx)
        sections = await read(ctx, "{ offenceCategories { code nameEn nameKm } }")
    found = data["offences"]
    return render(
        request,
        "admin/offences/list.html",
        form=form,
        offences=found["nodes"],
        total=found["totalCount"],
        **listed.pager(found, form),
        provinces=provinces,
        sections=sections["offenceCategories"],
        orders=ORDERS,
        kinds=KINDS,
    )


def correctable_until(offence: dict[str, Any]) -> datetime:
    """The end of the correction window (policies.lifecycle.WINDOWS, 48 h)."""
    recorded: datetime = offence["recordedAt"]
    return recorded + WINDOWS[t.Offence]


async def show_offence(
    request: Request,
    ctx: Context,
    *,
    form: Form | None = None,
    status: int = 200,
    message: str | None = None,
    pick: person_picker.Pick | None = None,
) -> Response:
    number = request.path_params["id"]
    found = (await read(ctx, ONE, id=global_id("Offence", number)))["node"]
    if not found:
        return not_found(request)
    now = ctx.clock.now()
    until = correctable_until(found)
    return render(
        request,
        "admin/offences/page.html",
        status_code=status,
        offence=found,
        number=number,
        masked={m["field"]: m["reason"] for m in found["maskedFields"]},
        open_until=until if now <= until else None,
        locked_since=until if now > until else None,
        saved=request.query_params.get("saved") == "1",
        form=form or Form(values={"personRole": "suspect"}),
        roles=person_picker.ROLES,
        pick=pick or person_picker.Pick(),
        message=message,
    )


@page("/offences/{id:int}", needs=READ, name="offences_page")
async def offence_page(request: Request) -> Response:
    async with view_context(request) as ctx:
        return await show_offence(request, ctx)
