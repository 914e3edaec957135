"""A credential never acts with more than its owner holds now.

- A token acts with its roles and the owner's current ones (resolvers.auth.principal_for), and
  with the owner's current unit, province and rank: one case per kind of demotion.
- A new password, disabling, or a demotion ends the user's sessions and exchanged tokens in the
  same transaction, audited (resolvers.user_credentials); disabling revokes every token.
- Which changes take rights away is one rule (policies.demotion), tested as a table.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import select
from strawberry.relay import GlobalID

from db import tables as t
from db.clock import FixedClock
from db.engine import Database
from policies.demotion import Standing, rights_removed
from policies.enforcer import default_policy, default_rules
from policies.principal import Principal
from resolvers import users
from resolvers.auth import Origin
from resolvers.context import Context
from resolvers.tokens import issue_token
from tests import factories as f
from tests.test_auth_sessions import HASHER, PASSWORD, SETTINGS
from web.app import create_app

READS = "{ viewer { roles } offences { totalCount } cases { totalCount } }"
UPDATE = """
mutation ($id: ID!, $input: OffencePatch!) { updateOffence(id: $id, input: $input) {
  __typename ... on UpdateOffenceSuccess { offence { version } }
} }"""


@pytest.fixture
async def client(db: Database, clock: FixedClock) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(SETTINGS, database=db, clock=clock)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        yield client


async def as_admin(db: Database, session: AsyncSession, clock: FixedClock) -> Context:
    admin = await f.user(session, position="admin")
    me = Principal(
        username=admin.username, user_id=admin.id, roles=("admin",), policy=default_policy()
    )
    return Context(session=db.sessions(), principal=me, clock=clock)


async def api_token(session: AsyncSession, clock: FixedClock, owner: t.User) -> str:
    """An accepted token with all the owner's roles (made by ``ecrime token create``)."""
    issued = await issue_token(
        session,
        clock=clock,
        name="portal",
        owner=owner,
        roles=None,
        expires_at=clock.now() + timedelta(days=30),
        created_by="cli:test",
        origin=Origin(),
    )
    await session.commit()
    return issued.secret


async def ask(client: httpx.AsyncClient, secret: str, query: str, **variables: Any) -> Any:
    headers = {"Authorization": f"Bearer {secret}"}
    body = {"query": query, "variables": variables}
    answer = await client.post("/graphql", json=body, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()["data"]


def change_of(user: t.User, unit: t.Unit | None, **changed: Any) -> users.UserChange:
    values = {
        "position": user.position,
        "rank": user.rank,
        "unit_code": unit.code if unit else None,
    }
    values.update(changed)
    return users.UserChange(**values)


# --- a token acts with the intersection: one case per kind of demotion ---------------------


async def test_a_token_loses_the_role_its_owner_loses(
    db: Database, session: AsyncSession, clock: FixedClock, client: httpx.AsyncClient
) -> None:
    unit = await f.unit(session, province="12")
    owner = await f.user(session, unit_row=unit, position="specialist")
    await f.offence(session, recorder=owner)
    secret = await api_token(session, clock, owner)
    before = await ask(client, secret, READS)
    assert before["viewer"]["roles"] == ["specialist"] and before["offences"]["totalCount"] == 1
    ctx = await as_admin(db, session, clock)
    await users.change_user(ctx, owner.id, change_of(owner, unit, position="officer"))
    after = await ask(client, secret, READS)
    # The token names "specialist"; the owner is now an officer: it acts with neither, so it
    # reads nothing even where an officer may.
    assert after["viewer"]["roles"] == [] and after["offences"]["totalCount"] == 0


async def test_a_token_loses_what_needed_the_rank_its_owner_lost(
    db: Database, session: AsyncSession, clock: FixedClock, client: httpx.AsyncClient
) -> None:
    unit = await f.unit(session, province="12")
    owner = await f.user(session, unit_row=unit, position="officer", rank="Major")
    await f.case(session, lead=unit, sealed=True)
    await f.case(session, lead=unit)
    secret = await api_token(session, clock, owner)
    assert (await ask(client, secret, READS))["cases"]["totalCount"] == 2
    ctx = await as_admin(db, session, clock)
    await users.change_user(ctx, owner.id, change_of(owner, unit, rank="Captain"))
    assert (await ask(client, secret, READS))["cases"]["totalCount"] == 1  # sealed: Major up


async def test_a_token_loses_its_unit_s_correction_rights_with_its_owner(
    db: Database, session: AsyncSession, clock: FixedClock, client: httpx.AsyncClient
) -> None:
    unit, other = await f.unit(session, province="12"), await f.unit(session, province="12")
    colleague = await f.user(session, unit_row=unit)
    owner = await f.user(session, unit_row=unit)
    offence = await f.offence(session, recorder=colleague, recorded_unit_id=unit.id)
    secret = await api_token(session, clock, owner)
    target = str(GlobalID("Offence", str(offence.id)))
    first = {"expectedVersion": 1, "description": "corrected by the unit"}
    done = (await ask(client, secret, UPDATE, id=target, input=first))["updateOffence"]
    assert done["__typename"] == "UpdateOffenceSuccess"  # the unit's specialists, within 48 h
    ctx = await as_admin(db, session, clock)
    await users.change_user(ctx, owner.id, change_of(owner, other))
    again = {"expectedVersion": 2, "description": "from the new unit"}
    refused = (await ask(client, secret, UPDATE, id=target, input=again))["updateOffence"]
    assert refused["__typename"] == "Forbidden"  # not an entry of its unit any more


async def test_a_token_follows_its_owner_out_of_the_province(
    db: Database, session: AsyncSession, clock: FixedClock, client: httpx.AsyncClient
) -> None:
    unit, elsewhere = await f.unit(session, province="12"), await f.unit(session, province="17")
    owner = await f.user(session, unit_row=unit, position="officer")
    await f.offence(session, recorder=owner)
    secret = await api_token(session, clock, owner)
    assert (await ask(client, secret, READS))["offences"]["totalCount"] == 1
    ctx = await as_admin(db, session, clock)
    await users.change_user(ctx, owner.id, change_of(owner, elsewhere))
    assert (await ask(client, secret, READS))["offences"]["totalCount"] == 0


# --- what ends with a new password, disabling, a demotion -----------------------------------


async def signed_in_every_way(
    session: AsyncSession, clock: FixedClock, client: httpx.AsyncClient, **fields: Any
) -> tuple[t.User, dict[str, str]]:
    """A user with a browser session, an exchanged token and an accepted admin-made token."""
    user = await f.user(session, password_hash=HASHER.hash(PASSWORD), **fields)
    given = {"username": user.username, "password": PASSWORD}
    assert (await client.post("/auth/login", json=given)).status_code == 200
    exchanged = (await client.post("/auth/token", json=given)).json()["accessToken"]
    cookie = client.cookies["ecrime_session"]
    client.cookies.clear()
    secrets = {
        "cookie": cookie,
        "exchanged": exchanged,
        "api": await api_token(session, clock, user),
    }
    return user, secrets


async def standing(client: httpx.AsyncClient, secrets: dict[str, str]) -> dict[str, bool]:
    """Which of the credentials still authenticate."""
    viewer = {"query": "{ viewer { authenticated } }"}
    found = {}
    for kind, secret in secrets.items():
        if kind == "cookie":
            cookie = {"cookie": f"ecrime_session={secret}"}
            answer = await client.post("/graphql", json=viewer, headers=cookie)
            found[kind] = answer.json()["data"]["viewer"]["authenticated"]
        else:
            bearer = {"Authorization": f"Bearer {secret}"}
            found[kind] = (
                await client.post("/graphql", json=viewer, headers=bearer)
            ).status_code == 200
    return found


async def ended_entries(session: AsyncSession) -> list[dict[str, Any]]:
    stmt = select(t.AuditEntry).where(t.AuditEntry.action == "user.credentials_ended")
    rows = (await session.execute(stmt.execution_options(populate_existing=True))).scalars()
    return [json.loads(row.details) | {"by": row.actor_username} for row in rows]


async def test_a_password_reset_ends_sessions_and_exchanged_tokens_in_its_transaction(
    db: Database, session: AsyncSession, clock: FixedClock, client: httpx.AsyncClient
) -> None:
    user, secrets = await signed_in_every_way(session, clock, client)
    assert await standing(client, secrets) == {"cookie": True, "exchanged": True, "api": True}
    ctx = await as_admin(db, session, clock)
    await users.reset_password(ctx, HASHER, user.id, "another long password")
    # The admin-made token was accepted for a purpose, not derived from the password.
    assert await standing(client, secrets) == {"cookie": False, "exchanged": False, "api": True}
    [entry] = await ended_entries(session)
    assert entry == {
        "user": user.username,
        "reason": "password_changed",
        "sessions": 1,
        "tokens": 1,
        "by": ctx.principal.username,
    }


async def test_a_refused_password_reset_ends_nothing(
    db: Database, session: AsyncSession, clock: FixedClock, client: httpx.AsyncClient
) -> None:
    user, secrets = await signed_in_every_way(session, clock, client)
    ctx = await as_admin(db, session, clock)
    with pytest.raises(Exception, match="at least 12"):
        await users.reset_password(ctx, HASHER, user.id, "short")
    assert await standing(client, secrets) == {"cookie": True, "exchanged": True, "api": True}
    assert await ended_entries(session) == []


async def test_disabling_ends_every_session_and_revokes_every_token(
    db: Database, session: AsyncSession, clock: FixedClock, client: httpx.AsyncClient
) -> None:
    user, secrets = await signed_in_every_way(session, clock, client)
    ctx = await as_admin(db, session, clock)
    await users.disable_user(ctx, user.id)
    assert await standing(client, secrets) == {"cookie": False, "exchanged": False, "api": False}
    stmt = select(t.ApiToken).where(t.ApiToken.owner_id == user.id)
    tokens = (await session.execute(stmt.execution_options(populate_existing=True))).scalars()
    assert all(row.revoked_at == clock.now() for row in tokens)
    [entry] = await ended_entries(session)
    assert (entry["reason"], entry["sessions"], entry["tokens"]) == ("disabled", 1, 2)


@pytest.mark.parametrize(
    ("change", "ends"),
    [
        ({"position": "officer"}, True),  # a specialist's rights are not an officer's
        ({"position": "unit_chief"}, False),  # a unit chief inherits everything a specialist has
        ({"rank": "Sergeant"}, True),
        ({"rank": "Colonel"}, False),
        ({"unit": "other"}, True),
        ({"unit": "elsewhere"}, True),
    ],
    ids=["demoted", "promoted", "rank lowered", "rank raised", "other unit", "other province"],
)
async def test_a_change_that_takes_rights_away_ends_sessions_and_exchanged_tokens(
    db: Database,
    session: AsyncSession,
    clock: FixedClock,
    client: httpx.AsyncClient,
    change: dict[str, str],
    ends: bool,
) -> None:
    units = {
        "own": await f.unit(session, province="12"),
        "other": await f.unit(session, province="12"),
        "elsewhere": await f.unit(session, province="17"),
    }
    user, secrets = await signed_in_every_way(
        session, clock, client, unit_row=units["own"], rank="Major"
    )
    fields = {k: v for k, v in change.items() if k != "unit"}
    ctx = await as_admin(db, session, clock)
    await users.change_user(
        ctx, user.id, change_of(user, units[change.get("unit", "own")], **fields)
    )
    assert await standing(client, secrets) == {
        "cookie": not ends,
        "exchanged": not ends,
        "api": True,
    }
    assert len(await ended_entries(session)) == (1 if ends else 0)


RULES = default_rules()
BASE = Standing("specialist", "Major", 1, "12", "MOI")


@pytest.mark.parametrize(
    ("after", "lost"),
    [
        (BASE, []),
        (Standing("unit_chief", "Major", 1, "12", "MOI"), []),
        (Standing("officer", "Major", 1, "12", "MOI"), ["position"]),
        (Standing("national_analyst", "Major", 1, "12", "MOI"), ["position"]),
        (Standing("specialist", "Captain", 1, "12", "MOI"), ["rank"]),
        (Standing("specialist", "Police Colonel", 1, "12", "MOI"), []),
        (Standing("specialist", "Major", 2, "12", "MOI"), ["unit"]),
        (Standing("specialist", "Major", None, "12", "MOI"), ["unit"]),
        (Standing("specialist", "Major", 1, "17", "MOI"), ["province"]),
        (Standing("specialist", "Major", 1, "12", "MOJ"), ["ministry"]),
        (Standing("officer", "Sergeant", 3, "17", "MOI"), ["position", "rank", "unit", "province"]),
    ],
)
def test_which_changes_take_rights_away(after: Standing, lost: list[str]) -> None:
    assert rights_removed(BASE, after, RULES) == lost
