"""Crackdown operations with their units and seizures: typed errors, nothing half-written."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db import tables as t
from tests import factories as f
from tests.test_mutations_cases import count, fields, fresh, gid, run
from tests.test_mutations_orders import (
    CREATE_NOTICE,
    CREATE_OPERATION,
    CREATE_WARRANT,
    UPDATE_NOTICE,
    UPDATE_OPERATION,
    UPDATE_WARRANT,
    officer,  # noqa: F401  (a fixture)
    red_notice,
    suspect,  # noqa: F401  (a fixture)
    warrant_input,
)

# createOperation and updateOperation


def seizure(item: str, quantity: str, unit: str) -> dict[str, str]:
    return {"item": item, "quantity": quantity, "unit": unit}


async def operation_input(session: AsyncSession, **overrides: Any) -> dict[str, Any]:
    helpers = [await f.unit(session, province="12"), await f.unit(session, province="12")]
    return {
        "name": "Operation Clean Streets",
        "startedOn": "2026-10-01",
        "endedOn": "2026-10-15",
        "unitIds": [gid("Unit", u.id) for u in helpers],
        "arrests": 14,
        "seizures": [
            seizure("methamphetamine", "1250.5", "g"),
            seizure("weapon", "3", "piece"),
        ],
        **overrides,
    }


async def rows_written(session: AsyncSession) -> tuple[int, int, int]:
    return (
        await count(session, t.Operation),
        await count(session, t.OperationUnit),
        await count(session, t.Seizure),
    )


async def test_create_operation_records_units_arrests_and_seizures(
    session, graphql, officer
) -> None:
    entered = await operation_input(session)
    payload = await run(graphql, CREATE_OPERATION, {"input": entered}, officer)
    assert payload["__typename"] == "CreateOperationSuccess"
    operation = payload["operation"]
    assert (operation["arrests"], operation["version"], operation["province"]["code"]) == (
        14,
        1,
        "12",
    )
    assert operation["leadUnit"]["id"] == gid("Unit", officer.unit_id)
    assert sorted(u["id"] for u in operation["units"]) == sorted(entered["unitIds"])
    assert operation["seizures"] == [
        {"item": "methamphetamine", "quantity": "1250.500", "unit": "g"},
        {"item": "weapon", "quantity": "3.000", "unit": "piece"},
    ]
    assert await rows_written(session) == (1, 2, 2)


async def test_one_bad_seizure_among_three_writes_nothing_at_all(session, graphql, officer) -> None:
    entered = await operation_input(session)
    entered["seizures"].append(seizure("cash_usd", "0", "usd"))
    payload = await run(graphql, CREATE_OPERATION, {"input": entered}, officer)
    assert payload["errors"] == [
        {"field": "seizures.2.quantity", "code": "out_of_range", "message": "must be more than 0"}
    ]
    assert await rows_written(session) == (0, 0, 0)


async def test_create_operation_reports_every_bad_field(session, graphql, officer) -> None:
    entered = await operation_input(session)
    unit = entered["unitIds"][0]
    entered.update(
        name=" ",
        endedOn="2026-09-30",
        arrests=-1,
        provinceCode="99",
        leadUnitId=gid("Person", 1),
        unitIds=[gid("Unit", 999_999), unit, unit],
        seizures=[seizure("", "1.2345", "kilograms")],
    )
    payload = await run(graphql, CREATE_OPERATION, {"input": entered}, officer)
    assert sorted(fields(payload)) == [
        "arrests",
        "endedOn",
        "leadUnitId",
        "name",
        "provinceCode",
        "seizures.0.item",
        "seizures.0.quantity",
        "seizures.0.unit",
        "unitIds.0",
        "unitIds.2",
    ]
    assert await rows_written(session) == (0, 0, 0)


async def test_update_operation_replaces_units_and_seizures(session, graphql, officer) -> None:
    created = await run(
        graphql, CREATE_OPERATION, {"input": await operation_input(session)}, officer
    )
    assert created["__typename"] == "CreateOperationSuccess"
    (row,) = (await session.execute(t.Operation.__table__.select())).all()
    patch = {
        "expectedVersion": 1,
        "arrests": 15,
        "unitIds": [],
        "seizures": [seizure("heroin", "0.1250", "kg")],
    }
    payload = await run(
        graphql, UPDATE_OPERATION, {"id": gid("Operation", row.id), "patch": patch}, officer
    )
    operation = payload["operation"]
    assert (operation["arrests"], operation["version"], operation["units"]) == (15, 2, [])
    assert operation["seizures"] == [{"item": "heroin", "quantity": "0.125", "unit": "kg"}]
    assert await rows_written(session) == (1, 0, 1)


async def test_a_bad_update_leaves_the_operation_and_its_lists_as_they_were(
    session, graphql, officer
) -> None:
    await run(graphql, CREATE_OPERATION, {"input": await operation_input(session)}, officer)
    (row,) = (await session.execute(t.Operation.__table__.select())).all()
    patch = {
        "expectedVersion": 1,
        "unitIds": [],
        "seizures": [seizure("heroin", "1", "kg"), seizure("pills", "2", "")],
    }
    payload = await run(
        graphql, UPDATE_OPERATION, {"id": gid("Operation", row.id), "patch": patch}, officer
    )
    assert fields(payload) == ["seizures.1.unit"]
    assert await rows_written(session) == (1, 2, 2)
    assert (await fresh(session, t.Operation, row.id)).version == 1
    late = {"expectedVersion": 1, "startedOn": "2026-10-20"}
    variables = {"id": gid("Operation", row.id), "patch": late}
    assert fields(await run(graphql, UPDATE_OPERATION, variables, officer)) == ["startedOn"]
    gone = {"id": gid("Operation", 999_999), "patch": {"expectedVersion": 1, "arrests": 1}}
    assert (await run(graphql, UPDATE_OPERATION, gone, officer))["__typename"] == "NotFound"


async def test_every_order_mutation_refuses_anonymous_callers(session, graphql, suspect) -> None:
    warrant = await f.warrant(session, subject=suspect)
    notice = await f.notice(session, subject=suspect)
    calls = [
        (CREATE_WARRANT, {"input": warrant_input(suspect)}),
        (
            UPDATE_WARRANT,
            {"id": gid("Warrant", warrant.id), "patch": {"expectedVersion": 1, "notes": "x"}},
        ),
        (CREATE_NOTICE, {"input": red_notice(suspect)}),
        (
            UPDATE_NOTICE,
            {"id": gid("Notice", notice.id), "patch": {"expectedVersion": 1, "summary": "x"}},
        ),
        (CREATE_OPERATION, {"input": {"name": "x", "startedOn": "2026-01-01"}}),
        (
            UPDATE_OPERATION,
            {"id": gid("Operation", 1), "patch": {"expectedVersion": 1, "arrests": 1}},
        ),
    ]
    for query, variables in calls:
        result = await graphql(query, variables)
        (payload,) = result.data.values()
        assert payload["__typename"] == "Forbidden", query
    assert (await count(session, t.Warrant), await count(session, t.Notice)) == (1, 1)
    assert await rows_written(session) == (0, 0, 0)
