"""Every default role against every resource and action, through GraphQL: the policy's truth table.

Reads say which of the seeded rows a role sees — "own" (Phnom Penh, the caller's province),
"other" (Siem Reap), "forest" (a Siem Reap illegal-logging offence, under MAFF's jurisdiction) —
so each cell is granted (all), constrained (some) or denied (none). Writes say allowed or denied.
"""

from __future__ import annotations

import base64
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from db import tables as t
from policies.enforcer import default_policy
from policies.principal import Principal
from tests import factories as f
from tests.conftest import T0

ALL2 = frozenset({"own", "other"})
OWN = frozenset({"own"})
NONE: frozenset[str] = frozenset()
POLICE = {
    "offence": OWN,
    "person": ALL2,
    "case": OWN,
    "warrant": ALL2,
    "notice": ALL2,
    "operation": OWN,
    "create offence": "allowed",
    "update offence": "allowed",
    "create forest offence": "denied",
    "create person": "allowed",
    "create case": "allowed",
    "create warrant": "allowed",
    "administer": "denied",
}
# Users without a province (national, ministry, admin) sit in units without one: a case needs
# its lead unit's province, so opening one fails validation before any rule is asked.
NO_PROVINCE_WRITES = {
    "create person": "denied",
    "create case": "ValidationFailed",
    "create warrant": "denied",
}
# Naming a ministry other than one's own needs the policy's record_for_ministry (police
# specialists): without it the forest offence's "MAFF" is a field error, before any row rule.
NOT_FOR_MAFF = {"create forest offence": "ValidationFailed"}
# A warrant's subject is resolved through the caller's read scope (resolvers.references): to a
# caller who sees no persons it is "no such person", a field error, not a refusal.
NO_PERSONS = {"create warrant": "ValidationFailed"}
READER = {
    "offence": frozenset({"own", "other", "forest"}),
    "person": ALL2,
    "case": ALL2,
    "warrant": ALL2,
    "notice": ALL2,
    "operation": ALL2,
    "create offence": "denied",
    "update offence": "denied",
    **NOT_FOR_MAFF,
    **NO_PROVINCE_WRITES,
    "administer": "denied",
}
NOTHING = {
    "offence": NONE,
    "person": NONE,
    "case": NONE,
    "warrant": NONE,
    "notice": NONE,
    "operation": NONE,
    "create offence": "denied",
    "update offence": "denied",
    **NOT_FOR_MAFF,
    **NO_PROVINCE_WRITES,
    **NO_PERSONS,
    "administer": "denied",
}
MINISTRY = {
    **NOTHING,
    "offence": frozenset({"forest"}),
    "create forest offence": "allowed",
    # recorded under the caller's own ministry by default, whose jurisdiction a theft is outside
    "create offence": "ValidationFailed",
}
TABLE: dict[str, dict[str, Any]] = {
    "officer": {
        **POLICE,
        **NOT_FOR_MAFF,
        **{
            k: "denied"
            for k in (
                "create offence",
                "update offence",
                "create person",
                "create case",
                "create warrant",
            )
        },
    },
    "specialist": POLICE,
    "unit_chief": POLICE,
    "provincial_chief": POLICE,
    "planning_head": READER,
    "technical_working_group": READER,
    "criminal_police": READER,
    "national_analyst": READER,
    "ministry_officer": MINISTRY,
    "ministry_analyst": MINISTRY,
    "employment_checker": NOTHING,
    "admin": {**NOTHING, "administer": "allowed"},
}
PROVINCIAL = {"officer", "specialist", "unit_chief", "provincial_chief"}
MINISTRY_ROLES = {"ministry_officer", "ministry_analyst"}

LISTS = {
    "offence": "offences(first: 10)",
    "person": 'persons(first: 10, filter: {purpose: "checking the access table"})',
    "case": "cases(first: 10)",
    "warrant": "warrants(first: 10)",
    "notice": "notices(first: 10)",
    "operation": "operations(first: 10)",
}
READS = (
    "{ " + " ".join(f"{k}: {v} {{ edges {{ node {{ id }} }} }}" for k, v in LISTS.items()) + " }"
)
RESULT = "{ __typename }"
RECORD = "mutation ($i: OffenceInput!) { recordOffence(input: $i) " + RESULT + " }"
PERSON = "mutation ($i: PersonInput!) { createPerson(input: $i) " + RESULT + " }"
CASE = "mutation ($i: OpenCaseInput!) { openCase(input: $i) " + RESULT + " }"
WARRANT = "mutation ($i: CreateWarrantInput!) { createWarrant(input: $i) " + RESULT + " }"
UPDATE = (
    'mutation ($id: ID!) { updateOffence(id: $id, input: {expectedVersion: 1, description: "checked"}) '
    + RESULT
    + " }"
)
ADMIN = "{ policyRules { id } }"
AN_HOUR_AGO = (T0 - timedelta(hours=1)).isoformat()


def gid(type_name: str, key: object) -> str:
    return base64.b64encode(f"{type_name}:{key}".encode()).decode()


async def _seed(session: AsyncSession) -> dict[str, str]:
    """Two rows of each resource, Phnom Penh ("own") and Siem Reap ("other"); returns id -> label."""
    labels: dict[str, str] = {}
    units = {
        label: await f.unit(session, province=p) for label, p in (("own", "12"), ("other", "17"))
    }
    for label, unit in units.items():
        recorder = await f.user(session, unit_row=unit)
        person = await f.person(session, province_code=unit.province_code)
        offence = await f.offence(session, recorder=recorder, province_code=unit.province_code)
        case = await f.case(session, lead=unit)
        warrant = await f.warrant(session, subject=person, province_code=unit.province_code)
        notice = await f.notice(session, subject=person, province_code=unit.province_code)
        operation = t.Operation(
            name=f"op {label}",
            started_on=T0.date(),
            province_code=unit.province_code,
            lead_unit_id=unit.id,
            created_at=T0,
        )
        session.add(operation)
        await session.flush()
        for name, row in (
            ("Person", person),
            ("Offence", offence),
            ("Case", case),
            ("Warrant", warrant),
            ("Notice", notice),
            ("Operation", operation),
        ):
            labels[gid(name, row.id)] = label
    forest = await f.offence(
        session,
        recorder=recorder,
        province_code="17",
        type_code="ILLEGAL_LOGGING",
        iccs_code="10041",
        ministry_code="MAFF",
    )
    labels[gid("Offence", forest.id)] = "forest"
    await session.commit()
    return labels


async def _principal(session: AsyncSession, role: str) -> Principal:
    if role in PROVINCIAL:
        # The unit that recorded the "own" rows: inside the 48 h window only the author's unit
        # changes a record (policies.lifecycle), and this table is about the policy.
        unit = (
            (
                await session.execute(
                    select(t.Unit).where(col(t.Unit.code).like("T-12-%")).order_by(col(t.Unit.id))
                )
            )
            .scalars()
            .first()
        )
        assert unit is not None
    else:
        ministry = "MAFF" if role in MINISTRY_ROLES else "MOI"
        unit = await f.unit(session, province=None, kind="ministry_office", ministry_code=ministry)
    user = await f.user(session, unit_row=unit, position=role, rank="Colonel")
    await session.commit()
    return Principal(
        username=user.username,
        user_id=user.id,
        roles=(role,),
        province_code=unit.province_code,
        ministry_code=unit.ministry_code,
        unit_id=unit.id,
        rank=user.rank,
        jurisdiction=("1004",) if role in MINISTRY_ROLES else (),
        policy=default_policy(),
    )


def _outcome(result: Any, field: str) -> str:
    """allowed, denied (Forbidden, or NotFound for a row out of reach), or what else came back."""
    assert result.errors is None, result.errors
    typename = result.data[field]["__typename"]
    if typename.endswith("Success"):
        return "allowed"
    return "denied" if typename in ("Forbidden", "NotFound") else typename


@pytest.mark.parametrize("role", sorted(TABLE))
async def test_each_role_gets_exactly_its_row_of_the_table(session, graphql, role: str) -> None:  # type: ignore[no-untyped-def]
    labels = await _seed(session)
    principal = await _principal(session, role)
    expected = TABLE[role]
    found: dict[str, Any] = {}

    reads = await graphql(READS, principal=principal)
    assert reads.errors is None, reads.errors
    for resource in LISTS:
        found[resource] = frozenset(labels[e["node"]["id"]] for e in reads.data[resource]["edges"])

    theft = {"typeCode": "THEFT", "occurredAt": AN_HOUR_AGO, "place": {"provinceCode": "12"}}
    found["create offence"] = _outcome(
        await graphql(RECORD, {"i": theft}, principal=principal), "recordOffence"
    )
    logging = {
        **theft,
        "typeCode": "ILLEGAL_LOGGING",
        "ministryCode": "MAFF",
        "place": {"provinceCode": "17"},
    }
    found["create forest offence"] = _outcome(
        await graphql(RECORD, {"i": logging}, principal=principal), "recordOffence"
    )
    own_offence = next(
        k for k, v in labels.items() if v == "own" and base64.b64decode(k).startswith(b"Offence")
    )
    found["update offence"] = _outcome(
        await graphql(UPDATE, {"id": own_offence}, principal=principal), "updateOffence"
    )
    person = {
        "familyNameLatin": "Keo",
        "givenNameLatin": "Dara",
        "sex": "MALE",
        "nationality": "KH",
    }
    found["create person"] = _outcome(
        await graphql(PERSON, {"i": person}, principal=principal), "createPerson"
    )
    case = {"number": f"T-{role}", "title": "Table test"}
    found["create case"] = _outcome(
        await graphql(CASE, {"i": case}, principal=principal), "openCase"
    )
    own_person = next(
        k for k, v in labels.items() if v == "own" and base64.b64decode(k).startswith(b"Person")
    )
    warrant = {
        "court": "Phnom Penh Municipal Court of First Instance",
        "number": f"T-{role}",
        "kind": "ARREST",
        "issuedOn": "2025-03-04",
        "subjectPersonId": own_person,
        "provinceCode": "12",
    }
    found["create warrant"] = _outcome(
        await graphql(WARRANT, {"i": warrant}, principal=principal), "createWarrant"
    )
    admin = await graphql(ADMIN, principal=principal)
    found["administer"] = "denied" if admin.errors else "allowed"

    assert found == expected
