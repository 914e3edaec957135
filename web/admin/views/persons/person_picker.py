"""Finding the persons a form names: one search for every entry form, in two forms of answer.

The search is the API's ``persons`` query, run in process: the purpose rule (a search beyond the
searcher's own province needs a reason), the read scope, the name ranking and the audit entry of
every search are the query's own. With htmx the matches follow the typing (the
``person_search`` partial); without JavaScript the form's "Search" button (``do=search``) shows
the same matches on the form.

- Offences and cases name many persons, each in a role: the matches are buttons that add one
  (``addPerson``), the picked persons travel in the form as ``persons.N.personId``,
  ``persons.N.role`` and ``persons.N.label`` (so nothing is lost on a re-render), and
  ``removePerson`` takes one out; none of these buttons saves anything.
- Warrants and notices name one person: the matches are radio buttons named as the form's person
  field (``FIELDS``), the chosen person kept among them whatever the search finds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from db import tables as t
from db.errors import InvalidArgument
from resolvers.context import Context
from web.admin.context import view_context
from web.admin.forms import Form
from web.admin.i18n import N_
from web.admin.pages import page
from web.admin.render import render
from web.admin.views.orders.orders_support import row_id, visible
from web.admin.views.records.graph_reads import global_id, read

ROLES = (
    ("suspect", N_("Suspect")),
    ("offender", N_("Offender")),
    ("victim", N_("Victim")),
    ("witness", N_("Witness")),
    ("complainant", N_("Complainant")),
)
FIELDS = ("subjectPersonId", "personId")  # the warrant's and the notice's person field
SHOWN = 10
_INDEX = re.compile(r"^persons\.(\d+)\.personId$")
SEARCH = """
query($filter: PersonFilterInput, $first: Int) {
  persons(filter: $filter, first: $first) {
    nodes { id fullNameLatin fullNameKm birthDate { text } provinceCode }
  }
}
"""


@dataclass(frozen=True)
class Match:
    id: str  # the API's id
    label: str  # the Khmer and the Latin name
    born: str | None
    province: str | None
    # The row a match was made from, if not from the API: rendering records it as read.
    row: t.Person | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of_node(cls, node: dict[str, Any]) -> Match:
        names = (node["fullNameKm"], node["fullNameLatin"])
        born = (node.get("birthDate") or {}).get("text")
        return cls(node["id"], " · ".join(n for n in names if n), born, node["provinceCode"])

    @classmethod
    def of_row(cls, row: t.Person) -> Match:
        khmer = f"{row.family_name_km} {row.given_name_km}".strip()
        latin = f"{row.family_name_latin} {row.given_name_latin}".strip()
        born = f"{row.birth_year:04d}" if row.birth_year else None
        label = " · ".join(n for n in (khmer, latin) if n)
        return cls(global_id("Person", row.id), label, born, row.province_code, row)


@dataclass(frozen=True)
class Pick:
    """What the picker shows: the matches of a search (if one ran) and, for a form of one person,
    its field and the person chosen."""

    matches: tuple[Match, ...] = ()
    problem: str | None = None
    searched: bool = False
    field: str = ""  # "" for a form of many persons
    chosen: Match | None = None

    @property
    def choices(self) -> list[Match]:
        """The radio buttons of a form of one person: the chosen person first."""
        chosen = [self.chosen] if self.chosen else []
        return chosen + [m for m in self.matches if not self.chosen or m.id != self.chosen.id]


async def search(ctx: Context, form: Form) -> Pick:
    """Persons matching ``personQuery``; in the searcher's own province unless a reason is given
    in ``personPurpose`` (the API's rule decides whether it is enough)."""
    name = form.text("personQuery")
    if len(name) < 2:
        return Pick()
    purpose = form.text("personPurpose")
    wanted: dict[str, Any] = {"name": name}
    if purpose:
        wanted["purpose"] = purpose
    elif ctx.principal.province_code:
        wanted["provinceCodes"] = [ctx.principal.province_code]
    try:
        data = await read(ctx, SEARCH, filter=wanted, first=SHOWN)
    except InvalidArgument as error:
        return Pick(problem=str(error).removeprefix("filter.purpose: "))
    return Pick(tuple(Match.of_node(n) for n in data["persons"]["nodes"]), searched=True)


async def one(ctx: Context, form: Form, field: str, *, search_now: bool) -> Pick:
    """The picker of a form of one person: the person chosen in ``field`` (read through the read
    scope) and, when asked, the matches of the search."""
    found = await search(ctx, form) if search_now else Pick()
    row = await visible(ctx, t.Person, row_id(form.get(field), "Person"))
    chosen = Match.of_row(row) if row is not None else None
    return Pick(found.matches, found.problem, found.searched, field, chosen)


@dataclass(frozen=True)
class Picked:
    person_id: str
    role: str
    label: str


def picked(form: Form) -> list[Picked]:
    """The persons in a form of many, after the add or remove button pressed (if any)."""
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


def added_id(form: Form) -> str:
    """The API id of the person whose "Add" button sent the form ("" if none)."""
    return form.get("addPerson").partition(" ")[0]


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


def searching(form: Form) -> bool:
    """Whether the form was sent by the picker's "Search" button."""
    return form.get("do") == "search"


@page(
    "/person-search",
    needs=(
        ("person", "read"),
        ("warrant", "create"),
        ("warrant", "update"),
        ("notice", "create"),
        ("notice", "update"),
    ),
    name="person_search",
)
async def person_search(request: Request) -> Response:
    form = Form(values=dict(request.query_params))
    wanted_field = form.get("field")
    async with view_context(request) as ctx:
        if wanted_field in FIELDS:
            found = await one(ctx, form, wanted_field, search_now=True)
        else:
            found = await search(ctx, form)
    response = render(request, "admin/person_picker/_results.html", form=form, pick=found)
    response.headers["Vary"] = "HX-Request"
    return response
