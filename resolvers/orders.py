"""Entering and correcting warrants and court orders; what notices (resolvers.notices) share.

Create and update share one check per entity: a new record is a patch that sets every field, so
the rules hold identically for both, and a problem is named by the field the caller sent.

Warrants: the number is unique per court; issued on a day not in the future and not before
2000-01-01 (court orders are kept since 2000: DESIGN, rule 4); an expiry, when known, falls after
the day of issue. A warrant starts active; its status moves through execution, cancellation and
expiry, which are separate operations (resolvers.warrant_actions).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import UNSET

from db import orders
from db import tables as t
from db.errors import NotFound
from policies.scope import reachable
from resolvers.context import Context
from resolvers.lifecycle import authored, check_version
from resolvers.references import (
    CASE_LINK,
    PERSON_NAMED,
    UNIT_IN_CHARGE,
    patch_reference,
    target_id,
)
from resolvers.validation import Problems
from resolvers.warrant_actions import first_validation_due
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

WARRANT_KINDS = {"arrest", "detention", "search", "summons", "judgment"}
COURT_ORDERS_SINCE = date(2000, 1, 1)


@dataclass(frozen=True)
class WarrantPatch:
    """A warrant's entered facts. Unset fields stay; for a new warrant every field is set."""

    court: str | None = UNSET
    number: str | None = UNSET
    kind: str | None = UNSET
    issued_on: date | None = UNSET
    expires_on: date | None = UNSET
    subject_person_id: str | None = UNSET  # global ids, as everywhere in inputs
    case_id: str | None = UNSET
    province_code: str | None = UNSET
    owning_unit_id: str | None = UNSET
    notes: str | None = UNSET


def complete(ctx: Context, patch: Any, *, texts: Collection[str]) -> Any:
    """A new record's patch: unset fields take their defaults, the place from the principal;
    the ``texts`` fields default to "", every other field to None."""
    values = {f.name: getattr(patch, f.name) for f in fields(patch)}
    defaults = {"province_code": ctx.principal.province_code, "owning_unit_id": default_unit(ctx)}
    for name, value in values.items():
        if not given(value):
            values[name] = defaults.get(name, "" if name in texts else None)
    return type(patch)(**values)


async def create_warrant(ctx: Context, patch: WarrantPatch) -> t.Warrant:
    require_user(ctx)
    async with ctx.transaction() as session:
        return await add_warrant(ctx, session, complete(ctx, patch, texts={"notes"}))


async def add_warrant(
    ctx: Context, session: AsyncSession, patch: WarrantPatch, *, historical: bool = False
) -> t.Warrant:
    """Check and insert a new warrant (every field set) in the caller's transaction: one entry
    here, or one row of a bulk import (resolvers.imports), whose past orders are historical."""
    changes = await _warrant_changes(ctx, session, patch, None)
    row = authored(
        t.Warrant(
            **changes,
            status="active",
            historical=historical,
            validation_due_on=first_validation_due(local_now(ctx).date()),
            created_at=ctx.clock.now(),
        ),
        ctx.principal,
    )
    return await orders.insert(session=session, row=row)


async def check_new_warrant(ctx: Context, session: AsyncSession, patch: WarrantPatch) -> None:
    """Raise InvalidInput with every problem of a new warrant's patch; write nothing."""
    await _warrant_changes(ctx, session, patch, None)


async def update_warrant(
    ctx: Context, warrant_id: str, patch: WarrantPatch, expected_version: int | None = None
) -> t.Warrant:
    require_user(ctx)
    ident = target_id(warrant_id, "Warrant")
    async with ctx.transaction() as session:
        row = await orders.warrant_for_update(
            session=session, warrant_id=ident, scope=reachable(ctx.principal, "update", t.Warrant)
        )
        if row is None:
            raise NotFound("Warrant", warrant_id)
        # The lifecycle guard judges the change at flush (policies.lifecycle, policies.guard).
        check_version(f"warrant {ident}", row, expected_version)
        changes = await _warrant_changes(ctx, session, patch, row)
        for name, value in changes.items():
            setattr(row, name, value)
        row.version += 1
        await session.flush()
        return row


async def _warrant_changes(
    ctx: Context, session: AsyncSession, patch: WarrantPatch, row: t.Warrant | None
) -> dict[str, Any]:
    """Check a warrant patch against the warrant it changes (None: a new one); raise or return
    the column values to write."""
    p = Problems()
    out = warrant_fields(ctx, p, patch, row)
    await person_field(
        ctx, p, session, out, "subjectPersonId", "subject_person_id", patch.subject_person_id
    )
    await patch_reference(
        session,
        ctx.principal,
        CASE_LINK,
        p,
        out,
        field="caseId",
        column="case_id",
        value=patch.case_id,
    )
    await place_fields(ctx, p, session, out, patch.province_code, patch.owning_unit_id)
    court, number = merged(out, row, "court"), merged(out, row, "number")
    if ({"court", "number"} & out.keys()) and not (p.has("court") or p.has("number")):
        taken = await orders.warrant_number_taken(
            session=session, court=court, number=number, exclude_id=row.id if row else None
        )
        if taken:
            p.add("number", "conflict", f"{court} already has a warrant numbered {number}")
    p.raise_if_any()
    return out


def warrant_fields(
    ctx: Context, p: Problems, patch: WarrantPatch, row: t.Warrant | None
) -> dict[str, Any]:
    """The checks of a warrant patch that need no database, into ``p``; the values that passed.
    A bulk import (resolvers.imports.court_orders_copy) runs them on every row, then the rest
    set-wise."""
    out: dict[str, Any] = {}
    text_field(p, out, "court", patch.court, 120, required=True)
    text_field(p, out, "number", patch.number, 40, required=True)
    if (
        given(patch.kind)
        and present(p, "kind", patch.kind)
        and p.choice("kind", patch.kind, WARRANT_KINDS)
    ):
        out["kind"] = patch.kind
    if given(patch.issued_on) and present(p, "issuedOn", patch.issued_on):
        assert patch.issued_on is not None
        if p.not_future("issuedOn", patch.issued_on, local_now(ctx)):
            if patch.issued_on < COURT_ORDERS_SINCE:
                p.add("issuedOn", "out_of_range", "court orders are entered from 2000-01-01 on")
            else:
                out["issued_on"] = patch.issued_on
    if given(patch.expires_on):
        out["expires_on"] = patch.expires_on
    issued, expires = merged(out, row, "issued_on"), merged(out, row, "expires_on")
    if issued is not None and expires is not None and expires <= issued and not p.has("issuedOn"):
        p.add(
            "expiresOn" if given(patch.expires_on) else "issuedOn",
            "out_of_range",
            "a warrant expires after the day it was issued",
        )
    text_field(p, out, "notes", patch.notes, 400)
    return out


async def person_field(
    ctx: Context,
    p: Problems,
    session: AsyncSession,
    out: dict[str, Any],
    field: str,
    column: str,
    value: str | None,
) -> None:
    """The person a warrant or notice is about (required)."""
    if not given(value):
        return
    if not value:
        p.add(field, "required", "is required")
        return
    await patch_reference(
        session, ctx.principal, PERSON_NAMED, p, out, field=field, column=column, value=value
    )


async def place_fields(
    ctx: Context,
    p: Problems,
    session: AsyncSession,
    out: dict[str, Any],
    province: str | None,
    unit: str | None,
) -> None:
    """The owning province (required) and unit (optional)."""
    await province_field(p, session, out, province)
    await patch_reference(
        session,
        ctx.principal,
        UNIT_IN_CHARGE,
        p,
        out,
        field="owningUnitId",
        column="owning_unit_id",
        value=unit,
    )
