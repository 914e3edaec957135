"""Per server process on PostgreSQL: LISTEN for announced alerts and feed the process's bus.

A dedicated asyncpg connection (not one from the pool: a pooled connection is handed to other
requests, and its LISTEN would go with it) listens on ``ecrime_alerts``. If the connection
drops it is opened again; alerts committed while it was down are caught up from the table by id,
so a restart of the database costs latency, not alerts.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

from db.alert_bus import BUS, CHANNEL, AlertBus

log = logging.getLogger(__name__)


def asyncpg_dsn(sqlalchemy_url: str) -> str:
    return make_url(sqlalchemy_url).set(drivername="postgresql").render_as_string(False)


class AlertListener:
    def __init__(self, dsn: str, bus: AlertBus = BUS, retry_seconds: float = 1.0) -> None:
        self.dsn = dsn
        self.bus = bus
        self.retry_seconds = retry_seconds
        self.ready = asyncio.Event()  # set once LISTEN is in place (tests and start-up wait)
        self._task: asyncio.Task[None] | None = None
        self._last_id: int | None = None  # newest alert announced, for catching up on reconnect
        self.server_pid: int | None = None  # the LISTEN backend (tests cut it off)

    async def start(self, wait_seconds: float = 10.0) -> None:
        self.bus.fed_by_notify = True
        self._task = asyncio.create_task(self._run())
        # Serve only once alerts can reach this process; a database still starting up is
        # retried in the background rather than failing the server.
        try:
            async with asyncio.timeout(wait_seconds):
                await self.ready.wait()
        except TimeoutError:
            log.warning("alert listener not connected after %.0f s; still trying", wait_seconds)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        self.bus.fed_by_notify = False

    def _heard(self, _connection: Any, _pid: int, _channel: str, payload: object) -> None:
        try:
            ids = [int(i) for i in json.loads(str(payload))]
        except (ValueError, TypeError):
            log.warning("ignored a malformed alert notification: %.100r", payload)
            return
        self._announce(ids)

    def _announce(self, ids: list[int]) -> None:
        if ids:
            self._last_id = max(self._last_id or 0, *ids)
            self.bus.publish(ids)

    async def _catch_up(self, connection: asyncpg.Connection[Any]) -> None:
        if self._last_id is None:
            found = await connection.fetchval("SELECT max(id) FROM hit_alert")
            self._last_id = int(found or 0)
            return
        rows = await connection.fetch(
            "SELECT id FROM hit_alert WHERE id > $1 ORDER BY id", self._last_id
        )
        self._announce([int(row["id"]) for row in rows])

    async def _run(self) -> None:
        while True:
            try:
                await self._listen_until_lost()
                log.warning("alert listener connection lost; reconnecting")
            except (OSError, asyncpg.PostgresError, TimeoutError) as error:
                log.warning("alert listener cannot connect: %s", error)
            await asyncio.sleep(self.retry_seconds)  # back off before reconnecting

    async def _listen_until_lost(self) -> None:
        connection = await asyncpg.connect(self.dsn, timeout=5)
        try:
            lost = asyncio.Event()
            connection.add_termination_listener(lambda _c: lost.set())
            await connection.add_listener(CHANNEL, self._heard)
            # After LISTEN, so that an alert committed in between is heard one way or both;
            # the subscription (resolvers.hit_alerts) drops ids it has already delivered.
            await self._catch_up(connection)
            self.server_pid = connection.get_server_pid()
            self.ready.set()
            await lost.wait()
        finally:
            self.ready.clear()
            if not connection.is_closed():
                await connection.close()
