"""Every field path of the live schema, as every caller: nothing shown that the policy hides,
nothing hidden that it shows (tests/trust/README: how the matrix is built)."""

from __future__ import annotations

from db.engine import Database
from tests.trust.findings import unexplained
from tests.trust.matrix import run
from tests.trust.principals import sign_up
from tests.trust.world import build_world


async def test_every_field_path_shows_each_caller_exactly_what_the_policy_allows(
    db: Database, session
) -> None:  # type: ignore[no-untyped-def]
    world = await build_world(session)
    callers = await sign_up(session, world)
    report = await run(db, world, callers)
    print(report.summary())
    left = unexplained([str(v) for v in report.violations])
    shown = "\n".join(left[:80])
    assert not left, f"{report.summary()}\n{shown}"
