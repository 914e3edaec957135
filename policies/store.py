"""The process's current policy, reloaded when the database says it changed.

Nothing that matters lives only in process memory (DESIGN): the policy is in the database, and
each process checks the version row at most every ``interval`` seconds, on the request path, so
a change made through any process is enforced by every process within a second.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession

from db import policy as stored
from db.engine import Database
from policies.enforcer import Policy, default_policy


class PolicyStore:
    def __init__(
        self, *, interval: float = 0.5, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self.current: Policy = default_policy()
        self.interval = interval
        self._monotonic = monotonic
        self._checked_at: float | None = None
        self._lock = asyncio.Lock()

    async def fresh(self, database: Database) -> Policy:
        """The current policy, after checking the version row if the last check is stale."""
        now = self._monotonic()
        if self._checked_at is not None and now - self._checked_at < self.interval:
            return self.current
        async with self._lock:
            if self._checked_at is None or now - self._checked_at >= self.interval:
                async with database.session() as session:
                    await self._refresh(session)
                self._checked_at = now
        return self.current

    async def _refresh(self, session: AsyncSession) -> None:
        version = await stored.version(session=session)
        if version != self.current.version:
            version, rules = await stored.rules(session=session)
            self.current = Policy(rules, version=version)
