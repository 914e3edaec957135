"""A record's history: every version, with field-level differences, who, when, and under which
correction grant and review request."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.clock import FixedClock
from db.lifecycle import open_grant
from tests.conftest import T0
from tests.test_lifecycle_guard import WINDOW, edit, record, stored
from tests.test_mutations_persons import UPDATE as UPDATE_PERSON
from tests.test_mutations_persons import new_person, officer

HISTORY = """
query ($id: ID!) {
  node(id: $id) {
    ... on %s {
      history {
        version action at by correctionGrantId reviewRequestId
        changes { field before after }
      }
    }
  }
}"""
CREATE_PERSON = """
mutation ($input: PersonInput!) {
  createPerson(input: $input) { ... on CreatePersonSuccess { person { id } } }
}"""


def changes(version: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    def load(value: str | None) -> Any:
        return None if value is None else json.loads(value)

    return {c["field"]: (load(c["before"]), load(c["after"])) for c in version["changes"]}


async def test_offence_history_shows_every_version_and_the_grant_that_allowed_it(
    session: AsyncSession, graphql: Any, clock: FixedClock
) -> None:
    author = await officer(session)
    twg = await officer(session, position="technical_working_group")
    offence_id, _ = await record(graphql, author)
    clock.advance(timedelta(hours=1))
    assert (await edit(graphql, author, offence_id, 1, description="Second."))["offence"]
    clock.advance(timedelta(days=5))
    row = await stored(session, offence_id)
    assert row.id is not None and author.user_id is not None
    grant = await open_grant(
        session=session,
        table_name="offence",
        record_id=row.id,
        fields=["description"],
        opened_at=clock.now(),
        expires_at=clock.now() + WINDOW,
        opened_by_id=author.user_id,
        request_id=42,
    )
    await session.commit()
    corrected = await edit(graphql, twg, offence_id, 2, description="Third, granted.")
    assert corrected["__typename"] == "UpdateOffenceSuccess", corrected

    result = await graphql(HISTORY % "Offence", {"id": offence_id}, principal=author)
    assert result.errors is None, result.errors
    versions = result.data["node"]["history"]
    assert [(v["version"], v["action"], v["by"]) for v in versions] == [
        (1, "create", author.username),
        (2, "update", author.username),
        (3, "update", twg.username),
    ]
    assert versions[0]["at"] == T0.isoformat()
    assert changes(versions[0])["description"] == (None, "Phone snatched at the market.")
    assert changes(versions[1]) == {
        "description": ("Phone snatched at the market.", "Second."),
        "version": (1, 2),
    }
    assert changes(versions[2])["description"] == ("Second.", "Third, granted.")
    assert [(v["correctionGrantId"], v["reviewRequestId"]) for v in versions] == [
        (None, None),
        (None, None),
        (grant.id, 42),
    ]


async def test_masked_fields_show_that_they_changed_but_not_their_values(
    session: AsyncSession, graphql: Any, clock: FixedClock
) -> None:
    author = await officer(session)
    offence_id, _ = await record(graphql, author)
    await edit(graphql, author, offence_id, 1, description="Secret narrative.")
    outsider = await officer(session, position="national_analyst")
    result = await graphql(HISTORY % "Offence", {"id": offence_id}, principal=outsider)
    assert result.errors is None, result.errors
    update = result.data["node"]["history"][1]
    assert changes(update)["description"] == (None, None)


async def test_person_history_follows_its_updates(
    session: AsyncSession, graphql: Any, clock: FixedClock
) -> None:
    author = await officer(session)
    created = await graphql(CREATE_PERSON, {"input": new_person()}, principal=author)
    assert created.errors is None, created.errors
    person_id = created.data["createPerson"]["person"]["id"]
    clock.advance(timedelta(hours=2))
    patch = {"expectedVersion": 1, "givenNameLatin": "Vuthy"}
    updated = await graphql(UPDATE_PERSON, {"id": person_id, "input": patch}, principal=author)
    assert updated.errors is None, updated.errors
    result = await graphql(HISTORY % "Person", {"id": person_id}, principal=author)
    assert result.errors is None, result.errors
    versions = result.data["node"]["history"]
    assert [v["version"] for v in versions] == [1, 2]
    assert changes(versions[1])["given_name_latin"] == ("Sophal", "Vuthy")
    assert versions[1]["at"] == (T0 + timedelta(hours=2)).isoformat()
