"""A token made for another user waits for that user's consent (issue 14, separation of duties).

An admin who may make tokens must not thereby be able to act as an analyst: a token made by one
user for another (``ApiToken.made_for_another``) is refused until its owner accepts it, signed in
as themselves — with a browser session or a token exchanged for their password, never with
another API token, which could otherwise widen itself. The owner may decline it instead (it is
revoked). Both are audited with who made the token for whom, so the trail reads "made by X for
Y, consented by Y at T".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db import auth as queries
from db import tables as t
from db.errors import Forbidden, NotFound
from policies.authorize import authorize
from resolvers.auth import Origin, audit
from resolvers.context import Context
from resolvers.references import target_id
from resolvers.writing import require_user

NOT_YOURSELF = "accept or decline a token signed in as yourself, not with an API token"


@dataclass(frozen=True)
class OwnToken:
    row: t.ApiToken
    made_by: str | None  # None: made with ``ecrime token create``


async def own_tokens(ctx: Context) -> list[OwnToken]:
    """The caller's live admin-made tokens, those awaiting consent among them."""
    if ctx.principal.user_id is None:
        return []
    found = await ctx.run(queries.owned_tokens, owner_id=ctx.principal.user_id, now=ctx.clock.now())
    return [OwnToken(row, made_by) for row, made_by in found]


async def _signed_in_as_owner(ctx: Context, session: AsyncSession) -> int:
    user_id = require_user(ctx)
    if ctx.principal.token_id is not None:
        used = await session.get(t.ApiToken, ctx.principal.token_id)
        if used is None or used.kind != "sign_in":
            raise Forbidden(NOT_YOURSELF)
    return user_id


async def _pending(ctx: Context, session: AsyncSession, token_id: str) -> t.ApiToken:
    number = target_id(token_id, "ApiToken")
    owner_id = await _signed_in_as_owner(ctx, session)
    row = await queries.token_for_update(session=session, token_id=number)
    if row is None or row.owner_id != owner_id or row.kind != "api":
        raise NotFound(
            "ApiToken", token_id
        )  # someone else's token is none of the caller's business
    if row.revoked_at is not None or row.expires_at <= ctx.clock.now():
        raise Forbidden("this token is revoked or expired")
    return row


async def _record(ctx: Context, session: AsyncSession, action: str, row: t.ApiToken) -> None:
    maker = await session.get(t.User, row.created_by_id) if row.created_by_id else None
    details = {
        "token_id": row.id,
        "name": row.name,
        "owner": ctx.principal.username,
        "made_by": maker.username if maker else None,
        "roles": list(row.role_list),
        "consented_at": row.consented_at,
    }
    origin = Origin(ip=ctx.ip or "", user_agent=ctx.user_agent or "")
    await audit(
        session,
        action=action,
        who=ctx.principal,
        outcome="ok",
        origin=origin,
        at=ctx.clock.now(),
        details=details,
    )


async def consent(ctx: Context, token_id: str) -> t.ApiToken:
    """Accept a token made for the caller; accepting it again changes nothing."""
    async with ctx.transaction() as session:
        row = await _pending(ctx, session, token_id)
        if row.consented_at is None:
            row.consented_at = ctx.clock.now()
            await session.flush()
            await _record(ctx, session, "token.consent", row)
        return row


async def decline(ctx: Context, token_id: str) -> t.ApiToken:
    """Refuse a token made for the caller: it is revoked, by them."""
    async with ctx.transaction() as session:
        row = await _pending(ctx, session, token_id)
        row.revoked_at, row.revoked_by_id = ctx.clock.now(), ctx.principal.user_id
        await session.flush()
        await _record(ctx, session, "token.decline", row)
        return row


@dataclass(frozen=True)
class Provenance:
    """Whose a token is and who made it: what the audit viewer shows beside its entries."""

    token_id: int
    owner: str | None
    made_by: str | None
    consented_at: datetime | None


async def provenance(ctx: Context, ids: list[int]) -> dict[int, Provenance]:
    """For admins reading the trail, beside the entries made with these tokens."""
    authorize(ctx.principal, "read", "audit")
    rows = await ctx.run(queries.tokens_by_id, ids=sorted(set(ids))) if ids else []
    people = {r.owner_id for r in rows} | {r.created_by_id for r in rows if r.created_by_id}
    names = await ctx.run(queries.usernames, ids=sorted(people)) if people else {}
    return {
        row.id: Provenance(
            row.id,
            names.get(row.owner_id),
            names.get(row.created_by_id) if row.created_by_id else None,
            row.consented_at,
        )
        for row in rows
        if row.id is not None
    }
