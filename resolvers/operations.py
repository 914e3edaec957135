"""Crackdown operations and their results: arrests, participating units, seizures.

An operation starts and ends on days not in the future, the end not before the start; it has a
lead unit and a province (by default the principal's). Participating units and seizures are
lists that an update replaces whole when it gives them. A seizure is an item (a drug substance,
"weapon", "vehicle", "cash_usd"...), a positive quantity that fits the column (11 digits before
the point, 3 after) and a unit ("g", "kg", "piece", "usd"...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import UNSET

from db import orders
from db import tables as t
from db.errors import NotFound
from policies.scope import reachable
from resolvers.context import Context
from resolvers.lifecycle import authored, check_version
from resolvers.references import UNIT_IN_CHARGE, UNIT_NAMED, resolve, resolve_all, target_id
from resolvers.validation import Problems
from resolvers.writing import (
    default_unit,
    given,
    local_now,
    merged,
    present,
    province_field,
    require_user,
    text_field,
)

MAX_QUANTITY = Decimal(10) ** 11  # Numeric(14, 3)
MAX_DESCRIPTION = 10_000  # the column is unbounded; a form's worth of narrative is enough


@dataclass(frozen=True)
class SeizureInput:
    item: str
    quantity: Decimal
    unit: str


@dataclass(frozen=True)
class OperationPatch:
    """Unset fields stay; for a new operation, unset fields take their defaults."""

    name: str | None = UNSET
    started_on: date | None = UNSET
    ended_on: date | None = UNSET
    province_code: str | None = UNSET
    lead_unit_id: str | None = UNSET
    unit_ids: list[str] | None = UNSET
    arrests: int | None = UNSET
    description: str | None = UNSET
    seizures: list[SeizureInput] | None = UNSET


@dataclass
class _Checked:
    columns: dict[str, Any] = field(default_factory=dict)
    unit_ids: list[int] | None = None  # None: keep the current ones
    seizures: list[tuple[str, Decimal, str]] | None = None


async def create_operation(ctx: Context, patch: OperationPatch) -> t.Operation:
    require_user(ctx)
    defaults: dict[str, Any] = dict(
        province_code=ctx.principal.province_code,
        lead_unit_id=default_unit(ctx),
        unit_ids=[],
        arrests=0,
        description="",
        seizures=[],
        ended_on=None,
    )
    full = OperationPatch(
        **{
            name: value if given(value) else defaults.get(name)
            for name, value in vars(patch).items()
        }
    )
    async with ctx.transaction() as session:
        checked = await _check(ctx, session, full, None)
        row = await orders.insert(
            session=session,
            row=authored(t.Operation(**checked.columns, created_at=ctx.clock.now()), ctx.principal),
        )
        await _write_lists(session, row, checked)
        return row


async def update_operation(
    ctx: Context, operation_id: str, patch: OperationPatch, expected_version: int | None = None
) -> t.Operation:
    require_user(ctx)
    ident = target_id(operation_id, "Operation")
    async with ctx.transaction() as session:
        row = await orders.operation_for_update(
            session=session,
            operation_id=ident,
            scope=reachable(ctx.principal, "update", t.Operation),
        )
        if row is None:
            raise NotFound("Operation", operation_id)
        # The lifecycle guard judges the change at flush (policies.lifecycle, policies.guard).
        check_version(f"operation {ident}", row, expected_version)
        checked = await _check(ctx, session, patch, row)
        for name, value in checked.columns.items():
            setattr(row, name, value)
        row.version += 1
        await session.flush()
        await _write_lists(session, row, checked)
        return row


async def _write_lists(session: AsyncSession, row: t.Operation, checked: _Checked) -> None:
    assert row.id is not None
    if checked.unit_ids is not None:
        await orders.replace_operation_units(
            session=session, operation_id=row.id, unit_ids=checked.unit_ids
        )
    if checked.seizures is not None:
        await orders.replace_seizures(
            session=session, operation_id=row.id, seizures=checked.seizures
        )


async def _check(
    ctx: Context, session: AsyncSession, patch: OperationPatch, row: t.Operation | None
) -> _Checked:
    p = Problems()
    out = _Checked()
    cols = out.columns
    text_field(p, cols, "name", patch.name, 160, required=True)
    today = local_now(ctx)
    if (
        given(patch.started_on)
        and present(p, "startedOn", patch.started_on)
        and p.not_future("startedOn", patch.started_on, today)
    ):
        cols["started_on"] = patch.started_on
    if given(patch.ended_on) and p.not_future("endedOn", patch.ended_on, today):
        cols["ended_on"] = patch.ended_on
    start, end = merged(cols, row, "started_on"), merged(cols, row, "ended_on")
    if start is not None and end is not None and end < start and not p.has("startedOn"):
        field_name = "endedOn" if given(patch.ended_on) else "startedOn"
        p.add(field_name, "out_of_range", "an operation cannot end before it starts")
    if given(patch.arrests):
        if patch.arrests is None:
            p.add("arrests", "required", "is required (0 if none)")
        elif patch.arrests < 0:
            p.add("arrests", "out_of_range", "must be 0 or more")
        else:
            cols["arrests"] = patch.arrests
    text_field(p, cols, "description", patch.description, MAX_DESCRIPTION)
    await province_field(p, session, cols, patch.province_code)
    await _check_units(ctx, p, session, patch, out)
    if given(patch.seizures):
        out.seizures = _check_seizures(p, patch.seizures or [])
    p.raise_if_any()
    return out


async def _check_units(
    ctx: Context, p: Problems, session: AsyncSession, patch: OperationPatch, out: _Checked
) -> None:
    if given(patch.lead_unit_id):
        if not patch.lead_unit_id:
            p.add("leadUnitId", "required", "an operation has a lead unit")
        lead = await resolve(
            session,
            ctx.principal,
            UNIT_IN_CHARGE,
            patch.lead_unit_id,
            field="leadUnitId",
            problems=p,
        )
        if lead is not None:
            out.columns["lead_unit_id"] = lead.id
    if given(patch.unit_ids):
        named: dict[str, str | None] = {}
        for index, value in enumerate(patch.unit_ids or []):
            if not value:
                p.add(f"unitIds.{index}", "required", "is required")
            named[f"unitIds.{index}"] = value
        found = await resolve_all(session, ctx.principal, UNIT_NAMED, named, p)
        seen: set[int] = set()
        for path in named:
            if path not in found:
                continue
            if found[path].id in seen:
                p.add(path, "invalid", "is listed twice")
            seen.add(found[path].id)
        out.unit_ids = list(seen)


def _check_seizures(p: Problems, seizures: list[SeizureInput]) -> list[tuple[str, Decimal, str]]:
    rows = []
    for index, seizure in enumerate(seizures):
        path = f"seizures.{index}"
        item, unit = seizure.item.strip(), seizure.unit.strip()
        p.text(f"{path}.item", item, max_length=60, required=True)
        p.text(f"{path}.unit", unit, max_length=8, required=True)
        quantity = seizure.quantity
        if not quantity.is_finite() or quantity <= 0:
            p.add(f"{path}.quantity", "out_of_range", "must be more than 0")
        elif quantity >= MAX_QUANTITY:
            p.add(f"{path}.quantity", "out_of_range", f"must be less than {MAX_QUANTITY:,}")
        elif -int(quantity.normalize().as_tuple().exponent) > 3:
            p.add(f"{path}.quantity", "invalid", "has at most 3 decimal places")
        rows.append((item, quantity, unit))
    return rows
