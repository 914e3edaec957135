"""Fixtures for the browser tests: a live server per database, a browser, signing in, screenshots.

Needs Debian's Chromium (``apt-get install chromium``) and the playwright package (a dev
dependency; its own browser downloads are not used). Without Chromium these tests skip with that
reason, unless ECRIME_REQUIRE_BROWSER=1 (as in CI), where a missing browser is a failure.
Screenshots of the main screens go to ``var/screenshots/<database>/`` (git-ignored).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.browser.server import NEW_PASSWORD, PASSWORD, LiveServer
from tests.conftest import PG_ADMIN_URL, REQUIRE_POSTGRES, _admin
from web.settings import PROJECT_ROOT

REQUIRE_BROWSER = os.environ.get("ECRIME_REQUIRE_BROWSER") == "1"
SCREENSHOTS = PROJECT_ROOT / "var" / "screenshots"
CHROMIUM = os.environ.get("ECRIME_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

try:
    from playwright.async_api import Browser, Page, async_playwright
except ImportError:  # pragma: no cover - a dev dependency
    async_playwright = None  # type: ignore[assignment]


def _unavailable(reason: str) -> None:
    if REQUIRE_BROWSER:
        pytest.fail(f"{reason}; ECRIME_REQUIRE_BROWSER=1 forbids skipping")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium() -> str:
    if async_playwright is None:
        _unavailable("the playwright package is not installed (pip install -e '.[dev]')")
    if not Path(CHROMIUM).exists():
        _unavailable("Debian's Chromium is not installed (apt-get install chromium)")
    return CHROMIUM


def _postgresql_database() -> Iterator[str]:
    name = f"ecrime_browser_{uuid.uuid4().hex[:10]}"
    try:
        asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001 - any failure to reach it
        reason = f"PostgreSQL not reachable at {PG_ADMIN_URL} ({type(error).__name__})"
        if REQUIRE_POSTGRES:
            pytest.fail(f"{reason}; ECRIME_REQUIRE_POSTGRES=1 forbids skipping")
        pytest.skip(reason)
    yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    asyncio.run(_admin(f'DROP DATABASE "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def live_server(
    request: pytest.FixtureRequest, chromium: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """The server with the demo data, on SQLite and on PostgreSQL, shared by the session's tests."""
    folder = tmp_path_factory.mktemp(f"live-{request.param}")
    if request.param == "sqlite":
        urls: Iterator[str] = iter([f"sqlite+aiosqlite:///{folder / 'ecrime.sqlite3'}"])
    else:
        urls = _postgresql_database()
    url = next(urls)
    server = LiveServer(database_url=url, label=request.param)
    server.prepare()
    server.start(folder / "server.log")
    try:
        yield server
    finally:
        server.stop()
        next(urls, None)  # drops the PostgreSQL database


@pytest.fixture
async def browser(chromium: str) -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=chromium, headless=True)
        try:
            yield launched
        finally:
            await launched.close()


async def open_as(
    browser: Browser,
    server: LiveServer,
    username: str,
    *,
    locale: str = "en-GB",
    password: str | None = None,
    totp: str | None = None,
) -> Page:
    """A new browser context (its own cookies) signed in as ``username``, on the home page."""
    context = await browser.new_context(locale=locale, base_url=server.url)
    page = await context.new_page()
    await page.goto("/admin/login")
    await page.locator("#f-username").fill(username)
    await page.locator("#f-password").fill(
        password or (NEW_PASSWORD if username.startswith("e2e.") else PASSWORD)
    )
    if totp:
        await page.locator("#f-totp").fill(totp)
    await page.locator("form[action='/admin/login'] button[type=submit]").click()
    await page.wait_for_url(f"{server.url}/admin/")
    return page


async def shot(page: Page, server: LiveServer, name: str) -> Path:
    """Save a full-page screenshot of a main screen (var/screenshots/<database>/<name>.png)."""
    folder = SCREENSHOTS / server.label
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    await page.screenshot(path=str(path), full_page=True)
    return path
