"""Queries of the photo store (db/tables/photos.py): bytes, uploads, and the photo rows naming them.

The bytes are written with a Core ``INSERT … ON CONFLICT DO NOTHING`` on the session's connection,
in the caller's transaction: an identical file is stored once, even when two uploads race. This
bypasses the audit hook on purpose — the trail would otherwise copy every image into itself; the
``person_photo`` row that names the hash is added through the session and is audited.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, exists, or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from db import tables as t
from db.tables.photos import PhotoBlob, PhotoUpload

VICTIM_ROLES = ("victim",)


async def store_blob(*, session: AsyncSession, blob: PhotoBlob) -> None:
    connection = await session.connection()
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    values = {
        "sha256": blob.sha256,
        "content_type": blob.content_type,
        "size": blob.size,
        "bytes": blob.data,
        "created_at": blob.created_at,
    }
    table = PhotoBlob.__table__  # type: ignore[attr-defined]
    stmt = dialect.insert(table).values(**values).on_conflict_do_nothing()
    await connection.execute(stmt)


async def record_upload(*, session: AsyncSession, sha256: str, user_id: int, now: datetime) -> None:
    """One upload by one user, added through the session: the audit hook records it."""
    session.add(PhotoUpload(sha256=sha256, user_id=user_id, created_at=now))
    await session.flush()


async def uploaded_by(*, session: AsyncSession, hashes: Iterable[str], user_id: int) -> set[str]:
    """Which of these hashes ``user_id`` has uploaded."""
    wanted = sorted(set(hashes))
    if not wanted:
        return set()
    stmt = select(PhotoUpload.sha256).where(
        col(PhotoUpload.sha256).in_(wanted), col(PhotoUpload.user_id) == user_id
    )
    return set((await session.execute(stmt)).scalars().all())


async def blobs(*, session: AsyncSession, hashes: Iterable[str]) -> dict[str, PhotoBlob]:
    wanted = sorted(set(hashes))
    if not wanted:
        return {}
    stmt = select(PhotoBlob).where(col(PhotoBlob.sha256).in_(wanted))
    return {b.sha256: b for b in (await session.execute(stmt)).scalars().all()}


async def photo_of_person(
    *, session: AsyncSession, person_id: int, photo_id: int
) -> PhotoBlob | None:
    """The bytes of this person's photo row ``photo_id``; the caller has judged the person."""
    stmt = (
        select(PhotoBlob)
        .join(t.PersonPhoto, col(t.PersonPhoto.sha256) == col(PhotoBlob.sha256))
        .where(col(t.PersonPhoto.id) == photo_id, col(t.PersonPhoto.person_id) == person_id)
    )
    return (await session.execute(stmt)).scalars().first()


async def stored(*, session: AsyncSession, hashes: Iterable[str]) -> set[str]:
    wanted = sorted(set(hashes))
    if not wanted:
        return set()
    stmt = select(PhotoBlob.sha256).where(col(PhotoBlob.sha256).in_(wanted))
    return set((await session.execute(stmt)).scalars().all())


def _is_victim(person_id: Any) -> ColumnElement[bool]:
    """The person appears as a victim in some case or offence."""
    in_case = exists().where(
        col(t.CaseParticipant.person_id) == person_id,
        col(t.CaseParticipant.role).in_(VICTIM_ROLES),
    )
    in_offence = exists().where(
        col(t.OffencePerson.person_id) == person_id,
        col(t.OffencePerson.role).in_(VICTIM_ROLES),
    )
    return or_(in_case, in_offence)


async def is_victim(*, session: AsyncSession, person_id: int) -> bool:
    stmt = select(_is_victim(col(t.Person.id))).where(col(t.Person.id) == person_id)
    return bool((await session.execute(stmt)).scalar())


async def victims_among(*, session: AsyncSession, person_ids: list[int]) -> set[int]:
    """Which of these persons appear as a victim (one query for a whole page of persons)."""
    stmt = select(col(t.Person.id)).where(
        col(t.Person.id).in_(person_ids), _is_victim(col(t.Person.id))
    )
    return {pid for pid in (await session.execute(stmt)).scalars() if pid is not None}


async def photo_holders(
    *, session: AsyncSession, sha256: str, scope: ColumnElement[bool]
) -> list[tuple[t.Person, bool]]:
    """The persons with a photo of this hash whose photo rows ``scope`` lets through, each with
    whether they appear as a victim (the victim-photo mask then decides)."""
    stmt = (
        select(t.Person, _is_victim(col(t.Person.id)))
        .join(t.PersonPhoto, col(t.PersonPhoto.person_id) == col(t.Person.id))
        .where(col(t.PersonPhoto.sha256) == sha256, scope)
    )
    return [(person, bool(victim)) for person, victim in (await session.execute(stmt)).all()]
