"""Everything a caller may not see, changed: the perturbation of the non-interference checks.

For a principal, a cell is hidden when its row is outside the caller's scope (the enforcer asked
row by row: policies.scope.row_allows, a child through its parent) or when its column holds a
field a mask hides from them on that row (policies.masks.MASKED_COLUMNS). Hidden cells get
another value their column holds somewhere in the world (dates shift, roles cycle, names and
provinces change, a victim's participation names someone else), as long as the row stays
hidden; unique columns get a fresh value. The oracle is independent of the SQL under test.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from sqlalchemy import String, UniqueConstraint, and_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db import tables as t
from policies.domains import CHILDREN, PROTECTED
from policies.masks import MASKED_COLUMNS, column_masks
from policies.principal import Principal
from policies.scope import row_allows

TABLES: tuple[type[Any], ...] = (*PROTECTED, *CHILDREN)


@dataclass
class Snapshot:
    rows: dict[type[Any], list[Any]]
    by_id: dict[type[Any], dict[Any, Any]]
    pools: dict[tuple[type[Any], str], list[Any]]


def _columns(model: type[Any]) -> list[Any]:
    return list(model.__table__.columns)


def _values(row: Any, model: type[Any]) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in _columns(model)}


async def snapshot(session: AsyncSession) -> Snapshot:
    rows: dict[type[Any], list[Any]] = {}
    for model in TABLES:
        found = (await session.execute(select(model))).scalars().all()
        rows[model] = [SimpleNamespace(**_values(r, model)) for r in found]
    by_id = {m: {getattr(r, "id", None): r for r in found} for m, found in rows.items()}
    pools: dict[tuple[type[Any], str], list[Any]] = {}
    for model, found in rows.items():
        for column in _columns(model):
            distinct = {getattr(r, column.key) for r in found}
            pools[(model, column.key)] = sorted(distinct, key=lambda v: (v is None, str(v)))
    return Snapshot(rows, by_id, pools)


def parent_of(snap: Snapshot, model: type[Any], row: Any) -> tuple[type[Any], Any]:
    child = CHILDREN[model]
    if child.key is not None:
        return child.parent, snap.by_id[child.parent].get(getattr(row, child.key.key))
    assert model is t.ParticipantEvent, model  # the one child two links below its parent
    participant = snap.by_id[t.CaseParticipant][row.participant_id]
    return t.Case, snap.by_id[t.Case][participant.case_id]


def readable(principal: Principal, snap: Snapshot, model: type[Any], row: Any) -> bool:
    if model in PROTECTED:
        return row_allows(principal, "read", model, row)
    parent_model, parent = parent_of(snap, model, row)
    return parent is not None and row_allows(principal, "read", parent_model, parent)


def masked(principal: Principal, snap: Snapshot, model: type[Any], row: Any) -> list[str]:
    """Columns of a readable row that hold a field masked from the caller on this row."""
    found = []
    for owner_model, name in MASKED_COLUMNS:
        if owner_model is not model:
            continue
        for mask in column_masks(model, name):
            owner = row if mask.owner is model else parent_of(snap, model, row)[1]
            if mask.hides(principal, row, owner):
                found.append(name)
                break
    return found


def _unique_sets(model: type[Any]) -> list[tuple[str, ...]]:
    table = model.__table__
    found = [
        tuple(c.key for c in con.columns)
        for con in table.constraints
        if isinstance(con, UniqueConstraint)
    ]
    return found + [tuple(c.key for c in ix.columns) for ix in table.indexes if ix.unique]


def _fixed(model: type[Any]) -> set[str]:
    """Columns never changed: the id, the version, and the link to the parent row."""
    fixed = {"id", "version"}
    if model in CHILDREN:
        parent_table = CHILDREN[model].parent.__table__
        fixed |= {
            c.key
            for c in _columns(model)
            if any(fk.column.table is parent_table for fk in c.foreign_keys)
        }
    if model is t.ParticipantEvent:
        fixed.add("participant_id")
    return fixed


def _candidates(snap: Snapshot, model: type[Any], column: Any, row: Any) -> Iterator[Any]:
    current = getattr(row, column.key)
    for names in _unique_sets(model):
        if column.key in names and all(getattr(row, n) is not None for n in names):
            kind = column.type
            room = isinstance(kind, String) and kind.length and len(current) < kind.length
            if room and not column.foreign_keys:
                yield current + "~"
            return
    pool = snap.pools[(model, column.key)]
    start = pool.index(current) if current in pool else -1
    for step in range(1, len(pool)):
        candidate = pool[(start + step) % len(pool)]
        if candidate != current and (candidate is not None or column.nullable):
            yield candidate


def _changed(
    principal: Principal, snap: Snapshot, model: type[Any], row: Any, names: list[str], open_: bool
) -> dict[str, Any]:
    """New values for ``names``, each kept only if the row stays exactly as hidden."""
    new: dict[str, Any] = {}
    for column in _columns(model):
        if column.key not in names or column.key in _fixed(model):
            continue
        for candidate in _candidates(snap, model, column, row):
            trial = SimpleNamespace(**{**vars(row), **new, column.key: candidate})
            if open_ and not readable(principal, snap, model, trial):
                new[column.key] = candidate
                break
            if not open_ and set(masked(principal, snap, model, trial)) >= set(names):
                new[column.key] = candidate
                break
    return new


def hidden_changes(principal: Principal, snap: Snapshot) -> list[tuple[type[Any], Any, dict]]:
    """(table, row, new values) for every row with a cell hidden from ``principal``."""
    changes = []
    taken: set[tuple[Any, ...]] = {
        (r.offence_id, r.person_id, r.role) for r in snap.rows[t.OffencePerson]
    }
    for model in TABLES:
        for row in snap.rows[model]:
            if not readable(principal, snap, model, row):
                names = [c.key for c in _columns(model)]
                new = _changed(principal, snap, model, row, names, open_=True)
            else:
                names = masked(principal, snap, model, row)
                new = _changed(principal, snap, model, row, names, open_=False) if names else {}
            if model is t.OffencePerson and new:
                key = tuple({**vars(row), **new}[n] for n in ("offence_id", "person_id", "role"))
                if key in taken:
                    continue
                taken.add(key)
            if new:
                changes.append((model, row, new))
    return changes


async def apply(session: AsyncSession, changes: list[tuple[type[Any], Any, dict]]) -> int:
    """Write the changes with plain UPDATEs (no session hooks); returns the cells changed."""
    connection = await session.connection()
    for model, row, new in changes:
        table = model.__table__
        keys = and_(*(c == getattr(row, c.key) for c in table.primary_key.columns))
        await connection.execute(update(table).where(keys).values(**new))
    return sum(len(new) for _model, _row, new in changes)
