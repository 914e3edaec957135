"""CSRF: a state-changing request authenticated by the session cookie carries the session's token."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from db.clock import FixedClock
from db.engine import Database
from resolvers.auth import Origin
from resolvers.tokens import issue_token
from tests import factories as f
from tests.test_auth_sessions import HASHER, PASSWORD, SETTINGS, VIEWER
from web.app import create_app
from web.auth import COOKIE

MUTATION = 'mutation { revokeApiToken(id: "QXBpVG9rZW46MQ==") { __typename } }'


@pytest.fixture
async def client(db: Database, clock: FixedClock) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(SETTINGS, database=db, clock=clock)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        yield client


@pytest.fixture
async def csrf(session: AsyncSession, client: httpx.AsyncClient) -> str:
    """Signs ``client`` in as an officer; the session's CSRF token."""
    user = await f.user(session, position="officer", password_hash=HASHER.hash(PASSWORD))
    response = await client.post(
        "/auth/login", json={"username": user.username, "password": PASSWORD}
    )
    token: str = response.json()["csrfToken"]
    return token


async def test_a_cookie_mutation_without_the_token_is_refused(
    client: httpx.AsyncClient, csrf: str
) -> None:
    response = await client.post("/graphql", json={"query": MUTATION})
    assert response.status_code == 403
    assert response.json() == {"error": "missing or wrong CSRF token"}
    wrong = await client.post(
        "/graphql", json={"query": MUTATION}, headers={"X-CSRF-Token": csrf[:-1] + "x"}
    )
    assert wrong.status_code == 403


async def test_a_cookie_mutation_with_the_token_goes_through(
    client: httpx.AsyncClient, csrf: str
) -> None:
    response = await client.post(
        "/graphql", json={"query": MUTATION}, headers={"X-CSRF-Token": csrf}
    )
    assert response.status_code == 200
    assert "revokeApiToken" in response.json()["data"]


async def test_queries_need_no_token_but_a_query_hiding_a_mutation_does(
    client: httpx.AsyncClient, csrf: str
) -> None:
    query = await client.post("/graphql", json={"query": VIEWER})
    assert query.status_code == 200
    assert query.json()["data"]["viewer"]["authenticated"] is True
    both = "query A { viewer { username } } " + MUTATION.replace("mutation", "mutation B")
    hidden = await client.post("/graphql", json={"query": both, "operationName": "A"})
    assert hidden.status_code == 403
    garbled = await client.post("/graphql", content=b"not json")
    assert garbled.status_code == 403


async def test_forms_may_carry_the_token_as_a_field(client: httpx.AsyncClient, csrf: str) -> None:
    assert (await client.post("/auth/logout", data={"x": "1"})).status_code == 403
    response = await client.post("/auth/logout", data={"csrf_token": csrf})
    assert response.status_code == 200
    assert COOKIE not in client.cookies


async def test_multipart_forms_may_carry_the_token_too(
    client: httpx.AsyncClient, csrf: str
) -> None:
    files = {"photo": ("a.txt", b"x", "text/plain")}
    response = await client.post("/auth/logout", data={"csrf_token": csrf}, files=files)
    assert response.status_code == 200


async def test_anonymous_and_bearer_requests_need_no_token(
    session: AsyncSession, client: httpx.AsyncClient, clock: FixedClock
) -> None:
    anonymous = await client.post("/graphql", json={"query": MUTATION})
    assert anonymous.status_code == 200
    owner = await f.user(session, position="officer")
    issued = await issue_token(
        session,
        clock=clock,
        name="portal",
        owner=owner,
        roles=None,
        expires_at=clock.now() + timedelta(days=30),
        created_by="test",
        origin=Origin(),
    )
    await session.flush()
    response = await client.post(
        "/graphql",
        json={"query": MUTATION},
        headers={"Authorization": f"Bearer {issued.secret}"},
    )
    assert response.status_code == 200
