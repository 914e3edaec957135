"""Signing in through the browser, in English and in Khmer."""

from __future__ import annotations

from playwright.async_api import Browser, expect

from tests.browser.conftest import open_as, shot
from tests.browser.server import LiveServer


async def test_a_specialist_signs_in_and_sees_the_home_page(
    browser: Browser, live_server: LiveServer
) -> None:
    page = await open_as(browser, live_server, "specialist.pp")
    await expect(page.locator("h1")).to_have_text("Home")
    await expect(page.locator(".bar .user")).to_have_text("specialist.pp")
    await shot(page, live_server, "home-specialist")


async def test_the_khmer_interface_shows_khmer_labels(
    browser: Browser, live_server: LiveServer
) -> None:
    context = await browser.new_context(locale="km-KH", base_url=live_server.url)
    page = await context.new_page()
    await page.goto("/admin/login")
    await expect(page.locator("html")).to_have_attribute("lang", "km")
    await expect(page.locator("label[for=f-username]")).to_contain_text("ឈ្មោះអ្នកប្រើ")
    await shot(page, live_server, "login-khmer")
    await page.get_by_role("button", name="English").click()
    await expect(page.locator("label[for=f-username]")).to_contain_text("Username")
    await page.reload()  # remembered
    await expect(page.locator("html")).to_have_attribute("lang", "en")


async def test_a_warning_comes_two_minutes_before_the_idle_timeout(
    browser: Browser, live_server: LiveServer
) -> None:
    context = await browser.new_context(locale="en-GB", base_url=live_server.url)
    page = await context.new_page()
    await page.clock.install()  # the page's timers run on Playwright's clock, not the wall's
    await page.goto("/admin/login")
    await page.locator("#f-username").fill("officer.pp")
    await page.locator("#f-password").fill("ecrime-demo")
    await page.locator("form[action='/admin/login'] button[type=submit]").click()
    await page.wait_for_url(f"{live_server.url}/admin/")
    warning = page.locator("#idle-warning")
    await page.clock.fast_forward("27:00")
    await expect(warning).to_be_hidden()
    await page.clock.fast_forward("01:30")
    await expect(warning).to_be_visible()
    await expect(page.locator("#stay-signed-in")).to_be_focused()
    await shot(page, live_server, "idle-warning")
    await page.locator("#stay-signed-in").click()
    await expect(warning).to_be_hidden()
