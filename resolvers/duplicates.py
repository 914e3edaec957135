"""Likely duplicates at entry: the matching engine asked, before a person is saved, who this
might already be — among the persons the caller may see (DESIGN rule 9: warn of likely
duplicate persons)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, select

from db import tables as t
from db.match_candidates import matches
from db.matching import Match, PersonFacts
from db.paging import Page, fetch_page
from policies.scope import scope
from resolvers.context import Context

# Lower than the hit threshold: a suggestion costs the specialist a glance, a hit pages a unit.
SUGGESTION_THRESHOLD = 0.3


@dataclass(frozen=True)
class Suggestion:
    person: t.Person
    match: Match


async def likely_duplicates(
    ctx: Context, facts: PersonFacts, *, exclude: int | None = None, limit: int = 10
) -> list[Suggestion]:
    visible = select(t.Person.id).where(scope(ctx.principal, "read", t.Person))
    found = await ctx.run(
        matches,
        facts=facts,
        among=visible,
        exclude=exclude,
        threshold=SUGGESTION_THRESHOLD,
        limit=limit,
    )
    if not found:
        return []
    ids = [pid for pid, _ in found]
    stmt = select(t.Person).where(col(t.Person.id).in_(ids), scope(ctx.principal, "read", t.Person))
    rows = {row.id: row for row in await ctx.run(fetch_page, stmt=stmt, page=Page(limit=len(ids)))}
    return [Suggestion(rows[pid], match) for pid, match in found if pid in rows][:limit]
