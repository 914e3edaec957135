"""Issue 6's entry scenario in one browser session: a specialist signs in, is warned of a likely
duplicate while typing a person's name, records a new person with a photo, records an offence in a
Phnom Penh commune with that person involved, and corrects the offence within the 48-hour window.

Elements are found by their labels, roles and visible text (not by ids), so the test follows what
a user sees rather than how the pages are built.
"""

from __future__ import annotations

import re
import struct
import uuid
import zlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.async_api import Browser, Locator, Page, expect

from tests.browser.conftest import open_as, shot
from tests.browser.server import LiveServer

PHNOM_PENH = ZoneInfo("Asia/Phnom_Penh")
DISTRICT = "Tuol Kouk"  # a section of Phnom Penh (1204) in the gazetteer
COMMUNE = "Phsar Depou Ti Muoy"  # one of its quarters (120401)
OTHER_PROVINCE, OTHER_DISTRICT = "Siemreap", "Angkor Chum"  # 17, 1701
OFFENCE_TYPE = "Theft · ICCS 05022"


def png(width: int, height: int) -> bytes:
    """A small valid RGB PNG of the given size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    row = b"\x00" + bytes([30, 90, 160]) * width  # filter byte, then the pixels
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def unique_family_name() -> str:
    """A family name no demo person has (letters only, as names are)."""
    letters = "".join(chr(ord("a") + int(c, 16) % 26) for c in uuid.uuid4().hex[:8])
    return "Qx" + letters


def fact(page: Page, term: str) -> Locator:
    """The value beside a term in a page's facts list (<dt>term</dt><dd>value</dd>)."""
    return page.locator(f"dt:text-is('{term}') + dd")


async def settled(page: Page) -> None:
    """Wait until htmx is idle: no request under way, and the content it last swapped in is
    processed (until then a new select's change, say, would go unheard)."""
    busy = page.locator(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")
    await expect(busy).to_have_count(0)


async def a_demo_person_name(page: Page) -> tuple[str, str]:
    """The Latin family and given names of a person already on file (the first one listed)."""
    await page.goto("/admin/persons")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Persons")
    await (
        page.get_by_role("table").first.locator("tbody tr").first.get_by_role("link").first.click()
    )
    latin = fact(page, "Name in Latin script")
    await expect(latin).to_have_text(re.compile(r"\w+ \w+"))
    family, _, given = (await latin.inner_text()).strip().partition(" ")
    return family, given


async def test_a_specialist_records_a_person_and_an_offence_and_corrects_it(
    browser: Browser, live_server: LiveServer
) -> None:
    page = await open_as(browser, live_server, "specialist.pp")
    menu = page.get_by_role("navigation", name="Main menu")
    await shot(page, live_server, "scenario-01-home")
    family, given = await a_demo_person_name(page)

    # New person: a name like a demo person's brings the duplicate warning while typing.
    await menu.get_by_role("link", name="New person").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("New person")
    await settled(page)
    await page.get_by_label("Family name (Latin)").fill(family.lower())
    await page.get_by_label("Given name (Latin)").fill(given.lower())
    warning = page.get_by_role("status").filter(has_text="This person may already be on file.")
    await expect(warning).to_be_visible()
    await expect(warning).to_contain_text(f"{family} {given}")  # the demo person is suggested
    await expect(warning.get_by_role("link").first).to_have_attribute(
        "href", re.compile(r"^/admin/persons/\d+$")
    )
    await shot(page, live_server, "scenario-02-duplicate-warning")

    # ... then a new person with a unique name and a photo.
    name = unique_family_name().capitalize()
    full_name = f"{name} Sovann"
    await page.get_by_label("Family name (Latin)").fill(name)
    await page.get_by_label("Given name (Latin)").fill("Sovann")
    await expect(warning).to_be_hidden()  # nobody on file is called that
    await page.get_by_label("Sex").select_option(label="Male")
    await page.get_by_label("Year").fill("1990")
    await page.get_by_label("Photo", exact=True).set_input_files(
        {"name": "face.png", "mimeType": "image/png", "buffer": png(3, 2)}
    )
    await page.get_by_role("button", name="Save person").click()

    await expect(page.get_by_role("status")).to_have_text("The person is recorded.")
    await expect(page.get_by_role("heading", level=1)).to_have_text(full_name)
    await expect(page).to_have_url(re.compile(r"/admin/persons/\d+(\?.*)?$"))
    person_url = page.url.split("?")[0]
    photo = page.get_by_role("img", name=f"Photo of {full_name}")
    await expect(photo).to_have_count(1)
    await expect(photo).to_have_attribute("src", re.compile(r"^/persons/[A-Za-z0-9=]+/photos/\d+$"))
    await photo.scroll_into_view_if_needed()  # the image is loading="lazy"
    await expect(photo).to_have_js_property("complete", True)
    await expect(photo).to_have_js_property("naturalWidth", 3)  # the file uploaded, served back
    await shot(page, live_server, "scenario-03-person-page")

    # New offence: Phnom Penh → a district → a commune, a type, the person found by search.
    await menu.get_by_role("link", name="New offence").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Record an offence")
    await settled(page)
    province = page.get_by_role("combobox", name="Province")
    district = page.get_by_role("combobox", name="District")
    commune = page.get_by_role("combobox", name="Commune")
    await expect(province.locator("option:checked")).to_have_text("Phnom Penh")  # the user's own
    await province.select_option(label=OTHER_PROVINCE)  # elsewhere first: the districts follow
    await expect(district.get_by_role("option", name=OTHER_DISTRICT)).to_be_attached()
    await settled(page)
    await province.select_option(label="Phnom Penh")
    await expect(district.get_by_role("option", name=DISTRICT)).to_be_attached()
    await expect(district.get_by_role("option", name=OTHER_DISTRICT)).not_to_be_attached()
    await settled(page)
    await district.select_option(label=DISTRICT)
    await commune.select_option(label=COMMUNE)  # waits for the district's communes to arrive
    await expect(commune).to_have_value(re.compile(r"^1204\d\d$"))
    await page.get_by_label("Offence type (ICCS category)").select_option(label=OFFENCE_TYPE)
    occurred = datetime.now(PHNOM_PENH) - timedelta(hours=2)
    await page.get_by_label("Occurred at (Phnom Penh time)").fill(
        occurred.strftime("%Y-%m-%dT%H:%M")
    )
    await page.get_by_label("Narrative").fill("Scenario: a bag snatched at the depot market")

    await page.get_by_label("Find a person by name").fill(name)
    add = page.get_by_role("button", name=re.compile(rf"^Add .*{full_name}"))
    await expect(add).to_have_count(1)
    await page.get_by_label("Add in the role").select_option(label="Suspect")
    await add.click()
    picked = page.get_by_role("table", name="Persons involved")
    await expect(picked).to_contain_text(full_name)
    await settled(page)
    await expect(page.get_by_label(re.compile(rf"^Role of .*{full_name}"))).to_have_value("suspect")
    await expect(page.get_by_label("Narrative")).to_have_value(
        "Scenario: a bag snatched at the depot market"
    )  # nothing typed is lost while a person is added
    await expect(commune).to_have_value(re.compile(r"^1204\d\d$"))
    await shot(page, live_server, "scenario-04-offence-form")

    await page.get_by_role("button", name="Save the offence").click()
    await expect(page.get_by_role("status")).to_have_text("The offence is saved.")
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"^Offence \d+: Theft")
    )
    await expect(page).to_have_url(re.compile(r"/admin/offences/\d+(\?.*)?$"))
    offence_url = page.url.split("?")[0]
    number = offence_url.rsplit("/", 1)[1]
    await expect(fact(page, "Place")).to_have_text(f"Phnom Penh · {DISTRICT} · {COMMUNE}")
    await expect(fact(page, "Narrative")).to_have_text(
        "Scenario: a bag snatched at the depot market"
    )
    person_link = page.get_by_role("link", name=re.compile(full_name))
    involved = page.get_by_role("row").filter(has=person_link)
    await expect(involved).to_have_count(1)
    await expect(involved).to_contain_text("Suspect")
    await shot(page, live_server, "scenario-05-offence-page")

    # Correct the offence within the window: the narrative changes, the rest stays.
    await page.get_by_role("link", name="Correct this offence").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Correct offence {number}")
    await expect(page.get_by_label("Narrative")).to_have_value(
        "Scenario: a bag snatched at the depot market"
    )
    await page.get_by_label("Narrative").fill("Scenario: two bags snatched at the depot market")
    await shot(page, live_server, "scenario-06-offence-correction")
    await page.get_by_role("button", name="Save the offence").click()
    await expect(page.get_by_role("status")).to_have_text("The offence is saved.")
    await expect(page).to_have_url(re.compile(rf"^{re.escape(offence_url)}(\?.*)?$"))
    await expect(fact(page, "Narrative")).to_have_text(
        "Scenario: two bags snatched at the depot market"
    )
    await expect(fact(page, "Place")).to_have_text(f"Phnom Penh · {DISTRICT} · {COMMUNE}")
    await expect(involved).to_contain_text("Suspect")
    await shot(page, live_server, "scenario-07-offence-corrected")

    # The person's page shows the offence in its timeline.
    await involved.get_by_role("link", name=re.compile(full_name)).click()
    await expect(page).to_have_url(person_url)
    timeline = page.get_by_role("region", name="Timeline")
    entry = timeline.get_by_role("link", name=f"Offence {number}", exact=True)
    await expect(entry).to_have_attribute("href", f"/admin/offences/{number}")
    row = timeline.get_by_role("row").filter(
        has=page.get_by_role("link", name=f"Offence {number}", exact=True)
    )
    await expect(row).to_contain_text("THEFT")
    await shot(page, live_server, "scenario-08-person-timeline")
