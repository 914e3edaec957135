"""The record-offence mutation under load: a specialist records offences with three persons.

Every request links three recorded persons of the specialist's province (suspect, victim,
witness), so the persons are matched against notices and warrants (resolvers.hits) in the same
transaction. Writes would change the read data set, so they go to a copy of it
(``CREATE DATABASE … TEMPLATE``), dropped afterwards. An answer other than
``RecordOffenceSuccess`` counts as an error. There is no floor: issue 8 asks floors of reads.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg

from bench import reads
from bench.dataset import PROVINCIAL_PROVINCE, SPECIALIST, Dataset, copy_of, drop, plain_dsn
from bench.floor_support import gid
from bench.scenarios import REQUESTS
from bench.server import Server

COPY = "ecrime_bench_writes"
RECORD = """mutation Record($input: OffenceInput!) {
  recordOffence(input: $input) {
    __typename
    ... on RecordOffenceSuccess { offence { id late } }
    ... on ValidationFailed { message }
  }
}"""
TYPES = ("THEFT", "ASSAULT")
ROLES = ("SUSPECT", "VICTIM", "WITNESS")


async def _bodies(dsn: str, rng: random.Random) -> list[dict[str, Any]]:
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch(
            "SELECT id FROM person WHERE province_code = $1 ORDER BY id", PROVINCIAL_PROVINCE
        )
    finally:
        await conn.close()
    persons = [r[0] for r in rows]
    occurred = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    bodies = []
    for i in range(REQUESTS):
        three = rng.sample(persons, 3)
        offence = {
            "typeCode": TYPES[i % len(TYPES)],
            "occurredAt": occurred,
            "place": {"provinceCode": PROVINCIAL_PROVINCE},
            "persons": [
                {"personId": gid("Person", p), "role": role}
                for p, role in zip(three, ROLES, strict=True)
            ],
        }
        bodies.append({"query": RECORD, "variables": {"input": offence}})
    return bodies


async def record_offence(
    admin_url: str, data: Dataset, load: reads.Load, rng: random.Random
) -> dict[str, Any]:
    source = data.url.rsplit("/", 1)[1]
    url = await copy_of(admin_url, source, COPY)
    server = Server("bench.server_app:app", {"DATABASE_URL": url}, load.workers)
    line: dict[str, Any] = {"scenario": "record_offence", "title": "record offence, 3 persons"}
    line["as"] = SPECIALIST
    try:
        bodies = await _bodies(plain_dsn(url), rng)
        await server.start()
        try:
            token = data.tokens[SPECIALIST]
            line["api"] = await reads.drive(
                server, "/graphql", token, bodies, load, expect="RecordOffenceSuccess"
            )
            line["memory"] = server.memory_mb()
        finally:
            await server.stop()
    finally:
        await drop(admin_url, COPY)
    return line
