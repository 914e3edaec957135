"""Cases: the list, the case page, and what is added on it (participants, events, offences).

Reads go through the API's ``cases`` and ``node`` queries, so a sealed case is there only for
the ranks the policy lets read it, and masked participants read as "withheld". Each small form on
the case page calls the same operation as its mutation (``addCaseParticipant``,
``recordParticipantEvent``, ``linkOffenceToCase``); its problems show beside its fields.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from db.errors import Forbidden, InvalidInput, NotFound, RecordLocked, StaleVersion
from resolvers import cases, participants
from resolvers.context import Context
from web.admin.context import view_context
from web.admin.forms import Form
from web.admin.i18n import N_
from web.admin.pages import go, page
from web.admin.render import render
from web.admin.views.persons import person_picker
from web.admin.views.records import geo
from web.admin.views.records.graph_reads import global_id, read
from web.admin.views.records.record_pages import PAGE_SIZE, ListPage, not_found

READ = (("case", "read"),)
CHANGE = (("case", "update"), ("case", "correct"))
STATUSES = (
    ("OPEN", N_("Open")),
    ("INVESTIGATING", N_("Investigating")),
    ("SENT_TO_COURT", N_("Sent to court")),
    ("CLOSED", N_("Closed")),
)
EVENTS = (("arrest", N_("Arrest")), ("detention", N_("Detention")), ("release", N_("Release")))
NAMES = "nameLatin nameKm"
LIST = f"""
query($filter: CaseFilterInput, $first: Int!, $after: String) {{
  cases(filter: $filter, first: $first, after: $after) {{
    totalCount
    pageInfo {{ hasNextPage }}
    nodes {{ id number title status openedAt sealed province {{ code {NAMES} }} }}
  }}
}}
"""
ONE = f"""
query($id: ID!) {{ node(id: $id) {{ ... on Case {{
  id number title status openedAt closedAt disposition sealed version
  leadUnit {{ code nameEn nameKm }} province {{ code {NAMES} }}
  offences(first: 100) {{ nodes {{
    id occurredAt type {{ code nameEn nameKm iccsCode }} province {{ code {NAMES} }}
  }} }}
  participants(first: 100) {{ nodes {{
    id role notes maskedFields {{ field reason }} person {{ id fullNameLatin fullNameKm }}
    events {{ kind occurredAt provinceCode place reason }}
  }} }}
}} }} }}
"""


@page("/cases", needs=READ, name="cases_list", menu=N_("Cases"), menu_order=35)
async def case_list(request: Request) -> Response:
    form = Form(values=dict(request.query_params))
    listed = ListPage.of(form)
    wanted: dict[str, Any] = {}
    if form.text("status") in dict(STATUSES):
        wanted["statuses"] = [form.text("status")]
    if form.text("province"):
        wanted["provinceCodes"] = [form.text("province")]
    async with view_context(request) as ctx:
        found = (await read(ctx, LIST, filter=wanted, first=PAGE_SIZE, after=listed.after))["cases"]
        provinces = await geo.provinces(ctx)
    return render(
        request,
        "admin/cases/list.html",
        form=form,
        cases=found["nodes"],
        total=found["totalCount"],
        **listed.pager(found, form),
        provinces=provinces,
        statuses=STATUSES,
    )


async def show_case(
    request: Request,
    ctx: Context,
    *,
    forms: dict[str, Form] | None = None,
    status: int = 200,
    message: str | None = None,
    pick: person_picker.Pick | None = None,
) -> Response:
    number = request.path_params["id"]
    found = (await read(ctx, ONE, id=global_id("Case", number)))["node"]
    if not found:
        return not_found(request)
    forms = forms or {}
    provinces = await geo.provinces(ctx)
    return render(
        request,
        "admin/cases/page.html",
        status_code=status,
        case=found,
        number=number,
        provinces=provinces,
        participant_form=forms.get("participant") or Form(values={"personRole": "suspect"}),
        event_form=forms.get("event") or Form(),
        offence_form=forms.get("offence") or Form(),
        roles=person_picker.ROLES,
        events=EVENTS,
        statuses=dict(STATUSES),
        pick=pick or person_picker.Pick(),
        message=message,
        people=[],
        saved=request.query_params.get("saved") == "1",
        missing=Form(values=dict(request.query_params)).integer("missing") or 0,
    )


@page("/cases/{id:int}", needs=READ, name="cases_page")
async def case_page(request: Request) -> Response:
    async with view_context(request) as ctx:
        return await show_case(request, ctx)


async def _failed(
    request: Request, ctx: Context, name: str, form: Form, error: Exception
) -> Response:
    """A refused change on the case page: the problems beside the fields, or the API's message."""
    if isinstance(error, InvalidInput):
        form.absorb(error)
        return await show_case(request, ctx, forms={name: form}, status=422)
    if isinstance(error, NotFound):
        return not_found(request)
    status = 403 if isinstance(error, Forbidden) else 409
    return await show_case(request, ctx, forms={name: form}, status=status, message=str(error))


EXPECTED = (InvalidInput, NotFound, Forbidden, RecordLocked, StaleVersion)


@page("/cases/{id:int}/participants", needs=CHANGE, methods=("POST",), name="cases_add_person")
async def add_participant(request: Request) -> Response:
    number = request.path_params["id"]
    form = await Form.read(request)
    async with view_context(request, "mutation addCaseParticipant") as ctx:
        if person_picker.searching(form):
            found = await person_picker.search(ctx, form)
            return await show_case(request, ctx, forms={"participant": form}, pick=found)
        data = participants.ParticipantInput(
            case_id=global_id("Case", number),
            person_id=person_picker.added_id(form),
            role=form.text("personRole"),
            notes=form.get("notes"),
        )
        try:
            await participants.add_case_participant(ctx, data)
        except EXPECTED as error:
            return await _failed(request, ctx, "participant", form, error)
    return go(request, f"/admin/cases/{number}?saved=1")


@page("/cases/{id:int}/events", needs=CHANGE, methods=("POST",), name="cases_add_event")
async def add_event(request: Request) -> Response:
    number = request.path_params["id"]
    form = await Form.read(request)
    async with view_context(request, "mutation recordParticipantEvent") as ctx:
        occurred = form.moment("occurredAt")
        if occurred is None and not form.errors:
            form.add("occurredAt", "is required")
        if not form.ok or occurred is None:
            return await show_case(request, ctx, forms={"event": form}, status=422)
        data = participants.EventInput(
            participant_id=form.text("participantId"),
            kind=form.text("kind"),
            occurred_at=occurred,
            province_code=form.optional("provinceCode"),
            place=form.get("place"),
            reason=form.get("reason"),
        )
        try:
            await participants.record_participant_event(ctx, data)
        except EXPECTED as error:
            return await _failed(request, ctx, "event", form, error)
    return go(request, f"/admin/cases/{number}?saved=1")


@page("/cases/{id:int}/offences", needs=CHANGE, methods=("POST",), name="cases_link_offence")
async def link_offence(request: Request) -> Response:
    """Link an offence by its number (the number shown in the offence list)."""
    number = request.path_params["id"]
    form = await Form.read(request)
    async with view_context(request, "mutation linkOffenceToCase") as ctx:
        offence = form.integer("offenceId")
        if offence is None and not form.errors:
            form.add("offenceId", "is required")
        if offence is None:
            return await show_case(request, ctx, forms={"offence": form}, status=422)
        try:
            await cases.link_offence_to_case(
                ctx, global_id("Offence", offence), global_id("Case", number)
            )
        except EXPECTED as error:
            return await _failed(request, ctx, "offence", form, error)
    return go(request, f"/admin/cases/{number}?saved=1")
