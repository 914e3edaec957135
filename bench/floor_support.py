"""What every floor does besides its own query: who is asking, ids and times as the API writes
them, and the audit entry the API appends for reads it must record.

The floor is held to the API's rules where they cost work a real answer needs: the bearer token
is looked up, the caller's scope is part of the SQL, and a person read or search is appended to
the hash chain (with the project's own hash function, so the chain stays verifiable).
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import asyncpg

from db.audit import GENESIS, LOCK_KEY, canonical_json, entry_hash


@dataclass(frozen=True)
class Caller:
    user_id: int
    username: str
    token_name: str
    roles: tuple[str, ...]
    province_code: str | None
    national: bool  # a national reader: every province
    user_agent: str | None


TOKEN = """SELECT t.name, t.roles, u.id, u.username, u.province_code
FROM api_token t JOIN app_user u ON u.id = t.owner_id
WHERE t.secret_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > now() AND u.active"""
NATIONAL_ROLES = frozenset({"national_analyst", "criminal_police", "planning_head"})


async def caller(conn: asyncpg.Connection, authorization: str, agent: str | None) -> Caller | None:
    secret = authorization.removeprefix("Bearer ").strip()
    row = await conn.fetchrow(TOKEN, hashlib.sha256(secret.encode()).hexdigest())
    if row is None:
        return None
    roles = tuple(row["roles"].split())
    return Caller(
        user_id=row["id"],
        username=row["username"],
        token_name=row["name"],
        roles=roles,
        province_code=row["province_code"],
        national=bool(NATIONAL_ROLES & set(roles)),
        user_agent=agent,
    )


def gid(type_name: str, key: object) -> str:
    return base64.b64encode(f"{type_name}:{key}".encode()).decode()


def key_of(global_id: str) -> str:
    return base64.b64decode(global_id).decode().partition(":")[2]


def when(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


def day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def cursor(offset: int) -> str:
    return base64.b64encode(f"arrayconnection:{offset}".encode()).decode()


_INSERT = """INSERT INTO audit_entry (id, at, actor_user_id, actor_username, token_name, ip,
user_agent, request_id, action, object_type, object_id, outcome, details, prev_hash, hash)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"""


async def audit_read(
    conn: asyncpg.Connection,
    who: Caller,
    *,
    action: str,
    object_type: str | None,
    object_ids: list[str],
    details: dict[str, Any],
) -> None:
    """Append one entry per object id (one for the act when there are none), as
    resolvers.audit.record_read does, in a transaction of its own."""
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1)", LOCK_KEY)
        last = await conn.fetchrow("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1")
        last_id, prev = (last["id"], last["hash"]) if last is not None else (0, GENESIS)
        at = datetime.now(UTC)
        request_id = uuid.uuid4().hex
        rows = []
        for offset, object_id in enumerate(object_ids or [None], start=1):
            values: dict[str, Any] = {
                "id": last_id + offset,
                "at": at,
                "actor_user_id": who.user_id,
                "actor_username": who.username,
                "token_name": who.token_name,
                "ip": "127.0.0.1",
                "user_agent": (who.user_agent or "")[:255] or None,
                "request_id": request_id,
                "action": action,
                "object_type": object_type,
                "object_id": object_id,
                "outcome": "ok",
                "details": canonical_json(details),
                "prev_hash": prev,
            }
            values["hash"] = prev = entry_hash(values)
            rows.append(tuple(values.values()))
        await conn.executemany(_INSERT, rows)
