"""The warrant and notice lists' export links and downloads (issue 7): the file is the list with
its filters, links only for those who may export, a chief refused beyond the own province with
the reason, everyone else refused."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from db import tables as t
from db.clock import FixedClock
from tests import factories as f
from tests.admin_support import signed_in
from tests.test_admin_exports import EN, export_links, rows_of
from tests.test_exports_orders import warrants_in_two_provinces


async def export_details(session: AsyncSession) -> list[tuple[str | None, str, dict[str, Any]]]:
    entries = await session.execute(
        select(t.AuditEntry)
        .where(col(t.AuditEntry.action) == "export")
        .order_by(col(t.AuditEntry.id))
    )
    return [(e.object_type, e.outcome, json.loads(e.details)) for e in entries.scalars()]


async def test_an_analyst_downloads_the_warrant_list_as_filtered_on_screen(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    w = await warrants_in_two_provinces(session)
    await signed_in(admin_client, session, clock, "national_analyst")
    listed = await admin_client.get("/admin/warrants", headers=EN)  # the active warrants
    csv_link, xlsx_link = export_links(listed.text)
    assert (csv_link, xlsx_link) == (
        "/admin/export/warrants?format=csv",
        "/admin/export/warrants?format=xlsx",
    )
    answer = await admin_client.get(csv_link)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-disposition"] == (
        'attachment; filename="warrants-2026-11-02T1000.csv"'
    )
    active = [w[n].id for n in ("active", "siem_reap", "expired")]  # stored active, API order
    assert [int(row[0]) for row in rows_of(answer)] == active
    query_line = next(csv.reader(io.StringIO(answer.content.decode("utf-8-sig").split("\r\n")[1])))
    assert query_line == [
        'Query: {"filter": {"statuses": ["ACTIVE"]}, "list": "warrants", '
        '"order": "the API\'s order: issued, newest first"}'
    ]
    # "Any status" in Phnom Penh: every status, which an empty status keeps in the link
    any_status = {"status": "", "province": "12", "sort": "due"}
    listed = await admin_client.get("/admin/warrants", params=any_status, headers=EN)
    csv_link, _xlsx = export_links(listed.text)
    assert csv_link == "/admin/export/warrants?format=csv&status=&province=12&sort=due"
    answer = await admin_client.get(csv_link)
    assert [int(row[0]) for row in rows_of(answer)] == [
        w[n].id for n in ("active", "executed", "expired")
    ]
    assert [(kind, outcome) for kind, outcome, _ in await export_details(session)] == [
        ("warrant", "ok"),
        ("warrant", "ok"),
    ]
    _kind, _outcome, details = (await export_details(session))[1]
    assert details["rows"] == 3
    assert details["query"] == {
        "list": "warrants",
        "filter": {"provinceCodes": ["12"]},
        "order": "the API's order: issued, newest first",
    }


async def test_a_provincial_chief_is_told_to_narrow_the_warrants_to_the_province(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    w = await warrants_in_two_provinces(session)
    await signed_in(admin_client, session, clock, "provincial_chief")
    listed = await admin_client.get("/admin/warrants", headers=EN)
    [csv_link, _xlsx] = export_links(listed.text)
    refused = await admin_client.get(csv_link, headers=EN)
    assert refused.status_code == 403 and 'id="export-failed"' in refused.text
    assert "1 of the 3 rows listed lie outside what you may export" in refused.text
    assert 'href="/admin/warrants"' in refused.text
    own = await admin_client.get("/admin/export/warrants?format=csv&province=12")
    assert own.status_code == 200
    assert [int(row[0]) for row in rows_of(own)] == [w["active"].id, w["expired"].id]
    assert [outcome for _, outcome, _ in await export_details(session)] == ["denied", "ok"]


async def test_a_specialist_sees_no_export_link_on_the_order_lists_and_is_refused(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    await warrants_in_two_provinces(session)
    await signed_in(admin_client, session, clock, "specialist")
    for kind in ("warrants", "notices"):
        listed = await admin_client.get(f"/admin/{kind}", headers=EN)
        assert listed.status_code == 200 and export_links(listed.text) == []
        refused = await admin_client.get(f"/admin/export/{kind}?format=csv", headers=EN)
        assert refused.status_code == 403 and 'id="refused"' in refused.text


async def test_the_notice_list_exports_the_notices_in_force_unless_asked_otherwise(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    keo = await f.person(session, family_name_latin="Keo")
    wanted = await f.notice(session, subject=keo)
    ended = await f.notice(session, subject=keo, valid_until=date(2026, 1, 1))
    escaped = await f.notice(session, subject=keo, kind="escaped", escaped_from="Prey Sar")
    await signed_in(admin_client, session, clock, "national_analyst")
    listed = await admin_client.get("/admin/notices", headers=EN)
    [csv_link, _xlsx] = export_links(listed.text)
    in_force = await admin_client.get(csv_link)
    assert [int(row[0]) for row in rows_of(in_force)] == [escaped.id, wanted.id]
    any_time = await admin_client.get("/admin/export/notices?format=xlsx&validity=any")
    assert any_time.status_code == 200
    only = await admin_client.get("/admin/export/notices?format=csv&kind=escaped&validity=any")
    [row] = rows_of(only)
    assert (int(row[0]), row[1]) == (escaped.id, "ESCAPED") and "Prey Sar" in row
    bad = await admin_client.get("/admin/export/notices?format=csv&validity=never", headers=EN)
    assert bad.status_code == 400 and "validity: must be one of in_force, any" in bad.text
    found = await export_details(session)
    assert [(d["query"]["filter"], d["rows"]) for _, _, d in found] == [
        ({"validOn": "2026-11-02"}, 2),
        ({}, 3),
        ({"kinds": ["ESCAPED"]}, 1),
    ]
    assert ended.id not in [int(row[0]) for row in rows_of(in_force)]
