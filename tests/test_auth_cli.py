"""``ecrime user …`` and ``ecrime token …``, called as functions on the test database."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from urllib.parse import parse_qs, urlparse

import httpx
import pyotp
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db import tables as t
from db.clock import FixedClock
from db.engine import Database
from tests import factories as f
from tests.test_auth_sessions import HASHER, PASSWORD, SETTINGS, VIEWER
from web import cli_users
from web.app import create_app
from web.cli import parser


@pytest.fixture
async def client(db: Database, clock: FixedClock) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(SETTINGS, database=db, clock=clock)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        yield client


async def login(client: httpx.AsyncClient, username: str, **kw: str) -> httpx.Response:
    return await client.post("/auth/login", json={"username": username, "password": PASSWORD, **kw})


async def add_admin(db: Database, clock: FixedClock) -> t.User:
    return await cli_users.add_user(
        db,
        passwords=HASHER,
        clock=clock,
        username="first.admin",
        password=PASSWORD,
        position="admin",
        family_name="Chan",
        given_name="Sophea",
    )


async def test_the_first_admin_signs_in_once_enrolled(
    db: Database, clock: FixedClock, client: httpx.AsyncClient
) -> None:
    user = await add_admin(db, clock)
    assert user.password_hash is not None and user.password_hash.startswith("$argon2id$")
    assert (await login(client, "first.admin")).status_code == 401  # no second factor yet
    uri = await cli_users.enrol_totp(db, clock=clock, username="first.admin")
    assert uri.startswith("otpauth://totp/ecrime:first.admin?")
    seed = parse_qs(urlparse(uri).query)["secret"][0]
    response = await login(client, "first.admin", totp=pyotp.TOTP(seed).at(clock.now()))
    assert response.status_code == 200
    lines = await cli_users.list_users(db)
    assert any(line.startswith("first.admin") and line.endswith("totp") for line in lines)


async def test_users_need_a_long_password_and_a_free_name(db: Database, clock: FixedClock) -> None:
    with pytest.raises(cli_users.CliError, match="at least 12"):
        await cli_users.add_user(
            db,
            passwords=HASHER,
            clock=clock,
            username="x",
            password="short",
            position="officer",
            family_name="A",
            given_name="B",
        )
    await add_admin(db, clock)
    with pytest.raises(cli_users.CliError, match="exists already"):
        await add_admin(db, clock)


async def test_a_new_password_or_disabling_ends_the_users_sessions(
    db: Database, session: AsyncSession, clock: FixedClock, client: httpx.AsyncClient
) -> None:
    user = await f.user(session, position="officer", password_hash=HASHER.hash(PASSWORD))
    await login(client, user.username)
    new = "another long password"
    await cli_users.set_password(
        db, passwords=HASHER, clock=clock, username=user.username, password=new
    )
    assert (await client.post("/graphql", json={"query": VIEWER})).json()["data"]["viewer"][
        "authenticated"
    ] is False
    assert (await login(client, user.username)).status_code == 401
    ok = await client.post("/auth/login", json={"username": user.username, "password": new})
    assert ok.status_code == 200
    await cli_users.disable_user(db, clock=clock, username=user.username)
    assert (await client.get("/auth/session")).status_code == 401
    again = await client.post("/auth/login", json={"username": user.username, "password": new})
    assert again.status_code == 401
    with pytest.raises(cli_users.CliError, match="no user"):
        await cli_users.disable_user(db, clock=clock, username="nobody")


async def test_tokens_from_the_cli_work_until_revoked(
    db: Database, session: AsyncSession, clock: FixedClock, client: httpx.AsyncClient
) -> None:
    owner = await f.user(session, position="officer")
    token_id, secret = await cli_users.create_token(
        db, clock=clock, name="script", owner=owner.username, roles=None, days=30
    )
    headers = {"Authorization": f"Bearer {secret}"}
    answer = await client.post("/graphql", json={"query": VIEWER}, headers=headers)
    assert answer.json()["data"]["viewer"]["username"] == owner.username
    listed = await cli_users.list_tokens(db, clock=clock, include_inactive=False)
    assert len(listed) == 1 and "script" in listed[0] and "active" in listed[0]
    await cli_users.revoke_token(db, clock=clock, token_id=token_id)
    answer = await client.post("/graphql", json={"query": VIEWER}, headers=headers)
    assert answer.status_code == 401
    assert await cli_users.list_tokens(db, clock=clock, include_inactive=False) == []
    assert "revoked" in (await cli_users.list_tokens(db, clock=clock, include_inactive=True))[0]
    row = (await session.execute(select(t.ApiToken))).scalar_one()
    assert row.created_by_id is None and secret not in str(row.model_dump())
    with pytest.raises(cli_users.CliError, match="no token"):
        await cli_users.revoke_token(db, clock=clock, token_id=token_id + 1000)
    with pytest.raises(cli_users.CliError, match="expiresAt"):
        await cli_users.create_token(
            db, clock=clock, name="long", owner=owner.username, roles=None, days=400
        )


def test_passwords_are_never_arguments(monkeypatch: pytest.MonkeyPatch) -> None:
    args = parser().parse_args(["user", "add", "a", "--position", "admin", "--family-name", "A",
                                "--given-name", "B", "--password-stdin"])  # fmt: skip
    assert args.password_stdin and not hasattr(args, "password")
    with pytest.raises(SystemExit):
        parser().parse_args(["user", "passwd", "a", "--password", "x"])
    monkeypatch.setattr("sys.stdin", io.StringIO("from a pipe\n"))
    assert cli_users._password(True) == "from a pipe"
