"""Users and roles (administration): list, page, create, change, disable, new password, TOTP.

Every operation is resolvers.users, the same the ``ecrime user`` commands use; each change is
audited in its own transaction there. A user's role is their position (resolvers.auth.user_roles);
what a position may do is the policy's (the policy editor).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from db import paging
from db.demo.org import POSITIONS
from db.errors import InvalidInput, NotFound
from db.users import UserFilter
from policies.ranks import LADDER
from resolvers import users
from web.admin.context import view_context
from web.admin.forms import Form, prefill
from web.admin.i18n import N_
from web.admin.pages import go, page
from web.admin.render import render
from web.auth import Auth

NEEDS = (("users", "administer"),)
PAGE_SIZE = 50


def _id(request: Request) -> int:
    try:
        return int(request.path_params["id"])
    except ValueError:
        return 0


def _not_found(request: Request) -> Response:
    return render(request, "admin/users/missing.html", status_code=404)


async def _choices(request: Request) -> dict[str, Any]:
    async with view_context(request) as ctx:
        units, provinces = await users.choices(ctx)
    return {
        "positions": [(p, p) for p in POSITIONS],
        "ranks": LADDER,
        "units": [(u.code, f"{u.code} · {u.name_en}") for u in units],
        "provinces": [(p.code, f"{p.code} · {p.name_latin}") for p in provinces],
    }


@page("/users", needs=NEEDS, name="users_list", menu=N_("Users"), menu_order=80)
async def users_list(request: Request) -> Response:
    form = Form(values=dict(request.query_params))
    active = {"yes": True, "no": False}.get(form.text("active"))
    number = max(form.integer("page") or 1, 1)
    async with view_context(request) as ctx:
        where = UserFilter(
            unit_code=form.optional("unit"),
            province_code=form.optional("province"),
            position=form.optional("position"),
            active=active,
            text=form.optional("q"),
        )
        rows, total = await users.users_page(
            ctx, where, paging.Page(limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
        )
    query = {k: v for k, v in form.values.items() if k != "page" and v}
    return render(
        request,
        "admin/users/list.html",
        form=form,
        rows=rows[:PAGE_SIZE],
        total=total,
        number=number,
        more=len(rows) > PAGE_SIZE,
        query=query,
        **await _choices(request),
    )


@page("/users/new", needs=NEEDS, name="users_new")
async def users_new(request: Request) -> Response:
    form = Form(values={"position": "officer"})
    return render(request, "admin/users/new.html", form=form, **await _choices(request))


@page("/users/new", needs=NEEDS, methods=("POST",), name="users_create")
async def users_create(request: Request) -> Response:
    form = await Form.read(request)
    data = users.NewUser(
        username=form.text("username"),
        password=form.get("password"),
        position=form.text("position"),
        family_name=form.text("familyName"),
        given_name=form.text("givenName"),
        rank=form.text("rank"),
        unit_code=form.optional("unitCode"),
        province_code=form.optional("provinceCode"),
    )
    auth: Auth = request.app.state.auth
    try:
        async with view_context(request, "user.create") as ctx:
            user = await users.create_user(ctx, auth.passwords, data)
    except InvalidInput as error:
        form.absorb(error)
        form.values.pop("password", None)  # never sent back to the browser
        choices = await _choices(request)
        return render(request, "admin/users/new.html", form=form, status_code=422, **choices)
    return go(request, f"/admin/users/{user.id}?done=created")


async def _detail(
    request: Request, *, form: Form | None = None, status_code: int = 200, **extra: object
) -> Response:
    async with view_context(request) as ctx:
        try:
            found = await users.user_detail(ctx, _id(request))
        except NotFound:
            return _not_found(request)
    if form is None:
        form = prefill(
            found.user, {"position": "position", "rank": "rank", "provinceCode": "province_code"}
        )
        form.values["unitCode"] = found.unit.code if found.unit else ""
    return render(
        request,
        "admin/users/detail.html",
        status_code=status_code,
        user=found.user,
        unit=found.unit,
        enrolled=found.enrolled,
        inherits=found.inherits,
        form=form,
        password_form=extra.pop("password_form", None) or Form(),
        done=request.query_params.get("done"),
        otpauth=extra.pop("otpauth", None),
        **await _choices(request),
    )


@page("/users/{id}", needs=NEEDS, name="users_detail")
async def users_detail(request: Request) -> Response:
    return await _detail(request)


@page("/users/{id}/change", needs=NEEDS, methods=("POST",), name="users_change")
async def users_change(request: Request) -> Response:
    form = await Form.read(request)
    data = users.UserChange(
        position=form.text("position"),
        rank=form.text("rank"),
        unit_code=form.optional("unitCode"),
        province_code=form.optional("provinceCode"),
    )
    try:
        async with view_context(request, "user.change") as ctx:
            lost = await users.change_user(ctx, _id(request), data)
    except InvalidInput as error:
        form.absorb(error)
        return await _detail(request, form=form, status_code=422)
    except NotFound:
        return _not_found(request)
    return go(request, f"/admin/users/{_id(request)}?done={'demoted' if lost else 'changed'}")


@page("/users/{id}/password", needs=NEEDS, methods=("POST",), name="users_password")
async def users_password(request: Request) -> Response:
    form = await Form.read(request)
    auth: Auth = request.app.state.auth
    try:
        async with view_context(request, "user.password") as ctx:
            await users.reset_password(ctx, auth.passwords, _id(request), form.get("password"))
    except InvalidInput as error:
        form.absorb(error)
        form.values.pop("password", None)
        return await _detail(request, password_form=form, status_code=422)
    except NotFound:
        return _not_found(request)
    return go(request, f"/admin/users/{_id(request)}?done=password")


@page("/users/{id}/disable", needs=NEEDS, methods=("POST",), name="users_disable")
async def users_disable(request: Request) -> Response:
    try:
        async with view_context(request, "user.disable") as ctx:
            await users.disable_user(ctx, _id(request))
    except NotFound:
        return _not_found(request)
    return go(request, f"/admin/users/{_id(request)}?done=disabled")


@page("/users/{id}/totp", needs=NEEDS, methods=("POST",), name="users_totp")
async def users_totp(request: Request) -> Response:
    """The otpauth URI is in this answer only: a page, not a redirect, and never stored in clear."""
    try:
        async with view_context(request, "user.enrol_totp") as ctx:
            uri = await users.enrol_totp(ctx, _id(request))
    except NotFound:
        return _not_found(request)
    return await _detail(request, otpauth=uri)
