"""Admins read the trail, not the records in it: the values an entry carries (what a change wrote,
what a search asked) are withheld unless the policy grants ``audit_details``; keys stay, so which
fields changed still reads, and the stored entries, hence the chain, are untouched."""

from __future__ import annotations

import json
from typing import Any

from db import audit
from policies.enforcer import Policy, default_rules
from policies.principal import Principal
from resolvers.audit_details import WITHHELD
from tests import factories as f
from tests.conftest import NATIONAL_READER

ENTRIES = """
query ($filter: AuditFilterInput) {
  auditEntries(filter: $filter, first: 100) { edges { node { action objectType details } } }
}
"""


def admin(*extra: tuple[str, ...]) -> Principal:
    return Principal(
        username="root.admin",
        user_id=1,
        roles=("admin",),
        policy=Policy([*default_rules(), *extra]),
    )


async def _details(graphql: Any, principal: Principal, action: str) -> list[Any]:
    result = await graphql(ENTRIES, {"filter": {"action": action}}, principal=principal)
    assert result.errors is None, result.errors
    return [e["node"]["details"] for e in result.data["auditEntries"]["edges"]]


async def test_an_admin_sees_which_fields_a_change_wrote_but_not_the_values(
    session, graphql
) -> None:
    await f.person(session, family_name_latin="Uniquename", background="gang ties")
    await session.commit()
    await graphql(
        '{ persons(filter: {name: "Uniquename"}) { totalCount } }', principal=NATIONAL_READER
    )
    changes = await _details(graphql, admin(), "person.")
    assert changes, "the person's creation and the search are in the trail"
    text = json.dumps(changes)
    assert "Uniquename" not in text and "gang ties" not in text
    created = next(d for d in changes if "after" in d)
    assert created["after"]["background"] == WITHHELD
    assert created["after"]["family_name_latin"] == WITHHELD


async def test_a_grant_of_audit_details_shows_the_values(session, graphql) -> None:
    await f.person(session, family_name_latin="Uniquename", background="gang ties")
    await session.commit()
    investigator = admin(("p", "user:root.admin", "*", "audit_details", "read", "-", "allow"))
    changes = await _details(graphql, investigator, "person.")
    assert "gang ties" in json.dumps(changes)


async def test_the_administrations_own_tables_show_in_full(session, graphql) -> None:
    await f.user(session, username="new.clerk")
    await session.commit()
    changes = await _details(graphql, admin(), "app_user.")
    assert "new.clerk" in json.dumps(changes)


async def test_withholding_leaves_the_stored_chain_intact(session, graphql) -> None:
    await f.person(session, background="gang ties")
    await session.commit()
    await _details(graphql, admin(), "person.")
    status = await audit.verify(session=session)
    assert status.intact and status.count > 0
