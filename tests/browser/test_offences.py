"""Recording an offence in a commune through the browser: the place cascade, the type picker, a
person found by search; then the offence page, the list, a case page and a history page."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.async_api import Browser, expect

from tests.browser.conftest import open_as, shot
from tests.browser.server import LiveServer

PHNOM_PENH = ZoneInfo("Asia/Phnom_Penh")


async def test_a_specialist_records_an_offence_in_a_commune_with_a_person_involved(
    browser: Browser, live_server: LiveServer
) -> None:
    page = await open_as(browser, live_server, "specialist.pp")
    await page.get_by_role("link", name="New offence").click()
    await expect(page.locator("h1")).to_have_text("Record an offence")

    province = page.locator("[id='f-place.provinceCode']")
    district = page.locator("[id='f-place.districtCode']")
    commune = page.locator("[id='f-place.communeCode']")
    await province.select_option("17")  # elsewhere first: the list follows
    await expect(district.locator("option[value='1701']")).to_be_attached()
    await province.select_option("12")
    await expect(district.locator("option[value='1204']")).to_be_attached()
    await expect(district.locator("option[value='1701']")).not_to_be_attached()
    await district.select_option("1204")  # Tuol Kouk
    first_commune = commune.locator("option[value^='1204']").first
    await expect(first_commune).to_be_attached()
    commune_code = await first_commune.get_attribute("value")
    commune_name = (await first_commune.inner_text()).strip()
    assert commune_code is not None
    await commune.select_option(commune_code)

    await page.locator("#f-typeCode").select_option("THEFT")
    await expect(page.locator("#drug-details")).to_be_hidden()  # shown only for drug types
    occurred = datetime.now(PHNOM_PENH) - timedelta(hours=3)
    await page.locator("#f-occurredAt").fill(occurred.strftime("%Y-%m-%dT%H:%M"))
    await page.get_by_label("Narrative").fill("Browser test: a phone snatched near the market")

    await page.get_by_label("Find a person by name").fill("Sok")
    add = page.locator("#person-results button[name=addPerson]").first
    await expect(add).to_be_visible()
    chosen = (await add.get_attribute("value") or "").partition(" ")[2]
    await page.get_by_label("Add in the role").select_option("offender")
    await add.click()
    await expect(page.locator("table.picked")).to_contain_text(chosen)
    await expect(page.get_by_label("Narrative")).to_have_value(
        "Browser test: a phone snatched near the market"
    )  # nothing typed is lost while persons are added
    await shot(page, live_server, "offence-form")

    await page.get_by_role("button", name="Save the offence").click()
    await expect(page.locator("h1")).to_contain_text("Offence")
    await expect(page.locator("[role=status]")).to_have_text("The offence is saved.")
    await expect(page.locator("#offence-place")).to_contain_text(commune_name.split(" (")[0])
    await expect(page.locator("#offence-persons")).to_contain_text(chosen)
    await expect(page.locator("#offence-persons")).to_contain_text("Offender")
    await shot(page, live_server, "offence-page")
    offence_url = page.url.split("?")[0]

    await page.get_by_role("link", name="Correct this offence").click()
    await page.get_by_label("Narrative").fill("Browser test: two phones snatched near the market")
    await page.get_by_role("button", name="Save the offence").click()
    await expect(page.locator("[role=status]")).to_have_text("The offence is saved.")
    await page.get_by_role("link", name="History").click()
    await expect(page.locator("h1")).to_contain_text("History of offence")
    await expect(page.locator("table.diff").first).to_contain_text("two phones")
    await shot(page, live_server, "offence-history")

    await page.goto("/admin/offences?province=12")
    number = offence_url.rsplit("/", 1)[1]
    await expect(page.locator(f"#offences a[href='/admin/offences/{number}']")).to_be_visible()
    await shot(page, live_server, "offence-list")

    await page.goto("/admin/cases")
    await page.locator("#cases tbody a").first.click()
    await expect(page.locator("h1")).to_contain_text("Case")
    await expect(page.locator("#participants")).to_be_visible()
    await shot(page, live_server, "case-page")
