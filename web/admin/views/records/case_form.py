"""The case form: open a case with its first participants (``/cases/new``), correct or move it
on (``/cases/{id}/edit``). Fields carry the names of ``OpenCaseInput`` / ``CasePatchInput``."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from strawberry import UNSET

from db.errors import Forbidden, InvalidInput, NotFound, RecordLocked, StaleVersion
from resolvers import cases, participants
from resolvers.context import Context
from web.admin.context import view_context
from web.admin.forms import Form
from web.admin.i18n import N_, local
from web.admin.pages import go, page
from web.admin.render import render
from web.admin.views.persons import person_picker
from web.admin.views.records.cases import STATUSES
from web.admin.views.records.graph_reads import global_id, read
from web.admin.views.records.record_pages import not_found, refused

CREATE = (("case", "create"),)
CHANGE = (("case", "update"), ("case", "correct"))
EDITED = """
query($id: ID!) { node(id: $id) { ... on Case {
  id number title status openedAt closedAt disposition sealed version
} } }
"""


async def _show(
    request: Request,
    ctx: Context,
    form: Form,
    *,
    case_id: str | None = None,
    status: int = 200,
    message: str | None = None,
    pick: person_picker.Pick | None = None,
) -> Response:
    return render(
        request,
        "admin/cases/form.html",
        status_code=status,
        form=form,
        case_id=case_id,
        statuses=[(v.lower(), label) for v, label in STATUSES],
        roles=person_picker.ROLES,
        people=person_picker.picked(form) if case_id is None else [],
        pick=pick or person_picker.Pick(),
        message=message,
    )


@page("/cases/new", needs=CREATE, name="cases_new", menu=N_("New case"), menu_order=36)
async def case_new(request: Request) -> Response:
    async with view_context(request) as ctx:
        return await _show(request, ctx, Form(values={"status": "open"}))


@page("/cases/new", needs=CREATE, methods=("POST",), name="cases_create")
async def case_create(request: Request) -> Response:
    form = await Form.read(request)
    async with view_context(request, "mutation openCase") as ctx:
        if form.get("do") or form.get("addPerson") or form.get("removePerson"):
            searching = person_picker.searching(form)
            found = await person_picker.search(ctx, form) if searching else None
            person_picker.restate(form, person_picker.picked(form))
            return await _show(request, ctx, form, pick=found)
        people = person_picker.picked(form)
        person_picker.restate(form, people)
        data = cases.CaseInput(
            number=form.get("number"),
            title=form.get("title"),
            status=form.text("status") or "open",
            opened_at=form.moment("openedAt"),
            sealed=form.flag("sealed"),
        )
        if not form.ok:
            return await _show(request, ctx, form, status=422)
        try:
            row = await cases.open_case(ctx, data)
        except InvalidInput as error:
            form.absorb(error)
            return await _show(request, ctx, form, status=422)
        except Forbidden:
            return refused(request)
        case_gid = global_id("Case", row.id)
        missing = 0
        for person in people:
            joining = participants.ParticipantInput(
                case_id=case_gid, person_id=person.person_id, role=person.role
            )
            try:
                await participants.add_case_participant(ctx, joining)
            except InvalidInput:  # the case is open: the case page offers to add them again
                missing += 1
    return go(request, f"/admin/cases/{row.id}?saved=1&missing={missing}")


def _prefill(node: dict[str, Any]) -> Form:
    def moment(value: Any) -> str:
        return local(value).strftime("%Y-%m-%dT%H:%M") if value else ""

    values = {
        "expectedVersion": str(node["version"]),
        "number": node["number"],
        "title": node["title"],
        "status": node["status"].lower(),
        "openedAt": moment(node["openedAt"]),
        "closedAt": moment(node["closedAt"]),
        "disposition": node["disposition"] or "",
    }
    if node["sealed"]:
        values["sealed"] = "on"
    return Form(values=values)


@page("/cases/{id:int}/edit", needs=CHANGE, name="cases_edit")
async def case_edit(request: Request) -> Response:
    async with view_context(request) as ctx:
        found = (await read(ctx, EDITED, id=global_id("Case", request.path_params["id"])))["node"]
        if not found:
            return not_found(request)
        return await _show(request, ctx, _prefill(found), case_id=str(request.path_params["id"]))


@page("/cases/{id:int}/edit", needs=CHANGE, methods=("POST",), name="cases_update")
async def case_update(request: Request) -> Response:
    number = str(request.path_params["id"])
    form = await Form.read(request)
    async with view_context(request, "mutation updateCase") as ctx:
        closed_at = form.moment("closedAt")
        patch = cases.CasePatch(
            number=form.get("number"),
            title=form.get("title"),
            status=form.text("status"),
            opened_at=form.moment("openedAt"),
            closed_at=closed_at if closed_at is not None else UNSET,  # closing: now by default
            disposition=form.get("disposition"),
            sealed=form.flag("sealed"),
        )
        expected = form.integer("expectedVersion")
        if not form.ok:
            return await _show(request, ctx, form, case_id=number, status=422)
        try:
            await cases.update_case(ctx, global_id("Case", number), patch, expected)
        except InvalidInput as error:
            form.absorb(error)
            return await _show(request, ctx, form, case_id=number, status=422)
        except (RecordLocked, StaleVersion, Forbidden) as error:
            status = 403 if isinstance(error, Forbidden) else 409
            return await _show(
                request, ctx, form, case_id=number, status=status, message=str(error)
            )
        except NotFound:
            return not_found(request)
    return go(request, f"/admin/cases/{number}?saved=1")
