"""A person's aliases, identity documents and photos: typed errors, nothing half-written."""

from __future__ import annotations

import pytest
from sqlmodel import select

from db import tables as t
from tests import factories as f
from tests.conftest import T0
from tests.test_mutations_persons import (
    ADD_ALIAS,
    ADD_DOCUMENT,
    ADD_PHOTO,
    REMOVE_ALIAS,
    SEARCH,
    SHA,
    UPDATE,
    count,
    gid,
    officer,
    the_error,
)


async def test_add_and_remove_an_alias(session, graphql) -> None:
    me = await officer(session)
    person = await f.person(session)
    await session.commit()
    pid = gid("Person", person.id)
    alias = {"name": "ខ្មៅ", "script": "KHMER"}
    added = await graphql(ADD_ALIAS, {"p": pid, "input": alias}, principal=me)
    assert added.errors is None, added.errors
    assert added.data["addPersonAlias"]["person"] == {"version": 2, "aliases": [alias]}
    assert (await graphql(SEARCH, {"name": "ខ្មៅ"})).data["persons"]["totalCount"] == 1
    removed = await graphql(REMOVE_ALIAS, {"p": pid, "name": "ខ្មៅ"}, principal=me)
    assert removed.data["removePersonAlias"]["person"] == {"version": 3, "aliases": []}
    assert (await graphql(SEARCH, {"name": "ខ្មៅ"})).data["persons"]["totalCount"] == 0


async def test_add_alias_refuses_a_blank_name(session, graphql) -> None:
    me = await officer(session)
    person = await f.person(session)
    await session.commit()
    bad = {"name": " ", "script": "LATIN"}
    result = await graphql(ADD_ALIAS, {"p": gid("Person", person.id), "input": bad}, principal=me)
    assert the_error(result.data["addPersonAlias"]) == ("name", "required")
    assert await count(session, t.PersonAlias) == 0
    await session.refresh(person)
    assert person.version == 1


async def test_remove_alias_refuses_a_name_the_person_does_not_have(session, graphql) -> None:
    me = await officer(session)
    person = await f.person(session)
    session.add(t.PersonAlias(person_id=person.id, name="Khmao", script="latin"))
    await session.commit()
    pid = gid("Person", person.id)
    result = await graphql(REMOVE_ALIAS, {"p": pid, "name": "Khmav"}, principal=me)
    assert the_error(result.data["removePersonAlias"]) == ("name", "unknown")
    assert await count(session, t.PersonAlias) == 1


async def test_add_identity_document(session, graphql) -> None:
    me = await officer(session)
    person = await f.person(session)
    await session.commit()
    doc = {"kind": "PASSPORT", "number": "N 0123456", "issuingCountry": "KH"}
    result = await graphql(
        ADD_DOCUMENT, {"p": gid("Person", person.id), "input": doc}, principal=me
    )
    assert result.errors is None, result.errors
    assert result.data["addIdentityDocument"]["person"] == {
        "version": 2,
        "documents": [{"number": "N 0123456"}],
    }


@pytest.mark.parametrize(
    ("doc", "field", "code"),
    [
        ({"kind": "PASSPORT", "number": "n0123456", "issuingCountry": "KH"}, "number", "conflict"),
        ({"kind": "PASSPORT", "number": "", "issuingCountry": "KH"}, "number", "required"),
        (
            {"kind": "PASSPORT", "number": "N1", "issuingCountry": "KHM"},
            "issuingCountry",
            "invalid",
        ),
    ],
)
async def test_add_identity_document_refuses_bad_input(session, graphql, doc, field, code) -> None:
    me = await officer(session)
    holder = await f.person(session)
    session.add(
        t.IdentityDocument(
            person_id=holder.id,
            kind="passport",
            number="N0123456",
            number_key="N0123456",
            issuing_country="KH",
        )
    )
    person = await f.person(session, given_name_latin="Bopha")
    await session.commit()
    result = await graphql(
        ADD_DOCUMENT, {"p": gid("Person", person.id), "input": doc}, principal=me
    )
    assert the_error(result.data["addIdentityDocument"]) == (field, code)
    assert await count(session, t.IdentityDocument) == 1


async def test_add_person_photo(session, graphql) -> None:
    me = await officer(session)
    person = await f.person(session)
    await session.commit()
    photo = {"sha256": SHA, "contentType": "image/png", "sizeBytes": 1024, "caption": "front"}
    result = await graphql(ADD_PHOTO, {"p": gid("Person", person.id), "input": photo}, principal=me)
    assert result.errors is None, result.errors
    assert result.data["addPersonPhoto"]["person"] == {"version": 2, "photos": [{"sha256": SHA}]}
    row = (await session.execute(select(t.PersonPhoto))).scalars().one()
    assert (row.created_at, row.caption) == (T0, "front")


@pytest.mark.parametrize(
    ("photo", "field"),
    [
        ({"sha256": "g" * 64, "contentType": "image/png", "sizeBytes": 1}, "sha256"),
        (
            {"sha256": SHA, "contentType": "image/png", "sizeBytes": 1, "caption": "c" * 201},
            "caption",
        ),
        (
            {
                "sha256": SHA,
                "contentType": "image/png",
                "sizeBytes": 1,
                "takenAt": "2027-01-01T00:00:00Z",
            },
            "takenAt",
        ),
        (
            {
                "sha256": SHA,
                "contentType": "image/png",
                "sizeBytes": 1,
                "takenAt": "2025-01-01T00:00:00",
            },
            "takenAt",
        ),
    ],
)
async def test_add_person_photo_refuses_bad_input(session, graphql, photo, field) -> None:
    me = await officer(session)
    person = await f.person(session)
    await session.commit()
    result = await graphql(ADD_PHOTO, {"p": gid("Person", person.id), "input": photo}, principal=me)
    assert the_error(result.data["addPersonPhoto"])[0] == field
    assert await count(session, t.PersonPhoto) == 0


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        (UPDATE, {"input": {"expectedVersion": 1, "background": "x"}}),
        (ADD_ALIAS, {"input": {"name": "A", "script": "LATIN"}}),
        (REMOVE_ALIAS, {"name": "A"}),
        (ADD_DOCUMENT, {"input": {"kind": "OTHER", "number": "1", "issuingCountry": "KH"}}),
        (ADD_PHOTO, {"input": {"sha256": SHA, "contentType": "image/png", "sizeBytes": 1}}),
    ],
)
async def test_anonymous_callers_change_no_person(session, graphql, query, variables) -> None:
    person = await f.person(session)
    await session.commit()
    pid = gid("Person", person.id)
    result = await graphql(query, {"id": pid, "p": pid, **variables})
    (payload,) = result.data.values()
    assert payload["__typename"] == "Forbidden"
    await session.refresh(person)
    assert person.version == 1
    assert await count(session, t.PersonAlias) == 0
