"""A person's participations, cases and offences show exactly the links the other direction shows.

``Case.participants`` and ``Offence.persons`` mask who a victim or complainant is; reached from
the person (``Person.participations``, ``cases``, ``offences``; the admin's timeline reads the
same relations) the same fact would be their role in that case. Generated over the oracle world:
for every default role and every person whose participations the caller may read, the links
seen from the person equal those seen from the cases and offences, on both read paths.
"""

from __future__ import annotations

import base64
from typing import Any

import pytest

from db import tables as t
from db.clock import FixedClock
from db.engine import Database
from policies.masks import column_masks, hidden_reason
from policies.principal import Principal
from policies.scope import scope
from resolvers.context import Context
from tests import oracle_world
from tests.conftest import SCHEMA, T0
from tests.oracle_perturb import snapshot

FROM_PERSONS = """query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Person { id
    participations(first: 20) { totalCount edges { node { role case { id } } } }
    cases(first: 20) { totalCount edges { node { id } } }
    offences(first: 20) { totalCount edges { node { id } } } } } }"""
FROM_RECORDS = """{ cases(first: 20) { edges { node { id
      participants(first: 20) { edges { node { role person { id } } } } } } }
    offences(first: 20) { edges { node { id persons { role person { id } } } } } }"""


def _gid(type_name: str, key: object) -> str:
    return base64.b64encode(f"{type_name}:{key}".encode()).decode()


async def _ask(
    db: Database, principal: Principal, query: str, variables: Any, planned: bool
) -> Any:
    async with db.session() as session:
        context = Context(
            session=session, principal=principal, clock=FixedClock(T0), planned_reads=planned
        )
        result = await SCHEMA.execute(query, variable_values=variables, context_value=context)
    assert result.errors is None, result.errors
    return result.data


def _edges(connection: dict[str, Any]) -> list[Any]:
    assert connection["totalCount"] == len(connection["edges"])
    return [edge["node"] for edge in connection["edges"]]


async def mismatches(db: Database, person_ids: list[int], planned: bool) -> list[str]:
    found = []
    for principal in oracle_world.principals():
        records = await _ask(db, principal, FROM_RECORDS, None, planned)
        seen_links = {
            (p["node"]["person"]["id"], c["node"]["id"], p["node"]["role"])
            for c in records["cases"]["edges"]
            for p in c["node"]["participants"]["edges"]
            if p["node"]["person"] is not None
        }
        seen_involvements = {
            (p["person"]["id"], o["node"]["id"])
            for o in records["offences"]["edges"]
            for p in o["node"]["persons"]
            if p["person"] is not None
        }
        ids = [_gid("Person", i) for i in person_ids]
        persons = await _ask(db, principal, FROM_PERSONS, {"ids": ids}, planned)
        for person in persons["nodes"]:
            if person is None or person["participations"] is None:
                continue  # the person's details are not the caller's to read at all
            pid = person["id"]
            links = {(pid, p["case"]["id"], p["role"]) for p in _edges(person["participations"])}
            cases = {c["id"] for c in _edges(person["cases"])}
            offences = {o["id"] for o in _edges(person["offences"])}
            expected = {link for link in seen_links if link[0] == pid}
            if links != expected or cases != {case for _p, case, _r in expected}:
                found.append(f"{principal.username} {pid}: {links} != {expected} ({cases})")
            if offences != {o for p, o in seen_involvements if p == pid}:
                found.append(f"{principal.username} {pid}: offences {offences}")
    return found


@pytest.fixture
async def world(db: Database) -> list[int]:
    from sqlmodel import select

    async with db.session() as session:
        await oracle_world.build(session)
        await session.commit()
        return list((await session.execute(select(t.Person.id))).scalars())


@pytest.mark.parametrize("planned", [True, False], ids=["planned", "resolvers"])
async def test_a_persons_links_are_those_the_cases_and_offences_show(db, world, planned) -> None:  # type: ignore[no-untyped-def]
    assert await mismatches(db, world, planned) == []


PROVINCES = """query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Person { id
    caseProvinces { code } } } }"""


@pytest.mark.parametrize("planned", [True, False], ids=["planned", "resolvers"])
async def test_the_summarys_case_provinces_leave_out_masked_participations(
    db, world, planned
) -> None:  # type: ignore[no-untyped-def]
    """Every case counts, readable or not (the summary says whom to call), except where the
    participation's person is masked from the caller: asked of the masks in Python."""
    async with db.session() as session:
        snap = await snapshot(session)
    masks = column_masks(t.CaseParticipant, "person_id")
    ids = [_gid("Person", i) for i in world]
    for principal in oracle_world.principals():
        expected: dict[str, set[str]] = {}
        for part in snap.rows[t.CaseParticipant]:
            kase = snap.by_id[t.Case][part.case_id]
            if hidden_reason(principal, masks, part, kase) is None:
                expected.setdefault(_gid("Person", part.person_id), set()).add(kase.province_code)
        found = await _ask(db, principal, PROVINCES, {"ids": ids}, planned)
        for person in found["nodes"]:
            if person is not None:
                codes = {p["code"] for p in person["caseProvinces"]}
                assert codes == expected.get(person["id"], set()), principal.username


async def test_the_check_finds_links_followed_without_their_masks(
    db, world, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Planted break: a relation's rows in scope, its masked links followed regardless."""
    monkeypatch.setattr(
        "resolvers.loaders.relation_scope",
        lambda principal, relation: scope(principal, "read", relation.model),
    )
    found = await mismatches(db, world, planned=False)
    assert found, "the check did not notice a victim's participation shown from the person"
    print(f"\nplanted break: {len(found)} mismatches")
