"""The alerts inbox: each user's own alerts, marking them, deciding hits, and the live stream."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db import tables as t
from db.alert_bus import BUS
from db.clock import FixedClock
from db.engine import Database
from resolvers import hit_alerts, persons
from tests import factories as f
from tests.admin_support import SETTINGS, signed_in
from tests.sse_support import StreamingASGITransport, next_event
from tests.test_hits import KAMPOT, SIEM_REAP, SPELLED, acting, make_world
from web.app import create_app

EN = {"Accept-Language": "en"}
WITHIN = 5.0  # seconds: a bound on waiting for the stream, never a pause


@pytest.fixture
async def world(session: AsyncSession) -> dict[str, Any]:
    return await make_world(session)


async def _hit_raised(db: Database, world: dict[str, Any], clock: FixedClock) -> t.Hit:
    async with acting(db, world["pp"], clock) as ctx:
        await persons.create_person(ctx, SPELLED)
    async with db.session() as own:
        return (await own.execute(select(t.Hit))).scalars().one()


async def _siem_reap_user(
    client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock, world: dict[str, Any]
) -> str:
    unit = world["sr_unit"]
    return await signed_in(
        client, session, clock, "specialist", unit_id=unit.id, province_code=SIEM_REAP
    )


async def test_the_inbox_lists_the_users_own_alerts_and_the_hits_to_decide(
    admin_client: httpx.AsyncClient,
    session: AsyncSession,
    db: Database,
    clock: FixedClock,
    world: dict[str, Any],
) -> None:
    hit = await _hit_raised(db, world, clock)
    await _siem_reap_user(admin_client, session, clock, world)
    page = (await admin_client.get("/admin/alerts", headers=EN)).text
    assert "A person recorded elsewhere matches a subject of yours" in page
    assert f'href="/admin/hits/{hit.id}"' in page and 'id="hits-to-decide"' in page
    assert 'sse-connect="/admin/alerts/stream"' in page
    assert '<span id="unread-count" sse-swap="unread" aria-live="polite">1</span>' in page
    khmer = (await admin_client.get("/admin/alerts", headers={"Accept-Language": "km"})).text
    assert "បុគ្គលដែលបានកត់ត្រានៅកន្លែងផ្សេង" in khmer  # the alert, in Khmer
    kampot = await f.unit(session, province=KAMPOT)
    await signed_in(
        admin_client, session, clock, "specialist", unit_id=kampot.id, province_code=KAMPOT
    )
    elsewhere = (await admin_client.get("/admin/alerts", headers=EN)).text
    assert "No alerts yet." in elsewhere and f"/admin/hits/{hit.id}" not in elsewhere
    assert (await admin_client.get(f"/admin/hits/{hit.id}")).status_code == 404


async def test_marking_an_alert_read_then_acknowledged(
    admin_client: httpx.AsyncClient,
    session: AsyncSession,
    db: Database,
    clock: FixedClock,
    world: dict[str, Any],
) -> None:
    await _hit_raised(db, world, clock)
    csrf = await _siem_reap_user(admin_client, session, clock, world)
    async with db.session() as own:
        [alert] = (
            await own.execute(select(t.HitAlert).where(t.HitAlert.unit_id == world["sr_unit"].id))
        ).scalars()
    swapped = await admin_client.post(
        f"/admin/alerts/{alert.id}/read",
        data={"csrf_token": csrf},
        headers={**EN, "HX-Request": "true"},
    )
    assert swapped.status_code == 200
    assert f'<li id="alert-{alert.id}" class="alert">' in swapped.text and "Read " in swapped.text
    assert 'id="unread-count" hx-swap-oob="true"' in swapped.text
    plain = await admin_client.post(
        f"/admin/alerts/{alert.id}/acknowledge", data={"csrf_token": csrf}
    )
    assert plain.status_code == 303 and plain.headers["location"] == "/admin/alerts"
    async with db.session() as own:
        stored = await own.get(t.HitAlert, alert.id)
        assert stored is not None and stored.read_at == clock.now()
        assert stored.acknowledged_at == clock.now()
    others = await admin_client.post(
        f"/admin/alerts/{alert.id + 1}/read", data={"csrf_token": csrf}
    )
    assert others.status_code == 404  # the recorder's own alert is not this user's


async def test_the_owning_unit_confirms_or_must_say_why_it_rejects(
    admin_client: httpx.AsyncClient,
    session: AsyncSession,
    db: Database,
    clock: FixedClock,
    world: dict[str, Any],
) -> None:
    hit = await _hit_raised(db, world, clock)
    csrf = await _siem_reap_user(admin_client, session, clock, world)
    page = await admin_client.get(f"/admin/hits/{hit.id}", headers=EN)
    assert "Chea Sokha" in page.text and "1 h 0 min left" in page.text
    bare = await admin_client.post(
        f"/admin/hits/{hit.id}/reject", data={"csrf_token": csrf}, headers=EN
    )
    assert bare.status_code == 422 and "say why the hit is not the person" in bare.text
    done = await admin_client.post(f"/admin/hits/{hit.id}/confirm", data={"csrf_token": csrf})
    assert done.status_code == 303
    async with db.session() as own:
        assert (await own.get(t.Hit, hit.id)).status == "confirmed"  # type: ignore[union-attr]


async def test_the_stream_sends_a_new_alert_as_a_list_item_and_ends_on_disconnect(
    session: AsyncSession, db: Database, clock: FixedClock, world: dict[str, Any]
) -> None:
    app = create_app(SETTINGS, database=db, clock=clock)
    transport = httpx.ASGITransport(app=app)
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://test") as client,
        httpx.AsyncClient(
            transport=StreamingASGITransport(app), base_url="http://test", headers=EN
        ) as live,
    ):
        await _siem_reap_user(client, session, clock, world)
        live.cookies = client.cookies
        before = BUS.listeners
        async with live.stream("GET", "/admin/alerts/stream") as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            lines = response.aiter_lines()
            async with asyncio.timeout(WITHIN):
                while BUS.listeners == before:  # noqa: ASYNC110 - until the stream listens
                    await asyncio.sleep(0)
            hit = await _hit_raised(db, world, clock)
            alert = await asyncio.wait_for(next_event(lines), WITHIN)
            assert alert.name == "alert" and alert.data.startswith('<li id="alert-')
            assert "A person recorded elsewhere matches a subject of yours" in alert.data
            assert f'href="/admin/hits/{hit.id}"' in alert.data
            # the hit, which this user's unit decides, joins the hits table out of band
            assert 'hx-swap-oob="afterbegin:#hits-to-decide-rows"' in alert.data
            assert f'<tr id="hit-{hit.id}">' in alert.data
            unread = await asyncio.wait_for(next_event(lines), WITHIN)
            assert (unread.name, unread.data) == ("unread", "1")
        assert BUS.listeners == before  # the client went away: the stream ended


async def test_mark_all_read_reads_only_the_users_alerts(
    admin_client: httpx.AsyncClient,
    session: AsyncSession,
    db: Database,
    clock: FixedClock,
    world: dict[str, Any],
) -> None:
    await _hit_raised(db, world, clock)
    csrf = await _siem_reap_user(admin_client, session, clock, world)
    done = await admin_client.post("/admin/alerts/read-all", data={"csrf_token": csrf})
    assert done.status_code == 303
    page = (await admin_client.get("/admin/alerts", headers=EN)).text
    assert 'aria-live="polite">0</span>' in page and "Mark all read" not in page
    async with db.session() as own:
        alerts = (await own.execute(select(t.HitAlert))).scalars().all()
    read = {a.kind: a.read_at is not None for a in alerts if a.unit_id or a.user_id}
    assert read == {"hit": True, "recorded": False}  # the recorder's alert is not theirs


async def test_the_stream_ends_once_its_session_is_signed_out(
    session: AsyncSession, db: Database, clock: FixedClock, world: dict[str, Any]
) -> None:
    app = create_app(SETTINGS, database=db, clock=clock)
    async with (
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client,
        httpx.AsyncClient(transport=StreamingASGITransport(app), base_url="http://test") as live,
    ):
        csrf = await _siem_reap_user(client, session, clock, world)
        live.cookies = client.cookies
        before = BUS.listeners
        async with live.stream("GET", "/admin/alerts/stream") as response:
            lines = response.aiter_lines()
            async with asyncio.timeout(WITHIN):
                while BUS.listeners == before:  # noqa: ASYNC110 - until the stream listens
                    await asyncio.sleep(0)
            assert (
                await client.post("/admin/logout", data={"csrf_token": csrf})
            ).status_code == 303
            clock.advance(hit_alerts.RECHECK_EVERY)
            BUS.wake()  # the periodic check is due by the injected clock
            ended = await asyncio.wait_for(next_event(lines), WITHIN)
            assert ended.name == "signed-out" and "sign in again" in ended.data
            with pytest.raises(EOFError):
                await asyncio.wait_for(next_event(lines), WITHIN)
        assert BUS.listeners == before
