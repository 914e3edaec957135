"""Every person a GraphQL answer holds is a ``person.read`` audit entry of that request.

The paths come from the live schema (tests.person_paths: every field path from the Query root,
``node`` and ``nodes`` included, to depth 4, ending at a Person), so a field added later is
covered without editing this test. Each path runs in a world where it finds a person
(tests.person_world), as a national reader and as a provincial officer, on the field-by-field
path and, on PostgreSQL, the planned one. The persons recorded must be exactly the persons
answered: none missing, and none the masks withheld.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest
from graphql import build_client_schema, introspection_from_schema
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from db import tables as t
from db.clock import FixedClock
from db.engine import Database
from policies.principal import Principal
from resolvers.context import Context
from resolvers.read_log import ACTION, ReadLog
from tests.conftest import SCHEMA, T0, StatementCounter
from tests.person_paths import Path, document, name, person_paths, persons_in, reaches_member
from tests.person_world import World, national_reader, person_world, provincial_officer

# The schema as clients see it, through introspection.
LIVE = build_client_schema(introspection_from_schema(SCHEMA._schema))
PATHS = person_paths(LIVE)
CALLERS = {"national reader": national_reader(), "provincial officer": provincial_officer()}


@dataclass
class Outcome:
    missing: dict[str, set[str]] = field(default_factory=dict)  # path -> persons not audited
    extra: dict[str, set[str]] = field(default_factory=dict)  # path -> audited, not answered
    empty: list[str] = field(default_factory=list)  # paths that found no person
    answered: int = 0  # paths that found at least one
    statements: int = 0  # reads, to tell that the planned path was taken

    @property
    def violations(self) -> int:
        return len(self.missing) + len(self.extra)


async def audited(session: AsyncSession, request_id: str) -> set[str]:
    stmt = select(t.AuditEntry.object_id).where(
        col(t.AuditEntry.action) == ACTION, col(t.AuditEntry.request_id) == request_id
    )
    return {str(i) for i in (await session.execute(stmt)).scalars()}


async def run_path(
    db: Database, world: World, path: Path, principal: Principal, planned: bool
) -> tuple[dict[str, Any] | None, str]:
    request_id = uuid.uuid4().hex
    async with db.session() as session:
        context = Context(
            session=session,
            principal=principal,
            clock=FixedClock(T0),
            request_id=request_id,
            planned_reads=planned,
        )
        result = await SCHEMA.execute(document(LIVE, path, world), context_value=context)
    return result.data, request_id


async def check_paths(
    db: Database, session: AsyncSession, world: World, principal: Principal, planned: bool
) -> Outcome:
    """Run every path; what was answered against what was audited, per request."""
    outcome = Outcome()
    counter = StatementCounter()
    for path in PATHS:
        event.listen(db.engine.sync_engine, "before_cursor_execute", counter)
        try:
            data, request_id = await run_path(db, world, path, principal, planned)
        finally:
            event.remove(db.engine.sync_engine, "before_cursor_execute", counter)
        answered, recorded = persons_in(data), await audited(session, request_id)
        if answered:
            outcome.answered += 1
        elif reaches_member(data, path):
            outcome.empty.append(name(path))
        if answered - recorded:
            outcome.missing[name(path)] = answered - recorded
        if recorded - answered:
            outcome.extra[name(path)] = recorded - answered
    outcome.statements = counter.reads
    return outcome


def _modes(db: Database) -> list[bool]:
    return [True, False] if db.dialect == "postgresql" else [False]


def test_the_generator_finds_the_paths_the_outside_test_found() -> None:
    names = {name(p) for p in PATHS}
    assert {
        "warrants.subject",
        "offences.persons.person",
        "cases.participants.person",
        "notices.person",
        "likelyDuplicates.person",
        "node/Person",
        "nodes/Warrant.subject",
        "node/Person.warrants.subject",
    } <= names
    assert len(PATHS) >= 100, len(PATHS)


@pytest.mark.parametrize("caller", sorted(CALLERS))
async def test_every_person_answered_on_any_path_is_audited_for_its_request(
    db: Database, session: AsyncSession, caller: str
) -> None:
    world = await person_world(session)
    principal = CALLERS[caller]
    statements = []
    for planned in _modes(db):
        outcome = await check_paths(db, session, world, principal, planned)
        assert outcome.missing == {}, f"persons answered but not audited ({planned=})"
        assert outcome.extra == {}, f"persons audited but not answered ({planned=})"
        if principal is CALLERS["national reader"]:
            # The world is built so that every path the schema can take finds a person.
            assert outcome.empty == [], "paths that found nobody: extend tests/person_world.py"
            assert outcome.answered > 0
        statements.append(outcome.statements)
    if len(statements) == 2:
        assert statements[0] < statements[1], "the planned path was not taken"


async def test_a_planted_break_in_the_emitter_is_reported(
    db: Database, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the one recording point disabled, the generated check reports every path."""
    world = await person_world(session)
    monkeypatch.setattr(ReadLog, "emit_person", lambda self, person_id: None)
    planned = db.dialect == "postgresql"  # each database's own way of answering
    outcome = await check_paths(db, session, world, CALLERS["national reader"], planned)
    assert outcome.answered > 0
    assert len(outcome.missing) == outcome.answered, outcome.violations
