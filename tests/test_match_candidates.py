"""Candidate persons for matching, fetched by name and document keys in SQL, on both databases."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from db import tables as t
from db.match_candidates import candidates, facts_of, matches
from db.matching import PersonFacts, document_keys
from tests import factories as f
from tests.conftest import StatementCounter

NEW = PersonFacts(
    family_latin="Chear",
    given_latin="Sokhar",
    family_km="",
    given_km="",
    sex="M",
    birth_year=1988,
    nationality="KH",
)


async def _people(session: AsyncSession) -> dict[str, int]:
    rows = {
        "chea sokha": await f.person(
            session,
            family_name_latin="Chea",
            given_name_latin="Sokha",
            family_name_km="ជា",
            given_name_km="សុខា",
            birth_year=1988,
        ),
        "swapped": await f.person(
            session,
            family_name_latin="Sokha",
            given_name_latin="Chia",
            family_name_km="",
            given_name_km="",
            birth_year=1988,
        ),
        "other": await f.person(
            session,
            family_name_latin="Meas",
            given_name_latin="Vanna",
            family_name_km="មាស",
            given_name_km="វណ្ណា",
            birth_year=1970,
        ),
    }
    return {name: row.id for name, row in rows.items()}


async def test_variant_spellings_in_either_order_are_candidates(session: AsyncSession) -> None:
    ids = await _people(session)
    found = await candidates(session=session, facts=NEW)
    assert ids["chea sokha"] in found and ids["swapped"] in found
    assert ids["other"] not in found


async def test_a_shared_document_finds_a_person_under_another_name(session: AsyncSession) -> None:
    ids = await _people(session)
    session.add(
        t.IdentityDocument(
            person_id=ids["other"],
            kind="national_id",
            number="010 234 567",
            number_key="010234567",
            issuing_country="KH",
        )
    )
    await session.flush()
    facts = replace(NEW, documents=document_keys([("national_id", "KH", "n° 010-234-567")]))
    found = await candidates(session=session, facts=facts)
    assert found[0] == ids["other"]


async def test_khmer_name_alone_finds_candidates(session: AsyncSession) -> None:
    ids = await _people(session)
    facts = PersonFacts(family_km="ជា", given_km="សុ\u200bខា", sex="M", birth_year=1988)
    assert await candidates(session=session, facts=facts) == [ids["chea sokha"]]


async def test_among_restricts_and_exclude_drops_the_person_itself(session: AsyncSession) -> None:
    ids = await _people(session)
    among = select(col(t.Person.id)).where(col(t.Person.id) == ids["swapped"])
    assert await candidates(session=session, facts=NEW, among=among) == [ids["swapped"]]
    found = await candidates(session=session, facts=NEW, exclude=ids["chea sokha"])
    assert ids["chea sokha"] not in found


async def test_whole_name_hits_rank_before_prefix_hits_under_the_limit(
    session: AsyncSession,
) -> None:
    ids = await _people(session)
    await f.person(
        session,
        family_name_latin="Chea",
        given_name_latin="Dara",
        family_name_km="",
        given_name_km="",
    )
    found = await candidates(session=session, facts=NEW, limit=2)
    assert set(found) == {ids["chea sokha"], ids["swapped"]}


async def test_matches_scores_candidates_in_four_queries(
    session: AsyncSession, statements: StatementCounter
) -> None:
    ids = await _people(session)
    before = statements.count
    found = await matches(session=session, facts=NEW)
    assert statements.count - before <= 4
    assert [pid for pid, _ in found][:2] and {pid for pid, _ in found} == {
        ids["chea sokha"],
        ids["swapped"],
    }
    assert all("Latin names match after folding" in m.reasons[0] for _, m in found)


async def test_facts_of_reads_aliases_and_documents(session: AsyncSession) -> None:
    ids = await _people(session)
    session.add(t.PersonAlias(person_id=ids["other"], name="A Khmao", script="latin"))
    session.add(
        t.IdentityDocument(
            person_id=ids["other"],
            kind="passport",
            number="N1234567",
            number_key="N1234567",
            issuing_country="KH",
        )
    )
    await session.flush()
    facts = (await facts_of(session=session, person_ids=[ids["other"]]))[ids["other"]]
    assert facts.aliases == ("A Khmao",)
    assert facts.documents == frozenset({("passport", "KH", "N1234567")})
    assert facts.family_km == "មាស" and facts.birth_year == 1970


async def test_romanisations_differing_in_vowels_are_found_by_their_consonants(
    session: AsyncSession,
) -> None:
    # "Pich Sopheak" and "Pech Sophak" fold apart, and their first and last letters differ.
    pich = await f.person(
        session,
        family_name_latin="Pich",
        given_name_latin="Sopheak",
        family_name_km="",
        given_name_km="",
    )
    await f.person(
        session,
        family_name_latin="Pich",
        given_name_latin="Sokha",
        family_name_km="",
        given_name_km="",
    )
    facts = PersonFacts(family_latin="Pech", given_latin="Sophak", sex="M", birth_year=1990)
    assert await candidates(session=session, facts=facts) == [pich.id]
    # Scored, but below the threshold: the name and birth year alone are too weak.
    [(found, match)] = await matches(session=session, facts=facts, threshold=0.0)
    assert (
        found == pich.id
        and "Latin names differ only in vowels (Pech Sophak ~ Pich Sopheak)" in match.reasons
    )
