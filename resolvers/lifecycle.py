"""Record lifecycle in operations: reaching a record to change it (through ``update``, else a
granted ``correct``), stamping authorship, and refusing lost updates. The rule itself — the 48 h
window, the lock, what a grant opens — is ``policies.lifecycle``; ``policies.guard`` applies it
to every flushed change.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from db import tables as t
from db.errors import Forbidden, RecordLocked, StaleVersion
from db.lifecycle import open_grant_for
from policies.guard import WRITE_ACTION_KEY
from policies.lifecycle import locked_since, table_name
from policies.principal import Principal
from policies.scope import reachable

R = TypeVar("R", t.Case, t.Warrant, t.Notice, t.Operation)
L = TypeVar("L")


def check_version(what: str, row: Any, expected: int | None) -> None:
    """No lost updates: an update names the version it was based on (None: not checked)."""
    if expected is not None and expected != row.version:
        raise StaleVersion(what, expected, row.version)


def authored(row: R, principal: Principal) -> R:
    """Stamp who entered a case, warrant, notice or operation: the correction window is theirs."""
    row.created_by_id = principal.user_id
    row.created_unit_id = principal.unit_id
    return row


async def reach_for_change(
    principal: Principal,
    session: AsyncSession,
    model: type[Any],
    load: Callable[[ColumnElement[bool]], Awaitable[L | None]],
    now: datetime,
) -> L | None:
    """Load a record to change through the ``update`` reach, else through ``correct``: the
    technical working group reaches a record only while a correction grant for it is open, and
    the write guard then judges the new state as a correction."""
    row = await load(reachable(principal, "update", model))
    if row is not None:
        return row
    row = await load(reachable(principal, "correct", model))
    if row is None:
        return None
    record_id: int = getattr(row, "id")  # noqa: B009 - L is any record type
    what, since = f"{table_name(model)} {record_id}", locked_since(model, row)
    if now <= since:
        raise Forbidden(f"{what} may be changed only by its author's unit until it is locked")
    grant = await open_grant_for(
        session=session, table_name=table_name(model), record_id=record_id, now=now
    )
    if grant is None:
        raise RecordLocked(what, since, "no correction is granted for it")
    session.sync_session.info[WRITE_ACTION_KEY] = "correct"
    return row
