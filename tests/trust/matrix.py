"""Run the generated field paths as every caller and collect what the checks find.

One document per root field of Query (so that one refused root does not null the others). Each
caller runs every field at least once and a seeded sample of the full paths (tests.trust.sampling);
``node`` is asked for every row of every Node type (protected tables in full, reference tables a
few rows, and an id that does not exist), ``nodes`` for all of them at once. On PostgreSQL each
document runs planned (the default) and field by field, and the two answers must be equal; the
fields the planner knows are asked once more on their own, so that the planned path is taken.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import col, select
from strawberry import Schema

from db.clock import FixedClock
from db.engine import Database
from resolvers.context import Context
from schema import NODE_TYPES, Limits, build_schema
from schema.planned.cache import PLANS
from schema.planned.shapes import shape_of
from tests.conftest import T0
from tests.trust.leaks import Checker, Violation, decode
from tests.trust.oracle import Link, Oracle, relations_of
from tests.trust.paths import Generator, Selection, live_schema
from tests.trust.principals import Signed
from tests.trust.sampling import chains, cover, sample
from tests.trust.world import TYPES, World, gid

DEPTH = 4
SAMPLE = 40  # full paths drawn per caller, beyond the fields every caller runs
SEED = "trust-matrix"
REFERENCE_SAMPLE = 3  # rows of each reference table asked through node(id)
BY_ID = ("node", "nodes")
# Answers that change between two runs of the same document: every run appends to the trail.
VOLATILE = frozenset({"auditEntries", "auditChainStatus"})
# The limits are the subject of their own tests; here they would only stop the generated
# documents, which ask for everything at once.
WIDE_OPEN = Limits(max_depth=64, max_aliases=10_000, max_tokens=10**7, max_objects=10**12)


def matrix_schema() -> Schema:
    return build_schema(WIDE_OPEN)


@dataclass
class Report:
    violations: list[Violation] = field(default_factory=list)
    every_path: int = 0  # field paths of the schema to the depth bound
    arguments: int = 0  # arguments the filler gave, Type.field(argument)
    fields: set[str] = field(default_factory=set)  # Type.field coordinates reached
    paths_run: int = 0  # field paths asked, summed over callers
    executions: int = 0
    callers: int = 0
    seconds: float = 0.0
    errors: Counter[str] = field(default_factory=Counter)
    timing: Counter[str] = field(default_factory=Counter)  # seconds per root field
    plans: int = 0  # selections the planner made a plan for (PostgreSQL)

    def summary(self) -> str:
        return (
            f"{self.every_path} field paths to depth {DEPTH} ({len(self.fields)} fields, "
            f"{self.arguments} arguments filled), "
            f"{self.callers} callers, {self.paths_run} caller-path runs, "
            f"{self.executions} executions ({self.plans} plans made), "
            f"{len(self.violations)} violations, "
            f"{self.seconds:.1f} s"
        )


async def node_ids(db: Database) -> list[str]:
    """Global ids to ask ``node`` for: every row of a protected table, a few of the others, and
    for each Node type one that does not exist."""
    found: list[str] = []
    async with db.session() as session:
        for node_type in NODE_TYPES:
            key = col(getattr(node_type.table, node_type.key_name))
            stmt = select(key).order_by(key)
            if node_type.__name__ not in TYPES:
                stmt = stmt.limit(REFERENCE_SAMPLE)
            keys = list((await session.execute(stmt)).scalars())
            missing = 10**8 if node_type.key_parse is int else "ZZ-missing"
            found += [gid(node_type.__name__, k) for k in [*keys, missing]]
    return found


def plannable(type_name: str, field_name: str) -> bool:
    """A field the planner answers from the tables (schema.planned.shapes), or any field of a
    type it does not plan (connections, edges, the roots)."""
    shape = shape_of(type_name)
    return shape is None or field_name in shape.fields


def trees(generator: Generator) -> dict[str, Selection]:
    """Root field -> the selection of every path below it (``node`` and ``nodes`` apart)."""
    return {root: generator.root(root) for root in generator.roots() if root not in BY_ID}


def by_id(generator: Generator, ids: list[str]) -> dict[str, str]:
    """``node(id)`` for every id, each aliased, asking the leaves of whatever it is; ``nodes``
    for all of them at once. Their paths below are the other roots' too."""
    asked = [
        generator.root("node", alias=f"n{i}", args=f'(id: "{node_id}")', depth=1).render()
        for i, node_id in enumerate(ids)
    ]
    listed = ", ".join(f'"{i}"' for i in ids)
    nodes = generator.root("nodes", args=f"(ids: [{listed}])", depth=1)
    return {"node": "query { " + " ".join(asked) + " }", "nodes": _document(nodes)}


def _document(selection: Selection) -> str:
    return "query { " + selection.render() + " }"


@contextmanager
def quiet() -> Iterator[None]:
    """Refusals are expected answers here; strawberry would log each with its traceback."""
    logger = logging.getLogger("strawberry.execution")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


async def execute(
    db: Database, schema: Schema, principal: Any, text: str, planned: bool
) -> tuple[Any, list[str]]:
    async with db.session() as session:
        context = Context(
            session=session, principal=principal, clock=FixedClock(T0), planned_reads=planned
        )
        with quiet():
            result = await schema.execute(text, context_value=context)
    return result.data, [e.message for e in result.errors or []]


async def run(
    db: Database,
    world: World,
    callers: dict[str, Signed],
    *,
    schema: Schema | None = None,
    sample_size: int = SAMPLE,
    roots: set[str] | None = None,
) -> Report:
    """``roots``: only these root fields (the planted-break tests narrow the run)."""
    schema = schema or matrix_schema()
    started = time.perf_counter()
    generator = Generator(live_schema(schema), depth=DEPTH)
    ids = await node_ids(db)
    full = {r: tree for r, tree in trees(generator).items() if roots is None or r in roots}
    fixed = by_id(generator, ids)
    assert not generator.unfillable, f"teach the filler: {sorted(generator.unfillable)}"
    report = Report(callers=len(callers))
    report.every_path = sum(1 for tree in full.values() for _ in tree.paths())
    async with db.session() as session:
        relations = await relations_of(session, world)
    covering = cover(full)
    report.fields = {s.coordinate for tree in covering.values() for c in chains(tree) for s in c}
    if db.dialect == "postgresql":  # the same fields once more, as the planner can answer them
        planned = Generator(generator.schema, depth=DEPTH, only=plannable)
        for root, tree in cover(trees(planned)).items():
            if roots is None or root in roots:
                covering[f"{root} (planned)"] = tree
    for name, signed in callers.items():
        checked = Checked(db, schema, report, Oracle(world, signed.principal), relations, name)
        drawn = sample(full, sample_size, f"{SEED}:{name}")
        for batch in (covering, drawn):
            for root, tree in batch.items():
                report.paths_run += sum(1 for _ in tree.paths())
                await checked.run(root, _document(tree))
        if roots is None or "node" in roots:
            data = await checked.run("node", fixed["node"])
            report.violations += _node_completeness(checked.oracle, name, ids, data)
        if roots is None or "nodes" in roots:
            await checked.run("nodes", fixed["nodes"])
    report.plans = _plans_made(schema)
    report.arguments = len(generator.filled)
    report.seconds = time.perf_counter() - started
    return report


@dataclass
class Checked:
    """Runs documents as one caller and checks each answer (both ways on PostgreSQL)."""

    db: Database
    schema: Schema
    report: Report
    oracle: Oracle
    relations: dict[tuple[str, str], dict[Any, list[Link]]]
    caller: str

    async def run(self, root: str, text: str) -> Any:
        report, started = self.report, time.perf_counter()
        data, errors = await execute(self.db, self.schema, self.oracle.principal, text, True)
        report.executions += 1
        for message in errors:
            report.errors[f"{root}: {message}"] += 1
        checker = Checker(self.oracle, self.relations, self.caller, root)
        report.violations += checker.check(data, errors)
        if self.db.dialect == "postgresql":
            plain = await execute(self.db, self.schema, self.oracle.principal, text, False)
            report.executions += 1
            volatile = root.split(" ")[0] in VOLATILE
            if not volatile and _json(plain) != _json((data, errors)):
                problem = "answers differently planned and field by field"
                report.violations.append(Violation(self.caller, root, root, problem))
        report.timing[root] += time.perf_counter() - started
        return data


def _plans_made(schema: Schema) -> int:
    """Selections of this schema's documents that the planner answered (not declined)."""
    kept = PLANS._plans.items()  # the cache's own record, keyed by the schema first
    core = id(schema._schema)
    return sum(1 for key, (_, plan) in kept if key[0] == core and plan is not None)


def _json(answer: Any) -> str:
    return json.dumps(answer, ensure_ascii=False)


def _node_completeness(oracle: Oracle, caller: str, ids: list[str], data: Any) -> list[Violation]:
    """node(id) of a row the principal may see answers it (soundness is the Checker's)."""
    found = []
    for i, node_id in enumerate(ids):
        type_name, key = decode(node_id)
        if type_name not in TYPES or not key.isdigit() or int(key) >= 10**8:
            continue
        if oracle.visible(type_name, int(key)) and (data or {}).get(f"n{i}") is None:
            problem = f"{type_name} {key} is visible, but node(id) answers null"
            found.append(Violation(caller, "node", f"n{i}", problem))
    return found
