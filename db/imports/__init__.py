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
