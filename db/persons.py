"""Writes of persons and what hangs off them. None of these commit; the caller's transaction does.

Every change to a person's names or aliases refreshes the search keys in the same transaction
(db.person_names), and every change to the record bumps ``version`` and ``updated_at``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from db import tables as t
from db.person_names import refresh_name_keys

DocumentKey = tuple[str, str, str]  # (kind, issuing country, number key): one document


async def person_for_update(
    *, session: AsyncSession, person_id: int, scope: ColumnElement[bool]
) -> t.Person | None:
    """The person, locked until the transaction ends so that concurrent edits queue."""
    stmt = select(t.Person).where(col(t.Person.id) == person_id, scope).with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()


async def documents_on_file(
    *, session: AsyncSession, keys: Iterable[DocumentKey]
) -> dict[DocumentKey, int]:
    """Which of these documents are already on file, and for which person."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    triple = tuple_(
        col(t.IdentityDocument.kind),
        col(t.IdentityDocument.issuing_country),
        col(t.IdentityDocument.number_key),
    )
    stmt = select(
        t.IdentityDocument.kind,
        t.IdentityDocument.issuing_country,
        t.IdentityDocument.number_key,
        t.IdentityDocument.person_id,
    ).where(triple.in_(wanted))
    return {
        (kind, country, key): owner for kind, country, key, owner in await session.execute(stmt)
    }


async def insert_person(
    *,
    session: AsyncSession,
    person: t.Person,
    aliases: Sequence[t.PersonAlias] = (),
    documents: Sequence[t.IdentityDocument] = (),
    photos: Sequence[t.PersonPhoto] = (),
) -> t.Person:
    """Store a new person with its aliases, documents and photos (their person_id is set here)."""
    session.add(person)
    await session.flush()
    assert person.id is not None
    for child in (*aliases, *documents, *photos):
        child.person_id = person.id
        session.add(child)
    await session.flush()
    await refresh_name_keys(session=session, person_ids=[person.id])
    return person


async def update_person(
    *, session: AsyncSession, person: t.Person, changes: Mapping[str, Any], now: datetime
) -> t.Person:
    for name, value in changes.items():
        setattr(person, name, value)
    return await touch_person(session=session, person=person, now=now, names_changed=True)


async def touch_person(
    *, session: AsyncSession, person: t.Person, now: datetime, names_changed: bool = False
) -> t.Person:
    """Mark the record changed: a new version, and its names' keys if they may have changed."""
    person.version += 1
    person.updated_at = now
    session.add(person)
    await session.flush()
    assert person.id is not None
    if names_changed:
        await refresh_name_keys(session=session, person_ids=[person.id])
    return person


async def add_child(
    *, session: AsyncSession, row: t.PersonAlias | t.IdentityDocument | t.PersonPhoto
) -> None:
    session.add(row)
    await session.flush()


async def remove_aliases(*, session: AsyncSession, person_id: int, name: str) -> int:
    """Delete the person's aliases spelled ``name``; how many there were."""
    stmt = delete(t.PersonAlias).where(
        col(t.PersonAlias.person_id) == person_id, col(t.PersonAlias.name) == name
    )
    result = await session.execute(stmt)
    return int(getattr(result, "rowcount", 0) or 0)
