"""The admin's upload page: a background import with progress, its report, templates, access."""

from __future__ import annotations

import asyncio
import csv
import io
from typing import Any

import httpx
from openpyxl import Workbook
from sqlalchemy.ext.asyncio import AsyncSession

from db import tables as t
from db.clock import FixedClock
from resolvers.imports.court_orders import COLUMNS as ORDER_COLUMNS
from resolvers.imports.offences import COLUMNS
from resolvers.imports.persons import COLUMNS as PERSON_COLUMNS
from resolvers.imports.report import Outcome, Report
from tests import factories as f
from tests.admin_support import HASHER, PASSWORD, signed_in
from tests.import_support import COURT, count, offence_row, order_row, person_row
from web.admin.views.imports import upload as upload_view
from web.admin.views.imports.jobs import JOBS, Job

EN = {"Accept-Language": "en"}


def offences_csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


async def upload(
    client: httpx.AsyncClient, csrf: str, content: bytes, name: str = "offences.csv", **form: str
) -> httpx.Response:
    data = {"csrf_token": csrf, "kind": "offences", "mode": "valid-rows", **form}
    return await client.post(
        "/admin/imports", data=data, files={"file": (name, content, "text/csv")}, headers=EN
    )


async def finished(response: httpx.Response) -> Job:
    assert response.status_code == 303, response.text
    job_id = response.headers["location"].rsplit("/", 1)[1]
    job = JOBS.jobs[job_id]
    assert job.task is not None
    await job.task  # the runner's task: no sleeping
    return job


async def test_an_upload_runs_in_the_background_and_ends_with_its_exact_report(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock, db: Any
) -> None:
    csrf = await signed_in(admin_client, session, clock, "specialist")
    page = await admin_client.get("/admin/imports", headers=EN)
    assert page.status_code == 200 and 'href="/admin/imports"' in page.text  # the menu entry
    rows = [offence_row(1), offence_row(2, type_code="THEFTX"), offence_row(3)]
    job = await finished(await upload(admin_client, csrf, offences_csv(rows)))
    assert (job.phase, job.done, job.total) == ("done", 3, 3)
    assert await count(db, t.Offence, t.Offence.source_ref.is_not(None)) == 2
    fragment = await admin_client.get(f"/admin/imports/jobs/{job.id}/progress", headers=EN)
    assert 'data-phase="done"' in fragment.text and "hx-trigger" not in fragment.text
    assert "3 of 3 rows" in fragment.text
    assert '<dd id="import-written">2</dd>' in fragment.text
    assert '<dd id="import-rejected">1</dd>' in fragment.text
    report = await admin_client.get(f"/admin/imports/jobs/{job.id}/report.csv")
    assert report.status_code == 200 and "attachment" in report.headers["content-disposition"]
    assert report.text.splitlines() == [
        "row,column,value,problem",
        "3,type_code,THEFTX,'THEFTX' is not an offence type",
    ]
    shown = await admin_client.get(f"/admin/imports/jobs/{job.id}", headers=EN)
    assert shown.status_code == 200 and 'id="import-progress"' in shown.text


async def test_templates_download_for_each_kind(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    await signed_in(admin_client, session, clock, "specialist")
    answer = await admin_client.get("/admin/imports/templates/offences")
    assert answer.status_code == 200 and "attachment" in answer.headers["content-disposition"]
    assert tuple(next(csv.reader(io.StringIO(answer.text)))) == COLUMNS
    for kind in ("court-orders", "persons"):
        assert (await admin_client.get(f"/admin/imports/templates/{kind}")).status_code == 200
    assert (await admin_client.get("/admin/imports/templates/nothing")).status_code == 404


async def test_a_file_that_is_not_csv_or_too_large_is_refused_with_a_clear_error(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock, monkeypatch: Any
) -> None:
    csrf = await signed_in(admin_client, session, clock, "specialist")
    answer = await upload(admin_client, csrf, b"hello", name="notes.txt")
    assert answer.status_code == 422 and "Choose a .csv or .xlsx file." in answer.text
    monkeypatch.setattr(upload_view, "MAX_UPLOAD_BYTES", 10)
    answer = await upload(admin_client, csrf, offences_csv([offence_row(1)]))
    assert answer.status_code == 422 and "larger than the limit" in answer.text
    answer = await upload(admin_client, csrf, b"", name="empty.csv")
    assert answer.status_code == 422


async def test_a_role_without_create_permissions_is_refused(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    csrf = await signed_in(admin_client, session, clock, "officer")
    assert (await admin_client.get("/admin/imports", headers=EN)).status_code == 403
    before = len(JOBS.jobs)
    answer = await upload(admin_client, csrf, offences_csv([offence_row(1)]))
    assert answer.status_code == 403 and len(JOBS.jobs) == before


async def test_another_user_cannot_see_the_job_or_its_report(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    csrf = await signed_in(admin_client, session, clock, "specialist")
    job = await finished(
        await upload(admin_client, csrf, offences_csv([offence_row(2, type_code="X")]))
    )
    await signed_in(admin_client, session, clock, "specialist")  # someone else, same role
    for path in ("", "/progress", "/report.csv"):
        answer = await admin_client.get(f"/admin/imports/jobs/{job.id}{path}", headers=EN)
        assert answer.status_code == 404, path


async def test_the_progress_fragment_polls_while_the_job_runs_and_stops_when_it_is_done(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    user = await f.user(session, position="specialist", password_hash=HASHER.hash(PASSWORD))
    await signed_in(admin_client, session, clock, "specialist", user=user)
    release = asyncio.Event()
    job = Job(user_id=user.id or 0, kind="persons", mode="valid-rows", filename="p.csv", total=3)

    async def work() -> Report:
        await release.wait()
        job.progress("importing", 3, 3)
        return Report(total=3, outcomes={o: 3 if o is Outcome.WRITTEN else 0 for o in Outcome})

    JOBS.start(job, work())
    job.progress("importing", 1, 3)  # as the import reports after its first batch
    running = await admin_client.get(f"/admin/imports/jobs/{job.id}/progress", headers=EN)
    assert 'hx-trigger="every 1s"' in running.text and 'data-phase="importing"' in running.text
    assert "1 of 3 rows" in running.text and "Writing the rows" in running.text
    release.set()
    assert job.task is not None
    await job.task
    done = await admin_client.get(f"/admin/imports/jobs/{job.id}/progress", headers=EN)
    assert "hx-trigger" not in done.text and '<dd id="import-written">3</dd>' in done.text
    assert 'id="import-report"' not in done.text  # no problems, no report to download


async def test_persons_from_an_xlsx_file_all_or_nothing_and_in_khmer(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock, db: Any
) -> None:
    csrf = await signed_in(admin_client, session, clock, "specialist")
    book = Workbook()
    sheet = book.active
    sheet.append(list(PERSON_COLUMNS))
    for row in (person_row(7), person_row(8, nationality="XX")):
        sheet.append([row[c] for c in PERSON_COLUMNS])
    content = io.BytesIO()
    book.save(content)
    answer = await upload(
        admin_client,
        csrf,
        content.getvalue(),
        name="persons.xlsx",
        kind="persons",
        mode="all-or-nothing",
    )
    job = await finished(answer)
    assert await count(db, t.IdentityDocument, t.IdentityDocument.number_key.like("2%")) == 0
    km = await admin_client.get(f"/admin/imports/jobs/{job.id}", headers={"Accept-Language": "km"})
    assert "គ្មានអ្វីត្រូវបានកត់ត្រាទេ" in km.text and 'data-phase="done"' in km.text
    report = await admin_client.get(f"/admin/imports/jobs/{job.id}/report.csv")
    assert report.text.splitlines()[1:] == [
        "3,nationality,XX,'XX' is not an ISO 3166-1 alpha-2 country code"
    ]


async def test_court_orders_upload_through_the_same_page(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock, db: Any
) -> None:
    csrf = await signed_in(admin_client, session, clock, "specialist")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ORDER_COLUMNS)
    writer.writeheader()
    writer.writerows([order_row(1), order_row(2, kind="arest")])
    answer = await upload(
        admin_client, csrf, out.getvalue().encode(), name="orders.csv", kind="court-orders"
    )
    job = await finished(answer)
    assert (job.phase, job.count("written"), job.count("rejected")) == ("done", 1, 1)
    assert await count(db, t.Warrant, t.Warrant.court == COURT) == 1
