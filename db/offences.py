"""Writes of offences and of the persons directly involved in them. None of these commit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, delete
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from db import tables as t


async def offence_type(*, session: AsyncSession, code: str) -> t.OffenceType | None:
    return await session.get(t.OffenceType, code)


async def offence_for_update(
    *, session: AsyncSession, offence_id: int, scope: ColumnElement[bool]
) -> t.Offence | None:
    """The offence, locked until the transaction ends so that concurrent edits queue."""
    stmt = select(t.Offence).where(col(t.Offence.id) == offence_id, scope).with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()


async def insert_offence(*, session: AsyncSession, offence: t.Offence) -> t.Offence:
    session.add(offence)
    await session.flush()
    return offence


async def update_offence(
    *, session: AsyncSession, offence: t.Offence, changes: Mapping[str, Any]
) -> t.Offence:
    for name, value in changes.items():
        setattr(offence, name, value)
    session.add(offence)
    await session.flush()
    return offence


async def linked(*, session: AsyncSession, offence_id: int, person_id: int, role: str) -> bool:
    stmt = select(t.OffencePerson.offence_id).where(
        col(t.OffencePerson.offence_id) == offence_id,
        col(t.OffencePerson.person_id) == person_id,
        col(t.OffencePerson.role) == role,
    )
    return (await session.execute(stmt.limit(1))).first() is not None


async def link_persons(
    *, session: AsyncSession, offence_id: int, links: Sequence[tuple[int, str]]
) -> None:
    """Add (person id, role) pairs to the offence."""
    for person_id, role in links:
        session.add(t.OffencePerson(offence_id=offence_id, person_id=person_id, role=role))
    await session.flush()


async def unlink_person(
    *, session: AsyncSession, offence_id: int, person_id: int, role: str
) -> bool:
    stmt = delete(t.OffencePerson).where(
        col(t.OffencePerson.offence_id) == offence_id,
        col(t.OffencePerson.person_id) == person_id,
        col(t.OffencePerson.role) == role,
    )
    result = await session.execute(stmt)
    return bool(getattr(result, "rowcount", 0))
