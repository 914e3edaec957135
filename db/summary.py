"""Queries behind the cross-province person summary.

These deliberately look past the case scope: an officer anywhere may learn *which* provinces
hold cases about a person (so as to know whom to call), never what is in them. A participation
whose person is masked from the caller (a victim's: policies.masks) is not about them to that
caller; ``links`` says which participations count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from db import tables as t


async def case_provinces(
    *, session: AsyncSession, person_ids: Sequence[int], links: ColumnElement[bool]
) -> dict[int, list[str]]:
    stmt = (
        select(t.CaseParticipant.person_id, t.Case.province_code)
        .join(t.Case, col(t.Case.id) == col(t.CaseParticipant.case_id))
        .where(col(t.CaseParticipant.person_id).in_(person_ids), links)
        .distinct()
        .order_by(col(t.CaseParticipant.person_id), col(t.Case.province_code))
    )
    found: dict[int, list[str]] = defaultdict(list)
    for person_id, province in (await session.execute(stmt)).all():
        found[person_id].append(province)
    return found
