"""Choosing the person a warrant or notice names: a search that lists matches as radio buttons
inside the entry form. With htmx the list follows the typing (the ``warrants_person_search``
partial); without JavaScript the form's "Search" button shows the same list on the form.

The search is the GraphQL ``persons`` query's: the purpose rule (resolvers.searching), the
person filter and name ranking, the read scope, and the audit entry of every search.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col
from starlette.requests import Request
from starlette.responses import Response

from db import filters, paging
from db import tables as t
from db.person_names import name_rank
from resolvers import audit, reading, searching
from resolvers.context import Context
from resolvers.errors import InvalidArgument
from web.admin.context import view_context
from web.admin.forms import Form
from web.admin.pages import page
from web.admin.render import render
from web.admin.views.orders_support import gid, person_label, row_id, visible

FIELDS = ("subjectPersonId", "personId")  # the warrant's and the notice's person field
SHOWN = 10


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    chosen: bool


@dataclass(frozen=True)
class Picker:
    field: str
    choices: list[Choice]
    problem: str | None = None
    searched: bool = False


async def picker(ctx: Context, form: Form, field: str, *, search: bool) -> Picker:
    """The chosen person (kept whatever the search finds) and, when asked, the matches."""
    chosen_value = form.get(field)
    choices: list[Choice] = []
    chosen = await visible(ctx, t.Person, row_id(chosen_value, "Person"))
    if chosen is not None:
        choices.append(Choice(chosen_value, person_label(chosen), True))
    query = form.text("personQuery")
    if not (search and query):
        return Picker(field, choices)
    purpose = form.optional("personPurpose")
    own = ctx.principal.province_code
    wanted = filters.PersonFilter(
        name=query, province_codes=(own,) if own and not purpose else (), purpose=purpose
    )
    try:
        await searching.check_purpose(ctx, wanted)
    except InvalidArgument as error:
        return Picker(field, choices, problem=str(error).removeprefix("filter.purpose: "))
    rows = await reading.list_page(
        ctx,
        t.Person,
        where=filters.person_where(wanted),
        order_by=(name_rank(query), col(t.Person.family_name_latin), col(t.Person.id)),
        page=paging.Page(limit=SHOWN),
    )
    rows = rows[:SHOWN]
    terms = {k: v for k, v in vars(wanted).items() if v not in (None, ())}
    details = {"filter": terms, "page": {"first": SHOWN}, "results": [r.id for r in rows]}
    await audit.record_read(ctx, action="person.search", object_type="person", details=details)
    for row in rows:
        value = gid("Person", row.id)
        if value != chosen_value:
            choices.append(Choice(value, person_label(row), False))
    return Picker(field, choices, searched=True)


@page(
    "/warrants/person-search",
    needs=(
        ("warrant", "create"),
        ("warrant", "update"),
        ("notice", "create"),
        ("notice", "update"),
    ),
    name="warrants_person_search",
)
async def person_search(request: Request) -> Response:
    form = Form(values=dict(request.query_params))
    field = form.get("field") if form.get("field") in FIELDS else FIELDS[0]
    async with view_context(request) as ctx:
        found = await picker(ctx, form, field, search=True)
    response = render(request, "admin/warrants/_person_results.html", picker=found)
    response.headers["Vary"] = "HX-Request"
    return response
