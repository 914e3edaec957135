"""The holes the matrix found and left to their owners (tests.trust.findings), one narrow test
each. They fail today; when a fix lands they pass, strict xfail fails the suite, and the finding
must be deleted so that the matrix checks the case again."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from db.clock import FixedClock
from tests.conftest import GraphQL
from tests.trust.findings import PHOTO_ROUTE, SEALED_WRITES
from tests.trust.oracle import Oracle
from tests.trust.principals import sign_up
from tests.trust.route_checks import Routes
from tests.trust.routes import endpoints
from tests.trust.world import build_world, gid


@pytest.mark.xfail(strict=True, reason=PHOTO_ROUTE.reason)
async def test_the_photo_route_serves_no_photo_that_graphql_masks(
    app, client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    world = await build_world(session)
    officer = (await sign_up(session, world))["officer.pp"]
    routes = Routes(client, endpoints(app))
    await routes.sign_in(session, clock, officer)
    await routes.photos(officer.caller.name, Oracle(world, officer.principal))
    assert routes.report.violations == []


@pytest.mark.xfail(strict=True, reason=SEALED_WRITES.reason)
async def test_a_sealed_case_is_out_of_reach_of_whoever_may_not_read_it(
    session: AsyncSession, graphql: GraphQL
) -> None:
    world = await build_world(session)
    specialist = (await sign_up(session, world))["specialist.sr"].principal  # a Captain
    sealed = world.rows["SR-SEALED"]
    title = sealed.title
    answer = await graphql(
        """mutation ($id: ID!) { updateCase(id: $id, patch: {expectedVersion: 1, title: "x"}) {
            __typename } }""",
        {"id": gid("Case", sealed.id)},
        principal=specialist,
    )
    await session.refresh(sealed)
    assert answer.data["updateCase"]["__typename"] == "NotFound"
    assert sealed.title == title
