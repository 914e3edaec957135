"""The statements a request runs depend on the query's shape, not on how many rows it returns."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from tests import factories as f

NESTED = """
query ($n: Int!) {
  offences(first: $n, filter: {provinceCodes: ["12"]}) {
    totalCount
    edges { node {
      id occurredAt
      type { nameEn category { code } }
      province { nameLatin }
      persons { role person {
        fullNameLatin
        cases(first: 3) { totalCount edges { node { number status
          offences(first: 2) { edges { node { id } } }
        } } }
        warrants(first: 3) { edges { node { number status } } }
      } }
      case { number participants(first: 5) { edges { node { role person { id } } } } }
    } }
  }
}
"""


async def _populate(session: AsyncSession, n: int) -> None:
    recorder = await f.user(session)
    lead = await f.unit(session)
    for i in range(n):
        suspect = await f.person(session, given_name_latin=f"Dara{i}")
        kase = await f.case(session, lead=lead)
        await f.participant(session, case_row=kase, person_row=suspect)
        await f.warrant(session, subject=suspect)
        await f.offence(session, recorder=recorder, persons=[suspect], case_id=kase.id)
    await session.commit()


async def _statements_for(n: int, graphql, statements) -> int:  # type: ignore[no-untyped-def]
    statements.statements.clear()
    result = await graphql(NESTED, {"n": n})
    assert result.errors is None, result.errors
    offences = result.data["offences"]
    assert len(offences["edges"]) == n
    assert offences["totalCount"] == 100
    assert all(
        e["node"]["persons"][0]["person"]["cases"]["totalCount"] == 1 for e in offences["edges"]
    )
    return int(statements.reads)


async def test_three_level_query_runs_the_same_statements_for_10_and_100_rows(
    session, graphql, statements
) -> None:  # type: ignore[no-untyped-def]
    await _populate(session, 100)
    small = await _statements_for(10, graphql, statements)
    large = await _statements_for(100, graphql, statements)
    assert small == large, f"{small} statements for 10 rows, {large} for 100"
    assert small <= 15, f"the nested query took {small} statements"
