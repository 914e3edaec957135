"""Reads of person records and searches are audited; admins, and only admins, read the trail."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select
from strawberry.relay import GlobalID

from db import audit
from db import tables as t
from db.engine import Database
from policies.enforcer import default_policy
from policies.principal import Principal
from tests import factories as f
from tests.conftest import NATIONAL_READER, T0
from web.app import create_app
from web.settings import Settings

ADMIN = Principal(username="root.admin", user_id=1, roles=("admin",), policy=default_policy())
ENTRIES = """
query ($filter: AuditFilterInput, $first: Int, $after: String) {
  auditEntries(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id at actorUsername action objectType objectId outcome details ip } }
  }
}
"""
STATUS = "{ auditChainStatus { intact count lastId brokenEntryId reason } }"


async def entries(session: AsyncSession, action: str) -> list[t.AuditEntry]:
    stmt = select(t.AuditEntry).where(col(t.AuditEntry.action) == action)
    return list((await session.execute(stmt.order_by(col(t.AuditEntry.id)))).scalars().all())


def gid(ident: int | None) -> str:
    return str(GlobalID("Person", str(ident)))


async def test_direct_person_lookups_are_audited_once_per_person_and_request(
    session, graphql
) -> None:
    a = await f.person(session)
    b = await f.person(session, given_name_latin="Bopha")
    warrant = await f.warrant(session, subject=a)
    await session.commit()
    query = """query ($a: ID!, $ids: [ID!]!, $w: ID!) {
      one: node(id: $a) { id }
      many: nodes(ids: $ids) { id }
      other: node(id: $w) { id }
    }"""
    ids = [gid(a.id), gid(b.id), gid(999_999)]
    w = str(GlobalID("Warrant", str(warrant.id)))
    result = await graphql(query, {"a": gid(a.id), "ids": ids, "w": w})
    assert result.errors is None, result.errors
    reads = await entries(session, "person.read")
    assert sorted(e.object_id for e in reads) == sorted([str(a.id), str(b.id)])
    assert {(e.actor_username, e.object_type, e.outcome, e.details) for e in reads} == {
        (NATIONAL_READER.username, "person", "ok", '{"via":"query node,nodes,node"}')
    }
    assert (await audit.verify(session=session)).intact


async def test_person_searches_are_audited_with_their_terms_and_results(session, graphql) -> None:
    found = await f.person(session, family_name_latin="Chea", given_name_latin="Sophal")
    await f.person(session)
    await session.commit()
    query = """{ persons(filter: {name: "Chea", nationality: "KH", purpose: "case SR-2026-000001"}, first: 5) { totalCount }
                 byDocument: persons(filter: {documentNumber: "N-123", purpose: "border check at Poipet"}) { totalCount } }"""
    result = await graphql(query)
    assert result.errors is None, result.errors
    by_name, by_document = (json.loads(e.details) for e in await entries(session, "person.search"))
    assert by_name["filter"] == {
        "name": "Chea",
        "nationality": "KH",
        "purpose": "case SR-2026-000001",
    }
    assert by_name["results"] == [found.id]
    assert by_name["page"] == {"first": 5, "after": None, "orderBy": "BEST_MATCH"}
    assert (by_document["filter"], by_document["results"]) == (
        {"document_number": "N-123", "purpose": "border check at Poipet"},
        [],
    )


async def test_the_trail_is_refused_to_everyone_but_admins(session, graphql) -> None:
    for who in (NATIONAL_READER, Principal.anonymous()):
        for query in (ENTRIES, STATUS):
            result = await graphql(query, principal=who)
            assert result.data is None
            assert [e.message for e in result.errors] == ["not allowed: read audit"]
    refused = await entries(session, "audit.search") + await entries(session, "audit.verify")
    assert sorted((e.actor_username, e.action, e.outcome) for e in refused) == [
        ("analyst.test", "audit.search", "denied"),
        ("analyst.test", "audit.verify", "denied"),
        ("anonymous", "audit.search", "denied"),
        ("anonymous", "audit.verify", "denied"),
    ]


async def _seed(session: AsyncSession) -> None:
    sources = [
        audit.Source(username="dara", ip="10.0.0.1"),
        audit.Source(username="sokha", ip="10.0.0.2"),
    ]
    plan = [
        (0, "person.read", "ok", "person", "5", 0),
        (0, "person.search", "ok", "person", None, 1),
        (1, "offence.update", "ok", "offence", "9", 2),
        (1, "mutation", "denied", None, None, 3),
        (0, "login", "failed", None, None, 4),
    ]
    for who, action, outcome, kind, ident, hours in plan:
        draft = audit.Draft(action, outcome, kind, ident, {"n": hours})
        await audit.append(session, [draft], sources[who], T0 + timedelta(hours=hours))
    await session.commit()


async def _page(graphql: Any, **variables: Any) -> list[dict[str, Any]]:
    result = await graphql(ENTRIES, variables, principal=ADMIN)
    assert result.errors is None, result.errors
    return [e["node"] for e in result.data["auditEntries"]["edges"]]


async def test_admins_filter_the_trail_newest_first(session, graphql) -> None:
    await _seed(session)
    everything = await _page(graphql)
    assert [e["action"] for e in everything] == [
        "audit.search",
        "login",
        "mutation",
        "offence.update",
        "person.search",
        "person.read",
    ]
    assert everything[0]["details"] == {"filter": {}}
    assert everything[1]["details"] == {"n": 4}  # a sign-in: the administration's own event
    assert everything[4]["details"] == {"n": "[withheld]"}  # a search: case data (audit_details)
    assert everything[1]["at"] == (T0 + timedelta(hours=4)).isoformat()

    async def actions(**filter: Any) -> list[str]:
        return [e["action"] for e in await _page(graphql, filter=filter)]

    assert await actions(actor="sokha") == ["mutation", "offence.update"]
    assert await actions(action="person.") == ["person.search", "person.read"]
    assert await actions(objectType="offence", objectId="9") == ["offence.update"]
    assert await actions(outcome="denied") == ["mutation"]
    since, until = (T0 + timedelta(hours=1)).isoformat(), (T0 + timedelta(hours=3)).isoformat()
    assert await actions(**{"from": since, "to": until}) == ["offence.update", "person.search"]
    assert await actions(action="audit.search", actor="root.admin") == ["audit.search"] * 7


async def test_admins_page_through_the_trail(session, graphql) -> None:
    await _seed(session)
    result = await graphql(ENTRIES, {"first": 2}, principal=ADMIN)
    page = result.data["auditEntries"]
    assert page["totalCount"] == 6  # this search is the newest entry
    assert [e["node"]["id"] for e in page["edges"]] == [6, 5]
    cursor = page["pageInfo"]["endCursor"]
    nxt = await graphql(ENTRIES, {"first": 2, "after": cursor}, principal=ADMIN)
    assert [e["node"]["id"] for e in nxt.data["auditEntries"]["edges"]] == [4, 3]


async def test_admins_see_the_state_of_the_chain(session, graphql) -> None:
    await _seed(session)
    result = await graphql(STATUS, principal=ADMIN)
    assert result.data["auditChainStatus"] == {
        "intact": True,
        "count": 5,
        "lastId": 5,
        "brokenEntryId": None,
        "reason": None,
    }


async def test_entries_say_where_a_request_came_from(db: Database, session, clock) -> None:
    app = create_app(Settings(), database=db, clock=clock)
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
    headers = {"x-request-id": "req-42", "user-agent": "field-tablet/1.0"}
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        query = '{ persons(filter: {name: "Sok", purpose: "identity check"}) { totalCount } }'
        response = await client.post("/graphql", json={"query": query}, headers=headers)
    assert response.status_code == 200, response.text
    [entry] = await entries(session, "person.search")
    assert (entry.ip, entry.user_agent, entry.request_id) == (
        "203.0.113.7",
        "field-tablet/1.0",
        "req-42",
    )
    assert entry.actor_username == "anonymous"
