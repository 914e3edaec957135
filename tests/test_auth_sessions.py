"""Signing in through /auth/*: cookies, lockout, idle expiry, second factor, password hashes."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pyotp
import pytest
from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db import tables as t
from db.clock import FixedClock
from db.engine import Database
from resolvers.auth import Passwords, enrol_totp
from tests import factories as f
from web.app import create_app
from web.auth import COOKIE
from web.settings import Settings

SETTINGS = Settings(argon2_profile="CHEAPEST")  # production keeps argon2's defaults
PASSWORD = "correct horse battery staple"
HASHER = Passwords("CHEAPEST")
VIEWER = "{ viewer { authenticated username roles mfaVerified } }"


@pytest.fixture
async def client(db: Database, clock: FixedClock) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(SETTINGS, database=db, clock=clock)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        yield client


async def login(client: httpx.AsyncClient, username: str, password: str = PASSWORD, **kw: Any):
    return await client.post("/auth/login", json={"username": username, "password": password, **kw})


async def viewer(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": VIEWER})
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()["data"]["viewer"]
    return result


async def rows(session: AsyncSession, model: Any, **where: Any) -> list[Any]:
    stmt = select(model).filter_by(**where).execution_options(populate_existing=True)
    return list((await session.execute(stmt)).scalars().all())


async def test_sign_in_sets_a_strict_http_only_cookie_whose_secret_is_not_stored(
    session: AsyncSession, client: httpx.AsyncClient
) -> None:
    user = await f.user(session, password_hash=HASHER.hash(PASSWORD))
    response = await login(client, user.username)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # development only: plain http on the loopback
    secret = client.cookies[COOKIE]
    (row,) = await rows(session, t.LoginSession, user_id=user.id)
    assert row.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(row.model_dump())
    assert response.json() == {"username": user.username, "csrfToken": row.csrf_token}
    assert await viewer(client) == {
        "authenticated": True,
        "username": user.username,
        "roles": ["specialist"],
        "mfaVerified": False,
    }
    session_info = (await client.get("/auth/session")).json()
    assert session_info["csrfToken"] == row.csrf_token
    assert session_info["idleTimeoutSeconds"] == 1800


async def test_the_cookie_is_secure_outside_development(
    db: Database, session: AsyncSession, clock: FixedClock
) -> None:
    user = await f.user(session, password_hash=HASHER.hash(PASSWORD))
    app = create_app(
        Settings(argon2_profile="CHEAPEST", environment="production"), database=db, clock=clock
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://test") as client:
        response = await login(client, user.username)
    assert "Secure" in response.headers["set-cookie"]


async def test_unknown_user_and_wrong_password_get_identical_answers(
    session: AsyncSession, client: httpx.AsyncClient
) -> None:
    user = await f.user(session, password_hash=HASHER.hash(PASSWORD))
    disabled = await f.user(session, password_hash=HASHER.hash(PASSWORD), active=False)
    answers = [
        await login(client, "nobody.at.all"),
        await login(client, user.username, "wrong password"),
        await login(client, disabled.username),
    ]
    assert {a.status_code for a in answers} == {401}
    assert {a.text for a in answers} == {'{"error":"invalid credentials"}'}
    same = {k: v for k, v in answers[0].headers.items() if k not in ("x-request-id",)}
    for other in answers[1:]:
        assert {k: v for k, v in other.headers.items() if k not in ("x-request-id",)} == same
    assert COOKIE not in client.cookies


async def test_five_failures_in_fifteen_minutes_lock_the_username_until_the_window_passes(
    session: AsyncSession, client: httpx.AsyncClient, clock: FixedClock
) -> None:
    user = await f.user(session, password_hash=HASHER.hash(PASSWORD))
    for _ in range(5):
        assert (await login(client, user.username, "guess")).status_code == 401
        clock.advance(timedelta(minutes=2))
    # 8 minutes after the first failure: locked, even with the right password
    locked = await login(client, user.username)
    assert locked.status_code == 429
    assert locked.json() == {"error": "too many failed sign-ins; try again later"}
    assert (await viewer(client))["authenticated"] is False
    clock.advance(timedelta(minutes=7, seconds=1))  # the first failure is now 15 min old
    assert (await login(client, user.username)).status_code == 200
    attempts = await rows(session, t.LoginAttempt, username=user.username)
    assert [(a.success, a.reason) for a in attempts] == [
        *[(False, "password")] * 5,
        (False, "locked"),
        (True, ""),
    ]


async def test_the_lockout_covers_unknown_usernames_so_it_reveals_nothing(
    client: httpx.AsyncClient,
) -> None:
    answers = [(await login(client, "ghost")).status_code for _ in range(6)]
    assert answers == [401] * 5 + [429]


async def test_a_success_clears_earlier_failures(
    session: AsyncSession, client: httpx.AsyncClient
) -> None:
    user = await f.user(session, password_hash=HASHER.hash(PASSWORD))
    for _ in range(4):
        await login(client, user.username, "guess")
    assert (await login(client, user.username)).status_code == 200
    assert (await login(client, user.username, "guess")).status_code == 401
    assert (await login(client, user.username)).status_code == 200


async def test_a_session_idle_for_more_than_thirty_minutes_is_anonymous(
    session: AsyncSession, client: httpx.AsyncClient, clock: FixedClock
) -> None:
    user = await f.user(session, password_hash=HASHER.hash(PASSWORD))
    assert (await login(client, user.username)).status_code == 200
    clock.advance(timedelta(minutes=29))
    assert (await viewer(client))["authenticated"] is True  # and the window slides from here
    clock.advance(timedelta(minutes=29))
    assert (await viewer(client))["authenticated"] is True
    clock.advance(timedelta(minutes=31))
    response = await client.post("/graphql", json={"query": VIEWER})
    assert response.json()["data"]["viewer"]["authenticated"] is False
    assert f'{COOKIE}=""' in response.headers["set-cookie"]  # the dead cookie is cleared
    (row,) = await rows(session, t.LoginSession, user_id=user.id)
    assert row.end_reason == "idle" and row.ended_at is not None


async def test_last_seen_is_written_at_most_once_a_minute(
    session: AsyncSession, client: httpx.AsyncClient, clock: FixedClock
) -> None:
    user = await f.user(session, password_hash=HASHER.hash(PASSWORD))
    await login(client, user.username)
    started = clock.now()
    clock.advance(timedelta(seconds=50))
    await viewer(client)
    assert (await rows(session, t.LoginSession, user_id=user.id))[0].last_seen_at == started
    clock.advance(timedelta(seconds=20))
    await viewer(client)
    assert (await rows(session, t.LoginSession, user_id=user.id))[0].last_seen_at == clock.now()


async def test_sign_out_ends_the_session(session: AsyncSession, client: httpx.AsyncClient) -> None:
    user = await f.user(session, password_hash=HASHER.hash(PASSWORD))
    csrf = (await login(client, user.username)).json()["csrfToken"]
    secret = client.cookies[COOKIE]
    response = await client.post("/auth/logout", headers={"X-CSRF-Token": csrf})
    assert response.status_code == 200
    assert (await viewer(client))["authenticated"] is False
    (row,) = await rows(session, t.LoginSession, user_id=user.id)
    assert row.end_reason == "logout"
    client.cookies.set(COOKIE, secret)  # a copy kept by someone else is no good either
    assert (await viewer(client))["authenticated"] is False
    assert (await client.get("/auth/session")).status_code == 401


async def test_signing_in_again_ends_the_session_the_browser_had(
    session: AsyncSession, client: httpx.AsyncClient
) -> None:
    user = await f.user(session, password_hash=HASHER.hash(PASSWORD))
    await login(client, user.username)
    await login(client, user.username)
    reasons = [r.end_reason or "" for r in await rows(session, t.LoginSession, user_id=user.id)]
    assert sorted(reasons) == ["", "replaced"]


async def test_an_admin_without_a_second_factor_cannot_sign_in(
    session: AsyncSession, client: httpx.AsyncClient
) -> None:
    admin = await f.user(session, position="admin", password_hash=HASHER.hash(PASSWORD))
    response = await login(client, admin.username, totp="123456")
    assert (response.status_code, response.json()) == (401, {"error": "invalid credentials"})
    (attempt,) = await rows(session, t.LoginAttempt, username=admin.username)
    assert attempt.reason == "totp_not_enrolled"


async def test_the_second_factor_needs_the_right_code_and_each_code_works_once(
    session: AsyncSession, client: httpx.AsyncClient, clock: FixedClock
) -> None:
    admin = await f.user(session, position="admin", password_hash=HASHER.hash(PASSWORD))
    seed = await enrol_totp(session, user=admin, clock=clock)
    await session.flush()
    right = pyotp.TOTP(seed).at(clock.now())
    wrong = "000000" if right != "000000" else "111111"
    assert (await login(client, admin.username, totp=wrong)).status_code == 401
    assert (await login(client, admin.username)).status_code == 401  # no code at all
    assert (await login(client, admin.username, totp=right)).status_code == 200
    assert (await viewer(client))["mfaVerified"] is True
    assert (await login(client, admin.username, totp=right)).status_code == 401  # replayed
    clock.advance(timedelta(seconds=30))
    assert (
        await login(client, admin.username, totp=pyotp.TOTP(seed).at(clock.now()))
    ).status_code == 200


async def test_officers_who_enrolled_must_use_their_second_factor(
    session: AsyncSession, client: httpx.AsyncClient, clock: FixedClock
) -> None:
    officer = await f.user(session, position="officer", password_hash=HASHER.hash(PASSWORD))
    assert (await login(client, officer.username)).status_code == 200
    seed = await enrol_totp(session, user=officer, clock=clock)
    await session.flush()
    assert (await login(client, officer.username)).status_code == 401
    code = pyotp.TOTP(seed).at(clock.now())
    assert (await login(client, officer.username, totp=code)).status_code == 200


async def test_password_hashes_are_argon2id_and_are_upgraded_on_sign_in(
    session: AsyncSession, client: httpx.AsyncClient
) -> None:
    assert HASHER.hash(PASSWORD).startswith("$argon2id$")
    old = PasswordHasher(time_cost=2, memory_cost=1024, parallelism=1).hash(PASSWORD)
    user = await f.user(session, password_hash=old)
    assert (await login(client, user.username)).status_code == 200
    (row,) = await rows(session, t.User, id=user.id)
    assert row.password_hash != old
    assert row.password_hash.startswith("$argon2id$v=19$m=8,t=1,p=1$")


async def test_sign_in_needs_a_username_and_accepts_a_form(
    session: AsyncSession, client: httpx.AsyncClient
) -> None:
    assert (await client.post("/auth/login", json={"password": "x"})).status_code == 400
    assert (
        await client.post("/auth/login", content=b"{", headers={"content-type": "application/json"})
    ).status_code == 400
    user = await f.user(session, password_hash=HASHER.hash(PASSWORD))
    form = {"username": user.username, "password": PASSWORD}
    assert (await client.post("/auth/login", data=form)).status_code == 200


async def test_attempts_and_sign_outs_are_in_the_audit_trail(
    session: AsyncSession, client: httpx.AsyncClient
) -> None:
    user = await f.user(session, password_hash=HASHER.hash(PASSWORD))
    await login(client, user.username, "guess")
    csrf = (await login(client, user.username)).json()["csrfToken"]
    await client.post("/auth/logout", headers={"X-CSRF-Token": csrf, "User-Agent": "probe"})
    entries = await rows(session, t.AuditEntry, actor_username=user.username)
    assert [(e.action, e.outcome) for e in entries] == [
        ("login", "failed"),
        ("login", "ok"),
        ("logout", "ok"),
    ]
    assert entries[0].details == '{"reason":"password"}'
    assert entries[2].user_agent == "probe" and entries[2].actor_user_id == user.id


async def test_signing_in_with_an_expired_cookie_keeps_the_new_one(
    session: AsyncSession, client: httpx.AsyncClient, clock: FixedClock
) -> None:
    user = await f.user(session, password_hash=HASHER.hash(PASSWORD))
    await login(client, user.username)
    clock.advance(timedelta(hours=1))
    response = await login(client, user.username)
    assert len(response.headers.get_list("set-cookie")) == 1
    assert (await viewer(client))["authenticated"] is True
