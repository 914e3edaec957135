"""A hit appears live in another province's open browser: Siem Reap has its alerts page open
while Phnom Penh records a person matching a Siem Reap warrant under another spelling."""

from __future__ import annotations

import random
import uuid

from playwright.async_api import Browser, expect

from tests.browser.conftest import open_as, shot
from tests.browser.graphql_support import graphql
from tests.browser.server import LiveServer

CREATE_PERSON = """mutation ($input: PersonInput!) { createPerson(input: $input) {
  __typename ... on CreatePersonSuccess { person { id } } } }"""
CREATE_WARRANT = """mutation ($input: CreateWarrantInput!) { createWarrant(input: $input) {
  __typename ... on CreateWarrantSuccess { warrant { id } } } }"""
# htmx's sse extension announces an open stream; the test listens for it from the start.
SSE_OPEN = "document.addEventListener('htmx:sseOpen', () => { window.ecrimeSseOpen = true; });"


async def test_a_hit_recorded_in_phnom_penh_appears_live_in_siem_reap(
    browser: Browser, live_server: LiveServer
) -> None:
    born = {"year": random.randint(1960, 1999), "month": random.randint(1, 12), "day": 17}
    siem_reap = await open_as(browser, live_server, "specialist.sr")
    subject = await graphql(
        siem_reap,
        live_server,
        CREATE_PERSON,
        {
            "input": {
                "sex": "MALE",
                "nationality": "KH",
                "familyNameLatin": "Chea",
                "givenNameLatin": "Sokha",
                "familyNameKm": "ជា",
                "givenNameKm": "សុខា",
                "birthDate": born,
            }
        },
    )
    assert subject["createPerson"]["__typename"] == "CreatePersonSuccess", subject
    warrant = await graphql(
        siem_reap,
        live_server,
        CREATE_WARRANT,
        {
            "input": {
                "court": "Siem Reap Provincial Court of First Instance",
                "number": f"E2E-{uuid.uuid4().hex[:8]}",
                "kind": "ARREST",
                "issuedOn": "2026-01-15",
                "subjectPersonId": subject["createPerson"]["person"]["id"],
            }
        },
    )
    assert warrant["createWarrant"]["__typename"] == "CreateWarrantSuccess", warrant

    await siem_reap.add_init_script(SSE_OPEN)
    await siem_reap.goto("/admin/alerts")
    await siem_reap.wait_for_function("window.ecrimeSseOpen === true")
    before = await siem_reap.locator("#alert-list > li").count()
    waiting = await siem_reap.locator("#hits-to-decide-rows > tr").count()

    phnom_penh = await open_as(browser, live_server, "specialist.pp")
    recorded = await graphql(
        phnom_penh,
        live_server,
        CREATE_PERSON,
        {
            "input": {
                "sex": "MALE",
                "nationality": "KH",
                "familyNameLatin": "Chear",
                "givenNameLatin": "Sokhar",
                "birthDate": born,
            }
        },
    )
    assert recorded["createPerson"]["__typename"] == "CreatePersonSuccess", recorded

    newest = siem_reap.locator("#alert-list > li").first
    await expect(newest).to_contain_text(
        "A person recorded elsewhere matches a subject of yours", timeout=5000
    )
    await expect(siem_reap.locator("#alert-list > li")).to_have_count(before + 1)
    await expect(siem_reap.locator("#unread-count")).not_to_have_text("0")
    await expect(siem_reap.locator("#hits-to-decide-rows > tr")).to_have_count(waiting + 1)
    await expect(siem_reap.locator("#hits-to-decide")).to_be_visible()
    await shot(siem_reap, live_server, "alerts-live")
    await newest.get_by_role("button", name="Mark read").click()
    await expect(newest).to_contain_text("Read ")
