"""A policy change made through one server process is enforced by another within one second.

Two real uvicorn processes share one PostgreSQL database. Nothing is shared in memory: the
second process learns of the change from the policy version row (policies/store.py).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from db import tables as t
from db.engine import Database
from resolvers.auth import digest
from resolvers.tokens import new_secret
from tests import factories as f

COUNT = '{ offences(filter: {provinceCodes: ["12"]}) { totalCount } }'
DENY = {"ptype": "p", "values": ["specialist", "*", "offence", "read", "-", "deny"]}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _seed(url: str) -> tuple[str, str]:
    """An admin (as after a TOTP sign-in) and a Phnom Penh specialist, each with a bearer token."""
    database = Database.from_url(url)
    now = datetime.now(UTC)
    secrets = (new_secret(), new_secret())
    async with database.session() as session:
        unit = await f.unit(session, province="12")
        admin = await f.user(session, unit_row=unit, position="admin", username="admin.proc")
        specialist = await f.user(session, unit_row=unit, username="specialist.proc")
        await f.offence(session, recorder=specialist)
        for owner, secret, roles in (
            (admin, secrets[0], "admin"),
            (specialist, secrets[1], "specialist"),
        ):
            session.add(
                t.ApiToken(
                    name=f"proc-{owner.username}",
                    kind="sign_in",
                    owner_id=owner.id,
                    roles=roles,
                    secret_hash=digest(secret),
                    mfa_verified=True,
                    created_at=now,
                    expires_at=now + timedelta(hours=1),
                )
            )
        await session.commit()
    await database.dispose()
    return secrets


@pytest.fixture
def servers(committed_postgres: str) -> Iterator[tuple[str, str]]:
    env = {**os.environ, "DATABASE_URL": committed_postgres, "ECRIME_ARGON2_PROFILE": "CHEAPEST"}
    ports = (_free_port(), _free_port())
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "web.asgi:app",
                "--factory",
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            env=env,
        )
        for port in ports
    ]
    urls = tuple(f"http://127.0.0.1:{port}" for port in ports)
    try:
        for url in urls:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"server at {url} did not start")
                time.sleep(0.05)  # waiting for an external process to bind its port
        yield urls  # type: ignore[misc]
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


async def _count(client: httpx.AsyncClient, url: str, secret: str) -> int | None:
    response = await client.post(
        f"{url}/graphql", json={"query": COUNT}, headers={"authorization": f"Bearer {secret}"}
    )
    body = response.json()
    assert "errors" not in body, body
    return int(body["data"]["offences"]["totalCount"])


async def test_a_policy_change_through_one_process_holds_in_another_within_a_second(
    committed_postgres: str, servers: tuple[str, str]
) -> None:
    admin_secret, specialist_secret = await _seed(committed_postgres)
    first, second = servers
    async with httpx.AsyncClient(timeout=5) as client:
        assert await _count(client, second, specialist_secret) == 1
        changed = await client.post(
            f"{first}/graphql",
            json={
                "query": "mutation ($i: PolicyRuleInput!) { addPolicyRule(input: $i) { __typename } }",
                "variables": {"i": DENY},
            },
            headers={"authorization": f"Bearer {admin_secret}"},
        )
        assert changed.json()["data"]["addPolicyRule"]["__typename"] == "PolicyRuleChanged", (
            changed.json()
        )
        started = time.monotonic()
        while (seen := await _count(client, second, specialist_secret)) != 0:
            assert seen == 1
            assert time.monotonic() - started < 1.0, "the second process still allows after 1 s"
        elapsed = time.monotonic() - started
    assert elapsed < 1.0
