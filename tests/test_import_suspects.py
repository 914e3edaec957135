"""The COPY path's blocking join (db.imports.staging.suspects) finds a subject in force by each
kind of pattern: a whole key or a head-and-tail pattern through five fixed characters, a
consonant pattern through three."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from db.clock import PHNOM_PENH
from db.imports import staging
from tests import factories as f
from tests.conftest import T0
from tests.test_hits import make_world

NEW = -1  # a person of the batch, not yet written


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # the COPY path's own
@pytest.mark.parametrize(
    "pattern", ["l:cesoka", "l:ces%ka", "l:c%s%k%", "l:sok%ce", "k:ជាស%ខា", "k:សុខាជា"]
)
async def test_each_kind_of_pattern_finds_the_subject_in_force(
    session: AsyncSession, pattern: str
) -> None:
    world: dict[str, Any] = await make_world(session)  # Chea Sokha, wanted in Siem Reap
    found = await staging.suspects(
        session, [(NEW, pattern)], [NEW], unit_id=None, today=T0.astimezone(PHNOM_PENH).date()
    )
    assert found == {(NEW, world["subject"].id)}


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
@pytest.mark.parametrize("pattern", ["l:cesokx", "l:ces%kx", "l:c%s%x%", "l:d%s%k%"])
async def test_a_pattern_the_subjects_keys_do_not_fit_finds_nobody(
    session: AsyncSession, pattern: str
) -> None:
    await make_world(session)
    found = await staging.suspects(
        session, [(NEW, pattern)], [NEW], unit_id=None, today=T0.astimezone(PHNOM_PENH).date()
    )
    assert found == set()


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_a_key_shorter_than_five_characters_finds_its_subject(session: AsyncSession) -> None:
    ly = await f.person(session, family_name_latin="Ly", given_name_latin="", family_name_km="")
    await f.warrant(session, subject=ly, province_code="17")
    today = T0.astimezone(PHNOM_PENH).date()
    found = await staging.suspects(session, [(NEW, "l:li")], [NEW], unit_id=None, today=today)
    assert found == {(NEW, ly.id)}
