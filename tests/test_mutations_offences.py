"""Offence mutations write what they should; bad input names the field and writes nothing."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import select

from db import tables as t
from tests import factories as f
from tests.conftest import T0
from tests.test_mutations_persons import count, gid, officer

FAILURES = """
  __typename
  ... on ValidationFailed { errors { field code message } }
  ... on NotFound { id }
  ... on Forbidden { message }
"""
OFFENCE = """offence {
  id version description latitude longitude occurredAt recordedAt
  type { code } category { code } province { code } district { code } commune { code }
  ministry { code } case { number } recordedBy { username }
  persons { role person { fullNameLatin } }
  drug { substance quantity unit } traffic { vehicleType plateNumber }
}"""
RECORD = (
    "mutation ($input: OffenceInput!) { recordOffence(input: $input) {"
    + FAILURES
    + "... on RecordOffenceSuccess { "
    + OFFENCE
    + " } } }"
)
UPDATE = (
    "mutation ($id: ID!, $input: OffencePatch!) { updateOffence(id: $id, input: $input) {"
    + FAILURES
    + "... on UpdateOffenceSuccess { "
    + OFFENCE
    + " } } }"
)
LINK = (
    "mutation ($o: ID!, $p: ID!, $role: CaseRole!) {"
    " linkPersonToOffence(offenceId: $o, personId: $p, role: $role) {"
    + FAILURES
    + "... on LinkPersonToOffenceSuccess { offence { version persons { role } } } } }"
)
UNLINK = (
    "mutation ($o: ID!, $p: ID!, $role: CaseRole!) {"
    " unlinkPersonFromOffence(offenceId: $o, personId: $p, role: $role) {"
    + FAILURES
    + "... on UnlinkPersonFromOffenceSuccess { offence { version persons { role } } } } }"
)

AN_HOUR_AGO = (T0 - timedelta(hours=1)).isoformat()


def theft(**kw: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "typeCode": "THEFT",
        "occurredAt": AN_HOUR_AGO,
        "place": {"provinceCode": "12", "districtCode": "1201", "communeCode": "120101"},
        "description": "Phone snatched at the market.",
    }
    values.update(kw)
    return values


def the_error(payload: dict[str, Any]) -> tuple[str, str]:
    assert payload["__typename"] == "ValidationFailed", payload
    assert len(payload["errors"]) == 1, payload["errors"]
    return payload["errors"][0]["field"], payload["errors"][0]["code"]


async def counts(session: AsyncSession) -> tuple[int, int]:
    return await count(session, t.Offence), await count(session, t.OffencePerson)


async def test_record_offence_with_place_persons_and_case(session, graphql) -> None:
    me = await officer(session)
    suspect = await f.person(session)
    victim = await f.person(session, family_name_latin="Keo", given_name_latin="Bopha")
    kase = await f.case(session, lead=await f.unit(session))
    await session.commit()
    persons = [
        {"personId": gid("Person", suspect.id), "role": "SUSPECT"},
        {"personId": gid("Person", victim.id), "role": "VICTIM"},
    ]
    place = {"provinceCode": "12", "communeCode": "120101", "latitude": 11.55, "longitude": 104.92}
    data = theft(place=place, persons=persons, caseId=gid("Case", kase.id))
    result = await graphql(RECORD, {"input": data}, principal=me)
    assert result.errors is None, result.errors
    offence = result.data["recordOffence"]["offence"]
    assert offence["type"]["code"] == "THEFT"
    assert offence["category"]["code"] == "05022"  # copied from the offence type
    assert offence["district"] == {"code": "1201"}  # implied by the commune
    assert (offence["commune"], offence["ministry"]) == ({"code": "120101"}, {"code": "MOI"})
    assert (offence["latitude"], offence["longitude"], offence["version"]) == (11.55, 104.92, 1)
    assert offence["recordedAt"] == T0.isoformat()
    assert offence["case"]["number"] == kase.number
    assert offence["recordedBy"]["username"] == me.username
    assert sorted(p["role"] for p in offence["persons"]) == ["SUSPECT", "VICTIM"]
    assert (offence["drug"], offence["traffic"]) == (None, None)
    row = (await session.execute(select(t.Offence))).scalars().one()
    assert (row.recorded_by_id, row.recorded_unit_id) == (me.user_id, me.unit_id)


async def test_record_drug_and_traffic_offences_with_their_details(session, graphql) -> None:
    me = await officer(session)
    drug = {"substance": "methamphetamine", "quantity": "12.5", "unit": "g"}
    result = await graphql(
        RECORD, {"input": theft(typeCode="DRUG_TRAFFICKING", drug=drug)}, principal=me
    )
    assert result.errors is None, result.errors
    recorded = result.data["recordOffence"]["offence"]
    assert recorded["drug"] == {"substance": "methamphetamine", "quantity": "12.500", "unit": "g"}
    assert recorded["category"]["code"] == "06012"
    traffic = {"vehicleType": "motorbike", "plateNumber": "pp 1a-2345"}
    result = await graphql(
        RECORD, {"input": theft(typeCode="TRAFFIC_SPEEDING", traffic=traffic)}, principal=me
    )
    recorded = result.data["recordOffence"]["offence"]
    assert recorded["traffic"] == {"vehicleType": "motorbike", "plateNumber": "PP 1A-2345"}
    row = (
        (await session.execute(select(t.Offence).where(t.Offence.drug_unit == "g"))).scalars().one()
    )
    assert row.drug_quantity == Decimal("12.5")


async def test_a_partner_ministry_records_inside_its_jurisdiction(session, graphql) -> None:
    me = await officer(session)
    data = theft(typeCode="ILLEGAL_LOGGING", ministryCode="MAFF")
    result = await graphql(RECORD, {"input": data}, principal=me)
    assert result.data["recordOffence"]["offence"]["ministry"] == {"code": "MAFF"}


FUTURE = (T0 + timedelta(minutes=5)).isoformat()
NOT_A_PERSON = gid("Person", 999_999)
DRUG = {"substance": "heroin", "quantity": "3", "unit": "g"}


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"typeCode": "JAYWALKING"}, "typeCode", "unknown"),
        ({"typeCode": " "}, "typeCode", "required"),
        ({"occurredAt": "2026-11-02T01:00:00"}, "occurredAt", "invalid"),
        ({"occurredAt": FUTURE}, "occurredAt", "out_of_range"),
        ({"place": {"provinceCode": "99"}}, "place.provinceCode", "unknown"),
        ({"place": {"provinceCode": ""}}, "place.provinceCode", "required"),
        (
            {"place": {"provinceCode": "01", "districtCode": "1201"}},
            "place.districtCode",
            "invalid",
        ),
        (
            {"place": {"provinceCode": "12", "districtCode": "1299"}},
            "place.districtCode",
            "unknown",
        ),
        (
            {"place": {"provinceCode": "12", "districtCode": "1201", "communeCode": "120201"}},
            "place.communeCode",
            "invalid",
        ),
        (
            {"place": {"provinceCode": "01", "communeCode": "120101"}},
            "place.communeCode",
            "invalid",
        ),
        (
            {"place": {"provinceCode": "12", "communeCode": "129999"}},
            "place.communeCode",
            "unknown",
        ),
        (
            {"place": {"provinceCode": "12", "latitude": 95.0, "longitude": 104.9}},
            "place.latitude",
            "out_of_range",
        ),
        (
            {"place": {"provinceCode": "12", "latitude": 21.0, "longitude": 104.9}},
            "place.latitude",
            "out_of_range",
        ),
        (
            {"place": {"provinceCode": "12", "latitude": 11.5, "longitude": -200.0}},
            "place.longitude",
            "out_of_range",
        ),
        (
            {"place": {"provinceCode": "12", "latitude": 11.5, "longitude": 100.5}},
            "place.longitude",
            "out_of_range",
        ),
        ({"place": {"provinceCode": "12", "latitude": 11.5}}, "place.longitude", "required"),
        ({"description": "x" * 20_001}, "description", "too_long"),
        ({"ministryCode": "NASA"}, "ministryCode", "unknown"),
        ({"ministryCode": "MOJ"}, "ministryCode", "invalid"),
        ({"typeCode": "DRUG_POSSESSION_USE"}, "drug", "required"),
        ({"drug": DRUG}, "drug", "invalid"),
        (
            {"typeCode": "DRUG_PRODUCTION", "drug": {**DRUG, "substance": ""}},
            "drug.substance",
            "required",
        ),
        (
            {"typeCode": "DRUG_PRODUCTION", "drug": {**DRUG, "quantity": "0"}},
            "drug.quantity",
            "out_of_range",
        ),
        (
            {"typeCode": "DRUG_PRODUCTION", "drug": {**DRUG, "quantity": "-2"}},
            "drug.quantity",
            "out_of_range",
        ),
        (
            {"typeCode": "DRUG_PRODUCTION", "drug": {**DRUG, "quantity": "1.0001"}},
            "drug.quantity",
            "invalid",
        ),
        ({"typeCode": "DRUG_PRODUCTION", "drug": {**DRUG, "unit": "lb"}}, "drug.unit", "invalid"),
        (
            {"typeCode": "DRUG_PRODUCTION", "drug": {**DRUG, "quantity": "2.5", "unit": "tablet"}},
            "drug.quantity",
            "invalid",
        ),
        ({"traffic": {"vehicleType": "car"}}, "traffic", "invalid"),
        (
            {"typeCode": "TRAFFIC_NO_HELMET", "traffic": {"plateNumber": "P" * 25}},
            "traffic.plateNumber",
            "too_long",
        ),
        (
            {"persons": [{"personId": "garbage", "role": "SUSPECT"}]},
            "persons.0.personId",
            "invalid",
        ),
        (
            {"persons": [{"personId": gid("Case", 1), "role": "SUSPECT"}]},
            "persons.0.personId",
            "invalid",
        ),
        (
            {"persons": [{"personId": NOT_A_PERSON, "role": "VICTIM"}]},
            "persons.0.personId",
            "unknown",
        ),
        ({"caseId": "garbage"}, "caseId", "invalid"),
        ({"caseId": gid("Case", 999_999)}, "caseId", "unknown"),
    ],
)
async def test_record_offence_refuses_each_broken_rule_naming_the_field(
    session, graphql, change, field, code
) -> None:
    me = await officer(session)
    before = await counts(session)
    result = await graphql(RECORD, {"input": theft(**change)}, principal=me)
    assert result.errors is None, result.errors
    assert the_error(result.data["recordOffence"]) == (field, code)
    assert await counts(session) == before


async def test_record_offence_refuses_a_person_twice_in_one_role_and_a_closed_case(
    session, graphql
) -> None:
    me = await officer(session)
    person = await f.person(session)
    closed = await f.case(session, lead=await f.unit(session), status="closed")
    await session.commit()
    twice = [{"personId": gid("Person", person.id), "role": "SUSPECT"}] * 2
    result = await graphql(
        RECORD, {"input": theft(persons=twice, caseId=gid("Case", closed.id))}, principal=me
    )
    errors = {(e["field"], e["code"]) for e in result.data["recordOffence"]["errors"]}
    assert errors == {("persons.1.personId", "conflict"), ("caseId", "invalid")}
    assert await counts(session) == (0, 0)


async def test_record_offence_reports_every_problem_at_once(session, graphql) -> None:
    me = await officer(session)
    bad = theft(
        typeCode="DRUG_TRAFFICKING",
        occurredAt=FUTURE,
        place={"provinceCode": "12", "districtCode": "0102", "latitude": 1.0, "longitude": 104.0},
        persons=[{"personId": "x", "role": "WITNESS"}],
    )
    result = await graphql(RECORD, {"input": bad}, principal=me)
    fields = [e["field"] for e in result.data["recordOffence"]["errors"]]
    assert sorted(fields) == sorted(
        ["occurredAt", "place.districtCode", "place.latitude", "drug", "persons.0.personId"]
    )


async def test_record_offence_needs_a_signed_in_officer_of_a_unit(session, graphql) -> None:
    result = await graphql(RECORD, {"input": theft()})
    assert result.data["recordOffence"]["__typename"] == "Forbidden"
    me = await officer(session)
    unitless = type(me)(username=me.username, user_id=me.user_id, province_code="12")
    result = await graphql(RECORD, {"input": theft()}, principal=unitless)
    assert result.data["recordOffence"]["__typename"] == "Forbidden"
    assert await counts(session) == (0, 0)
