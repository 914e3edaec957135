"""Every route of the app, from its route table, with what the matrix knows about it.

Admin routes are known by their registry entry (web.admin.pages.PAGES: who may open them); the
few routes outside the admin are described in ``OUTSIDE`` below. A route in neither fails the
matrix until it is described, so nothing added later goes unchecked. A path parameter that names
a record is known by the word before it (``/offences/{id}`` → Offence); one the matrix cannot
tell what it names must be listed in ``NOT_RECORDS`` with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute

from policies.authorize import allowed
from policies.principal import Principal
from web.admin import load_views
from web.admin.pages import PAGES, AdminPage

load_views()
# Who may open each admin page, as registered when the matrix was imported: a test that plants
# a broken ``needs`` changes what the app enforces, never what the matrix expects.
NEEDS = {entry.name: entry.needs for entry in PAGES}
PUBLIC_PAGES = {entry.name for entry in PAGES if entry.public}

# Routes outside the admin registry: (path, method) -> how a caller without rights is refused.
#   public      anyone, on purpose
#   credentials the body's username and password authorise (no session, so no CSRF token)
#   session     a signed-in session or token: anonymous gets 401
#   scoped      anyone, but answered through the caller's scope (anonymous sees nothing)
#   refused     anonymous gets no success (401, 403, or 422 when the input is judged first)
OUTSIDE: dict[tuple[str, str], str] = {
    ("/healthz", "GET"): "public",
    ("/auth/login", "POST"): "credentials",
    ("/auth/token", "POST"): "credentials",
    ("/auth/logout", "POST"): "public",  # signing out nobody ends nothing
    ("/auth/session", "GET"): "session",
    ("/graphql", "GET"): "public",  # the GraphiQL page
    ("/graphql", "POST"): "scoped",  # what it answers: tests/trust/test_field_matrix.py
    ("/graphql", "WEBSOCKET"): "scoped",  # subscriptions: tests/test_alert_subscription.py
    ("/persons/{person}/photos/{photo}", "GET"): "scoped",
    ("/photos", "POST"): "refused",  # an upload: anonymous stores nothing
    ("/static/{path}", "GET"): "public",
    ("/admin", "GET"): "public",  # a redirect to /admin/
}
# Sign-in needs no token: the credentials are the proof (web/csrf.py EXEMPT says the same).
CSRF_EXEMPT = {"/auth/login", "/auth/token", "/admin/login"}
RECORDS = {
    "person": "Person",
    "persons": "Person",
    "offence": "Offence",
    "offences": "Offence",
    "case": "Case",
    "cases": "Case",
    "warrant": "Warrant",
    "warrants": "Warrant",
    "notice": "Notice",
    "notices": "Notice",
    "operation": "Operation",
    "operations": "Operation",
}
NOT_RECORDS = {
    "policy": "policy rules: admins only, and an admin sees them all",
    "tokens": "API tokens: admins only, and an admin sees them all",
    "my-tokens": "tokens made for the caller, who consents to its own (tests/test_auth_tokens.py)",
    "users": "users: admins only, and an admin sees them all",
    "templates": "an import template's kind, not a record",
    "jobs": "import jobs live in the uploader's process (tests/test_admin_imports.py)",
    "alerts": "hit alerts are addressed to a unit or role (tests/test_hits.py)",
    "hits": "hits are decided by the owning unit (tests/test_hits.py)",
    "reviews": "review requests follow the filing province (tests/test_review_requests.py)",
    "static": "static files",
}
# Pages whose answer never ends (server-sent events): refused like any other, never read whole.
STREAMS = {"alerts_stream"}  # what it streams: tests/test_admin_alerts.py
PARAM = re.compile(r"\{([^}:]+)(?::[^}]+)?\}")


@dataclass(frozen=True)
class Endpoint:
    path: str  # the template, e.g. /admin/offences/{id:int}
    method: str
    page: AdminPage | None

    @property
    def params(self) -> list[str]:
        return PARAM.findall(self.path)

    @property
    def record(self) -> str | None:
        """The record type the path's first parameter names, None if it names none."""
        found = re.search(r"/([a-z_-]+)/\{", self.path)
        if found is None:
            return None
        word = found.group(1)
        if word in RECORDS:
            return RECORDS[word]
        assert word in NOT_RECORDS, f"{self.path}: what does {{{self.params[0]}}} name?"
        return None

    def concrete(self, value: object = 1) -> str:
        return PARAM.sub(lambda m: str(value), self.path)

    @property
    def rule(self) -> str:
        if self.page is not None:
            return "public" if self.page.name in PUBLIC_PAGES else "page"
        template = re.sub(r"\{([^}:]+):[^}]+\}", r"{\1}", self.path)
        found = OUTSIDE.get((template, self.method))
        assert found is not None, f"{self.method} {self.path}: describe it in OUTSIDE"
        return found


def endpoints(app: Starlette) -> list[Endpoint]:
    by_name = {entry.name: entry for entry in PAGES}
    found: list[Endpoint] = []

    def walk(routes: list[BaseRoute], prefix: str) -> None:
        for route in routes:
            if isinstance(route, Mount):
                if route.routes:
                    walk(list(route.routes), prefix + route.path)
                else:  # a mounted app (static files)
                    found.append(Endpoint(prefix + route.path + "/{path}", "GET", None))
            elif isinstance(route, WebSocketRoute):
                found.append(Endpoint(prefix + route.path, "WEBSOCKET", None))
            elif isinstance(route, Route):
                page = by_name.get(route.name) if prefix == "/admin" else None
                for method in sorted(route.methods or {"GET"}):
                    if method != "HEAD":
                        found.append(Endpoint(prefix + route.path, method, page))

    walk(list(app.routes), "")
    return found


def opens_for(endpoint: Endpoint, principal: Principal) -> bool:
    """What the matrix expects of an admin page: any one of its registered needs, anywhere."""
    assert endpoint.page is not None
    needs = NEEDS[endpoint.page.name]
    if endpoint.page.name in PUBLIC_PAGES:
        return True
    if principal.session_id is None:
        return False
    return not needs or any(allowed(principal, act, obj) for obj, act in needs)
