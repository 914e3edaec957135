"""The admin's export links and downloads (issue 7): links only for those who may export, files
that equal the list with its filters, refusals for everyone else."""

from __future__ import annotations

import csv
import html
import io
import json
import re

import httpx
from openpyxl import load_workbook  # type: ignore[import-untyped]
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from db import tables as t
from db.clock import FixedClock
from tests import factories as f
from tests.admin_support import signed_in

EN = {"Accept-Language": "en"}
LINK = re.compile(r'href="(/admin/export/[^"]+)"')


def export_links(page: str) -> list[str]:
    return [html.unescape(link) for link in LINK.findall(page)]


def rows_of(answer: httpx.Response) -> list[list[str]]:
    lines = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    return lines[lines.index([]) + 2 :]  # after the preamble, the blank line and the header


async def offences_in_two_provinces(session: AsyncSession) -> tuple[t.Offence, t.Offence]:
    pp = await f.user(session, unit_row=await f.unit(session, province="12"))
    sr = await f.user(session, unit_row=await f.unit(session, province="17"))
    return await f.offence(session, recorder=pp), await f.offence(session, recorder=sr)


async def test_an_analyst_downloads_the_offence_list_as_filtered_on_screen(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    pp, _sr = await offences_in_two_provinces(session)
    await signed_in(admin_client, session, clock, "national_analyst")
    listed = await admin_client.get("/admin/offences", params={"province": "12"}, headers=EN)
    assert listed.status_code == 200
    csv_link, xlsx_link = export_links(listed.text)
    assert csv_link == "/admin/export/offences?format=csv&province=12"
    answer = await admin_client.get(csv_link)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.headers["content-disposition"] == (
        'attachment; filename="offences-2026-11-02T1000.csv"'
    )
    assert [row[0] for row in rows_of(answer)] == [str(pp.id)]
    book = await admin_client.get(xlsx_link)
    assert book.status_code == 200
    sheet = load_workbook(io.BytesIO(book.content), read_only=True)["offences"]
    assert list(sheet.iter_rows(values_only=True))[-1][0] == pp.id
    entries = await session.execute(
        select(t.AuditEntry.details).where(col(t.AuditEntry.action) == "export")
    )
    found = [json.loads(d) for d in entries.scalars()]
    assert [(d["format"], d["rows"], d["query"]["filter"]) for d in found] == [
        ("csv", 1, {"provinceCodes": ["12"]}),
        ("xlsx", 1, {"provinceCodes": ["12"]}),
    ]


async def test_a_specialist_sees_no_export_link_and_is_refused_the_download(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    await offences_in_two_provinces(session)
    await signed_in(admin_client, session, clock, "specialist")
    listed = await admin_client.get("/admin/offences", headers=EN)
    assert listed.status_code == 200 and export_links(listed.text) == []
    refused = await admin_client.get("/admin/export/offences?format=csv", headers=EN)
    assert refused.status_code == 403 and 'id="refused"' in refused.text


async def test_a_provincial_chief_exports_offences_but_not_cases(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    pp, _sr = await offences_in_two_provinces(session)
    await signed_in(admin_client, session, clock, "provincial_chief")
    listed = await admin_client.get("/admin/offences", headers=EN)
    assert len(export_links(listed.text)) == 2
    answer = await admin_client.get("/admin/export/offences?format=csv")
    assert [row[0] for row in rows_of(answer)] == [str(pp.id)]  # not Siem Reap's
    cases = await admin_client.get("/admin/cases", headers=EN)
    assert cases.status_code == 200 and export_links(cases.text) == []
    assert (await admin_client.get("/admin/export/cases?format=csv")).status_code == 403


async def test_a_person_export_without_a_reason_says_what_is_missing(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    await f.person(session, family_name_latin="Keo", given_name_latin="Vanna")
    await signed_in(admin_client, session, clock, "national_analyst")
    answer = await admin_client.get("/admin/export/persons?format=csv&name=Keo", headers=EN)
    assert answer.status_code == 400
    assert "filter.purpose" in answer.text and 'href="/admin/persons?name=Keo"' in answer.text
    reason = {"name": "Keo", "purpose": "Investigation of case 17/2026", "sort": "name"}
    listed = await admin_client.get("/admin/persons", params=reason, headers=EN)
    [csv_link, _xlsx] = export_links(listed.text)
    found = await admin_client.get(csv_link)
    assert found.status_code == 200 and [r[3] for r in rows_of(found)] == ["Keo"]


async def test_a_bad_format_or_filter_is_named(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    await signed_in(admin_client, session, clock, "national_analyst")
    bad = await admin_client.get("/admin/export/cases?format=pdf&status=LOST", headers=EN)
    assert bad.status_code == 400
    assert "format: must be one of csv, xlsx" in bad.text
    assert "status: must be one of OPEN" in bad.text
