"""The application as an ASGI factory, for running under any ASGI server:
``uvicorn web.asgi:app --factory`` (``ecrime serve`` does the same)."""

from __future__ import annotations

from starlette.applications import Starlette

from web.app import create_app
from web.settings import from_environment


def app() -> Starlette:
    return create_app(from_environment())
