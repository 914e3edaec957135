"""The lifecycle guard: the one function that decides whether a stored record may change.

48 h to correct, then locked: National Police directive. Inside the window the author and the
specialists of the author's unit change entered facts; after it nobody does (admins included)
unless an open correction grant names the record, the principal may ``correct`` it (technical
working group) and every changed fact is among the granted fields. Bookkeeping columns move
freely: adding linked information bumps the parent's version. ``policies.guard`` calls this for
every changed protected row in every flush; on PostgreSQL a trigger backs it (migration 0006).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from db import tables as t
from db.errors import Forbidden, RecordLocked
from db.tables.lifecycle import CorrectionGrant
from policies.principal import Principal
from policies.scope import row_allows

DEFAULT_WINDOW = timedelta(hours=48)
# Correction window per record type; 48 h: National Police directive. The PostgreSQL trigger
# (migration 0006) holds the same numbers.
WINDOWS: dict[type[Any], timedelta] = {
    t.Offence: DEFAULT_WINDOW,
    t.Person: DEFAULT_WINDOW,
    t.Case: DEFAULT_WINDOW,
    t.Warrant: DEFAULT_WINDOW,
    t.Notice: DEFAULT_WINDOW,
    t.Operation: DEFAULT_WINDOW,
}
BOOKKEEPING = frozenset({"version", "updated_at"})
# What happens to a record after entry is new information, not a correction of what was
# entered: a case's progress, a warrant's execution, a notice lifted, an operation's results,
# an offence joining a case. These stay open (to whoever the policy lets update); the PostgreSQL
# trigger (migration 0006) excludes the same columns.
PROGRESS: dict[type[Any], frozenset[str]] = {
    t.Offence: frozenset({"case_id"}),
    t.Case: frozenset({"status", "closed_at", "disposition"}),
    t.Warrant: frozenset(
        {
            "status",
            "executed_at",
            "executed_province_code",
            "executed_place",
            "executed_by_unit_id",
            "cancel_reason",
            "validation_due_on",
        }
    ),
    t.Notice: frozenset({"valid_until", "validation_due_on"}),
    t.Operation: frozenset({"ended_on", "arrests"}),
}
# Columns computed from an entered fact: they follow it (an offence's lateness, its occurred_at).
DERIVED = {"occurred_at": frozenset({"late", "delay_seconds"})}
_AUTHOR_COLUMNS: dict[type[Any], tuple[str, str]] = {
    t.Offence: ("recorded_by_id", "recorded_unit_id"),
    t.Person: ("recorded_by_id", "recorded_unit_id"),
}
# Rows entered before authorship was kept fall back to the unit that owns them.
_OWNING_UNIT: dict[type[Any], str] = {
    t.Case: "lead_unit_id",
    t.Warrant: "owning_unit_id",
    t.Notice: "owning_unit_id",
    t.Operation: "lead_unit_id",
}

FindGrant = Callable[[], CorrectionGrant | None]


def table_name(model: type[Any]) -> str:
    name: str = model.__tablename__
    return name


def entered_column(model: type[Any]) -> str:
    """The column holding when a record was entered: the 48 h count from there."""
    return "recorded_at" if model is t.Offence else "created_at"


def entered_at(model: type[Any], row: Any) -> datetime:
    value: datetime = getattr(row, entered_column(model))
    return value


def locked_since(model: type[Any], row: Any) -> datetime:
    return entered_at(model, row) + WINDOWS.get(model, DEFAULT_WINDOW)


def author_columns(model: type[Any]) -> tuple[str, str]:
    """The columns naming who entered a record and in which unit."""
    return _AUTHOR_COLUMNS.get(model, ("created_by_id", "created_unit_id"))


def author_of(model: type[Any], row: Any) -> tuple[int | None, int | None]:
    user_column, unit_column = author_columns(model)
    unit = getattr(row, unit_column)
    if unit is None and model in _OWNING_UNIT:
        unit = getattr(row, _OWNING_UNIT[model])
    return getattr(row, user_column), unit


def _is_specialist(principal: Principal) -> bool:
    return principal.policy is not None and principal.policy.has_role(principal, "specialist")


def check_change(
    principal: Principal,
    model: type[Any],
    row: Any,
    changed: set[str],
    now: datetime,
    *,
    find_grant: FindGrant = lambda: None,
) -> CorrectionGrant | None:
    """Raise unless ``principal`` may make this change now; return the grant the change uses."""
    facts = set(changed - BOOKKEEPING - PROGRESS.get(model, frozenset()))
    for source, derived in DERIVED.items():
        if source in facts:
            facts -= derived
    if not facts:
        return None
    what = f"{table_name(model)} {row.id}"
    since = locked_since(model, row)
    if now <= since:
        author_id, author_unit = author_of(model, row)
        if author_unit is None and author_id is None:
            return None  # no recorded author: the policy alone decides
        if principal.user_id is not None and principal.user_id == author_id:
            return None
        if principal.unit_id == author_unit and _is_specialist(principal):
            return None
        raise Forbidden(
            f"{what} may be changed only by its author and the specialists of the author's unit"
        )
    grant = find_grant()
    if grant is None:
        raise RecordLocked(what, since, "no correction is granted for it")
    if not row_allows(principal, "correct", model, row):
        raise RecordLocked(what, since, "only the technical working group applies corrections")
    refused = sorted(facts - grant.field_names)
    if refused:
        raise RecordLocked(what, since, f"not granted for correction: {', '.join(refused)}")
    return grant


# 48 h to digitise: National Police directive. Later entries are accepted and marked late.
ENTRY_DEADLINE = timedelta(hours=48)


def entry_timing(
    occurred_at: datetime, recorded_at: datetime, *, historical: bool
) -> dict[str, Any]:
    """The offence's ``late``, ``delay_seconds`` and ``historical`` columns: bulk-imported past
    records are historical, never late, and carry no delay (it says nothing about the unit)."""
    if historical:
        return {"late": False, "delay_seconds": None, "historical": True}
    delay = max(recorded_at - occurred_at, timedelta(0))
    return {
        "late": delay > ENTRY_DEADLINE,
        "delay_seconds": int(delay.total_seconds()),
        "historical": False,
    }
