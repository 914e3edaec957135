"""Recording offences, correcting them, and linking the persons directly involved.

Rules (beyond the field limits of the tables):
- the offence type must exist; its ICCS code is copied onto the offence and must fall under the
  recording ministry's jurisdiction: the caller's own ministry by default, another only where the
  policy grants it (policies.ministries);
- ``occurredAt`` carries a time zone and is never in the future;
- the place names a province; a district must lie in it, a commune in the district (a commune
  alone implies its district); a point needs both coordinates, roughly inside Cambodia;
- drug offences carry substance, quantity and unit, others must not; traffic details are for
  traffic offences only;
- an offence joins no closed case (resolvers.cases: a closed case's make-up is frozen), and only
  a case the caller may change; it names only persons the caller may see (resolvers.references).

Every change to a stored offence goes through ``changing_offence``.
"""

from __future__ import annotations

from dataclasses import fields, replace

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.relay import GlobalID

from db import offences as db
from db import tables as t
from db.errors import Forbidden, NotFound
from policies.lifecycle import entry_timing
from resolvers.context import Context
from resolvers.hits import record_hits
from resolvers.inputs_offences import (
    DrugData,
    OffenceData,
    OffencePatch,
    PlaceData,
    TrafficData,
)
from resolvers.lifecycle import check_version, reach_for_change
from resolvers.offence_checks import ROLES, check_facts, check_involvements
from resolvers.references import PERSON_NAMED, resolve, target_id
from resolvers.validation import Problems
from resolvers.writing import given, require_user


async def changing_offence(
    ctx: Context, session: AsyncSession, offence_id: int, expected_version: int | None = None
) -> t.Offence | None:
    """The one door to changing a stored offence or who is in it: the version moves here.

    The lifecycle guard (policies.lifecycle) judges the change when it is flushed. A technical
    working group member reaches the offence through ``correct`` (a granted correction).
    """
    row = await reach_for_change(
        ctx.principal,
        session,
        t.Offence,
        lambda where: db.offence_for_update(session=session, offence_id=offence_id, scope=where),
        ctx.clock.now(),
    )
    if row is not None:
        check_version(f"offence {offence_id}", row, expected_version)
        row.version += 1
    return row


async def _changing(
    ctx: Context, session: AsyncSession, offence_id: str, expected_version: int | None = None
) -> t.Offence:
    offence = await changing_offence(
        ctx, session, target_id(offence_id, "Offence"), expected_version
    )
    if offence is None:
        raise NotFound("Offence", offence_id)
    return offence


def _recorder(ctx: Context) -> tuple[int, int]:
    user_id = require_user(ctx)
    unit_id = ctx.principal.unit_id
    if unit_id is None:
        raise Forbidden("your account belongs to no unit, and an offence is recorded by one")
    return user_id, unit_id


async def record_offence(ctx: Context, data: OffenceData) -> t.Offence:
    _recorder(ctx)  # refused before a transaction is opened
    async with ctx.transaction() as session:
        return await add_offence(ctx, session, data)


async def add_offence(
    ctx: Context, session: AsyncSession, data: OffenceData, *, source_ref: str | None = None
) -> t.Offence:
    """Check, insert and link a new offence in the caller's transaction: one entry here, or one
    row of a bulk import (resolvers.imports), which names its ``source_ref`` in the register."""
    user_id, unit_id = _recorder(ctx)
    problems = Problems()
    now = ctx.clock.now()
    values = await check_facts(problems, session, ctx.principal, data, now, check_case=True)
    links = await check_involvements(problems, session, ctx.principal, data.persons)
    problems.raise_if_any()
    offence = await db.insert_offence(
        session=session,
        offence=t.Offence(
            **values,
            **entry_timing(values["occurred_at"], now, historical=data.historical),
            recorded_at=now,
            recorded_by_id=user_id,
            recorded_unit_id=unit_id,
            source_ref=source_ref,
        ),
    )
    assert offence.id is not None
    await db.link_persons(session=session, offence_id=offence.id, links=links)
    await record_hits(ctx, session, [person_id for person_id, _ in links])
    return offence


def _stored(offence: t.Offence) -> OffenceData:
    """The offence's entered facts as an input, for checking a patch against the whole."""
    drug = None
    if offence.drug_substance is not None and offence.drug_quantity is not None:
        drug = DrugData(
            substance=offence.drug_substance,
            quantity=offence.drug_quantity,
            unit=offence.drug_unit or "",
        )
    traffic = None
    if offence.vehicle_type is not None or offence.plate_number is not None:
        traffic = TrafficData(vehicle_type=offence.vehicle_type, plate_number=offence.plate_number)
    case_id = str(GlobalID("Case", str(offence.case_id))) if offence.case_id else None
    return OffenceData(
        type_code=offence.type_code,
        occurred_at=offence.occurred_at,
        place=PlaceData(
            province_code=offence.province_code,
            district_code=offence.district_code,
            commune_code=offence.commune_code,
            latitude=offence.latitude,
            longitude=offence.longitude,
        ),
        description=offence.description,
        ministry_code=offence.ministry_code,
        drug=drug,
        traffic=traffic,
        case_id=case_id,
    )


async def update_offence(
    ctx: Context, offence_id: str, patch: OffencePatch, expected_version: int | None = None
) -> t.Offence:
    require_user(ctx)
    problems = Problems()
    async with ctx.transaction() as session:
        offence = await _changing(ctx, session, offence_id, expected_version)
        stored = _stored(offence)
        # A None for a required fact is refused by the checks ("required").
        given_facts = {
            f.name: getattr(patch, f.name) for f in fields(patch) if given(getattr(patch, f.name))
        }
        merged = replace(stored, **given_facts)
        # Only a newly given case is checked: editing an offence of a closed case stays possible.
        new_case = given(patch.case_id) and merged.case_id != stored.case_id
        values = await check_facts(
            problems,
            session,
            ctx.principal,
            merged,
            ctx.clock.now(),
            check_case=new_case,
            kept_ministry=offence.ministry_code,
        )
        problems.raise_if_any()
        if not offence.historical and values["occurred_at"] != offence.occurred_at:
            values.update(
                entry_timing(values["occurred_at"], offence.recorded_at, historical=False)
            )
        return await db.update_offence(session=session, offence=offence, changes=values)


def _link_problems(problems: Problems, person_id: str, role: str) -> None:
    if not person_id:
        problems.add("personId", "required", "is required")
    problems.choice("role", role, ROLES)


async def link_person(ctx: Context, offence_id: str, person_id: str, role: str) -> t.Offence:
    require_user(ctx)
    problems = Problems()
    _link_problems(problems, person_id, role)
    async with ctx.transaction() as session:
        offence = await _changing(ctx, session, offence_id)
        assert offence.id is not None
        person = await resolve(
            session, ctx.principal, PERSON_NAMED, person_id, field="personId", problems=problems
        )
        if (
            person is not None
            and not problems.items
            and await db.linked(
                session=session, offence_id=offence.id, person_id=person.id, role=role
            )
        ):
            problems.add("personId", "conflict", f"is already linked as {role}")
        problems.raise_if_any()
        assert person is not None
        await db.link_persons(session=session, offence_id=offence.id, links=[(person.id, role)])
        await record_hits(ctx, session, [person.id])
        return offence


async def unlink_person(ctx: Context, offence_id: str, person_id: str, role: str) -> t.Offence:
    require_user(ctx)
    problems = Problems()
    _link_problems(problems, person_id, role)
    async with ctx.transaction() as session:
        offence = await _changing(ctx, session, offence_id)
        assert offence.id is not None
        person = await resolve(
            session, ctx.principal, PERSON_NAMED, person_id, field="personId", problems=problems
        )
        if person is not None and not problems.items:
            gone = await db.unlink_person(
                session=session, offence_id=offence.id, person_id=person.id, role=role
            )
            if not gone:
                problems.add("personId", "unknown", f"is not linked to this offence as {role}")
        problems.raise_if_any()
        return offence
