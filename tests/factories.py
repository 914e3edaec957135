"""Rows for tests, with sensible defaults. Each factory flushes so the row has its id."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from itertools import count
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db import tables as t
from db.photos import record_upload, store_blob
from tests.conftest import T0

_seq = count(1)


async def _add(session: AsyncSession, row: Any) -> Any:
    session.add(row)
    await session.flush()
    return row


async def unit(session: AsyncSession, *, province: str = "12", **kw: Any) -> t.Unit:
    n = next(_seq)
    values: dict[str, Any] = dict(
        code=f"T-{province}-{n}",
        name_en=f"Test unit {n}",
        name_km="",
        kind="station",
        province_code=province,
        ministry_code="MOI",
    )
    values.update(kw)
    return await _add(session, t.Unit(**values))


async def user(session: AsyncSession, *, unit_row: t.Unit | None = None, **kw: Any) -> t.User:
    n = next(_seq)
    unit_row = unit_row or await unit(session)
    values: dict[str, Any] = dict(
        username=f"user{n}",
        family_name="Sok",
        given_name=f"Test{n}",
        rank="Captain",
        position="specialist",
        unit_id=unit_row.id,
        province_code=unit_row.province_code,
        ministry_code=unit_row.ministry_code,
        created_at=T0,
    )
    values.update(kw)
    return await _add(session, t.User(**values))


async def person(session: AsyncSession, **kw: Any) -> t.Person:
    values: dict[str, Any] = dict(
        family_name_latin="Sok",
        given_name_latin="Dara",
        family_name_km="សុខ",
        given_name_km="តារា",
        sex="M",
        birth_year=1990,
        nationality="KH",
        province_code="12",
        created_at=T0,
        updated_at=T0,
    )
    values.update(kw)
    row = await _add(session, t.Person(**values))
    try:
        from db.person_names import refresh_name_keys
    except ImportError:
        return row
    await refresh_name_keys(session=session, person_ids=[row.id])
    return row


async def offence(
    session: AsyncSession,
    *,
    recorder: t.User,
    persons: list[t.Person] = (),
    **kw: Any,  # type: ignore[assignment]
) -> t.Offence:
    values: dict[str, Any] = dict(
        type_code="THEFT",
        iccs_code="05022",
        occurred_at=T0 - timedelta(hours=5),
        recorded_at=T0,
        recorded_by_id=recorder.id,
        recorded_unit_id=recorder.unit_id,
        province_code=recorder.province_code or "12",
        ministry_code="MOI",
        description="test",
    )
    values.update(kw)
    row = await _add(session, t.Offence(**values))
    for p in persons:
        session.add(t.OffencePerson(offence_id=row.id, person_id=p.id, role="suspect"))
    await session.flush()
    return row


async def case(session: AsyncSession, *, lead: t.Unit, **kw: Any) -> t.Case:
    n = next(_seq)
    values: dict[str, Any] = dict(
        number=f"TC-{n}",
        title=f"Case {n}",
        status="open",
        lead_unit_id=lead.id,
        province_code=lead.province_code,
        opened_at=T0,
        created_at=T0,
    )
    values.update(kw)
    return await _add(session, t.Case(**values))


async def participant(
    session: AsyncSession, *, case_row: t.Case, person_row: t.Person, role: str = "suspect"
) -> t.CaseParticipant:
    return await _add(
        session, t.CaseParticipant(case_id=case_row.id, person_id=person_row.id, role=role)
    )


async def warrant(session: AsyncSession, *, subject: t.Person, **kw: Any) -> t.Warrant:
    n = next(_seq)
    values: dict[str, Any] = dict(
        court="Phnom Penh Municipal Court of First Instance",
        number=f"W-{n}",
        kind="arrest",
        issued_on=date(2025, 1, 1),
        subject_person_id=subject.id,
        status="active",
        province_code="12",
        created_at=T0,
    )
    values.update(kw)
    return await _add(session, t.Warrant(**values))


async def notice(session: AsyncSession, *, subject: t.Person, **kw: Any) -> t.Notice:
    values: dict[str, Any] = dict(
        kind="wanted",
        person_id=subject.id,
        valid_from=date(2025, 1, 1),
        province_code="12",
        created_at=T0,
    )
    values.update(kw)
    return await _add(session, t.Notice(**values))


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


async def upload(session: AsyncSession, *, data: bytes, uploader: t.User | None = None) -> str:
    """PNG bytes in the photo store (stored as uploads store them, out of the audit trail),
    uploaded by ``uploader`` if given; their hash."""
    digest = hashlib.sha256(data).hexdigest()
    blob = t.PhotoBlob(
        sha256=digest, content_type="image/png", size=len(data), data=data, created_at=T0
    )
    await store_blob(session=session, blob=blob)
    if uploader is not None:
        assert uploader.id is not None
        await record_upload(session=session, sha256=digest, user_id=uploader.id, now=T0)
    return digest


async def photo(
    session: AsyncSession, *, person_row: t.Person, data: bytes, uploader: t.User | None = None
) -> t.PersonPhoto:
    """A photo of ``person_row`` with its bytes in the store, uploaded by ``uploader`` if given."""
    digest = await upload(session, data=data, uploader=uploader)
    row = t.PersonPhoto(
        person_id=person_row.id,
        sha256=digest,
        content_type="image/png",
        size_bytes=len(data),
        created_at=T0,
    )
    return await _add(session, row)


async def operation(session: AsyncSession, *, lead: t.Unit, **kw: Any) -> t.Operation:
    n = next(_seq)
    values: dict[str, Any] = dict(
        name=f"Operation {n}",
        started_on=date(2026, 10, 1),
        province_code=lead.province_code,
        lead_unit_id=lead.id,
        created_at=T0,
    )
    values.update(kw)
    return await _add(session, t.Operation(**values))
