"""The alert bus: the ids of hit alerts, announced once the transaction that made them commits.

Alerts are staged on the session (``stage``) as they are written and published by an
``after_commit`` hook, so a listener never hears of an alert that was rolled back. This is the
in-process half (what SQLite deployments use); the cross-process half, PostgreSQL LISTEN/NOTIFY
feeding the same ``listen`` queues, and the GraphQL subscription over it, are still to come.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

STAGED_KEY = "hit_alerts_to_publish"


class AlertBus:
    def __init__(self) -> None:
        self._queues: set[asyncio.Queue[int]] = set()

    def publish(self, ids: Iterable[int]) -> None:
        for queue in list(self._queues):
            for ident in ids:
                queue.put_nowait(ident)

    @asynccontextmanager
    async def listen(self) -> AsyncIterator[asyncio.Queue[int]]:
        queue: asyncio.Queue[int] = asyncio.Queue()
        self._queues.add(queue)
        try:
            yield queue
        finally:
            self._queues.discard(queue)


BUS = AlertBus()


def stage(session: AsyncSession, ids: Iterable[int]) -> None:
    session.sync_session.info.setdefault(STAGED_KEY, []).extend(ids)


def _published(session: Session) -> None:
    ids = session.info.pop(STAGED_KEY, None)
    if ids:
        BUS.publish(ids)


def _dropped(session: Session) -> None:
    session.info.pop(STAGED_KEY, None)


event.listen(Session, "after_commit", _published)
event.listen(Session, "after_rollback", _dropped)
