"""Signing in and out of the admin, and the language switch.

Signing in is the same operation as ``POST /auth/login`` (resolvers.sessions.sign_in): the same
lockout, the same audit entries, the same answer for every kind of failure. Administrators give
their TOTP code in the same form; the field is there for everyone, since the form must not tell
who is an administrator.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from resolvers.auth import Credentials, SignInRefused
from web.admin import i18n
from web.admin.forms import Form
from web.admin.pages import SIGNED_IN, page, safe_next
from web.admin.render import render
from web.auth import Auth

YEAR = 365 * 24 * 3600


@page("/login", needs=SIGNED_IN, public=True, name="login")
async def login_form(request: Request) -> Response:
    form = Form(values={"next": safe_next(request.query_params.get("next"))})
    return render(request, "admin/login.html", form=form, refused=None)


@page("/login", needs=SIGNED_IN, methods=("POST",), public=True, name="login_submit")
async def login_submit(request: Request) -> Response:
    form = await Form.read(request)
    auth: Auth = request.app.state.auth
    username = form.text("username")
    if not username or not form.get("password"):
        form.add("username", "username and password are required")
        return render(request, "admin/login.html", form=form, refused=None, status_code=400)
    given = Credentials(username=username, password=form.get("password"), code=form.text("totp"))
    try:
        done = await auth.sign_in(request, given)
    except SignInRefused as error:
        form.values.pop("password", None)  # never sent back to the browser
        return render(
            request,
            "admin/login.html",
            form=form,
            refused="locked" if error.locked else "invalid",
            status_code=429 if error.locked else 401,
        )
    response = RedirectResponse(safe_next(form.get("next")), status_code=303)
    auth.set_cookie(response, done.secret)
    return response


@page("/logout", needs=SIGNED_IN, methods=("POST",), name="logout")
async def logout(request: Request) -> Response:
    auth: Auth = request.app.state.auth
    await auth.sign_out(request)
    response = RedirectResponse("/admin/login", status_code=303)
    auth.clear_cookie(response)
    return response


@page("/language", needs=SIGNED_IN, methods=("POST",), public=True, name="language")
async def language(request: Request) -> Response:
    """Remember the chosen language for a year; back to the page the switch was on."""
    form = await Form.read(request)
    chosen = form.get("lang")
    response = RedirectResponse(safe_next(form.get("next")), status_code=303)
    if chosen in i18n.LOCALES:
        auth: Auth = request.app.state.auth
        response.set_cookie(
            i18n.COOKIE, chosen, max_age=YEAR, samesite="lax", secure=auth.secure_cookies
        )
    return response
