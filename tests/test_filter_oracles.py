"""Non-interference: no filter or order answers differently when what the caller may not see
changes.

Generated: every filtered or ordered list of the live schema (tests/oracle_queries.py), every
term of its filter input and every order value, for every role of the default policy
(tests/oracle_world.py). Each principal's queries run on the world as it is, then again after
everything hidden from that principal is changed (tests/oracle_perturb.py); any difference in
totalCount, ids, cursors, figures or errors is an oracle. Both runs happen inside rolled-back
savepoints, so each principal starts from the same world and the same audit trail.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

import pytest

from db.clock import FixedClock
from db.engine import Database
from policies import filtering
from policies.principal import Principal
from resolvers.context import Context
from tests import oracle_world
from tests.conftest import SCHEMA, T0
from tests.oracle_perturb import apply, hidden_changes, snapshot
from tests.oracle_queries import Case, cases, document, targets

SEED = 14  # issue 14
PER_TERM = 1  # values of each term per principal; the seed rotates them across principals


@dataclass
class Report:
    cases: int = 0
    combinations: set[tuple[str, str, str]] = field(default_factory=set)
    changed_cells: int = 0
    violations: list[str] = field(default_factory=list)


async def _answers(db: Database, principal: Principal, all_cases: list[Case]) -> list[Any]:
    """Each case's answer, its data and its errors' messages, each in a request of its own (a
    refused root field nulls the whole answer and cancels its neighbours mid-statement)."""
    found: list[Any] = []
    for case in all_cases:
        query, variables = document([case])
        async with db.session() as session:
            context = Context(session=session, principal=principal, clock=FixedClock(T0))
            result = await SCHEMA.execute(query, variable_values=variables, context_value=context)
        errors = sorted(e.message for e in result.errors or ())
        found.append(((result.data or {}).get("q0"), errors))
    return found


async def check(db: Database, *, only: set[str] | None = None) -> Report:
    """Build the world, and for each principal compare answers before and after perturbation."""
    report = Report()
    async with db.session() as session:
        await oracle_world.build(session)
        await session.commit()
        snap = await snapshot(session)
    rng = random.Random(SEED)
    found_targets = [
        target for target in targets(SCHEMA._schema) if only is None or target.path[-1] in only
    ]
    for principal in oracle_world.principals():
        mine = [c for target in found_targets for c in cases(target, snap, rng, PER_TERM)]
        report.cases += len(mine)
        report.combinations |= {
            (".".join(c.target.path), c.term.split("+")[0], principal.username) for c in mine
        }
        async with db.session() as before_session:
            await before_session.connection()  # its savepoint holds the run's audit entries
            before = await _answers(db, principal, mine)
            await before_session.rollback()
        async with db.session() as after_session:
            report.changed_cells += await apply(after_session, hidden_changes(principal, snap))
            after = await _answers(db, principal, mine)
            await after_session.rollback()
        for case, one, other in zip(mine, before, after, strict=True):
            if one != other:
                report.violations.append(
                    f"{principal.username}: {case.name} {case.arguments}: {one} != {other}"
                )
    return report


async def test_no_filter_or_order_answers_differently_when_hidden_data_changes(db) -> None:  # type: ignore[no-untyped-def]
    report = await check(db)
    assert report.changed_cells > 100, "the perturbation changed (almost) nothing"
    assert not report.violations, "\n".join(report.violations[:20])
    print(  # the numbers for the report (pytest -s)
        f"\n{report.cases} queries, {len(report.combinations)} (field, term, principal) "
        f"combinations, {report.changed_cells} hidden cells changed"
    )


async def test_the_check_finds_the_role_filter_compiled_without_scope_and_masks(
    db, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Planted break: terms compiled without what goes with them, as the role filter was."""
    monkeypatch.setattr(filtering, "_term", lambda *args: [])
    report = await check(db, only={"persons"})
    role = [v for v in report.violations if "persons[role]" in v]
    assert role, "the generated check did not notice an unscoped role filter"
    print(f"\nplanted break: {len(report.violations)} violations, {len(role)} on persons[role]")
