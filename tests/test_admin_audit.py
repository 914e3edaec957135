"""The audit viewer: filters narrow, pages go back in time, details show, the chain's status."""

from __future__ import annotations

import re
from datetime import UTC, timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from db import audit
from db.clock import FixedClock
from tests.admin_area_support import EN
from tests.admin_support import signed_in
from tests.test_audit_chain import tamper

ALICE = audit.Source(username="alice.audit", user_id=None, ip="10.0.0.7")
BOB = audit.Source(username="bob.audit", user_id=None)
ROW = re.compile(r'<tr id="entry-(\d+)">')


async def _fill(session: AsyncSession, clock: FixedClock) -> None:
    early = clock.now() - timedelta(days=3)
    await audit.append(
        session,
        [audit.Draft("person.read", "ok", "person", str(i), {"i": i}) for i in range(3)],
        ALICE,
        early,
    )
    await audit.append(
        session, [audit.Draft("offence.update", "denied", "offence", "9", {})], BOB, clock.now()
    )
    await session.commit()


async def _ids(client: httpx.AsyncClient, query: str) -> list[int]:
    page = await client.get(f"/admin/audit?{query}", headers=EN)
    assert page.status_code == 200, page.text
    return [int(i) for i in ROW.findall(page.text)]


async def test_filters_narrow_the_entries(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    await _fill(session, clock)
    await signed_in(admin_client, session, clock, "admin")
    assert len(await _ids(admin_client, "actor=alice.audit")) == 3
    assert len(await _ids(admin_client, "actor=bob.audit")) == 1
    assert len(await _ids(admin_client, "outcome=denied&objectType=offence")) == 1
    assert len(await _ids(admin_client, "action=person.&objectId=1")) == 1
    day_before = (clock.now() - timedelta(days=1)).astimezone(UTC)
    since = (day_before + timedelta(hours=7)).strftime("%Y-%m-%dT%H:%M")  # Phnom Penh time
    assert len(await _ids(admin_client, f"actor=alice.audit&from={since}")) == 0
    assert len(await _ids(admin_client, f"actor=alice.audit&to={since}")) == 3
    page = await admin_client.get("/admin/audit?actor=alice.audit", headers=EN)
    assert "3 entries" in page.text and "10.0.0.7" in page.text
    # each entry's details, pretty printed, a person read's values withheld from an admin
    assert "&#34;i&#34;: &#34;[withheld]&#34;" in page.text and "&#34;i&#34;: 2" not in page.text
    assert 'value="alice.audit"' in page.text  # the filter stays filled


async def test_pages_go_back_in_time(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    drafts = [audit.Draft("case.read", "ok", "case", str(i), {}) for i in range(60)]
    await audit.append(session, drafts, ALICE, clock.now())
    await session.commit()
    await signed_in(admin_client, session, clock, "admin")
    first = await admin_client.get("/admin/audit?action=case.read", headers=EN)
    newest = [int(i) for i in ROW.findall(first.text)]
    assert len(newest) == 50 and newest == sorted(newest, reverse=True)
    older = re.search(r'href="(/admin/audit\?[^"]*before=\d+)"', first.text)
    assert older
    second = await _ids(admin_client, older.group(1).split("?", 1)[1].replace("&amp;", "&"))
    assert len(second) == 10 and max(second) < min(newest)


async def test_the_chain_status_is_shown_when_asked_and_names_a_break(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    await _fill(session, clock)
    await signed_in(admin_client, session, clock, "admin")
    page = await admin_client.get("/admin/audit", headers=EN)
    assert "Verify the chain" in page.text and 'id="chain-status"' not in page.text
    intact = await admin_client.get("/admin/audit/verify", headers=EN)
    found = re.search(r"Verified up to entry (\d+): every one of the (\d+) entries", intact.text)
    assert found and found.group(1) == found.group(2)
    await tamper(session, """UPDATE audit_entry SET details = '{"i": 99}' WHERE id = 2""")
    broken = await admin_client.get("/admin/audit/verify", headers=EN)
    assert 'data-intact="no"' in broken.text
    assert "Broken at entry 2: its stored hash does not match its contents" in broken.text
    assert "Verified up to entry 1." in broken.text
