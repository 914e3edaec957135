"""The policy editor: validation by name, the preview of whom a change affects, saving and
removing a line, and the simulator naming the deciding line."""

from __future__ import annotations

import re

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db import tables as t
from db.clock import FixedClock
from tests import factories as f
from tests.admin_area_support import EN, audit_actions, policy_without_delay
from tests.admin_support import signed_in

LINE = {
    "ptype": "p",
    "subject": "officer",
    "domain": "own_province",
    "object": "warrant",
    "action": "create",
    "minRank": "-",
    "effect": "allow",
}
TEXT = "p, officer, own_province, warrant, create, -, allow"


async def _rows(session: AsyncSession, **where: str) -> list[t.PolicyRule]:
    stmt = select(t.PolicyRule)
    for name, value in where.items():
        stmt = stmt.where(getattr(t.PolicyRule, name) == value)
    return list((await session.execute(stmt)).scalars().all())


async def test_an_unknown_action_is_refused_by_name_beside_its_field(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    csrf = await signed_in(admin_client, session, clock, "admin")
    before = len(await _rows(session))
    for step in ("preview", "add"):
        answer = await admin_client.post(
            f"/admin/policy/{step}",
            data={**LINE, "action": "frobnicate", "object": "spaceship", "csrf_token": csrf},
            headers=EN,
        )
        assert answer.status_code == 422, step
        problems = set(re.findall(r'id="(\w+)-problems"', answer.text))
        assert {"action", "object"} <= problems
        assert "&#39;frobnicate&#39; is not one of" in answer.text
        assert 'value="frobnicate"' in answer.text  # kept as typed
    assert len(await _rows(session)) == before


async def test_the_preview_names_the_users_who_gain_and_saves_nothing(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    officers = [await f.user(session, position="officer") for _ in range(2)]
    specialist = await f.user(session, position="specialist")
    await f.user(session, position="officer", active=False, username="gone.officer")
    csrf = await signed_in(admin_client, session, clock, "admin")
    answer = await admin_client.post(
        "/admin/policy/preview", data={**LINE, "csrf_token": csrf}, headers=EN
    )
    assert answer.status_code == 200
    assert "2 users would be affected." in answer.text
    table = answer.text[answer.text.index('id="preview"') :]
    assert "gain" in table and "warrant" in table and "own_province" in table
    for officer in officers:
        assert officer.username in table
    assert specialist.username not in table  # specialists may create warrants already
    assert "gone.officer" not in table
    assert 'action="/admin/policy/add"' in answer.text
    assert await _rows(session, ptype="p", v0="officer", v2="warrant", v3="create") == []


async def test_after_saving_the_simulator_allows_and_names_the_line_and_removal_undoes_it(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    officer = await f.user(session, position="officer")
    csrf = await signed_in(admin_client, session, clock, "admin", username="policy.admin")
    policy_without_delay(admin_client)
    ask = (
        f"/admin/policy/simulate?username={officer.username}"
        "&action=create&object=warrant&domain=own_province"
    )
    before = await admin_client.get(ask, headers=EN)
    assert "refused" in before.text and "allowed" not in before.text
    saved = await admin_client.post("/admin/policy/add", data={**LINE, "csrf_token": csrf})
    assert saved.status_code == 303
    (row,) = await _rows(session, ptype="p", v0="officer", v2="warrant", v3="create")
    assert saved.headers["location"] == f"/admin/policy?added={row.id}#rule-{row.id}"
    entries = await audit_actions(session, action="policy_rule.create")
    assert entries and entries[-1].actor_username == "policy.admin"
    after = await admin_client.get(ask, headers=EN)
    answer = after.text[after.text.index('id="answer"') :]
    assert "allowed" in answer and TEXT in answer
    listed = await admin_client.get(saved.headers["location"].split("#")[0], headers=EN)
    assert f'id="rule-{row.id}" class="added"' in listed.text
    twice = await admin_client.post(
        "/admin/policy/add", data={**LINE, "csrf_token": csrf}, headers=EN
    )
    assert twice.status_code == 422 and "already in the policy" in twice.text
    preview = await admin_client.get(f"/admin/policy/{row.id}/remove", headers=EN)
    assert "Removing the line" in preview.text and "lose" in preview.text
    assert officer.username in preview.text
    removed = await admin_client.post(f"/admin/policy/{row.id}/remove", data={"csrf_token": csrf})
    assert removed.status_code == 303
    assert await _rows(session, ptype="p", v0="officer", v2="warrant", v3="create") == []
    again = await admin_client.get(ask, headers=EN)
    assert "refused" in again.text and TEXT not in again.text


async def test_the_simulator_names_an_unknown_user_and_role_assignments_preview_too(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    officer = await f.user(session, position="officer")
    csrf = await signed_in(admin_client, session, clock, "admin")
    unknown = await admin_client.get(
        "/admin/policy/simulate?username=nobody.here&action=read&object=person", headers=EN
    )
    assert unknown.status_code == 422 and 'id="username-problems"' in unknown.text
    everywhere = await admin_client.get(
        f"/admin/policy/simulate?username={officer.username}&action=read&object=person",
        headers=EN,
    )
    assert everywhere.text.count("p, officer, own_province, person, read, -, allow") == 1
    assert "other_province" in everywhere.text and "own_jurisdiction" in everywhere.text
    grant = {"ptype": "g", "member": "officer", "role": "national_reader", "csrf_token": csrf}
    preview = await admin_client.post("/admin/policy/preview", data=grant, headers=EN)
    assert preview.status_code == 200 and officer.username in preview.text
    assert "other_province" in preview.text
    empty = await admin_client.post(
        "/admin/policy/preview", data={"ptype": "g", "member": "", "csrf_token": csrf}
    )
    assert empty.status_code == 422
