"""For random rows and principals, the SQL scope returns exactly the rows the enforcer allows.

The scope compiler (policies/scope.py) and the enforcer (policies/enforcer.py, asked row by row
through row_allows) are two routes to one answer; if they ever differ, a list, count or
aggregate would show a row the policy forbids or hide one it allows.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func
from sqlmodel import col, select

from db import tables as t
from policies.enforcer import Policy
from policies.principal import Principal
from policies.ranks import LADDER
from policies.scope import row_allows, scope
from tests import factories as f

PROVINCES = ("01", "12", "17")
ROLES = ("officer", "specialist", "analyst")
ICCS = ("0101", "05022", "06011", "06012", "08044", "10041", "1003", "0903")
JURISDICTIONS = ((), ("1004",), ("1001", "1002", "1003"), ("0903",), ("06",))
ACTIONS = ("read", "update", "create")
OBJECTS = ("offence", "case", "sealed_case", "person")
AT = datetime(2026, 1, 1, tzinfo=UTC)

# Random policies, not just the default one: every branch of the compiler must agree with the
# enforcer, including relations no default role uses alone (e.g. other province but not own).
rules = st.lists(
    st.tuples(
        st.just("p"),
        st.sampled_from(ROLES),
        st.sampled_from(("own_province", "other_province", "own_jurisdiction", "*")),
        st.sampled_from(OBJECTS),
        st.sampled_from((*ACTIONS, "read_summary")),
        st.sampled_from(("-", "Captain", "Major", "Colonel")),
        st.sampled_from(("allow", "allow", "allow", "deny")),
    ),
    max_size=12,
)
grouping = st.lists(
    st.tuples(st.just("g"), st.sampled_from(ROLES), st.sampled_from(ROLES)), max_size=2
)


@st.composite
def principals(draw: st.DrawFn) -> Principal:
    policy = Policy([*draw(rules), *draw(grouping)])
    return Principal(
        username="p",
        roles=tuple(draw(st.lists(st.sampled_from(ROLES), min_size=1, max_size=2, unique=True))),
        province_code=draw(st.sampled_from((*PROVINCES, None))),
        rank=draw(st.sampled_from(LADDER)),
        jurisdiction=draw(st.sampled_from(JURISDICTIONS)),
        policy=policy,
    )


offence_rows = st.lists(
    st.tuples(st.sampled_from(PROVINCES), st.sampled_from(ICCS)), min_size=1, max_size=8
)
case_rows = st.lists(st.tuples(st.sampled_from(PROVINCES), st.booleans()), min_size=1, max_size=8)

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


async def _visible(
    session: Any, model: Any, action: str, principal: Principal
) -> tuple[set[int], int, dict[str, int]]:
    where = scope(principal, action, model)
    ids = set((await session.execute(select(model.id).where(where))).scalars().all())
    total = (
        await session.execute(select(func.count()).select_from(model).where(where))
    ).scalar_one()
    by_province = dict(
        (
            await session.execute(
                select(model.province_code, func.count()).where(where).group_by(model.province_code)
            )
        ).all()
    )
    return ids, int(total), {k: int(v) for k, v in by_province.items()}


def _expected(
    rows: list[Any], model: Any, action: str, principal: Principal
) -> tuple[set[int], int, dict[str, int]]:
    allowed = [r for r in rows if row_allows(principal, action, model, r)]
    by_province: dict[str, int] = {}
    for r in allowed:
        by_province[r.province_code] = by_province.get(r.province_code, 0) + 1
    return {r.id for r in allowed}, len(allowed), by_province


@SETTINGS
@given(principal=principals(), data=offence_rows, action=st.sampled_from(ACTIONS))
async def test_offence_scope_is_what_the_enforcer_allows_row_by_row(
    db, principal, data, action
) -> None:  # type: ignore[no-untyped-def]
    async with db.session() as session:
        recorder = await f.user(session)
        rows = []
        for province, iccs in data:
            type_code = (
                await session.execute(
                    select(t.OffenceType.code)
                    .where(col(t.OffenceType.iccs_code).startswith(iccs[:4]))
                    .limit(1)
                )
            ).scalar_one_or_none() or "OTHER"
            rows.append(
                await f.offence(
                    session,
                    recorder=recorder,
                    province_code=province,
                    iccs_code=iccs,
                    type_code=type_code,
                    occurred_at=AT,
                )
            )
        assert await _visible(session, t.Offence, action, principal) == _expected(
            rows, t.Offence, action, principal
        )
        await session.rollback()


@SETTINGS
@given(principal=principals(), data=case_rows, action=st.sampled_from(ACTIONS))
async def test_case_scope_with_sealed_cases_is_what_the_enforcer_allows(
    db, principal, data, action
) -> None:  # type: ignore[no-untyped-def]
    async with db.session() as session:
        rows = []
        for province, sealed in data:
            lead = await f.unit(session, province=province)
            rows.append(await f.case(session, lead=lead, sealed=sealed))
        assert await _visible(session, t.Case, action, principal) == _expected(
            rows, t.Case, action, principal
        )
        await session.rollback()


@SETTINGS
@given(
    principal=principals(), provinces=st.lists(st.sampled_from(PROVINCES), min_size=1, max_size=10)
)
async def test_person_visibility_is_read_or_summary_row_by_row(db, principal, provinces) -> None:  # type: ignore[no-untyped-def]
    async with db.session() as session:
        rows = [await f.person(session, province_code=p) for p in provinces]
        assert await _visible(session, t.Person, "read", principal) == _expected(
            rows, t.Person, "read", principal
        )
        await session.rollback()
