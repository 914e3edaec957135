"""Users and roles in the admin: create (then sign in), change, disable, new password, TOTP."""

from __future__ import annotations

import re

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from db import tables as t
from db.auth import user_by_username
from db.clock import FixedClock
from tests import factories as f
from tests.admin_area_support import EN, another_browser, audit_actions, sign_in
from tests.admin_support import signed_in

NEW = {
    "username": "new.officer",
    "password": "a long enough password",
    "familyName": "Keo",
    "givenName": "Sovann",
    "position": "officer",
    "rank": "Captain",
    "provinceCode": "12",
}


async def _create(client: httpx.AsyncClient, csrf: str, **changes: str) -> httpx.Response:
    return await client.post(
        "/admin/users/new", data={**NEW, **changes, "csrf_token": csrf}, headers=EN
    )


async def test_an_admin_creates_a_user_who_can_then_sign_in(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    csrf = await signed_in(admin_client, session, clock, "admin", username="the.admin")
    answer = await _create(admin_client, csrf)
    assert answer.status_code == 303
    user = await user_by_username(session=session, username="new.officer")
    assert user is not None and user.position == "officer" and user.province_code == "12"
    assert user.password_hash and user.password_hash.startswith("$argon2id$")
    assert answer.headers["location"] == f"/admin/users/{user.id}?done=created"
    page = await admin_client.get(answer.headers["location"], headers=EN)
    assert "The user was created." in page.text and "new.officer" in page.text
    created = await audit_actions(session, action="app_user.create", object_id=str(user.id))
    assert created and created[0].actor_username == "the.admin"
    assert "a long enough password" not in created[0].details
    async with another_browser(admin_client) as theirs:
        assert (await sign_in(theirs, "new.officer", NEW["password"])).status_code == 303


async def test_a_short_password_or_a_taken_name_is_refused_beside_the_field(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    taken = await f.user(session, position="officer")
    csrf = await signed_in(admin_client, session, clock, "admin")
    answer = await _create(admin_client, csrf, password="too short", username=taken.username)
    assert answer.status_code == 422
    problems = re.findall(r'id="(\w+)-problems"', answer.text)
    assert {"password", "username"} <= set(problems)
    assert "must be at least 12 characters" in answer.text and "exists already" in answer.text
    assert "too short" not in answer.text  # the password is never sent back
    assert 'value="Keo"' in answer.text  # what was typed stays
    unknown = await _create(admin_client, csrf, position="sheriff", provinceCode="99")
    assert unknown.status_code == 422
    assert 'id="position-problems"' in unknown.text and 'id="provinceCode-problems"' in unknown.text


async def test_disabling_a_user_ends_their_session_and_refuses_sign_in(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    csrf = await signed_in(admin_client, session, clock, "admin")
    await _create(admin_client, csrf)
    user = await user_by_username(session=session, username="new.officer")
    assert user is not None
    async with another_browser(admin_client) as theirs:
        assert (await sign_in(theirs, "new.officer", NEW["password"])).status_code == 303
        done = await admin_client.post(f"/admin/users/{user.id}/disable", data={"csrf_token": csrf})
        assert done.status_code == 303
        assert (await theirs.get("/admin/")).status_code == 303  # back to sign-in
        assert (await sign_in(theirs, "new.officer", NEW["password"])).status_code == 401
    await session.refresh(user)
    assert user.active is False
    listed = await admin_client.get("/admin/users?active=no&q=new.officer", headers=EN)
    assert "new.officer" in listed.text


async def test_position_rank_unit_and_password_change(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    unit = await f.unit(session, province="17")
    csrf = await signed_in(admin_client, session, clock, "admin")
    await _create(admin_client, csrf)
    user = await user_by_username(session=session, username="new.officer")
    assert user is not None
    change = {"position": "specialist", "rank": "Major", "unitCode": unit.code}
    done = await admin_client.post(
        f"/admin/users/{user.id}/change", data={**change, "csrf_token": csrf}
    )
    assert done.status_code == 303
    # another province: what was granted for the old one ends with the user's sessions
    assert done.headers["location"].endswith("?done=demoted")
    told = await admin_client.get(done.headers["location"], headers=EN)
    assert "sessions and sign-in tokens have ended" in told.text
    await session.refresh(user)
    assert (user.position, user.rank, user.unit_id, user.province_code) == (
        "specialist", "Major", unit.id, "17"
    )  # fmt: skip
    page = await admin_client.get(f"/admin/users/{user.id}", headers=EN)
    assert '<dd id="inherits">officer</dd>' in page.text  # g, specialist, officer
    changed = await audit_actions(session, action="app_user.update", object_id=str(user.id))
    assert changed and '"position":"specialist"' in changed[-1].details
    short = await admin_client.post(
        f"/admin/users/{user.id}/password", data={"password": "short", "csrf_token": csrf}
    )
    assert short.status_code == 422 and 'id="password-problems"' in short.text
    new = "another long password"
    ok = await admin_client.post(
        f"/admin/users/{user.id}/password", data={"password": new, "csrf_token": csrf}
    )
    assert ok.status_code == 303
    async with another_browser(admin_client) as theirs:
        assert (await sign_in(theirs, "new.officer", NEW["password"])).status_code == 401
        assert (await sign_in(theirs, "new.officer", new)).status_code == 303


async def test_enrolling_an_authenticator_shows_its_address_once(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    user = await f.user(session, position="officer")
    csrf = await signed_in(admin_client, session, clock, "admin")
    answer = await admin_client.post(
        f"/admin/users/{user.id}/totp", data={"csrf_token": csrf}, headers=EN
    )
    assert answer.status_code == 200
    assert f"otpauth://totp/ecrime:{user.username}?secret=" in answer.text
    assert "shown only once" in answer.text
    again = await admin_client.get(f"/admin/users/{user.id}", headers=EN)
    assert "otpauth://" not in again.text and "Enrolled" in again.text
    events = await audit_actions(session, action="user.enrol_totp")
    assert events and user.username in events[0].details
    assert "secret" not in events[0].details


async def test_the_list_filters_by_unit_province_position_and_status(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    unit = await f.unit(session, province="17")
    here = await f.user(session, position="unit_chief", unit_row=unit)
    there = await f.user(session, position="unit_chief")
    gone = await f.user(session, position="unit_chief", unit_row=unit, active=False)
    await signed_in(admin_client, session, clock, "admin")

    async def names(query: str) -> set[str]:
        page = await admin_client.get(f"/admin/users?{query}", headers=EN)
        assert page.status_code == 200
        return set(re.findall(r'href="/admin/users/\d+">([^<]+)</a>', page.text))

    chiefs = {here.username, there.username, gone.username}
    assert chiefs <= await names("position=unit_chief")
    assert await names(f"position=unit_chief&unit={unit.code}") == {here.username, gone.username}
    assert await names("position=unit_chief&province=17") == {here.username, gone.username}
    assert await names(f"unit={unit.code}&active=yes") == {here.username}
    assert await names(f"unit={unit.code}&active=no") == {gone.username}
    missing = await admin_client.get("/admin/users/999999", headers=EN)
    assert missing.status_code == 404
    assert isinstance(here, t.User)
