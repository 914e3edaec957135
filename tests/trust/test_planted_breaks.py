"""The matrix fails when a rule breaks: each test plants one broken rule and expects the
generated checks to report it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import httpx
import pytest
from sqlalchemy import ColumnElement, true
from sqlalchemy.ext.asyncio import AsyncSession

import resolvers.loaders
from db import tables as t
from db.clock import FixedClock
from db.engine import Database
from policies.masks import MASKS
from policies.principal import Principal
from policies.scope import scope
from schema.masking import Masked
from schema.types.records import Offence
from tests.admin_support import SETTINGS
from tests.trust.matrix import matrix_schema, run
from tests.trust.principals import sign_up
from tests.trust.route_checks import Routes
from tests.trust.routes import endpoints
from tests.trust.world import build_world
from web.admin.pages import PAGES, SIGNED_IN
from web.app import create_app

# Callers on whom the planted rules bite: a plain officer reads no narrative and no other
# province's case; a specialist elsewhere sees Phnom Penh persons only as the summary.
CALLERS = ("officer.pp", "specialist.sr")


async def _matrix(db: Database, session: AsyncSession, roots: set[str]) -> list[str]:
    world = await build_world(session)
    signed = await sign_up(session, world)
    callers = {name: signed[name] for name in CALLERS}
    report = await run(db, world, callers, schema=matrix_schema(), roots=roots)
    print(report.summary())
    return [str(v) for v in report.violations]


async def test_a_mask_taken_out_of_masks_is_reported(
    db: Database, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(MASKS["Offence"], "description", ())
    definition = Offence.__strawberry_definition__  # type: ignore[attr-defined]
    field = next(f for f in definition.fields if f.python_name == "description")
    masked = next(e for e in field.extensions if isinstance(e, Masked))
    monkeypatch.setattr(masked, "masks", ())  # the schema captured the tuple when it was built
    found = await _matrix(db, session, {"offences"})
    assert any("description: is shown, but the policy hides it" in v for v in found), found
    assert any("maskedFields: says" in v for v in found), found


async def test_a_relation_whose_scope_lets_everything_through_is_reported(
    db: Database, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cases_open(principal: Principal, action: str, model: type) -> ColumnElement[bool]:
        return true() if model is t.Case else scope(principal, action, model)

    monkeypatch.setattr(resolvers.loaders, "scope", cases_open)
    found = await _matrix(db, session, {"offences", "persons"})
    assert any("which the policy does not let it see" in v and "Case" in v for v in found), found


@pytest.fixture
def cases_open_to_all() -> Iterator[None]:
    index = next(i for i, p in enumerate(PAGES) if p.name == "cases_list")
    original = PAGES[index]
    PAGES[index] = replace(original, needs=SIGNED_IN)
    try:
        yield
    finally:
        PAGES[index] = original


@pytest.mark.usefixtures("cases_open_to_all")
async def test_a_page_opened_to_everyone_signed_in_is_reported(
    db: Database, session: AsyncSession, clock: FixedClock
) -> None:
    app = create_app(SETTINGS, database=db, clock=clock)  # its routes guard the planted entry
    world = await build_world(session)
    ministry = (await sign_up(session, world))["ministry_officer.moe"]  # reads no cases
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        routes = Routes(client, endpoints(app))
        await routes.as_caller(session, clock, ministry, world)
    found = routes.report.violations
    print(routes.report.summary())
    assert any("GET /admin/cases:" in v and "not the refusal" in v for v in found), found
