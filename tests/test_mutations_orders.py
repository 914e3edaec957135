"""Warrant, notice and operation mutations: each writes on good input; on bad input it names the
field and writes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from db import tables as t
from policies.enforcer import default_policy
from policies.principal import Principal
from tests import factories as f
from tests.test_mutations_cases import FAILURES, count, fields, fresh, gid, run

CREATE_WARRANT = f"""
mutation ($input: CreateWarrantInput!) {{
  createWarrant(input: $input) {{
    __typename
    ... on CreateWarrantSuccess {{ warrant {{ id court number kind status issuedOn expiresOn
      version subject {{ id }} case {{ number }} province {{ code }} owningUnit {{ id }} }} }}
    {FAILURES}
  }}
}}"""

UPDATE_WARRANT = f"""
mutation ($id: ID!, $patch: WarrantPatchInput!) {{
  updateWarrant(id: $id, patch: $patch) {{
    __typename
    ... on UpdateWarrantSuccess {{ warrant {{ number expiresOn notes version case {{ number }} }} }}
    {FAILURES}
  }}
}}"""

CREATE_NOTICE = f"""
mutation ($input: CreateNoticeInput!) {{
  createNotice(input: $input) {{
    __typename
    ... on CreateNoticeSuccess {{ notice {{ kind reference issuingCountry validUntil version
      person {{ id }} province {{ code }} owningUnit {{ id }} }} }}
    {FAILURES}
  }}
}}"""

UPDATE_NOTICE = f"""
mutation ($id: ID!, $patch: NoticePatchInput!) {{
  updateNotice(id: $id, patch: $patch) {{
    __typename
    ... on UpdateNoticeSuccess {{ notice {{ kind validUntil summary version }} }}
    {FAILURES}
  }}
}}"""

OPERATION_FIELDS = """operation { name startedOn endedOn arrests version province { code }
  leadUnit { id } units { id } seizures { item quantity unit } }"""

CREATE_OPERATION = f"""
mutation ($input: CreateOperationInput!) {{
  createOperation(input: $input) {{
    __typename
    ... on CreateOperationSuccess {{ {OPERATION_FIELDS} }}
    {FAILURES}
  }}
}}"""

UPDATE_OPERATION = f"""
mutation ($id: ID!, $patch: OperationPatchInput!) {{
  updateOperation(id: $id, patch: $patch) {{
    __typename
    ... on UpdateOperationSuccess {{ {OPERATION_FIELDS} }}
    {FAILURES}
  }}
}}"""

COURT = "Phnom Penh Municipal Court of First Instance"


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
async def suspect(session: AsyncSession) -> t.Person:
    return await f.person(session)


def warrant_input(suspect: t.Person, **overrides: Any) -> dict[str, Any]:
    return {
        "court": COURT,
        "number": "PP-123/2025",
        "kind": "ARREST",
        "issuedOn": "2025-03-04",
        "subjectPersonId": gid("Person", suspect.id),
        **overrides,
    }


# createWarrant and updateWarrant


async def test_create_warrant_starts_active_in_the_officers_province_and_unit(
    session, graphql, officer, suspect
) -> None:
    lead = await fresh(session, t.Unit, officer.unit_id)
    kase = await f.case(session, lead=lead)
    entered = warrant_input(suspect, expiresOn="2027-03-04", caseId=gid("Case", kase.id))
    payload = await run(graphql, CREATE_WARRANT, {"input": entered}, officer)
    assert payload["__typename"] == "CreateWarrantSuccess"
    warrant = payload["warrant"]
    assert (warrant["status"], warrant["kind"], warrant["version"]) == ("ACTIVE", "ARREST", 1)
    assert warrant["subject"]["id"] == gid("Person", suspect.id)
    assert warrant["case"]["number"] == kase.number
    assert warrant["province"]["code"] == "12"
    assert warrant["owningUnit"]["id"] == gid("Unit", officer.unit_id)
    # Another province's warrant is that province's to enter.
    other_court = warrant_input(suspect, court="Siem Reap Provincial Court", provinceCode="17")
    assert (await run(graphql, CREATE_WARRANT, {"input": other_court}, officer))[
        "__typename"
    ] == "Forbidden"
    assert await count(session, t.Warrant) == 1


async def test_create_warrant_with_a_taken_number_in_the_same_court_is_a_conflict(
    session, graphql, officer, suspect
) -> None:
    await f.warrant(session, subject=suspect, court=COURT, number="PP-123/2025")
    payload = await run(graphql, CREATE_WARRANT, {"input": warrant_input(suspect)}, officer)
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("number", "conflict")]
    assert await count(session, t.Warrant) == 1


async def test_create_warrant_reports_every_bad_field_and_writes_nothing(
    session, graphql, officer, suspect
) -> None:
    bad = warrant_input(
        suspect,
        court="",
        issuedOn="1999-12-31",
        subjectPersonId=gid("Person", 999_999),
        caseId="garbage",
        provinceCode="99",
        owningUnitId=gid("Unit", 999_999),
    )
    payload = await run(graphql, CREATE_WARRANT, {"input": bad}, officer)
    assert sorted(fields(payload)) == [
        "caseId",
        "court",
        "issuedOn",
        "owningUnitId",
        "provinceCode",
        "subjectPersonId",
    ]
    future = warrant_input(suspect, issuedOn="2026-11-03")
    assert fields(await run(graphql, CREATE_WARRANT, {"input": future}, officer)) == ["issuedOn"]
    backwards = warrant_input(suspect, expiresOn="2025-03-04")
    assert fields(await run(graphql, CREATE_WARRANT, {"input": backwards}, officer)) == [
        "expiresOn"
    ]
    assert await count(session, t.Warrant) == 0


async def test_issued_on_is_judged_by_the_date_in_phnom_penh(
    graphql, clock, officer, suspect
) -> None:
    clock.set(datetime(2026, 11, 2, 18, 0, tzinfo=UTC))  # already 3 November in Phnom Penh
    today = warrant_input(suspect, issuedOn="2026-11-03")
    assert (await run(graphql, CREATE_WARRANT, {"input": today}, officer))[
        "__typename"
    ] == "CreateWarrantSuccess"


async def test_update_warrant_corrects_facts_and_bumps_the_version(
    session, graphql, officer, suspect
) -> None:
    row = await f.warrant(session, subject=suspect, issued_on=date(2025, 1, 1))
    patch = {
        "expectedVersion": 1,
        "expiresOn": "2026-01-01",
        "notes": " Seen in Battambang ",
        "caseId": None,
    }
    payload = await run(
        graphql, UPDATE_WARRANT, {"id": gid("Warrant", row.id), "patch": patch}, officer
    )
    assert payload["warrant"] == {
        "number": row.number,
        "expiresOn": "2026-01-01",
        "notes": "Seen in Battambang",
        "version": 2,
        "case": None,
    }


async def test_update_warrant_names_bad_fields_and_changes_nothing(
    session, graphql, officer, suspect
) -> None:
    taken = await f.warrant(session, subject=suspect, number="W-TAKEN")
    row = await f.warrant(session, subject=suspect, issued_on=date(2025, 1, 1))
    patch = {
        "expectedVersion": 1,
        "expiresOn": "2024-12-31",
        "number": "W-TAKEN",
        "court": None,
        "kind": None,
    }
    variables = {"id": gid("Warrant", row.id), "patch": patch}
    payload = await run(graphql, UPDATE_WARRANT, variables, officer)
    assert sorted(fields(payload)) == ["court", "expiresOn", "kind"]
    patch = {"expectedVersion": 1, "number": taken.number}
    variables = {"id": gid("Warrant", row.id), "patch": patch}
    assert fields(await run(graphql, UPDATE_WARRANT, variables, officer)) == ["number"]
    unchanged = await fresh(session, t.Warrant, row.id)
    assert (unchanged.number, unchanged.expires_on, unchanged.version) == (row.number, None, 1)
    missing = {"id": gid("Warrant", 999_999), "patch": {"expectedVersion": 1, "notes": "x"}}
    assert (await run(graphql, UPDATE_WARRANT, missing, officer))["__typename"] == "NotFound"
    assert await count(session, t.Warrant) == 2


# createNotice and updateNotice


def red_notice(suspect: t.Person, **overrides: Any) -> dict[str, Any]:
    return {
        "kind": "RED_NOTICE",
        "personId": gid("Person", suspect.id),
        "validFrom": "2024-06-01",
        "reference": " a-1234/5-2024 ",
        "issuingCountry": "th",
        **overrides,
    }


async def test_create_red_notice_normalises_reference_and_country(
    session, graphql, officer, suspect
) -> None:
    payload = await run(graphql, CREATE_NOTICE, {"input": red_notice(suspect)}, officer)
    assert payload["__typename"] == "CreateNoticeSuccess"
    notice = payload["notice"]
    assert (notice["reference"], notice["issuingCountry"]) == ("A-1234/5-2024", "TH")
    assert notice["person"]["id"] == gid("Person", suspect.id)
    assert notice["province"]["code"] == "12"
    assert notice["owningUnit"]["id"] == gid("Unit", officer.unit_id)
    assert await count(session, t.Notice) == 1


async def test_a_red_notice_needs_its_reference_and_country(
    session, graphql, officer, suspect
) -> None:
    bare = red_notice(suspect, reference="", issuingCountry=None)
    payload = await run(graphql, CREATE_NOTICE, {"input": bare}, officer)
    assert sorted(fields(payload)) == ["issuingCountry", "reference"]
    malformed = red_notice(suspect, reference="1234-2024", issuingCountry="XX")
    payload = await run(graphql, CREATE_NOTICE, {"input": malformed}, officer)
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [
        ("issuingCountry", "invalid"),
        ("reference", "invalid"),
    ]
    assert await count(session, t.Notice) == 0


async def test_notice_periods_end_after_they_start_and_blacklists_always_end(
    session, graphql, officer, suspect
) -> None:
    backwards = {
        "kind": "WANTED",
        "personId": gid("Person", suspect.id),
        "validFrom": "2025-01-02",
        "validUntil": "2025-01-01",
    }
    assert fields(await run(graphql, CREATE_NOTICE, {"input": backwards}, officer)) == [
        "validUntil"
    ]
    endless = {
        "kind": "BLACKLIST",
        "personId": gid("Person", suspect.id),
        "validFrom": "2025-01-02",
        "position": "Deputy director",
        "ministryCode": "MOI",
        "basis": "PP-77/2024",
    }
    payload = await run(graphql, CREATE_NOTICE, {"input": endless}, officer)
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("validUntil", "required")]
    assert await count(session, t.Notice) == 0


async def test_update_notice_extends_it_and_bumps_the_version(
    session, graphql, officer, suspect
) -> None:
    row = await f.notice(session, subject=suspect, valid_until=date(2025, 12, 31))
    patch = {"expectedVersion": 1, "validUntil": "2026-12-31", "summary": "Extended by the court"}
    payload = await run(
        graphql, UPDATE_NOTICE, {"id": gid("Notice", row.id), "patch": patch}, officer
    )
    assert payload["notice"] == {
        "kind": "WANTED",
        "validUntil": "2026-12-31",
        "summary": "Extended by the court",
        "version": 2,
    }


async def test_turning_a_notice_into_a_red_notice_needs_its_reference(
    session, graphql, officer, suspect
) -> None:
    row = await f.notice(session, subject=suspect)
    variables = {
        "id": gid("Notice", row.id),
        "patch": {"expectedVersion": 1, "kind": "RED_NOTICE", "validFrom": "2024-01-01"},
    }
    payload = await run(graphql, UPDATE_NOTICE, variables, officer)
    assert sorted(fields(payload)) == ["issuingCountry", "reference"]
    unchanged = await fresh(session, t.Notice, row.id)
    assert (unchanged.kind, unchanged.valid_from, unchanged.version) == (
        "wanted",
        date(2025, 1, 1),
        1,
    )
    assert await count(session, t.Notice) == 1
    bad_id = {"id": "nonsense", "patch": {"expectedVersion": 1, "summary": "x"}}
    assert (await run(graphql, UPDATE_NOTICE, bad_id, officer))["__typename"] == "NotFound"
