"""A real ecrime server for the browser tests: its own database with the demo data, served by
uvicorn in a child process, and the ``ecrime`` CLI against the same database."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pyotp

PASSWORD = "ecrime-demo"  # the demo data's documented password (README)
NEW_PASSWORD = "browser-test-password"  # for users the tests add
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class LiveServer:
    database_url: str
    label: str  # "sqlite" or "postgresql": screenshots are kept per database
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    _users: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "ECRIME_ARGON2_PROFILE": "CHEAPEST",
            "ECRIME_PORT": str(self.port),
        }

    def cli(self, *args: str, stdin: str | None = None) -> str:
        done = subprocess.run(
            [str(BIN / "ecrime"), *args],
            input=stdin.encode() if stdin is not None else None,
            capture_output=True,
            env=self.env(),
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, (args, done.stdout.decode(), done.stderr.decode())
        return done.stdout.decode()

    def prepare(self) -> None:
        self.cli("migrate")
        self.cli("demo", "--size", "small")

    def start(self, log: Path) -> None:
        with log.open("wb") as output:  # the child keeps its own copy of the descriptor
            self.process = self._spawn(output)
        self._wait_until_ready(log)

    def _spawn(self, output: BinaryIO) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [
                *(str(BIN / "python"), "-m", "uvicorn", "web.asgi:app", "--factory"),
                *("--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning"),
            ],
            env=self.env(),
            stdout=output,
            stderr=subprocess.STDOUT,
        )

    def _wait_until_ready(self, log: Path) -> None:
        assert self.process is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # readiness: poll until it answers
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited: {log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the server did not answer /healthz within 60 s")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)

    def new_user(
        self, position: str, *, unit: str | None = None, province: str | None = None
    ) -> str:
        """A fresh user (a fresh TOTP seed for admins: a code works only once)."""
        self._users += 1
        username = f"e2e.{position}.{self._users}"
        args = ["user", "add", username, "--position", position, "--password-stdin"]
        args += ["--family-name", "Test", "--given-name", f"User{self._users}"]
        if unit:
            args += ["--unit", unit]
        if province:
            args += ["--province", province]
        self.cli(*args, stdin=NEW_PASSWORD + "\n")
        return username

    def totp_now(self, username: str) -> str:
        """Enrol an authenticator for ``username``; the code valid now."""
        printed = self.cli("user", "enrol-totp", username)
        seed = re.search(r"secret=([A-Z2-7]+)", printed)
        assert seed, printed
        return pyotp.TOTP(seed.group(1)).now()
