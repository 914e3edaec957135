"""The issue's scenario across two real server processes on one PostgreSQL database.

Siem Reap holds a warrant; its subscriber is connected by WebSocket (graphql-transport-ws) to
process A. Phnom Penh records the person under another spelling through process B. The hit
reaches Siem Reap through PostgreSQL NOTIFY within a second; Phnom Penh's recorder hears of it
too; Kampot hears nothing.
"""

from __future__ import annotations

import asyncio
import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect

from db import tables as t
from db.engine import Database
from resolvers.auth import digest
from resolvers.tokens import new_secret
from tests.test_hits import make_world
from tests.test_policy_processes import servers  # noqa: F401 - a fixture

SUBSCRIBE = "subscription { alerts { id kind hitId } }"
CREATE = "mutation ($input: PersonInput!) { createPerson(input: $input) { __typename } }"
SPELLED = {
    "familyNameLatin": "Chear",
    "givenNameLatin": "Sokhar",
    "sex": "MALE",
    "nationality": "KH",
    "birthDate": {"year": 1990, "month": 5, "day": 12},
}
QUIET = 0.5  # how long those who should hear nothing (more) are listened to


async def _seed(url: str) -> dict[str, str]:
    """Siem Reap's warrant, and a bearer token for each of the three officers."""
    database = Database.from_url(url)
    now = datetime.now(UTC)
    secrets: dict[str, str] = {}
    async with database.session() as session:
        world = await make_world(session)
        for who in ("sr", "pp", "kampot"):
            secrets[who] = new_secret()
            session.add(
                t.ApiToken(
                    name=f"alerts-{who}",
                    kind="sign_in",
                    owner_id=world[who].user_id,
                    roles="specialist",
                    secret_hash=digest(secrets[who]),
                    created_at=now,
                    expires_at=now + timedelta(hours=1),
                )
            )
        await session.commit()
    await database.dispose()
    return secrets


async def _subscribe(base: str, secret: str) -> ClientConnection:
    ws = await connect(
        base.replace("http://", "ws://") + "/graphql",
        subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
        additional_headers={"authorization": f"Bearer {secret}"},
    )
    await ws.send(json.dumps({"type": "connection_init"}))
    assert json.loads(await ws.recv(decode=True))["type"] == "connection_ack"
    await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}}))
    # The server handles a connection's messages in order: once it answers this ping it has
    # taken the subscription and scheduled its task, which reaches the bus within a few loop
    # turns; a mutation through the other process takes far longer to reach NOTIFY.
    await ws.send(json.dumps({"type": "ping"}))
    assert json.loads(await ws.recv(decode=True))["type"] == "pong"
    return ws


async def _next(ws: ClientConnection, within: float) -> dict[str, Any] | None:
    """The next alert, or None when nothing comes within the time (read, never slept)."""
    try:
        async with asyncio.timeout(within):
            message = json.loads(await ws.recv(decode=True))
    except TimeoutError:
        return None
    assert message["type"] == "next", message
    assert "errors" not in message["payload"], message
    alert: dict[str, Any] = message["payload"]["data"]["alerts"]
    return alert


async def test_a_hit_in_phnom_penh_reaches_siem_reap_on_another_process_within_a_second(
    committed_postgres: str,
    servers: tuple[str, str],
) -> None:
    secrets = await _seed(committed_postgres)
    first, second = servers
    siem_reap = await _subscribe(first, secrets["sr"])
    kampot = await _subscribe(first, secrets["kampot"])
    recorder = await _subscribe(second, secrets["pp"])  # on the process that writes the hit
    try:
        async with httpx.AsyncClient(timeout=10) as client:
            response = await client.post(
                f"{second}/graphql",
                json={"query": CREATE, "variables": {"input": SPELLED}},
                headers={"authorization": f"Bearer {secrets['pp']}"},
            )
        answered = time.monotonic()
        body = response.json()
        assert body["data"]["createPerson"]["__typename"] == "CreatePersonSuccess", body
        heard = await _next(siem_reap, 1.0)
        latency = time.monotonic() - answered
        assert heard is not None, "Siem Reap heard nothing within a second"
        assert heard["kind"] == "hit"
        print(f"hit alert latency across processes: {latency * 1000:.1f} ms")
        assert latency < 1.0
        told = await _next(recorder, 1.0)
        assert told is not None and told["kind"] == "recorded"
        assert told["hitId"] == heard["hitId"]
        assert await _next(kampot, QUIET) is None
        assert await _next(siem_reap, QUIET) is None  # announced once, not once per path
        assert await _next(recorder, QUIET) is None
    finally:
        for ws in (siem_reap, kampot, recorder):
            await ws.close()
