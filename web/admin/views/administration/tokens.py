"""API tokens (administration): list, create (the secret shown once), revoke.

The same operations as GraphQL's createApiToken / revokeApiToken (resolvers.tokens). The secret
is in the one answer to the create form — a page, never a redirect, never stored or logged; only
its SHA-256 is kept.
"""

from __future__ import annotations

from datetime import timedelta

from starlette.requests import Request
from starlette.responses import Response
from strawberry.relay import GlobalID

from db import paging
from db.demo.org import POSITIONS
from db.errors import InvalidInput, NotFound
from resolvers import tokens, users
from web.admin.context import view_context
from web.admin.forms import Form
from web.admin.i18n import N_
from web.admin.pages import go, page
from web.admin.render import render

NEEDS = (("tokens", "administer"),)
PAGE_SIZE = 50
# form field → the resolver's field, where they differ
FIELD_OF = {"ownerId": "owner", "expiresAt": "days"}


@page("/tokens", needs=NEEDS, name="tokens_list", menu=N_("API tokens"), menu_order=81)
async def tokens_list(request: Request) -> Response:
    everything = request.query_params.get("all") == "1"
    try:
        number = max(int(request.query_params.get("page", "1")), 1)
    except ValueError:
        number = 1
    window = paging.Page(limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
    async with view_context(request) as ctx:
        rows = await tokens.api_tokens_page(ctx, include_inactive=everything, page=window)
        owners = await users.usernames(
            ctx, [r.owner_id for r in rows] + [r.created_by_id for r in rows if r.created_by_id]
        )
        now = ctx.clock.now()
    return render(
        request,
        "admin/tokens/list.html",
        rows=rows[:PAGE_SIZE],
        owners=owners,
        now=now,
        everything=everything,
        number=number,
        more=len(rows) > PAGE_SIZE,
        done=request.query_params.get("done"),
    )


def _new_form(request: Request, form: Form, status_code: int = 200) -> Response:
    roles = [(p, p) for p in POSITIONS if p not in tokens.UNGRANTABLE]
    return render(request, "admin/tokens/new.html", form=form, roles=roles, status_code=status_code)


@page("/tokens/new", needs=NEEDS, name="tokens_new")
async def tokens_new(request: Request) -> Response:
    return _new_form(request, Form(values={"days": "90"}))


@page("/tokens/new", needs=NEEDS, methods=("POST",), name="tokens_create")
async def tokens_create(request: Request) -> Response:
    form = await Form.read(request)
    days = form.integer("days")
    roles = [r for r in form.get("roles").split("\n") if r] or None
    try:
        async with view_context(request, "token.create") as ctx:
            owner = await users.find_user(ctx, form.text("owner")) if form.text("owner") else None
            if form.text("owner") and owner is None:
                form.add("owner", "no such user")
            data = tokens.TokenInput(
                name=form.text("name"),
                owner_id=str(GlobalID("User", str(owner.id))) if owner else "",
                expires_at=ctx.clock.now() + timedelta(days=days or 0),
                roles=roles,
            )
            issued = await tokens.create_api_token(ctx, data)
    except InvalidInput as error:
        for problem in error.problems:
            name = FIELD_OF.get(problem.field, problem.field)
            if not form.errors.get(name):  # "no such user" says it already
                form.add(name, problem.message)
        return _new_form(request, form, status_code=422)
    return render(
        request,
        "admin/tokens/created.html",
        row=issued.row,
        secret=issued.secret,
        owner=owner.username if owner else "",
    )


@page("/tokens/{id}/revoke", needs=NEEDS, methods=("POST",), name="tokens_revoke")
async def tokens_revoke(request: Request) -> Response:
    token_id = str(GlobalID("ApiToken", request.path_params["id"]))
    try:
        async with view_context(request, "token.revoke") as ctx:
            await tokens.revoke_api_token(ctx, token_id)
    except NotFound:
        return render(request, "admin/users/missing.html", status_code=404)
    return go(request, "/admin/tokens?done=revoked")
