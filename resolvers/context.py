"""The one request context: session, principal, clock, loaders, limits."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from db.clock import Clock
import policies.guard  # noqa: F401  (installs the create guard on every session)
from policies.principal import Principal

if TYPE_CHECKING:
    from resolvers.loaders import Loaders

T = TypeVar("T")


@dataclass
class Context:
    session: AsyncSession
    principal: Principal
    clock: Clock
    max_page_size: int = 100
    debug: bool = False
    # One AsyncSession runs one statement at a time, while GraphQL resolves sibling fields
    # concurrently; every database call goes through ``run`` and takes this lock.
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    owns_session: bool = False  # True when the web layer opened the session and must close it
    _loaders: Loaders | None = None

    def __post_init__(self) -> None:
        # The create guard (policies.guard) and the audit hook read who is writing from here.
        self.session.sync_session.info["principal"] = self.principal

    async def run(self, query: Callable[..., Awaitable[T]], /, **kwargs: Any) -> T:
        async with self.lock:
            return await query(session=self.session, **kwargs)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One operation, one transaction: commit if the block succeeds, roll back if it raises."""
        async with self.lock:
            try:
                yield self.session
                await self.session.commit()
            except BaseException:
                await self.session.rollback()
                raise
        self._loaders = None  # rows cached before the change may now be stale

    @property
    def loaders(self) -> Loaders:
        if self._loaders is None:
            from resolvers.loaders import Loaders

            self._loaders = Loaders(self)
        return self._loaders
