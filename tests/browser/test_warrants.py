"""A Siem Reap specialist enters a warrant for a demo person found through the search partial,
sees it in the list of active warrants and executes it; screenshots of the warrant, notice,
operation and validation screens."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from playwright.async_api import Browser, expect
from sqlmodel import col, select

from db import tables as t
from db.clock import PHNOM_PENH
from db.engine import make_engine
from tests.browser.conftest import open_as, shot
from tests.browser.server import LiveServer


async def _siem_reap_person(server: LiveServer) -> str:
    """The Latin name of a demo person recorded in Siem Reap (province 17)."""
    engine = make_engine(server.database_url)
    try:
        async with engine.connect() as connection:
            stmt = (
                select(t.Person.family_name_latin, t.Person.given_name_latin)
                .where(col(t.Person.province_code) == "17", col(t.Person.given_name_latin) != "")
                .order_by(col(t.Person.id))
                .limit(1)
            )
            family, given = (await connection.execute(stmt)).one()
    finally:
        await engine.dispose()
    return f"{family} {given}"


async def test_a_specialist_enters_a_warrant_and_executes_it(
    browser: Browser, live_server: LiveServer
) -> None:
    name = await _siem_reap_person(live_server)
    number = f"E2E-{uuid.uuid4().hex[:8]}"
    issued = (datetime.now(PHNOM_PENH) - timedelta(days=10)).date().isoformat()
    page = await open_as(browser, live_server, "specialist.sr")
    await page.get_by_role("link", name="New warrant").click()
    await expect(page.locator("h1")).to_have_text("New warrant")
    await page.locator("#f-personQuery").fill(name)
    choice = page.locator("#person-results input[type=radio]").first
    await expect(choice).to_be_visible()
    await expect(page.locator("#person-results label").first).to_contain_text(name)
    await choice.check()
    await page.locator("#f-court").fill("Siem Reap Provincial Court of First Instance")
    await page.locator("#f-number").fill(number)
    await page.locator("#f-kind").select_option("arrest")
    await page.locator("#f-issuedOn").fill(issued)
    await page.get_by_role("button", name="Save").click()
    await expect(page.locator("h1")).to_contain_text(f"Warrant {number}")
    await expect(page.locator("h1 .status")).to_have_text("Active")

    await page.get_by_role("link", name="Warrants", exact=True).click()
    row = page.locator("table.list tbody tr", has_text=number)
    await expect(row).to_contain_text(name)
    await shot(page, live_server, "warrant-list")
    await row.get_by_role("link", name=number).click()
    await expect(page.locator("h1")).to_contain_text(number)
    await shot(page, live_server, "warrant-page")

    await page.locator("#f-place").fill("Phsar Chas, Siem Reap town")
    await page.get_by_role("button", name="Record the execution").click()
    await expect(page.locator("h1 .status")).to_have_text("Executed")
    await expect(page.get_by_text("Phsar Chas, Siem Reap town")).to_be_visible()
    await expect(page.get_by_role("button", name="Record the execution")).to_have_count(0)


async def test_the_notice_form_follows_the_kind_and_the_lists_show(
    browser: Browser, live_server: LiveServer
) -> None:
    page = await open_as(browser, live_server, "specialist.sr")
    await page.goto("/admin/notices/new")
    await expect(page.locator("#fields-red_notice")).to_be_visible()  # every kind, no choice yet
    await page.locator("#f-escapedFrom").fill("Siem Reap provincial prison")
    await page.locator("#f-kind").select_option("escaped")
    await expect(page.locator("#fields-red_notice")).to_have_count(0)
    await expect(page.locator("#fields-escaped")).to_be_visible()
    await expect(page.locator("#f-escapedFrom")).to_have_value("Siem Reap provincial prison")
    await shot(page, live_server, "notice-form-escaped")

    await page.goto("/admin/operations")
    await expect(page.locator("h1")).to_have_text("Crackdown operations")
    await shot(page, live_server, "operations-list")
    await page.locator("table.list tbody a").first.click()
    await expect(page.get_by_role("heading", name="Seizures")).to_be_visible()
    await shot(page, live_server, "operation-page")
    await page.goto("/admin/operations/new")
    await page.get_by_role("button", name="Add a seizure row").click()
    await expect(page.locator("[name='seizures.1.item']")).to_be_visible()
    await shot(page, live_server, "operation-form")
    await page.goto("/admin/notices?validity=any")
    await expect(page.locator("h1")).to_have_text("Notices")
    await shot(page, live_server, "notice-list")
    await page.goto("/admin/validations")
    await expect(page.locator("h1")).to_have_text("Overdue validations")
    await shot(page, live_server, "validations-list")


async def test_the_warrant_screens_speak_khmer(browser: Browser, live_server: LiveServer) -> None:
    page = await open_as(browser, live_server, "specialist.sr", locale="km-KH")
    await page.goto("/admin/warrants")
    await expect(page.locator("h1")).to_have_text("ដីកា")
    await expect(page.locator("label[for=f-status]")).to_have_text("ស្ថានភាព")
    await shot(page, live_server, "warrant-list-khmer")
