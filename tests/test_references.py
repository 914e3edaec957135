"""Every id inside every mutation's input is resolved through the caller's scope: an id of a record
the caller cannot read answers exactly as the id of a record that does not exist, and writes
nothing. Generated: the id arguments come from introspecting the live schema (tests/id_inputs.py),
the callers from the default policy's writing roles, the unseen records from the read scope."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import ColumnElement, false, func, not_, select, true
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import SQLModel, col

from db import tables as t
from db.engine import Database
from db.hits import alerts_of, hits_seen_through
from db.review import inbox_of
from policies.authorize import allowed
from policies.domains import CHILDREN, PROTECTED, REFERENCE
from policies.principal import Principal
from policies.scope import scope
from resolvers import references
from resolvers.review import request_scope
from tests.conftest import SCHEMA
from tests.id_inputs import IdArgument, document, id_arguments, introspect, node_types, put
from tests.reference_bases import BASES
from tests.reference_scene import Scene, build, gid, writing_roles

TYPES = introspect(SCHEMA)
ID_ARGUMENTS = id_arguments(TYPES)
MISSING = 2_000_000_000  # a well-formed row number no test database reaches
UNSEEN_PER_TYPE = 3


def _addressed(p: Principal) -> ColumnElement[bool]:
    return alerts_of(p.user_id, p.unit_id, p.roles, p.province_code)


def _admin_of(obj: str) -> Callable[[Principal], ColumnElement[bool]]:
    return lambda p: true() if allowed(p, "administer", obj) else false()


# What a caller can read of the records that are not policy-scoped tables: each from the module
# whose lists show them. A policy-scoped table reads through policies.scope.
VISIBLE: dict[str, Callable[[Principal], ColumnElement[bool]]] = {
    "ReviewRequest": request_scope,
    "InboxEntry": lambda p: inbox_of(p.user_id, p.roles, p.province_code),
    "HitAlert": _addressed,
    "Hit": lambda p: hits_seen_through(_addressed(p)),
    # admins see every token; a user sees the tokens made for them (to accept or decline)
    "ApiToken": lambda p: (
        true() if allowed(p, "administer", "tokens") else col(t.ApiToken.owner_id) == p.user_id
    ),
    "PolicyRule": _admin_of("policies"),
}
SCOPED = {*PROTECTED, *CHILDREN, *REFERENCE, t.User}


def _readable(principal: Principal, type_name: str) -> ColumnElement[bool]:
    model = getattr(t, type_name)
    if type_name in VISIBLE:
        return VISIBLE[type_name](principal)
    if model not in SCOPED:
        raise LookupError(f"no read rule for {type_name}: add it to VISIBLE")
    return scope(principal, "read", model)


def encode(type_name: str, number: int) -> str:
    return str(number) if type_name == "PolicyRule" else gid(type_name, number)


def connection_of(db: Database) -> AsyncConnection:
    bound: AsyncConnection = db.sessions.kw["bind"]
    return bound


def _counting() -> Any:
    """Rows of every table but the audit trail, and of the trail the change entries only (a
    refused mutation is audited too, as an attempt). Built once: it is asked after every send."""
    audit = t.AuditEntry.__table__
    tables = [table for _, table in sorted(SQLModel.metadata.tables.items()) if table is not audit]
    changes = select(func.count()).where(col(t.AuditEntry.outcome) == "ok").scalar_subquery()
    numbers = [select(func.count()).select_from(table).scalar_subquery() for table in tables]
    return select(changes, *numbers)


COUNTING = _counting()


async def counts(conn: AsyncConnection) -> tuple[int, ...]:
    return tuple(int(n) for n in (await conn.execute(COUNTING)).one())


@dataclass(frozen=True)
class Answer:
    text: str  # the answer, the id sent replaced by "<id>"
    wrote: bool
    raised: bool


async def _send(
    graphql: Any,
    conn: AsyncConnection,
    principal: Principal,
    arg: IdArgument,
    variables: dict[str, Any],
    value: str,
    baseline: tuple[int, ...],
) -> Answer:
    async with conn.begin_nested() as savepoint:
        result = await graphql(
            document(TYPES, arg.mutation, variables),
            put(variables, arg, value),
            principal=principal,
        )
        wrote = await counts(conn) != baseline
        await savepoint.rollback()
    errors = [e.message for e in result.errors or []]
    text = json.dumps({"data": result.data, "errors": errors}, sort_keys=True, default=str)
    return Answer(text.replace(value, "<id>"), wrote, bool(errors))


async def _unseen(conn: AsyncConnection, principal: Principal, type_name: str) -> list[int]:
    model = getattr(t, type_name)
    stmt = (
        select(col(model.id))
        .where(not_(_readable(principal, type_name)))
        .order_by(col(model.id))
        .limit(UNSEEN_PER_TYPE)
    )
    return list((await conn.execute(stmt)).scalars())


async def check_references(
    graphql: Any, db: Database, scene: Scene, role: str
) -> tuple[list[str], int]:
    """The violations, and how many answers were compared."""
    conn, principal = connection_of(db), scene.principals[role]
    baseline = await counts(conn)
    problems: list[str] = []
    compared = 0
    for arg in ID_ARGUMENTS:
        base = BASES[arg.mutation]
        variables = base.variables(scene)
        for type_name in node_types(arg, TYPES, base.types):
            missing = encode(type_name, MISSING)
            expected = await _send(graphql, conn, principal, arg, variables, missing, baseline)
            if expected.wrote or expected.raised:
                problems.append(f"{role} {arg.label} missing {type_name}: {expected.text}")
            for number in await _unseen(conn, principal, type_name):
                got = await _send(
                    graphql, conn, principal, arg, variables, encode(type_name, number), baseline
                )
                compared += 1
                if got != expected:
                    problems.append(
                        f"{role} {arg.label} unseen {type_name} {number}: {got.text}"
                        f"{' (wrote)' if got.wrote else ''} — missing: {expected.text}"
                    )
    return problems, compared


def test_every_id_argument_has_a_base_input_and_a_known_type() -> None:
    assert len(ID_ARGUMENTS) >= 57, [a.label for a in ID_ARGUMENTS]
    lacking = sorted({a.mutation for a in ID_ARGUMENTS if a.mutation not in BASES})
    assert not lacking, f"add a base input to tests/reference_bases.py for: {lacking}"
    untyped = [a.label for a in ID_ARGUMENTS if not node_types(a, TYPES, BASES[a.mutation].types)]
    assert not untyped, f"say which object these ids name (Base.types): {untyped}"
    assert not set(BASES) - {a.mutation for a in ID_ARGUMENTS}, "a base for a mutation without ids"


async def test_every_base_input_is_accepted_from_its_role(session, db, graphql) -> None:  # type: ignore[no-untyped-def]
    """Otherwise an id check would be comparing two refusals of something else."""
    scene = await build(session)
    conn = connection_of(db)
    refused = []
    for mutation, base in BASES.items():
        variables = base.variables(scene)
        async with conn.begin_nested() as savepoint:
            result = await graphql(
                document(TYPES, mutation, variables),
                variables,
                principal=scene.principals[base.role],
            )
            await savepoint.rollback()
        answer = result.data[mutation] if result.data else result.errors
        if not isinstance(answer, dict) or "message" in json.dumps(answer):
            refused.append(f"{mutation} as {base.role}: {answer}")
    assert not refused, "\n".join(refused)


@pytest.mark.parametrize("role", writing_roles())
async def test_unseen_and_missing_ids_answer_alike_and_write_nothing(  # type: ignore[no-untyped-def]
    session, db, graphql, role: str
) -> None:
    scene = await build(session)
    problems, compared = await check_references(graphql, db, scene, role)
    assert not problems, "\n".join(problems)
    assert compared > 0


async def test_the_check_catches_a_gate_that_ignores_the_scope(  # type: ignore[no-untyped-def]
    session, db, graphql, monkeypatch
) -> None:
    """The planted break: the gate resolves ids without the caller's scope. A police specialist
    then reaches another province's and sealed cases, a partner-ministry officer persons."""
    scene = await build(session)
    monkeypatch.setattr(references, "_where", lambda principal, ref: true())
    caught: set[str] = set()
    found = 0
    for role in ("specialist", "ministry_officer"):
        problems, _ = await check_references(graphql, db, scene, role)
        found += len(problems)
        caught |= {p.split(" unseen ")[0] for p in problems}
    print(
        f"planted break: {found} violations on {len(caught)} (role, argument) pairs: {sorted(caught)}"
    )
    for expected in (
        "specialist recordOffence(input.caseId)",
        "specialist createWarrant(input.caseId)",
        "ministry_officer recordOffence(input.persons[].personId)",
    ):
        assert expected in caught, sorted(caught)
