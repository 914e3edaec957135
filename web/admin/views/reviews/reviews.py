"""Review requests (issue 6): a chief files one on a locked record, the planning head approves or
rejects it, and the technical working group applies the approved correction (review_apply.py).

Every step is resolvers.review, as in the GraphQL mutations fileReviewRequest,
approveReviewRequest and rejectReviewRequest; refusals show the API's own messages.
"""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import Response
from strawberry.relay import GlobalID

from db.errors import Forbidden, InvalidInput, NotFound
from db.paging import Page
from policies.authorize import allowed
from policies.principal import Principal
from resolvers import review
from resolvers.by_id import review_request
from resolvers.review_input import (
    BY_TABLE,
    KINDS,
    Attachment,
    Proposed,
    ReviewRequestData,
    column_name,
)
from web.admin.context import view_context
from web.admin.forms import Form
from web.admin.i18n import N_
from web.admin.pages import go, page
from web.admin.render import render
from web.admin.views.reviews.review_fields import (
    FIELDS,
    KIND_OF_PATH,
    MODELS,
    RecordFields,
    correctable,
)

RESOURCES = ("offence", "person", "case")
FILE = tuple((r, "file_review") for r in RESOURCES)
APPROVE = tuple((r, "approve_review") for r in RESOURCES)
CORRECT = tuple((r, "correct") for r in RESOURCES)
ANY_STEP = FILE + APPROVE + CORRECT
STATES = ("pending", "approved", "rejected", "applied", "expired")
ATTACHMENT_ROWS = 2
PAGE_SIZE = 50


def may(principal: Principal, action: str, table: str) -> bool:
    return allowed(principal, action, KINDS[BY_TABLE[table]].resource)


def request_gid(number: int) -> str:
    return str(GlobalID("ReviewRequest", str(number)))


def refused(request: Request, error: Exception) -> Response:
    """The operation's own refusal (a Forbidden from the resolvers), in the API's words."""
    return render(request, "admin/reviews/refusal.html", status_code=403, message=str(error))


def missing(request: Request) -> Response:
    return render(request, "admin/reviews/missing.html", status_code=404)


@page("/reviews", needs=ANY_STEP, name="reviews_list", menu=N_("Review requests"), menu_order=60)
async def reviews_list(request: Request) -> Response:
    status = request.query_params.get("status") or None
    if status not in STATES:
        status = None
    async with view_context(request) as ctx:
        views = await review.review_page(ctx, status, Page(limit=PAGE_SIZE))
        total = await review.review_count(ctx, status)
    return render(
        request,
        "admin/reviews/list.html",
        views=views[:PAGE_SIZE],
        total=total,
        status=status,
        states=STATES,
        labels=FIELDS,
        may_file=any(allowed(ctx.principal, a, o) for o, a in FILE),
        kinds=[("offence", N_("Offence")), ("person", N_("Person")), ("case", N_("Case"))],
    )


async def _record(request: Request, table: str, number: int) -> RecordFields | None:
    async with view_context(request) as ctx:
        row = await ctx.loaders.row(MODELS[table]).load(number)
        return None if row is None else await RecordFields.of(ctx, row)


def _new_page(
    request: Request, table: str, record: RecordFields, form: Form, status_code: int = 200
) -> Response:
    chosen = set(form.get("fields").split("\n")) if form.get("fields") else set()
    specs = correctable(table)
    shown = ["fields", "reason", *(f"proposed.{s.column}" for s in specs)]
    shown += [
        f"attachments.{i}.{part}" for i in range(ATTACHMENT_ROWS) for part in ("name", "sha256")
    ]
    return render(
        request,
        "admin/reviews/new.html",
        status_code=status_code,
        table=table,
        row=record.row,
        record=record,
        specs=specs,
        shown=shown,
        chosen=chosen,
        form=form,
        attachment_rows=range(ATTACHMENT_ROWS),
    )


@page("/reviews/new", needs=FILE, name="reviews_new")
async def reviews_new(request: Request) -> Response:
    table = KIND_OF_PATH.get(request.query_params.get("kind", ""))
    number = request.query_params.get("id", "")
    if table is None or not number.isdigit() or not 0 < int(number) < 2**31:
        return missing(request)
    record = await _record(request, table, int(number))
    if record is None:
        return missing(request)
    gid = str(GlobalID(BY_TABLE[table], number))
    return _new_page(request, table, record, Form(values={"recordId": gid}))


def _filing(form: Form) -> tuple[ReviewRequestData, list[str]]:
    columns = [c for c in form.get("fields").split("\n") if c]
    proposed_columns = list(columns)
    for key, value in form.values.items():
        column = key.removeprefix("proposed.")
        if key.startswith("proposed.") and value.strip() and column not in proposed_columns:
            proposed_columns.append(column)
    proposed = tuple(
        Proposed(field=c, value=form.text(f"proposed.{c}") or None) for c in proposed_columns
    )
    attachments = tuple(
        Attachment(
            name=form.text(f"attachments.{i}.name"), sha256=form.text(f"attachments.{i}.sha256")
        )
        for i in range(ATTACHMENT_ROWS)
        if form.text(f"attachments.{i}.name") or form.text(f"attachments.{i}.sha256")
    )
    data = ReviewRequestData(
        record_id=form.text("recordId"),
        fields=tuple(columns),
        reason=form.get("reason"),
        proposed=proposed,
        attachments=attachments,
    )
    return data, proposed_columns


def _absorb(form: Form, error: InvalidInput, columns: list[str], proposed: list[str]) -> None:
    """The API names list items by position (``fields.1``); the form names them by column."""
    for problem in error.problems:
        name = problem.field
        if found := re.fullmatch(r"fields\.(\d+)", name):
            name = "fields"
        elif found := re.fullmatch(r"proposed\.(\d+)\.(field|value)", name):
            index = int(found.group(1))
            name = f"proposed.{proposed[index]}" if index < len(proposed) else "proposed"
        form.add(name, problem.message)


@page("/reviews/new", needs=FILE, methods=("POST",), name="reviews_file")
async def reviews_file(request: Request) -> Response:
    form = await Form.read(request)
    data, proposed = _filing(form)
    try:
        gid = GlobalID.from_id(data.record_id)
        kind = KINDS[gid.type_name]
        number = int(gid.node_id)
    except (ValueError, KeyError):
        return missing(request)
    record = await _record(request, kind.table, number)
    if record is None:
        return missing(request)
    async with view_context(request, "fileReviewRequest") as ctx:
        try:
            view = await review.file_review_request(ctx, data)
        except InvalidInput as error:
            _absorb(form, error, list(data.fields), proposed)
            return _new_page(request, kind.table, record, form, status_code=422)
        except Forbidden as error:
            return refused(request, error)
    return go(request, f"/admin/reviews/{view.request.id}")


async def _detail(
    request: Request, number: int
) -> tuple[review.ReviewView, RecordFields | None] | None:
    """The request, and its record as the caller may see it (None: not theirs to see)."""
    async with view_context(request) as ctx:
        try:
            view = await review_request(ctx, request_gid(number))
        except NotFound:
            return None
        model = MODELS[view.request.table_name]
        row = await ctx.loaders.row(model).load(view.request.record_id)
        return view, None if row is None else await RecordFields.of(ctx, row)


def detail_page(
    request: Request,
    view: review.ReviewView,
    record: RecordFields | None,
    form: Form | None = None,
    status_code: int = 200,
    message: str | None = None,
) -> Response:
    table = view.request.table_name
    principal: Principal = request.state.principal
    specs = [FIELDS[table][c] for c in view.request.field_names if c in FIELDS[table]]
    return render(
        request,
        "admin/reviews/detail.html",
        status_code=status_code,
        view=view,
        record=record,
        specs=specs,
        proposed={column_name(p.field): p.value for p in view.proposed},
        form=form or Form(),
        message=message,
        may_decide=view.state == "pending" and may(principal, "approve_review", table),
        may_apply=view.state == "approved" and may(principal, "correct", table),
    )


@page("/reviews/{id:int}", needs=ANY_STEP, name="reviews_detail")
async def reviews_detail(request: Request) -> Response:
    found = await _detail(request, request.path_params["id"])
    if found is None:
        return missing(request)
    return detail_page(request, *found)


@page("/reviews/{id:int}/decide", needs=APPROVE, methods=("POST",), name="reviews_decide")
async def reviews_decide(request: Request) -> Response:
    number = request.path_params["id"]
    form = await Form.read(request)
    approve = form.get("decision") == "approve"
    operation = "approveReviewRequest" if approve else "rejectReviewRequest"
    async with view_context(request, operation) as ctx:
        try:
            if approve:
                await review.approve_review_request(ctx, request_gid(number), form.get("comment"))
            else:
                await review.reject_review_request(ctx, request_gid(number), form.get("comment"))
        except InvalidInput as error:
            form.absorb(error)
        except NotFound:
            return missing(request)
        except Forbidden as error:
            return refused(request, error)
    if form.ok:
        return go(request, f"/admin/reviews/{number}")
    found = await _detail(request, number)
    if found is None:
        return missing(request)
    return detail_page(request, *found, form=form, status_code=422)
