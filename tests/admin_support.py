"""Signing in to the admin from tests: an app on the test database, users of any role."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pyotp
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from db import tables as t
from db.clock import FixedClock
from db.engine import Database
from resolvers.auth import Passwords, enrol_totp
from tests import factories as f
from web.app import create_app
from web.settings import Settings

SETTINGS = Settings(argon2_profile="CHEAPEST")
PASSWORD = "correct horse battery staple"
HASHER = Passwords("CHEAPEST")
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
async def admin_client(db: Database, clock: FixedClock) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(SETTINGS, database=db, clock=clock)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        yield client


async def signed_in(
    client: httpx.AsyncClient,
    session: AsyncSession,
    clock: FixedClock,
    position: str,
    user: t.User | None = None,
    **user_fields: object,
) -> str:
    """Make a user holding ``position`` (unless given one), sign in through the admin's form;
    return the session's CSRF token. The client's cookie jar now holds the session."""
    if user is None:
        user = await f.user(
            session, position=position, password_hash=HASHER.hash(PASSWORD), **user_fields
        )
    form = {"username": user.username, "password": PASSWORD, "next": "/admin/"}
    if position == "admin":
        seed = await enrol_totp(session, user=user, clock=clock)
        await session.flush()
        form["totp"] = pyotp.TOTP(seed).at(clock.now())
    client.cookies.clear()
    response = await client.post("/admin/login", data=form)
    assert response.status_code == 303, response.text
    home = await client.get("/admin/")
    assert home.status_code == 200, home.text
    found = CSRF.search(home.text)
    assert found, "the home page carries the CSRF token"
    return found.group(1)
