"""Floors of the list reads: a province's offence page, the name search, the monthly figures.

Each answers exactly what its GraphQL query in bench.scenarios asks. Name matching uses the
project's own folding (db.names.query_key) and stored keys, as the API does: what is measured is
the cost of answering, not a cheaper question.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time
from typing import Any

import asyncpg

from bench.floor_support import Caller, audit_read, gid, when
from db.clock import PHNOM_PENH
from db.names import query_key
from db.person_names import MIN_PREFIX, MIN_SUBSTRING, PREFIX_LENGTH
from schema.enums import CaseRole, CaseStatus, Sex

OFFENCES = """SELECT o.id, o.occurred_at, o.recorded_at, o.late, o.type_code, t.name_en,
  c.code AS category_code, c.name_en AS category_name,
  k.id AS case_id, k.number AS case_number, k.status AS case_status
FROM offence o
JOIN offence_type t ON t.code = o.type_code
JOIN offence_category c ON c.code = t.iccs_code
LEFT JOIN case_file k ON k.id = o.case_id AND NOT k.sealed
  AND ($2::text IS NULL OR k.province_code = $2)
WHERE o.province_code = $1 AND ($2::text IS NULL OR o.province_code = $2)
ORDER BY o.occurred_at DESC, o.id DESC LIMIT $3"""
INVOLVED = """SELECT op.offence_id, op.role, p.id, p.family_name_latin, p.given_name_latin, p.sex
FROM offence_person op JOIN person p ON p.id = op.person_id
WHERE op.offence_id = ANY($1::int[]) ORDER BY op.offence_id, op.person_id, op.role"""
# Roles whose person is hidden without field:victim_identity (policies.masks.OFFENCE_VICTIM);
# neither bench caller holds it.
MASKED_ROLES = frozenset({"victim", "complainant"})


def _full(family: str, given: str) -> str:
    return " ".join(x for x in (family, given) if x)


async def offence_page(conn: asyncpg.Connection, who: Caller, variables: dict[str, Any]) -> Any:
    own = None if who.national else who.province_code
    rows = await conn.fetch(OFFENCES, variables["province"], own, 100)
    persons: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in await conn.fetch(INVOLVED, [r["id"] for r in rows]):
        person = None
        if r["role"] not in MASKED_ROLES:
            person = {
                "id": gid("Person", r["id"]),
                "fullNameLatin": _full(r["family_name_latin"], r["given_name_latin"]),
                "sex": Sex(r["sex"]).name,
            }
        persons[r["offence_id"]].append({"role": CaseRole(r["role"]).name, "person": person})
    edges = []
    for r in rows:
        kase = None
        if r["case_id"] is not None:
            kase = {
                "id": gid("Case", r["case_id"]),
                "number": r["case_number"],
                "status": CaseStatus(r["case_status"]).name,
            }
        node = {
            "id": gid("Offence", r["id"]),
            "occurredAt": when(r["occurred_at"]),
            "recordedAt": when(r["recorded_at"]),
            "late": r["late"],
            "type": {
                "code": r["type_code"],
                "nameEn": r["name_en"],
                "category": {"code": r["category_code"], "nameEn": r["category_name"]},
            },
            "persons": persons.get(r["id"], []),
            "case": kase,
        }
        edges.append({"node": node})
    return {"offences": {"edges": edges}}


SEARCH = """SELECT p.id, p.family_name_latin, p.given_name_latin, p.family_name_km,
  p.given_name_km, p.sex, p.birth_year, p.birth_month, p.birth_day, p.province_code
FROM (SELECT person_id, min(CASE WHEN key = $1 THEN 0 WHEN key LIKE $1 || '%' THEN 1000000
                                 ELSE 2000000 END + length(key)) AS rank
      FROM person_name_key WHERE key LIKE $2 GROUP BY person_id) m
JOIN person p ON p.id = m.person_id
ORDER BY m.rank, p.family_name_latin, p.given_name_latin, p.id LIMIT $3"""
EXACT = SEARCH.replace("key LIKE $2", "key = $2")


async def name_search(conn: asyncpg.Connection, who: Caller, variables: dict[str, Any]) -> Any:
    """Every person is visible to both bench callers (read or read_summary), so the scope adds
    nothing here; the purpose is long enough that no case lookup is needed."""
    name, purpose = variables["name"], variables["purpose"].strip()
    key = query_key(name)
    prefix, body = key[:PREFIX_LENGTH], key[PREFIX_LENGTH:]
    rows: list[asyncpg.Record] = []
    if key and len(body) >= MIN_SUBSTRING:
        rows = await conn.fetch(SEARCH, key, f"{prefix}%{body}%", 10)
    elif key and len(body) >= MIN_PREFIX:
        rows = await conn.fetch(SEARCH, key, f"{key}%", 10)
    elif key:
        rows = await conn.fetch(EXACT, key, key, 10)
    nodes = [
        {
            "id": gid("Person", r["id"]),
            "fullNameLatin": _full(r["family_name_latin"], r["given_name_latin"]),
            "fullNameKm": _full(r["family_name_km"], r["given_name_km"]),
            "sex": Sex(r["sex"]).name,
            "birthDate": {
                "year": r["birth_year"],
                "month": r["birth_month"],
                "day": r["birth_day"],
            },
            "provinceCode": r["province_code"],
        }
        for r in rows
    ]
    details = {
        "filter": {"name": name, "purpose": purpose},
        "page": {"first": 10, "after": None, "orderBy": "BEST_MATCH"},
        "results": [r["id"] for r in rows],
    }
    await audit_read(
        conn, who, action="person.search", object_type="person", object_ids=[], details=details
    )
    return {"persons": {"edges": [{"node": n} for n in nodes]}}


FIGURES = """SELECT province_code, to_char(timezone('Asia/Phnom_Penh', occurred_at), 'YYYY-MM')
  AS month, count(*) FROM offence
WHERE occurred_at >= $1 AND occurred_at < $2 AND ($3::text IS NULL OR province_code = $3)
GROUP BY 1, 2"""


def _local(day: date) -> datetime:
    return datetime.combine(day, time(), PHNOM_PENH)


async def monthly_figures(conn: asyncpg.Connection, who: Caller, variables: dict[str, Any]) -> Any:
    """Offences per province and month of one year, each with the month before: one statement
    over thirteen months (the December before the year, then the year)."""
    year = int(variables["year"])
    own = None if who.national else who.province_code
    found = {
        (r["province_code"], r["month"]): r["count"]
        for r in await conn.fetch(FIGURES, _local(date(year - 1, 12, 1)), _local(date(year + 1, 1, 1)), own)
    }  # fmt: skip
    rows = []
    for (province, month), count in sorted(found.items()):
        if not month.startswith(f"{year}-"):
            continue
        y, m = int(month[:4]), int(month[5:7])
        before = f"{y - 1}-12" if m == 1 else f"{y}-{m - 1:02d}"
        previous = found.get((province, before), 0)
        rows.append(
            {
                "province": province,
                "period": month,
                "count": count,
                "previousCount": previous,
                "change": (count - previous) / previous if previous else None,
            }
        )
    return {"figures": rows}
