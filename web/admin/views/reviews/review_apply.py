"""Applying an approved correction (technical working group): a form of the approved fields only.

The change goes through the same update operation as the API (updateOffence, updatePerson,
updateCase), which reaches a locked record through the correction grant; the lifecycle guard,
not this view, refuses a field outside the grant or a window that has closed.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from strawberry.relay import GlobalID

from db.errors import Forbidden, InvalidInput, NotFound, RecordLocked, StaleVersion
from resolvers import cases, offences, persons
from resolvers.context import Context
from resolvers.review import ReviewView
from resolvers.review_input import graphql_name
from web.admin.context import view_context
from web.admin.forms import Form
from web.admin.pages import go, page
from web.admin.render import render
from web.admin.views.reviews.review_fields import (
    FIELDS,
    RecordFields,
    case_patch,
    offence_patch,
    person_patch,
    unappliable,
)
from web.admin.views.reviews.reviews import CORRECT, _detail, missing, refused


def _apply_page(
    request: Request,
    view: ReviewView,
    record: RecordFields,
    form: Form,
    *,
    status_code: int = 200,
    message: str | None = None,
) -> Response:
    table = view.request.table_name
    specs = [FIELDS[table][c] for c in view.request.field_names if c in FIELDS[table]]
    return render(
        request,
        "admin/reviews/apply.html",
        status_code=status_code,
        view=view,
        record=record,
        specs=specs,
        form=form,
        message=message,
    )


def _prefilled(view: ReviewView, record: RecordFields) -> Form:
    """The proposed values, else what is stored now (left empty where withheld from the caller)."""
    table = view.request.table_name
    proposed = {p.field: p.value for p in view.proposed}
    values = {"expectedVersion": str(record.row.version)}
    for column in view.request.field_names:
        spec = FIELDS[table].get(column)
        if spec is None:
            continue
        value = proposed.get(graphql_name(column))
        values[spec.name] = value if value is not None else record.value(spec)
        if spec.kind == "checkbox":
            values["sealed.shown"] = "1"
    return Form(values=values)


@page("/reviews/{id:int}/apply", needs=CORRECT, name="reviews_apply")
async def reviews_apply(request: Request) -> Response:
    found = await _detail(request, request.path_params["id"])
    if found is None or found[1] is None:
        return missing(request)
    view, record = found[0], found[1]
    return _apply_page(request, view, record, _prefilled(view, record))


async def _update(ctx: Context, table: str, row: Any, form: Form) -> None:
    version = form.integer("expectedVersion")
    if table == "offence":
        patch: Any = offence_patch(form, row)
        if form.ok:
            await offences.update_offence(
                ctx, str(GlobalID("Offence", str(row.id))), patch, version
            )
    elif table == "person":
        patch = person_patch(form, row)
        if form.ok:
            await persons.update_person(ctx, str(GlobalID("Person", str(row.id))), patch, version)
    else:
        patch = case_patch(form, row)
        if form.ok:
            await cases.update_case(ctx, str(GlobalID("Case", str(row.id))), patch, version)


@page("/reviews/{id:int}/apply", needs=CORRECT, methods=("POST",), name="reviews_apply_submit")
async def reviews_apply_submit(request: Request) -> Response:
    number = request.path_params["id"]
    found = await _detail(request, number)
    if found is None or found[1] is None:
        return missing(request)
    view, record = found[0], found[1]
    table = view.request.table_name
    form = await Form.read(request)
    for spec in unappliable(table, form):
        form.add(spec.name, "is not changed by this operation")
    operation = {"offence": "updateOffence", "person": "updatePerson"}.get(table, "updateCase")
    message = None
    async with view_context(request, operation) as ctx:
        try:
            await _update(ctx, table, record.row, form)
        except InvalidInput as error:
            form.absorb(error)
        except (RecordLocked, StaleVersion) as error:
            message = str(error)
        except NotFound:
            return missing(request)
        except Forbidden as error:
            return refused(request, error)
    if form.ok and message is None:
        return go(request, f"/admin/reviews/{number}")
    status = 409 if message else 422
    return _apply_page(request, view, record, form, status_code=status, message=message)
