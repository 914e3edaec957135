"""Executing, cancelling and expiring warrants, through GraphQL."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from db import tables as t
from db.warrants import expire_due
from policies.enforcer import default_policy
from policies.principal import Principal
from tests import factories as f
from tests.conftest import T0
from tests.test_mutations_cases import FAILURES, fields, fresh, gid, run
from web.cli import main

WARRANT = "warrant { status version cancelReason execution { executedAt place unit { id } } }"

EXECUTE = f"""
mutation ($id: ID!, $v: Int!, $input: ExecuteWarrantInput!) {{
  executeWarrant(id: $id, expectedVersion: $v, input: $input) {{
    __typename
    ... on ExecuteWarrantSuccess {{ {WARRANT} }}
    ... on StaleVersion {{ currentVersion }}
    {FAILURES}
  }}
}}"""

CANCEL = f"""
mutation ($id: ID!, $v: Int!, $reason: String!) {{
  cancelWarrant(id: $id, expectedVersion: $v, reason: $reason) {{
    __typename
    ... on CancelWarrantSuccess {{ {WARRANT} }}
    {FAILURES}
  }}
}}"""

LIST = """
query ($filter: WarrantFilterInput) {
  warrants(filter: $filter, first: 50) { edges { node { number status } } }
}"""


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


def execution(**overrides: Any) -> dict[str, Any]:
    base = {"executedAt": "2026-11-01T08:00:00+00:00", "provinceCode": "17", "place": "Market"}
    return base | overrides


async def test_execute_records_where_when_who_and_the_arrest_in_its_case(
    session, graphql, clock, officer
) -> None:
    suspect = await f.person(session)
    lead = await fresh(session, t.Unit, officer.unit_id)
    kase = await f.case(session, lead=lead)
    row = await f.warrant(session, subject=suspect, case_id=kase.id)
    # Execution is progress, not a correction: it stays open after the 48 h lock.
    clock.advance(timedelta(hours=72))
    variables = {"id": gid("Warrant", row.id), "v": 1, "input": execution()}
    payload = await run(graphql, EXECUTE, variables, officer)
    assert payload["__typename"] == "ExecuteWarrantSuccess", payload
    warrant = payload["warrant"]
    assert (warrant["status"], warrant["version"]) == ("EXECUTED", 2)
    assert warrant["execution"]["place"] == "Market"
    assert warrant["execution"]["unit"]["id"] == gid("Unit", officer.unit_id)
    # The subject was not in the case: added as a suspect, with the arrest.
    (participant,) = (
        await session.execute(select(t.CaseParticipant).where(t.CaseParticipant.case_id == kase.id))
    ).scalars()
    assert (participant.person_id, participant.role) == (suspect.id, "suspect")
    (event,) = (
        await session.execute(
            select(t.ParticipantEvent).where(t.ParticipantEvent.participant_id == participant.id)
        )
    ).scalars()
    assert (event.kind, event.province_code, event.place) == ("arrest", "17", "Market")


async def test_execute_uses_an_existing_participant(session, graphql, officer) -> None:
    suspect = await f.person(session)
    lead = await fresh(session, t.Unit, officer.unit_id)
    kase = await f.case(session, lead=lead)
    member = await f.participant(session, case_row=kase, person_row=suspect, role="offender")
    row = await f.warrant(session, subject=suspect, case_id=kase.id)
    variables = {"id": gid("Warrant", row.id), "v": 1, "input": execution()}
    assert (await run(graphql, EXECUTE, variables, officer))["__typename"] == (
        "ExecuteWarrantSuccess"
    )
    participants = (
        await session.execute(select(t.CaseParticipant).where(t.CaseParticipant.case_id == kase.id))
    ).scalars()
    assert [p.id for p in participants] == [member.id]
    events = await session.execute(
        select(t.ParticipantEvent.kind).where(t.ParticipantEvent.participant_id == member.id)
    )
    assert list(events.scalars()) == ["arrest"]


async def test_execute_refuses_a_time_in_the_future_or_before_issue(
    session, graphql, officer
) -> None:
    row = await f.warrant(session, subject=await f.person(session), issued_on=date(2025, 6, 1))
    future = execution(executedAt="2026-11-03T00:00:00+00:00")
    before = execution(executedAt="2025-05-31T08:00:00+00:00")
    for given in (future, before):
        variables = {"id": gid("Warrant", row.id), "v": 1, "input": given}
        assert fields(await run(graphql, EXECUTE, variables, officer)) == ["executedAt"]
    assert (await fresh(session, t.Warrant, row.id)).status == "active"


async def test_only_an_active_warrant_is_executed_or_cancelled(session, graphql, officer) -> None:
    row = await f.warrant(session, subject=await f.person(session))
    cancel = {"id": gid("Warrant", row.id), "v": 1, "reason": "Charges withdrawn"}
    payload = await run(graphql, CANCEL, cancel, officer)
    assert payload["__typename"] == "CancelWarrantSuccess"
    assert payload["warrant"]["status"] == "CANCELLED"
    assert payload["warrant"]["cancelReason"] == "Charges withdrawn"
    variables = {"id": gid("Warrant", row.id), "v": 2, "input": execution()}
    payload = await run(graphql, EXECUTE, variables, officer)
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("id", "conflict")]
    again = {"id": gid("Warrant", row.id), "v": 2, "reason": "twice"}
    assert fields(await run(graphql, CANCEL, again, officer)) == ["id"]


async def test_cancel_needs_a_reason_and_the_current_version(session, graphql, officer) -> None:
    row = await f.warrant(session, subject=await f.person(session))
    blank = {"id": gid("Warrant", row.id), "v": 1, "reason": " "}
    assert fields(await run(graphql, CANCEL, blank, officer)) == ["reason"]
    stale = {"id": gid("Warrant", row.id), "v": 3, "input": execution()}
    assert (await run(graphql, EXECUTE, stale, officer))["__typename"] == "StaleVersion"


async def test_another_provinces_specialist_cannot_execute(session, graphql, officer) -> None:
    row = await f.warrant(session, subject=await f.person(session), province_code="17")
    variables = {"id": gid("Warrant", row.id), "v": 1, "input": execution()}
    assert (await run(graphql, EXECUTE, variables, officer))["__typename"] == "NotFound"


async def test_criminal_police_execute_nationally(session, graphql) -> None:
    unit = await f.unit(session, province="12")
    user = await f.user(session, unit_row=unit)
    police = Principal(
        username=user.username,
        user_id=user.id,
        province_code="12",
        unit_id=unit.id,
        roles=("criminal_police",),
        policy=default_policy(),
    )
    row = await f.warrant(session, subject=await f.person(session), province_code="17")
    variables = {"id": gid("Warrant", row.id), "v": 1, "input": execution()}
    assert (await run(graphql, EXECUTE, variables, police))["__typename"] == (
        "ExecuteWarrantSuccess"
    )


async def test_a_warrant_past_its_expiry_day_reads_expired_and_expire_due_stores_it(
    session, graphql, clock, officer
) -> None:
    row = await f.warrant(
        session, subject=await f.person(session), expires_on=date(2026, 11, 3), number="LAPSE-1"
    )
    query = "query ($id: ID!) { node(id: $id) { ... on Warrant { status } } }"
    status = await graphql(query, {"id": gid("Warrant", row.id)})
    assert status.data["node"]["status"] == "ACTIVE"  # in force through its expiry day
    clock.advance(timedelta(days=2))
    status = await graphql(query, {"id": gid("Warrant", row.id)})
    assert status.data["node"]["status"] == "EXPIRED"
    variables = {
        "id": gid("Warrant", row.id),
        "v": 1,
        "input": execution(executedAt="2026-11-04T01:00:00+00:00"),
    }
    assert fields(await run(graphql, EXECUTE, variables, officer)) == ["id"]
    assert await expire_due(session=session, today=date(2026, 11, 5)) == 1
    stored = await fresh(session, t.Warrant, row.id)
    assert (stored.status, stored.version) == ("expired", 2)
    assert await expire_due(session=session, today=date(2026, 11, 5)) == 0


async def test_lists_serve_active_warrants_by_province_court_and_status(session, graphql) -> None:
    person = await f.person(session)
    await f.warrant(session, subject=person, number="A-12", court="Court A")
    await f.warrant(session, subject=person, number="A-17", court="Court A", province_code="17")
    await f.warrant(session, subject=person, number="B-12", court="Court B")
    await f.warrant(session, subject=person, number="X-12", court="Court A", status="executed")
    wanted = {"statuses": ["ACTIVE"], "provinceCodes": ["12"], "court": "Court A"}
    result = await graphql(LIST, {"filter": wanted})
    assert result.errors is None, result.errors
    assert [e["node"]["number"] for e in result.data["warrants"]["edges"]] == ["A-12"]


def test_ecrime_warrants_expire_runs_against_the_configured_database(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    assert main(["warrants", "expire"]) == 0
    assert capsys.readouterr().out.startswith("warrants: 0 expired (today ")


async def test_the_postgresql_lock_leaves_the_new_progress_columns_open(
    pg_session: AsyncSession,
) -> None:
    session = pg_session
    row = await f.warrant(
        session, subject=await f.person(session), created_at=T0 - timedelta(days=30)
    )
    notice = await f.notice(
        session, subject=await f.person(session), created_at=T0 - timedelta(days=30)
    )
    await session.commit()
    with pytest.raises(DBAPIError, match="locked since"):
        async with session.begin_nested():
            await session.execute(
                text("UPDATE warrant SET notes = 'raw' WHERE id = :id"), {"id": row.id}
            )
    async with session.begin_nested():
        await session.execute(
            text(
                "UPDATE warrant SET cancel_reason = 'x', validation_due_on = '2027-01-01' "
                "WHERE id = :id"
            ),
            {"id": row.id},
        )
        await session.execute(
            text("UPDATE notice SET validation_due_on = '2027-01-01' WHERE id = :id"),
            {"id": notice.id},
        )
