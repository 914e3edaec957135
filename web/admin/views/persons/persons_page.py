"""The person page (``/persons/{id}``): identity, photos, and a timeline of what the person touches.

Rows come through the same loaders and relations as the API's ``Person`` type
(schema/types/persons.py), so the same scope applies; fields the masks hide
(policies/masks.py, through resolvers.record_masks) are shown as withheld, with the reason, as
``maskedFields`` gives it; photos only where the photo route serves them. The read is audited
when the page is rendered (web.admin.render), as every shown person is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import or_
from sqlmodel import col
from starlette.requests import Request
from starlette.responses import Response

from db import hits as db_hits
from db import relations
from db import tables as t
from db.paging import Page
from policies.lifecycle import locked_since
from policies.scope import row_allows
from resolvers import photos, record_masks
from resolvers.context import Context
from resolvers.hit_alerts import visible_hits
from web.admin.context import view_context
from web.admin.forms import Form
from web.admin.i18n import N_
from web.admin.pages import page
from web.admin.render import render
from web.admin.views.persons.persons import READ

TIMELINE_PAGE = Page(limit=50)
SAVED = {
    "created": N_("The person is recorded."),
    "corrected": N_("The correction is saved."),
    "photo": N_("The photo is added."),
}
DOCUMENT_NAMES = {
    "national_id": N_("National ID card"),
    "passport": N_("Passport"),
    "other": N_("Other document"),
}
ALL = Page(limit=1000)


@dataclass(frozen=True)
class Event:
    """One line of the timeline."""

    kind: str  # case, offence, warrant, notice, hit
    at: datetime
    row: Any
    detail: str = ""


def _day(value: date) -> datetime:
    return datetime.combine(value, time(), tzinfo=UTC)


async def _children(ctx: Context, relation: relations.Relation, pid: int, page: Page) -> list[Any]:
    rows: list[Any] = await ctx.loaders.page(relation, page).load(pid)
    return rows[: page.limit]


async def _timeline(ctx: Context, person: t.Person, withheld: dict[str, str]) -> list[Event]:
    assert person.id is not None
    pid = person.id
    events: list[Event] = []
    if "cases" not in withheld:
        roles: dict[int, list[str]] = {}
        for part in await _children(ctx, relations.PERSON_PARTICIPATIONS, pid, ALL):
            roles.setdefault(part.case_id, []).append(part.role)
        for case in await _children(ctx, relations.PERSON_CASES, pid, TIMELINE_PAGE):
            events.append(Event("case", case.opened_at, case, ", ".join(roles.get(case.id, []))))
    if "offences" not in withheld:
        for offence in await _children(ctx, relations.PERSON_OFFENCES, pid, TIMELINE_PAGE):
            events.append(Event("offence", offence.occurred_at, offence))
    for warrant in await _children(ctx, relations.PERSON_WARRANTS, pid, TIMELINE_PAGE):
        events.append(Event("warrant", _day(warrant.issued_on), warrant))
    for notice in await _children(ctx, relations.PERSON_NOTICES, pid, TIMELINE_PAGE):
        events.append(Event("notice", _day(notice.valid_from), notice))
    # Hits are seen by those they were addressed to (resolvers.hit_alerts), as in the API.
    about = or_(col(t.Hit.person_id) == pid, col(t.Hit.subject_person_id) == pid)
    hits = await ctx.run(db_hits.page_hits, where=[visible_hits(ctx), about], page=TIMELINE_PAGE)
    for hit in hits[: TIMELINE_PAGE.limit]:
        events.append(Event("hit", hit.created_at, hit))
    return sorted(events, key=lambda e: e.at, reverse=True)


async def person_view(request: Request, ctx: Context, person: t.Person, **extra: Any) -> Response:
    """The person page for ``person``; ``extra`` carries an upload form with its problems."""
    assert person.id is not None
    pid = person.id
    withheld = await record_masks.withheld(ctx, person)
    photo_reason = withheld.get("photos")
    photo_rows = [] if photo_reason else await _children(ctx, relations.PERSON_PHOTOS, pid, ALL)
    stored = await photos.stored_hashes(ctx, [p.sha256 for p in photo_rows])
    now = ctx.clock.now()
    window_ends = locked_since(t.Person, person)
    may_update = row_allows(ctx.principal, "update", t.Person, person)
    return render(
        request,
        "admin/persons/page.html",
        status_code=extra.pop("status_code", 200),
        person=person,
        aliases=await _children(ctx, relations.PERSON_ALIASES, pid, ALL),
        documents=await _children(ctx, relations.PERSON_DOCUMENTS, pid, ALL),
        photos=photo_rows,
        stored=stored,
        photo_reason=photo_reason,
        photo_url=photos.photo_url,
        withheld=withheld,
        timeline=await _timeline(ctx, person, withheld),
        may_update=may_update,
        correctable=may_update and now <= window_ends,
        window_ends=window_ends,
        upload=extra.pop("upload", None) or Form(),
        document_kinds=DOCUMENT_NAMES,
        saved=SAVED.get(request.query_params.get("saved", "")),
        **extra,
    )


async def load_person(ctx: Context, pid: int) -> t.Person | None:
    person: t.Person | None = await ctx.loaders.row(t.Person).load(pid)
    return person


@page("/persons/{id:int}", needs=READ, name="persons_page")
async def person_page(request: Request) -> Response:
    pid: int = request.path_params["id"]
    async with view_context(request) as ctx:
        person = await load_person(ctx, pid)
        if person is None:
            return render(request, "admin/persons/missing.html", status_code=404)
        return await person_view(request, ctx, person)
