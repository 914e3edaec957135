"""The offence entry form: record (``/offences/new``) and correct (``/offences/{id}/edit``).

Fields carry the GraphQL input names (``typeCode``, ``place.communeCode``, ``drug.quantity``…),
so the problems ``resolvers.offences`` reports land beside them with the API's messages. Buttons
named ``do`` (refresh the place lists, search persons) and ``addPerson``/``removePerson`` show
the form again without saving: that is how the form works without JavaScript, and htmx only
fetches the same pieces sooner.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from db.errors import Forbidden, InvalidInput, NotFound, RecordLocked, StaleVersion
from policies.ministries import own_ministry
from resolvers import offences
from resolvers.context import Context
from resolvers.inputs_offences import (
    DrugData,
    InvolvementData,
    OffenceData,
    OffencePatch,
    PlaceData,
    TrafficData,
)
from resolvers.offence_checks import DRUG_UNITS
from web.admin.context import view_context
from web.admin.forms import Form
from web.admin.i18n import N_, local
from web.admin.pages import go, page
from web.admin.render import render
from web.admin.views.persons import person_picker
from web.admin.views.records import geo
from web.admin.views.records.graph_reads import global_id, read
from web.admin.views.records.offence_timing import lateness
from web.admin.views.records.offences import correctable_until
from web.admin.views.records.record_pages import not_found, refused

CREATE = (("offence", "create"),)
CHANGE = (("offence", "update"), ("offence", "correct"))
EDITED = """
query($id: ID!) { node(id: $id) { ... on Offence {
  id version occurredAt recordedAt description latitude longitude
  type { code } ministry { code } province { code } district { code } commune { code }
  drug { substance quantity unit } traffic { vehicleType plateNumber }
} } }
"""


def _kept(form: Form, name: str) -> str | None:
    return form.optional(name)


def _place(form: Form) -> PlaceData:
    latitude, longitude = form.decimal("place.latitude"), form.decimal("place.longitude")
    return PlaceData(
        province_code=form.text("place.provinceCode"),
        district_code=_kept(form, "place.districtCode"),
        commune_code=_kept(form, "place.communeCode"),
        latitude=float(latitude) if latitude is not None else None,
        longitude=float(longitude) if longitude is not None else None,
    )


def _drug(form: Form) -> DrugData | None:
    substance, quantity = form.text("drug.substance"), form.decimal("drug.quantity")
    if not substance and quantity is None and not form.errors.get("drug.quantity"):
        return None
    if quantity is None:
        if not form.errors.get("drug.quantity"):
            form.add("drug.quantity", "is required")
        return None
    return DrugData(substance=substance, quantity=quantity, unit=form.text("drug.unit"))


def _traffic(form: Form) -> TrafficData | None:
    vehicle, plate = form.optional("traffic.vehicleType"), form.optional("traffic.plateNumber")
    if vehicle is None and plate is None:
        return None
    return TrafficData(vehicle_type=vehicle, plate_number=plate)


def _facts(form: Form) -> dict[str, Any]:
    """The entered facts, as the GraphQL ``OffenceInput`` fields map onto the resolver's data.
    A missing occurredAt goes through as None: the resolver answers "is required" for it."""
    occurred_at: datetime | None = form.moment("occurredAt")
    return {
        "type_code": form.text("typeCode"),
        "occurred_at": occurred_at,
        "place": _place(form),
        "description": form.get("description"),
        "ministry_code": form.text("ministryCode") or None,  # None: the caller's own
        "drug": _drug(form),
        "traffic": _traffic(form),
    }


async def _show(
    request: Request,
    ctx: Context,
    form: Form,
    *,
    offence_id: str | None = None,
    status: int = 200,
    message: str | None = None,
    pick: person_picker.Pick | None = None,
    locked_since: datetime | None = None,
) -> Response:
    types = await geo.offence_types(ctx)
    ministries = await read(ctx, "{ ministries { code nameEn nameKm } }")
    return render(
        request,
        "admin/offences/form.html",
        status_code=status,
        form=form,
        offence_id=offence_id,
        places=await geo.places(ctx, form),
        types=types,
        ministries=ministries["ministries"],
        units=sorted(DRUG_UNITS),
        roles=person_picker.ROLES,
        people=person_picker.picked(form) if offence_id is None else [],
        late=lateness(form, ctx.clock.now()),
        message=message,
        pick=pick or person_picker.Pick(),
        kind=None,
        locked_since=locked_since,
    )


async def _rework(request: Request, ctx: Context, form: Form, offence_id: str | None) -> Response:
    """A button that changes the form without saving: lists refreshed, a person added…"""
    found = await person_picker.search(ctx, form) if person_picker.searching(form) else None
    person_picker.restate(form, person_picker.picked(form))
    return await _show(request, ctx, form, offence_id=offence_id, pick=found)


def _reworking(form: Form) -> bool:
    return bool(form.get("do") or form.get("addPerson") or form.get("removePerson"))


@page("/offences/new", needs=CREATE, name="offences_new", menu=N_("New offence"), menu_order=31)
async def offence_new(request: Request) -> Response:
    form = Form(values={"ministryCode": own_ministry(request.state.principal), "drug.unit": "g"})
    if request.state.principal.province_code:
        form.values["place.provinceCode"] = request.state.principal.province_code
    async with view_context(request) as ctx:
        return await _show(request, ctx, form)


@page("/offences/new", needs=CREATE, methods=("POST",), name="offences_create")
async def offence_create(request: Request) -> Response:
    form = await Form.read(request)
    async with view_context(request, "mutation recordOffence") as ctx:
        if _reworking(form):
            return await _rework(request, ctx, form, None)
        people = person_picker.picked(form)
        person_picker.restate(form, people)
        facts = _facts(form)
        data = OffenceData(
            **facts,
            persons=tuple(InvolvementData(person_id=p.person_id, role=p.role) for p in people),
        )
        if not form.ok:  # text that is not a date or a number: nothing to give the resolver
            return await _show(request, ctx, form, status=422)
        try:
            row = await offences.record_offence(ctx, data)
        except InvalidInput as error:
            form.absorb(error)
            return await _show(request, ctx, form, status=422)
        except Forbidden:
            return refused(request)
    return go(request, f"/admin/offences/{row.id}?saved=1")


def _prefill(node: dict[str, Any]) -> Form:
    drug, traffic = node["drug"] or {}, node["traffic"] or {}
    occurred: datetime = node["occurredAt"]
    values = {
        "expectedVersion": str(node["version"]),
        "recordedAt": node["recordedAt"].isoformat(),
        "typeCode": node["type"]["code"],
        "occurredAt": local(occurred).strftime("%Y-%m-%dT%H:%M"),
        "place.provinceCode": node["province"]["code"],
        "place.districtCode": (node["district"] or {}).get("code") or "",
        "place.communeCode": (node["commune"] or {}).get("code") or "",
        "place.latitude": "" if node["latitude"] is None else str(node["latitude"]),
        "place.longitude": "" if node["longitude"] is None else str(node["longitude"]),
        "description": node["description"] or "",
        "ministryCode": node["ministry"]["code"],
        "drug.substance": drug.get("substance") or "",
        "drug.quantity": drug.get("quantity") or "",
        "drug.unit": drug.get("unit") or "g",
        "traffic.vehicleType": traffic.get("vehicleType") or "",
        "traffic.plateNumber": traffic.get("plateNumber") or "",
    }
    return Form(values={k: str(v) for k, v in values.items()})


@page("/offences/{id:int}/edit", needs=CHANGE, name="offences_edit")
async def offence_edit(request: Request) -> Response:
    ident = global_id("Offence", request.path_params["id"])
    async with view_context(request) as ctx:
        found = (await read(ctx, EDITED, id=ident))["node"]
        if not found:
            return not_found(request)
        until = correctable_until(found)
        return await _show(
            request,
            ctx,
            _prefill(found),
            offence_id=str(request.path_params["id"]),
            locked_since=until if ctx.clock.now() > until else None,
        )


@page("/offences/{id:int}/edit", needs=CHANGE, methods=("POST",), name="offences_update")
async def offence_update(request: Request) -> Response:
    number = str(request.path_params["id"])
    form = await Form.read(request)
    async with view_context(request, "mutation updateOffence") as ctx:
        if _reworking(form):
            return await _rework(request, ctx, form, number)
        expected = form.integer("expectedVersion")
        patch = OffencePatch(**_facts(form))
        if not form.ok:
            return await _show(request, ctx, form, offence_id=number, status=422)
        try:
            await offences.update_offence(ctx, global_id("Offence", number), patch, expected)
        except InvalidInput as error:
            form.absorb(error)
            return await _show(request, ctx, form, offence_id=number, status=422)
        except (RecordLocked, StaleVersion) as error:
            return await _show(
                request, ctx, form, offence_id=number, status=409, message=str(error)
            )
        except NotFound:
            return not_found(request)
        except Forbidden as error:
            return await _show(
                request, ctx, form, offence_id=number, status=403, message=str(error)
            )
    return go(request, f"/admin/offences/{number}?saved=1")
