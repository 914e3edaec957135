"""One statement for a whole subtree: the rows under a set of roots, built as JSON by PostgreSQL.

A ``Level`` names a table, the columns wanted from it and the levels hanging off it: pages of
children along a ``Relation`` or a referenced row. Each child level is a correlated subquery
inside ``json_build_object``, so rows, their children and their children's children come back
in one round trip, the way the hand-written floor reads them (bench/floor_reads.py), instead of
one statement per relation per level. Every level carries the caller's scope, given by
the caller as a function of the table (and of the relation, for pages of children), exactly as
the loaders apply it.

Correlation is by table name: a child's subquery refers to its parent's table. A page of
children therefore never repeats a table already open along its path (the planner refuses it);
a referenced row may, read under an alias with its scope adapted to the alias. Values come back
in their wire form: JSON's own types, days and times as the ISO text GraphQL writes. The
statement is compiled once per shape and caller (scope values inlined as literals by
SQLAlchemy's own quoting), so a repeated query costs its execution only.

PostgreSQL only; SQLite is served by the loaders.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    DateTime,
    case,
    cast,
    column,
    func,
    literal,
    literal_column,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import JSON
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.schema import Column
from sqlalchemy.sql.selectable import TextualSelect
from sqlalchemy.sql.util import ClauseAdapter

from db.relations import Relation
from db.types import UTCDateTime

# A table's scope; for a Relation, its rows' scope and the links it may follow (the loaders').
Scope = Callable[[type[Any] | Relation], ColumnElement[bool]]
ID = "id"
STATEMENTS_KEPT = 256
_STATEMENTS: OrderedDict[tuple[Level, Hashable], TextualSelect] = OrderedDict()


@dataclass(frozen=True)
class Level:
    model: type[Any]
    columns: tuple[str, ...]
    children: tuple[Child, ...] = ()
    # A referenced row whose table is already open along the path (an offence's case under a
    # case) is read under this alias, its scope adapted to it.
    alias: str | None = None


@dataclass(frozen=True)
class Child:
    key: str  # its name in the parent's JSON
    level: Level
    relation: Relation | None = None  # a page of children along it...
    limit: int = 0
    offset: int = 0
    refers: tuple[str, str] | None = None  # ...or one row: (parent's column, child's key column)
    counted: bool = False  # the number of rows along the relation (a connection's totalCount)


def _table_column(model: type[Any], name: str) -> Column[Any]:
    column: Column[Any] = model.__table__.c[name]
    return column


@lru_cache(maxsize=1024)
def _source(level: Level) -> Any:
    """The level's table, or its alias: one object per level, so it appears once in its FROM."""
    table = level.model.__table__
    return table if level.alias is None else table.alias(level.alias)


def _scope(level: Level, scope: Scope) -> Any:
    predicate = scope(level.model)
    return predicate if level.alias is None else ClauseAdapter(_source(level)).traverse(predicate)


def _json_value(level: Level, name: str) -> Any:
    column = _source(level).c[name]
    if isinstance(column.type, UTCDateTime | DateTime):
        # As Python's isoformat() writes a UTC datetime: the GraphQL DateTime's own text, so
        # that nothing is parsed and formatted again per value.
        utc = func.timezone("UTC", column)
        whole = func.to_char(utc, 'YYYY-MM-DD"T"HH24:MI:SS')
        micro = case(
            (func.mod(cast(func.extract("microseconds", column), BigInteger), 1_000_000) == 0, ""),
            else_=func.to_char(utc, ".US"),
        )
        return case((column.is_(None), None), else_=whole + micro + "+00:00")
    return column


def _object(level: Level, scope: Scope) -> Any:
    pairs: list[Any] = []
    for name in level.columns:
        pairs += [literal(name), _json_value(level, name)]
    for child in level.children:
        pairs += [literal(child.key), _child(level, child, scope)]
    return func.json_build_object(*pairs)


def _child(parent: Level, child: Child, scope: Scope) -> Any:
    level = child.level
    if child.refers is not None:
        mine, theirs = child.refers
        found = select(_object(level, scope)).where(
            _source(level).c[theirs] == _source(parent).c[mine], _scope(level, scope)
        )
        return found.scalar_subquery()
    relation = child.relation
    assert relation is not None
    along = (relation.parent_key() == _source(parent).c[ID], scope(relation))
    if child.counted:
        return relation.select().with_only_columns(func.count()).where(*along).scalar_subquery()
    page = (
        relation.select()
        .with_only_columns(_object(level, scope))
        .where(*along)
        .order_by(*relation.order_by())
        .limit(child.limit)
        .offset(child.offset)
    )
    # ARRAY(subquery) keeps the subquery's order and correlates like any scalar subquery.
    return func.array_to_json(func.ARRAY(page.scalar_subquery()))


def wire_row(row: Any, columns: Sequence[str]) -> dict[str, Any]:
    """A row already read, in the form ``fetch_trees`` gives (days and times as ISO text)."""
    found: dict[str, Any] = {}
    for name in columns:
        value = getattr(row, name)
        found[name] = value.isoformat() if isinstance(value, date | datetime) else value
    return found


def _statement(level: Level, scope: Scope, scope_key: Hashable, dialect: Dialect) -> TextualSelect:
    """The statement as text, built and compiled once per shape and scope (the scope's values
    are inlined as literals; only the root ids are a parameter)."""
    key = (level, scope_key)
    found = _STATEMENTS.get(key)
    if found is not None:
        _STATEMENTS.move_to_end(key)
        return found
    root_id = _table_column(level.model, ID)
    stmt = select(root_id, _object(level, scope).label("tree")).where(
        root_id == func.any(literal_column("__ROOT_IDS__"))
    )
    sql = str(stmt.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    # Colons in the compiled text are the SQL's own (casts, literals); only :ids binds.
    sql = sql.replace(":", "\\:").replace("__ROOT_IDS__", "CAST(:ids AS BIGINT[])")
    made = text(sql).columns(column("id"), column("tree", JSON))
    _STATEMENTS[key] = made
    if len(_STATEMENTS) > STATEMENTS_KEPT:
        _STATEMENTS.popitem(last=False)
    return made


async def fetch_trees(
    *,
    session: AsyncSession,
    level: Level,
    ids: Sequence[Any],
    scope: Scope,
    scope_key: Hashable,
) -> dict[Any, dict[str, Any]]:
    """For each root id (rows the caller already read in scope), its subtree as plain values.

    ``scope_key`` stands for the scope: two calls with equal keys must have equal scopes."""
    stmt = _statement(level, scope, scope_key, session.get_bind().dialect)
    rows = (await session.execute(stmt, {"ids": list(ids)})).all()
    return {key: tree if isinstance(tree, dict) else json.loads(tree) for key, tree in rows}
