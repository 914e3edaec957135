"""Helpers for the administration area's tests (users, tokens, policy, audit)."""

from __future__ import annotations

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db import tables as t

EN = {"Accept-Language": "en"}


def another_browser(client: httpx.AsyncClient) -> httpx.AsyncClient:
    """A second client on the same app with its own cookie jar (another person's browser)."""
    return httpx.AsyncClient(transport=client._transport, base_url=client.base_url)


def policy_without_delay(client: httpx.AsyncClient) -> None:
    """Make the app re-read the stored policy on every request (normally at most every 0.5 s),
    so a test sees a change at once rather than sleeping."""
    app = client._transport.app  # type: ignore[attr-defined]
    app.state.auth.policies.interval = 0


async def sign_in(client: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    return await client.post(
        "/admin/login", data={"username": username, "password": password, "next": "/admin/"}
    )


async def audit_actions(session: AsyncSession, **where: object) -> list[t.AuditEntry]:
    stmt = select(t.AuditEntry).order_by(t.AuditEntry.id)  # type: ignore[arg-type]
    for name, value in where.items():
        stmt = stmt.where(getattr(t.AuditEntry, name) == value)
    return list((await session.execute(stmt)).scalars().all())
