"""No admin page puts the CSRF token in a URL (issue 14: the offence form's details reload sent
the whole form, token and narrative included, as a GET).

Generated over the route table (web.admin.pages.PAGES) and the demo world (db.demo, small): every
GET page is rendered once, with its path filled from the demo's records, signed in as a demo
login whose policy opens it (the positions that open the most pages first, so that few sign-ins
cover every page), and scanned (tests/csrf_scan.py). A planted break (the old
``hx-include="closest form"``) must be reported.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pyotp
import pytest
from jinja2 import ChoiceLoader, DictLoader
from sqlalchemy import select, text

from db import tables as t
from db.clock import FixedClock
from db.demo import DEMO_LOGINS, DEMO_PASSWORD, load_demo
from db.engine import Database
from db.migrate import upgrade
from policies.enforcer import default_policy
from policies.principal import Principal
from resolvers.auth import enrol_totp, principal_for
from tests.admin_support import SETTINGS
from tests.conftest import T0, _own_database
from tests.csrf_scan import violations
from web.admin import load_views
from web.admin.pages import PAGES, AdminPage
from web.app import create_app

load_views()
# Not pages: a server-sent event stream never ends (web.admin.live); downloads are files.
NOT_PAGES = {"/alerts/stream", "/imports/templates/{kind}", "/imports/jobs/{id}/report.csv"}
NOT_PAGES |= {p.path for p in PAGES if p.path.startswith("/export/")}
# The table whose record a path's last literal segment names.
TABLES = {
    "persons": "person",
    "person": "person",
    "offences": "offence",
    "offence": "offence",
    "cases": "case_file",
    "case": "case_file",
    "warrants": "warrant",
    "warrant": "warrant",
    "notices": "notice",
    "notice": "notice",
    "operations": "operation",
    "operation": "operation",
    "users": "app_user",
    "reviews": "review_request",
    "hits": "hit",
    "policy": "policy_rule",
}
PARAMETERS = {"kind": "court-orders"}


def _demo_sqlite(folder: Path) -> str:
    url = f"sqlite+aiosqlite:///{folder / 'demo.sqlite3'}"
    asyncio.run(upgrade_and_load(url))
    return url


async def upgrade_and_load(url: str) -> None:
    database = Database.from_url(url)
    try:
        if database.dialect == "sqlite":
            await upgrade(database.engine)
        await load_demo(database, size="small", now=T0)
    finally:
        await database.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def demo_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if request.param == "sqlite":
        yield _demo_sqlite(tmp_path_factory.mktemp("csrf-demo"))
        return
    with _own_database("ecrime_csrf_demo") as url:
        asyncio.run(upgrade_and_load(url))
        yield url


@pytest.fixture
async def demo(demo_url: str) -> AsyncIterator[Database]:
    database = Database.from_url(demo_url)
    try:
        yield database
    finally:
        await database.dispose()


def _concrete(entry: AdminPage, ids: dict[str, int]) -> str:
    literal = [s for s in entry.path.split("/") if s and "{" not in s]

    def fill(found: re.Match[str]) -> str:
        name = found.group(1).split(":")[0]
        if name in PARAMETERS:
            return PARAMETERS[name]
        return str(ids.get(TABLES.get(literal[-1] if literal else "", ""), 1))

    return "/admin" + re.sub(r"\{([^}]+)\}", fill, entry.path)


async def _first_ids(database: Database) -> dict[str, int]:
    found = {}
    async with database.session() as session:
        for name in set(TABLES.values()):
            found[name] = int(await session.scalar(text(f"SELECT min(id) FROM {name}")) or 1)
    return found


async def _logins(database: Database) -> dict[str, tuple[t.User, Principal]]:
    """Each demo position's first demo login, with its principal under the default policy."""
    found: dict[str, tuple[t.User, Principal]] = {}
    async with database.session() as session:
        for username, _ in DEMO_LOGINS:
            user = await session.scalar(select(t.User).where(t.User.username == username))
            assert user is not None, username
            if user.position not in found:
                principal = await principal_for(session, user, session_id=1)
                found[user.position] = (
                    user,
                    dataclasses.replace(principal, policy=default_policy()),
                )
    return found


async def _sign_in(client: httpx.AsyncClient, database: Database, user: t.User, clock: Any) -> None:
    form = {"username": user.username, "password": DEMO_PASSWORD, "next": "/admin/"}
    if user.position == "admin":
        async with database.session() as session:
            seed = await enrol_totp(session, user=user, clock=clock)
            await session.commit()
        form["totp"] = pyotp.TOTP(seed).at(clock.now())
    client.cookies.clear()
    answer = await client.post("/admin/login", data=form)
    assert answer.status_code == 303, (user.username, answer.text[:300])


def pages() -> list[AdminPage]:
    return [p for p in PAGES if "GET" in p.methods and p.path not in NOT_PAGES]


async def scan(
    demo: Database, clock: FixedClock, app: Any, chosen: list[AdminPage]
) -> tuple[int, list[str]]:
    """(pages rendered, each place one of them puts the token in a URL)."""
    ids, logins = await _first_ids(demo), await _logins(demo)
    by_reach = sorted(
        logins.items(), key=lambda item: -sum(p.opens_for(item[1][1]) for p in chosen)
    )
    rendered, found, left = 0, [], list(chosen)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        for position, (user, principal) in by_reach:
            mine = [p for p in left if p.opens_for(principal)]
            if not mine:
                continue
            left = [p for p in left if p not in mine]
            await _sign_in(client, demo, user, clock)
            for entry in mine:
                url = _concrete(entry, ids)
                answer = await client.get(url, headers={"Accept-Language": "en"})
                if not answer.headers.get("content-type", "").startswith("text/html"):
                    continue
                rendered += 1
                found += [f"{position} {url}: {v}" for v in violations(answer.text)]
    return rendered, found


def _clock() -> FixedClock:
    return FixedClock(T0)


async def test_no_rendered_admin_page_puts_the_csrf_token_in_a_url(demo: Database) -> None:
    assert {p.path for p in PAGES} >= NOT_PAGES, "a path listed here is no longer a route"
    clock = _clock()
    app = create_app(SETTINGS, database=demo, clock=clock)
    rendered, found = await scan(demo, clock, app, pages())
    assert not found, "\n".join(found)
    assert rendered == len(pages())  # every page opens for some demo position


async def test_the_scan_catches_a_form_reloaded_by_a_get_of_the_whole_form(
    demo: Database,
) -> None:
    clock = _clock()
    app = create_app(SETTINGS, database=demo, clock=clock)
    name = "admin/offences/form.html"
    for env in app.state.templates.by_locale.values():
        source = env.loader.get_source(env, name)[0]
        planted = source.replace(
            'hx-include="#f-typeCode, #offence-details"', 'hx-include="closest form"'
        )
        assert planted != source
        env.loader = ChoiceLoader([DictLoader({name: planted}), env.loader])
        env.cache.clear()
    offences = [p for p in pages() if p.path.startswith("/offences")]
    _, found = await scan(demo, clock, app, offences)
    # The entry form (the demo's first offence is past its correction window: no edit form).
    assert found == [
        "specialist /admin/offences/new: <div hx-get='/admin/offences/details'> sends csrf_token"
    ]
