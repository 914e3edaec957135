"""An HTTP server in child processes, as production runs it: uvicorn with N worker processes.

Used twice per run: for the API (``bench.server_app``) and for the floor (``bench.floor_app``),
so that both answer over the same HTTP stack and the same number of processes, and the ratio
between them is what the API's own work costs. Readiness is uvicorn's "Application startup
complete." line once per worker, read from the child's stderr: no polling.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

STARTUP_SECONDS = 120.0
ROOT = Path(__file__).resolve().parent.parent  # where `bench` imports from


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    factory: str  # "bench.server_app:app"
    env: dict[str, str]
    workers: int = 2
    port: int = field(default_factory=free_port)
    child: asyncio.subprocess.Process | None = None
    log: deque[str] = field(default_factory=lambda: deque(maxlen=40))
    _drain: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        uvicorn = str(Path(sys.executable).with_name("uvicorn"))
        self.child = await asyncio.create_subprocess_exec(
            uvicorn,
            "--factory",
            self.factory,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(self.workers),
            "--no-access-log",
            "--timeout-keep-alive",
            "60",  # the clients keep their connections; uvicorn's 5 s races with them
            "--log-level",
            "info",
            env={**os.environ, **self.env},
            cwd=ROOT,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            async with asyncio.timeout(STARTUP_SECONDS):
                await self._ready()
        except BaseException:
            await self.stop()
            raise
        self._drain = asyncio.create_task(self._read_rest())

    async def _ready(self) -> None:
        assert self.child is not None and self.child.stderr is not None
        started = 0
        while started < self.workers:
            line = await self.child.stderr.readline()
            if not line:
                raise RuntimeError(f"{self.factory} did not start:\n" + "\n".join(self.log))
            text = line.decode(errors="replace").rstrip()
            self.log.append(text)
            started += "Application startup complete" in text

    async def _read_rest(self) -> None:
        assert self.child is not None and self.child.stderr is not None
        while line := await self.child.stderr.readline():
            self.log.append(line.decode(errors="replace").rstrip())

    def worker_pids(self) -> list[int]:
        if self.child is None:
            return []
        path = Path(f"/proc/{self.child.pid}/task/{self.child.pid}/children")
        try:
            children = [int(p) for p in path.read_text().split()]
        except OSError:
            return []
        return children if self.workers > 1 else [self.child.pid]

    def memory_mb(self) -> dict[str, float]:
        """Resident memory of the workers now, and the most any one of them has held (VmHWM)."""
        now, peak = 0.0, 0.0
        for pid in self.worker_pids():
            status = _status(pid)
            now = max(now, status.get("VmRSS", 0) / 1024)
            peak = max(peak, status.get("VmHWM", 0) / 1024)
        return {"rss_mb": round(now, 1), "peak_rss_mb": round(peak, 1)}

    async def stop(self) -> None:
        if self.child is not None and self.child.returncode is None:
            self.child.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.child.wait(), 30)
            except TimeoutError:
                self.child.kill()
                await self.child.wait()
        if self._drain is not None:
            self._drain.cancel()


def _status(pid: int) -> dict[str, int]:
    found: dict[str, int] = {}
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return found
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0])  # kB
    return found
