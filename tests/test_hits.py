"""Hits and alerts: a person recorded in one province who matches another's wanted subject."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.relay import GlobalID

from db import tables as t
from db.alert_bus import BUS
from db.clock import FixedClock
from db.errors import Forbidden, InvalidInput
from db.paging import Page
from policies.enforcer import default_policy
from policies.principal import Principal
from resolvers import hit_alerts, hits, offences, persons
from resolvers.context import Context
from resolvers.inputs_offences import InvolvementData, OffenceData, PlaceData
from resolvers.inputs_persons import BirthDate, PersonData, PersonPatch
from tests import factories as f
from web import cli_hits
from web.cli import parser
from web.settings import Settings

SIEM_REAP, PHNOM_PENH, KAMPOT = "17", "12", "07"
WANTED = dict(
    family_name_latin="Chea",
    given_name_latin="Sokha",
    family_name_km="ជា",
    given_name_km="សុខា",
    sex="M",
    birth_year=1990,
    birth_month=5,
    birth_day=12,
)
BORN = dict(family_name_km="", given_name_km="", birth_year=1990, birth_month=5, birth_day=12)
SPELLED = PersonData(
    sex="M",
    nationality="KH",
    family_name_latin="Chear",
    given_name_latin="Sokhar",
    birth=BirthDate(1990, 5, 12),
)


def gid(type_name: str, ident: int | None) -> str:
    return str(GlobalID(type_name, str(ident)))


async def staff(
    session: AsyncSession,
    province: str | None,
    role: str = "specialist",
    unit: t.Unit | None = None,
) -> Principal:
    unit = unit or await f.unit(session, province=province or "12")
    user = await f.user(
        session, unit_row=unit, position=role, rank="Colonel", province_code=province
    )
    return Principal(
        username=user.username,
        user_id=user.id,
        province_code=province,
        unit_id=unit.id,
        rank=user.rank,
        roles=(role,),
        policy=default_policy(),
    )


async def make_world(session: AsyncSession, **warrant: Any) -> dict[str, Any]:
    """Siem Reap's wanted subject and warrant (rows are locked after 48 h: set them here)."""
    sr_unit = await f.unit(session, province=SIEM_REAP)
    subject = await f.person(session, province_code=SIEM_REAP, **WANTED)
    order = await f.warrant(
        session, subject=subject, province_code=SIEM_REAP, owning_unit_id=sr_unit.id, **warrant
    )
    people = {
        "sr": await staff(session, SIEM_REAP, unit=sr_unit),
        "sr_chief": await staff(session, SIEM_REAP, "provincial_chief"),
        "pp": await staff(session, PHNOM_PENH),
        "pp_chief": await staff(session, PHNOM_PENH, "provincial_chief"),
        "kampot": await staff(session, KAMPOT),
        "hq": await staff(session, None, "criminal_police"),
    }
    await session.commit()
    return {"subject": subject, "warrant": order, "sr_unit": sr_unit, **people}


@pytest.fixture
async def world(session: AsyncSession) -> dict[str, Any]:
    return await make_world(session)


@asynccontextmanager
async def acting(db: Any, principal: Principal, clock: FixedClock) -> AsyncIterator[Context]:
    async with db.session() as own:
        yield Context(session=own, principal=principal, clock=clock)


async def all_hits(db: Any) -> list[t.Hit]:
    async with db.session() as own:
        return list((await own.execute(select(t.Hit).order_by(t.Hit.id))).scalars())


async def alert_kinds(db: Any, principal: Principal, clock: FixedClock) -> list[str]:
    async with acting(db, principal, clock) as ctx:
        return sorted(a.kind for a in await hit_alerts.alerts_page(ctx, False, Page(100)))


async def test_a_variant_spelling_in_phnom_penh_hits_the_siem_reap_warrant(
    db: Any, world: dict[str, Any], clock: FixedClock
) -> None:
    async with acting(db, world["pp"], clock) as ctx:
        recorded = await persons.create_person(ctx, SPELLED)
    [hit] = await all_hits(db)
    assert (hit.person_id, hit.subject_person_id) == (recorded.id, world["subject"].id)
    assert (hit.warrant_id, hit.notice_id, hit.status) == (world["warrant"].id, None, "pending")
    assert (hit.province_code, hit.owning_province_code) == (PHNOM_PENH, SIEM_REAP)
    assert hit.recorded_by_id == world["pp"].user_id and hit.score > 0.9
    assert "same birth day" in hit.reasons
    assert hit.deadline_at == clock.now() + timedelta(hours=1)
    assert await alert_kinds(db, world["sr"], clock) == ["hit"]
    assert await alert_kinds(db, world["sr_chief"], clock) == ["hit"]
    assert await alert_kinds(db, world["pp"], clock) == ["recorded"]
    for nobody in ("kampot", "pp_chief", "hq"):
        assert await alert_kinds(db, world[nobody], clock) == []
        async with acting(db, world[nobody], clock) as ctx:
            assert await hit_alerts.hits_page(ctx, None, Page(10)) == []
    async with acting(db, world["sr"], clock) as ctx:
        assert [h.id for h in await hit_alerts.hits_page(ctx, "pending", Page(10))] == [hit.id]
        assert await hit_alerts.hits_count(ctx, "confirmed") == 0


async def test_recording_again_does_not_duplicate_the_open_hit(
    db: Any, world: dict[str, Any], clock: FixedClock
) -> None:
    async with acting(db, world["pp"], clock) as ctx:
        recorded = await persons.create_person(ctx, SPELLED)
    async with acting(db, world["pp"], clock) as ctx:
        await persons.update_person(ctx, gid("Person", recorded.id), PersonPatch(background="x"))
    assert len(await all_hits(db)) == 1


async def test_an_offence_with_the_person_in_custody_gives_ten_minutes(
    db: Any, session: AsyncSession, world: dict[str, Any], clock: FixedClock
) -> None:
    pp_unit = await session.get(t.Unit, world["pp"].unit_id)
    assert pp_unit is not None
    suspect = await f.person(
        session,
        family_name_latin="Chear",
        given_name_latin="Sokhar",
        family_name_km="",
        given_name_km="",
        birth_year=1990,
        birth_month=5,
        birth_day=12,
    )
    case = await f.case(session, lead=pp_unit)
    part = await f.participant(session, case_row=case, person_row=suspect)
    session.add(
        t.ParticipantEvent(
            participant_id=part.id, kind="arrest", occurred_at=clock.now() - timedelta(hours=1)
        )
    )
    await session.commit()
    async with acting(db, world["pp"], clock) as ctx:
        await offences.record_offence(
            ctx,
            OffenceData(
                type_code="THEFT",
                occurred_at=clock.now() - timedelta(hours=2),
                place=PlaceData(province_code=PHNOM_PENH),
                persons=(InvolvementData(gid("Person", suspect.id), "suspect"),),
            ),
        )
    [hit] = await all_hits(db)
    assert hit.custody and hit.deadline_at == clock.now() + timedelta(minutes=10)


async def test_reminder_at_half_time_then_escalation_after_the_deadline(
    db: Any, session: AsyncSession, world: dict[str, Any], clock: FixedClock
) -> None:
    async with acting(db, world["pp"], clock) as ctx:
        await persons.create_person(ctx, SPELLED)

    async def tick() -> tuple[int, int]:
        async with db.session() as own:
            done = await hits.process_due_hits(session=own, now=clock.now())
            await own.commit()
            return done

    clock.advance(timedelta(minutes=29))
    assert await tick() == (0, 0)
    clock.advance(timedelta(minutes=2))
    assert await tick() == (1, 0)
    assert await tick() == (0, 0)  # once only
    assert await alert_kinds(db, world["sr"], clock) == ["hit", "reminder"]
    assert await alert_kinds(db, world["hq"], clock) == []
    clock.advance(timedelta(minutes=30))
    assert await tick() == (0, 1)
    assert await tick() == (0, 0)
    [hit] = await all_hits(db)
    assert hit.escalated and hit.escalated_at == clock.now() and hit.status == "pending"
    assert await alert_kinds(db, world["sr_chief"], clock) == ["escalation", "hit"]
    assert await alert_kinds(db, world["hq"], clock) == ["escalation"]
    assert await alert_kinds(db, world["kampot"], clock) == []
    async with acting(db, world["hq"], clock) as ctx:
        assert len(await hit_alerts.hits_page(ctx, "pending", Page(10))) == 1


async def test_only_the_owning_unit_or_its_chief_decides(
    db: Any, world: dict[str, Any], clock: FixedClock
) -> None:
    async with acting(db, world["pp"], clock) as ctx:
        await persons.create_person(ctx, SPELLED)
    [hit] = await all_hits(db)
    with pytest.raises(Forbidden):
        async with acting(db, world["pp"], clock) as ctx:
            await hits.confirm_hit(ctx, gid("Hit", hit.id))
    async with acting(db, world["sr"], clock) as ctx:
        await hits.confirm_hit(ctx, gid("Hit", hit.id))
    [hit] = await all_hits(db)
    assert (hit.status, hit.decided_by_id) == ("confirmed", world["sr"].user_id)
    assert await alert_kinds(db, world["pp"], clock) == ["confirmed", "recorded"]
    with pytest.raises(InvalidInput):
        async with acting(db, world["sr_chief"], clock) as ctx:
            await hits.reject_hit(ctx, gid("Hit", hit.id), "not him")


async def test_the_provincial_chief_rejects_with_a_reason(
    db: Any, world: dict[str, Any], clock: FixedClock
) -> None:
    async with acting(db, world["pp"], clock) as ctx:
        await persons.create_person(ctx, SPELLED)
    [hit] = await all_hits(db)
    with pytest.raises(InvalidInput):
        async with acting(db, world["sr_chief"], clock) as ctx:
            await hits.reject_hit(ctx, gid("Hit", hit.id), " ")
    async with acting(db, world["sr_chief"], clock) as ctx:
        await hits.reject_hit(ctx, gid("Hit", hit.id), "different father's name")
    [hit] = await all_hits(db)
    assert (hit.status, hit.decision_reason) == ("rejected", "different father's name")


async def test_an_expired_warrant_or_a_lapsed_notice_gives_no_hit(
    db: Any, session: AsyncSession, clock: FixedClock
) -> None:
    world = await make_world(session, expires_on=date(2026, 11, 1))  # the day before T0
    await f.notice(
        session, subject=world["subject"], province_code=SIEM_REAP, valid_until=date(2026, 10, 31)
    )
    await session.commit()
    async with acting(db, world["pp"], clock) as ctx:
        await persons.create_person(ctx, SPELLED)
    assert await all_hits(db) == []


async def test_a_notice_in_force_hits_and_alerts_are_marked_read(
    db: Any, session: AsyncSession, clock: FixedClock
) -> None:
    world = await make_world(session, status="executed")
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
    assert (hit.warrant_id, hit.notice_id) == (None, notice.id)
    async with acting(db, world["sr"], clock) as ctx:
        [alert] = await hit_alerts.alerts_page(ctx, True, Page(10))
        await hit_alerts.mark_alerts(ctx, [gid("HitAlert", alert.id)], "acknowledged_at")
    async with acting(db, world["sr"], clock) as ctx:
        assert await hit_alerts.alerts_page(ctx, True, Page(10)) == []
    with pytest.raises(InvalidInput):  # the Kampot officer cannot reach it
        async with acting(db, world["kampot"], clock) as ctx:
            await hit_alerts.mark_alerts(ctx, [gid("HitAlert", alert.id)], "read_at")


def test_the_tick_command_runs_once_and_reports(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = parser().parse_args(["hits", "tick"])
    assert cli_hits.run(args, Settings(database_url=sqlite_url)) == 0
    assert capsys.readouterr().out == "hits: 0 reminded, 0 escalated\n"


async def test_every_step_is_in_the_audit_trail(
    db: Any, world: dict[str, Any], clock: FixedClock
) -> None:
    async with acting(db, world["pp"], clock) as ctx:
        await persons.create_person(ctx, SPELLED)
    [hit] = await all_hits(db)
    async with db.session() as own:
        await hits.process_due_hits(session=own, now=clock.now() + timedelta(hours=2))
        await own.commit()
    async with acting(db, world["sr"], clock) as ctx:
        await hits.confirm_hit(ctx, gid("Hit", hit.id))
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
        ("hit.update", "system"),
        ("hit.update", world["sr"].username),
    ]


async def test_the_bus_announces_committed_alerts_only(
    db: Any, world: dict[str, Any], clock: FixedClock
) -> None:
    async with BUS.listen() as queue:
        with pytest.raises(RuntimeError):  # rolled back: nothing announced
            async with acting(db, world["pp"], clock) as ctx, ctx.transaction() as own:
                spelled = await f.person(
                    own, family_name_latin="Chear", given_name_latin="Sokhar", **BORN
                )
                assert await hits.record_hits(ctx, own, [spelled.id])
                raise RuntimeError("the rest of the operation failed")
        assert queue.empty()
        async with acting(db, world["pp"], clock) as ctx:
            await persons.create_person(ctx, SPELLED)
        heard = sorted(queue.get_nowait() for _ in range(queue.qsize()))
    async with db.session() as own:
        stored = (await own.execute(select(t.HitAlert.id).order_by(t.HitAlert.id))).scalars()
        assert heard == list(stored) and len(heard) == 3
