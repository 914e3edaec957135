"""Every change writes its audit entry in its own transaction: one per changed row, or none."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import insert, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select
from strawberry.relay import GlobalID

from db import tables as t
from db.clock import FixedClock
from db.engine import Database
from policies.enforcer import default_policy
from policies.principal import Principal
from resolvers import offences, persons
from resolvers.context import Context
from resolvers.inputs_persons import AliasData, PersonPatch
from tests import factories as f
from tests.conftest import T0

CREATE = """
mutation ($input: PersonInput!) { createPerson(input: $input) {
  __typename ... on CreatePersonSuccess { person { id } }
} }
"""


async def officer(session: AsyncSession) -> Principal:
    user = await f.user(session, unit_row=await f.unit(session, province="12"))
    await session.commit()
    return Principal(
        username=user.username,
        user_id=user.id,
        province_code=user.province_code,
        unit_id=user.unit_id,
        roles=(user.position,),
        policy=default_policy(),
    )


async def entries(session: AsyncSession, after: int = 0) -> list[t.AuditEntry]:
    stmt = select(t.AuditEntry).where(col(t.AuditEntry.id) > after).order_by(col(t.AuditEntry.id))
    rows = await session.execute(stmt.execution_options(populate_existing=True))
    return list(rows.scalars().all())


async def last_id(session: AsyncSession) -> int:
    found = await entries(session)
    return found[-1].id if found else 0


def details(entry: t.AuditEntry) -> Any:
    return json.loads(entry.details)


def gid(type_name: str, ident: int | None) -> str:
    return str(GlobalID(type_name, str(ident)))


async def test_creating_a_person_writes_one_entry_per_new_row(session, graphql) -> None:
    me = await officer(session)
    before = await last_id(session)
    data = {
        "familyNameLatin": "Chea",
        "givenNameLatin": "Sophal",
        "sex": "MALE",
        "nationality": "KH",
        "aliases": [{"name": "Phal", "script": "LATIN"}],
        "documents": [{"kind": "NATIONAL_ID", "number": "0102-3456", "issuingCountry": "KH"}],
    }
    result = await graphql(CREATE, {"input": data}, principal=me)
    assert result.data["createPerson"]["__typename"] == "CreatePersonSuccess", result
    new = await entries(session, before)
    assert [e.action for e in new] == [
        "person.create",
        "person_alias.create",
        "identity_document.create",
        "person.read",  # the answer hands the person back: a read like any other
    ]
    person = (await session.execute(select(t.Person))).scalars().one()
    created = new[0]
    assert (created.object_type, created.object_id) == ("person", str(person.id))
    assert (created.actor_username, created.actor_user_id, created.outcome) == (
        me.username,
        me.user_id,
        "ok",
    )
    assert created.at == T0
    after = details(created)["after"]
    assert (after["family_name_latin"], after["version"]) == ("Chea", 1)
    assert details(new[1])["after"]["name"] == "Phal"


async def test_an_update_records_before_and_after_of_the_changed_fields(
    db: Database, session, clock: FixedClock
) -> None:
    me = await officer(session)
    person = await f.person(session, background="Farmer")
    await session.commit()
    before = await last_id(session)
    async with db.session() as own:
        ctx = Context(session=own, principal=me, clock=clock, ip="10.1.2.3", request_id="req-9")
        await persons.update_person(ctx, gid("Person", person.id), PersonPatch(background="Driver"))
    [entry] = await entries(session, before)
    assert (entry.action, entry.object_id) == ("person.update", str(person.id))
    assert details(entry) == {
        "before": {"background": "Farmer", "version": 1},
        "after": {"background": "Driver", "version": 2},
    }
    assert (entry.ip, entry.request_id) == ("10.1.2.3", "req-9")


async def test_bulk_deletes_through_the_session_are_recorded(
    db: Database, session, clock: FixedClock
) -> None:
    me = await officer(session)
    person = await f.person(session)
    session.add(t.PersonAlias(person_id=person.id, name="Phal", script="latin"))
    recorder = await f.user(session)
    offence = await f.offence(session, recorder=recorder, persons=[person])
    await session.commit()
    before = await last_id(session)
    async with db.session() as own:
        ctx = Context(session=own, principal=me, clock=clock)
        await persons.remove_alias(ctx, gid("Person", person.id), "Phal")
        await offences.unlink_person(
            ctx, gid("Offence", offence.id), gid("Person", person.id), "suspect"
        )
    new = await entries(session, before)
    assert [e.action for e in new] == [
        "person_alias.delete",
        "person.update",
        "offence.update",
        "offence_person.delete",
    ]
    assert details(new[0])["before"]["name"] == "Phal"
    assert new[3].object_id == f"{offence.id}/{person.id}/suspect"


async def test_a_refused_mutation_changes_nothing_and_records_the_refusal(
    db: Database, session, clock: FixedClock
) -> None:
    me = await officer(session)
    person = await f.person(session)
    await session.commit()
    before = await last_id(session)
    async with db.session() as own:
        ctx = Context(session=own, principal=me, clock=clock)
        with pytest.raises(Exception, match=r"too long|at most"):
            await persons.add_alias(ctx, gid("Person", person.id), AliasData("x" * 161, "latin"))
        with pytest.raises(Exception, match="was not found"):
            await persons.update_person(ctx, gid("Person", 999_999), PersonPatch(background="x"))
    new = await entries(session, before)
    assert [(e.action, e.outcome, e.object_type, e.object_id) for e in new] == [
        ("mutation", "failed", None, None),
        ("mutation", "failed", "Person", gid("Person", 999_999)),
    ]
    assert details(new[0])["problems"] == [{"field": "name", "code": "too_long"}]


async def test_a_forbidden_write_is_recorded_as_denied(
    db: Database, session, clock: FixedClock
) -> None:
    me = await officer(session)
    before = await last_id(session)
    async with db.session() as own:
        ctx = Context(session=own, principal=me, clock=clock)
        with pytest.raises(Exception, match="not allowed"):
            async with ctx.transaction() as tx:
                tx.add(t.Person(sex="M", nationality="KH", province_code="01", created_at=T0,
                                updated_at=T0))  # fmt: skip
                await tx.flush()
    [entry] = await entries(session, before)
    assert (entry.action, entry.outcome, entry.actor_username) == (
        "mutation",
        "denied",
        me.username,
    )
    assert await session.scalar(select(t.Person.id)) is None


async def test_a_rolled_back_change_leaves_no_entry(
    db: Database, session, clock: FixedClock
) -> None:
    me = await officer(session)
    before = await last_id(session)
    async with db.session() as own:
        ctx = Context(session=own, principal=me, clock=clock)
        with pytest.raises(RuntimeError):
            async with ctx.transaction() as tx:
                tx.add(t.Person(sex="F", nationality="KH", province_code="12", created_at=T0,
                                updated_at=T0))  # fmt: skip
                await tx.flush()
                seen = await tx.execute(select(t.AuditEntry.action).where(t.AuditEntry.id > before))
                # Chained just before COMMIT, in this transaction (resolvers.audit_commit).
                assert seen.scalars().all() == []
                raise RuntimeError("the operation failed after writing")
    assert await entries(session, before) == []


async def test_secrets_never_enter_the_trail(db: Database, session, clock: FixedClock) -> None:
    me = await officer(session)
    user = await f.user(session, password_hash="$argon2id$old")
    await session.commit()
    before = await last_id(session)
    async with db.session() as own:
        ctx = Context(session=own, principal=me, clock=clock)
        async with ctx.transaction() as tx:
            row = await tx.get(t.User, user.id)
            assert row is not None
            row.password_hash = "$argon2id$new"
    [entry] = await entries(session, before)
    assert details(entry) == {
        "before": {"password_hash": "[redacted]"},
        "after": {"password_hash": "[redacted]"},
    }
    assert "argon2" not in entry.details


async def test_bulk_updates_are_recorded_and_bulk_inserts_refused(
    db: Database, session, clock: FixedClock
) -> None:
    me = await officer(session)
    person = await f.person(session, background="Farmer")
    await session.commit()
    before = await last_id(session)
    async with db.session() as own:
        ctx = Context(session=own, principal=me, clock=clock)
        async with ctx.transaction() as tx:
            stmt = update(t.Person).where(col(t.Person.id) == person.id)
            await tx.execute(stmt.values(background="Driver", version=t.Person.version + 1))
        with pytest.raises(RuntimeError, match="bypass the audit trail"):
            await own.execute(insert(t.Person), [{"sex": "M", "nationality": "KH"}])
        await own.rollback()
    [entry] = await entries(session, before)
    assert (entry.action, entry.object_id) == ("person.update", str(person.id))
    assert details(entry) == {
        "before": {"background": "Farmer", "version": 1},
        "after": {"background": "Driver", "version": 2},
    }


async def test_a_refused_mutation_through_graphql_is_named_by_its_operation(
    session, graphql
) -> None:  # type: ignore[no-untyped-def]
    me = await officer(session)
    before = await last_id(session)
    query = 'mutation ($id: ID!) { updatePerson(id: $id, input: {expectedVersion: 1, background: "x"}) { __typename } }'
    result = await graphql(query, {"id": gid("Person", 999_999)}, principal=me)
    assert result.data["updatePerson"]["__typename"] == "NotFound"
    new = await entries(session, before)
    assert [(e.action, e.outcome) for e in new] == [("mutation updatePerson", "failed")]
