"""A Phnom Penh specialist imports a file of court orders from the admin's Import page: the
template downloads, the upload runs in the background with its progress, the job ends with its
counts and a report of the rejected rows; another user cannot open that job. Screenshots of the
upload form and of the finished job (and of the running job when the page is caught before the
end: a few hundred rows may be done before the first poll)."""

from __future__ import annotations

import secrets
from pathlib import Path

from playwright.async_api import Browser, Page, expect

from tests.browser.conftest import open_as, shot
from tests.browser.server import LiveServer
from tests.import_support import COURT, order_row, write_csv
from web.settings import PROJECT_ROOT

ROWS = 300
BAD = {  # row index → changes that the import rejects (the file's row is index + 2)
    17: {"issued_on": "1999-12-31"},
    140: {"kind": "arest"},
}
REPORT = [
    "row,column,value,problem",
    "19,issued_on,1999-12-31,court orders are entered from 2000-01-01 on",
    '142,kind,arest,"must be one of arrest, detention, judgment, search, summons"',
]
FINISHED_WITHIN_MS = 120_000
DOWNLOAD_WITHIN_MS = 10_000
TEMPLATE = PROJECT_ROOT / "db" / "imports" / "templates" / "court_orders.csv"


def _orders_file(folder: Path, label: str) -> Path:
    """A few hundred orders of a court of this run's own (its natural keys are new on every
    run), two of them with a problem."""
    run = secrets.token_hex(3)
    base = 600_000_000 + secrets.randbelow(100_000) * 1000
    rows = [
        order_row(
            i,
            court=f"{COURT} E2E {label} {run}",
            subject_document_number=str(base + i),
            **BAD.get(i, {}),
        )
        for i in range(ROWS)
    ]
    return write_csv(folder / "court-orders.csv", rows)


async def _download(page: Page, link: str, folder: Path) -> str:
    """Click the link, wait for the browser's download, and return its text. A link htmx boosts
    never downloads (it fetches the file and swaps it into the page), so this times out."""
    async with page.expect_download(timeout=DOWNLOAD_WITHIN_MS) as info:
        await page.locator(link).click()
    download = await info.value
    target = folder / download.suggested_filename
    await download.save_as(target)
    return target.read_text("utf-8")


async def test_a_specialist_imports_court_orders_and_downloads_the_report(
    browser: Browser, live_server: LiveServer, tmp_path: Path
) -> None:
    upload = _orders_file(tmp_path, live_server.label)
    page = await open_as(browser, live_server, "specialist.pp")
    menu = page.get_by_role("navigation", name="Main menu")
    await menu.get_by_role("link", name="Import", exact=True).click()
    await expect(page.locator("h1")).to_have_text("Import")

    template = await _download(page, "a[href='/admin/imports/templates/court-orders']", tmp_path)
    assert template.splitlines()[0] == TEMPLATE.read_text("utf-8").splitlines()[0]

    await page.locator("input[name=kind][value=court-orders]").check()
    await page.get_by_label("Valid rows: write the good rows, report the others").check()
    await page.locator("#f-file").set_input_files(upload)
    await shot(page, live_server, "import-upload-form")
    await page.get_by_role("button", name="Start the import").click()

    await page.wait_for_url(f"{live_server.url}/admin/imports/jobs/*")
    job_url = page.url
    await expect(page.locator("h1")).to_have_text("Import: Court orders and warrants")
    progress = page.locator("#import-progress")
    if await progress.get_attribute("data-phase") != "done":  # caught while it runs
        await shot(page, live_server, "import-job-running")
    await expect(progress).to_have_attribute("data-phase", "done", timeout=FINISHED_WITHIN_MS)
    await expect(page.locator("#import-written")).to_have_text(str(ROWS - len(BAD)))
    await expect(page.locator("#import-rejected")).to_have_text(str(len(BAD)))
    await expect(page.locator("#import-skipped")).to_have_text("0")
    await expect(page.locator("#import-counts")).to_contain_text(f"{ROWS} of {ROWS} rows")
    await expect(page.locator("#import-report")).to_have_text("Download the report (2 problems)")
    await shot(page, live_server, "import-job-finished")

    report = await _download(page, "#import-report", tmp_path)
    assert report.splitlines() == REPORT
    assert page.url == job_url  # the download leaves the job on screen
    await expect(page.locator("#import-rejected")).to_have_text(str(len(BAD)))

    other = await open_as(browser, live_server, "specialist.sr")
    for path in ("", "/progress", "/report.csv"):
        answer = await other.request.get(f"{job_url}{path}")
        assert answer.status == 404, path
    shown = await other.goto(job_url)
    assert shown is not None and shown.status == 404
    await expect(other.locator("h1")).to_have_text("No such import")
    await expect(other.locator("#import-progress")).to_have_count(0)
