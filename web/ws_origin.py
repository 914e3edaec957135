"""Whose page opened this WebSocket: the defence against cross-site WebSocket hijacking.

Browsers send cookies with a WebSocket upgrade whatever page opens it, and the same-origin
policy does not apply to WebSockets, so a page on another site could open ``/graphql`` riding
the user's session cookie (SameSite=strict stops that in today's browsers; not relied upon).
Every browser sends ``Origin`` on an upgrade, so a cookie-carrying upgrade must come from this
server's own origin (the ``Host`` header and the scheme) or one of ``ECRIME_ALLOWED_ORIGINS``.
Behind a proxy that terminates TLS, either let the server see the original scheme
(uvicorn ``--proxy-headers``) or list the public origin in ``ECRIME_ALLOWED_ORIGINS``.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.types import Scope

DEFAULT_PORTS = {"http": 80, "https": 443}
HTTP_SCHEME = {"ws": "http", "wss": "https", "http": "http", "https": "https"}


def normalise(origin: str) -> str | None:
    """``scheme://host[:port]`` in lower case without a default port, or None if not one."""
    try:
        parts = urlsplit(origin.strip())
        port = parts.port
    except ValueError:
        return None
    scheme, host = parts.scheme.lower(), (parts.hostname or "")
    if scheme not in DEFAULT_PORTS or not host or parts.path not in ("", "/"):
        return None
    if parts.query or parts.fragment or parts.username or parts.password:
        return None
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    return f"{scheme}://{host}" + (f":{port}" if port and port != DEFAULT_PORTS[scheme] else "")


def own_origin(scope: Scope) -> str | None:
    host = Headers(scope=scope).get("host")
    scheme = HTTP_SCHEME.get(scope.get("scheme", ""))
    if not host or scheme is None:
        return None
    return normalise(f"{scheme}://{host}")


def allowed_origins(values: Iterable[str]) -> frozenset[str]:
    """The configured origins, normalised; ValueError names the first that is not an origin."""
    found = set()
    for value in values:
        origin = normalise(value)
        if origin is None:
            raise ValueError(value)
        found.add(origin)
    return frozenset(found)


def origin_ok(scope: Scope, allowed: frozenset[str]) -> bool:
    sent = Headers(scope=scope).get("origin")
    origin = normalise(sent) if sent else None
    return origin is not None and (origin == own_origin(scope) or origin in allowed)
