"""Admin mutations for API tokens. Signing in and out are HTTP routes (web/auth.py), not
mutations: they set and clear the session cookie."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from resolvers import token_consent, tokens
from resolvers.context import Context
from schema.results import Forbidden, NotFound, ValidationFailed, mutation, outcome
from schema.types.auth import ApiToken

Info = strawberry.Info[Context, None]


@strawberry.input(description="A token for a front-end app or a partner ministry.")
class CreateApiTokenInput:
    name: str = strawberry.field(description="What it is for, e.g. 'justice portal'; ≤ 80.")
    owner_id: strawberry.ID = strawberry.field(
        description="The User it acts as; the token can do no more than they can now, and, "
        "made for someone else, nothing until they accept it (consentApiToken)."
    )
    expires_at: datetime = strawberry.field(description="Required; at most one year from now.")
    roles: list[str] | None = strawberry.field(
        default=None,
        description="A subset of the owner's roles; by default all of them. Never 'admin'.",
    )


@strawberry.type
class CreateApiTokenSuccess:
    token: ApiToken
    secret: str = strawberry.field(
        description="Send as 'Authorization: Bearer <secret>'. Shown this once; only its hash "
        "is kept, so a lost secret means a new token."
    )


@strawberry.type
class RevokeApiTokenSuccess:
    token: ApiToken


@strawberry.type
class ConsentApiTokenSuccess:
    token: ApiToken


Failures = ValidationFailed | NotFound | Forbidden
CreateApiTokenResult = Annotated[
    CreateApiTokenSuccess | Failures, strawberry.union("CreateApiTokenResult")
]
RevokeApiTokenResult = Annotated[
    RevokeApiTokenSuccess | Failures, strawberry.union("RevokeApiTokenResult")
]
ConsentApiTokenResult = Annotated[
    ConsentApiTokenSuccess | Failures, strawberry.union("ConsentApiTokenResult")
]


@strawberry.type
class AuthMutations:
    @mutation("Make an API token (admins). The answer holds its secret, shown only this once.")
    async def create_api_token(
        self, info: Info, input: CreateApiTokenInput
    ) -> CreateApiTokenResult:
        data = tokens.TokenInput(
            name=input.name, owner_id=input.owner_id, expires_at=input.expires_at, roles=input.roles
        )
        return await outcome(
            tokens.create_api_token(info.context, data),
            lambda issued: CreateApiTokenSuccess(
                token=ApiToken.from_row(issued.row), secret=issued.secret
            ),
        )

    @mutation(
        "Accept a token made to act for you (its owner only, signed in as yourself, not with a "
        "token): until then it is refused."
    )
    async def consent_api_token(self, info: Info, id: strawberry.ID) -> ConsentApiTokenResult:
        return await outcome(
            token_consent.consent(info.context, id),
            lambda row: ConsentApiTokenSuccess(token=ApiToken.from_row(row)),
        )

    @mutation("Refuse a token made to act for you (its owner only): it is revoked.")
    async def decline_api_token(self, info: Info, id: strawberry.ID) -> ConsentApiTokenResult:
        return await outcome(
            token_consent.decline(info.context, id),
            lambda row: ConsentApiTokenSuccess(token=ApiToken.from_row(row)),
        )

    @mutation("Revoke an API token (admins): it is refused from the next request on.")
    async def revoke_api_token(self, info: Info, id: strawberry.ID) -> RevokeApiTokenResult:
        return await outcome(
            tokens.revoke_api_token(info.context, id),
            lambda row: RevokeApiTokenSuccess(token=ApiToken.from_row(row)),
        )
