"""Filter terms are declared whole, and compile for every caller with what goes with them."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any, ClassVar

import pytest
from sqlalchemy import func
from sqlmodel import col, select

from db import filters
from db import tables as t
from db.filters import Filter, Sort, Term
from policies import filtering
from policies.enforcer import default_policy
from policies.principal import Principal
from tests import factories as f
from tests import oracle_world

FILTERS = Filter.__subclasses__()


def _sample(kind: Any) -> Any:
    text = str(kind)
    if "tuple" in text:
        return ("12",)
    if "datetime" in text:
        return f.at(0)
    if "date" in text:
        return date(2026, 1, 1)
    return 1 if "int" in text else "12"


@pytest.mark.parametrize("kind", FILTERS, ids=lambda k: k.__name__)
def test_every_field_of_a_filter_is_a_term_or_says_it_is_not(kind: type[Filter]) -> None:
    names = {f.name for f in fields(kind)}  # type: ignore[arg-type]
    assert set(kind.TERMS) | kind.NOT_TERMS == names
    assert not set(kind.TERMS) & kind.NOT_TERMS


@pytest.mark.parametrize("kind", FILTERS, ids=lambda k: k.__name__)
def test_every_term_compiles_for_every_default_role(kind: type[Filter]) -> None:
    for field in fields(kind):  # type: ignore[arg-type]
        if field.name in kind.NOT_TERMS:
            continue
        wanted = kind(**{field.name: _sample(field.type)})
        for principal in oracle_world.principals():
            stmt = select(kind.LISTED.id).where(*filtering.where(principal, wanted))
            assert str(stmt.compile())


PP_OFFICER = Principal(
    username="officer.pp", roles=("officer",), province_code="12", policy=default_policy()
)
PP_SPECIALIST = Principal(
    username="specialist.pp", roles=("specialist",), province_code="12", policy=default_policy()
)


@dataclass(frozen=True)
class NarrativeFilter(Filter):
    """A term on a masked column of the listed table (none of the API's filters has one yet)."""

    narrative: str | None = None

    LISTED = t.Offence
    TERMS: ClassVar[dict[str, Term]] = {
        "narrative": Term(
            (t.Offence.description,), lambda text: col(t.Offence.description).contains(text)
        )
    }


async def test_a_term_on_a_masked_column_matches_only_where_the_mask_shows_it(session) -> None:  # type: ignore[no-untyped-def]
    recorder = await f.user(session)
    await f.offence(session, recorder=recorder, description="stolen motorbike")
    wanted = NarrativeFilter(narrative="motorbike")

    async def count(principal: Principal) -> int:
        where = filtering.where(principal, wanted)
        stmt = select(func.count()).select_from(t.Offence).where(*where)
        return int((await session.execute(stmt)).scalar_one())

    assert await count(PP_SPECIALIST) == 1  # holds field:narrative in the own province
    assert await count(PP_OFFICER) == 0  # reads the offence, not its narrative


async def test_a_sort_key_on_a_masked_column_sorts_hidden_values_as_nulls(session) -> None:  # type: ignore[no-untyped-def]
    for background, province in (("b", "17"), ("a", "17"), ("c", "12")):
        await f.person(session, background=background, province_code=province)
    sort = (Sort(t.Person.background), Sort(t.Person.id))

    async def backgrounds(principal: Principal) -> list[str | None]:
        keys = filtering.order_by(principal, t.Person, sort)
        stmt = select(t.Person.background).order_by(*keys)
        return list((await session.execute(stmt)).scalars())

    national = Principal(username="hq", roles=("national_analyst",), policy=default_policy())
    assert await backgrounds(national) == ["a", "b", "c"]
    # Phnom Penh's officer reads Siem Reap's persons only as a summary: their order says nothing
    # of their backgrounds (nulls sort together, then by id).
    officer_order = await backgrounds(PP_OFFICER)
    assert officer_order in (["c", "b", "a"], ["b", "a", "c"])


def test_a_term_reading_another_table_without_a_link_is_refused() -> None:
    @dataclass(frozen=True)
    class Unlinked(Filter):
        role: str | None = None

        LISTED = t.Person
        TERMS: ClassVar[dict[str, Term]] = {
            "role": Term((t.CaseParticipant.role,), lambda r: col(t.CaseParticipant.role) == r)
        }

    with pytest.raises(TypeError, match="without a link"):
        filtering.where(PP_OFFICER, Unlinked(role="victim"))


def test_orders_of_the_api_are_declared_on_readable_columns() -> None:
    national = Principal(username="hq", roles=("national_analyst",), policy=default_policy())
    for sorts in (
        *filters.OFFENCE_ORDERS.values(),
        filters.CASE_ORDER,
        filters.WARRANT_ORDER,
        filters.NOTICE_ORDER,
    ):
        listed = sorts[0].reads.class_
        assert filtering.order_by(national, listed, sorts)
    for order in ("best_match", "name", "newest"):
        sorts = filters.person_order(order, filters.PersonFilter(name="Sok"))
        assert filtering.order_by(national, t.Person, sorts)
