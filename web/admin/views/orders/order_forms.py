"""The entry and correction flow the warrant and notice forms share.

Each area says how its form page looks (``FormPage``), how a stored row fills the form and how
the form becomes a resolver call; the steps around them are the same: the person search shows
the form again without saving, a row the read scope does not reach is "not found", a refused
operation shows the form again with the API's problems (or a page of its own), and a saved
one goes to the record's page.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from starlette.requests import Request
from starlette.responses import Response

from db.errors import EcrimeError
from resolvers.context import Context
from web.admin.context import view_context
from web.admin.forms import Form
from web.admin.pages import go
from web.admin.views.orders import orders_support as s
from web.admin.views.persons import person_picker


class FormPage(Protocol):
    async def __call__(
        self,
        request: Request,
        ctx: Context,
        form: Form,
        row: s.Record | None,
        *,
        search: bool = False,
        status_code: int = 200,
        message: str | None = None,
    ) -> Response: ...


async def refused(
    request: Request,
    ctx: Context,
    show: FormPage,
    form: Form,
    row: s.Record | None,
    error: EcrimeError,
) -> Response:
    why = s.refusal(request, error, form)
    if why.page is not None:
        return why.page
    return await show(request, ctx, form, row, status_code=why.status_code, message=why.message)


async def create(
    request: Request,
    show: FormPage,
    save: Callable[[Context, Form], Awaitable[Any]],
    *,
    saved_at: str,
) -> Response:
    """The POST of a new record's form; ``save`` returns the new row."""
    form = await Form.read(request)
    async with view_context(request) as ctx:
        if person_picker.searching(form):
            return await show(request, ctx, form, None, search=True)
        try:
            row = await save(ctx, form)
        except EcrimeError as error:
            return await refused(request, ctx, show, form, None, error)
    return go(request, f"{saved_at}/{row.id}")


async def edit(
    request: Request,
    model: type[Any],
    show: FormPage,
    stored: Callable[[Context, Any], Awaitable[Form]],
) -> Response:
    """The correction form of a stored record, filled from the row."""
    async with view_context(request) as ctx:
        row = await s.visible(ctx, model, s.path_id(request))
        if row is None:
            return s.missing(request)
        return await show(request, ctx, await stored(ctx, row), s.Record.of(row))


async def update(
    request: Request,
    model: type[Any],
    show: FormPage,
    save: Callable[[Context, Form, Any], Awaitable[object]],
    *,
    saved_at: str,
) -> Response:
    """The POST of a correction form; ``save`` sends the change to the stored row."""
    form = await Form.read(request)
    async with view_context(request) as ctx:
        row = await s.visible(ctx, model, s.path_id(request))
        if row is None:
            return s.missing(request)
        record = s.Record.of(row)
        if person_picker.searching(form):
            return await show(request, ctx, form, record, search=True)
        try:
            await save(ctx, form, row)
        except EcrimeError as error:
            return await refused(request, ctx, show, form, record, error)
    return go(request, f"{saved_at}/{record.id}")
