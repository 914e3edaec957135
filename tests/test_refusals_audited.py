"""Every refused mutation leaves one audit entry, anonymous callers' included (schema.refusals).

Generated: every root Mutation field of the live schema is sent by an anonymous caller, who may
change nothing, with minimal valid arguments (tests.schema_operations). Each must be refused and
leave exactly one entry ``mutation <field>``, outcome denied or failed, naming nobody; a planted
break (the recorder removed) must make the same check report the refusals nothing else records.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

import resolvers.context
import schema.refusals
from db import tables as t
from db.engine import Database
from policies.enforcer import default_policy
from policies.principal import Principal
from tests.conftest import SCHEMA, GraphQL
from tests.schema_operations import Probe, probes

MUTATIONS = probes(SCHEMA._schema, ("mutation",))
ANONYMOUS = Principal(username="anonymous", policy=default_policy())


async def _after(session: AsyncSession, last: int) -> list[t.AuditEntry]:
    stmt = select(t.AuditEntry).where(col(t.AuditEntry.id) > last).order_by(col(t.AuditEntry.id))
    return list((await session.execute(stmt)).scalars().all())


async def _last(session: AsyncSession) -> int:
    found = await session.scalar(select(t.AuditEntry.id).order_by(col(t.AuditEntry.id).desc()))
    return found or 0


def _refused(result: Any, probe: Probe) -> bool:
    answer = (result.data or {}).get(probe.field)
    typename = answer.get("__typename") if isinstance(answer, dict) else None
    return bool(result.errors) or not str(typename or "").endswith("Success")


async def unaudited_refusals(db: Database, graphql: GraphQL) -> list[str]:
    """Every mutation an anonymous caller sends that is not refused with exactly one entry."""
    violations = []
    async with db.session() as session:
        for probe in MUTATIONS:
            before = await _last(session)
            result = await graphql(probe.document, probe.variables, principal=ANONYMOUS)
            if not _refused(result, probe):
                violations.append(f"{probe.name}: not refused ({result.data})")
                continue
            entries = await _after(session, before)
            seen = [(e.action, e.outcome, e.actor_username, e.actor_user_id) for e in entries]
            want = [e for e in seen if e[0] == probe.name and e[1] in ("denied", "failed")]
            if len(want) != 1 or len(seen) != 1 or seen[0][2:] != ("anonymous", None):
                violations.append(f"{probe.name}: audit entries {seen}")
    return violations


async def test_every_mutation_refused_to_an_anonymous_caller_is_audited_once(
    db: Database, graphql: GraphQL
) -> None:
    assert len(MUTATIONS) >= 40
    assert await unaudited_refusals(db, graphql) == []


async def test_the_check_reports_the_refusals_no_one_records_once_the_recorder_is_removed(
    db: Database, graphql: GraphQL, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def forget(*_args: Any, **_kwargs: Any) -> None:
        return None

    monkeypatch.setattr(schema.refusals, "record_refused_operation", forget)
    missing = await unaudited_refusals(db, graphql)
    # Most mutations refuse an anonymous caller before a transaction opens; the few that refuse
    # inside one are still recorded there (Context.transaction).
    assert len(missing) >= len(MUTATIONS) * 3 // 4, missing
    assert all(v.endswith("audit entries []") for v in missing)
    monkeypatch.setattr(resolvers.context, "record_refusal", forget)
    assert len(await unaudited_refusals(db, graphql)) == len(MUTATIONS)
