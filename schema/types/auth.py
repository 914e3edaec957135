"""Who is asking (``viewer``) and the API tokens admins manage."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.relay import GlobalID

from db import tables as t
from policies.principal import Principal
from resolvers import token_consent, tokens
from resolvers.context import Context
from schema.relay import Connection, build, page_args, related
from schema.types.org import User


@strawberry.type(description="The caller: a signed-in user, a token's holder, or anonymous.")
class Viewer:
    authenticated: bool
    username: str
    roles: list[str] = strawberry.field(description="Positions, or a token's roles.")
    rank: str | None
    province_code: str | None
    ministry_code: str | None
    token_name: str | None = strawberry.field(
        description="Set when the request came with an API token."
    )
    mfa_verified: bool = strawberry.field(description="A second factor was checked at sign-in.")
    user_id: strawberry.Private[int | None]

    @classmethod
    def from_principal(cls, principal: Principal) -> Viewer:
        return cls(
            authenticated=principal.authenticated,
            username=principal.username,
            roles=list(principal.roles),
            rank=principal.rank,
            province_code=principal.province_code,
            ministry_code=principal.ministry_code,
            token_name=principal.token_name,
            mfa_verified=principal.mfa_verified,
            user_id=principal.user_id,
        )

    @strawberry.field(description="Your user record, when signed in.")
    async def user(self, info: strawberry.Info[Context, None]) -> User | None:
        return await related(info, User, self.user_id)

    @strawberry.field(
        description="Live API tokens made to act for you, newest first; those awaiting your "
        "consent act only once you accept them (consentApiToken)."
    )
    async def api_tokens(self, info: strawberry.Info[Context, None]) -> list[OwnApiToken]:
        return [OwnApiToken.from_own(own) for own in await token_consent.own_tokens(info.context)]


@strawberry.type(description="An API token that acts for you.")
class OwnApiToken:
    id: strawberry.ID
    name: str
    roles: list[str]
    created_at: datetime
    expires_at: datetime
    made_by: str | None = strawberry.field(
        description="Who made it (username); null when made with the ecrime command."
    )
    consented_at: datetime | None
    awaiting_consent: bool

    @classmethod
    def from_own(cls, own: token_consent.OwnToken) -> OwnApiToken:
        row = own.row
        return cls(
            id=strawberry.ID(str(GlobalID("ApiToken", str(row.id)))),
            name=row.name,
            roles=list(row.role_list),
            created_at=row.created_at,
            expires_at=row.expires_at,
            made_by=own.made_by,
            consented_at=row.consented_at,
            awaiting_consent=row.awaiting_consent,
        )


@strawberry.type(description="A bearer token. Its secret is shown once, when it is made.")
class ApiToken:
    id: strawberry.ID
    name: str
    kind: str = strawberry.field(description="api (made by an admin) or sign_in (exchanged).")
    roles: list[str]
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None = strawberry.field(description="To the minute.")
    consented_at: datetime | None = strawberry.field(
        description="When its owner accepted it; a token made for another user acts only then."
    )
    awaiting_consent: bool
    owner_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: t.ApiToken) -> ApiToken:
        assert row.id is not None
        return cls(
            id=strawberry.ID(str(GlobalID("ApiToken", str(row.id)))),
            name=row.name,
            kind=row.kind,
            roles=list(row.role_list),
            created_at=row.created_at,
            expires_at=row.expires_at,
            revoked_at=row.revoked_at,
            last_used_at=row.last_used_at,
            consented_at=row.consented_at,
            awaiting_consent=row.awaiting_consent,
            owner_id=row.owner_id,
        )

    @strawberry.field
    async def owner(self, info: strawberry.Info[Context, None]) -> User | None:
        return await related(info, User, self.owner_id)


async def api_tokens(
    ctx: Context, include_inactive: bool, first: int | None, after: str | None
) -> Connection[ApiToken]:
    page = page_args(ctx, first, after)
    rows = await tokens.api_tokens_page(ctx, include_inactive=include_inactive, page=page)

    async def total() -> int:
        return await tokens.api_tokens_count(ctx, include_inactive=include_inactive)

    return build(rows, page, ApiToken.from_row, total)
