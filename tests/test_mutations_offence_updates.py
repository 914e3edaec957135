"""Correcting offences and linking persons to them: typed errors, nothing half-written."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import select

from db import tables as t
from tests import factories as f
from tests.test_mutations_offences import FUTURE, LINK, NOT_A_PERSON, UNLINK, UPDATE, the_error
from tests.test_mutations_persons import count, gid, officer


async def recorded(session: AsyncSession, **kw: Any) -> tuple[Any, t.Offence]:
    me = await officer(session)
    recorder = (await session.execute(select(t.User).where(t.User.id == me.user_id))).scalar_one()
    offence = await f.offence(session, recorder=recorder, **kw)
    await session.commit()
    return me, offence


async def test_update_offence_corrects_the_given_facts(session, graphql) -> None:
    me, offence = await recorded(session, district_code="1201")
    patch = {
        "expectedVersion": 1,
        "typeCode": "DRUG_POSSESSION_USE",
        "drug": {"substance": "yaba", "quantity": "20", "unit": "tablet"},
        "place": {"provinceCode": "12"},
        "description": "Corrected.",
    }
    result = await graphql(UPDATE, {"id": gid("Offence", offence.id), "input": patch}, principal=me)
    assert result.errors is None, result.errors
    updated = result.data["updateOffence"]["offence"]
    assert (updated["version"], updated["description"]) == (2, "Corrected.")
    assert (updated["category"]["code"], updated["province"]["code"]) == ("06011", "12")
    assert updated["district"] is None  # the place is replaced whole
    assert updated["drug"]["unit"] == "tablet"
    assert updated["occurredAt"] == offence.occurred_at.isoformat()  # not given, kept
    back = {"expectedVersion": 2, "typeCode": "THEFT", "drug": None}
    result = await graphql(UPDATE, {"id": gid("Offence", offence.id), "input": back}, principal=me)
    assert result.data["updateOffence"]["offence"]["drug"] is None
    row = (await session.execute(select(t.Offence))).scalars().one()
    await session.refresh(row)
    assert (row.version, row.iccs_code, row.drug_quantity) == (3, "05022", None)


@pytest.mark.parametrize(
    ("patch", "field", "code"),
    [
        (
            {"place": {"provinceCode": "01", "districtCode": "1201"}},
            "place.districtCode",
            "invalid",
        ),
        ({"typeCode": "DRUG_TRAFFICKING"}, "drug", "required"),
        ({"typeCode": None}, "typeCode", "required"),
        ({"occurredAt": None}, "occurredAt", "required"),
        ({"occurredAt": FUTURE}, "occurredAt", "out_of_range"),
        ({"ministryCode": "MOH"}, "ministryCode", "invalid"),
        ({"caseId": gid("Case", 999_999)}, "caseId", "unknown"),
        ({"traffic": {"vehicleType": "truck"}}, "traffic", "invalid"),
    ],
)
async def test_update_offence_refuses_bad_input_and_changes_nothing(
    session, graphql, patch, field, code
) -> None:
    me, offence = await recorded(session)
    variables = {"id": gid("Offence", offence.id), "input": {"expectedVersion": 1, **patch}}
    result = await graphql(UPDATE, variables, principal=me)
    assert result.errors is None, result.errors
    assert the_error(result.data["updateOffence"]) == (field, code)
    await session.refresh(offence)
    assert (offence.version, offence.type_code, offence.description) == (1, "THEFT", "test")


async def test_update_offence_with_a_bad_id_is_not_found(session, graphql) -> None:
    me, _ = await recorded(session)
    for bad_id in ("nope", gid("Person", 1), gid("Offence", 999_999)):
        result = await graphql(
            UPDATE,
            {"id": bad_id, "input": {"expectedVersion": 1, "description": "x"}},
            principal=me,
        )
        assert result.data["updateOffence"] == {"__typename": "NotFound", "id": bad_id}


async def test_link_and_unlink_a_person(session, graphql) -> None:
    me, offence = await recorded(session)
    person = await f.person(session)
    await session.commit()
    ids = {"o": gid("Offence", offence.id), "p": gid("Person", person.id), "role": "WITNESS"}
    linked = await graphql(LINK, ids, principal=me)
    assert linked.errors is None, linked.errors
    assert linked.data["linkPersonToOffence"]["offence"] == {
        "version": 2,
        "persons": [{"role": "WITNESS"}],
    }
    unlinked = await graphql(UNLINK, ids, principal=me)
    assert unlinked.data["unlinkPersonFromOffence"]["offence"] == {"version": 3, "persons": []}
    assert await count(session, t.OffencePerson) == 0


async def test_link_refuses_an_unknown_or_already_linked_person(session, graphql) -> None:
    person = await f.person(session)
    me, offence = await recorded(session, persons=[person])
    oid = gid("Offence", offence.id)
    again = await graphql(
        LINK, {"o": oid, "p": gid("Person", person.id), "role": "SUSPECT"}, principal=me
    )
    assert the_error(again.data["linkPersonToOffence"]) == ("personId", "conflict")
    unknown = await graphql(LINK, {"o": oid, "p": NOT_A_PERSON, "role": "VICTIM"}, principal=me)
    assert the_error(unknown.data["linkPersonToOffence"]) == ("personId", "unknown")
    assert await count(session, t.OffencePerson) == 1
    await session.refresh(offence)
    assert offence.version == 1


async def test_unlink_refuses_a_person_not_in_that_role(session, graphql) -> None:
    person = await f.person(session)
    me, offence = await recorded(session, persons=[person])
    ids = {"o": gid("Offence", offence.id), "p": gid("Person", person.id), "role": "VICTIM"}
    result = await graphql(UNLINK, ids, principal=me)
    assert the_error(result.data["unlinkPersonFromOffence"]) == ("personId", "unknown")
    malformed = await graphql(UNLINK, {**ids, "p": "junk", "role": "SUSPECT"}, principal=me)
    assert the_error(malformed.data["unlinkPersonFromOffence"]) == ("personId", "invalid")
    assert await count(session, t.OffencePerson) == 1


@pytest.mark.parametrize("query", [UPDATE, LINK, UNLINK])
async def test_anonymous_callers_change_no_offence(session, graphql, query) -> None:
    person = await f.person(session)
    _, offence = await recorded(session, persons=[person])
    variables = {
        "id": gid("Offence", offence.id),
        "o": gid("Offence", offence.id),
        "p": gid("Person", person.id),
        "role": "SUSPECT",
        "input": {"expectedVersion": 1, "description": "x"},
    }
    result = await graphql(query, variables)
    (payload,) = result.data.values()
    assert payload["__typename"] == "Forbidden"
    await session.refresh(offence)
    assert (offence.version, offence.description) == (1, "test")
    assert await count(session, t.OffencePerson) == 1
