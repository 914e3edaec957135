"""The home page per role: each section from constructed data, shown only where it matters."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from db.clock import FixedClock
from resolvers import review
from resolvers.context import Context
from resolvers.review_input import Proposed, ReviewRequestData
from tests import factories as f
from tests.admin_support import HASHER, PASSWORD, signed_in
from tests.conftest import T0
from tests.review_helpers import LOCKED, gid, member

EN = {"Accept-Language": "en"}
HASH = HASHER.hash(PASSWORD)


async def test_a_specialist_sees_the_time_left_to_correct_each_recent_entry(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    unit = await f.unit(session, province="17")
    me = await f.user(session, unit_row=unit, position="specialist", password_hash=HASH)
    other = await f.user(session, unit_row=unit, position="specialist")
    await f.offence(
        session, recorder=me, recorded_at=T0 - timedelta(hours=10), description="fresh entry"
    )
    await f.offence(
        session, recorder=me, recorded_at=T0 - timedelta(hours=50), description="locked entry"
    )
    await f.offence(session, recorder=other, description="a colleague's entry")
    await f.warrant(
        session,
        subject=await f.person(session, province_code="17"),
        province_code="17",
        owning_unit_id=unit.id,
        validation_due_on=date(2026, 10, 1),
        number="W-OVERDUE-1",
    )
    await session.commit()
    clock.advance(timedelta(minutes=30))  # the injected clock: 37 h 30 min left
    await signed_in(admin_client, session, clock, "specialist", user=me)
    page = (await admin_client.get("/admin/", headers=EN)).text
    assert 'id="recent-entries"' in page
    assert "fresh entry" in page and "37 h 30 min left" in page
    assert "locked entry" not in page and "a colleague&#39;s entry" not in page
    assert 'id="on-time-share"' in page and 'id="hits-waiting"' in page
    assert "W-OVERDUE-1" in page  # overdue validations of my unit
    assert 'id="admin-shortcuts"' not in page and 'id="review-inbox"' not in page


async def test_the_on_time_share_of_my_unit_and_province(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    unit = await f.unit(session, province="17")
    neighbour = await f.unit(session, province="17")
    clerk = await f.user(session, unit_row=unit)
    other = await f.user(session, unit_row=neighbour)
    recent = T0 - timedelta(days=2)
    await f.offence(session, recorder=clerk, recorded_at=recent)
    await f.offence(session, recorder=clerk, recorded_at=recent, late=True, delay_seconds=90000)
    for _ in range(2):
        await f.offence(session, recorder=other, recorded_at=recent)
    chief = await f.user(
        session, unit_row=unit, position="provincial_chief", rank="Colonel", password_hash=HASH
    )
    await session.commit()
    await signed_in(admin_client, session, clock, "provincial_chief", user=chief)
    page = (await admin_client.get("/admin/", headers=EN)).text
    assert "50%" in page and "1 of 2 offences entered within 48 h" in page  # the unit
    assert "75%" in page and "3 of 4 offences entered within 48 h" in page  # the province
    assert 'id="review-inbox"' in page


async def test_the_planning_head_sees_a_filed_request_waiting_and_no_entry_sections(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    author = await f.user(session, unit_row=await f.unit(session, province="12"))
    offence = await f.offence(session, recorder=author, recorded_at=T0 - LOCKED)
    await session.commit()
    chief = await member(session, "provincial_chief")
    ctx = Context(session=session, principal=chief, clock=clock)
    await review.file_review_request(
        ctx,
        ReviewRequestData(
            record_id=gid("Offence", offence.id),
            fields=("description",),
            reason="The statement names the stolen model.",
            proposed=(Proposed("description", "Stolen red Honda"),),
        ),
    )
    await signed_in(admin_client, session, clock, "planning_head", rank="Colonel")
    page = (await admin_client.get("/admin/", headers=EN)).text
    assert "A review request waits for your decision" in page
    assert 'id="recent-entries"' not in page and 'id="on-time-share"' not in page


async def test_an_admin_sees_shortcuts_and_no_case_data(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    await signed_in(admin_client, session, clock, "admin")
    page = (await admin_client.get("/admin/", headers=EN)).text
    assert 'id="admin-shortcuts"' in page
    for section in ("recent-entries", "on-time-share", "review-inbox", "hits-waiting"):
        assert f'id="{section}"' not in page
