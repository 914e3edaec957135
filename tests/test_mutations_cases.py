"""Case mutations: each writes on good input; on bad input it names the field and writes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.relay import GlobalID

from db import tables as t
from policies.enforcer import default_policy
from policies.principal import Principal
from tests import factories as f
from tests.conftest import T0

FAILURES = """
  ... on ValidationFailed { errors { field code message } }
  ... on NotFound { id }
  ... on Forbidden { message }
"""

OPEN_CASE = f"""
mutation ($input: OpenCaseInput!) {{
  openCase(input: $input) {{
    __typename
    ... on OpenCaseSuccess {{ case {{ id number status openedAt version province {{ code }}
                                     leadUnit {{ id }} }} }}
    {FAILURES}
  }}
}}"""

UPDATE_CASE = f"""
mutation ($id: ID!, $patch: CasePatchInput!) {{
  updateCase(id: $id, patch: $patch) {{
    __typename
    ... on UpdateCaseSuccess {{ case {{ number status closedAt disposition version }} }}
    {FAILURES}
  }}
}}"""

ADD_PARTICIPANT = f"""
mutation ($caseId: ID!, $personId: ID!, $role: CaseRole!) {{
  addCaseParticipant(caseId: $caseId, personId: $personId, role: $role, notes: "seen") {{
    __typename
    ... on AddCaseParticipantSuccess {{ participant {{ id role notes person {{ id }} }} }}
    {FAILURES}
  }}
}}"""

REMOVE_PARTICIPANT = f"""
mutation ($id: ID!) {{
  removeCaseParticipant(participantId: $id) {{
    __typename
    ... on RemoveCaseParticipantSuccess {{ removedParticipantId case {{ version }} }}
    {FAILURES}
  }}
}}"""

RECORD_EVENT = f"""
mutation ($id: ID!, $kind: EventKind!, $at: DateTime!, $province: String, $reason: String! = "") {{
  recordParticipantEvent(participantId: $id, kind: $kind, occurredAt: $at,
                         provinceCode: $province, place: "Station 3", reason: $reason) {{
    __typename
    ... on RecordParticipantEventSuccess {{
      event {{ kind occurredAt provinceCode reason }} participant {{ events {{ kind }} }}
    }}
    {FAILURES}
  }}
}}"""

LINK = f"""
mutation ($offence: ID!, $case: ID!) {{
  linkOffenceToCase(offenceId: $offence, caseId: $case) {{
    __typename
    ... on LinkOffenceToCaseSuccess {{ offence {{ version case {{ number }} }} case {{ number }} }}
    {FAILURES}
  }}
}}"""

UNLINK = f"""
mutation ($offence: ID!) {{
  unlinkOffenceFromCase(offenceId: $offence) {{
    __typename
    ... on UnlinkOffenceFromCaseSuccess {{ offence {{ case {{ number }} }} case {{ number }} }}
    {FAILURES}
  }}
}}"""


def gid(type_name: str, ident: int | None) -> str:
    return str(GlobalID(type_name, str(ident)))


async def count(session: AsyncSession, model: type[Any]) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def fresh(session: AsyncSession, model: type[Any], ident: int | None) -> Any:
    stmt = select(model).where(model.id == ident).execution_options(populate_existing=True)
    return (await session.execute(stmt)).scalar_one()


async def run(graphql: Any, query: str, variables: dict[str, Any], principal: Principal) -> Any:
    result = await graphql(query, variables, principal=principal)
    assert result.errors is None, result.errors
    (payload,) = result.data.values()
    return payload


def fields(payload: dict[str, Any]) -> list[str]:
    assert payload["__typename"] == "ValidationFailed", payload
    return [e["field"] for e in payload["errors"]]


@pytest.fixture
async def officer(session: AsyncSession) -> Principal:
    unit = await f.unit(session, province="12")
    user = await f.user(session, unit_row=unit)
    return Principal(
        username=user.username,
        user_id=user.id,
        province_code="12",
        unit_id=unit.id,
        roles=("specialist",),
        policy=default_policy(),
    )


@pytest.fixture
async def kase(session: AsyncSession, officer: Principal) -> t.Case:
    lead = await fresh(session, t.Unit, officer.unit_id)
    return await f.case(session, lead=lead, opened_at=T0 - timedelta(days=10))


def new_case(**overrides: Any) -> dict[str, Any]:
    return {"number": "PP-2026-0001", "title": "Robbery at Orussey market", **overrides}


# openCase


async def test_open_case_defaults_to_the_officers_unit_and_its_province(
    session, graphql, officer
) -> None:
    other = await f.unit(session, province="17")
    payload = await run(graphql, OPEN_CASE, {"input": new_case()}, officer)
    assert payload["__typename"] == "OpenCaseSuccess"
    case = payload["case"]
    assert (case["status"], case["version"], case["province"]["code"]) == ("OPEN", 1, "12")
    assert case["leadUnit"]["id"] == gid("Unit", officer.unit_id)
    assert case["openedAt"] == T0.isoformat()

    led = await run(
        graphql,
        OPEN_CASE,
        {
            "input": new_case(
                number="SR-1", leadUnitId=gid("Unit", other.id), status="INVESTIGATING"
            )
        },
        officer,
    )
    # The case belongs to its lead unit's province, where a Phnom Penh specialist may not open one.
    assert led["__typename"] == "Forbidden"
    assert await count(session, t.Case) == 1


async def test_open_case_refuses_anonymous_callers_and_writes_nothing(session, graphql) -> None:
    result = await graphql(OPEN_CASE, {"input": new_case()})
    assert result.data["openCase"]["__typename"] == "Forbidden"
    assert await count(session, t.Case) == 0


async def test_open_case_with_a_taken_number_is_a_conflict_on_number(
    session, graphql, officer, kase
) -> None:
    payload = await run(graphql, OPEN_CASE, {"input": new_case(number=kase.number)}, officer)
    assert fields(payload) == ["number"]
    assert payload["errors"][0]["code"] == "conflict"
    assert await count(session, t.Case) == 1


async def test_open_case_reports_every_bad_field_at_once(session, graphql, officer) -> None:
    bad = new_case(
        number="X" * 41,
        title=" ",
        status="CLOSED",
        leadUnitId=gid("Unit", 999_999),
        openedAt=(T0 + timedelta(hours=1)).isoformat(),
    )
    payload = await run(graphql, OPEN_CASE, {"input": bad}, officer)
    assert sorted(fields(payload)) == ["leadUnitId", "number", "openedAt", "status", "title"]
    naive = await run(
        graphql, OPEN_CASE, {"input": new_case(openedAt="2026-11-01T10:00:00")}, officer
    )
    assert fields(naive) == ["openedAt"]
    wrong_type = await run(
        graphql, OPEN_CASE, {"input": new_case(leadUnitId=gid("Person", 1))}, officer
    )
    assert fields(wrong_type) == ["leadUnitId"]
    assert await count(session, t.Case) == 0


# updateCase


async def test_closing_a_case_sets_closed_at_and_bumps_the_version(
    session, graphql, officer, kase
) -> None:
    patch = {"expectedVersion": 1, "status": "CLOSED", "disposition": "Sent to court; convicted"}
    payload = await run(graphql, UPDATE_CASE, {"id": gid("Case", kase.id), "patch": patch}, officer)
    assert payload["__typename"] == "UpdateCaseSuccess"
    assert payload["case"]["status"] == "CLOSED"
    assert payload["case"]["closedAt"] == T0.isoformat()
    assert payload["case"]["version"] == 2

    reopened = await run(
        graphql,
        UPDATE_CASE,
        {"id": gid("Case", kase.id), "patch": {"expectedVersion": 2, "status": "INVESTIGATING"}},
        officer,
    )
    assert reopened["case"] == {
        "number": kase.number,
        "status": "INVESTIGATING",
        "closedAt": None,
        "disposition": "",
        "version": 3,
    }


async def test_closing_needs_a_disposition_and_a_time_after_opening(
    session, graphql, officer, kase
) -> None:
    patch = {
        "expectedVersion": 1,
        "status": "CLOSED",
        "closedAt": (kase.opened_at - timedelta(days=1)).isoformat(),
    }
    payload = await run(graphql, UPDATE_CASE, {"id": gid("Case", kase.id), "patch": patch}, officer)
    assert sorted(fields(payload)) == ["closedAt", "disposition"]
    row = await fresh(session, t.Case, kase.id)
    assert (row.status, row.closed_at, row.version) == ("open", None, 1)
    assert await count(session, t.Case) == 1


async def test_update_case_refuses_a_backward_status_move_and_a_taken_number(
    session, graphql, officer, kase
) -> None:
    lead = await fresh(session, t.Unit, officer.unit_id)
    other = await f.case(session, lead=lead, status="sent_to_court")
    patch = {"expectedVersion": 1, "status": "OPEN", "number": kase.number, "title": None}
    payload = await run(
        graphql, UPDATE_CASE, {"id": gid("Case", other.id), "patch": patch}, officer
    )
    assert sorted(fields(payload)) == ["number", "status", "title"]
    row = await fresh(session, t.Case, other.id)
    assert (row.status, row.number, row.version) == ("sent_to_court", other.number, 1)


async def test_update_case_with_an_unknown_or_malformed_id_is_not_found(
    graphql, officer, kase
) -> None:
    for bad in (gid("Case", 999_999), "not-an-id", gid("Person", kase.id)):
        payload = await run(
            graphql,
            UPDATE_CASE,
            {"id": bad, "patch": {"expectedVersion": 1, "title": "x"}},
            officer,
        )
        assert payload == {"__typename": "NotFound", "id": bad}


async def test_opened_at_cannot_move_past_the_first_event(session, graphql, officer, kase) -> None:
    person = await f.person(session)
    part = await f.participant(session, case_row=kase, person_row=person)
    session.add(
        t.ParticipantEvent(
            participant_id=part.id, kind="arrest", occurred_at=T0 - timedelta(days=5)
        )
    )
    await session.flush()
    patch = {"expectedVersion": 1, "openedAt": (T0 - timedelta(days=4)).isoformat()}
    payload = await run(graphql, UPDATE_CASE, {"id": gid("Case", kase.id), "patch": patch}, officer)
    assert fields(payload) == ["openedAt"]
    assert (await fresh(session, t.Case, kase.id)).opened_at == T0 - timedelta(days=10)


# addCaseParticipant and removeCaseParticipant


async def test_add_participant_puts_a_person_in_a_case(session, graphql, officer, kase) -> None:
    person = await f.person(session)
    variables = {
        "caseId": gid("Case", kase.id),
        "personId": gid("Person", person.id),
        "role": "SUSPECT",
    }
    payload = await run(graphql, ADD_PARTICIPANT, variables, officer)
    assert payload["__typename"] == "AddCaseParticipantSuccess"
    assert payload["participant"]["role"] == "SUSPECT"
    assert payload["participant"]["person"]["id"] == gid("Person", person.id)
    assert await count(session, t.CaseParticipant) == 1
    assert (await fresh(session, t.Case, kase.id)).version == 2

    again = await run(graphql, ADD_PARTICIPANT, variables, officer)
    assert fields(again) == ["personId"]
    assert again["errors"][0]["code"] == "conflict"
    assert await count(session, t.CaseParticipant) == 1


async def test_add_participant_names_unknown_ids_and_a_closed_case(
    session, graphql, officer, kase
) -> None:
    unknown = {"caseId": gid("Case", 999_999), "personId": "junk", "role": "VICTIM"}
    payload = await run(graphql, ADD_PARTICIPANT, unknown, officer)
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [
        ("personId", "invalid"),
        ("caseId", "unknown"),
    ]
    lead = await fresh(session, t.Unit, officer.unit_id)
    closed = await f.case(session, lead=lead, status="closed", closed_at=T0, disposition="done")
    person = await f.person(session)
    variables = {
        "caseId": gid("Case", closed.id),
        "personId": gid("Person", person.id),
        "role": "VICTIM",
    }
    assert fields(await run(graphql, ADD_PARTICIPANT, variables, officer)) == ["caseId"]
    assert await count(session, t.CaseParticipant) == 0


async def test_remove_participant_entered_by_mistake(session, graphql, officer, kase) -> None:
    part = await f.participant(session, case_row=kase, person_row=await f.person(session))
    payload = await run(
        graphql, REMOVE_PARTICIPANT, {"id": gid("CaseParticipant", part.id)}, officer
    )
    assert payload == {
        "__typename": "RemoveCaseParticipantSuccess",
        "removedParticipantId": gid("CaseParticipant", part.id),
        "case": {"version": 2},
    }
    assert await count(session, t.CaseParticipant) == 0
    gone = await run(graphql, REMOVE_PARTICIPANT, {"id": gid("CaseParticipant", part.id)}, officer)
    assert gone["__typename"] == "NotFound"


async def test_remove_participant_keeps_one_with_custody_events(
    session, graphql, officer, kase
) -> None:
    part = await f.participant(session, case_row=kase, person_row=await f.person(session))
    session.add(t.ParticipantEvent(participant_id=part.id, kind="arrest", occurred_at=T0))
    await session.flush()
    payload = await run(
        graphql, REMOVE_PARTICIPANT, {"id": gid("CaseParticipant", part.id)}, officer
    )
    assert fields(payload) == ["participantId"]
    assert await count(session, t.CaseParticipant) == 1
    assert (await fresh(session, t.Case, kase.id)).version == 1


async def test_every_case_mutation_refuses_anonymous_callers(session, graphql, kase) -> None:
    part = await f.participant(session, case_row=kase, person_row=await f.person(session))
    calls = [
        (UPDATE_CASE, {"id": gid("Case", kase.id), "patch": {"expectedVersion": 1, "title": "x"}}),
        (ADD_PARTICIPANT, {"caseId": gid("Case", kase.id), "personId": "x", "role": "VICTIM"}),
        (REMOVE_PARTICIPANT, {"id": gid("CaseParticipant", part.id)}),
        (
            RECORD_EVENT,
            {"id": gid("CaseParticipant", part.id), "kind": "ARREST", "at": T0.isoformat()},
        ),
        (LINK, {"offence": "x", "case": gid("Case", kase.id)}),
        (UNLINK, {"offence": "x"}),
    ]
    for query, variables in calls:
        result = await graphql(query, variables)
        (payload,) = result.data.values()
        assert payload["__typename"] == "Forbidden", query
    assert await count(session, t.CaseParticipant) == 1
    assert (await fresh(session, t.Case, kase.id)).version == 1
