"""API tokens in the admin: the secret shown once (only its hash stored), listing, revoking."""

from __future__ import annotations

import re

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db import tables as t
from db.clock import FixedClock
from resolvers.auth import digest
from tests import factories as f
from tests.admin_area_support import EN, audit_actions
from tests.admin_support import signed_in

VIEWER = "{ viewer { username authenticated } }"
SECRET = re.compile(r'id="token-secret"[^>]*value="(ecr_[A-Za-z0-9]{40})"')


async def test_a_token_secret_is_shown_once_and_only_its_hash_is_kept(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    owner = await f.user(session, position="officer")
    csrf = await signed_in(admin_client, session, clock, "admin")
    form = {"name": "MOJ case system", "owner": owner.username, "days": "30", "csrf_token": csrf}
    answer = await admin_client.post("/admin/tokens/new", data=form, headers=EN)
    assert answer.status_code == 200  # a page, not a redirect: the secret is in no URL
    assert "Copy it now" in answer.text and answer.headers["cache-control"] == "no-store"
    found = SECRET.search(answer.text)
    assert found
    secret = found.group(1)
    row = (await session.execute(select(t.ApiToken))).scalar_one()
    assert row.secret_hash == digest(secret) and secret not in str(row.model_dump())
    assert row.roles == "officer" and row.expires_at == clock.now().replace(day=2, month=12)
    listed = await admin_client.get("/admin/tokens", headers=EN)
    assert "MOJ case system" in listed.text and secret not in listed.text
    assert owner.username in listed.text
    events = await audit_actions(session, action="token.create")
    assert events and secret not in events[0].details
    bearer = {"Authorization": f"Bearer {secret}"}
    viewer = await admin_client.post("/graphql", json={"query": VIEWER}, headers=bearer)
    assert viewer.json()["data"]["viewer"]["username"] == owner.username


async def test_a_revoked_token_is_refused_at_graphql(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    owner = await f.user(session, position="officer")
    csrf = await signed_in(admin_client, session, clock, "admin")
    form = {"name": "nightly export", "owner": owner.username, "days": "7", "csrf_token": csrf}
    secret = SECRET.search((await admin_client.post("/admin/tokens/new", data=form)).text)
    assert secret
    row = (await session.execute(select(t.ApiToken))).scalar_one()
    done = await admin_client.post(f"/admin/tokens/{row.id}/revoke", data={"csrf_token": csrf})
    assert done.status_code == 303 and done.headers["location"] == "/admin/tokens?done=revoked"
    bearer = {"Authorization": f"Bearer {secret.group(1)}"}
    refused = await admin_client.post("/graphql", json={"query": VIEWER}, headers=bearer)
    assert refused.status_code == 401
    active = await admin_client.get("/admin/tokens", headers=EN)
    assert "nightly export" not in active.text
    everything = await admin_client.get("/admin/tokens?all=1", headers=EN)
    assert "nightly export" in everything.text and "Revoked" in everything.text
    assert await audit_actions(session, action="token.revoke")
    missing = await admin_client.post("/admin/tokens/99999/revoke", data={"csrf_token": csrf})
    assert missing.status_code == 404


async def test_token_problems_are_shown_beside_their_fields(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    owner = await f.user(session, position="officer")
    csrf = await signed_in(admin_client, session, clock, "admin")
    form = {
        "name": "",
        "owner": owner.username,
        "roles": "specialist",
        "days": "400",
        "csrf_token": csrf,
    }
    answer = await admin_client.post("/admin/tokens/new", data=form, headers=EN)
    assert answer.status_code == 422
    problems = set(re.findall(r'id="(\w+)-problems"', answer.text))
    assert problems - {"form"} == {"name", "roles", "days"}
    assert "must be within one year" in answer.text and "must be among the owner" in answer.text
    nobody = await admin_client.post(
        "/admin/tokens/new", data={**form, "owner": "nobody.here"}, headers=EN
    )
    assert 'id="owner-problems"' in nobody.text and "no such user" in nobody.text
    assert (await session.execute(select(t.ApiToken))).first() is None
