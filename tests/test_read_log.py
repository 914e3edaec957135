"""The read log's own promises: written when an operation fails half-way, before a streamed
answer is sent, once per admin request, and found wherever a page's variables hold a person."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

import httpx
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select
from strawberry.relay import GlobalID

from db import tables as t
from db.clock import FixedClock
from db.engine import Database
from resolvers.context import Context
from resolvers.read_log import ACTION, ReadLog
from tests import factories as f
from tests.admin_support import signed_in
from tests.conftest import NATIONAL_READER, SCHEMA
from tests.person_world import person_world


async def _entries(session: AsyncSession, request_id: str) -> list[t.AuditEntry]:
    stmt = select(t.AuditEntry).where(
        col(t.AuditEntry.action) == ACTION, col(t.AuditEntry.request_id) == request_id
    )
    return list((await session.execute(stmt.order_by(col(t.AuditEntry.id)))).scalars())


def _context(session: AsyncSession, clock: FixedClock, request_id: str) -> Context:
    return Context(session=session, principal=NATIONAL_READER, clock=clock, request_id=request_id)


async def test_an_operation_that_fails_half_way_audits_the_persons_it_answered(
    db: Database, session: AsyncSession, clock: FixedClock
) -> None:
    person = await f.person(session)
    await session.commit()
    # The person is answered, then its page of cases is refused (too large a page).
    query = "query ($id: ID!) { node(id: $id) { ... on Person { id cases(first: 500) { totalCount } } } }"
    ids = {"id": str(GlobalID("Person", str(person.id)))}
    async with db.session() as own:
        result = await SCHEMA.execute(query, ids, context_value=_context(own, clock, "half-way"))
    assert result.errors and result.errors[0].path == ["node", "cases"], result.errors
    assert result.data == {"node": {"id": ids["id"], "cases": None}}
    assert [e.object_id for e in await _entries(session, "half-way")] == [str(person.id)]


async def test_a_streamed_answer_is_audited_before_it_is_sent(
    db: Database, session: AsyncSession, clock: FixedClock
) -> None:
    """WebSocket transports take answers from Schema.stream, queries and subscription events
    alike: each answer's persons are written before the transport gets it."""
    person = await f.person(session)
    await session.commit()
    query = "query ($id: ID!) { node(id: $id) { ... on Person { id } } }"
    async with db.session() as own:
        stream = await SCHEMA.stream(
            query,
            {"id": str(GlobalID("Person", str(person.id)))},
            context_value=_context(own, clock, "streamed"),
        )
        async for result in stream:
            assert result.errors is None, result.errors
            assert [e.object_id for e in await _entries(session, "streamed")] == [str(person.id)]


async def test_an_admin_request_writes_its_persons_once_in_one_append(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    """The case page reads through the schema in process, more than once, and renders: one
    entry per person, in one append, naming the route."""
    world = await person_world(session)
    await signed_in(admin_client, session, clock, "national_analyst")
    request_id = uuid.uuid4().hex
    path = f"/admin/cases/{world.ids['Case']}"
    response = await admin_client.get(path, headers={"x-request-id": request_id})
    assert response.status_code == 200, response.text
    found = await _entries(session, request_id)
    shown = sorted(str(world.persons[k].id) for k in ("suspect", "witness"))
    assert sorted(e.object_id for e in found) == shown  # the victim's identity is masked
    assert [e.id for e in found] == list(range(found[0].id, found[0].id + len(found)))
    assert {json.loads(e.details)["via"] for e in found} == {f"GET {path}"}


@dataclass(frozen=True)
class _Line:
    label: str
    who: t.Person | None


def test_a_page_s_variables_are_searched_for_persons_wherever_they_nest() -> None:
    log = ReadLog(held=True)
    a, b, c = (t.Person(id=i) for i in (1, 2, 3))
    log.emit_all(
        {"rows": [(t.Warrant(id=9), _Line("x", a))], "by_id": {7: b}, "one": c, "none": None}
    )
    assert log.take() == [1, 2, 3]
    assert not log.pending
