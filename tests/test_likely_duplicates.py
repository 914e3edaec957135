"""Entering a person, the specialist is warned of likely duplicates they may see, with reasons."""

from __future__ import annotations

import pytest

from policies.enforcer import default_policy
from policies.principal import Principal
from tests import factories as f

QUERY = """query ($p: PersonProbe!) { likelyDuplicates(person: $p) {
    score reasons person { fullNameLatin province { code } } } }"""


def specialist(province: str) -> Principal:
    return Principal(
        username=f"s.{province}",
        roles=("specialist",),
        province_code=province,
        policy=default_policy(),
    )


@pytest.fixture
async def on_file(session):  # type: ignore[no-untyped-def]
    await f.person(
        session,
        family_name_latin="Chea",
        given_name_latin="Sokha",
        family_name_km="ជា",
        given_name_km="សុខា",
        birth_year=1990,
        birth_month=5,
        birth_day=1,
        province_code="12",
    )
    await f.person(
        session, family_name_latin="Lim", given_name_latin="Bopha", sex="F", province_code="12"
    )
    await session.commit()


async def test_a_variant_spelling_is_suggested_with_reasons(on_file, graphql) -> None:  # type: ignore[no-untyped-def]
    probe = {
        "familyNameLatin": "Chear",
        "givenNameLatin": "Sokhar",
        "sex": "MALE",
        "birthYear": 1990,
    }
    result = await graphql(QUERY, {"p": probe}, principal=specialist("12"))
    assert result.errors is None, result.errors
    found = result.data["likelyDuplicates"]
    assert [s["person"]["fullNameLatin"] for s in found] == ["Chea Sokha"]
    assert found[0]["score"] >= 0.3 and found[0]["reasons"]


async def test_someone_else_is_not_suggested(on_file, graphql) -> None:  # type: ignore[no-untyped-def]
    probe = {
        "familyNameLatin": "Kong",
        "givenNameLatin": "Vannak",
        "sex": "MALE",
        "birthYear": 1975,
    }
    result = await graphql(QUERY, {"p": probe}, principal=specialist("12"))
    assert result.data["likelyDuplicates"] == []


async def test_suggestions_stay_within_what_the_caller_may_see(on_file, graphql) -> None:  # type: ignore[no-untyped-def]
    probe = {"familyNameLatin": "Chea", "givenNameLatin": "Sokha", "sex": "MALE", "birthYear": 1990}
    nobody = Principal(username="admin", roles=("admin",), policy=default_policy())
    result = await graphql(QUERY, {"p": probe}, principal=nobody)
    assert result.data["likelyDuplicates"] == []
