"""Persons: the list and search (``/persons``). The person page, the entry form and photos are in
``persons_page.py``, ``persons_form.py`` and ``persons_photos.py``.

The search is the API's ``persons`` query: the same filter (db.filters.PersonFilter), the same
purpose-of-search rule (resolvers.searching: beyond your own province you state a reason, and the
form shows the API's message beside the reason field), the same scope and the same audit entry.
"""

from __future__ import annotations

from sqlmodel import col
from starlette.requests import Request
from starlette.responses import Response

from db import filters
from db import tables as t
from db.errors import InvalidArgument
from db.paging import Page
from policies.authorize import allowed
from resolvers import audit, reading, searching
from resolvers.context import Context
from web.admin.context import view_context
from web.admin.forms import Form
from web.admin.i18n import N_
from web.admin.pages import page
from web.admin.render import render
from web.admin.views.persons.person_picker import ROLES

READ = (("person", "read"), ("person", "read_summary"))
PAGE_SIZE = 25
SEXES = (("M", N_("Male")), ("F", N_("Female")), ("X", N_("Other")), ("U", N_("Unknown")))
SORTS = (("best", N_("Best match")), ("name", N_("Name")), ("newest", N_("Newest first")))


# The API's PersonOrder values (db.filters.person_order) by the list's names for them.
ORDER_OF_SORT = {"best": "best_match", "name": "name", "newest": "newest"}


def _wanted(form: Form) -> filters.PersonFilter:
    province = form.text("provinceCodes")
    return filters.PersonFilter(
        name=form.optional("name"),
        document_number=form.optional("documentNumber"),
        nationality=form.optional("nationality"),
        sex=form.optional("sex"),
        province_codes=(province,) if province else (),
        role=form.optional("role"),
        purpose=form.optional("purpose"),
    )


async def provinces(ctx: Context) -> list[tuple[str, str]]:
    rows = await reading.list_page(
        ctx, t.Province, where=(), order_by=(col(t.Province.code),), page=Page(limit=100)
    )
    return [(row.code, f"{row.name_latin} · {row.name_km}") for row in rows]


@page("/persons", needs=READ, name="persons_list", menu=N_("Persons"), menu_order=20)
async def persons_list(request: Request) -> Response:
    form = Form(values=dict(request.query_params))
    first_visit = not request.query_params
    if first_visit:
        own = request.state.principal.province_code
        form.values.update(provinceCodes=own or "", sort="newest")
    number = max(1, form.integer("page") or 1)
    sort = form.text("sort") or "best"
    wanted = _wanted(form)
    found: tuple[list[t.Person], int] | None = None
    async with view_context(request, operation="persons") as ctx:
        needs_reason = searching.beyond_own_province(ctx, wanted)
        if not (first_visit and needs_reason):
            try:
                found = await _search(ctx, wanted, sort, number)
            except InvalidArgument as error:  # the API's message, beside the reason field
                form.add("purpose", str(error).removeprefix("filter.purpose: "))
        choices = await provinces(ctx)
    rows, total = found or ([], 0)
    return render(
        request,
        "admin/persons/list.html",
        status_code=400 if form.errors else 200,
        form=form,
        persons=rows[:PAGE_SIZE],
        total=total,
        searched=found is not None,
        number=number,
        more=len(rows) > PAGE_SIZE,
        query={k: v for k, v in form.values.items() if k != "page" and v},
        provinces=choices,
        sexes=SEXES,
        roles=ROLES,
        sorts=SORTS,
        needs_reason=needs_reason,
        may_create=allowed(request.state.principal, "create", "person"),
    )


async def _search(
    ctx: Context, wanted: filters.PersonFilter, sort: str, number: int
) -> tuple[list[t.Person], int]:
    """The API's ``persons`` query (schema/query.py), a page of it: purpose, scope, audit."""
    await searching.check_purpose(ctx, wanted)
    order = filters.person_order(ORDER_OF_SORT.get(sort, "name"), wanted)
    listed = reading.compiled(ctx, wanted, order)
    offset = (number - 1) * PAGE_SIZE
    rows = await reading.list_page(
        ctx,
        t.Person,
        where=listed.where,
        order_by=listed.order_by,
        page=Page(limit=PAGE_SIZE, offset=offset),
    )
    total = await reading.count(ctx, t.Person, where=listed.where)
    terms = {k: v for k, v in vars(wanted).items() if v not in (None, ())}
    details = {
        "filter": terms,
        "page": {"first": PAGE_SIZE, "offset": offset, "orderBy": sort},
        "results": [row.id for row in rows[:PAGE_SIZE]],
    }
    await audit.record_read(ctx, action="person.search", object_type="person", details=details)
    return rows, total
