"""Finding persons to put into an offence or a case: the search partial and the picked list.

The search is the API's ``persons`` query (scoped, audited, and needing a purpose beyond the
searcher's own province). Picked persons travel in the form as ``persons.N.personId``,
``persons.N.role`` and ``persons.N.label`` (the name shown), so nothing is lost on a re-render;
``addPerson`` and ``removePerson`` buttons change the list without saving anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from resolvers.context import Context
from resolvers.errors import InvalidArgument
from web.admin.context import view_context
from web.admin.forms import Form
from web.admin.i18n import N_
from web.admin.pages import page
from web.admin.render import render
from web.admin.views.graph_reads import read

ROLES = (
    ("suspect", N_("Suspect")),
    ("offender", N_("Offender")),
    ("victim", N_("Victim")),
    ("witness", N_("Witness")),
    ("complainant", N_("Complainant")),
)
_INDEX = re.compile(r"^persons\.(\d+)\.personId$")
SEARCH = """
query($filter: PersonFilterInput) {
  persons(filter: $filter, first: 10) {
    nodes { id fullNameLatin fullNameKm birthDate { text } provinceCode }
  }
}
"""


@dataclass(frozen=True)
class Picked:
    person_id: str
    role: str
    label: str


def picked(form: Form) -> list[Picked]:
    """The persons in the form, after the add or remove button that was pressed (if any)."""
    found: list[tuple[int, Picked]] = []
    for name in form.values:
        match = _INDEX.match(name)
        if match and form.get(name):
            n = match.group(1)
            role = form.get(f"persons.{n}.role") or "suspect"
            found.append((int(n), Picked(form.get(name), role, form.get(f"persons.{n}.label"))))
    people = [p for _, p in sorted(found, key=lambda item: item[0])]
    removed = form.get("removePerson")
    if removed.isdigit() and int(removed) < len(people):
        del people[int(removed)]
    added = form.get("addPerson")
    if added:
        person_id, _, label = added.partition(" ")
        people.append(Picked(person_id, form.get("personRole") or "suspect", label))
    return people


def restate(form: Form, people: list[Picked]) -> None:
    """Write the list back into the form, numbered from 0, so problems match their rows."""
    for name in [n for n in form.values if n.startswith("persons.")]:
        del form.values[name]
    for n, person in enumerate(people):
        form.values[f"persons.{n}.personId"] = person.person_id
        form.values[f"persons.{n}.role"] = person.role
        form.values[f"persons.{n}.label"] = person.label
    form.values.pop("addPerson", None)
    form.values.pop("removePerson", None)


async def search(ctx: Context, form: Form) -> tuple[list[dict[str, Any]], str | None]:
    """Persons matching ``personQuery``; in the searcher's own province unless a purpose is
    given (the API's rule decides whether that purpose is enough)."""
    name = form.text("personQuery")
    if len(name) < 2:
        return [], None
    purpose = form.text("personPurpose")
    wanted: dict[str, Any] = {"name": name}
    if purpose:
        wanted["purpose"] = purpose
    elif ctx.principal.province_code:
        wanted["provinceCodes"] = [ctx.principal.province_code]
    try:
        data = await read(ctx, SEARCH, filter=wanted)
    except InvalidArgument as error:
        return [], str(error).removeprefix("filter.purpose: ")
    return list(data["persons"]["nodes"]), None


@page("/offences/person-search", needs=(("person", "read"),), name="offences_person_search")
async def person_results(request: Request) -> Response:
    form = Form(values=dict(request.query_params))
    async with view_context(request) as ctx:
        results, problem = await search(ctx, form)
    return render(
        request, "admin/offences/_person_results.html", form=form, results=results, problem=problem
    )
