"""Imports running in the server process, each an asyncio task, and who may look at them.

An upload's import can take minutes, longer than a request should: the upload page starts it as
a task and answers at once; the job page polls the progress. The registry is in memory, kept
small (the last ``KEEP`` jobs): a job is a view of a run, not a record — what the run wrote and
its audit trail are in the database, and the report is for the user who started it, so a job
lost with a restarted process is started again (the import is resumable on natural keys). With
several server processes a poll must reach the process running the job (sticky sessions).

``JOBS.start`` takes the work as a coroutine; tests await ``job.task`` instead of sleeping.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Coroutine
from dataclasses import dataclass, field
from time import perf_counter
from typing import Any

from db.errors import EcrimeError
from policies.authorize import allowed
from policies.principal import Principal
from resolvers.imports.report import Outcome, Report

KEEP = 100
LOG = logging.getLogger(__name__)


@dataclass
class Job:
    user_id: int
    kind: str
    mode: str
    filename: str
    total: int
    id: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    phase: str = "queued"  # queued → checking → importing → done | failed
    done: int = 0
    started: float = field(default_factory=perf_counter)
    seconds: float = 0.0
    report: Report | None = None
    error: str | None = None
    task: asyncio.Task[None] | None = None

    def progress(self, phase: str, done: int, total: int) -> None:
        self.phase, self.done, self.total = phase, done, total
        self.seconds = perf_counter() - self.started

    @property
    def finished(self) -> bool:
        return self.phase in ("done", "failed")

    @property
    def rate(self) -> float:
        return self.done / self.seconds if self.seconds > 0 else 0.0

    @property
    def percent(self) -> int:
        return 100 * self.done // self.total if self.total else 100

    def count(self, outcome: str) -> int:
        if self.report is None:
            return 0
        if outcome == "written" and not self.report.written_to_database:
            return 0
        return self.report.count(Outcome(outcome))


class Jobs:
    def __init__(self) -> None:
        self.jobs: dict[str, Job] = {}

    def start(self, job: Job, work: Coroutine[Any, Any, Report]) -> Job:
        """Run ``work`` (the import) as a task that records its report or its failure."""

        async def run() -> None:
            try:
                job.report = await work
                job.phase = "done"
            except EcrimeError as error:  # a file the import cannot use: said to the user
                job.error, job.phase = str(error), "failed"
            except Exception:  # a task's failure has no caller to reach
                LOG.exception("import %s failed", job.id)  # details for the operators only
                job.error, job.phase = None, "failed"
            job.seconds = perf_counter() - job.started

        self._forget_old()
        self.jobs[job.id] = job
        job.task = asyncio.create_task(run(), name=f"import {job.kind} {job.id}")
        return job

    def visible(self, job_id: str, principal: Principal) -> Job | None:
        """The job if ``principal`` started it or administers users, else None (as unknown)."""
        job = self.jobs.get(job_id)
        if job is None:
            return None
        if job.user_id == principal.user_id or allowed(principal, "administer", "users"):
            return job
        return None

    def _forget_old(self) -> None:
        finished = [j for j in self.jobs.values() if j.finished]
        for job in finished[: max(0, len(self.jobs) - KEEP + 1)]:
            del self.jobs[job.id]


JOBS = Jobs()
