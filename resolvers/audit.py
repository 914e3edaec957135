"""What the audit trail records, and the admins' reads of it.

Changes are recorded in one place, a session hook, so that no write path can forget: after every
flush, each new, changed or deleted row of an audited table becomes an entry
``<table>.<create|update|delete>`` with the before and after of its changed columns, chained just
before the transaction commits, in the same transaction as the change (resolvers.audit_commit; a
rollback takes both). Bulk ``delete()``/``update()`` statements run
through the session are caught by a second hook that reads the rows they touch. Raw SQL text is
not seen by either; no write path uses it on an audited table.

Refused mutations (ValidationFailed, NotFound, Forbidden raised inside ``Context.transaction``)
are recorded after the rollback, in a transaction of their own, with outcome ``failed`` or
``denied``: attempts are what an investigation of misuse looks for (CJIS 5.4.1.1 logs
unsuccessful attempts too). Their action is ``Context.operation`` when the caller set it, else
"mutation"; the request id ties them to the request. A GraphQL mutation refused before any
transaction opened (anonymous callers, ``authorize``, an id naming nothing) is recorded by the
Mutation root (schema.refusals) through ``record_refused_operation``; each Context counts what it
recorded, so no refusal is recorded twice.

Every person record handed to a caller, on any path, is a ``person.read`` entry written by the
read log (resolvers.read_log) through ``record_read``, once per request. Searches record their
terms and result ids (``person.search``), exports themselves (``export``), and reads of the trail
are recorded too, each explicitly through ``record_read``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Result, and_, event, inspect, or_, select
from sqlalchemy.orm import InstanceState, Mapper, ORMExecuteState, Session
from sqlalchemy.sql.schema import Table

from db import audit as chain
from db.errors import EcrimeError, Forbidden, InvalidInput, NotFound, RecordLocked
from policies.authorize import authorize
from resolvers import audit_commit
from resolvers.audit_details import shown

if TYPE_CHECKING:
    from resolvers.context import Context

GRANT_KEY = "correction_grant_id"  # set by the write guard when a correction grant is used
NOT_AUDITED = frozenset(
    {
        "audit_entry",  # the trail itself
        "person_name_key",  # derived from names and aliases, rebuilt with them
        # Sign-in state; web.auth records logins, logouts and token changes as security events.
        "login_session",
        "login_attempt",
        "api_token",
        "user_totp",
        # Image bytes addressed by their hash; the person_photo row naming them is audited.
        "photo_blob",
    }
)
# Columns whose values never enter the trail, only the fact that they changed.
_SENSITIVE = ("password", "secret", "hash", "token")
REDACTED = "[redacted]"


def audited(table: str) -> bool:
    return table not in NOT_AUDITED


def _value(column: str, value: Any) -> Any:
    return REDACTED if any(word in column for word in _SENSITIVE) else value


def _key(values: Mapping[Any, Any], columns: Iterable[str]) -> str:
    return "/".join(str(values.get(name)) for name in columns)


def _source(session: Session) -> chain.Source:
    source = session.info.get(chain.SOURCE_KEY)
    return source if isinstance(source, chain.Source) else chain.Source()


def _now(session: Session) -> datetime:
    clock = session.info.get(chain.CLOCK_KEY)
    return clock.now() if clock is not None else datetime.now(UTC)


def _row_draft(verb: str, state: InstanceState[Any]) -> chain.Draft | None:
    mapper = state.mapper
    table = mapper.local_table
    assert isinstance(table, Table)
    if not audited(table.name):
        return None
    values = {a.key: state.dict[a.key] for a in mapper.column_attrs if a.key in state.dict}
    pk = [mapper.get_property_by_column(c).key for c in mapper.primary_key]
    if verb == "update":
        before, after = {}, {}
        for attr in mapper.column_attrs:
            history = state.attrs[attr.key].history
            if history.has_changes():
                before[attr.key] = _value(attr.key, history.deleted[0] if history.deleted else None)
                after[attr.key] = _value(attr.key, history.added[0] if history.added else None)
        if not after:
            return None
        details: dict[str, Any] = {"before": before, "after": after}
    else:
        side = "after" if verb == "create" else "before"
        details = {side: {k: _value(k, v) for k, v in values.items()}}
    return chain.Draft(
        action=f"{table.name}.{verb}",
        object_type=table.name,
        object_id=_key(values, pk),
        details=details,
    )


def _after_flush(session: Session, _flush_context: Any) -> None:
    drafts = []
    for verb, objects in (
        ("create", session.new),
        ("update", session.dirty),
        ("delete", session.deleted),
    ):
        for obj in objects:
            draft = _row_draft(verb, inspect(obj))
            if draft is not None:
                drafts.append(draft)
    granted = session.info.pop(GRANT_KEY, None)
    for draft in drafts:
        if granted and f"{draft.object_type}/{draft.object_id}" == granted["object"]:
            draft.details["correction_grant_id"] = granted["correction_grant_id"]
            draft.details["review_request_id"] = granted["review_request_id"]
    audit_commit.keep(session, drafts, _source(session), _now(session))


def _bulk_drafts(
    table: Table, verb: str, before: Sequence[Mapping[str, Any]], after: Mapping[str, Any]
) -> list[chain.Draft]:
    pk = [c.name for c in table.primary_key.columns]
    drafts = []
    for row in before:
        key = _key(row, pk)
        if verb == "delete":
            details = {"before": {k: _value(k, v) for k, v in row.items()}}
        else:
            new = after.get(key, {})
            changed = [k for k in row if new.get(k) != row[k]]
            if not changed:
                continue
            details = {
                "before": {k: _value(k, row[k]) for k in changed},
                "after": {k: _value(k, new.get(k)) for k in changed},
            }
        drafts.append(chain.Draft(f"{table.name}.{verb}", "ok", table.name, key, details))
    return drafts


def _on_execute(state: ORMExecuteState) -> Result[Any] | None:
    """Bulk DML through the session: read the rows it will touch, run it, record them."""
    if not (state.is_delete or state.is_update or state.is_insert):
        return None
    mapper: Mapper[Any] | None = state.bind_mapper
    table = mapper.local_table if mapper is not None else None
    if not isinstance(table, Table) or not audited(table.name):
        return None
    if state.is_insert:
        raise RuntimeError(f"bulk INSERT into {table.name} would bypass the audit trail; add rows")
    where = getattr(state.statement, "whereclause", None)
    connection = state.session.connection()
    selected = select(table) if where is None else select(table).where(where)
    before = [dict(r) for r in connection.execute(selected).mappings()]
    result = state.invoke_statement()
    after: dict[str, Any] = {}
    if state.is_update and before:
        pk = list(table.primary_key.columns)
        keys = or_(*(and_(*(c == row[c.name] for c in pk)) for row in before))
        for row in connection.execute(select(table).where(keys)).mappings():
            after[_key(row, [c.name for c in pk])] = dict(row)
    verb = "delete" if state.is_delete else "update"
    drafts = _bulk_drafts(table, verb, before, after)
    session = state.session
    audit_commit.keep(session, drafts, _source(session), _now(session))
    return result


event.listen(Session, "after_flush", _after_flush)
event.listen(Session, "do_orm_execute", _on_execute)
audit_commit.listen()


def _outcome(error: EcrimeError) -> tuple[str, dict[str, Any]]:
    details: dict[str, Any] = {"error": type(error).__name__, "message": str(error)[:500]}
    if isinstance(error, InvalidInput):
        details["problems"] = [{"field": p.field, "code": p.code} for p in error.problems]
    denied = isinstance(error, Forbidden | RecordLocked)  # a locked record is a refusal too
    return ("denied" if denied else "failed"), details


def _refusal(action: str, error: EcrimeError) -> chain.Draft:
    outcome, details = _outcome(error)
    what = error.what if isinstance(error, NotFound) else None
    ident = str(error.ident) if isinstance(error, NotFound) else None
    return chain.Draft(action, outcome, what, ident, details)


async def _append_refusal(ctx: Context, draft: chain.Draft) -> None:
    await chain.append(ctx.session, [draft], ctx.audit_source, ctx.clock.now())
    await ctx.session.commit()
    ctx.refusals_recorded += 1


async def record_refusal(ctx: Context, error: EcrimeError) -> None:
    """After a refused mutation's rollback: one entry, committed on its own.

    Runs inside ``Context.transaction``, which holds ``ctx.lock`` already.
    """
    await _append_refusal(ctx, _refusal(ctx.operation or "mutation", error))


async def record_refused_operation(ctx: Context, error: EcrimeError, *, action: str) -> None:
    """A refusal that no transaction saw: raised before one opened. Whatever the session holds
    is rolled back first, so that the entry is all a refused operation leaves."""
    async with ctx.lock:
        await ctx.session.rollback()
        await _append_refusal(ctx, _refusal(action, error))


async def record_read(
    ctx: Context,
    *,
    action: str,
    object_type: str | None,
    object_ids: Sequence[object] = (),
    details: dict[str, Any] | None = None,
    outcome: str = "ok",
) -> None:
    """Record a read: one entry per object id, or one for the whole act when there are none.

    Reads run outside any transaction and strawberry resolves fields concurrently, so this takes
    ``ctx.lock``, ends the read transaction (SQLite cannot turn an old read snapshot into a write)
    and commits the entry on its own.
    """
    ids: list[str | None] = [str(i) for i in object_ids] or [None]
    drafts = [chain.Draft(action, outcome, object_type, i, details or {}) for i in ids]
    async with ctx.lock:
        if ctx.session.in_transaction():
            await ctx.session.commit()
        await chain.append(ctx.session, drafts, ctx.audit_source, ctx.clock.now())
        await ctx.session.commit()


async def _may_read_audit(ctx: Context, action: str) -> None:
    """Only admins read the trail; an attempt by anyone else is itself recorded."""
    try:
        authorize(ctx.principal, "read", "audit")
    except Forbidden:
        await record_read(ctx, action=action, object_type=None, outcome="denied")
        raise


async def audit_entries(
    ctx: Context, where: chain.AuditFilter, before_id: int | None, limit: int
) -> list[Any]:
    """Entries for admins, newest first. The search is recorded first, as every search is, so
    the page and its count both include it."""
    await _may_read_audit(ctx, "audit.search")
    terms = {k: v for k, v in vars(where).items() if v is not None}
    await record_read(ctx, action="audit.search", object_type=None, details={"filter": terms})
    found = await ctx.run(chain.entries_page, where=where, before_id=before_id, limit=limit)
    return [shown(ctx.principal, entry) for entry in found]


async def count_audit_entries(ctx: Context, where: chain.AuditFilter) -> int:
    authorize(ctx.principal, "read", "audit")
    return await ctx.run(chain.count_entries, where=where)


async def chain_status(ctx: Context) -> chain.ChainStatus:
    await _may_read_audit(ctx, "audit.verify")
    return await ctx.run(chain.verify)
