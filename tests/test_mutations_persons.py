"""Person mutations write what they should; bad input names the field and writes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import select
from strawberry.relay import GlobalID

from db import tables as t
from db.photos import record_upload, store_blob
from policies.enforcer import default_policy
from policies.principal import Principal
from tests import factories as f
from tests.conftest import T0

PERSON_FIELDS = """
  __typename
  ... on ValidationFailed { errors { field code message } }
  ... on NotFound { id }
  ... on Forbidden { message }
"""

CREATE = (
    """
mutation ($input: PersonInput!) { createPerson(input: $input) {"""
    + PERSON_FIELDS
    + """
  ... on CreatePersonSuccess { person {
    id fullNameLatin fullNameKm sex nationality provinceCode version background
    birthDate { text } aliases { name script } documents { kind number issuingCountry }
    photos { sha256 contentType sizeBytes caption }
  } }
} }
"""
)
UPDATE = (
    "mutation ($id: ID!, $input: PersonPatch!) { updatePerson(id: $id, input: $input) {"
    + PERSON_FIELDS
    + "... on UpdatePersonSuccess { person { fullNameLatin nationality background version "
    "birthDate { text } updatedAt } } } }"
)
ADD_ALIAS = (
    "mutation ($p: ID!, $input: PersonAliasInput!) { addPersonAlias(personId: $p, input: $input) {"
    + PERSON_FIELDS
    + "... on AddPersonAliasSuccess { person { version aliases { name script } } } } }"
)
REMOVE_ALIAS = (
    "mutation ($p: ID!, $name: String!) { removePersonAlias(personId: $p, name: $name) {"
    + PERSON_FIELDS
    + "... on RemovePersonAliasSuccess { person { version aliases { name } } } } }"
)
ADD_DOCUMENT = (
    "mutation ($p: ID!, $input: IdentityDocumentInput!) {"
    " addIdentityDocument(personId: $p, input: $input) {"
    + PERSON_FIELDS
    + "... on AddIdentityDocumentSuccess { person { version documents { number } } } } }"
)
ADD_PHOTO = (
    "mutation ($p: ID!, $input: PersonPhotoInput!) { addPersonPhoto(personId: $p, input: $input) {"
    + PERSON_FIELDS
    + "... on AddPersonPhotoSuccess { person { version photos { sha256 } } } } }"
)
SEARCH = 'query ($name: String!) { persons(filter: {name: $name, purpose: "checking a new record"}) { totalCount } }'

SHA = "ab" * 32


async def officer(session: AsyncSession, **kw: Any) -> Principal:
    """A signed-in user who has uploaded the photo ``SHA`` names (a hash is not a permission:
    only bytes one uploaded or can see may be named in a photo row)."""
    user = await f.user(session, **kw)
    blob = t.PhotoBlob(
        sha256=SHA, content_type="image/jpeg", size=52_000, data=b"\xff\xd8\xff", created_at=T0
    )
    await store_blob(session=session, blob=blob)
    assert user.id is not None
    await record_upload(session=session, sha256=SHA, user_id=user.id, now=T0)
    await session.commit()
    return Principal(
        username=user.username,
        user_id=user.id,
        province_code=user.province_code,
        unit_id=user.unit_id,
        roles=(user.position,),
        policy=default_policy(),
    )


async def count(session: AsyncSession, model: type[Any]) -> int:
    return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


def gid(type_name: str, ident: int | None) -> str:
    return str(GlobalID(type_name, str(ident)))


def new_person(**kw: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "familyNameLatin": "Chea",
        "givenNameLatin": "Sophal",
        "familyNameKm": "ជា",
        "givenNameKm": "សុផល",
        "sex": "MALE",
        "nationality": "kh",
        "birthDate": {"year": 1988, "month": 3},
        "background": "Motorbike mechanic in Tuol Kork.",
        "aliases": [{"name": "Phal", "script": "LATIN"}],
        "documents": [{"kind": "NATIONAL_ID", "number": "n° 0102-3456", "issuingCountry": "KH"}],
        "photos": [{"sha256": SHA.upper(), "contentType": "image/jpeg", "sizeBytes": 52_000}],
    }
    values.update(kw)
    return values


def the_error(payload: dict[str, Any]) -> tuple[str, str]:
    assert payload["__typename"] == "ValidationFailed", payload
    assert len(payload["errors"]) == 1, payload["errors"]
    return payload["errors"][0]["field"], payload["errors"][0]["code"]


async def test_create_person_records_everything_under_the_officers_province(
    session, graphql
) -> None:
    me = await officer(session, unit_row=await f.unit(session, province="17"))
    result = await graphql(CREATE, {"input": new_person()}, principal=me)
    assert result.errors is None, result.errors
    person = result.data["createPerson"]["person"]
    assert person["fullNameLatin"] == "Chea Sophal"
    assert person["fullNameKm"] == "ជា សុផល"
    assert (person["nationality"], person["provinceCode"], person["version"]) == ("KH", "17", 1)
    assert person["birthDate"]["text"] == "1988-03"
    assert person["aliases"] == [{"name": "Phal", "script": "LATIN"}]
    assert person["documents"] == [
        {"kind": "NATIONAL_ID", "number": "n° 0102-3456", "issuingCountry": "KH"}
    ]
    assert person["photos"][0]["sha256"] == SHA
    row = (await session.execute(select(t.Person))).scalars().one()
    assert (row.recorded_by_id, row.recorded_unit_id, row.created_at) == (
        me.user_id,
        me.unit_id,
        T0,
    )
    doc = (await session.execute(select(t.IdentityDocument))).scalars().one()
    assert doc.number_key == "01023456"
    found = await graphql(SEARCH, {"name": "Phal"}, principal=me)
    assert found.data["persons"]["totalCount"] == 1


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        (
            {"familyNameLatin": "", "givenNameLatin": " ", "familyNameKm": "", "givenNameKm": ""},
            "familyNameLatin",
            "required",
        ),
        ({"givenNameLatin": "x" * 81}, "givenNameLatin", "too_long"),
        ({"nationality": "XX"}, "nationality", "invalid"),
        ({"nationality": ""}, "nationality", "required"),
        ({"birthDate": {"year": 1990, "month": 13}}, "birthDate", "out_of_range"),
        ({"birthDate": {"year": 2030}}, "birthDate", "out_of_range"),
        ({"birthDate": {"day": 3}}, "birthDate", "invalid"),
        ({"aliases": [{"name": "  ", "script": "KHMER"}]}, "aliases.0.name", "required"),
        (
            {"documents": [{"kind": "PASSPORT", "number": "--", "issuingCountry": "KH"}]},
            "documents.0.number",
            "invalid",
        ),
        (
            {"documents": [{"kind": "PASSPORT", "number": "N123", "issuingCountry": "QQ"}]},
            "documents.0.issuingCountry",
            "invalid",
        ),
        (
            {
                "documents": [
                    {"kind": "PASSPORT", "number": "N123", "issuingCountry": "KH"},
                    {"kind": "PASSPORT", "number": "n-123", "issuingCountry": "kh"},
                ]
            },
            "documents.1.number",
            "conflict",
        ),
        (
            {"photos": [{"sha256": "abc", "contentType": "image/png", "sizeBytes": 1}]},
            "photos.0.sha256",
            "invalid",
        ),
        (
            {"photos": [{"sha256": SHA, "contentType": "image/gif", "sizeBytes": 1}]},
            "photos.0.contentType",
            "invalid",
        ),
        (
            {"photos": [{"sha256": SHA, "contentType": "image/png", "sizeBytes": 0}]},
            "photos.0.sizeBytes",
            "out_of_range",
        ),
        (
            {"photos": [{"sha256": SHA, "contentType": "image/webp", "sizeBytes": 10_485_761}]},
            "photos.0.sizeBytes",
            "out_of_range",
        ),
    ],
)
async def test_create_person_refuses_bad_input_naming_the_field(
    session, graphql, change, field, code
) -> None:
    me = await officer(session)
    result = await graphql(CREATE, {"input": new_person(**change)}, principal=me)
    assert result.errors is None, result.errors
    assert the_error(result.data["createPerson"]) == (field, code)
    for model in (t.Person, t.PersonAlias, t.IdentityDocument, t.PersonPhoto, t.PersonNameKey):
        assert await count(session, model) == 0


async def test_create_person_refuses_a_document_on_file_for_another_person(
    session, graphql
) -> None:
    me = await officer(session)
    other = await f.person(session)
    session.add(
        t.IdentityDocument(
            person_id=other.id,
            kind="national_id",
            number="0102 3456",
            number_key="01023456",
            issuing_country="KH",
        )
    )
    await session.commit()
    result = await graphql(CREATE, {"input": new_person()}, principal=me)
    assert the_error(result.data["createPerson"]) == ("documents.0.number", "conflict")
    assert await count(session, t.Person) == 1
    assert await count(session, t.PersonAlias) == 0


async def test_create_person_reports_every_problem_at_once(session, graphql) -> None:
    me = await officer(session)
    bad = new_person(
        nationality="XX",
        birthDate={"year": 1800},
        photos=[{"sha256": "z", "contentType": "text/plain", "sizeBytes": -1}],
    )
    result = await graphql(CREATE, {"input": bad}, principal=me)
    fields = {e["field"] for e in result.data["createPerson"]["errors"]}
    assert fields == {
        "nationality",
        "birthDate",
        "photos.0.sha256",
        "photos.0.contentType",
        "photos.0.sizeBytes",
    }


async def test_create_person_needs_a_signed_in_officer_with_a_province(session, graphql) -> None:
    anonymous = await graphql(CREATE, {"input": new_person()})
    assert anonymous.data["createPerson"]["__typename"] == "Forbidden"
    assert anonymous.data["createPerson"]["message"].startswith("sign in")
    national = await officer(session, province_code=None)
    nowhere = Principal(username="hq", user_id=national.user_id, province_code=None)
    result = await graphql(CREATE, {"input": new_person()}, principal=nowhere)
    assert result.data["createPerson"]["__typename"] == "Forbidden"
    assert await count(session, t.Person) == 0


async def test_update_person_changes_only_the_given_facts(session, graphql, clock) -> None:
    me = await officer(session)
    person = await f.person(session, background="old")
    await session.commit()
    clock.advance(timedelta(hours=2))
    patch = {
        "expectedVersion": 1,
        "givenNameLatin": "Vuthy",
        "background": None,
        "birthDate": {"year": 1991},
    }
    result = await graphql(UPDATE, {"id": gid("Person", person.id), "input": patch}, principal=me)
    assert result.errors is None, result.errors
    updated = result.data["updatePerson"]["person"]
    assert updated["fullNameLatin"] == "Sok Vuthy"
    assert (updated["nationality"], updated["background"], updated["version"]) == ("KH", "", 2)
    assert updated["birthDate"]["text"] == "1991"
    assert updated["updatedAt"] == (T0 + timedelta(hours=2)).isoformat()
    assert (await graphql(SEARCH, {"name": "Vuthy"})).data["persons"]["totalCount"] == 1
    assert (await graphql(SEARCH, {"name": "Sok Dara"})).data["persons"]["totalCount"] == 0


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"nationality": "ZZ"}, "nationality"),
        ({"nationality": None}, "nationality"),
        ({"sex": None}, "sex"),
        ({"birthDate": {"year": 1990, "month": 2, "day": 30}}, "birthDate"),
        (
            {
                "familyNameLatin": None,
                "givenNameLatin": "",
                "familyNameKm": None,
                "givenNameKm": None,
            },
            "familyNameLatin",
        ),
    ],
)
async def test_update_person_refuses_bad_input_and_changes_nothing(
    session, graphql, patch, field
) -> None:
    me = await officer(session)
    person = await f.person(session)
    await session.commit()
    variables = {"id": gid("Person", person.id), "input": {"expectedVersion": 1, **patch}}
    result = await graphql(UPDATE, variables, principal=me)
    assert result.errors is None, result.errors
    assert the_error(result.data["updatePerson"])[0] == field
    await session.refresh(person)
    assert (person.version, person.nationality, person.given_name_latin) == (1, "KH", "Dara")


@pytest.mark.parametrize("bad_id", ["nonsense", gid("Offence", 1), gid("Person", 999_999)])
async def test_update_person_with_a_bad_id_is_not_found(session, graphql, bad_id) -> None:
    me = await officer(session)
    result = await graphql(
        UPDATE, {"id": bad_id, "input": {"expectedVersion": 1, "background": "x"}}, principal=me
    )
    assert result.data["updatePerson"] == {"__typename": "NotFound", "id": bad_id}
