"""What every write operation shares: who may write, patches, codes of reference data.

Ids in inputs are relay global ids ("Case:12" in base64), the API's only public identifiers, so
the admin and GraphQL pass the same values; every one is resolved through the caller's scope by
resolvers.references, never checked here for existence alone.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import UNSET
from strawberry.relay import GlobalID

from db import lookups
from db import tables as t
from db.clock import PHNOM_PENH
from db.errors import Forbidden
from resolvers.context import Context
from resolvers.validation import Problems

T = TypeVar("T")


def require_user(ctx: Context) -> int:
    """The signed-in user's id. Anonymous callers write nothing (authentication: a later issue)."""
    if ctx.principal.user_id is None:
        raise Forbidden("sign in to change records")
    return ctx.principal.user_id


async def check_province(
    problems: Problems, session: AsyncSession, field: str, code: str | None
) -> None:
    if code is None or problems.has(field):
        return
    if not await lookups.existing(
        session=session, model=t.Province, key_name="code", values=[code]
    ):
        problems.add(field, "unknown", f"{code!r} is not a province code")


def default_unit(ctx: Context) -> str | None:
    """The principal's unit as an input id: what a record is owned by unless the input says."""
    unit_id = ctx.principal.unit_id
    return str(GlobalID("Unit", str(unit_id))) if unit_id is not None else None


def given(value: Any) -> bool:
    return value is not UNSET


def patched(value: T, current: T) -> T:
    """The value after a patch: the new one if the patch set it, else the current one."""
    return value if value is not UNSET else current


def local_now(ctx: Context) -> datetime:
    """Now in Cambodia: dates entered by officers (issued on, valid from) are local dates."""
    return ctx.clock.now().astimezone(PHNOM_PENH)


# Patch helpers: each checks one field of a patch if the patch sets it, and on success puts the
# column value into ``out``, the columns to write.


def merged(out: dict[str, Any], row: Any, column: str) -> Any:
    """A column's value after the change: the new one if the patch set it, else the stored one."""
    if column in out:
        return out[column]
    return getattr(row, column) if row is not None else None


def present(p: Problems, field: str, value: object) -> bool:
    if value is None:
        p.add(field, "required", "is required")
        return False
    return True


def text_field(
    p: Problems,
    out: dict[str, Any],
    name: str,
    value: str | None,
    limit: int,
    *,
    required: bool = False,
) -> None:
    """A one-word text field: its input name is its column name. Stored trimmed."""
    if given(value):
        text = (value or "").strip()
        if p.text(name, text, max_length=limit, required=required):
            out[name] = text


async def province_field(
    p: Problems, session: AsyncSession, out: dict[str, Any], value: str | None
) -> None:
    if given(value) and present(p, "provinceCode", value):
        await check_province(p, session, "provinceCode", value)
        if not p.has("provinceCode"):
            out["province_code"] = value
