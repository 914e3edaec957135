"""CPU time spent by processes, from /proc: what a request costs the server and the database.

On a shared machine, latency under load mostly measures the queue; the CPU seconds a request
costs the server's workers and PostgreSQL's backends do not depend on who else is running.
The database side sums every ``postgres`` process, so other work on the same server shows up
in it: run the benchmark on a quiet one.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def process_seconds(pid: int) -> float:
    """User plus system CPU seconds of one process (0 if it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()  # the command name may hold spaces
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime (fields 14, 15)


def seconds(pids: Iterable[int]) -> float:
    return sum(process_seconds(pid) for pid in pids)


def postgres_pids() -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip() == "postgres":
                found.append(int(entry.name))
        except OSError:
            continue
    return found


class Meter:
    """CPU seconds a set of processes spends between two points, sampled as it goes, so that
    processes that start meanwhile count from zero and ones that end keep what was last seen."""

    def __init__(self) -> None:
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.started = False

    def sample(self) -> None:
        for pid in postgres_pids():
            spent = process_seconds(pid)
            if pid not in self.first:
                self.first[pid] = spent if not self.started else 0.0
            self.last[pid] = spent
        self.started = True

    def total(self) -> float:
        return sum(self.last[pid] - self.first[pid] for pid in self.last)
