"""The HTTP surface: health, GraphiQL served locally, request ids, limits, masked errors."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest

from db.clock import FixedClock
from db.engine import Database
from web.app import create_app
from web.settings import Settings


@pytest.fixture
async def client(db: Database, clock: FixedClock) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings(), database=db, clock=clock)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def _post(client: httpx.AsyncClient, query: str) -> dict:  # type: ignore[type-arg]
    response = await client.post("/graphql", json={"query": query})
    assert response.status_code == 200
    body: dict = response.json()  # type: ignore[type-arg]
    return body


async def test_health_answers_ok_with_a_request_id(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz", headers={"x-request-id": "abc-123"})
    assert response.json() == {"status": "ok"}
    assert response.headers["x-request-id"] == "abc-123"
    other = await client.get("/healthz", headers={"x-request-id": "<script>"})
    assert re.fullmatch(r"[0-9a-f]{32}", other.headers["x-request-id"])


async def test_graphiql_loads_every_asset_from_this_server(client: httpx.AsyncClient) -> None:
    page = await client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert '<meta charset="utf-8">' in page.text
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets and all(a.startswith("/static/") for a in assets), assets
    for asset in assets:
        assert (await client.get(asset)).status_code == 200, asset


async def test_pages_are_capped_at_100(client: httpx.AsyncClient) -> None:
    body = await _post(client, "{ offences(first: 101) { totalCount } }")
    assert body["data"] is None
    assert body["errors"][0]["message"] == "first: must be between 0 and 100, not 101"


async def test_a_forged_cursor_is_refused_by_name(client: httpx.AsyncClient) -> None:
    body = await _post(client, '{ offences(after: "bm9wZQ==") { totalCount } }')
    assert "after:" in body["errors"][0]["message"]


async def test_deep_queries_are_refused(client: httpx.AsyncClient) -> None:
    deep = "{ provinces { code " + "districts { province { " * 9 + "code" + " } }" * 9 + " } }"
    body = await _post(client, deep)
    assert body["data"] is None
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]


async def test_alias_floods_are_refused(client: httpx.AsyncClient) -> None:
    query = "{ " + " ".join(f"a{i}: provinces {{ code }}" for i in range(20)) + " }"
    body = await _post(client, query)
    assert body["data"] is None
    assert "aliases" in body["errors"][0]["message"].lower()


async def test_huge_documents_are_refused(client: httpx.AsyncClient) -> None:
    query = "{ " + " ".join("__typename" for _ in range(3000)) + " }"
    body = await _post(client, query)
    assert body["data"] is None
    assert "token" in body["errors"][0]["message"].lower()


async def test_unexpected_errors_are_masked(client: httpx.AsyncClient) -> None:
    # A well-formed global id for a type that exists, whose key cannot be parsed: an internal
    # error path that must not leak its text.
    import base64

    bad = base64.b64encode(b"Offence:not-a-number").decode()
    body = await _post(client, f'{{ node(id: "{bad}") {{ id }} }}')
    assert body["data"] == {"node": None}
    body = await _post(client, '{ node(id: "%%%") { id } }')
    assert body["errors"] and "Traceback" not in str(body)


async def test_answers_that_could_explode_are_refused_before_running(
    client: httpx.AsyncClient,
) -> None:
    fan_out = (
        "{ provinces { "
        + "districts { communes { district { province { " * 2
        + "code"
        + " } } } }" * 2
        + " } }"
    )
    body = await _post(client, fan_out)
    assert body["data"] is None
    assert body["errors"][0]["message"].startswith("query too large: it could return about ")


async def test_a_deep_but_paged_query_is_allowed(client: httpx.AsyncClient) -> None:
    query = "{ offences(first: 100) { edges { node { persons { person { cases(first: 5) { edges { node { offences(first: 5) { totalCount } } } } } } } } } }"
    body = await _post(client, query)
    assert "errors" not in body, body
