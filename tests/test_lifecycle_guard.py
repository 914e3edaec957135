"""The record lifecycle through GraphQL: the 48 h window, the lock, granted corrections, versions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import select

from db import tables as t
from db.clock import FixedClock
from db.lifecycle import open_grant
from policies.principal import Principal
from tests.conftest import T0
from tests.test_mutations_offences import RECORD, theft
from tests.test_mutations_persons import gid, officer

UPDATE = """
mutation ($id: ID!, $input: OffencePatch!) {
  updateOffence(id: $id, input: $input) {
    __typename
    ... on UpdateOffenceSuccess { offence { version description typeCode: type { code } } }
    ... on RecordLocked { message since }
    ... on StaleVersion { message currentVersion }
    ... on Forbidden { message }
    ... on NotFound { id }
    ... on ValidationFailed { errors { field code } }
  }
}"""
WINDOW = timedelta(hours=48)


async def record(graphql: Any, author: Principal) -> tuple[str, int]:
    result = await graphql(RECORD, {"input": theft()}, principal=author)
    assert result.errors is None, result.errors
    offence_id = result.data["recordOffence"]["offence"]["id"]
    return offence_id, int(result.data["recordOffence"]["offence"]["version"])


async def edit(graphql: Any, who: Principal, offence_id: str, version: int, **patch: Any) -> Any:
    variables = {"id": offence_id, "input": {"expectedVersion": version, **patch}}
    result = await graphql(UPDATE, variables, principal=who)
    assert result.errors is None, result.errors
    return result.data["updateOffence"]


async def stored(session: AsyncSession, offence_id: str) -> t.Offence:
    session.expire_all()
    rows = (await session.execute(select(t.Offence))).scalars().all()
    (row,) = [r for r in rows if gid("Offence", r.id) == offence_id]
    return row


async def test_the_author_edits_until_48_hours_and_not_after(
    session: AsyncSession, graphql: Any, clock: FixedClock
) -> None:
    author = await officer(session)
    offence_id, version = await record(graphql, author)
    clock.advance(timedelta(hours=47, minutes=59))
    inside = await edit(graphql, author, offence_id, version, description="Corrected in time.")
    assert inside["__typename"] == "UpdateOffenceSuccess", inside
    assert inside["offence"]["version"] == 2
    clock.set(T0 + timedelta(hours=48, minutes=1))
    late = await edit(graphql, author, offence_id, 2, description="Too late.")
    assert late["__typename"] == "RecordLocked", late
    assert late["since"] == (T0 + WINDOW).isoformat()
    assert "locked since" in late["message"]
    row = await stored(session, offence_id)
    assert (row.description, row.version) == ("Corrected in time.", 2)


async def test_a_specialist_of_the_same_unit_may_edit_one_of_another_unit_may_not(
    session: AsyncSession, graphql: Any, clock: FixedClock
) -> None:
    author = await officer(session)
    offence_id, version = await record(graphql, author)
    unit = await session.get(t.Unit, author.unit_id)
    colleague = await officer(session, unit_row=unit)
    stranger = await officer(session)  # a unit of the same province
    clock.advance(timedelta(hours=1))
    refused = await edit(graphql, stranger, offence_id, version, description="Not mine.")
    assert refused["__typename"] == "Forbidden", refused
    allowed = await edit(graphql, colleague, offence_id, version, description="Same unit.")
    assert allowed["__typename"] == "UpdateOffenceSuccess", allowed


async def test_admins_are_locked_out_too(
    session: AsyncSession, graphql: Any, clock: FixedClock
) -> None:
    author = await officer(session)
    offence_id, version = await record(graphql, author)
    clock.advance(WINDOW + timedelta(minutes=1))
    for role in ("admin", "provincial_chief", "technical_working_group"):
        who = await officer(session, position=role)
        payload = await edit(graphql, who, offence_id, version, description="x")
        assert payload["__typename"] in ("RecordLocked", "NotFound"), (role, payload)
    assert (await stored(session, offence_id)).version == version


async def test_linking_information_to_a_locked_offence_stays_possible(
    session: AsyncSession, graphql: Any, clock: FixedClock
) -> None:
    from tests import factories as f
    from tests.test_mutations_offences import LINK

    author = await officer(session)
    offence_id, _ = await record(graphql, author)
    person = await f.person(session)
    await session.commit()
    clock.advance(WINDOW * 3)
    linked = await graphql(
        LINK, {"o": offence_id, "p": gid("Person", person.id), "role": "WITNESS"}, principal=author
    )
    assert linked.errors is None, linked.errors
    assert linked.data["linkPersonToOffence"]["offence"]["version"] == 2


async def test_a_grant_lets_the_working_group_correct_the_granted_fields_once(
    session: AsyncSession, graphql: Any, clock: FixedClock
) -> None:
    author = await officer(session)
    offence_id, version = await record(graphql, author)
    twg = await officer(session, position="technical_working_group")
    clock.advance(timedelta(days=10))
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
        request_id=7,
    )
    await session.commit()
    clock.advance(timedelta(hours=1))
    author_again = await edit(graphql, author, offence_id, version, description="Me?")
    assert author_again["__typename"] == "RecordLocked", author_again
    unapproved = await edit(graphql, twg, offence_id, version, typeCode="ROBBERY")
    assert unapproved["__typename"] == "RecordLocked", unapproved
    assert "typeCode" in unapproved["message"] or "type_code" in unapproved["message"]
    corrected = await edit(graphql, twg, offence_id, version, description="Corrected by TWG.")
    assert corrected["__typename"] == "UpdateOffenceSuccess", corrected
    await session.refresh(grant)
    assert grant.closed_at == clock.now()
    clock.advance(timedelta(minutes=5))
    again = await edit(graphql, twg, offence_id, version + 1, description="Once more.")
    assert again["__typename"] == "RecordLocked", again
    assert (await stored(session, offence_id)).description == "Corrected by TWG."


async def test_an_expired_grant_opens_nothing(
    session: AsyncSession, graphql: Any, clock: FixedClock
) -> None:
    author = await officer(session)
    offence_id, version = await record(graphql, author)
    twg = await officer(session, position="technical_working_group")
    clock.advance(timedelta(days=10))
    row = await stored(session, offence_id)
    assert row.id is not None and author.user_id is not None
    await open_grant(
        session=session,
        table_name="offence",
        record_id=row.id,
        fields=["description"],
        opened_at=clock.now(),
        expires_at=clock.now() + WINDOW,
        opened_by_id=author.user_id,
        request_id=None,
    )
    await session.commit()
    clock.advance(WINDOW + timedelta(seconds=1))
    late = await edit(graphql, twg, offence_id, version, description="Window closed.")
    assert late["__typename"] == "RecordLocked", late


async def test_a_stale_version_is_refused_and_writes_nothing(
    session: AsyncSession, graphql: Any, clock: FixedClock
) -> None:
    author = await officer(session)
    offence_id, version = await record(graphql, author)
    first = await edit(graphql, author, offence_id, version, description="First.")
    assert first["__typename"] == "UpdateOffenceSuccess"
    second = await edit(graphql, author, offence_id, version, description="Based on old.")
    assert second == {
        "__typename": "StaleVersion",
        "message": second["message"],
        "currentVersion": version + 1,
    }
    row = await stored(session, offence_id)
    assert (row.description, row.version) == ("First.", version + 1)
