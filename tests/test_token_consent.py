"""A token an admin makes for another user acts only once that user accepts it, signed in as
themselves (resolvers.token_consent): separation of duties for API tokens, through GraphQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.relay import GlobalID

from db import tables as t
from db.clock import FixedClock
from db.engine import Database
from policies.enforcer import default_policy
from policies.principal import Principal
from resolvers.token_consent import NOT_YOURSELF
from tests import factories as f
from tests.test_auth_sessions import HASHER, PASSWORD, SETTINGS
from tests.test_auth_tokens import CREATE
from web.app import create_app

ANSWER = """
mutation ($id: ID!) {
  consent: consentApiToken(id: $id) { __typename ... on Forbidden { message } }
}"""
DECLINE = "mutation ($id: ID!) { declineApiToken(id: $id) { __typename } }"
MINE = """{ viewer { apiTokens { id name madeBy roles awaitingConsent consentedAt } } }"""


@pytest.fixture
async def client(db: Database, clock: FixedClock) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(SETTINGS, database=db, clock=clock)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        yield client


async def post(client: httpx.AsyncClient, secret: str, query: str, **variables: Any) -> Any:
    headers = {"Authorization": f"Bearer {secret}"}
    answer = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    return answer


async def made_for(
    session: AsyncSession, graphql: Any, owner: t.User, name: str = "justice portal"
) -> tuple[str, str, t.User]:
    admin = await f.user(session, position="admin")
    me = Principal(
        username=admin.username, user_id=admin.id, roles=("admin",), policy=default_policy()
    )
    variables = {
        "input": {
            "name": name,
            "ownerId": str(GlobalID("User", str(owner.id))),
            "expiresAt": "2027-06-01T00:00:00Z",
        }
    }
    made = (await graphql(CREATE, variables, principal=me)).data["createApiToken"]
    assert made["__typename"] == "CreateApiTokenSuccess", made
    return made["token"]["id"], made["secret"], admin


def as_user(user: t.User, **how: Any) -> Principal:
    return Principal(
        username=user.username,
        user_id=user.id,
        roles=(user.position,),
        policy=default_policy(),
        **how,
    )


async def test_the_owner_accepts_with_a_password_made_token_and_the_token_then_acts(
    session: AsyncSession, graphql: Any, client: httpx.AsyncClient
) -> None:
    owner = await f.user(session, position="officer", password_hash=HASHER.hash(PASSWORD))
    token_id, secret, admin = await made_for(session, graphql, owner)
    assert (await post(client, secret, "{ viewer { username } }")).status_code == 401
    given = {"username": owner.username, "password": PASSWORD}
    exchanged = (await client.post("/auth/token", json=given)).json()["accessToken"]
    mine = (await post(client, exchanged, MINE)).json()["data"]["viewer"]["apiTokens"]
    assert mine == [
        {
            "id": token_id,
            "name": "justice portal",
            "madeBy": admin.username,
            "roles": ["officer"],
            "awaitingConsent": True,
            "consentedAt": None,
        }
    ]
    done = (await post(client, exchanged, ANSWER, id=token_id)).json()["data"]["consent"]
    assert done["__typename"] == "ConsentApiTokenSuccess"
    viewer = (await post(client, secret, "{ viewer { username tokenName } }")).json()
    assert viewer["data"]["viewer"] == {"username": owner.username, "tokenName": "justice portal"}


async def test_a_token_cannot_accept_another_token_nor_anyone_but_the_owner(
    session: AsyncSession, graphql: Any, client: httpx.AsyncClient
) -> None:
    owner = await f.user(session, position="officer")
    first_id, first, _admin = await made_for(session, graphql, owner, "first")
    await graphql(ANSWER, {"id": first_id}, principal=as_user(owner, session_id=1))
    second_id, second, admin = await made_for(session, graphql, owner, "second")
    # With the first token, an app could widen itself: only the owner, signed in, may accept.
    refused = (await post(client, first, ANSWER, id=second_id)).json()["data"]["consent"]
    assert refused == {"__typename": "Forbidden", "message": NOT_YOURSELF}
    stranger = await f.user(session, position="officer")
    for who in (as_user(stranger, session_id=2), as_user(admin, session_id=3)):
        answer = (await graphql(ANSWER, {"id": second_id}, principal=who)).data["consent"]
        assert answer["__typename"] == "NotFound"
    assert (await post(client, second, "{ viewer { username } }")).status_code == 401


async def test_the_owner_may_decline_and_the_token_is_revoked(
    session: AsyncSession, graphql: Any, client: httpx.AsyncClient, clock: FixedClock
) -> None:
    owner = await f.user(session, position="officer")
    token_id, secret, _admin = await made_for(session, graphql, owner)
    me = as_user(owner, session_id=1)
    declined = await graphql(DECLINE, {"id": token_id}, principal=me)
    assert declined.data["declineApiToken"]["__typename"] == "ConsentApiTokenSuccess"
    again = (await graphql(ANSWER, {"id": token_id}, principal=me)).data["consent"]
    assert again["__typename"] == "Forbidden"  # revoked: there is nothing left to accept
    assert (await post(client, secret, "{ viewer { username } }")).status_code == 401
    assert (await graphql(MINE, principal=me)).data["viewer"]["apiTokens"] == []
