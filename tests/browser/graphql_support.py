"""GraphQL calls from a signed-in browser page: the page's own session cookie and CSRF token."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Page

from tests.browser.server import LiveServer


async def graphql(
    page: Page, server: LiveServer, query: str, variables: dict[str, Any] | None = None
) -> Any:
    token = await page.locator("input[name=csrf_token]").first.get_attribute("value")
    assert token, "the page carries the session's CSRF token"
    answer = await page.request.post(
        server.url + "/graphql",
        headers={"X-CSRF-Token": token},
        data={"query": query, "variables": variables or {}},
    )
    assert answer.ok, await answer.text()
    body = await answer.json()
    assert not body.get("errors"), body
    return body["data"]
