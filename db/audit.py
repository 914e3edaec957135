"""The audit trail's chain: append, verify, prune, and the admin's queries.

Each entry stores ``hash = SHA-256(prev_hash + canonical JSON of its fields)`` where the fields are
every column but ``hash`` itself, keys sorted, times in one fixed UTC format. Changing any field of
any entry, or deleting one, breaks the chain at that entry or the one after it, and
``verify`` names it. What a chain cannot show is the loss of its newest entries, or a suffix
rewritten and rehashed by someone with write access (there is no secret in a SHA-256 chain);
noting the head (``ChainStatus.last_hash``) somewhere else and comparing later shows both.

Appends are serialised so that two transactions never link to the same predecessor: PostgreSQL
takes a transaction-level advisory lock before reading the last entry; SQLite serialises
writers itself, and an append takes the write lock before it reads. Append runs on a sync Connection
because the flush hook (resolvers.audit) calls it from inside a flush; async callers go through
``append``. None of these functions commits.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from db.paging import count_rows
from db.tables.audit import AuditEntry

if TYPE_CHECKING:
    from policies.principal import Principal

GENESIS = "0" * 64
LOCK_KEY = int.from_bytes(b"ecaudit", "big")  # pg_advisory_xact_lock key of the chain head
PRUNE = "audit.prune"
# Session.info keys: who acts (a Source) and the injected Clock, set by resolvers.context.
SOURCE_KEY = "audit_source"
CLOCK_KEY = "clock"
MIN_RETENTION_DAYS = 365  # DESIGN: audit records are kept at least one year
_TABLE = AuditEntry.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Source:
    """Who acts and from where: the same for every entry of one request."""

    username: str = "system"  # "system": no principal (CLI, migrations, the demo loader)
    user_id: int | None = None
    token_name: str | None = None
    ip: str | None = None
    user_agent: str | None = None
    request_id: str | None = None


@dataclass(frozen=True)
class Draft:
    """What one entry says, before the chain gives it an id and a hash."""

    action: str
    outcome: str = "ok"
    object_type: str | None = None
    object_id: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


def plain(value: Any) -> Any:
    """A value as JSON keeps it: times in UTC ISO 8601, decimals as text."""
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    return value


def canonical_json(value: Any) -> str:
    return json.dumps(plain(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def format_time(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(values: dict[str, Any]) -> str:
    """The hash of an entry from its column values (``hash`` itself is left out)."""
    fields = {k: v for k, v in values.items() if k != "hash"}
    fields["at"] = format_time(fields["at"])
    payload = fields["prev_hash"] + canonical_json(fields)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _clip(name: str, value: Any) -> Any:
    """Cut text to its column (a long user agent must not cost the entry)."""
    limit = getattr(_TABLE.c[name].type, "length", None)
    return value[:limit] if isinstance(value, str) and limit else value


def append_sync(
    connection: Connection, drafts: Sequence[Draft], source: Source, at: datetime
) -> list[int]:
    """Chain ``drafts`` onto the trail in the connection's transaction; their new ids."""
    if not drafts:
        return []
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    else:
        # Take SQLite's write lock before reading the head: a transaction that read first cannot
        # upgrade once another writer has committed ("database is locked", busy timeout or not).
        connection.execute(text("UPDATE audit_entry SET id = id WHERE 0"))
    last = connection.execute(
        select(_TABLE.c.id, _TABLE.c.hash).order_by(_TABLE.c.id.desc()).limit(1)
    ).first()
    last_id, prev = (last[0], last[1]) if last is not None else (0, GENESIS)
    rows = []
    for offset, draft in enumerate(drafts, start=1):
        values: dict[str, Any] = {
            "id": last_id + offset,
            "at": at.astimezone(UTC),
            "actor_user_id": source.user_id,
            "actor_username": source.username,
            "token_name": source.token_name,
            "ip": source.ip,
            "user_agent": source.user_agent,
            "request_id": source.request_id,
            "action": draft.action,
            "object_type": draft.object_type,
            "object_id": draft.object_id,
            "outcome": draft.outcome,
            "details": canonical_json(draft.details),
            "prev_hash": prev,
        }
        values = {k: _clip(k, v) for k, v in values.items()}
        values["hash"] = prev = entry_hash(values)
        rows.append(values)
    connection.execute(insert(_TABLE), rows)
    return [row["id"] for row in rows]


async def append(
    session: AsyncSession, drafts: Sequence[Draft], source: Source, at: datetime
) -> list[int]:
    return await session.run_sync(lambda s: append_sync(s.connection(), drafts, source, at))


async def record_security_event(
    session: AsyncSession,
    *,
    action: str,
    principal_or_username: Principal | str,
    outcome: str,
    ip: str | None,
    user_agent: str | None,
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> None:
    """A login, logout, token or policy event, appended in the caller's transaction.

    The caller commits, also when the event is a failure (a refused login must stay recorded).
    """
    from policies.principal import Principal

    request = session.sync_session.info.get(SOURCE_KEY)
    who = principal_or_username
    source = Source(
        username=who.username if isinstance(who, Principal) else who,
        user_id=who.user_id if isinstance(who, Principal) else None,
        token_name=who.token_label if isinstance(who, Principal) else None,
        ip=ip,
        user_agent=user_agent,
        request_id=request.request_id if isinstance(request, Source) else None,
    )
    clock = session.sync_session.info.get(CLOCK_KEY)
    when = at or (clock.now() if clock is not None else datetime.now(UTC))
    draft = Draft(action=action, outcome=outcome, details=details or {})
    await append(session, [draft], source, when)


@dataclass(frozen=True)
class ChainStatus:
    intact: bool
    count: int  # entries checked (all of them when intact)
    last_id: int | None = None
    last_hash: str | None = (
        None  # the head, to note down elsewhere: a chain cannot show its tail lost
    )
    broken_id: int | None = None
    broken_at: datetime | None = None
    reason: str | None = None


async def _anchor(session: AsyncSession) -> tuple[int, str] | None:
    """Where the last prune left the chain starting: (first kept id, its prev_hash)."""
    stmt = (
        select(col(AuditEntry.details))
        .where(col(AuditEntry.action) == PRUNE)
        .order_by(col(AuditEntry.id).desc())
        .limit(1)
    )
    details = (await session.execute(stmt)).scalar_one_or_none()
    if details is None:
        return None
    anchor = json.loads(details).get("anchor") or {}
    return int(anchor.get("id", 0)), str(anchor.get("prev_hash", ""))


async def verify(*, session: AsyncSession, chunk: int = 2000) -> ChainStatus:
    """Walk the chain from its oldest entry; stop at the first that does not hold."""
    anchor = await _anchor(session)
    count, last_id, prev = 0, 0, ""
    while True:
        stmt = select(_TABLE).where(_TABLE.c.id > last_id).order_by(_TABLE.c.id).limit(chunk)
        rows = (await session.execute(stmt)).mappings().all()
        if not rows:
            return ChainStatus(True, count, last_id or None, prev or None)
        for row in rows:
            count += 1
            reason = _problem(row, anchor, count == 1, last_id, prev)
            if reason is not None:
                return ChainStatus(
                    intact=False,
                    count=count,
                    last_id=last_id or None,
                    last_hash=prev or None,
                    broken_id=row["id"],
                    broken_at=row["at"],
                    reason=reason,
                )
            last_id, prev = row["id"], row["hash"]


def _problem(
    row: Mapping[Any, Any], anchor: tuple[int, str] | None, first: bool, last_id: int, prev: str
) -> str | None:
    if first:
        if (row["id"], row["prev_hash"]) not in ((1, GENESIS), anchor):
            return "the trail starts here, but no prune left it starting here: entries are missing"
    elif row["id"] != last_id + 1:
        return f"entries {last_id + 1} to {row['id'] - 1} are missing before it"
    elif row["prev_hash"] != prev:
        return "its link does not match the hash of the entry before it"
    if entry_hash(dict(row)) != row["hash"]:
        return "its stored hash does not match its contents"
    return None


async def prune(*, session: AsyncSession, before: datetime, source: Source, now: datetime) -> int:
    """Delete entries older than ``before`` (never the newest) and record where the chain now
    starts. On PostgreSQL the trigger lets exactly this through: see migration 0004."""
    if before > now.astimezone(UTC) - timedelta(days=MIN_RETENTION_DAYS):
        raise ValueError(f"audit entries are kept at least {MIN_RETENTION_DAYS} days")
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
        await session.execute(
            text(
                "SELECT set_config('ecrime.audit_prune', 'on', true),"
                " set_config('ecrime.audit_prune_before', :before, true)"
            ),
            {"before": before.astimezone(UTC).isoformat()},
        )
    newest = select(func.max(AuditEntry.id)).scalar_subquery()
    stmt = delete(AuditEntry).where(col(AuditEntry.at) < before, col(AuditEntry.id) < newest)
    result = await session.execute(stmt.execution_options(synchronize_session=False))
    if postgres:
        await session.execute(text("SELECT set_config('ecrime.audit_prune', 'off', true)"))
    first = (
        await session.execute(
            select(col(AuditEntry.id), col(AuditEntry.prev_hash))
            .order_by(col(AuditEntry.id))
            .limit(1)
        )
    ).first()
    deleted = int(getattr(result, "rowcount", 0) or 0)
    if first is not None:
        anchor = {"id": first[0], "prev_hash": first[1]}
        details = {"deleted": deleted, "before": before, "anchor": anchor}
        await append(session, [Draft(action=PRUNE, details=details)], source, now)
    return deleted


@dataclass(frozen=True)
class AuditFilter:
    actor: str | None = None  # username
    action: str | None = None  # exact, or a prefix ending in "." ("person." for every person act)
    object_type: str | None = None
    object_id: str | None = None
    outcome: str | None = None
    since: datetime | None = None
    until: datetime | None = None  # exclusive


def audit_where(f: AuditFilter) -> list[Any]:
    where: list[Any] = []
    if f.actor:
        where.append(col(AuditEntry.actor_username) == f.actor)
    if f.action:
        action = col(AuditEntry.action)
        where.append(
            action.startswith(f.action, autoescape=True)
            if f.action.endswith(".")
            else action == f.action
        )
    for column, value in (
        (AuditEntry.object_type, f.object_type),
        (AuditEntry.object_id, f.object_id),
        (AuditEntry.outcome, f.outcome),
    ):
        if value:
            where.append(col(column) == value)
    if f.since:
        where.append(col(AuditEntry.at) >= f.since)
    if f.until:
        where.append(col(AuditEntry.at) < f.until)
    return where


async def entries_page(
    *, session: AsyncSession, where: AuditFilter, before_id: int | None, limit: int
) -> list[Any]:
    """Entries newest first, below ``before_id`` (keyset: appends never shift a page); one
    beyond ``limit``, for hasNextPage."""
    stmt = select(AuditEntry).where(*audit_where(where))
    if before_id is not None:
        stmt = stmt.where(col(AuditEntry.id) < before_id)
    stmt = stmt.order_by(col(AuditEntry.id).desc()).limit(limit + 1)
    return list((await session.execute(stmt)).scalars().all())


async def count_entries(*, session: AsyncSession, where: AuditFilter) -> int:
    return await count_rows(session=session, stmt=select(AuditEntry).where(*audit_where(where)))
