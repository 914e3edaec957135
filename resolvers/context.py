"""The one request context: session, principal, clock, loaders, limits."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

import policies.guard  # noqa: F401  (installs the create guard on every session)
from db import audit as audit_chain
from db.clock import Clock
from db.errors import EcrimeError
from db.lifecycle import pin_database_clock
from policies.principal import Principal
from resolvers.audit import record_refusal  # also installs the audit hooks on every session
from resolvers.read_log import ReadLog

if TYPE_CHECKING:
    from resolvers.loaders import Loaders

T = TypeVar("T")


CREDENTIAL_ENDED = "your session has ended; sign in again"


class Credential(Protocol):
    """The session or API token a long-lived request (a WebSocket, a subscription) authenticated
    with, so that it can be asked again while the request lives (web.auth.StandingCredential)."""

    @property
    def ended(self) -> bool: ...

    async def recheck(self, *, activity: bool = False) -> Principal | None:
        """The caller's principal now, with a fresh policy snapshot; None once it has ended.
        ``activity``: the caller asked for something (an operation), which keeps a session
        alive; a stream's own periodic checks do not."""
        ...


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
    # Where the request came from, for the audit trail (resolvers.audit).
    ip: str | None = None
    user_agent: str | None = None
    request_id: str | None = None
    operation: str | None = None  # names a refused mutation's audit entry when the caller knows it
    # Opens a new session: a subscription lives for hours and reads in short sessions of its own
    # rather than holding the connection's one session (and a pooled connection) all along.
    sessions: Callable[[], AsyncSession] | None = None
    # What the web layer authenticated the caller with; None for in-process callers (the CLI,
    # tests), whose principal is taken as given.
    credential: Credential | None = None
    # Answer plannable selections with one statement per subtree (schema.planned) where the
    # database can (PostgreSQL); False forces the field-by-field path (tests compare the two).
    planned_reads: bool = True
    # The persons this request has handed its caller, audited when it ends (resolvers.read_log).
    reads: ReadLog = field(default_factory=ReadLog)
    # Refusals recorded in the audit trail so far (resolvers.audit.record_refusal): the mutation
    # root's recorder (schema.refusals) records only what no transaction has.
    refusals_recorded: int = 0
    _loaders: Loaders | None = None

    def __post_init__(self) -> None:
        # The create guard (policies.guard) and the audit hook read who is writing from here.
        self.session.sync_session.info["principal"] = self.principal
        self.session.sync_session.info[audit_chain.SOURCE_KEY] = self.audit_source
        self.session.sync_session.info[audit_chain.CLOCK_KEY] = self.clock

    @property
    def audit_source(self) -> audit_chain.Source:
        p = self.principal
        return audit_chain.Source(
            username=p.username,
            user_id=p.user_id,
            token_name=p.token_label,
            ip=self.ip,
            user_agent=self.user_agent,
            request_id=self.request_id,
        )

    async def run(self, query: Callable[..., Awaitable[T]], /, **kwargs: Any) -> T:
        async with self.lock:
            return await query(session=self.session, **kwargs)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One operation, one transaction: commit if the block succeeds, roll back if it raises."""
        async with self.lock:
            try:
                await pin_database_clock(session=self.session, now=self.clock.now())
                yield self.session
                await self.session.commit()
            except BaseException as error:
                await self.session.rollback()
                if isinstance(error, EcrimeError):
                    await record_refusal(self, error)
                raise
            finally:
                # A correction reached through the ``correct`` scope is judged as one for this
                # operation only (resolvers.lifecycle.reach_for_change).
                self.session.sync_session.info.pop("write_action", None)
                self.session.sync_session.info.pop("correction_grant_id", None)
        self._loaders = None  # rows cached before the change may now be stale

    def renewed(self, *, session: AsyncSession, principal: Principal) -> Context:
        """This caller's context for one more operation on a long-lived connection: a session,
        lock and loaders of its own, and the principal as it is now."""
        return replace(
            self,
            session=session,
            principal=principal,
            lock=asyncio.Lock(),
            operation=None,
            reads=ReadLog(held=self.reads.held),
            refusals_recorded=0,
            _loaders=None,
        )

    @property
    def plans_reads(self) -> bool:
        bind = self.session.bind
        return self.planned_reads and bind is not None and bind.dialect.name == "postgresql"

    @property
    def loaders(self) -> Loaders:
        if self._loaders is None:
            from resolvers.loaders import Loaders

            self._loaders = Loaders(self)
        return self._loaders
