"""A warrant executed or cancelled withdraws its pending hits in the same transaction: its owning
unit is not reminded or escalated about a person it no longer wants."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db import tables as t
from db.clock import FixedClock
from resolvers import hits, notices, persons, warrant_actions
from resolvers.notices import NoticePatch
from resolvers.warrant_actions import Execution
from tests import factories as f
from tests.test_hits import (
    SIEM_REAP,
    SPELLED,
    acting,
    alert_kinds,
    all_hits,
    gid,
    make_world,
    world,  # noqa: F401 - a fixture
)
from tests.test_hits_graphql import HITS, data


async def _hit_recorded(db: Any, world: dict[str, Any], clock: FixedClock) -> t.Hit:
    async with acting(db, world["pp"], clock) as ctx:
        await persons.create_person(ctx, SPELLED)
    [hit] = await all_hits(db)
    assert hit.status == "pending"
    return hit


async def _execute(db: Any, world: dict[str, Any], clock: FixedClock) -> None:
    done = Execution(executed_at=clock.now() - timedelta(minutes=5), province_code=SIEM_REAP)
    async with acting(db, world["sr"], clock) as ctx:
        await warrant_actions.execute_warrant(ctx, gid("Warrant", world["warrant"].id), None, done)


async def _tick(db: Any, clock: FixedClock) -> tuple[int, int]:
    async with db.session() as own:
        done = await hits.process_due_hits(session=own, now=clock.now())
        await own.commit()
        return done


async def test_executing_the_warrant_withdraws_its_pending_hit_and_the_tick_skips_it(
    db: Any, world: dict[str, Any], clock: FixedClock
) -> None:
    await _hit_recorded(db, world, clock)
    clock.advance(timedelta(minutes=10))
    await _execute(db, world, clock)
    [hit] = await all_hits(db)
    assert (hit.status, hit.decision_reason) == ("withdrawn", "warrant executed")
    assert (hit.decided_by_id, hit.decided_at) == (world["sr"].user_id, clock.now())
    assert await alert_kinds(db, world["pp"], clock) == ["recorded", "withdrawn"]
    clock.advance(timedelta(hours=2))  # past half time and past the deadline
    assert await _tick(db, clock) == (0, 0)
    [hit] = await all_hits(db)
    assert hit.reminded_at is None and not hit.escalated
    assert await alert_kinds(db, world["sr"], clock) == ["hit"]
    assert await alert_kinds(db, world["hq"], clock) == []


async def test_cancelling_the_warrant_withdraws_its_pending_hit_with_that_reason(
    db: Any, world: dict[str, Any], graphql: Any, clock: FixedClock
) -> None:
    await _hit_recorded(db, world, clock)
    async with acting(db, world["sr"], clock) as ctx:
        await warrant_actions.cancel_warrant(
            ctx, gid("Warrant", world["warrant"].id), None, "Charges dropped"
        )
    [hit] = await all_hits(db)
    assert (hit.status, hit.decision_reason) == ("withdrawn", "warrant cancelled")
    listed = data(await graphql(HITS, {"status": "WITHDRAWN"}, world["sr"]))["hits"]
    assert [e["node"]["status"] for e in listed["edges"]] == ["WITHDRAWN"]
    assert data(await graphql(HITS, {"status": "PENDING"}, world["sr"]))["hits"]["totalCount"] == 0


async def test_a_decided_hit_keeps_its_decision_when_the_warrant_is_executed(
    db: Any, world: dict[str, Any], clock: FixedClock
) -> None:
    hit = await _hit_recorded(db, world, clock)
    async with acting(db, world["sr"], clock) as ctx:
        await hits.confirm_hit(ctx, gid("Hit", hit.id))
    await _execute(db, world, clock)
    [hit] = await all_hits(db)
    assert (hit.status, hit.decision_reason) == ("confirmed", "")


async def test_the_withdrawal_is_audited_as_the_executing_officer(
    db: Any, world: dict[str, Any], clock: FixedClock
) -> None:
    hit = await _hit_recorded(db, world, clock)
    await _execute(db, world, clock)
    async with db.session() as own:
        trail = (
            await own.execute(
                select(t.AuditEntry.action, t.AuditEntry.actor_username)
                .where(
                    t.AuditEntry.object_id == str(hit.id),
                    t.AuditEntry.action.like("hit.%"),
                )
                .order_by(t.AuditEntry.id)
            )
        ).all()
    assert [tuple(row) for row in trail] == [
        ("hit.create", world["pp"].username),
        ("hit.update", world["sr"].username),
    ]


async def test_ending_a_notice_withdraws_its_pending_hits(
    db: Any, session: AsyncSession, clock: FixedClock
) -> None:
    world = await make_world(session, status="executed")  # only the notice can hit
    notice = await f.notice(
        session,
        subject=world["subject"],
        province_code=SIEM_REAP,
        owning_unit_id=world["sr_unit"].id,
    )
    await session.commit()
    async with acting(db, world["pp"], clock) as ctx:
        await persons.create_person(ctx, SPELLED)
    [hit] = await all_hits(db)
    assert (hit.notice_id, hit.status) == (notice.id, "pending")
    tomorrow = (clock.now() + timedelta(days=1)).date()
    async with acting(db, world["sr"], clock) as ctx:  # extended: it still stands
        await notices.update_notice(
            ctx, gid("Notice", notice.id), NoticePatch(valid_until=tomorrow)
        )
    [hit] = await all_hits(db)
    assert hit.status == "pending"
    yesterday = (clock.now() - timedelta(days=2)).date()
    async with acting(db, world["sr"], clock) as ctx:
        await notices.update_notice(
            ctx, gid("Notice", notice.id), NoticePatch(valid_until=yesterday)
        )
    [hit] = await all_hits(db)
    assert (hit.status, hit.decision_reason) == ("withdrawn", "notice ended")
