"""API tokens: made by admins (GraphQL, shown once, stored hashed), refused when bad, exchanged."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.relay import GlobalID

from db import tables as t
from db.clock import FixedClock
from db.engine import Database
from policies.enforcer import default_policy
from policies.principal import Principal
from resolvers.auth import Origin, principal_for
from resolvers.tokens import issue_token
from tests import factories as f
from tests.test_auth_sessions import HASHER, PASSWORD, SETTINGS, VIEWER
from web.app import create_app

CREATE = """
mutation ($input: CreateApiTokenInput!) {
  createApiToken(input: $input) {
    __typename
    ... on CreateApiTokenSuccess { secret token { id name kind roles expiresAt owner { username } } }
    ... on ValidationFailed { errors { field code } }
    ... on Forbidden { message }
  }
}"""
REVOKE = """
mutation ($id: ID!) {
  revokeApiToken(id: $id) {
    __typename
    ... on RevokeApiTokenSuccess { token { revokedAt } }
    ... on NotFound { id }
  }
}"""
LIST = "query ($all: Boolean!) { apiTokens(includeInactive: $all) { totalCount edges { node { name } } } }"
REFUSED = {"error": "invalid or expired token"}


@pytest.fixture
async def client(db: Database, clock: FixedClock) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(SETTINGS, database=db, clock=clock)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        yield client


@pytest.fixture
async def admin(session: AsyncSession) -> Principal:
    user = await f.user(session, position="admin")
    return Principal(
        username=user.username, user_id=user.id, roles=("admin",), policy=default_policy()
    )


async def bearer(client: httpx.AsyncClient, secret: str) -> httpx.Response:
    headers = {"Authorization": f"Bearer {secret}"}
    return await client.post("/graphql", json={"query": VIEWER}, headers=headers)


CONSENT = """
mutation ($id: ID!) { consentApiToken(id: $id) {
  __typename ... on ConsentApiTokenSuccess { token { consentedAt awaitingConsent } }
} }"""


async def consent(graphql: Any, owner: t.User, token_id: str) -> None:
    """The owner, signed in as themselves (a session), accepts a token made for them."""
    me = Principal(
        username=owner.username,
        user_id=owner.id,
        roles=(owner.position,),
        session_id=1,
        policy=default_policy(),
    )
    done = (await graphql(CONSENT, {"id": token_id}, principal=me)).data["consentApiToken"]
    assert done["__typename"] == "ConsentApiTokenSuccess", done
    assert done["token"]["awaitingConsent"] is False


async def make(session: AsyncSession, clock: FixedClock, owner: t.User, days: int = 30) -> Any:
    issued = await issue_token(
        session,
        clock=clock,
        name="justice portal",
        owner=owner,
        roles=None,
        expires_at=clock.now() + timedelta(days=days),
        created_by="test",
        origin=Origin(),
    )
    await session.flush()
    return issued


async def test_an_admin_makes_a_token_whose_secret_is_shown_once_and_never_stored(
    session: AsyncSession, graphql: Any, admin: Principal, client: httpx.AsyncClient
) -> None:
    owner = await f.user(session, position="ministry_officer", ministry_code="MOJ")
    variables = {
        "input": {
            "name": "justice portal",
            "ownerId": str(GlobalID("User", str(owner.id))),
            "expiresAt": "2027-06-01T00:00:00+07:00",
        }
    }
    result = await graphql(CREATE, variables, principal=admin)
    made = result.data["createApiToken"]
    assert made["__typename"] == "CreateApiTokenSuccess", made
    secret = made["secret"]
    assert secret.startswith("ecr_") and len(secret) == 44
    assert made["token"]["roles"] == ["ministry_officer"]
    assert made["token"]["owner"] == {"username": owner.username}
    stored = (await session.execute(select(t.ApiToken))).scalars().all()
    assert stored and all(secret not in str(row.model_dump()) for row in stored)
    assert all(secret[4:20] not in str(row.model_dump()) for row in stored)

    assert (await bearer(client, secret)).status_code == 401  # until its owner accepts it
    await consent(graphql, owner, made["token"]["id"])
    answer = (await bearer(client, secret)).json()["data"]["viewer"]
    assert answer["username"] == owner.username and answer["authenticated"] is True
    listed = await graphql(LIST, {"all": False}, principal=admin)
    assert listed.data["apiTokens"]["totalCount"] == 1
    (entry,) = (
        (await session.execute(select(t.AuditEntry).filter_by(action="token.create")))
        .scalars()
        .all()
    )
    assert entry.actor_username == admin.username and secret not in entry.details


async def test_only_admins_manage_tokens(
    session: AsyncSession, graphql: Any, admin: Principal
) -> None:
    officer = await f.user(session, position="officer")
    me = Principal(
        username=officer.username, user_id=officer.id, roles=("officer",), policy=default_policy()
    )
    variables = {
        "input": {
            "name": "mine",
            "ownerId": str(GlobalID("User", str(officer.id))),
            "expiresAt": "2027-01-01T00:00:00Z",
        }
    }
    result = await graphql(CREATE, variables, principal=me)
    assert result.data["createApiToken"]["__typename"] == "Forbidden"
    listed = await graphql(LIST, {"all": True}, principal=me)
    assert listed.data is None and "not allowed" in listed.errors[0].message


@pytest.mark.parametrize(
    ("expires", "roles", "field"),
    [
        ("2028-01-01T00:00:00Z", None, "expiresAt"),  # more than a year
        ("2026-11-01T00:00:00Z", None, "expiresAt"),  # the past
        ("2027-01-01T00:00:00Z", ["national_analyst"], "roles"),  # not the owner's
        ("2027-01-01T00:00:00Z", ["admin"], "roles"),  # never on a long-lived token
    ],
)
async def test_tokens_expire_within_a_year_and_carry_only_the_owners_roles(
    session: AsyncSession, graphql: Any, admin: Principal, expires: str, roles: Any, field: str
) -> None:
    owner = await f.user(session, position="officer")
    variables = {
        "input": {
            "name": "portal",
            "ownerId": str(GlobalID("User", str(owner.id))),
            "expiresAt": expires,
            "roles": roles,
        }
    }
    result = (await graphql(CREATE, variables, principal=admin)).data["createApiToken"]
    assert result["__typename"] == "ValidationFailed"
    assert [e["field"] for e in result["errors"]] == [field]


async def test_expired_revoked_unknown_and_malformed_tokens_get_the_same_401(
    session: AsyncSession,
    graphql: Any,
    admin: Principal,
    client: httpx.AsyncClient,
    clock: FixedClock,
) -> None:
    owner = await f.user(session, position="officer")
    short, kept = await make(session, clock, owner, days=1), await make(session, clock, owner)
    assert (await bearer(client, short.secret)).status_code == 200
    revoked = await graphql(
        REVOKE, {"id": str(GlobalID("ApiToken", str(kept.row.id)))}, principal=admin
    )
    assert revoked.data["revokeApiToken"]["__typename"] == "RevokeApiTokenSuccess"
    clock.advance(timedelta(days=1))
    answers = [
        await bearer(client, short.secret),  # expired
        await bearer(client, kept.secret),  # revoked
        await bearer(client, "ecr_" + "A" * 40),  # unknown
        await bearer(client, "not-a-token"),  # malformed
    ]
    for answer in answers:
        assert (answer.status_code, answer.json()) == (401, REFUSED)
        assert answer.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    basic = await client.post(
        "/graphql", json={"query": VIEWER}, headers={"Authorization": "Basic eDp5"}
    )
    assert basic.status_code == 401


async def test_a_disabled_owners_tokens_stop_working(
    session: AsyncSession, client: httpx.AsyncClient, clock: FixedClock
) -> None:
    owner = await f.user(session, position="officer")
    issued = await make(session, clock, owner)
    owner.active = False
    await session.flush()
    assert (await bearer(client, issued.secret)).status_code == 401


async def test_last_use_is_recorded_at_most_once_a_minute(
    session: AsyncSession, client: httpx.AsyncClient, clock: FixedClock
) -> None:
    owner = await f.user(session, position="officer")
    issued = await make(session, clock, owner)

    async def last_used() -> Any:
        stmt = select(t.ApiToken.last_used_at).where(t.ApiToken.id == issued.row.id)
        return (await session.execute(stmt)).scalar_one()

    assert await last_used() is None
    await bearer(client, issued.secret)
    first = clock.now()
    assert await last_used() == first
    clock.advance(timedelta(seconds=40))
    await bearer(client, issued.secret)
    assert await last_used() == first
    clock.advance(timedelta(seconds=40))
    await bearer(client, issued.secret)
    assert await last_used() == clock.now()


async def test_credentials_exchange_for_a_fifteen_minute_token(
    session: AsyncSession, client: httpx.AsyncClient, clock: FixedClock
) -> None:
    user = await f.user(session, position="officer", password_hash=HASHER.hash(PASSWORD))
    response = await client.post(
        "/auth/token", json={"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["tokenType"] == "Bearer" and body["expiresIn"] == 900
    assert (await bearer(client, body["accessToken"])).json()["data"]["viewer"]["roles"] == [
        "officer"
    ]
    clock.advance(timedelta(minutes=15))
    assert (await bearer(client, body["accessToken"])).status_code == 401


async def test_the_exchange_is_locked_out_like_signing_in(
    session: AsyncSession, client: httpx.AsyncClient
) -> None:
    user = await f.user(session, position="officer", password_hash=HASHER.hash(PASSWORD))
    for _ in range(5):
        wrong = {"username": user.username, "password": "guess"}
        assert (await client.post("/auth/token", json=wrong)).status_code == 401
    right = {"username": user.username, "password": PASSWORD}
    assert (await client.post("/auth/token", json=right)).status_code == 429
    assert (await client.post("/auth/login", json=right)).status_code == 429


async def test_viewer_says_who_is_asking(session: AsyncSession, graphql: Any) -> None:
    user = await f.user(session, position="officer", rank="Police Captain")
    me = replace(await principal_for(session, user), policy=default_policy())
    query = "{ viewer { authenticated username roles rank tokenName user { username } } }"
    assert (await graphql(query, principal=me)).data["viewer"] == {
        "authenticated": True,
        "username": user.username,
        "roles": ["officer"],
        "rank": "Police Captain",
        "tokenName": None,
        "user": {"username": user.username},
    }
    anonymous = (await graphql(query, principal=Principal.anonymous())).data["viewer"]
    assert anonymous["authenticated"] is False and anonymous["user"] is None
