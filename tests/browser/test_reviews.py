"""The review workflow in the browser: a chief files a request on a locked demo record, the
planning head approves it, the technical working group applies it, and the record shows it."""

from __future__ import annotations

import re
import uuid

from playwright.async_api import Browser, Page, expect
from strawberry.relay import GlobalID

from tests.browser.conftest import open_as, shot
from tests.browser.graphql_support import graphql
from tests.browser.server import LiveServer

OLDEST = """{ offences(filter: {provinceCodes: ["12"], kind: GENERAL}, orderBy: OCCURRED_OLDEST,
  first: 10) {
  edges { node { id } } } }"""
REVIEW_URL = re.compile(r".*/admin/reviews/(\d+)$")


async def _file_on_a_locked_offence(chief: Page, server: LiveServer, corrected: str) -> str:
    """File on the oldest Phnom Penh offence that has no pending request; the request's URL."""
    found = await graphql(chief, server, OLDEST)
    for edge in found["offences"]["edges"]:
        number = GlobalID.from_id(edge["node"]["id"]).node_id
        await chief.goto(f"/admin/reviews/new?kind=offence&id={number}")
        await chief.locator("#pick-description").check()
        await chief.get_by_label("Proposed value for Description").fill(corrected)
        await chief.get_by_label("Reason").fill("The victim's statement describes it otherwise.")
        await shot(chief, server, "reviews-new")
        await chief.get_by_role("button", name="File the request").click()
        outcome = chief.locator("#review-state, #form-problems").first
        await outcome.wait_for()
        if await outcome.get_attribute("id") == "review-state":
            await expect(chief).to_have_url(REVIEW_URL)
            return chief.url
    raise AssertionError("no locked offence without a pending request in the demo data")


async def test_a_chief_files_the_planning_head_approves_the_twg_applies(
    browser: Browser, live_server: LiveServer
) -> None:
    corrected = f"Corrected through review {uuid.uuid4().hex[:8]}"
    chief = await open_as(browser, live_server, "chief.pp")
    await shot(chief, live_server, "home-chief")
    url = await _file_on_a_locked_offence(chief, live_server, corrected)
    await expect(chief.locator("#review-state")).to_have_text("Pending")

    head = await open_as(browser, live_server, "planning.head")
    await shot(head, live_server, "home-planning-head")
    await head.goto("/admin/reviews?status=pending")
    await expect(head.locator("#review-requests")).to_be_visible()
    await shot(head, live_server, "reviews-list")
    await head.goto(url)
    await expect(head.locator("#review-fields")).to_contain_text(corrected)
    await head.get_by_label("Comment").fill("Agreed: the statement is clear.")
    await shot(head, live_server, "reviews-decide")
    await head.get_by_role("button", name="Approve").click()
    await expect(head.locator("#review-state")).to_have_text("Approved")

    twg = await open_as(browser, live_server, "twg.1")
    await twg.goto(url)
    await twg.get_by_role("link", name="Apply the correction").click()
    await expect(twg.locator("#apply-form")).to_be_visible()
    await expect(twg.locator("#f-description")).to_have_value(corrected)
    await expect(
        twg.locator("#apply-form input[type=text], #apply-form input[type=datetime-local]")
    ).to_have_count(0)
    await shot(twg, live_server, "reviews-apply")
    await twg.get_by_role("button", name="Apply the correction").click()
    await expect(twg.locator("#review-state")).to_have_text("Applied")
    # The group corrects without the narrative grant: the value now is withheld from it, as on
    # the record's own page; the chief, who holds the grant, sees it.
    await expect(twg.locator("#review-fields .now")).to_contain_text("withheld")
    await chief.goto(url)
    await expect(chief.locator("#review-fields .now")).to_have_text(corrected)
    await twg.locator("#record-link").click()
    await expect(twg.locator("main")).to_contain_text(corrected)


async def test_an_admin_home_shows_shortcuts_and_no_case_data(
    browser: Browser, live_server: LiveServer
) -> None:
    username = live_server.new_user("admin")
    page = await open_as(browser, live_server, username, totp=live_server.totp_now(username))
    await expect(page.locator("#admin-shortcuts")).to_be_visible()
    await expect(page.locator("#recent-entries")).to_have_count(0)
    await shot(page, live_server, "home-admin")
