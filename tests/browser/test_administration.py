"""Administration in a real browser: an admin changes the access policy in the editor (after its
preview), the simulator names the new line, and the affected user sees the change; plus the
users, tokens and audit screens.

The live server is shared by every browser test: the line added here is removed again (finally,
through ``ecrime policy`` if the page failed), and the users and tokens made here are new ones.
"""

from __future__ import annotations

import re
import time
import uuid

from playwright.async_api import Browser, Locator, Page, expect

from tests.browser.conftest import open_as, shot
from tests.browser.server import LiveServer

LINE = "p, officer, own_province, warrant, create, -, allow"


async def reload_until(page: Page, found: Locator, seconds: float = 10) -> None:
    """Reload until ``found`` is there: every process picks a policy change up within a second
    (policies/store.py), so the first reload may come a moment too early."""
    deadline = time.monotonic() + seconds
    while True:
        await page.reload()
        if await found.count() > 0 or time.monotonic() > deadline:
            break
    await expect(found.first).to_be_visible()


def remove_line(server: LiveServer) -> None:
    for row in server.cli("policy", "list").splitlines():
        number, _, text = row.strip().partition("  ")
        if text.strip() == LINE:
            server.cli("policy", "remove", number)


def menu(page: Page, label: str) -> Locator:
    return page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name=label, exact=True
    )


async def _admin(browser: Browser, live_server: LiveServer) -> Page:
    admin = live_server.new_user("admin", province="12")
    return await open_as(browser, live_server, admin, totp=live_server.totp_now(admin))


async def test_a_policy_change_shows_in_the_simulator_and_in_the_affected_users_view(
    browser: Browser, live_server: LiveServer
) -> None:
    page = await _admin(browser, live_server)
    officer = await open_as(browser, live_server, "officer.pp")
    new_warrant = officer.locator(".bar nav a", has_text="New warrant")
    await expect(officer.locator(".bar nav")).to_be_visible()
    await expect(new_warrant).to_have_count(0)
    try:
        await menu(page, "Access policy").click()
        await expect(page.locator("h1")).to_have_text("Access policy")
        await shot(page, live_server, "admin-policy-editor")
        form = page.locator("form").filter(has=page.locator("input[name=ptype][value=p]"))
        await form.get_by_label("Role or subject").fill("officer")
        await form.get_by_label("Domain").fill("own_province")
        await form.get_by_label("Object").fill("warrant")
        await form.get_by_label("Action").fill("create")
        await form.get_by_role("button", name="Preview the change").click()
        await expect(page.locator("h1")).to_have_text("Preview of the change", timeout=15_000)
        await expect(page.locator("#preview-summary")).to_contain_text("users would be affected")
        await expect(page.locator("#preview")).to_contain_text("officer.pp")
        await shot(page, live_server, "admin-policy-preview")
        await page.get_by_role("button", name="Save the line").click()
        await expect(page.locator("tr.added")).to_contain_text("warrant")
        added = await page.locator("tr.added").get_attribute("id")

        await page.get_by_role("link", name="Simulator: can a user do something, and why?").click()
        await page.get_by_label("Username").fill("officer.pp")
        await page.get_by_label("Action").fill("create")
        await page.get_by_label("Object").fill("warrant")
        await page.get_by_label("Domain").select_option("own_province")
        await page.get_by_role("button", name="Ask").click()
        await expect(page.locator("#answer")).to_be_visible()
        await reload_until(page, page.locator("#answer td.gain"))
        await expect(page.locator("#answer .deciding-line")).to_have_text(LINE)
        await shot(page, live_server, "admin-policy-simulator")

        await reload_until(officer, new_warrant)  # the officer's own browser, reloaded
        await new_warrant.click()
        await expect(officer.locator("#refused")).to_have_count(0)

        await page.goto("/admin/policy")
        await page.locator(f"#{added}").get_by_role("link", name=re.compile("Remove line")).click()
        await expect(page.locator("#preview")).to_contain_text("lose")
        await page.get_by_role("button", name="Remove the line").click()
        await expect(page.locator("[role=status]")).to_contain_text("The line was removed")
        await reload_until(officer, officer.locator(".bar nav"))
    finally:
        remove_line(live_server)


async def test_users_tokens_and_the_audit_trail(browser: Browser, live_server: LiveServer) -> None:
    page = await _admin(browser, live_server)
    await menu(page, "Users").click()
    await expect(page.locator("h1")).to_have_text("Users")
    await page.get_by_label("Name or username").fill("officer.pp")
    await page.get_by_role("button", name="Filter").click()
    await expect(page).to_have_url(re.compile(r"q=officer\.pp"))
    await expect(page.locator("#users")).to_contain_text("officer.pp")
    await shot(page, live_server, "admin-users")
    await page.locator("#users").get_by_role("link", name="officer.pp", exact=True).click()
    await expect(page.locator("h1")).to_have_text("officer.pp")
    await shot(page, live_server, "admin-user")

    name = f"browser test {uuid.uuid4().hex[:6]}"
    await menu(page, "API tokens").click()
    await page.get_by_role("link", name="New API token").click()
    await page.locator("#f-name").fill(name)
    await page.get_by_label("Owner (username)").fill("officer.pp")
    await page.get_by_label("Lifetime in days").fill("7")
    await page.get_by_role("button", name="Create token").click()
    await expect(page.locator("h1")).to_have_text("API token created")
    await expect(page.locator("#token-secret")).to_have_value(re.compile(r"^ecr_\w{40}$"))
    assert "ecr_" not in page.url
    await expect(page.locator("#awaiting-consent")).to_contain_text("officer.pp accepts it")
    await shot(page, live_server, "admin-token-created")
    # Made by an admin for officer.pp: it acts only once officer.pp, signed in, accepts it.
    owner = await open_as(browser, live_server, "officer.pp")
    await menu(owner, "My API tokens").click()
    await owner.get_by_role("button", name=f"Accept {name}").click()
    await expect(owner.locator("[role=status]")).to_contain_text("You accepted the token")
    await shot(owner, live_server, "own-tokens")
    await page.get_by_role("link", name="Back to API tokens").click()
    await expect(page.locator("#tokens")).to_contain_text("consented by officer.pp")
    await page.get_by_role("button", name=f"Revoke {name}").click()
    await expect(page.locator("[role=status]")).to_contain_text("revoked")

    await menu(page, "Audit trail").click()
    await page.get_by_label("Action").fill("token.")
    await page.get_by_role("button", name="Filter").click()
    await expect(page).to_have_url(re.compile(r"action=token\."))
    await expect(page.locator("#entries")).to_contain_text("token.revoke")
    await expect(page.locator("#entries")).to_contain_text(
        "for officer.pp, consented by officer.pp"
    )
    await page.get_by_role("button", name="Verify the chain").click()
    await expect(page.locator("#chain-status")).to_contain_text("Verified up to entry")
    await shot(page, live_server, "admin-audit")
