"""Every admin route and partial refuses whoever the access policy does not let use it.

The routes come from the registry (web.admin.pages.PAGES), so a page added later is covered
without editing this test; the roles come from the default policy."""

from __future__ import annotations

import re

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from db.clock import FixedClock
from policies.enforcer import default_policy, default_rules
from policies.principal import Principal
from tests.admin_support import signed_in
from web.admin import load_views
from web.admin.pages import PAGES

load_views()
ROLES = sorted(
    {
        name
        for rule in default_rules()
        for name in rule[1 : 3 if rule[0] == "g" else 2]
        if ":" not in name
    }
)


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def _refused_roles(entry: object) -> list[str]:
    refused = []
    for role in ROLES:
        principal = Principal(
            username="probe", user_id=1, roles=(role,), session_id=1, policy=default_policy()
        )
        if not entry.opens_for(principal):  # type: ignore[attr-defined]
            refused.append(role)
    return refused


def test_the_registry_holds_the_admin_and_roles_come_from_the_policy() -> None:
    assert {p.name for p in PAGES} >= {"login", "home", "logout"}
    assert {"specialist", "admin", "planning_head", "officer"} <= set(ROLES)


async def test_every_route_refuses_a_role_the_policy_does_not_allow(
    admin_client: httpx.AsyncClient,
    session: AsyncSession,
    clock: FixedClock,
) -> None:
    checked = 0
    for role in ROLES:
        pages = [p for p in PAGES if not p.public and role in _refused_roles(p)]
        if not pages:
            continue
        csrf = await signed_in(admin_client, session, clock, role)
        for entry in pages:
            for method in entry.methods:
                response = await admin_client.request(
                    method, "/admin" + _concrete(entry.path), headers={"X-CSRF-Token": csrf}
                )
                assert response.status_code == 403, (role, method, entry.path)
                assert 'id="refused"' in response.text, (role, method, entry.path)
                checked += 1
    assert checked > 0 or all(not p.needs for p in PAGES if not p.public)


async def test_every_route_sends_a_stranger_to_the_sign_in_page(
    admin_client: httpx.AsyncClient,
) -> None:
    for entry in PAGES:
        if entry.public:
            continue
        for method in entry.methods:
            path = "/admin" + _concrete(entry.path)
            response = await admin_client.request(method, path)
            assert response.status_code == 303, (method, path)
            assert response.headers["location"].startswith("/admin/login")
            partial = await admin_client.request(method, path, headers={"HX-Request": "true"})
            assert partial.status_code == 401, (method, path)
            assert partial.headers["hx-redirect"].startswith("/admin/login")
