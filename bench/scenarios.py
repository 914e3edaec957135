"""The read scenarios: each a GraphQL query, who asks it, the requests' variables drawn from the
data set, and the floor (bench.floor_app) that must give the same answer.

Variables are drawn once per run with a seeded generator, so two runs on one data set send the
same requests. Targets are issue 8's.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg

from bench.dataset import NATIONAL, PROVINCIAL, PROVINCIAL_PROVINCE
from bench.floor_support import gid
from db.clock import PHNOM_PENH
from db.demo.spelling import drift

REQUESTS = 200  # distinct requests per scenario, sent in turn
Sampler = Callable[[asyncpg.Connection, random.Random], Awaitable[list[dict[str, Any]]]]

PROFILE = """query Profile($id: ID!) {
  node(id: $id) {
    ... on Person {
      id familyNameLatin givenNameLatin familyNameKm givenNameKm sex nationality provinceCode
      birthDate { year month day }
      aliases { name script }
      documents { kind number issuingCountry }
      cases(first: 10) { edges { node {
        id number title status openedAt
        offences(first: 10) { edges { node { id occurredAt type { code nameEn } } } }
      } } }
      warrants(first: 10) { edges { node { id court number kind status issuedOn expiresOn } } }
      notices(first: 10) { edges { node { id kind validFrom validUntil reference } } }
    }
  }
}"""
OFFENCE_PAGE = """query OffencePage($province: String!) {
  offences(first: 100, filter: {provinceCodes: [$province]}) {
    edges { node {
      id occurredAt recordedAt late
      type { code nameEn category { code nameEn } }
      persons { role person { id fullNameLatin sex } }
      case { id number status }
    } }
  }
}"""
SEARCH = """query Search($name: String!, $purpose: String!) {
  persons(filter: {name: $name, purpose: $purpose}, first: 10) {
    edges { node {
      id fullNameLatin fullNameKm sex birthDate { year month day } provinceCode
    } }
  }
}"""
SUMMARY = """query Summary($id: ID!) {
  node(id: $id) {
    ... on Person {
      id fullNameLatin fullNameKm sex birthDate { year month day } nationality provinceCode
      caseProvinces { code nameLatin }
      contactUnit { code nameEn }
      background
      cases(first: 5) { edges { node { id } } }
      warrants(first: 10) { edges { node { id court number kind status issuedOn expiresOn } } }
      notices(first: 10) { edges { node { id kind validFrom validUntil reference } } }
    }
  }
}"""
AGGREGATE = """query Figures($from: Date!, $to: Date!) {
  figures(measure: OFFENCES, groupBy: [PROVINCE, MONTH], filter: {from: $from, to: $to}) {
    province period count previousCount change
  }
}"""


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    user: str  # who asks (bench.dataset makes a token for each)
    query: str
    sample: Sampler
    depth: int | None = None  # levels of nesting, for the statements target (depth + 1)
    alone: bool = False  # also measured with one client: latency without queueing
    floor_variables: Callable[[dict[str, Any]], dict[str, Any]] = lambda v: v


async def _persons_with_cases(
    conn: asyncpg.Connection, rng: random.Random, where: str
) -> list[Any]:
    rows = await conn.fetch(
        "SELECT DISTINCT cp.person_id FROM case_participant cp JOIN person p ON p.id = cp.person_id"
        f" WHERE {where} ORDER BY 1"
    )
    ids = [r[0] for r in rows]
    return rng.sample(ids, min(REQUESTS, len(ids)))


async def _profiles(conn: asyncpg.Connection, rng: random.Random) -> list[dict[str, Any]]:
    return [{"id": gid("Person", i)} for i in await _persons_with_cases(conn, rng, "true")]


async def _summaries(conn: asyncpg.Connection, rng: random.Random) -> list[dict[str, Any]]:
    where = f"p.province_code <> '{PROVINCIAL_PROVINCE}'"
    return [{"id": gid("Person", i)} for i in await _persons_with_cases(conn, rng, where)]


async def _provinces(conn: asyncpg.Connection, rng: random.Random) -> list[dict[str, Any]]:
    codes = [r[0] for r in await conn.fetch("SELECT code FROM province ORDER BY code")]
    rng.shuffle(codes)
    return [{"province": c} for c in codes]


async def _home(conn: asyncpg.Connection, rng: random.Random) -> list[dict[str, Any]]:
    return [{"province": PROVINCIAL_PROVINCE}]


async def _misspelled(conn: asyncpg.Connection, rng: random.Random) -> list[dict[str, Any]]:
    """Names of recorded persons as a clerk might mistype them: the given name drifts."""
    rows = await conn.fetch(
        "SELECT family_name_latin, given_name_latin FROM person"
        " WHERE family_name_latin <> '' AND given_name_latin <> '' ORDER BY id"
    )
    picked = rng.sample(list(rows), min(REQUESTS, len(rows)))
    purpose = "benchmark: misspelled name search"
    return [{"name": f"{r[0]} {drift(rng, r[1])}", "purpose": purpose} for r in picked]


async def _years(conn: asyncpg.Connection, rng: random.Random) -> list[dict[str, Any]]:
    this_year = datetime.now(PHNOM_PENH).year
    return [{"from": f"{y}-01-01", "to": f"{y}-12-31"} for y in range(this_year - 5, this_year)]


def _year_of(variables: dict[str, Any]) -> dict[str, Any]:
    return {"year": int(variables["from"][:4])}


SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (
        Scenario("profile", "person profile (3 levels)", NATIONAL, PROFILE, _profiles, depth=3),
        Scenario(
            "offence_page", "province offence page (100)", NATIONAL, OFFENCE_PAGE, _provinces, 3
        ),
        Scenario("search", "misspelled name search", NATIONAL, SEARCH, _misspelled, alone=True),
        Scenario("summary", "cross-province summary", PROVINCIAL, SUMMARY, _summaries),
        Scenario(
            "aggregate",
            "offences by province x month",
            NATIONAL,
            AGGREGATE,
            _years,
            floor_variables=_year_of,
        ),
    )
}
# Policy overhead: one query (Phnom Penh's offence page) as the provincial officer and as the
# national analyst; both see the same rows, so the ratio is what the narrower scope costs.
POLICY_PAIR = (
    Scenario("policy_provincial", "offence page as provincial", PROVINCIAL, OFFENCE_PAGE, _home),
    Scenario("policy_national", "offence page as national", NATIONAL, OFFENCE_PAGE, _home),
)
NOT_BUILT: dict[str, str] = {}  # scenario -> title, of issue 8's scenarios not measured yet
