"""Adding and removing the persons of a stored offence, on its page: the operations behind the
``linkPersonToOffence`` and ``unlinkPersonFromOffence`` mutations, with their problems shown
beside the search that found the person."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from db.errors import Forbidden, InvalidInput, NotFound, RecordLocked, StaleVersion
from resolvers import offences
from web.admin.context import view_context
from web.admin.forms import Form
from web.admin.pages import go, page
from web.admin.views.persons import person_picker
from web.admin.views.records.graph_reads import global_id
from web.admin.views.records.offences import show_offence
from web.admin.views.records.record_pages import not_found

CHANGE = (("offence", "update"), ("offence", "correct"))
REFUSED = (Forbidden, RecordLocked, StaleVersion)


@page("/offences/{id:int}/persons", needs=CHANGE, methods=("POST",), name="offences_add_person")
async def add_person(request: Request) -> Response:
    number = request.path_params["id"]
    form = await Form.read(request)
    async with view_context(request, "mutation linkPersonToOffence") as ctx:
        if person_picker.searching(form):
            found = await person_picker.search(ctx, form)
            return await show_offence(request, ctx, form=form, pick=found)
        person_id = person_picker.added_id(form)
        role = form.text("personRole")
        try:
            await offences.link_person(ctx, global_id("Offence", number), person_id, role)
        except InvalidInput as error:
            form.absorb(error)
            return await show_offence(request, ctx, form=form, status=422)
        except REFUSED as error:
            status = 403 if isinstance(error, Forbidden) else 409
            return await show_offence(request, ctx, form=form, status=status, message=str(error))
        except NotFound:
            return not_found(request)
    return go(request, f"/admin/offences/{number}?saved=1")


@page(
    "/offences/{id:int}/persons/remove",
    needs=CHANGE,
    methods=("POST",),
    name="offences_remove_person",
)
async def remove_person(request: Request) -> Response:
    number = request.path_params["id"]
    form = await Form.read(request)
    async with view_context(request, "mutation unlinkPersonFromOffence") as ctx:
        try:
            await offences.unlink_person(
                ctx, global_id("Offence", number), form.text("personId"), form.text("role")
            )
        except InvalidInput as error:
            form.absorb(error)
            message = "; ".join(p.message for p in error.problems)
            return await show_offence(request, ctx, status=422, message=message)
        except REFUSED as error:
            status = 403 if isinstance(error, Forbidden) else 409
            return await show_offence(request, ctx, status=status, message=str(error))
        except NotFound:
            return not_found(request)
    return go(request, f"/admin/offences/{number}?saved=1")
