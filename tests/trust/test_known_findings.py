"""The holes the matrix found (tests.trust.findings), one narrow test each: a new finding is
marked xfail(strict=True) until its fix lands; then the mark and the finding go, and the test
stays as a regression check. Both below were found by the matrix and are closed."""

from __future__ import annotations

import json

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from db.clock import FixedClock
from tests.conftest import GraphQL
from tests.trust.leaks import MARKER
from tests.trust.oracle import Oracle
from tests.trust.principals import sign_up
from tests.trust.route_checks import Routes
from tests.trust.routes import endpoints
from tests.trust.world import build_world


async def test_the_person_edit_form_shows_no_masked_detail(
    app, client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    world = await build_world(session)
    specialist = (await sign_up(session, world))["specialist.pp"]
    await Routes(client, endpoints(app)).sign_in(session, clock, specialist)
    suspect = world.rows["sr.suspect"]  # Phnom Penh sees the Siem Reap suspect's summary only
    page = await client.get(f"/admin/persons/{suspect.id}/edit")
    assert suspect.background not in page.text


async def test_the_audit_trail_shows_admins_no_case_data(
    session: AsyncSession, graphql: GraphQL
) -> None:
    world = await build_world(session)
    admin = (await sign_up(session, world))["admin"].principal
    answer = await graphql(
        "{ auditEntries(first: 100) { edges { node { details } } } }", principal=admin
    )
    shown = {
        m
        for m in MARKER.findall(json.dumps(answer.data))
        if m in Oracle(world, admin).forbidden_texts
    }
    assert shown == set()
