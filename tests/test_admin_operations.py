"""The crackdown operation screens: entry with participating units and seizures, problems beside
the seizure cells, the list's province filter, and corrections."""

from __future__ import annotations

from decimal import Decimal

import httpx
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from db import tables as t
from db.clock import FixedClock
from tests import factories as f
from tests.admin_support import signed_in
from web.admin.views.orders.orders_support import gid

EN = {"Accept-Language": "en"}


async def test_an_operation_is_entered_with_units_and_seizures(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    lead = await f.unit(session)
    helper = await f.unit(session)
    csrf = await signed_in(admin_client, session, clock, "specialist", unit_row=lead)
    form = await admin_client.get("/admin/operations/new", headers=EN)
    assert form.status_code == 200 and 'name="seizures.0.item"' in form.text
    more = await admin_client.post(
        "/admin/operations/new",
        data={
            "csrf_token": csrf,
            "action": "more",
            "name": "Clean Streets",
            "seizures.0.item": "ya ba",
        },
    )
    assert 'name="seizures.1.item"' in more.text and 'value="Clean Streets"' in more.text
    answer = await admin_client.post(
        "/admin/operations/new",
        data={
            "csrf_token": csrf,
            "action": "save",
            "name": "Clean Streets",
            "startedOn": "2026-10-01",
            "endedOn": "2026-10-15",
            "provinceCode": "12",
            "leadUnitId": gid("Unit", lead.id),
            "unitIds": [gid("Unit", helper.id)],
            "arrests": "14",
            "seizures.0.item": "",
            "seizures.1.item": "methamphetamine",
            "seizures.1.quantity": "1.25",
            "seizures.1.unit": "kg",
            "seizures.2.item": "vehicle",
            "seizures.2.quantity": "2",
            "seizures.2.unit": "piece",
        },
    )
    assert answer.status_code == 303, answer.text
    row = (
        await session.execute(select(t.Operation).where(col(t.Operation.name) == "Clean Streets"))
    ).scalar_one()
    assert row.arrests == 14 and row.lead_unit_id == lead.id
    seized = (
        (await session.execute(select(t.Seizure).where(col(t.Seizure.operation_id) == row.id)))
        .scalars()
        .all()
    )
    assert sorted((s.item, s.quantity, s.unit) for s in seized) == [
        ("methamphetamine", Decimal("1.250"), "kg"),
        ("vehicle", Decimal("2.000"), "piece"),
    ]
    page = await admin_client.get(answer.headers["location"], headers=EN)
    assert "methamphetamine" in page.text and helper.name_en in page.text
    listed = await admin_client.get("/admin/operations?province=12", headers=EN)
    assert "Clean Streets" in listed.text
    elsewhere = await admin_client.get("/admin/operations?province=17", headers=EN)
    assert "Clean Streets" not in elsewhere.text


async def test_seizure_problems_show_beside_their_cells(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    csrf = await signed_in(admin_client, session, clock, "specialist")
    answer = await admin_client.post(
        "/admin/operations/new",
        data={
            "csrf_token": csrf,
            "name": "Dry Season",
            "startedOn": "2026-10-01",
            "endedOn": "2026-09-01",
            "provinceCode": "12",
            "arrests": "0",
            "seizures.0.item": "heroin",
            "seizures.0.quantity": "-3",
            "seizures.0.unit": "g",
        },
        headers=EN,
    )
    assert answer.status_code == 422
    assert 'id="seizures.0.quantity-problems"' in answer.text
    assert "must be more than 0" in answer.text
    assert "an operation cannot end before it starts" in answer.text
    assert 'value="heroin"' in answer.text


async def test_a_correction_changes_the_arrests_and_keeps_the_seizures(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    lead = await f.unit(session)
    csrf = await signed_in(admin_client, session, clock, "specialist", unit_row=lead)
    created = await admin_client.post(
        "/admin/operations/new",
        data={
            "csrf_token": csrf,
            "name": "Border Watch",
            "startedOn": "2026-10-01",
            "provinceCode": "12",
            "leadUnitId": gid("Unit", lead.id),
            "arrests": "1",
            "seizures.0.item": "cash_usd",
            "seizures.0.quantity": "500",
            "seizures.0.unit": "usd",
        },
    )
    url = created.headers["location"] + "/edit"
    form = await admin_client.get(url, headers=EN)
    assert 'value="cash_usd"' in form.text and 'value="500"' in form.text
    done = await admin_client.post(
        url,
        data={
            "csrf_token": csrf,
            "expectedVersion": "1",
            "name": "Border Watch",
            "startedOn": "2026-10-01",
            "provinceCode": "12",
            "leadUnitId": gid("Unit", lead.id),
            "arrests": "3",
            "seizures.0.item": "cash_usd",
            "seizures.0.quantity": "500",
            "seizures.0.unit": "usd",
        },
    )
    assert done.status_code == 303, done.text
    row = (
        await session.execute(select(t.Operation).where(col(t.Operation.name) == "Border Watch"))
    ).scalar_one()
    assert row.arrests == 3 and row.version == 2
    seized = (
        (await session.execute(select(t.Seizure).where(col(t.Seizure.operation_id) == row.id)))
        .scalars()
        .all()
    )
    assert [(s.item, s.unit) for s in seized] == [("cash_usd", "usd")]
