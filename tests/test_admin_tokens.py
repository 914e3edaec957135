"""API tokens in the admin: the secret shown once (only its hash stored), listing, revoking."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.relay import GlobalID

from db import tables as t
from db.clock import FixedClock
from resolvers.auth import digest
from tests import factories as f
from tests.admin_area_support import EN, audit_actions
from tests.admin_support import HASHER, PASSWORD, signed_in

VIEWER = "{ viewer { username authenticated } }"
SECRET = re.compile(r'id="token-secret"[^>]*value="(ecr_[A-Za-z0-9]{40})"')


async def test_a_token_secret_is_shown_once_and_only_its_hash_is_kept(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    owner = await f.user(session, position="officer", password_hash=HASHER.hash(PASSWORD))
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
    assert "Awaiting the consent of" in listed.text and 'id="awaiting-consent"' in answer.text
    bearer = {"Authorization": f"Bearer {secret}"}
    refused = await admin_client.post("/graphql", json={"query": VIEWER}, headers=bearer)
    assert refused.status_code == 401  # made by an admin for someone else: not before consent
    await accept_as_owner(admin_client, session, clock, owner, row.id)
    viewer = await admin_client.post("/graphql", json={"query": VIEWER}, headers=bearer)
    assert viewer.json()["data"]["viewer"]["username"] == owner.username


async def accept_as_owner(
    client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock, owner: t.User, ident: Any
) -> None:
    """The owner signs in to the admin as themselves and accepts the token on their page."""
    csrf = await signed_in(client, session, clock, owner.position, user=owner)
    mine = await client.get("/admin/my-tokens", headers=EN)
    assert f'action="/admin/my-tokens/{ident}/consent"' in mine.text
    done = await client.post(f"/admin/my-tokens/{ident}/consent", data={"csrf_token": csrf})
    assert done.status_code == 303 and done.headers["location"].endswith("done=accepted")


async def test_an_admin_made_token_acts_only_after_its_owner_accepts_it(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    owner = await f.user(session, position="officer", password_hash=HASHER.hash(PASSWORD))
    stranger = await f.user(session, position="officer", password_hash=HASHER.hash(PASSWORD))
    csrf = await signed_in(admin_client, session, clock, "admin")
    form = {"name": "case system", "owner": owner.username, "days": "30", "csrf_token": csrf}
    secret = SECRET.search((await admin_client.post("/admin/tokens/new", data=form)).text)
    assert secret
    row = (await session.execute(select(t.ApiToken))).scalar_one()
    bearer = {"Authorization": f"Bearer {secret.group(1)}"}
    # Nobody else may accept it for the owner, and the admin cannot either.
    for who in (None, stranger):
        if who is not None:
            csrf = await signed_in(admin_client, session, clock, "officer", user=who)
        taken = await admin_client.post(
            f"/admin/my-tokens/{row.id}/consent", data={"csrf_token": csrf}
        )
        assert taken.status_code == 404
        assert (
            await admin_client.post("/graphql", json={"query": VIEWER}, headers=bearer)
        ).status_code == 401
    await accept_as_owner(admin_client, session, clock, owner, row.id)
    assert (
        await admin_client.post("/graphql", json={"query": VIEWER}, headers=bearer)
    ).status_code == 200
    refused = await audit_actions(session, action="token.consent", outcome="failed")
    assert len(refused) == 2  # the admin's and the stranger's attempts are on the record
    [accepted] = await audit_actions(session, action="token.consent", outcome="ok")
    assert json.loads(accepted.details)["made_by"] != owner.username
    assert accepted.actor_username == owner.username
    csrf = await signed_in(admin_client, session, clock, "admin")
    listed = await admin_client.get("/admin/tokens", headers=EN)
    assert f"for {owner.username}, consented by {owner.username}" in listed.text
    trail = await admin_client.get("/admin/audit?action=token.", headers=EN)
    assert f"for {owner.username}, consented by {owner.username}" in trail.text
    assert f"for {owner.username}, awaiting their consent" in trail.text
    # What the token does (here, an attempt it may not make) is shown with who made it for whom.
    attempt = (
        f'mutation {{ revokeApiToken(id: "{GlobalID("ApiToken", str(row.id))}") {{ __typename }} }}'
    )
    tried = await admin_client.post("/graphql", json={"query": attempt}, headers=bearer)
    assert tried.json()["data"]["revokeApiToken"]["__typename"] == "Forbidden"
    used = await admin_client.get("/admin/audit?action=mutation+revokeApiToken", headers=EN)
    assert f"case system #{row.id}" in used.text
    assert f"for {owner.username}, consented by {owner.username}" in used.text


async def test_the_owner_may_decline_a_token_which_is_then_revoked(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    owner = await f.user(session, position="officer", password_hash=HASHER.hash(PASSWORD))
    csrf = await signed_in(admin_client, session, clock, "admin")
    form = {"name": "unwanted", "owner": owner.username, "days": "30", "csrf_token": csrf}
    assert SECRET.search((await admin_client.post("/admin/tokens/new", data=form)).text)
    row = (await session.execute(select(t.ApiToken))).scalar_one()
    csrf = await signed_in(admin_client, session, clock, "officer", user=owner)
    done = await admin_client.post(f"/admin/my-tokens/{row.id}/decline", data={"csrf_token": csrf})
    assert done.status_code == 303
    await session.refresh(row)
    assert row.revoked_at == clock.now() and row.revoked_by_id == owner.id
    assert "No token acts for you." in (await admin_client.get("/admin/my-tokens", headers=EN)).text


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
