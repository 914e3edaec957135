"""Validation due dates of warrants and notices, the overdue lists, and blacklist details."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from db import tables as t
from policies.enforcer import default_policy
from policies.principal import Principal
from tests import factories as f
from tests.test_mutations_cases import FAILURES, gid, run
from tests.test_mutations_orders import CREATE_NOTICE, CREATE_WARRANT, warrant_input

VALIDATE_WARRANT = f"""
mutation ($id: ID!) {{
  validateWarrant(id: $id) {{
    __typename
    ... on ValidateWarrantSuccess {{ warrant {{ validationDueOn version }} }}
    {FAILURES}
  }}
}}"""

VALIDATE_NOTICE = f"""
mutation ($id: ID!) {{
  validateNotice(id: $id) {{
    __typename
    ... on ValidateNoticeSuccess {{ notice {{ validationDueOn version }} }}
    {FAILURES}
  }}
}}"""

OVERDUE = """
{
  overdueWarrantValidations(first: 20) { edges { node { number } } }
  overdueNoticeValidations(first: 20) { edges { node { summary active } } }
}"""


async def specialist(session: AsyncSession, province: str = "12") -> Principal:
    unit = await f.unit(session, province=province)
    user = await f.user(session, unit_row=unit)
    return Principal(
        username=user.username,
        user_id=user.id,
        province_code=province,
        unit_id=unit.id,
        roles=("specialist",),
        policy=default_policy(),
    )


@pytest.fixture
async def officer(session: AsyncSession) -> Principal:
    return await specialist(session)


async def test_first_validation_is_due_90_days_after_entry_then_yearly(
    session, graphql, clock, officer
) -> None:
    suspect = await f.person(session)
    created = await run(graphql, CREATE_WARRANT, {"input": warrant_input(suspect)}, officer)
    ident = created["warrant"]["id"]
    stored = (await session.execute(t.Warrant.__table__.select())).first()
    assert stored is not None and stored.validation_due_on == date(2027, 1, 31)
    clock.advance(timedelta(days=100))  # locked by now: validation is progress, still open
    payload = await run(graphql, VALIDATE_WARRANT, {"id": ident}, officer)
    assert payload["__typename"] == "ValidateWarrantSuccess", payload
    assert payload["warrant"] == {"validationDueOn": "2028-02-10", "version": 2}


async def test_a_notice_is_validated_and_an_expired_one_is_not(
    session, graphql, clock, officer
) -> None:
    person = await f.person(session)
    live = await f.notice(session, subject=person, owning_unit_id=officer.unit_id)
    payload = await run(graphql, VALIDATE_NOTICE, {"id": gid("Notice", live.id)}, officer)
    assert payload["notice"] == {"validationDueOn": "2027-11-02", "version": 2}
    gone = await f.notice(session, subject=person, valid_until=date(2026, 1, 1))
    payload = await run(graphql, VALIDATE_NOTICE, {"id": gid("Notice", gone.id)}, officer)
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("id", "conflict")]


async def test_overdue_lists_show_the_units_active_records_only(session, graphql, officer) -> None:
    person = await f.person(session)
    past, future = date(2026, 10, 1), date(2027, 1, 1)
    mine = {"owning_unit_id": officer.unit_id}
    await f.warrant(session, subject=person, number="DUE", validation_due_on=past, **mine)
    await f.warrant(session, subject=person, number="LATER", validation_due_on=future, **mine)
    await f.warrant(
        session, subject=person, number="DONE", validation_due_on=past, status="executed", **mine
    )
    await f.warrant(
        session,
        subject=person,
        number="LAPSED",
        validation_due_on=past,
        expires_on=date(2026, 10, 31),
        **mine,
    )
    other = await f.unit(session, province="12")
    await f.warrant(
        session, subject=person, number="THEIRS", validation_due_on=past, owning_unit_id=other.id
    )
    await f.notice(session, subject=person, summary="due", validation_due_on=past, **mine)
    await f.notice(
        session,
        subject=person,
        summary="expired",
        validation_due_on=past,
        valid_until=date(2026, 10, 1),
        **mine,
    )
    result = await graphql(OVERDUE, principal=officer)
    assert result.errors is None, result.errors
    warrants = result.data["overdueWarrantValidations"]["edges"]
    assert [e["node"]["number"] for e in warrants] == ["DUE"]
    notices = result.data["overdueNoticeValidations"]["edges"]
    assert [e["node"] for e in notices] == [{"summary": "due", "active": True}]
    # Another province's specialist sees none of them.
    result = await graphql(OVERDUE, principal=await specialist(session, "17"))
    assert result.data["overdueWarrantValidations"]["edges"] == []


async def test_a_blacklist_entry_names_position_ministry_and_basis(
    session, graphql, officer
) -> None:
    person = await f.person(session)
    entry = {
        "kind": "BLACKLIST",
        "personId": gid("Person", person.id),
        "validFrom": "2025-01-02",
        "validUntil": "2028-01-01",
    }
    payload = await run(graphql, CREATE_NOTICE, {"input": entry}, officer)
    assert sorted((e["field"], e["code"]) for e in payload["errors"]) == [
        ("basis", "required"),
        ("ministryCode", "required"),
        ("position", "required"),
    ]
    unknown = entry | {"position": "Director", "ministryCode": "XXX", "basis": "PP-1/2024"}
    payload = await run(graphql, CREATE_NOTICE, {"input": unknown}, officer)
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("ministryCode", "unknown")]
    complete = unknown | {"ministryCode": "moi"}
    payload = await run(graphql, CREATE_NOTICE, {"input": complete}, officer)
    assert payload["__typename"] == "CreateNoticeSuccess", payload
    (stored,) = [row for row in (await session.execute(t.Notice.__table__.select())).all()]
    assert (stored.position, stored.ministry_code, stored.basis) == (
        "Director",
        "MOI",
        "PP-1/2024",
    )
    assert stored.validation_due_on == date(2027, 1, 31)
