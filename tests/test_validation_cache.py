"""A query text is validated once per schema; what was refused is refused every time."""

from __future__ import annotations

from typing import Any

from db.clock import FixedClock
from db.engine import Database
from resolvers.context import Context
from schema import Limits, build_schema
from tests.conftest import NATIONAL_READER, T0

DEEP = "{ provinces { districts { communes { code } } } }"


async def _run(db: Database, schema: Any, query: str) -> Any:
    async with db.session() as session:
        context = Context(session=session, principal=NATIONAL_READER, clock=FixedClock(T0))
        return await schema.execute(query, context_value=context)


async def test_a_passed_query_passes_again_and_answers_the_same(db: Database) -> None:
    schema = build_schema()
    first = await _run(db, schema, DEEP)
    second = await _run(db, schema, DEEP)
    assert first.errors is None and second.errors is None
    assert second.data == first.data


async def test_a_query_passed_by_one_schema_is_still_judged_by_another(db: Database) -> None:
    loose, strict = build_schema(), build_schema(Limits(max_depth=2))
    assert (await _run(db, loose, DEEP)).errors is None
    for _ in range(2):  # refusals are never cached: the second attempt is refused too
        refused = await _run(db, strict, DEEP)
        assert refused.errors is not None
        assert "exceeds maximum operation depth" in refused.errors[0].message
