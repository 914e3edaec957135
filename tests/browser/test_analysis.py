"""The analysis page and the yearly report in the browser, as the national analyst of the demo:
the SVG charts and the map of the 25 provinces render (screenshots saved for review)."""

from __future__ import annotations

from playwright.async_api import Browser, expect

from tests.browser.conftest import open_as, shot
from tests.browser.server import LiveServer


async def test_the_analyst_sees_trends_comparisons_and_the_map(
    browser: Browser, live_server: LiveServer
) -> None:
    page = await open_as(browser, live_server, "analyst.hq", locale="en-GB")
    await page.set_viewport_size({"width": 1280, "height": 900})
    await page.get_by_role("link", name="Analysis", exact=True).click()
    await expect(page.locator("h1")).to_have_text("Analysis")
    await expect(page.locator("svg.line-chart")).to_be_visible()
    await expect(page.locator("svg.bar-chart")).to_be_visible()
    tiles = page.locator("svg.tile-map g.tile")
    await expect(tiles).to_have_count(25)
    await expect(page.locator("svg.tile-map")).to_be_visible()
    counts = [int(await t.get_attribute("data-count") or 0) for t in await tiles.all()]
    assert sum(counts) > 0, "the demo has offences this year"
    box = await page.locator("svg.tile-map").bounding_box()
    assert box is not None and box["width"] > 400
    path = await shot(page, live_server, "analysis")
    await page.locator("svg.tile-map").screenshot(path=str(path.with_name("analysis-map.png")))

    await page.locator("#f-category").select_option("06")
    await page.locator("#f-compare").select_option("CATEGORY")
    await page.get_by_role("button", name="Show").click()
    await expect(page.locator("svg.bar-chart g.bar")).to_have_count(1)
    await shot(page, live_server, "analysis-drugs")


async def test_the_yearly_drug_report_reads_at_a_glance(
    browser: Browser, live_server: LiveServer
) -> None:
    page = await open_as(browser, live_server, "analyst.hq", locale="en-GB")
    await page.set_viewport_size({"width": 1280, "height": 900})
    await page.goto("/admin/analysis")
    await page.locator("a.report-link").click()
    await expect(page.locator("h1")).to_contain_text("Yearly report")
    await expect(page.locator("[data-summary]")).to_contain_text("suspects arrested")
    await expect(page.locator("svg.tile-map g.tile")).to_have_count(25)
    await expect(page.locator("svg.line-chart")).to_be_visible()
    await shot(page, live_server, "yearly-report")
    khmer = await open_as(browser, live_server, "analyst.hq", locale="km-KH")
    await khmer.set_viewport_size({"width": 1280, "height": 900})
    await khmer.goto(page.url)
    await expect(khmer.locator("[data-summary]")).to_contain_text("ជនសង្ស័យ")
    await shot(khmer, live_server, "yearly-report-km")
