"""An export: the rows of a list the caller may see, if the caller may export them, audited.

The rows come from the list's own API query (``kinds``), read page by page through ``reader``:
the schema run in process with the caller's Context (the admin passes
``web.admin.views.records.graph_reads.read``). Resolvers do not import the schema, so it is
handed in. Three checks, in order:

1. the policy grants ``export`` on the list's object in some relation (``authorize``), else
   Forbidden before anything is read;
2. the list has at most ``MAX_ROWS`` rows (its ``totalCount``), else InvalidArgument asking for
   narrower filters: a file of millions of rows is a copy of the register, not an export. The
   export runs inside the request, at about 0.75 ms a row through the API (20,000 offences took
   15 s on SQLite on the 2-core test machine), so the cap keeps a download under ~15 s;
3. every row read lies inside the export scope too (``policies.scope`` for ``export``, in SQL on
   the ids read): a policy may let someone read more than they may take away, and then the export
   is refused whole, never silently cut, so that a file always equals the list on the screen.

Every attempt leaves one audit entry ``export`` (resolvers.audit.record_read): the list, its
filters and order, the format and the row count, or the refusal and why. Person searches run
through the API's ``persons`` query, which also records its ``person.search`` entries (with the
ids of the persons read), one per page; every person the file holds is a ``person.read`` entry of
the request, as on any page (resolvers.read_log).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import not_
from sqlmodel import col
from strawberry.relay import GlobalID

from db import tables as t
from db import users
from db.errors import EcrimeError, Forbidden, InvalidArgument
from policies.authorize import authorize
from policies.scope import scope
from resolvers import audit, reading
from resolvers.context import Context
from resolvers.exports.kinds import PHNOM_PENH, RECORD_KINDS, Kind, Node
from resolvers.exports.order_kinds import NOTICES, WARRANTS

MAX_ROWS = 20_000
FORMATS = ("csv", "xlsx")
_CHUNK = 500  # ids per scope-check query (bound parameters stay well under SQLite's limit)

Cell = str | int | float | None
KINDS: dict[str, Kind] = {kind.name: kind for kind in (*RECORD_KINDS, WARRANTS, NOTICES)}


class Reader(Protocol):
    def __call__(self, ctx: Context, document: str, **variables: Any) -> Awaitable[Any]: ...


@dataclass(frozen=True)
class Export:
    kind: str
    header: tuple[str, ...]
    rows: list[tuple[Cell, ...]]
    exported_by: str  # "user12 (Sok Dara; national_analyst, Captain)"
    exported_at: datetime  # aware, Phnom Penh time
    query: dict[str, Any]  # what the audit entry records: list, filter, order

    def preamble(self) -> list[str]:
        """The lines above the header row: who, when, what was asked, how many rows."""
        asked = json.dumps(self.query, ensure_ascii=False, sort_keys=True, default=str)
        return [
            f"Exported by {self.exported_by} at {self.exported_at.isoformat()}",
            f"Query: {asked}",
            f"Rows: {len(self.rows)}",
        ]


async def export(
    ctx: Context,
    kind_name: str,
    *,
    reader: Reader,
    filter: Mapping[str, Any],
    order: str | None = None,
    fmt: str = "csv",
) -> Export:
    """The list ``kind_name`` with ``filter`` (its API filter input) and ``order`` (its API order
    enum; the list's default when None) as rows; see the module docstring for what is checked."""
    kind = KINDS.get(kind_name)
    if kind is None:
        raise InvalidArgument(f"kind: {kind_name!r} is not an exportable list ({', '.join(KINDS)})")
    if fmt not in FORMATS:
        raise InvalidArgument(f"format: must be one of {', '.join(FORMATS)}, not {fmt!r}")
    query: dict[str, Any] = {"list": kind.name, "filter": dict(filter)}
    if kind.default_order:
        query["orderBy"] = order or kind.default_order
    elif kind.fixed_order:  # cases, warrants, notices: the API's one order, said in file and audit
        query["order"] = kind.fixed_order
    details: dict[str, Any] = {"query": query, "format": fmt}
    try:
        authorize(ctx.principal, "export", kind.obj)
        nodes = await _read_all(ctx, kind, reader, query)
        await _within_export_scope(ctx, kind, [int(node["pk"]) for node in nodes])
    except EcrimeError as error:
        outcome = "denied" if isinstance(error, Forbidden) else "failed"
        details["error"] = str(error)[:500]
        await audit.record_read(
            ctx, action="export", object_type=kind.obj, details=details, outcome=outcome
        )
        raise
    exported_by = await _who(ctx)
    details["rows"] = len(nodes)
    await audit.record_read(ctx, action="export", object_type=kind.obj, details=details)
    return Export(
        kind=kind.name,
        header=tuple(c.header for c in kind.columns),
        rows=[tuple(_cell(c.pick(node)) for c in kind.columns) for node in nodes],
        exported_by=exported_by,
        exported_at=ctx.clock.now().astimezone(PHNOM_PENH),
        query=query,
    )


async def _read_all(
    ctx: Context, kind: Kind, reader: Reader, query: Mapping[str, Any]
) -> list[dict[str, Any]]:
    variables: dict[str, Any] = {"filter": query["filter"], "first": ctx.max_page_size}
    if "orderBy" in query:
        variables["orderBy"] = query["orderBy"]
    nodes: list[dict[str, Any]] = []
    after: str | None = None
    while True:
        found = (await reader(ctx, kind.document, **variables, after=after))[kind.connection]
        if after is None and found["totalCount"] > MAX_ROWS:
            raise InvalidArgument(
                f"filter: the list has {found['totalCount']} rows, more than an export holds "
                f"({MAX_ROWS}); narrow the filters"
            )
        nodes.extend(_with_pk(node) for node in found["nodes"])
        if not found["pageInfo"]["hasNextPage"] or len(nodes) > MAX_ROWS:
            return nodes[:MAX_ROWS]
        after = found["pageInfo"]["endCursor"]


def _with_pk(node: Node) -> dict[str, Any]:
    """The node with its database id beside its global id (the file's ``id`` column)."""
    return {**node, "pk": GlobalID.from_id(node["id"]).node_id}


async def _within_export_scope(ctx: Context, kind: Kind, ids: Sequence[int]) -> None:
    outside = not_(scope(ctx.principal, "export", kind.model))
    key = col(kind.model.id)
    beyond = 0
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        beyond += await reading.count(ctx, kind.model, where=[key.in_(chunk), outside])
    if beyond:
        raise Forbidden(
            f"not allowed: export {kind.obj}: {beyond} of the {len(ids)} rows listed lie outside "
            "what you may export; narrow the filters (e.g. to your province)"
        )


async def _who(ctx: Context) -> str:
    """The user as the file names them: username, then name, position and rank when known."""
    p = ctx.principal
    about: list[str] = []
    if p.user_id is not None:
        found = await ctx.run(users.by_ids, ids=[p.user_id], scope=scope(p, "read", t.User))
        if found:
            about.append(f"{found[0].family_name} {found[0].given_name}".strip())
    about.append(", ".join(part for part in (*p.roles, p.rank or "") if part))
    shown = "; ".join(part for part in about if part)
    return f"{p.username} ({shown})" if shown else p.username


def _cell(value: Any) -> Cell:
    """Yes/no as ``true``/``false`` text, so that CSV and XLSX cells read the same."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None or isinstance(value, str | int | float):
        return value
    return str(value)
