"""PostgreSQL serves name search's substring patterns from the trigram index (migration 0015)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, text

from db import tables as t
from db.person_names import person_name_filter


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # PostgreSQL's own index
async def test_a_substring_search_is_served_by_the_trigram_index(session: Any) -> None:
    query = select(t.Person.id).where(person_name_filter("Sokhar Chea"))
    sql = str(query.compile(session.bind, compile_kwargs={"literal_binds": True}))
    assert "LIKE" in sql and "%" in sql  # a substring pattern, which a B-tree cannot serve
    # Left free to choose, the planner may walk a whole B-tree on a small table; with plain scans
    # of the key table ruled out, only an index that can answer the pattern can serve it.
    for scan in ("seqscan", "indexscan"):
        await session.execute(text(f"SET LOCAL enable_{scan} = off"))
    # The prefix B-tree (0016) can read 'l:%…' as the range of every Latin key: at any real size
    # the planner leaves it, on an empty table it may not. Dropped here, in the rolled-back test.
    await session.execute(text("DROP INDEX ix_person_name_key_prefix"))
    plan = "\n".join((await session.execute(text(f"EXPLAIN {sql}"))).scalars())
    assert "ix_person_name_key_trgm" in plan, plan
