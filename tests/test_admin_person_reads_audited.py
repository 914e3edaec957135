"""Every world person an admin page or download shows is a ``person.read`` entry of that request.

The routes come from the registry (web.admin.pages.PAGES): every GET route, its path parameters
filled from the world (tests.person_world) by the segment before them, so a page added later is
covered without editing this test (a parameter the world cannot fill is an error here, not a
skip). Each is requested as a national analyst with its own request id; a person counts as shown
when their given name, unique in the world, appears in the answer.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from db import tables as t
from db.clock import FixedClock
from db.engine import Database
from policies.enforcer import default_policy
from policies.principal import Principal
from resolvers.read_log import ReadLog
from tests.admin_support import SETTINGS, signed_in
from tests.conftest import T0
from tests.person_world import World, person_world
from tests.sse_support import StreamingASGITransport
from tests.test_person_reads_audited import audited
from web.admin import load_views
from web.admin.pages import PAGES, AdminPage
from web.app import create_app

load_views()
ROUTES = [p for p in PAGES if "GET" in p.methods and not p.public]
PURPOSE = "emitter coverage check"
# A path parameter, by the segment before it (singular), from the world.
PARAMETERS: dict[str, Callable[[World], object]] = {
    "person": lambda w: w.ids["Person"],
    "case": lambda w: w.ids["Case"],
    "offence": lambda w: w.ids["Offence"],
    "warrant": lambda w: w.ids["Warrant"],
    "notice": lambda w: w.ids["Notice"],
    "operation": lambda w: w.ids["Operation"],
    "hit": lambda w: w.ids["Hit"],
    "review": lambda w: w.ids["ReviewRequest"],
    "user": lambda w: w.ids["User"],
    "policy": lambda w: 1,
    "job": lambda w: "none",  # import jobs live in process memory: the page says it is gone
    "template": lambda w: "persons",
}
# Lists that show nobody until asked: what an analyst would type, by route name. Optional; never
# a given name, which a page echoing its query would show without showing anyone.
QUERIES: dict[str, dict[str, str]] = {
    "persons_list": {"name": "Sok", "purpose": PURPOSE},
    "person_search": {"personQuery": "Sok", "personPurpose": PURPOSE},
    "persons_duplicates": {"familyNameLatin": "Sok", "birthYear": "1990", "sex": "M"},
    "exports_persons": {"format": "csv", "name": "Sok", "purpose": PURPOSE},
    "warrants_list": {"status": ""},
    "notices_list": {"validity": "all"},
}
_PARAMETER = re.compile(r"\{([^}:]+)(?::[^}]+)?\}")


def concrete(path: str, world: World) -> str:
    def fill(match: re.Match[str]) -> str:
        before = path[: match.start()].rstrip("/").rsplit("/", 1)[-1]
        key = before.removesuffix("s")
        if key not in PARAMETERS:
            raise KeyError(f"{path}: no value for {match.group(0)}; add {key!r} to PARAMETERS")
        return str(PARAMETERS[key](world))

    return _PARAMETER.sub(fill, path)


@dataclass
class Outcome:
    missing: dict[str, set[str]] = field(default_factory=dict)  # route -> shown, not audited
    opened: int = 0  # routes that answered 200
    showing: int = 0  # routes that showed at least one world person

    @property
    def violations(self) -> int:
        return len(self.missing)


async def admin_world(session: AsyncSession) -> tuple[World, t.Unit]:
    """The persons' world, with an operation and a hit addressed to the unit that owns its
    orders (returned)."""
    world = await person_world(session)
    home = world.home
    assert home is not None
    operation = t.Operation(
        name="Operation Coverage",
        province_code="12",
        lead_unit_id=home.id,
        started_on=T0.date(),
        created_at=T0,
    )
    session.add(operation)
    hit = t.Hit(
        person_id=world.persons["offender"].id,
        subject_person_id=world.persons["subject"].id,
        warrant_id=world.ids["Warrant"],
        owning_unit_id=home.id,
        owning_province_code="12",
        score=0.9,
        created_at=T0,
        deadline_at=T0 + timedelta(hours=24),
    )
    session.add(hit)
    await session.flush()
    session.add(t.HitAlert(hit_id=hit.id, kind="hit", unit_id=home.id, created_at=T0))
    review = (await session.execute(_first(t.ReviewRequest))).scalar_one()
    user = (await session.execute(_first(t.User))).scalar_one()
    await session.commit()
    world.ids |= {"Operation": operation.id, "Hit": hit.id, "ReviewRequest": review.id}
    world.ids["User"] = user.id
    return world, home


def _first(model: type[Any]) -> Any:
    from sqlmodel import col, select

    return select(model).order_by(col(model.id)).limit(1)


def shown(text: str, world: World) -> set[str]:
    return {
        str(p.id)
        for p in world.persons.values()
        if re.search(rf"\b{re.escape(p.given_name_latin)}\b", text)
    }


async def check_routes(
    client: httpx.AsyncClient, session: AsyncSession, world: World, routes: list[AdminPage]
) -> Outcome:
    outcome = Outcome()
    for entry in routes:
        request_id = uuid.uuid4().hex
        async with client.stream(
            "GET",
            "/admin" + concrete(entry.path, world),
            params=QUERIES.get(entry.name, {}),
            headers={"x-request-id": request_id},
        ) as response:
            # An event stream never ends; what it shows is its first page's business.
            streamed = response.headers.get("content-type", "").startswith("text/event-stream")
            text = "" if streamed else (await response.aread()).decode("utf-8", "replace")
        assert response.status_code < 500, (entry.path, text[:500])
        outcome.opened += response.status_code == 200
        persons = shown(text, world)
        outcome.showing += bool(persons)
        missing = persons - await audited(session, request_id)
        if missing:
            outcome.missing[entry.path] = missing
    return outcome


@pytest.fixture
async def client(db: Database, clock: FixedClock) -> AsyncIterator[httpx.AsyncClient]:
    """The admin app, answering as it sends: the alerts page is an endless event stream."""
    app = create_app(SETTINGS, database=db, clock=clock)
    transport = StreamingASGITransport(app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as found:
        yield found


# The national analyst reads everything; the others request the pages an analyst may not open
# (entry forms, reviews, validations), so that every route someone opens is requested.
ANALYST = "national_analyst"
ROLES = (ANALYST, "specialist", "provincial_chief", "planning_head")


def _opens(role: str) -> Callable[[AdminPage], bool]:
    who = Principal(username="probe", roles=(role,), session_id=1, policy=default_policy())
    return lambda entry: entry.opens_for(who)


ROUTES_FOR = {
    role: [p for p in ROUTES if _opens(role)(p) and (role == ANALYST or not _opens(ANALYST)(p))]
    for role in ROLES
}


@pytest.mark.parametrize("role", ROLES)
async def test_every_person_an_admin_page_shows_is_audited_for_its_request(
    client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock, role: str
) -> None:
    world, home = await admin_world(session)
    await signed_in(client, session, clock, role, unit_row=home)
    outcome = await check_routes(client, session, world, ROUTES_FOR[role])
    assert outcome.missing == {}
    assert outcome.opened > 0, outcome
    if role == ANALYST:
        assert outcome.showing >= 10, outcome


async def test_a_planted_break_in_the_emitter_is_reported_on_every_page_showing_persons(
    client: httpx.AsyncClient,
    session: AsyncSession,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world, home = await admin_world(session)
    await signed_in(client, session, clock, ANALYST, unit_row=home)
    monkeypatch.setattr(ReadLog, "emit_person", lambda self, person_id: None)
    outcome = await check_routes(client, session, world, ROUTES_FOR[ANALYST])
    assert outcome.showing > 0
    assert outcome.violations == outcome.showing, outcome
