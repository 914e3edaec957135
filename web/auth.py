"""Who is asking: the session cookie or bearer token on every request, CSRF, and ``/auth/*``.

- ``Authorization: Bearer ecr_…`` → the token's principal; a bad token of any kind is 401,
  never a silent fall back to anonymous. Bearer requests need no CSRF token: a browser never
  adds that header by itself.
- the ``ecrime_session`` cookie → the session's principal; an expired or unknown one is
  anonymous, and the cookie is cleared. Every state-changing request it authenticates must carry
  the session's CSRF token (``X-CSRF-Token`` header or ``csrf_token`` form field), or it is 403:
  POST /graphql unless the document holds only queries, and every other POST/PUT/PATCH/DELETE.
- no credentials → ``Principal.anonymous()``.

A WebSocket upgrade carrying the session cookie must come from a page of this server (or of an
``ECRIME_ALLOWED_ORIGINS`` origin), or it is closed before it is accepted (web.ws_origin). A
request that may outlive its credential (a WebSocket, a subscription over HTTP) keeps a
``StandingCredential`` in ``scope["state"]["credential"]`` to ask again later: every operation on
a WebSocket does (web.ws_operations), and a live subscription does as it runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import timedelta

from starlette.datastructures import Headers
from starlette.requests import Request, cookie_parser
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from db.clock import Clock
from db.engine import Database
from policies.principal import Principal
from policies.store import PolicyStore
from resolvers import sessions
from resolvers.auth import AuthRules, Credentials, Origin, Passwords, SignInRefused
from resolvers.sessions import SignedIn, authenticate_session
from resolvers.tokens import authenticate_token, exchange_credentials
from web.csrf import csrf_ok, needs_csrf
from web.settings import Settings
from web.ws_origin import allowed_origins, origin_ok

COOKIE = "ecrime_session"
NO_STORE = {"Cache-Control": "no-store"}


@dataclass(frozen=True)
class Auth:
    """What the middleware and the routes share."""

    database: Database
    clock: Clock
    rules: AuthRules
    passwords: Passwords
    secure_cookies: bool
    max_query_tokens: int
    policies: PolicyStore = field(default_factory=PolicyStore)
    allowed_origins: frozenset[str] = frozenset()

    @classmethod
    def build(cls, settings: Settings, database: Database, clock: Clock) -> Auth:
        rules = AuthRules(
            idle_timeout=timedelta(minutes=settings.session_idle_minutes),
            lockout_failures=settings.lockout_failures,
            lockout_window=timedelta(minutes=settings.lockout_window_minutes),
        )
        return cls(
            database=database,
            clock=clock,
            rules=rules,
            passwords=Passwords(settings.argon2_profile),
            secure_cookies=settings.environment != "development",
            max_query_tokens=settings.max_query_tokens,
            allowed_origins=allowed_origins(settings.allowed_origins),
        )

    async def sign_in(self, request: Request, given: Credentials) -> SignedIn:
        """resolvers.sessions.sign_in from this request: its origin, and the session its cookie
        names replaced. Raises SignInRefused. The API's login and the admin's call it."""
        async with self.database.session() as session:
            return await sessions.sign_in(
                session,
                rules=self.rules,
                passwords=self.passwords,
                clock=self.clock,
                given=given,
                origin=origin_of(request),
                replacing=request.cookies.get(COOKIE),
            )

    async def sign_out(self, request: Request) -> None:
        async with self.database.session() as session:
            await sessions.sign_out(
                session,
                clock=self.clock,
                principal=request.state.principal,
                origin=origin_of(request),
            )

    def set_cookie(self, response: Response, secret: str) -> None:
        response.set_cookie(
            COOKIE, secret, httponly=True, samesite="strict", secure=self.secure_cookies
        )

    def clear_cookie(self, response: Response) -> None:
        response.delete_cookie(COOKIE, httponly=True, samesite="strict", secure=self.secure_cookies)


def origin_of(request: Request) -> Origin:
    return Origin(
        ip=request.client.host if request.client else "",
        user_agent=request.headers.get("user-agent", "")[:255],
    )


class StandingCredential:
    """The cookie or bearer secret a request authenticated with, asked again on demand with the
    same rules (resolvers.sessions, resolvers.tokens). A check counts as activity (a session's
    idle time, a token's last use) only when ``activity`` says the caller asked for something."""

    def __init__(self, auth: Auth, secret: str, *, bearer: bool) -> None:
        self._auth, self._secret, self._bearer = auth, secret, bearer
        self.ended = False

    async def recheck(self, *, activity: bool = False) -> Principal | None:
        if self.ended:  # an ended session or token never comes back
            return None
        auth = self._auth
        async with auth.database.session() as session:
            if self._bearer:
                found = await authenticate_token(
                    session, rules=auth.rules, clock=auth.clock, secret=self._secret, touch=activity
                )
            else:
                live = await authenticate_session(
                    session,
                    rules=auth.rules,
                    clock=auth.clock,
                    secret=self._secret,
                    touch=activity,
                )
                found = live.principal if live is not None else None
        if found is None:
            self.ended = True
            return None
        return replace(found, policy=await auth.policies.fresh(auth.database))


class Authenticate:
    """Sets ``scope["state"]["principal"]`` (and ``csrf_token`` for cookie sessions)."""

    def __init__(self, app: ASGIApp, auth: Auth) -> None:
        self.app = app
        self.auth = auth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        auth, headers = self.auth, Headers(scope=scope)
        state = scope.setdefault("state", {})
        principal, csrf, stale_cookie = Principal.anonymous(), None, False
        credential: StandingCredential | None = None
        if "authorization" in headers:
            scheme, _, secret = headers["authorization"].partition(" ")
            found = None
            if scheme.lower() == "bearer":
                async with auth.database.session() as session:
                    found = await authenticate_token(
                        session, rules=auth.rules, clock=auth.clock, secret=secret.strip()
                    )
            if found is None:
                await _refuse(scope, receive, send, 401, "invalid or expired token")
                return
            principal = found
            credential = StandingCredential(auth, secret.strip(), bearer=True)
        elif cookie := cookie_parser(headers.get("cookie", "")).get(COOKIE):
            # Before the session is even looked up: a foreign page must not keep it alive either.
            if scope["type"] == "websocket" and not origin_ok(scope, auth.allowed_origins):
                await _refuse(scope, receive, send, 403, "cross-origin WebSocket refused")
                return
            async with auth.database.session() as session:
                live = await authenticate_session(
                    session, rules=auth.rules, clock=auth.clock, secret=cookie
                )
            if live is None:
                stale_cookie = True
            else:
                principal, csrf = live.principal, live.csrf_token
                credential = StandingCredential(auth, cookie, bearer=False)
        # Every principal carries the policy snapshot it is judged by for this whole request.
        principal = replace(principal, policy=await auth.policies.fresh(auth.database))
        state["principal"], state["csrf_token"] = principal, csrf
        state["credential"] = credential
        if csrf is not None and scope["type"] == "http" and needs_csrf(scope):
            ok, receive = await csrf_ok(scope, receive, csrf, auth.max_query_tokens)
            if not ok:
                await _refuse(scope, receive, send, 403, "missing or wrong CSRF token")
                return
        if stale_cookie:
            send = _clearing_cookie(send, auth.secure_cookies)
        await self.app(scope, receive, send)


async def _refuse(scope: Scope, receive: Receive, send: Send, status: int, message: str) -> None:
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1008})  # policy violation
        return
    headers = dict(NO_STORE)
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'  # RFC 6750 §3
    await JSONResponse({"error": message}, status_code=status, headers=headers)(
        scope, receive, send
    )


def _clearing_cookie(send: Send, secure: bool) -> Send:
    cleared = Response()
    cleared.delete_cookie(COOKIE, httponly=True, samesite="strict", secure=secure)
    extra = [(k, v) for k, v in cleared.raw_headers if k == b"set-cookie"]
    name = f"{COOKIE}=".encode()

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = message.get("headers", [])
            # unless the response sets a new one (signing in again after the old one expired)
            if not any(k == b"set-cookie" and v.startswith(name) for k, v in headers):
                message["headers"] = [*headers, *extra]
        await send(message)

    return wrapped


# --- /auth/* -------------------------------------------------------------------------------


async def _credentials(request: Request) -> Credentials | None:
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            data = await request.json()
        except ValueError:
            return None
    else:
        async with request.form() as form:
            data = {k: v for k, v in form.items() if isinstance(v, str)}
    if not isinstance(data, dict):
        return None
    username, password, code = (data.get(k) or "" for k in ("username", "password", "totp"))
    if not all(isinstance(v, str) for v in (username, password, code)) or not username:
        return None
    return Credentials(username=username, password=password, code=code)


def _refused(error: SignInRefused) -> JSONResponse:
    # The same answer for an unknown username, a wrong password, a disabled account and a
    # missing or wrong second factor: nothing to learn about which usernames exist.
    if error.locked:
        return JSONResponse(
            {"error": "too many failed sign-ins; try again later"}, 429, headers=NO_STORE
        )
    return JSONResponse({"error": "invalid credentials"}, 401, headers=NO_STORE)


def _bad_request() -> JSONResponse:
    return JSONResponse({"error": "username and password are required"}, 400, headers=NO_STORE)


def routes(auth: Auth) -> list[Route]:
    async def login(request: Request) -> Response:
        given = await _credentials(request)
        if given is None:
            return _bad_request()
        try:
            done = await auth.sign_in(request, given)
        except SignInRefused as error:
            return _refused(error)
        body = {"username": done.principal.username, "csrfToken": done.row.csrf_token}
        response = JSONResponse(body, headers=NO_STORE)
        auth.set_cookie(response, done.secret)
        return response

    async def logout(request: Request) -> Response:
        await auth.sign_out(request)
        response = JSONResponse({"signedOut": True}, headers=NO_STORE)
        auth.clear_cookie(response)
        return response

    async def current(request: Request) -> Response:
        principal: Principal = request.state.principal
        if principal.session_id is None:
            return JSONResponse({"error": "not signed in"}, 401, headers=NO_STORE)
        body = {
            "username": principal.username,
            "roles": list(principal.roles),
            "csrfToken": request.state.csrf_token,
            "idleTimeoutSeconds": int(auth.rules.idle_timeout.total_seconds()),
        }
        return JSONResponse(body, headers=NO_STORE)

    async def token(request: Request) -> Response:
        given = await _credentials(request)
        if given is None:
            return _bad_request()
        async with auth.database.session() as session:
            try:
                issued = await exchange_credentials(
                    session,
                    rules=auth.rules,
                    passwords=auth.passwords,
                    clock=auth.clock,
                    given=given,
                    origin=origin_of(request),
                )
            except SignInRefused as error:
                return _refused(error)
        body = {
            "accessToken": issued.secret,
            "tokenType": "Bearer",
            "expiresAt": issued.row.expires_at.isoformat(),
            "expiresIn": int(auth.rules.sign_in_token_lifetime.total_seconds()),
        }
        return JSONResponse(body, headers=NO_STORE)

    return [
        Route("/auth/login", login, methods=["POST"]),
        Route("/auth/logout", logout, methods=["POST"]),
        Route("/auth/session", current, methods=["GET"]),
        Route("/auth/token", token, methods=["POST"]),
    ]
