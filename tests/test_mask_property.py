"""For random rows and policies, a mask's SQL form shows exactly the rows its Python form shows.

policies.masks declares each mask once; ``FieldMask.hides`` judges a row in Python (the schema
nulls a field with it) and ``FieldMask.shows`` says the same in SQL (filters, sort keys and
traversals test masked columns with it: policies.filtering). The pairs checked are generated from
``MASKED_COLUMNS``: every table with a masked column, with every mask on it.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import col, select

from db import tables as t
from policies.enforcer import Policy
from policies.masks import MASKED_COLUMNS, column_masks
from policies.principal import Principal
from policies.ranks import LADDER
from tests import factories as f

PROVINCES = ("01", "12", "17")
ROLES = ("officer", "specialist")
CASE_ROLES = ("suspect", "victim", "complainant", "witness")
ICCS = ("05022", "06012", "0903", "1003")
JURISDICTIONS = ((), ("0903",), ("06",))
OBJECTS = (
    "person",
    "field:victim_identity",
    "field:complainant_details",
    "field:narrative",
    "case",
    "offence",
)
PAIRS = sorted(
    {(model, mask) for model, name in MASKED_COLUMNS for mask in column_masks(model, name)},
    key=lambda pair: (pair[0].__name__, pair[1].obj, pair[1].reason),
)

rules = st.lists(
    st.tuples(
        st.just("p"),
        st.sampled_from(ROLES),
        st.sampled_from(("own_province", "other_province", "own_jurisdiction", "*")),
        st.sampled_from(OBJECTS),
        st.sampled_from(("read", "read_summary")),
        st.sampled_from(("-", "Major")),
        st.sampled_from(("allow", "allow", "allow", "deny")),
    ),
    max_size=12,
)


@st.composite
def principals(draw: st.DrawFn) -> Principal:
    return Principal(
        username="p",
        roles=tuple(draw(st.lists(st.sampled_from(ROLES), min_size=1, max_size=2, unique=True))),
        province_code=draw(st.sampled_from((*PROVINCES, None))),
        rank=draw(st.sampled_from(LADDER)),
        jurisdiction=draw(st.sampled_from(JURISDICTIONS)),
        policy=Policy(draw(rules)),
    )


world = st.lists(
    st.tuples(st.sampled_from(PROVINCES), st.sampled_from(ICCS), st.sampled_from(CASE_ROLES)),
    min_size=1,
    max_size=6,
)
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _key(row: Any) -> Any:
    if isinstance(row, t.OffencePerson):
        return (row.offence_id, row.person_id, row.role)
    return row.id


def _keys_of(model: type[Any]) -> tuple[Any, ...]:
    if model is t.OffencePerson:
        return (
            col(t.OffencePerson.offence_id),
            col(t.OffencePerson.person_id),
            col(t.OffencePerson.role),
        )
    return (col(model.id),)


async def _rows(session: Any, data: list[tuple[str, str, str]]) -> dict[type[Any], list[Any]]:
    """Per masked table, its rows each with the owner row its masks judge it by."""
    recorder = await f.user(session)
    found: dict[type[Any], list[Any]] = {t.Person: [], t.Offence: [], t.CaseParticipant: []}
    found[t.OffencePerson] = []
    for province, iccs, role in data:
        person = await f.person(session, province_code=province)
        lead = await f.unit(session, province=province)
        kase = await f.case(session, lead=lead)
        part = await f.participant(session, case_row=kase, person_row=person, role=role)
        offence = await f.offence(
            session, recorder=recorder, province_code=province, iccs_code=iccs
        )
        link = t.OffencePerson(offence_id=offence.id, person_id=person.id, role=role)
        session.add(link)
        found[t.Person].append((person, person))
        found[t.Offence].append((offence, offence))
        found[t.CaseParticipant].append((part, kase))
        found[t.OffencePerson].append((link, offence))
    await session.flush()
    return found


@SETTINGS
@given(principal=principals(), data=world)
async def test_every_masks_sql_shows_what_its_python_shows(db, principal, data) -> None:  # type: ignore[no-untyped-def]
    async with db.session() as session:
        rows = await _rows(session, data)
        for model, mask in PAIRS:
            mine = {_key(row) for row, _owner in rows[model]}
            stmt = select(*_keys_of(model)).where(mask.shows(principal, model))
            shown = {r[0] if len(r) == 1 else tuple(r) for r in (await session.execute(stmt)).all()}
            expected = {
                _key(row) for row, owner in rows[model] if not mask.hides(principal, row, owner)
            }
            assert shown & mine == expected, (model.__name__, mask.obj, mask.roles)
        await session.rollback()


def test_the_pairs_cover_every_masked_column() -> None:
    assert {model for model, _mask in PAIRS} == {model for model, _name in MASKED_COLUMNS}
    assert len(PAIRS) >= 6
