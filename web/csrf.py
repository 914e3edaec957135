"""CSRF: a state-changing request that a session cookie authenticates must carry the session's
CSRF token (OWASP synchronizer token pattern; DESIGN: CSRF on every admin form).

The token comes in the ``X-CSRF-Token`` header or the ``csrf_token`` form field. A POST to
/graphql needs it unless its document holds only queries; every other POST, PUT, PATCH and
DELETE needs it, except the sign-in routes, which the credentials in their body authorise.
Bearer-token requests never need it: a browser does not add that header on its own.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable
from urllib.parse import parse_qs

from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import Message, Receive, Scope

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
EXEMPT = frozenset({"/auth/login", "/auth/token", "/admin/login"})


def needs_csrf(scope: Scope) -> bool:
    return scope["method"] in UNSAFE and scope["path"] not in EXEMPT


async def _buffered(receive: Receive) -> tuple[bytes, Callable[[], Receive]]:
    """Read the whole body; return it and a maker of receivers that replay it."""
    chunks, more = [], True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    body = b"".join(chunks)

    def replay() -> Receive:
        sent = False

        async def replayed() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return replayed

    return body, replay


async def csrf_ok(
    scope: Scope, receive: Receive, expected: str, max_tokens: int
) -> tuple[bool, Receive]:
    headers = Headers(scope=scope)
    if "x-csrf-token" in headers:
        return _same(headers["x-csrf-token"], expected), receive
    body, replay = await _buffered(receive)
    if scope["path"] == "/graphql":
        return _only_queries(body, max_tokens), replay()
    content_type = headers.get("content-type", "")
    given: str | None = None
    if content_type.startswith("application/x-www-form-urlencoded"):
        given = parse_qs(body.decode("latin-1")).get("csrf_token", [None])[0]
    elif content_type.startswith("multipart/form-data"):
        async with Request(scope, replay()).form() as form:
            value = form.get("csrf_token")
            given = value if isinstance(value, str) else None
    return given is not None and _same(given, expected), replay()


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def _only_queries(body: bytes, max_tokens: int) -> bool:
    """True when a GraphQL POST body certainly changes nothing: every operation is a query.
    Anything unreadable is treated as a change (fail closed)."""
    try:
        payload = json.loads(body)
        document = parse(payload["query"], max_tokens=max_tokens)
    except (ValueError, TypeError, KeyError, GraphQLError):
        return False
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    return bool(operations) and all(op.operation is OperationType.QUERY for op in operations)
