"""The photo route answers exactly what GraphQL's ``Person.photos`` shows the same caller.

Generated, not listed: every role of the default policy (policies/default_policy.csv), in the
person's own province and in another, with the default policy and with one that grants every
object the photo masks ask for (policies.masks ``MASKS["Person"]["photos"]``), plus an anonymous
caller; against a victim, an offender and a person in no case. For each caller the URLs GraphQL
lists (planned and field-by-field reads must agree) are served with their bytes, and every other
(person, photo) pair of the world, crossed pairs included, is a 404 like a missing photo. A
planted break (the masks taken out of the route) must be reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry.relay import GlobalID

from db import tables as t
from db.clock import FixedClock
from db.engine import Database
from policies.enforcer import Policy, Rule, default_rules
from policies.principal import Principal
from resolvers import photos
from resolvers.context import Context
from resolvers.record_masks import PHOTO_MASKS
from tests import factories as f
from tests.conftest import SCHEMA
from tests.test_photos import png
from web.photos import photo_routes
from web.settings import Settings

ROLES = sorted(
    {
        name
        for rule in default_rules()
        for name in rule[1 : 3 if rule[0] == "g" else 2]
        if ":" not in name
    }
)
PROVINCES = {"own": "12", "other": "17"}
KINDS = ("victim", "offender", "no role")
QUERY = "query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Person { id photos { url } } } }"
CALLER = "x-test-caller"


def _granted(role: str) -> Policy:
    """The default policy plus every grant the photo masks look for, for ``role`` everywhere."""
    extra: list[Rule] = [("p", role, "*", mask.obj, "read", "-", "allow") for mask in PHOTO_MASKS]
    return Policy([*default_rules(), *extra])


def callers() -> Iterator[tuple[str, Principal]]:
    defaults = Policy(default_rules())
    yield "anonymous", Principal.anonymous()
    for role in ROLES:
        ministry = "MOJ" if role.startswith("ministry") else "MOI"
        for where, code in PROVINCES.items():
            for variant, policy in (("default", defaults), ("granted", _granted(role))):
                yield (
                    f"{role}/{where}/{variant}",
                    Principal(
                        username=f"{role}.{code}.{variant}"[:60],
                        roles=(role,),
                        province_code=code,
                        ministry_code=ministry,
                        rank="Colonel",
                        policy=policy,
                    ),
                )


@dataclass(frozen=True)
class World:
    persons: dict[str, t.Person]  # by kind
    photos: dict[int, bytes]  # photo row id -> bytes
    owner: dict[int, int]  # photo row id -> person id


async def _world(session: AsyncSession) -> World:
    unit = await f.unit(session, province="12")
    recorder = await f.user(session, unit_row=unit)
    case = await f.case(session, lead=unit)
    persons, stored, owner = {}, {}, {}
    for i, kind in enumerate(KINDS):
        person = await f.person(session, province_code="12", given_name_latin=f"Photo{i}")
        if kind != "no role":
            await f.participant(session, case_row=case, person_row=person, role=kind)
        row = await f.photo(session, person_row=person, data=png(100 + i), uploader=recorder)
        assert row.id is not None and person.id is not None
        persons[kind], stored[row.id], owner[row.id] = person, png(100 + i), person.id
    await session.commit()
    return World(persons, stored, owner)


class _AsCaller:
    """Sets the principal the test names in a header, in place of web.auth's sign-in."""

    def __init__(self, app: ASGIApp, principals: dict[str, Principal]) -> None:
        self.app, self.principals = app, principals

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        caller = dict(scope.get("headers", ())).get(CALLER.encode(), b"").decode()
        scope.setdefault("state", {})["principal"] = self.principals[caller]
        await self.app(scope, receive, send)


def _app(db: Database, clock: FixedClock, principals: dict[str, Principal]) -> ASGIApp:
    app = Starlette(routes=photo_routes())
    app.state.database, app.state.clock, app.state.settings = db, clock, Settings()
    return _AsCaller(app, principals)


async def _listed(db: Database, clock: FixedClock, principal: Principal, ids: list[str]) -> Any:
    """The photo URLs GraphQL lists for the caller, on both read paths (None if they differ)."""
    found = []
    for planned in (True, False):
        async with db.session() as session:
            ctx = Context(session=session, principal=principal, clock=clock, planned_reads=planned)
            result = await SCHEMA.execute(QUERY, {"ids": ids}, context_value=ctx)
        assert result.errors is None, result.errors
        nodes = [n for n in result.data["nodes"] if n and n["photos"]]
        found.append({p["url"] for n in nodes for p in n["photos"]})
    return found[0] if found[0] == found[1] else None


async def violations(db: Database, clock: FixedClock, world: World) -> tuple[int, list[str]]:
    """(cases checked, each disagreement between the route and GraphQL)."""
    principals = dict(callers())
    ids = [str(GlobalID("Person", str(p.id))) for p in world.persons.values()]
    checked, found = 0, []
    transport = httpx.ASGITransport(app=_app(db, clock, principals))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        for name, principal in principals.items():
            listed = await _listed(db, clock, principal, ids)
            if listed is None:
                found.append(f"{name}: planned and field-by-field reads list different photos")
                continue
            for kind, person in world.persons.items():
                assert person.id is not None
                for photo_id, data in world.photos.items():
                    url = photos.photo_url(person.id, photo_id)
                    answer = await client.get(url, headers={CALLER: name})
                    checked += 1
                    shown = answer.status_code == 200 and answer.content == data
                    hidden = answer.status_code == 404 and answer.text == "not found"
                    if not (shown if url in listed else hidden):
                        own = world.owner[photo_id] == person.id
                        what = f"{kind}'s {'own' if own else 'crossed'} photo"
                        expected = "listed" if url in listed else "not listed"
                        found.append(f"{name}: {what} ({expected}) -> {answer.status_code}")
    return checked, found


@pytest.fixture
async def world(session: AsyncSession) -> World:
    return await _world(session)


async def test_the_photo_route_serves_exactly_what_graphql_lists(
    db: Database, clock: FixedClock, world: World
) -> None:
    checked, found = await violations(db, clock, world)
    assert checked == len(dict(callers())) * len(KINDS) * len(world.photos)
    assert not found, "\n".join(found)


async def test_the_generated_check_catches_a_route_without_the_photo_masks(
    db: Database, clock: FixedClock, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def unmasked(ctx: Context, person: t.Person) -> str | None:
        return None

    monkeypatch.setattr(photos, "photos_withheld", unmasked)
    _, found = await violations(db, clock, world)
    # Every caller who reads the person's summary but not its photos now gets them.
    assert any(v.startswith("officer/other/default: offender's own photo") for v in found)
    assert any(v.startswith("national_analyst/own/default: victim's own photo") for v in found)
    assert len(found) >= 20, found
