"""WebSocket upgrades through the real app (starlette's TestClient): a cookie-carrying upgrade
must come from this server's own origin or an allowed one (cross-site WebSocket hijacking);
bearer and anonymous upgrades carry no ambient credential and are not checked. A socket whose
session ends is told so and closed."""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from starlette.exceptions import StarletteDeprecationWarning
from starlette.websockets import WebSocketDisconnect

from db import tables as t
from db.alert_bus import BUS
from db.clock import FixedClock
from db.engine import Database
from resolvers.auth import digest
from resolvers.hit_alerts import SIGNED_OUT
from resolvers.tokens import new_secret
from tests.conftest import T0
from tests.test_alert_subscription import SUBSCRIBE, committed_url  # noqa: F401 - a fixture
from tests.test_hits import make_world
from web.app import create_app
from web.auth import COOKIE
from web.settings import Settings

with warnings.catch_warnings():
    # It asks for the httpx2 fork; the httpx it works with is the one this project pins.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

SETTINGS = Settings(argon2_profile="CHEAPEST", allowed_origins=("https://app.example",))
PROTOCOL = ["graphql-transport-ws"]
CSRF = "csrf-token-of-the-session"


async def _seed(url: str) -> dict[str, str]:
    """A Siem Reap officer with a live session and a live token (secrets by kind)."""
    database = Database.from_url(url)
    secrets = {"cookie": new_secret(), "bearer": new_secret()}
    try:
        async with database.session() as session:
            world = await make_world(session)
            user_id = world["sr"].user_id
            session.add(
                t.LoginSession(
                    user_id=user_id,
                    secret_hash=digest(secrets["cookie"]),
                    csrf_token=CSRF,
                    created_at=T0,
                    last_seen_at=T0,
                )
            )
            session.add(
                t.ApiToken(
                    name="alerts",
                    kind="sign_in",
                    owner_id=user_id,
                    roles="specialist",
                    secret_hash=digest(secrets["bearer"]),
                    created_at=T0,
                    expires_at=T0 + timedelta(hours=1),
                )
            )
            await session.commit()
    finally:
        await database.dispose()
    return secrets


@pytest.fixture
def served(committed_url: str) -> Iterator[tuple[TestClient, FixedClock, dict[str, str]]]:
    secrets = asyncio.run(_seed(committed_url))
    clock = FixedClock(T0)
    database = Database.from_url(committed_url)
    app = create_app(SETTINGS, database=database, clock=clock)
    with TestClient(app) as client:
        yield client, clock, secrets
        client.portal.call(database.dispose)  # type: ignore[union-attr]  # on the app's loop


def _cookie(secret: str) -> dict[str, str]:
    return {"cookie": f"{COOKIE}={secret}"}


def _acknowledged(client: TestClient, headers: dict[str, str]) -> bool:
    with client.websocket_connect("/graphql", subprotocols=PROTOCOL, headers=headers) as ws:
        ws.send_json({"type": "connection_init"})
        reply: dict[str, Any] = ws.receive_json()
        return reply["type"] == "connection_ack"


@pytest.mark.parametrize(
    "origin",
    [None, "https://evil.example", "null", "https://testserver", "http://testserver.evil.example"],
)
def test_a_cookie_upgrade_from_another_origin_is_closed_before_it_is_accepted(
    served: tuple[TestClient, FixedClock, dict[str, str]], origin: str | None
) -> None:
    client, _clock, secrets = served
    headers = _cookie(secrets["cookie"]) | ({"origin": origin} if origin else {})
    with pytest.raises(WebSocketDisconnect) as refused:
        _acknowledged(client, headers)
    assert refused.value.code == 1008


@pytest.mark.parametrize(
    "origin", ["http://testserver", "HTTP://TestServer:80", "https://app.example"]
)
def test_a_cookie_upgrade_from_this_server_or_an_allowed_origin_is_accepted(
    served: tuple[TestClient, FixedClock, dict[str, str]], origin: str
) -> None:
    client, _clock, secrets = served
    assert _acknowledged(client, _cookie(secrets["cookie"]) | {"origin": origin})


def test_bearer_and_anonymous_upgrades_need_no_origin(
    served: tuple[TestClient, FixedClock, dict[str, str]],
) -> None:
    client, _clock, secrets = served
    foreign = {"origin": "https://evil.example"}
    assert _acknowledged(client, {"authorization": f"Bearer {secrets['bearer']}"} | foreign)
    assert _acknowledged(client, foreign)


async def _listeners() -> int:
    return BUS.listeners


async def _wake() -> None:
    BUS.wake()


def test_signing_out_ends_the_subscription_and_closes_the_socket(
    served: tuple[TestClient, FixedClock, dict[str, str]],
) -> None:
    client, clock, secrets = served
    headers = _cookie(secrets["cookie"]) | {"origin": "http://testserver"}
    with client.websocket_connect("/graphql", subprotocols=PROTOCOL, headers=headers) as ws:
        ws.send_json({"type": "connection_init"})
        assert ws.receive_json()["type"] == "connection_ack"
        before = client.portal.call(_listeners)  # type: ignore[union-attr]
        ws.send_json({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}})
        while client.portal.call(_listeners) == before:  # type: ignore[union-attr]
            pass  # each call lets the server's loop run; the stream is on the bus after a few
        signed_out = client.post(
            "/auth/logout", headers=_cookie(secrets["cookie"]) | {"x-csrf-token": CSRF}
        )
        assert signed_out.status_code == 200, signed_out.text
        clock.advance(timedelta(seconds=30))
        client.portal.call(_wake)  # type: ignore[union-attr]
        ended = ws.receive_json()
        assert ended["type"] == "next" and ended["id"] == "1"
        assert [e["message"] for e in ended["payload"]["errors"]] == [SIGNED_OUT]
        assert ws.receive_json() == {"id": "1", "type": "complete"}
        # Waited for in a thread, with a bound: were the socket left open, nothing would come.
        waiting = ThreadPoolExecutor(1)
        try:
            closed = waiting.submit(ws.receive).result(timeout=5)
        finally:
            waiting.shutdown(wait=False)
        assert (closed["type"], closed["code"]) == ("websocket.close", 4401)
