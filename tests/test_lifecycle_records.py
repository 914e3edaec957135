"""The lifecycle guard holds for every record type, not only offences: authorship is stamped on
entry, the author's unit edits for 48 h, then the record is locked."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db import tables as t
from db.clock import FixedClock
from db.lifecycle import open_grant
from tests import factories as f
from tests.test_lifecycle_guard import WINDOW
from tests.test_mutations_cases import OPEN_CASE, UPDATE_CASE, new_case
from tests.test_mutations_orders import CREATE_WARRANT, UPDATE_WARRANT, run, warrant_input
from tests.test_mutations_persons import UPDATE as UPDATE_PERSON
from tests.test_mutations_persons import gid, officer

LOCKED = "... on RecordLocked { since }"


async def test_a_warrant_is_stamped_with_its_author_and_locked_after_48_hours(
    session: AsyncSession, graphql: Any, clock: FixedClock
) -> None:
    author = await officer(session)
    suspect = await f.person(session)
    await session.commit()
    created = await run(graphql, CREATE_WARRANT, {"input": warrant_input(suspect)}, author)
    assert created["__typename"] == "CreateWarrantSuccess", created
    (row,) = [w for w in (await session.execute(t.Warrant.__table__.select())).all()]
    assert (row.created_by_id, row.created_unit_id) == (author.user_id, author.unit_id)
    warrant_id = gid("Warrant", row.id)
    stranger = await officer(session)
    inside = {"id": warrant_id, "patch": {"expectedVersion": 1, "notes": "mine?"}}
    assert (await run(graphql, UPDATE_WARRANT, inside, stranger))["__typename"] == "Forbidden"
    clock.advance(WINDOW - timedelta(minutes=1))
    assert (await run(graphql, UPDATE_WARRANT, inside, author))["__typename"] == (
        "UpdateWarrantSuccess"
    )
    clock.advance(timedelta(minutes=2))
    late = {"id": warrant_id, "patch": {"expectedVersion": 2, "notes": "late"}}
    assert (await run(graphql, UPDATE_WARRANT, late, author))["__typename"] == "RecordLocked"


async def test_a_case_is_locked_after_48_hours_and_a_stale_patch_is_refused(
    session: AsyncSession, graphql: Any, clock: FixedClock
) -> None:
    author = await officer(session)
    opened = await run(graphql, OPEN_CASE, {"input": new_case()}, author)
    assert opened["__typename"] == "OpenCaseSuccess", opened
    case_id = opened["case"]["id"]
    stale = {"id": case_id, "patch": {"expectedVersion": 7, "title": "x"}}
    assert (await run(graphql, UPDATE_CASE, stale, author))["__typename"] == "StaleVersion"
    clock.advance(WINDOW + timedelta(minutes=1))
    late = {"id": case_id, "patch": {"expectedVersion": 1, "title": "Renamed"}}
    assert (await run(graphql, UPDATE_CASE, late, author))["__typename"] == "RecordLocked"


async def test_the_working_group_corrects_a_person_under_a_grant(
    session: AsyncSession, graphql: Any, clock: FixedClock
) -> None:
    author = await officer(session)
    twg = await officer(session, position="technical_working_group")
    person = await f.person(session, created_at=clock.now() - timedelta(days=3))
    await session.commit()
    person_id = gid("Person", person.id)
    patch = {"expectedVersion": 1, "givenNameLatin": "Vuthy"}
    query = UPDATE_PERSON.replace("__typename", "__typename " + LOCKED, 1)
    refused = await graphql(query, {"id": person_id, "input": patch}, principal=twg)
    assert refused.data["updatePerson"]["__typename"] == "RecordLocked", refused
    assert person.id is not None and author.user_id is not None
    await open_grant(
        session=session,
        table_name="person",
        record_id=person.id,
        fields=["given_name_latin"],
        opened_at=clock.now(),
        expires_at=clock.now() + WINDOW,
        opened_by_id=author.user_id,
        request_id=None,
    )
    await session.commit()
    corrected = await graphql(query, {"id": person_id, "input": patch}, principal=twg)
    assert corrected.errors is None, corrected.errors
    assert corrected.data["updatePerson"]["__typename"] == "UpdatePersonSuccess", corrected


async def test_progress_after_entry_is_not_a_correction(
    session: AsyncSession, graphql: Any, clock: FixedClock
) -> None:
    author = await officer(session)
    opened = await run(graphql, OPEN_CASE, {"input": new_case()}, author)
    case_id = opened["case"]["id"]
    clock.advance(timedelta(days=30))
    closing = {
        "id": case_id,
        "patch": {"expectedVersion": 1, "status": "CLOSED", "disposition": "Sent to court"},
    }
    closed = await run(graphql, UPDATE_CASE, closing, author)
    assert closed["__typename"] == "UpdateCaseSuccess", closed
    assert closed["case"]["status"] == "CLOSED"
