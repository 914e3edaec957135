"""Queries for bulk imports (resolvers.imports): what a batch of file rows already has on file.

``templates/`` holds the documented file formats, one header and one example row each.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from db import tables as t

TEMPLATES = Path(__file__).parent / "templates"

OrderKey = tuple[str, str]  # (court, number): a court order's natural key


async def orders_on_file(
    *, session: AsyncSession, keys: Iterable[OrderKey]
) -> dict[OrderKey, tuple[t.Warrant, t.Person]]:
    """The stored warrants among these natural keys, each with its subject. Read without a
    scope: an import must see every order it could collide with, wherever it is held."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    stmt = (
        select(t.Warrant, t.Person)
        .join(t.Person, col(t.Person.id) == col(t.Warrant.subject_person_id))
        .where(tuple_(col(t.Warrant.court), col(t.Warrant.number)).in_(wanted))
    )
    rows = await session.execute(stmt)
    return {(w.court, w.number): (w, p) for w, p in rows}


DocumentKey = tuple[str, str, str]  # (kind, issuing country, number key): a person's natural key
OffenceKey = tuple[str, str]  # (province, source_ref): an imported offence's natural key


async def persons_on_file(
    *, session: AsyncSession, keys: Iterable[DocumentKey]
) -> dict[DocumentKey, t.Person]:
    """The persons holding these identity documents. Unscoped, as ``orders_on_file``: an import
    must find every person it could record twice, wherever that person was recorded."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    doc = t.IdentityDocument
    triple = tuple_(col(doc.kind), col(doc.issuing_country), col(doc.number_key))
    stmt = (
        select(doc.kind, doc.issuing_country, doc.number_key, t.Person)
        .join(t.Person, col(t.Person.id) == col(doc.person_id))
        .where(triple.in_(wanted))
    )
    rows = await session.execute(stmt)
    return {(kind, country, key): person for kind, country, key, person in rows}


async def offences_on_file(
    *, session: AsyncSession, keys: Iterable[OffenceKey]
) -> dict[OffenceKey, t.Offence]:
    """The stored offences among these natural keys (unscoped, as ``orders_on_file``)."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    pair = tuple_(col(t.Offence.province_code), col(t.Offence.source_ref))
    rows = await session.scalars(select(t.Offence).where(pair.in_(wanted)))
    return {(o.province_code, o.source_ref or ""): o for o in rows}
