"""The app and a client on it, for the route matrix and its findings."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from db.clock import FixedClock
from db.engine import Database
from tests.admin_support import SETTINGS
from web.app import create_app


@pytest.fixture
def app(db: Database, clock: FixedClock) -> Starlette:
    return create_app(SETTINGS, database=db, clock=clock)


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    # A view that fails answers 500 and the matrix goes on to report it with the rest.
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client
