"""Rights checked at use on a WebSocket (web.ws_operations), through the real app.

Generated: every root Query, Mutation and Subscription field of the live schema
(tests.schema_operations) is sent over an open graphql-transport-ws connection after its
credential has ended — (a) the token revoked, (b) the user disabled, (c) the session signed out.
Each must be refused with the credential's error and the socket closed with 4401, and nothing
may take effect: no audit entry but the refusal (every change writes one, resolvers.audit), and
for a mutation exactly that refusal. The legacy graphql-ws ``start`` is checked the same way. A
planted break (the per-operation re-check removed) must make the same check report every field.
Then: a demotion between two operations on one socket shows in the second.
"""

from __future__ import annotations

import asyncio
import json
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as Late
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import update
from sqlmodel import col, select
from starlette.exceptions import StarletteDeprecationWarning

import web.ws_operations
from db import tables as t
from db.clock import FixedClock
from db.engine import Database
from policies.principal import Principal
from resolvers.auth import Origin, digest
from resolvers.context import CREDENTIAL_ENDED
from resolvers.sessions import sign_out
from resolvers.tokens import new_secret, revoke_token
from resolvers.user_credentials import Actor
from resolvers.users import UserChange, change
from tests import factories as f
from tests.conftest import SCHEMA, T0
from tests.schema_operations import Probe, probes
from tests.test_alert_subscription import committed_url  # noqa: F401 - a fixture
from web.app import create_app
from web.auth import COOKIE
from web.settings import Settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient, WebSocketTestSession

SETTINGS = Settings(argon2_profile="CHEAPEST")
PROTOCOL = ["graphql-transport-ws"]
LEGACY = "graphql-ws"
PROBES = probes(SCHEMA._schema)
WAIT = 5.0  # seconds for an answer that must come; a broken gate may send none at all
ADMIN = Actor("test", Origin())


@dataclass(frozen=True)
class Served:
    client: TestClient
    database: Database
    clock: FixedClock
    unit_id: int

    def call(self, fn: Any, *args: Any) -> Any:
        return self.client.portal.call(fn, *args)  # type: ignore[union-attr]  # the app's loop


@dataclass(frozen=True)
class Credential:
    user_id: int
    secret: str
    bearer: bool

    @property
    def headers(self) -> dict[str, str]:
        if self.bearer:
            return {"authorization": f"Bearer {self.secret}"}
        return {"cookie": f"{COOKIE}={self.secret}", "origin": "http://testserver"}


async def _seed(url: str) -> int:
    database = Database.from_url(url)
    try:
        async with database.session() as session:
            unit = await f.unit(session, province="12")
            await session.commit()
            assert unit.id is not None
            return unit.id
    finally:
        await database.dispose()


@pytest.fixture
def served(committed_url: str) -> Iterator[Served]:
    unit_id = asyncio.run(_seed(committed_url))
    clock = FixedClock(T0)
    database = Database.from_url(committed_url)
    app = create_app(SETTINGS, database=database, clock=clock)
    with TestClient(app) as client:
        yield Served(client, database, clock, unit_id)
        client.portal.call(database.dispose)  # type: ignore[union-attr]


def _credential(served: Served, *, bearer: bool, kind: str = "sign_in") -> Credential:
    """A new specialist of the unit, with a live one-hour token or session."""

    async def make() -> Credential:
        secret, now = new_secret(), served.clock.now()
        async with served.database.session() as session:
            unit = await session.get(t.Unit, served.unit_id)
            user = await f.user(session, unit_row=unit, rank="Major")
            assert user.id is not None
            row: Any
            if bearer:
                row = t.ApiToken(
                    name="probe",
                    kind=kind,
                    owner_id=user.id,
                    roles="specialist",
                    secret_hash=digest(secret),
                    created_at=now,
                    expires_at=now + timedelta(hours=1),
                )
            else:
                row = t.LoginSession(
                    user_id=user.id,
                    secret_hash=digest(secret),
                    csrf_token="csrf",
                    created_at=now,
                    last_seen_at=now,
                )
            session.add(row)
            await session.commit()
            return Credential(user.id, secret, bearer)

    result: Credential = served.call(make)
    return result


async def _revoke(served: Served, cred: Credential) -> None:
    async with served.database.session() as session:
        stmt = select(t.ApiToken.id).where(t.ApiToken.secret_hash == digest(cred.secret))
        token_id = (await session.execute(stmt)).scalar_one()
        assert token_id is not None
        await revoke_token(
            session, clock=served.clock, token_id=token_id, revoked_by="test", origin=Origin()
        )
        await session.commit()


async def _disable(served: Served, cred: Credential) -> None:
    # A bare UPDATE, not resolvers.users.disable (which also ends the session): the re-check
    # must see the disabled flag by itself.
    async with served.database.session() as session:
        stmt = update(t.User).where(col(t.User.id) == cred.user_id).values(active=False)
        await session.execute(stmt)
        await session.commit()


async def _sign_out(served: Served, cred: Credential) -> None:
    async with served.database.session() as session:
        stmt = select(t.LoginSession.id).where(t.LoginSession.secret_hash == digest(cred.secret))
        me = Principal(
            username="probe",
            user_id=cred.user_id,
            session_id=(await session.execute(stmt)).scalar_one(),
        )
        await sign_out(session, clock=served.clock, principal=me, origin=Origin())


ENDINGS = {
    "token revoked": (True, _revoke),
    "user disabled": (False, _disable),
    "session signed out": (False, _sign_out),
}


async def _entries_after(served: Served, last: int) -> list[tuple[str, str]]:
    async with served.database.session() as session:
        stmt = select(t.AuditEntry).where(col(t.AuditEntry.id) > last)
        return [(e.action, e.outcome) for e in (await session.execute(stmt)).scalars()]


async def _last_entry(served: Served) -> int:
    async with served.database.session() as session:
        found = await session.scalar(select(t.AuditEntry.id).order_by(col(t.AuditEntry.id).desc()))
        return found or 0


def receive(ws: WebSocketTestSession, within: float = WAIT) -> dict[str, Any] | None:
    """The next message (a close too), or None if nothing comes in time."""
    waiting = ThreadPoolExecutor(1)
    try:
        message: dict[str, Any] = waiting.submit(ws.receive).result(timeout=within)
    except Late:
        return None
    finally:
        waiting.shutdown(wait=False)
    if message["type"] == "websocket.send":
        return dict(json.loads(message["text"]))
    return message


def connect(served: Served, cred: Credential, protocol: str = PROTOCOL[0]) -> Any:
    headers = cred.headers
    return served.client.websocket_connect("/graphql", subprotocols=[protocol], headers=headers)


def ask(ws: WebSocketTestSession, probe: Probe, ident: str = "1", *, legacy: bool = False) -> None:
    payload = {"query": probe.document, "variables": probe.variables}
    ws.send_json({"id": ident, "type": "start" if legacy else "subscribe", "payload": payload})


def _violation(served: Served, probe: Probe, how: str, protocol: str = PROTOCOL[0]) -> str | None:
    """What went wrong when ``probe`` is sent after the credential ended ``how``; None if it
    was refused as it must be."""
    bearer, end = ENDINGS[how]
    cred = _credential(served, bearer=bearer)
    legacy = protocol == LEGACY
    with connect(served, cred, protocol) as ws:
        ws.send_json({"type": "connection_init"})
        assert receive(ws) == {"type": "connection_ack"}
        served.call(end, served, cred)
        last = served.call(_last_entry, served)
        ask(ws, probe, legacy=legacy)
        answer = receive(ws)
        closed = receive(ws) if answer and answer.get("type") == "error" else None
    entries = served.call(_entries_after, served, last)
    # graphql-ws sends one error, graphql-transport-ws a list of them
    refused = {"id": "1", "type": "error", "payload": refusal() if legacy else [refusal()]}
    if answer != refused:
        return f"{probe.name} ({how}): answered {answer}"
    if closed is None or (closed.get("type"), closed.get("code")) != ("websocket.close", 4401):
        return f"{probe.name} ({how}): the socket was not closed with 4401: {closed}"
    expected = [(probe.name, "denied")] if probe.kind == "mutation" else []
    if entries != expected:
        return f"{probe.name} ({how}): audit entries {entries}, expected {expected}"
    return None


def refusal() -> dict[str, Any]:
    return {"message": CREDENTIAL_ENDED, "extensions": {"code": "UNAUTHENTICATED"}}


def violations(served: Served, how: str, protocol: str = PROTOCOL[0]) -> list[str]:
    found = [_violation(served, probe, how, protocol) for probe in PROBES]
    return [v for v in found if v is not None]


@pytest.mark.parametrize("how", list(ENDINGS))
def test_every_operation_on_a_socket_whose_credential_ended_is_refused_and_closes_it(
    served: Served, how: str
) -> None:
    assert {p.kind for p in PROBES} == {"query", "mutation", "subscription"}
    assert len(PROBES) >= 78
    assert violations(served, how) == []


def test_a_legacy_graphql_ws_start_is_refused_the_same_way(served: Served) -> None:
    assert violations(served, "token revoked", LEGACY) == []


def test_the_check_reports_every_operation_once_the_recheck_is_removed(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def as_when_it_opened(connection: Any, policy_now: Any) -> Principal:
        principal: Principal = connection.principal
        return replace(principal, policy=await policy_now())

    monkeypatch.setattr(web.ws_operations, "principal_now", as_when_it_opened)
    found = violations(served, "token revoked")
    assert len(found) == len(PROBES), found


VIEWER = Probe("query", "viewer", "query { viewer { username roles } }")


def _roles(ws: WebSocketTestSession, ident: str) -> list[str]:
    ask(ws, VIEWER, ident)
    answer = receive(ws)
    assert answer is not None and answer["type"] == "next", answer
    assert receive(ws) == {"id": ident, "type": "complete"}
    roles: list[str] = answer["payload"]["data"]["viewer"]["roles"]
    return roles


async def _demote(served: Served, cred: Credential) -> None:
    """specialist → officer (which a specialist inherits, not the other way round)."""
    async with served.database.session() as session:
        user = await session.get(t.User, cred.user_id)
        unit = await session.get(t.Unit, served.unit_id)
        assert user is not None and unit is not None
        data = UserChange(position="officer", rank=user.rank, unit_code=unit.code)
        await change(session, clock=served.clock, user=user, data=data, rules=RULES, by=ADMIN)
        await session.commit()


RULES = [("g", "specialist", "officer")]


def test_each_operation_runs_with_the_roles_the_owner_holds_now(served: Served) -> None:
    # An admin-made, accepted token outlives its owner's demotion; from the next operation on
    # the same socket it acts with the roles it names that the owner still holds: none here.
    cred = _credential(served, bearer=True, kind="api")
    with connect(served, cred) as ws:
        ws.send_json({"type": "connection_init"})
        assert receive(ws) == {"type": "connection_ack"}
        assert _roles(ws, "1") == ["specialist"]
        served.call(_demote, served, cred)
        assert _roles(ws, "2") == []


def test_a_demotion_ends_a_session_socket_at_its_next_operation(served: Served) -> None:
    cred = _credential(served, bearer=False)
    with connect(served, cred) as ws:
        ws.send_json({"type": "connection_init"})
        assert receive(ws) == {"type": "connection_ack"}
        assert _roles(ws, "1") == ["specialist"]
        served.call(_demote, served, cred)
        ask(ws, VIEWER, "2")
        assert receive(ws) == {"id": "2", "type": "error", "payload": [refusal()]}
        closed = receive(ws)
        assert closed is not None and closed["code"] == 4401
