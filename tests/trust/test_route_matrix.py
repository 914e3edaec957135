"""Every route of the app, from its route table, as every caller: refusals where the policy
refuses, and a record the caller may not see indistinguishable from one that does not exist."""

from __future__ import annotations

import time

import httpx
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette

from db.clock import FixedClock
from tests.trust.findings import explained, unexplained
from tests.trust.principals import CALLERS, sign_up
from tests.trust.route_checks import RouteReport, Routes, timed
from tests.trust.routes import endpoints
from tests.trust.world import build_world


async def route_matrix(
    app: Starlette, client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> RouteReport:
    started = time.perf_counter()
    world = await build_world(session)
    callers = await sign_up(session, world)
    routes = Routes(client, endpoints(app))
    await routes.anonymous()
    for caller in CALLERS:
        signed = callers[caller.name]
        if signed.user is None:
            continue
        await routes.as_caller(session, clock, signed, world)
    await routes.csrf(CALLERS[-1].name)  # still signed in as the last caller
    timed(routes.report, started)
    return routes.report


async def test_every_route_refuses_and_hides_what_the_policy_says(
    app: Starlette, client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    report = await route_matrix(app, client, session, clock)
    print(report.summary(), explained(report.violations))
    left = unexplained(report.violations)
    shown = "\n".join(left[:60])
    assert not left, f"{report.summary()}\n{shown}"
