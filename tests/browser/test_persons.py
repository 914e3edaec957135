"""A specialist records a person with a photo, is warned of a likely duplicate while typing, and
corrects the entry within the window."""

from __future__ import annotations

import random
import re
import string
import struct
import zlib

from playwright.async_api import Browser, Page, expect

from tests.browser.conftest import open_as, shot
from tests.browser.server import LiveServer


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    pixels = zlib.compress(bytes([0, 180, 40, 40, 40, 40, 180] * 2))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def unique_name() -> str:
    letters = "".join(random.choices(string.ascii_lowercase, k=8))
    return "Zz" + letters


async def a_demo_person(page: Page, server: LiveServer) -> tuple[str, str]:
    """The Latin family and given names of a person already on file in the user's province."""
    await page.goto("/admin/persons")
    await expect(page.locator("h1")).to_have_text("Persons")
    first = page.locator("table tbody tr th a").first
    await first.click()
    latin = page.locator("dt:text-is('Name in Latin script') + dd")
    await expect(latin).not_to_have_text("—")
    await expect(page.locator("#timeline-heading")).to_be_visible()
    await shot(page, server, "person-page-demo")
    family, _, given = (await latin.inner_text()).strip().partition(" ")
    return family, given


async def test_a_specialist_records_a_person_with_a_photo_and_corrects_it(
    browser: Browser, live_server: LiveServer
) -> None:
    page = await open_as(browser, live_server, "specialist.pp")
    family, given = await a_demo_person(page, live_server)

    await page.goto("/admin/persons/new")
    await expect(page.locator("h1")).to_have_text("New person")
    await page.locator("#f-familyNameLatin").fill(family)
    await page.locator("#f-givenNameLatin").fill(given)
    warning = page.locator("#duplicates .warning")
    await expect(warning).to_contain_text("may already be on file")
    await expect(warning.locator("a").first).to_have_attribute(
        "href", re.compile(r"^/admin/persons/\d+$")
    )
    await shot(page, live_server, "person-form-duplicate-warning")

    name = unique_name()
    await page.locator("#f-familyNameLatin").fill(name.capitalize())
    await page.locator("#f-givenNameLatin").fill("Sovann")
    await page.locator("#f-familyNameKm").fill("សុខ")
    await page.locator("#f-sex").select_option("M")
    await page.locator("#f-birthYear").fill("1991")
    await page.locator("#f-birthMonth").fill("6")
    await page.locator("#f-photo").set_input_files(
        {"name": "face.png", "mimeType": "image/png", "buffer": tiny_png()}
    )
    await page.get_by_role("button", name="Save person").click()

    await expect(page.locator(".notice")).to_have_text("The person is recorded.")
    await expect(page.locator("h1")).to_contain_text(f"{name.capitalize()} Sovann")
    photo = page.locator("ul.photos img")
    await expect(photo).to_have_count(1)
    await expect(photo).to_have_attribute("src", re.compile(r"^/persons/[A-Za-z0-9=]+/photos/\d+$"))
    await expect(photo).to_have_js_property("naturalWidth", 2)  # served by person and photo
    await shot(page, live_server, "person-page")

    await page.get_by_role("link", name="Correct this entry").click()
    await expect(page.locator("h1")).to_contain_text("Correct person")
    await page.locator("#f-givenNameLatin").fill("Sovannara")
    await page.get_by_role("button", name="Save correction").click()
    await expect(page.locator(".notice")).to_have_text("The correction is saved.")
    await expect(page.locator("h1")).to_contain_text(f"{name.capitalize()} Sovannara")
    await expect(page.locator("dt:text-is('Version') + dd")).to_have_text("2")

    await page.goto(f"/admin/persons?name={name}&provinceCodes=12")
    await expect(page.locator("#results-heading")).to_have_text("Persons found: 1")
    await expect(page.locator("table tbody tr")).to_contain_text("Sovannara")
    await page.goto("/admin/persons")
    await expect(page.locator("table tbody tr").first).to_be_visible()
    await shot(page, live_server, "persons-list")
