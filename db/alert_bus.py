"""The alert bus: the ids of hit alerts, announced once the transaction that made them commits.

Alerts are staged on the session (``stage``) as they are written and published by an
``after_commit`` hook, so a listener never hears of an alert that was rolled back. That is the
whole story on SQLite (one process). On PostgreSQL the writing transaction also sends
``pg_notify`` (db.hits.add_alerts), which PostgreSQL delivers only on commit, to every server
process; each process's LISTEN connection (db.alert_listen) publishes the ids into its ``BUS``.
While that listener runs, the after-commit hook stays silent for PostgreSQL writes, so a process
announces each alert exactly once; without one (the CLI, tests on a rolled-back transaction) the
hook still announces them in-process.

``wake`` puts ``None`` in every queue: no alert, a nudge for each stream to see whether its
periodic checks are due by the injected clock (tests move a FixedClock and wake; in production
each stream also wakes on its own timer).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

STAGED_KEY = "hit_alerts_to_publish"
NOTIFIED_KEY = "hit_alerts_notified"  # also sent by pg_notify: the LISTEN side may announce them
CHANNEL = "ecrime_alerts"


class AlertBus:
    def __init__(self) -> None:
        self._queues: set[asyncio.Queue[int | None]] = set()
        self.fed_by_notify = False  # a LISTEN connection publishes PostgreSQL's alerts here

    def publish(self, ids: Iterable[int]) -> None:
        ids = list(ids)
        for queue in list(self._queues):
            for ident in ids:
                queue.put_nowait(ident)

    def wake(self) -> None:
        for queue in list(self._queues):
            queue.put_nowait(None)

    @property
    def listeners(self) -> int:
        return len(self._queues)

    @asynccontextmanager
    async def listen(self) -> AsyncIterator[asyncio.Queue[int | None]]:
        queue: asyncio.Queue[int | None] = asyncio.Queue()
        self._queues.add(queue)
        try:
            yield queue
        finally:
            self._queues.discard(queue)


BUS = AlertBus()


def stage(session: AsyncSession, ids: Iterable[int], *, notified: bool = False) -> None:
    key = NOTIFIED_KEY if notified else STAGED_KEY
    session.sync_session.info.setdefault(key, []).extend(ids)


def _published(session: Session) -> None:
    ids = session.info.pop(STAGED_KEY, None)
    if ids:
        BUS.publish(ids)
    notified = session.info.pop(NOTIFIED_KEY, None)
    if notified and not BUS.fed_by_notify:
        BUS.publish(notified)


def _dropped(session: Session) -> None:
    session.info.pop(STAGED_KEY, None)
    session.info.pop(NOTIFIED_KEY, None)


event.listen(Session, "after_commit", _published)
event.listen(Session, "after_rollback", _dropped)
