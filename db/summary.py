"""Queries behind the cross-province person summary.

These deliberately look past the case scope: an officer anywhere may learn *which* provinces
hold cases about a person (so as to know whom to call), never what is in them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from db import tables as t


async def case_provinces(
    *, session: AsyncSession, person_ids: Sequence[int]
) -> dict[int, list[str]]:
    stmt = (
        select(t.CaseParticipant.person_id, t.Case.province_code)
        .join(t.Case, col(t.Case.id) == col(t.CaseParticipant.case_id))
        .where(col(t.CaseParticipant.person_id).in_(person_ids))
        .distinct()
        .order_by(col(t.CaseParticipant.person_id), col(t.Case.province_code))
    )
    found: dict[int, list[str]] = defaultdict(list)
    for person_id, province in (await session.execute(stmt)).all():
        found[person_id].append(province)
    return found
