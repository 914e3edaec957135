"""The read scenarios' data set: ``ecrime demo`` at a chosen size, built once and reused.

Each size has its database (ecrime_bench_small, _medium, _large).

Building the large set takes minutes, so a database that already holds it is kept: the loader
writes a marker row (size, seed, persons, offences) once the demo has loaded, and a later run
reuses the database when the marker and the live counts agree. Anything else (no marker, another
size, counts that moved) is dropped and built afresh.

The load clients authenticate as real users of the demo with API tokens made here, one run at a
time: a provincial officer of Phnom Penh, a national HQ analyst and a Phnom Penh specialist.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from db.clock import SystemClock
from db.engine import Database
from web.cli_users import create_token

SEED = 20261122
PROVINCIAL = "officer.pp"  # police officer, Phnom Penh (province 12)
PROVINCIAL_PROVINCE = "12"
NATIONAL = "analyst.hq"  # national HQ analysis office
SPECIALIST = "specialist.pp"  # records offences in Phnom Penh (bench.writes)
BUSY_SECONDS, BUSY_RETRY = 120.0, 0.5  # for a data set to be free to copy
MARKER = """CREATE TABLE IF NOT EXISTS bench_dataset (
    size text NOT NULL, seed integer NOT NULL, persons bigint NOT NULL, offences bigint NOT NULL,
    loaded_at timestamptz NOT NULL DEFAULT now())"""


@dataclass(frozen=True)
class Dataset:
    url: str  # SQLAlchemy URL (postgresql+asyncpg://…)
    size: str
    persons: int
    offences: int
    reused: bool
    tokens: dict[str, str]  # username -> bearer secret

    @property
    def dsn(self) -> str:
        return plain_dsn(self.url)


def plain_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


def database_url(admin_url: str, name: str) -> str:
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


async def admin(admin_url: str, *statements: str) -> None:
    """Run statements (CREATE/DROP DATABASE…) on the administrative connection."""
    conn = await asyncpg.connect(plain_dsn(admin_url))
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


async def recreate(admin_url: str, name: str, template: str | None = None) -> str:
    """Database ``name`` made afresh (a copy of ``template`` if given); its URL."""
    create = f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")
    await admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', create)
    return database_url(admin_url, name)


async def copy_of(admin_url: str, source: str, copy: str) -> str:
    """A copy of ``source``, which must be idle for a moment: PostgreSQL copies a template only
    while nobody is connected to it. Connections of servers just stopped are given time to
    close; those of anyone else are waited for, never cut."""
    waited = 0.0
    while True:
        try:
            return await recreate(admin_url, copy, template=source)
        except asyncpg.ObjectInUseError:
            if waited >= BUSY_SECONDS:
                raise RuntimeError(
                    f"{source} stayed in use for {BUSY_SECONDS:g} s; it must be idle for a"
                    " moment to be copied"
                ) from None
        await asyncio.sleep(BUSY_RETRY)  # waiting for other processes to disconnect
        waited += BUSY_RETRY


async def drop(admin_url: str, name: str) -> None:
    await admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _loaded(url: str, size: str) -> tuple[int, int] | None:
    """(persons, offences) when the database holds the demo at ``size``; else None."""
    try:
        conn = await asyncpg.connect(plain_dsn(url))
    except asyncpg.InvalidCatalogNameError:
        return None
    try:
        if await conn.fetchval("SELECT to_regclass('bench_dataset')") is None:
            return None
        marker = await conn.fetchrow("SELECT size, seed, persons, offences FROM bench_dataset")
        if marker is None or (marker["size"], marker["seed"]) != (size, SEED):
            return None
        persons = await conn.fetchval("SELECT count(*) FROM person")
        offences = await conn.fetchval("SELECT count(*) FROM offence")
        if (persons, offences) != (marker["persons"], marker["offences"]):
            return None
        return int(persons), int(offences)
    finally:
        await conn.close()


async def _build(admin_url: str, url: str, name: str, size: str) -> tuple[int, int]:
    await recreate(admin_url, name)
    await _ecrime(url, "migrate")
    await _ecrime(url, "demo", "--size", size, "--seed", str(SEED))
    conn = await asyncpg.connect(plain_dsn(url))
    try:
        # VACUUM too: a freshly loaded table has no visibility map, so index-only scans
        # (matching's name-key prefix index) would visit the heap for every row.
        await conn.execute("VACUUM ANALYZE")
        persons = int(await conn.fetchval("SELECT count(*) FROM person"))
        offences = int(await conn.fetchval("SELECT count(*) FROM offence"))
        await conn.execute(MARKER)
        await conn.execute(
            "INSERT INTO bench_dataset (size, seed, persons, offences) VALUES ($1, $2, $3, $4)",
            size,
            SEED,
            persons,
            offences,
        )
    finally:
        await conn.close()
    return persons, offences


async def _ecrime(url: str, *command: str) -> None:
    env = {**os.environ, "DATABASE_URL": url}
    ecrime = str(Path(sys.executable).with_name("ecrime"))
    child = await asyncio.create_subprocess_exec(
        ecrime, *command, env=env, stdout=subprocess.DEVNULL
    )
    if await child.wait() != 0:
        raise RuntimeError(f"ecrime {' '.join(command)} exited {child.returncode}")


async def _tokens(url: str) -> dict[str, str]:
    database = Database.from_url(url)
    try:
        found = {}
        for username in (PROVINCIAL, NATIONAL, SPECIALIST):
            _id, secret = await create_token(
                database, clock=SystemClock(), name="bench", owner=username, roles=None, days=1
            )
            found[username] = secret
        return found
    finally:
        await database.dispose()


def default_name(size: str) -> str:
    """One database per size, so that switching scales rebuilds nothing already built."""
    return f"ecrime_bench_{size}"


async def prepare(
    admin_url: str, size: str, *, name: str | None = None, rebuild: bool = False
) -> Dataset:
    name = name or default_name(size)
    url = database_url(admin_url, name)
    counts = None if rebuild else await _loaded(url, size)
    reused = counts is not None
    if counts is None:
        counts = await _build(admin_url, url, name, size)
    else:  # a data set built before the newest migrations (an index, say) is brought up to date
        await _ecrime(url, "migrate")
    return Dataset(url, size, counts[0], counts[1], reused, await _tokens(url))
