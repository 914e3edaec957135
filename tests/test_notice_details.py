"""Escaped and released-prisoner notices carry their own facts: from where and when the person
escaped; the day of release, its conditions and the reporting duty. Each kind requires its own,
refuses another kind's, and locks them with the rest of the notice after 48 h."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession

from db import tables as t
from db.clock import FixedClock
from db.demo import load_demo
from db.engine import Database, make_engine
from db.migrate import alembic_config, upgrade
from policies.principal import Principal
from tests import factories as f
from tests.test_lifecycle_guard import WINDOW
from tests.test_mutations_cases import FAILURES, count, fields, fresh, gid, run
from tests.test_mutations_orders import (
    officer,  # noqa: F401  (a fixture)
    red_notice,
    suspect,  # noqa: F401  (a fixture)
)

DETAILS = """kind validFrom validUntil escapedFrom escapedAt releasedOn releaseConditions
  reportingDuty version"""

CREATE = f"""
mutation ($input: CreateNoticeInput!) {{
  createNotice(input: $input) {{
    __typename
    ... on CreateNoticeSuccess {{ notice {{ id {DETAILS} }} }}
    {FAILURES}
  }}
}}"""

UPDATE = f"""
mutation ($id: ID!, $patch: NoticePatchInput!) {{
  updateNotice(id: $id, patch: $patch) {{
    __typename
    ... on UpdateNoticeSuccess {{ notice {{ {DETAILS} }} }}
    ... on RecordLocked {{ since }}
    {FAILURES}
  }}
}}"""

READ = f"""
query ($id: ID!) {{ node(id: $id) {{ ... on Notice {{ {DETAILS} }} }} }}
"""

NEW_COLUMNS = {"escaped_from", "escaped_at", "released_on", "release_conditions", "reporting_duty"}


def escaped(person: t.Person, **overrides: Any) -> dict[str, Any]:
    return {
        "kind": "ESCAPED",
        "personId": gid("Person", person.id),
        "validFrom": "2026-11-02",
        "escapedFrom": " Prey Sar prison (CC1) ",
        "escapedAt": "2026-11-01T22:30:00+07:00",
        **overrides,
    }


def released(person: t.Person, **overrides: Any) -> dict[str, Any]:
    return {
        "kind": "RELEASED_PRISONER",
        "personId": gid("Person", person.id),
        "validFrom": "2026-10-15",
        "validUntil": "2027-10-14",
        "releasedOn": "2026-10-15",
        "releaseConditions": "May not leave Phnom Penh without the court's permission",
        "reportingDuty": "weekly at the district police post",
        **overrides,
    }


def problems(payload: dict[str, Any]) -> list[tuple[str, str]]:
    assert payload["__typename"] == "ValidationFailed", payload
    return sorted((e["field"], e["code"]) for e in payload["errors"])


async def test_an_escaped_notice_says_from_where_and_when_and_reads_back(
    session, graphql, officer, suspect
) -> None:
    payload = await run(graphql, CREATE, {"input": escaped(suspect)}, officer)
    assert payload["__typename"] == "CreateNoticeSuccess", payload
    notice = payload["notice"]
    expected = {
        "kind": "ESCAPED",
        "validFrom": "2026-11-02",
        "validUntil": None,
        "escapedFrom": "Prey Sar prison (CC1)",
        "escapedAt": "2026-11-01T15:30:00+00:00",
        "releasedOn": None,
        "releaseConditions": "",
        "reportingDuty": "",
        "version": 1,
    }
    assert {k: v for k, v in notice.items() if k != "id"} == expected
    read = await graphql(READ, {"id": notice["id"]})
    assert read.errors is None, read.errors
    assert read.data["node"] == expected
    (row,) = (await session.execute(t.Notice.__table__.select())).all()
    assert row.escaped_at == datetime(2026, 11, 1, 15, 30, tzinfo=UTC)


async def test_a_released_notice_says_when_on_what_conditions_and_where_to_report(
    session, graphql, officer, suspect
) -> None:
    payload = await run(graphql, CREATE, {"input": released(suspect)}, officer)
    assert payload["__typename"] == "CreateNoticeSuccess", payload
    read = await graphql(READ, {"id": payload["notice"]["id"]})
    assert read.data["node"] == {
        "kind": "RELEASED_PRISONER",
        "validFrom": "2026-10-15",
        "validUntil": "2027-10-14",
        "escapedFrom": "",
        "escapedAt": None,
        "releasedOn": "2026-10-15",
        "releaseConditions": "May not leave Phnom Penh without the court's permission",
        "reportingDuty": "weekly at the district police post",
        "version": 1,
    }
    # Conditions are optional: a sentence served leaves none.
    unconditional = released(suspect, releaseConditions="")
    payload = await run(graphql, CREATE, {"input": unconditional}, officer)
    assert payload["__typename"] == "CreateNoticeSuccess", payload
    assert await count(session, t.Notice) == 2


async def test_an_escaped_notice_needs_where_and_a_past_moment_with_its_offset(
    session, graphql, clock, officer, suspect
) -> None:
    bare = escaped(suspect, escapedFrom="", escapedAt=None)
    assert problems(await run(graphql, CREATE, {"input": bare}, officer)) == [
        ("escapedAt", "required"),
        ("escapedFrom", "required"),
    ]
    unset = escaped(suspect)
    del unset["escapedAt"], unset["escapedFrom"]
    assert fields(await run(graphql, CREATE, {"input": unset}, officer)) == [
        "escapedFrom",
        "escapedAt",
    ]
    future = escaped(suspect, escapedAt=(clock.now() + timedelta(minutes=5)).isoformat())
    assert problems(await run(graphql, CREATE, {"input": future}, officer)) == [
        ("escapedAt", "out_of_range")
    ]
    naive = escaped(suspect, escapedAt="2026-11-01T22:30:00", escapedFrom="x" * 201)
    assert problems(await run(graphql, CREATE, {"input": naive}, officer)) == [
        ("escapedAt", "invalid"),
        ("escapedFrom", "too_long"),
    ]
    assert await count(session, t.Notice) == 0


async def test_a_released_notice_needs_a_past_release_day_and_a_reporting_duty(
    session, graphql, clock, officer, suspect
) -> None:
    bare = released(suspect, releasedOn=None, reportingDuty=" ")
    assert problems(await run(graphql, CREATE, {"input": bare}, officer)) == [
        ("releasedOn", "required"),
        ("reportingDuty", "required"),
    ]
    # T0 is 2 November in Phnom Penh; the 3rd is tomorrow there.
    tomorrow = released(suspect, releasedOn="2026-11-03", validFrom="2026-11-03")
    assert problems(await run(graphql, CREATE, {"input": tomorrow}, officer)) == [
        ("releasedOn", "out_of_range")
    ]
    clock.set(datetime(2026, 11, 2, 18, 0, tzinfo=UTC))  # already the 3rd in Phnom Penh
    payload = await run(graphql, CREATE, {"input": tomorrow}, officer)
    assert payload["__typename"] == "CreateNoticeSuccess", payload
    too_long = released(suspect, releaseConditions="x" * 601, reportingDuty="y" * 201)
    assert problems(await run(graphql, CREATE, {"input": too_long}, officer)) == [
        ("releaseConditions", "too_long"),
        ("reportingDuty", "too_long"),
    ]
    assert await count(session, t.Notice) == 1


async def test_monitoring_does_not_start_before_the_release(
    session, graphql, officer, suspect
) -> None:
    early = released(suspect, validFrom="2026-10-14")
    payload = await run(graphql, CREATE, {"input": early}, officer)
    assert problems(payload) == [("validFrom", "out_of_range")]
    assert "day of release" in payload["errors"][0]["message"]
    assert await count(session, t.Notice) == 0


async def test_another_kinds_fields_are_refused_as_not_applicable(
    session, graphql, officer, suspect
) -> None:
    on_red = red_notice(suspect, escapedFrom="Prey Sar prison (CC1)")
    payload = await run(graphql, CREATE, {"input": on_red}, officer)
    assert payload["errors"] == [
        {
            "field": "escapedFrom",
            "code": "not_applicable",
            "message": "only escaped notices have it",
        }
    ]
    on_wanted = {
        "kind": "WANTED",
        "personId": gid("Person", suspect.id),
        "validFrom": "2026-01-01",
        "releasedOn": "2025-12-31",
        "releaseConditions": "none",
        "reportingDuty": "weekly",
        "escapedAt": "2026-11-01T22:30:00+07:00",
    }
    assert problems(await run(graphql, CREATE, {"input": on_wanted}, officer)) == [
        ("escapedAt", "not_applicable"),
        ("releaseConditions", "not_applicable"),
        ("releasedOn", "not_applicable"),
        ("reportingDuty", "not_applicable"),
    ]
    crossed = escaped(suspect, reportingDuty="weekly", reference="A-1/1-2024", position="judge")
    assert problems(await run(graphql, CREATE, {"input": crossed}, officer)) == [
        ("position", "not_applicable"),
        ("reference", "not_applicable"),
        ("reportingDuty", "not_applicable"),
    ]
    assert await count(session, t.Notice) == 0


async def _stored_escape(session: AsyncSession, suspect: t.Person) -> t.Notice:
    return await f.notice(
        session,
        subject=suspect,
        kind="escaped",
        valid_from=date(2026, 10, 1),
        escaped_from="Battambang provincial prison",
        escaped_at=datetime(2026, 9, 30, 20, 0, tzinfo=UTC),
    )


async def test_update_corrects_the_details_as_a_patch_on_the_stored_notice(
    session, graphql, officer, suspect
) -> None:
    row = await _stored_escape(session, suspect)
    notice_id = gid("Notice", row.id)
    patch = {"expectedVersion": 1, "escapedFrom": "Prey Sar prison (CC2)"}
    payload = await run(graphql, UPDATE, {"id": notice_id, "patch": patch}, officer)
    assert payload["notice"]["escapedFrom"] == "Prey Sar prison (CC2)"
    assert payload["notice"]["escapedAt"] == "2026-09-30T20:00:00+00:00"  # kept
    assert payload["notice"]["version"] == 2
    for bad, expected in [
        ({"escapedFrom": None}, ("escapedFrom", "required")),
        ({"escapedAt": None}, ("escapedAt", "required")),
        ({"escapedAt": "2026-11-03T00:00:00+07:00"}, ("escapedAt", "out_of_range")),
        ({"reportingDuty": "weekly"}, ("reportingDuty", "not_applicable")),
    ]:
        variables = {"id": notice_id, "patch": {"expectedVersion": 2, **bad}}
        assert problems(await run(graphql, UPDATE, variables, officer)) == [expected]
    unchanged = await fresh(session, t.Notice, row.id)
    assert (unchanged.escaped_from, unchanged.version) == ("Prey Sar prison (CC2)", 2)


async def test_changing_the_kind_means_clearing_the_old_kinds_fields(
    session, graphql, officer, suspect
) -> None:
    row = await _stored_escape(session, suspect)
    notice_id = gid("Notice", row.id)
    to_released = {"expectedVersion": 1, "kind": "RELEASED_PRISONER"}
    payload = await run(graphql, UPDATE, {"id": notice_id, "patch": to_released}, officer)
    assert problems(payload) == [
        ("escapedAt", "not_applicable"),
        ("escapedFrom", "not_applicable"),
        ("releasedOn", "required"),
        ("reportingDuty", "required"),
    ]
    assert "clear it" in payload["errors"][-1]["message"]
    cleared = to_released | {
        "escapedFrom": "",
        "escapedAt": None,
        "releasedOn": "2026-10-02",
        "reportingDuty": "monthly at the commune police post",
    }
    # The stored monitoring start (1 October) falls before the release now given.
    payload = await run(graphql, UPDATE, {"id": notice_id, "patch": cleared}, officer)
    assert problems(payload) == [("releasedOn", "out_of_range")]
    cleared["releasedOn"] = "2026-10-01"
    payload = await run(graphql, UPDATE, {"id": notice_id, "patch": cleared}, officer)
    assert payload["__typename"] == "UpdateNoticeSuccess", payload
    notice = payload["notice"]
    assert (notice["kind"], notice["escapedFrom"], notice["escapedAt"]) == (
        "RELEASED_PRISONER",
        "",
        None,
    )
    assert (notice["releasedOn"], notice["version"]) == ("2026-10-01", 2)


async def test_the_details_lock_after_48_hours_while_the_period_can_still_be_extended(
    session: AsyncSession, graphql: Any, clock: FixedClock, officer: Principal, suspect: t.Person
) -> None:
    payload = await run(graphql, CREATE, {"input": released(suspect)}, officer)
    notice_id = payload["notice"]["id"]
    clock.advance(WINDOW - timedelta(minutes=1))
    inside = {"expectedVersion": 1, "reportingDuty": "monthly at the commune police post"}
    payload = await run(graphql, UPDATE, {"id": notice_id, "patch": inside}, officer)
    assert payload["notice"]["reportingDuty"] == "monthly at the commune police post"
    clock.advance(timedelta(minutes=2))
    late = {"expectedVersion": 2, "releaseConditions": "none"}
    payload = await run(graphql, UPDATE, {"id": notice_id, "patch": late}, officer)
    assert payload["__typename"] == "RecordLocked"
    extended = {"expectedVersion": 2, "validUntil": "2028-10-14"}
    payload = await run(graphql, UPDATE, {"id": notice_id, "patch": extended}, officer)
    assert (payload["notice"]["validUntil"], payload["notice"]["version"]) == ("2028-10-14", 3)


def _round_trip(connection: Connection) -> tuple[set[str], set[str]]:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, "0009")
    down = {c["name"] for c in inspect(connection).get_columns("notice")}
    command.upgrade(config, "head")
    up = {c["name"] for c in inspect(connection).get_columns("notice")}
    return down, up


async def test_migration_0010_goes_down_and_up_again(database_url: str) -> None:
    """Inside a transaction rolled back afterwards: both databases alter tables transactionally,
    so the session's migrated database is left as it was."""
    engine = make_engine(database_url)
    try:
        async with engine.connect() as connection:
            transaction = await connection.begin()
            down, up = await connection.run_sync(_round_trip)
            await transaction.rollback()
    finally:
        await engine.dispose()
    assert not NEW_COLUMNS & down
    assert up >= NEW_COLUMNS


async def test_the_demos_escaped_and_released_notices_carry_their_details(tmp_path: Path) -> None:
    database = Database.from_url(f"sqlite+aiosqlite:///{tmp_path / 'demo.sqlite3'}")
    try:
        await upgrade(database.engine)
        await load_demo(database, size="small", now=datetime(2026, 11, 22, 10, tzinfo=UTC))
        async with database.session() as session:
            rows = (await session.execute(select(t.Notice))).scalars().all()
    finally:
        await database.dispose()
    by_kind = {kind: [r for r in rows if r.kind == kind] for kind in ("escaped", "released")}
    assert by_kind["escaped"] and by_kind["released"]
    for row in by_kind["escaped"]:
        assert row.escaped_from and row.escaped_at is not None
        assert row.escaped_at < row.created_at
    for row in by_kind["released"]:
        assert row.released_on is not None and row.released_on <= row.valid_from
        assert row.reporting_duty
    for row in rows:
        if row.kind != "escaped":
            assert (row.escaped_from, row.escaped_at) == ("", None)
        if row.kind != "released":
            assert (row.released_on, row.release_conditions, row.reporting_duty) == (None, "", "")
