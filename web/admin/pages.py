"""The admin's routes, each with what it needs from the access policy, in one registry.

A view is registered with ``@page(path, needs=…)``. ``needs`` lists (object, action) pairs of the
Casbin policy, any one of which opens the page (in any domain: the data layer's scope still
decides which rows it shows). The guard, here and nowhere else, answers for every route:

- not signed in (no session cookie) → the sign-in page (303; ``HX-Redirect`` for htmx requests);
- signed in but the policy grants none of ``needs`` → 403 with the "not allowed" page;
- otherwise the view runs.

``needs=SIGNED_IN`` opens a page to everyone signed in. ``public=True`` is for the sign-in page
and the language switch only. A route with ``menu`` appears in the header menu of those who may
open it, so a policy change shows at once in what a user sees. ``tests/test_admin_routes.py``
requests every route here as a user the policy refuses and expects the refusal.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from policies.authorize import allowed
from policies.principal import Principal

View = Callable[[Request], Awaitable[Response]]
Need = tuple[str, str]  # (object, action), as in policies/default_policy.csv
SIGNED_IN: tuple[Need, ...] = ()


@dataclass(frozen=True)
class AdminPage:
    path: str
    view: View
    methods: tuple[str, ...]
    needs: tuple[Need, ...]
    name: str
    public: bool = False
    menu: str | None = None  # the header menu label (English; translated when shown)
    menu_order: int = 100

    def opens_for(self, principal: Principal) -> bool:
        if self.public:
            return True
        if principal.session_id is None:
            return False
        return not self.needs or any(allowed(principal, act, obj) for obj, act in self.needs)


PAGES: list[AdminPage] = []


def page(
    path: str,
    *,
    needs: tuple[Need, ...],
    methods: tuple[str, ...] = ("GET",),
    name: str | None = None,
    public: bool = False,
    menu: str | None = None,
    menu_order: int = 100,
) -> Callable[[View], View]:
    """Register an admin view at ``/admin{path}``; see the module docstring for ``needs``."""

    def register(view: View) -> View:
        entry = AdminPage(
            path=path,
            view=view,
            methods=methods,
            needs=needs,
            name=name or view.__name__,
            public=public,
            menu=menu,
            menu_order=menu_order,
        )
        if any(p.name == entry.name for p in PAGES):
            raise ValueError(f"two admin pages are named {entry.name!r}")
        PAGES.append(entry)
        return view

    return register


def guarded(entry: AdminPage) -> View:
    async def endpoint(request: Request) -> Response:
        principal: Principal = request.state.principal
        if entry.public or entry.opens_for(principal):
            return await entry.view(request)
        if principal.session_id is None:
            return to_login(request)
        from web.admin.render import render  # the templates need the registry: import late

        return render(request, "admin/refused.html", status_code=403)

    endpoint.__name__ = entry.name
    return endpoint


def to_login(request: Request) -> Response:
    target = "/admin/login"
    if request.method == "GET" and request.url.path != target:
        target += f"?next={request.url.path}"
    if request.headers.get("hx-request"):
        return Response(status_code=401, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def menu_for(principal: Principal) -> list[AdminPage]:
    entries = [p for p in PAGES if p.menu and "GET" in p.methods and p.opens_for(principal)]
    return sorted(entries, key=lambda p: (p.menu_order, p.path))


def safe_next(value: str | None, default: str = "/admin/") -> str:
    """A redirect target from a form or query: a path on this site, never another site."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return default


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def go(request: Request, url: str) -> Response:
    """After a successful POST: see the result (303; htmx follows the redirect itself)."""
    return RedirectResponse(url, status_code=303)
