"""``python -m bench.alert_subscriber``: one officer's alerts tab, in a process of its own, and
``Subscriber``, its handle in the harness (bench.hit_latency).

The child reads a plan (JSON) on stdin: the server's base URL and a bearer token. It subscribes to
``alerts`` over WebSocket (graphql-transport-ws), writes ``{"ready": true}`` once the server has
taken the subscription, then one line per message as it arrives: the alert's id and hit id and
``time.time()`` at receipt, or the error the server sent. It runs until it is terminated.
Receipt is stamped here, not in the process that reads the lines, so that nothing else this
harness does delays it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from strawberry.relay import GlobalID
from websockets.asyncio.client import ClientConnection, connect

from bench.server import ROOT, Server

READY_SECONDS = 30.0
SUBSCRIBE = "subscription { alerts { id hitId kind } }"


def _say(line: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()


async def _subscribed(base: str, token: str) -> ClientConnection:
    ws = await connect(
        base.replace("http://", "ws://") + "/graphql",
        subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
        additional_headers={"authorization": f"Bearer {token}"},
    )
    await ws.send(json.dumps({"type": "connection_init"}))
    if json.loads(await ws.recv(decode=True))["type"] != "connection_ack":
        raise RuntimeError("the server did not acknowledge the connection")
    await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}}))
    # The server handles a connection's messages in order: its pong means it has taken the
    # subscription (tests/test_alert_processes.py).
    await ws.send(json.dumps({"type": "ping"}))
    if json.loads(await ws.recv(decode=True))["type"] != "pong":
        raise RuntimeError("the server did not answer the ping")
    return ws


async def run(plan: dict[str, Any]) -> None:
    ws = await _subscribed(plan["base"], plan["token"])
    _say({"ready": True})
    async for raw in ws:
        at = time.time()
        message = json.loads(raw)
        payload = message.get("payload") or {}
        if message.get("type") == "next" and "errors" not in payload:
            alert = payload["data"]["alerts"]
            _say({"id": alert["id"], "hit": alert["hitId"], "kind": alert["kind"], "at": at})
        elif message.get("type") not in ("ping", "pong"):
            _say({"error": json.dumps(message)[:300], "at": at})
    _say({"error": f"the server closed the connection ({ws.close_code})", "at": time.time()})


@dataclass
class Subscriber:
    """The bench.alert_subscriber child, and what it has heard: alert id -> receipt time."""

    child: asyncio.subprocess.Process
    heard: dict[int, float] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    news: asyncio.Event = field(default_factory=asyncio.Event)
    _reader: asyncio.Task[None] | None = None

    @classmethod
    async def start(cls, server: Server, token: str) -> Subscriber:
        child = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bench.alert_subscriber",
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, cwd=ROOT,
        )  # fmt: skip
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(json.dumps({"base": server.url, "token": token}).encode())
        child.stdin.close()
        subscriber = cls(child)
        try:
            async with asyncio.timeout(READY_SECONDS):
                first = json.loads(await child.stdout.readline() or b"{}")
            if not first.get("ready"):
                raise RuntimeError(f"the alert subscriber did not start: {first}")
        except BaseException:
            await subscriber.stop()
            raise
        subscriber._reader = asyncio.create_task(subscriber._read())
        return subscriber

    async def _read(self) -> None:
        assert self.child.stdout is not None
        while raw := await self.child.stdout.readline():
            line = json.loads(raw)
            if "error" in line:
                self.errors.append(line["error"])
            else:
                self.heard.setdefault(int(GlobalID.from_id(line["id"]).node_id), line["at"])
            self.news.set()

    async def wait_for(self, ids: set[int], deadline: float) -> None:
        """Until every one of these alerts is heard, or the deadline (perf_counter) passes."""
        while not ids <= self.heard.keys() and (left := deadline - time.perf_counter()) > 0:
            self.news.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(left):
                    await self.news.wait()

    async def stop(self) -> None:
        if self.child.returncode is None:
            self.child.terminate()
            await self.child.wait()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)


def main() -> int:
    asyncio.run(run(json.load(sys.stdin)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
