"""The tokens that act for you: accept or decline those an admin made for you.

Open to everyone signed in (a session, which is signing in as yourself); the same operations as
GraphQL's consentApiToken / declineApiToken (resolvers.token_consent). A token made for you by
someone else does nothing until you accept it here.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from strawberry.relay import GlobalID

from db.errors import Forbidden, NotFound
from resolvers import token_consent
from web.admin.context import view_context
from web.admin.i18n import N_
from web.admin.pages import SIGNED_IN, go, page
from web.admin.render import render


@page("/my-tokens", needs=SIGNED_IN, name="own_tokens", menu=N_("My API tokens"), menu_order=90)
async def own_tokens(request: Request) -> Response:
    async with view_context(request) as ctx:
        found = await token_consent.own_tokens(ctx)
    return render(
        request, "admin/tokens/own.html", tokens=found, done=request.query_params.get("done")
    )


async def _answer(request: Request, verb: str) -> Response:
    token_id = str(GlobalID("ApiToken", request.path_params["id"]))
    accept = verb == "accepted"
    act = token_consent.consent if accept else token_consent.decline
    try:
        async with view_context(request, "token.consent" if accept else "token.decline") as ctx:
            await act(ctx, token_id)
    except (NotFound, Forbidden):
        return render(request, "admin/users/missing.html", status_code=404)
    return go(request, f"/admin/my-tokens?done={verb}")


@page("/my-tokens/{id}/consent", needs=SIGNED_IN, methods=("POST",), name="own_tokens_consent")
async def own_tokens_consent(request: Request) -> Response:
    return await _answer(request, "accepted")


@page("/my-tokens/{id}/decline", needs=SIGNED_IN, methods=("POST",), name="own_tokens_decline")
async def own_tokens_decline(request: Request) -> Response:
    return await _answer(request, "declined")
