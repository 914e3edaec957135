"""Hit latency: from the commit of a write that raises a hit to the alert on another process.

Two API servers (one worker each) serve a copy of the data set, made from it as a template and
dropped afterwards as bench.writes does for record_offence, but named after the data set
(``<data set>_hits``) so that a smoke test's copy and a benchmark's never meet. A Phnom Penh
commissariat specialist holds an ``alerts`` subscription on server A from a process of its own
(bench.alert_subscriber). Writers record persons through server B as a Siem Reap specialist,
each with the facts of someone the Phnom Penh commissariat wants (an active warrant or a notice
in force that it owns), so every write raises a hit whose alert to that unit crosses from B to
A by PostgreSQL NOTIFY.

New persons, not offences of existing ones: a person gets one hit per warrant or notice, ever
(resolvers.hits), so re-recording the few wanted subjects would raise alerts only once each.

Latency is the alert's receipt (stamped by the subscriber) minus the commit of the write that
raised it; one machine, one wall clock. PostgreSQL commits, and sends the NOTIFY, at some moment
between server B sending COMMIT (``x-commit-began-at``, bench.server_app) and B's code seeing it
return (``x-committed-at``); the second can lag while B's one event loop serves the other
writers, and an alert may even arrive before it. So latency counts from the COMMIT sent, which
errs long by the commit's own duration, never short; from ``x-committed-at`` it is reported as
``after_commit``, a lower bound.

Which alerts a write raised is read from the copy afterwards: the unit's alerts of hits on the
persons written. Each must arrive within ``WAIT_SECONDS`` of the last write; one that does not
is lost, an error. Alerts of writes begun during the warm-up are waited for but not timed.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg
import httpx
from strawberry.relay import GlobalID

from bench import reads
from bench.alert_subscriber import Subscriber
from bench.dataset import SPECIALIST, Dataset, copy_of, drop, plain_dsn
from bench.load import percentile
from bench.server import Server
from db.clock import PHNOM_PENH, SystemClock
from db.engine import Database
from schema.enums import Sex
from web.cli_users import create_token

SUBSCRIBER = SPECIALIST  # specialist.pp: the Phnom Penh commissariat, no chief's role
WRITER = "specialist.sr"  # another unit: a unit's own writes raise no hit for it
WRITERS = 4  # concurrent writers at most: the latency of one alert, not peak write rate
WAIT_SECONDS = 10.0
CREATE = """mutation Create($input: PersonInput!) {
  createPerson(input: $input) {
    __typename
    ... on CreatePersonSuccess { person { id } }
    ... on ValidationFailed { message }
  }
}"""
WANTED = """SELECT p.* FROM person p WHERE p.id IN (
    SELECT subject_person_id FROM warrant
    WHERE coalesce(owning_unit_id, created_unit_id) = $1
      AND status = 'active' AND (expires_on IS NULL OR expires_on >= $2)
    UNION
    SELECT person_id FROM notice
    WHERE coalesce(owning_unit_id, created_unit_id) = $1
      AND valid_from <= $2 AND (valid_until IS NULL OR valid_until >= $2))
ORDER BY p.id"""
RAISED = """SELECT a.id, h.person_id FROM hit_alert a JOIN hit h ON h.id = a.hit_id
WHERE a.unit_id = $1 AND h.person_id = ANY($2::int[])"""


@dataclass
class Write:
    began: float  # perf_counter
    seconds: float = 0.0
    person_id: int | None = None
    commit_began: float | None = None  # time.time() on the server
    committed_at: float | None = None
    problem: str | None = None


def _body(person: asyncpg.Record) -> dict[str, Any]:
    birth = {part: person[f"birth_{part}"] for part in ("year", "month", "day")}
    facts = {
        "familyNameLatin": person["family_name_latin"],
        "givenNameLatin": person["given_name_latin"],
        "familyNameKm": person["family_name_km"],
        "givenNameKm": person["given_name_km"],
        "sex": Sex(person["sex"]).name,
        "nationality": person["nationality"],
        "birthDate": birth,
    }
    return {"query": CREATE, "variables": {"input": facts}}


async def _plan(url: str) -> tuple[int, list[dict[str, Any]], str]:
    """The subscriber's unit, a request per person it wants, and a token for the writer."""
    conn = await asyncpg.connect(plain_dsn(url))
    try:
        unit = await conn.fetchval("SELECT unit_id FROM app_user WHERE username = $1", SUBSCRIBER)
        wanted = await conn.fetch(WANTED, unit, datetime.now(PHNOM_PENH).date())
    finally:
        await conn.close()
    database = Database.from_url(url)
    try:
        _id, secret = await create_token(
            database, clock=SystemClock(), name="bench", owner=WRITER, roles=None, days=1
        )
    finally:
        await database.dispose()
    return int(unit), [_body(p) for p in wanted], secret


async def _writer(
    http: httpx.AsyncClient, bodies: list[dict[str, Any]], first: int, step: int, end: float
) -> list[Write]:
    done: list[Write] = []
    i = first
    while (began := time.perf_counter()) < end:
        write = Write(began)
        try:
            answer = await http.post("/graphql", json=bodies[i % len(bodies)])
            got = answer.json()["data"]["createPerson"]
            if got["__typename"] == "CreatePersonSuccess":
                write.person_id = int(GlobalID.from_id(got["person"]["id"]).node_id)
                began_at = answer.headers.get("x-commit-began-at")
                write.commit_began = float(began_at) if began_at else None
                stamp = answer.headers.get("x-committed-at")
                write.committed_at = float(stamp) if stamp else None
            else:
                write.problem = json.dumps(got)[:300]
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as error:
            write.problem = f"{type(error).__name__}: {error}"
        write.seconds = time.perf_counter() - began
        done.append(write)
        i += step
    return done


async def _raised(url: str, unit: int, writes: list[Write]) -> dict[int, int]:
    """Alert id -> the person written, of the alerts the writes raised for the unit."""
    persons = [w.person_id for w in writes if w.person_id is not None]
    conn = await asyncpg.connect(plain_dsn(url))
    try:
        rows = await conn.fetch(RAISED, unit, persons)
    finally:
        await conn.close()
    return {int(r["id"]): int(r["person_id"]) for r in rows}


def spread(ms: list[float]) -> dict[str, float]:
    ms = sorted(ms)
    found = {f"p{share:g}_ms": round(percentile(ms, share / 100), 2) for share in (50, 95, 99)}
    found["max_ms"] = round(ms[-1], 2) if ms else 0.0
    found["min_ms"] = round(ms[0], 2) if ms else 0.0
    return found


def summarise(
    writes: list[Write], raised: dict[int, int], heard: dict[int, float], counting: float,
    seconds: float,
) -> dict[str, Any]:  # fmt: skip
    """Latencies of the alerts of writes begun after the warm-up; every write and alert is
    checked: a failed write, a write without commit times or alert, an alert not heard (lost)."""
    by_person = {w.person_id: w for w in writes if w.person_id is not None}
    stamped = {
        alert: (heard[alert], write.commit_began, write.committed_at)
        for alert, person in raised.items()
        if alert in heard
        and (write := by_person[person]).began >= counting
        and write.commit_began is not None
        and write.committed_at is not None
    }
    counted = [w for w in writes if w.began >= counting]
    failed = [w for w in writes if w.problem is not None]
    unstamped = sum(
        w.person_id is not None and (w.commit_began is None or w.committed_at is None)
        for w in writes
    )
    lost = sum(alert not in heard for alert in raised)
    # Each write carries a wanted person's own facts: one that raised no alert is a hit missed.
    unraised = len(by_person) - len(set(raised.values()))
    return {
        "requests": len(stamped),  # alerts timed
        **spread([(at - began) * 1000 for at, began, _ in stamped.values()]),
        "after_commit": spread([(at - done) * 1000 for at, _, done in stamped.values()]),
        "commit": spread([(w.committed_at - w.commit_began) * 1000 for w in counted
                          if w.commit_began is not None and w.committed_at is not None]),
        "writes": len(writes),
        "alerts": len(raised),
        "writes without alert": unraised,
        "lost": lost,
        "unstamped": unstamped,
        "write_errors": len(failed),
        "errors": len(failed) + lost + unstamped + unraised,
        "first_error": failed[0].problem if failed else None,
        "seconds": round(seconds, 2),
        "throughput": round(len(counted) / seconds, 1) if seconds else 0.0,  # writes/s
        "write": spread([w.seconds * 1000 for w in counted if w.problem is None]),
    }  # fmt: skip


async def _measure(
    url: str, servers: tuple[Server, Server], tokens: tuple[str, str],
    bodies: list[dict[str, Any]], unit: int, load: reads.Load,
) -> dict[str, Any]:  # fmt: skip
    listening, writing = servers
    subscriber = await Subscriber.start(listening, tokens[0])
    try:
        clients = max(1, min(load.clients, WRITERS))
        headers = {"authorization": f"Bearer {tokens[1]}"}
        async with httpx.AsyncClient(base_url=writing.url, headers=headers, timeout=60) as http:
            began = time.perf_counter()
            counting = began + load.warmup
            end = counting + load.duration
            done = await asyncio.gather(
                *(_writer(http, bodies, i, clients, end) for i in range(clients))
            )
            seconds = time.perf_counter() - counting
        writes = [w for each in done for w in each]
        raised = await _raised(url, unit, writes)
        await subscriber.wait_for(set(raised), time.perf_counter() + WAIT_SECONDS)
        result = summarise(writes, raised, subscriber.heard, counting, seconds)
        result["writers"] = clients
        result["unexpected"] = len(subscriber.heard.keys() - raised.keys())
        result["errors"] += len(subscriber.errors)
        result["first_error"] = result["first_error"] or next(iter(subscriber.errors), None)
        return result
    finally:
        await subscriber.stop()


async def run(admin_url: str, data: Dataset, load: reads.Load) -> dict[str, Any]:
    line: dict[str, Any] = {"scenario": "hit_latency", "title": "hit alert, commit to subscriber"}
    line["as"] = f"{WRITER} -> {SUBSCRIBER}"
    source = data.url.rsplit("/", 1)[1]
    copy = f"{source[:57]}_hits"  # PostgreSQL names: 63 bytes
    url = await copy_of(admin_url, source, copy)
    try:
        unit, bodies, writer_token = await _plan(url)
        line["wanted persons"] = len(bodies)
        if not bodies:
            line["api"] = {"requests": 0, "errors": 1, "first_error": "no one wanted by the unit"}
            return line
        env = {"DATABASE_URL": url}
        servers = (Server("bench.server_app:app", env, 1), Server("bench.server_app:app", env, 1))
        await asyncio.gather(*(s.start() for s in servers))
        try:
            tokens = (data.tokens[SUBSCRIBER], writer_token)
            line["api"] = await _measure(url, servers, tokens, bodies, unit, load)
            memory = [s.memory_mb() for s in servers]
            line["memory"] = {k: max(m[k] for m in memory) for k in memory[0]}
        finally:
            await asyncio.gather(*(s.stop() for s in servers))
    finally:
        await drop(admin_url, copy)
    return line
