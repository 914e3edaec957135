"""Person search in SQL, on SQLite and PostgreSQL (the shared ``db`` fixture runs both).

Each test seeds a few persons inside the fixture's transaction, which is rolled back after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlmodel import col

from db.engine import Database
from db.names import document_key
from db.person_names import (
    document_filter,
    name_rank,
    person_name_filter,
    rebuild_all_name_keys,
    refresh_name_keys,
)
from db.tables import IdentityDocument, Person, PersonAlias, PersonNameKey

pytestmark = pytest.mark.asyncio

NOW = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)

PEOPLE = {
    "chea": ("Chea", "Sokha", "ជា", "សុខា", "12"),
    "chenda": ("Sok", "Chenda", "សុខ", "ចិន\u17d2\u178fា", "12"),
    "chendara": ("Sok", "Chendara", "សុខ", "ចិន\u17d2\u178fារា", "01"),
    "dara": ("Lim", "Dara", "លឹម", "ដារា", "12"),
    "sreymom": ("Kim", "Srey Mom", "គីម", "ស្រីមុំ", "12"),
    "vibol": ("Ouk", "Vibol", "អ៊ុក", "វិបុល", "12"),
}


@dataclass
class Seeded:
    database: Database
    ids: dict[str, int]


@pytest.fixture
async def seeded(db: Database) -> Seeded:
    ids: dict[str, int] = {}
    async with db.session() as session:
        for label, (family, given, family_km, given_km, province) in PEOPLE.items():
            person = Person(
                family_name_latin=family,
                given_name_latin=given,
                family_name_km=family_km,
                given_name_km=given_km,
                sex="U",
                nationality="KH",
                province_code=province,
                created_at=NOW,
                updated_at=NOW,
            )
            session.add(person)
            await session.flush()
            assert person.id is not None
            ids[label] = person.id
        chea = ids["chea"]
        session.add(PersonAlias(person_id=chea, name="Ah Mao", script="latin"))
        for kind, number in (("national_id", "010234567"), ("passport", "N0123456")):
            session.add(
                IdentityDocument(
                    person_id=chea,
                    kind=kind,
                    number=number,
                    number_key=document_key(number),
                    issuing_country="KH",
                )
            )
        await session.flush()
        await refresh_name_keys(session=session, person_ids=list(ids.values()))
        await session.commit()
    return Seeded(db, ids)


async def found(seeded: Seeded, query: str) -> set[str]:
    async with seeded.database.session() as session:
        rows = await session.scalars(select(col(Person.id)).where(person_name_filter(query)))
        by_id = {v: k for k, v in seeded.ids.items()}
        return {by_id[person_id] for person_id in rows}


async def ranked(seeded: Seeded, query: str) -> list[str]:
    async with seeded.database.session() as session:
        rows = await session.scalars(
            select(col(Person.id))
            .where(person_name_filter(query))
            .order_by(name_rank(query), col(Person.id))
        )
        by_id = {v: k for k, v in seeded.ids.items()}
        return [by_id[person_id] for person_id in rows]


@pytest.mark.parametrize("query", ["Chear Sokhar", "chia sokha", "CHEA SOKHA", "Chéa Sok-ha"])
async def test_found_by_a_latin_spelling_variant(seeded: Seeded, query: str) -> None:
    assert await found(seeded, query) == {"chea"}


@pytest.mark.parametrize("query", ["Sokha Chea", "sokhar chear", "សុខា ជា"])
async def test_found_by_reversed_name_order(seeded: Seeded, query: str) -> None:
    assert await found(seeded, query) == {"chea"}


@pytest.mark.parametrize("query", ["ជា សុខា", "ជាសុខា", "ជា\u200bសុខា"])
async def test_found_by_the_khmer_name_with_or_without_space(seeded: Seeded, query: str) -> None:
    assert await found(seeded, query) == {"chea"}


async def test_subscript_da_finds_a_name_written_with_subscript_ta(seeded: Seeded) -> None:
    written_with_da = "សុខ ចិន\u17d2\u178aា"
    # Chendara contains Chenda, so it matches too, but the exact name ranks first.
    assert await ranked(seeded, written_with_da) == ["chenda", "chendara"]


@pytest.mark.parametrize("query", ["Ah Mao", "Mao Ah", "ah-mao"])
async def test_found_by_an_alias(seeded: Seeded, query: str) -> None:
    assert await found(seeded, query) == {"chea"}


async def test_found_by_family_name_alone(seeded: Seeded) -> None:
    assert await found(seeded, "Lim") == {"dara"}
    assert await found(seeded, "លឹម") == {"dara"}
    # "Chea" folds to two letters: a prefix match, which also reaches Chenda; Chea ranks first.
    assert (await ranked(seeded, "Chea"))[0] == "chea"


async def test_found_by_given_name_alone_and_by_a_word_inside_it(seeded: Seeded) -> None:
    assert await found(seeded, "Sreymom") == {"sreymom"}
    assert await found(seeded, "Mom") == {"sreymom"}


@pytest.mark.parametrize("query", ["Dary Lim", "Sophal Kong", "Sak", "ដារី", "x", "  "])
async def test_not_found_by_a_different_name(seeded: Seeded, query: str) -> None:
    assert await found(seeded, query) == set()


async def test_name_filter_composes_with_other_predicates(seeded: Seeded) -> None:
    assert await found(seeded, "Sok") == {"chea", "chenda", "chendara"}
    async with seeded.database.session() as session:
        rows = await session.scalars(
            select(col(Person.id))
            .where(person_name_filter("Sok"), col(Person.province_code) == "12")
            .order_by(name_rank("Sok"), col(Person.id))
        )
        # Both are prefix matches; "Sokha Chea" is the shorter key, so the closer one.
        assert list(rows) == [seeded.ids["chea"], seeded.ids["chenda"]]


@pytest.mark.parametrize("number", ["010234567", "01-0234 567", "n° 01.02.34.567", "n0123456"])
async def test_found_by_document_number_however_punctuated(seeded: Seeded, number: str) -> None:
    async with seeded.database.session() as session:
        rows = await session.scalars(select(col(Person.id)).where(document_filter(number)))
        assert list(rows) == [seeded.ids["chea"]]


@pytest.mark.parametrize("number", ["0102345678", "N0123457", "--"])
async def test_not_found_by_another_document_number(seeded: Seeded, number: str) -> None:
    async with seeded.database.session() as session:
        rows = await session.scalars(select(col(Person.id)).where(document_filter(number)))
        assert list(rows) == []


async def test_refresh_replaces_the_keys_of_a_renamed_person(seeded: Seeded) -> None:
    person_id = seeded.ids["vibol"]
    async with seeded.database.session() as session:
        person = await session.get_one(Person, person_id)
        person.given_name_latin = "Vireak"
        session.add(PersonAlias(person_id=person_id, name="Tiger", script="latin"))
        await session.flush()
        await refresh_name_keys(session=session, person_ids=[person_id])
        await session.commit()
    assert await found(seeded, "Ouk Vibol") == set()
    assert await found(seeded, "ouk viriak") == {"vibol"}
    assert await found(seeded, "Tiger") == {"vibol"}
    assert await found(seeded, "អ៊ុក វិបុល") == {"vibol"}


async def test_rebuild_all_gives_the_same_keys_as_refresh(seeded: Seeded) -> None:
    query = select(col(PersonNameKey.person_id), col(PersonNameKey.key))
    async with seeded.database.session() as session:
        before = set(await session.execute(query))
        await rebuild_all_name_keys(session)
        await session.commit()
        after = set(await session.execute(query))
    assert after == before
    assert len(after) > len(PEOPLE)
