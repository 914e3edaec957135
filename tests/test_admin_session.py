"""Signing in and out of the admin, the language switch, and the idle-timeout warning."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from db.clock import FixedClock
from tests import factories as f
from tests.admin_support import HASHER, PASSWORD, signed_in
from web.auth import COOKIE


async def test_sign_in_page_in_khmer_by_default_and_english_when_asked(
    admin_client: httpx.AsyncClient,
) -> None:
    khmer = await admin_client.get("/admin/login")
    assert khmer.status_code == 200
    assert 'lang="km"' in khmer.text and "ចូលប្រើ" in khmer.text
    english = await admin_client.get("/admin/login", headers={"Accept-Language": "en-GB,en"})
    assert 'lang="en"' in english.text and ">Sign in</h1>" in english.text


async def test_the_language_choice_is_remembered_in_a_cookie(
    admin_client: httpx.AsyncClient,
) -> None:
    answer = await admin_client.post("/admin/language", data={"lang": "en", "next": "/admin/login"})
    assert answer.status_code == 303 and answer.headers["location"] == "/admin/login"
    assert "ecrime_lang=en" in answer.headers["set-cookie"]
    page = await admin_client.get("/admin/login", headers={"Accept-Language": "km"})
    assert 'lang="en"' in page.text
    elsewhere = await admin_client.post(
        "/admin/language", data={"lang": "km", "next": "https://evil.example/"}
    )
    assert elsewhere.headers["location"] == "/admin/"


async def test_a_wrong_password_keeps_the_username_and_never_echoes_the_password(
    admin_client: httpx.AsyncClient,
    session: AsyncSession,
) -> None:
    user = await f.user(session, position="specialist", password_hash=HASHER.hash(PASSWORD))
    answer = await admin_client.post(
        "/admin/login",
        data={"username": user.username, "password": "wrong-secret-xyz"},
        headers={"Accept-Language": "en"},
    )
    assert answer.status_code == 401
    assert f'value="{user.username}"' in answer.text
    assert "wrong-secret-xyz" not in answer.text
    assert "not right" in answer.text
    assert COOKIE not in answer.cookies


async def test_sign_in_leads_to_the_page_asked_for_and_sign_out_ends_the_session(
    admin_client: httpx.AsyncClient,
    session: AsyncSession,
    clock: FixedClock,
) -> None:
    stranger = await admin_client.get("/admin/")
    assert stranger.headers["location"] == "/admin/login?next=/admin/"
    csrf = await signed_in(admin_client, session, clock, "specialist")
    home = await admin_client.get("/admin/")
    assert 'data-idle-seconds="1800"' in home.text  # the warning's timer (web/static/admin.js)
    refused = await admin_client.post("/admin/logout", data={})
    assert refused.status_code == 403  # no CSRF token
    done = await admin_client.post("/admin/logout", data={"csrf_token": csrf})
    assert done.status_code == 303 and done.headers["location"] == "/admin/login"
    assert (await admin_client.get("/admin/")).status_code == 303
