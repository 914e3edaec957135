"""Every field path of the live schema, as every caller: nothing shown that the policy hides,
nothing hidden that it shows (tests/trust/__init__.py: how the matrix is built)."""

from __future__ import annotations

from graphql import print_schema
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette
from starlette.routing import Route

from db.engine import Database
from tests.trust.findings import explained, unexplained
from tests.trust.matrix import matrix_schema, run
from tests.trust.paths import live_schema
from tests.trust.principals import CALLERS, default_roles, sign_up
from tests.trust.world import build_world
from web.admin.views.records import graph_reads


async def test_every_field_path_shows_each_caller_exactly_what_the_policy_allows(
    db: Database, session: AsyncSession
) -> None:
    world = await build_world(session)
    callers = await sign_up(session, world)
    report = await run(db, world, callers)
    print(report.summary(), explained([str(v) for v in report.violations]))
    left = unexplained([str(v) for v in report.violations])
    shown = "\n".join(left[:80])
    assert not left, f"{report.summary()}\n{shown}"
    if db.dialect == "postgresql":  # the planned path was taken, not only the field-by-field one
        assert report.plans > 0, report.summary()


def test_the_api_and_the_admin_serve_the_schema_the_matrix_walks(app: Starlette) -> None:
    """The matrix walks one schema; the /graphql route and the admin's record pages (which read
    through GraphQL in-process) must serve that same one, limits apart."""
    walked = print_schema(live_schema(matrix_schema()))
    api = next(r.endpoint for r in app.routes if isinstance(r, Route) and r.path == "/graphql")
    assert print_schema(live_schema(api.schema)) == walked
    assert print_schema(live_schema(graph_reads._schema())) == walked


def test_every_role_of_the_default_policy_has_a_caller() -> None:
    # national_reader is the grouping the national roles inherit from; no one holds it alone.
    assert default_roles() - {"national_reader"} <= {c.position for c in CALLERS}
