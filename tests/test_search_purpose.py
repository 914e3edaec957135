"""Searching persons beyond your own province needs a stated reason, kept in the audit trail."""

from __future__ import annotations

from policies.enforcer import default_policy
from policies.principal import Principal
from tests import factories as f

SEARCH = "query ($f: PersonFilterInput) { persons(filter: $f) { totalCount } }"
PP = Principal(
    username="officer.pp", roles=("officer",), province_code="12", policy=default_policy()
)
HQ = Principal(username="analyst.hq", roles=("national_analyst",), policy=default_policy())


async def test_own_province_needs_no_reason(session, graphql) -> None:  # type: ignore[no-untyped-def]
    await f.person(session, province_code="12")
    await session.commit()
    result = await graphql(SEARCH, {"f": {"name": "Sok", "provinceCodes": ["12"]}}, principal=PP)
    assert result.errors is None and result.data["persons"]["totalCount"] == 1


async def test_beyond_own_province_a_missing_or_short_reason_is_refused_by_name(
    session, graphql
) -> None:  # type: ignore[no-untyped-def]
    for wanted in (
        {"name": "Sok"},
        {"name": "Sok", "purpose": "check"},
        {"name": "Sok", "provinceCodes": ["12", "17"]},
    ):
        result = await graphql(SEARCH, {"f": wanted}, principal=PP)
        assert result.data is None
        assert result.errors[0].message.startswith(
            "filter.purpose: searching persons beyond your own province"
        )
    national = await graphql(SEARCH, {"f": {"name": "Sok"}}, principal=HQ)
    assert national.errors and "filter.purpose" in national.errors[0].message


async def test_ten_characters_or_a_visible_case_number_will_do(session, graphql) -> None:  # type: ignore[no-untyped-def]
    lead = await f.unit(session, province="12")
    await f.case(session, lead=lead, number="PP-7")
    other = await f.unit(session, province="17")
    await f.case(session, lead=other, number="SR-9")
    await session.commit()
    ok = await graphql(
        SEARCH, {"f": {"name": "Sok", "purpose": "robbery at Psar Thmei"}}, principal=PP
    )
    assert ok.errors is None
    by_case = await graphql(SEARCH, {"f": {"name": "Sok", "purpose": "PP-7"}}, principal=PP)
    assert by_case.errors is None
    # A short case number the caller may not see is no reason (and says nothing of that case).
    hidden_case = await graphql(SEARCH, {"f": {"name": "Sok", "purpose": "SR-9"}}, principal=PP)
    assert hidden_case.errors and "filter.purpose" in hidden_case.errors[0].message
