"""A record's history, built from the audit trail: every change of a record already writes an
entry with the before and after of its changed columns, in the same transaction (resolvers.audit),
so the trail is the one source and no second copy can drift from it.

The record itself was reached through the caller's scope; columns the caller may not see
(field masks) show that they changed, never their values.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from db import lifecycle as db
from resolvers.context import Context

_NOT_SHOWN = frozenset({"id"})


@dataclass(frozen=True)
class Change:
    field: str
    before: str | None  # JSON
    after: str | None


@dataclass(frozen=True)
class Version:
    version: int | None
    action: str
    at: datetime
    by: str
    changes: tuple[Change, ...]
    correction_grant_id: int | None
    review_request_id: int | None


def _json(value: Any, hidden: bool) -> str | None:
    if value is None or hidden:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


async def history(
    ctx: Context, table_name: str, record_id: int, hidden: frozenset[str] = frozenset()
) -> list[Version]:
    """One item per version. A change may be flushed in steps (the version moves first), so an
    entry that does not move the version belongs to the version before it."""
    entries = await ctx.run(db.audit_trail_of, table_name=table_name, record_id=record_id)
    merged: list[dict[str, Any]] = []
    for entry in entries:
        details: dict[str, Any] = json.loads(entry.details)
        before: dict[str, Any] = details.get("before") or {}
        after: dict[str, Any] = details.get("after") or {}
        if merged and "version" not in after:
            last = merged[-1]
            for name, value in before.items():
                last["before"].setdefault(name, value)
            last["after"].update(after)
        else:
            merged.append(
                {
                    "entry": entry,
                    "version": after.get("version"),
                    "before": dict(before),
                    "after": dict(after),
                    "grant": None,
                    "request": None,
                }
            )
        last = merged[-1]
        last["grant"] = details.get("correction_grant_id") or last["grant"]
        last["request"] = details.get("review_request_id") or last["request"]
    return [_version(item, hidden) for item in merged]


def _version(item: dict[str, Any], hidden: frozenset[str]) -> Version:
    entry, before, after = item["entry"], item["before"], item["after"]
    names = sorted((set(before) | set(after)) - _NOT_SHOWN)
    version = item["version"]
    return Version(
        version=version if isinstance(version, int) else None,
        action=entry.action.rsplit(".", 1)[-1],
        at=entry.at,
        by=entry.actor_username,
        changes=tuple(
            Change(n, _json(before.get(n), n in hidden), _json(after.get(n), n in hidden))
            for n in names
        ),
        correction_grant_id=item["grant"],
        review_request_id=item["request"],
    )
