"""Floors of the person reads: the profile (three levels) and the cross-province summary.

Each answers exactly what its GraphQL query in bench.scenarios asks, with the fewest statements
a hand-written implementation needs, and records the read in the audit trail as the API does.
The scope is the bench callers': a national analyst and a provincial officer, both below the
rank that may see sealed cases (policies/default_policy.csv: Colonel), and neither holding the
victim-identity or complainant grants, so no participation as victim or complainant names the
person to them (policies.masks; policies.filtering follows only links the masks show).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import asyncpg

from bench.floor_support import Caller, audit_read, day, gid, key_of, when
from db.clock import PHNOM_PENH
from schema.enums import CaseStatus, DocumentKind, NameScript, NoticeKind, Sex, WarrantKind

PERSON = """SELECT p.*,
  (SELECT coalesce(json_agg(json_build_object('name', a.name, 'script', a.script) ORDER BY a.id),
          '[]') FROM person_alias a WHERE a.person_id = p.id) AS aliases,
  (SELECT coalesce(json_agg(json_build_object('kind', d.kind, 'number', d.number,
          'issuingCountry', d.issuing_country) ORDER BY d.id), '[]')
     FROM identity_document d WHERE d.person_id = p.id) AS documents
FROM person p WHERE p.id = $1"""
# The person's cases (10 newest) and each one's offences (10 newest), in one statement.
CASES = """WITH c AS (
  SELECT k.id, k.number, k.title, k.status, k.opened_at FROM case_file k
  WHERE k.id IN (SELECT case_id FROM case_participant WHERE person_id = $1
                 AND role NOT IN ('victim', 'complainant')) AND NOT k.sealed
    AND ($2::text IS NULL OR k.province_code = $2)
  ORDER BY k.opened_at DESC, k.id DESC LIMIT $3)
SELECT c.*, o.id AS offence_id, o.occurred_at, o.type_code, t.name_en AS type_name
FROM c LEFT JOIN LATERAL (
  SELECT o.id, o.occurred_at, o.type_code FROM offence o
  WHERE o.case_id = c.id AND ($2::text IS NULL OR o.province_code = $2)
  ORDER BY o.occurred_at DESC, o.id DESC LIMIT $4) o ON true
LEFT JOIN offence_type t ON t.code = o.type_code
ORDER BY c.opened_at DESC, c.id DESC, o.occurred_at DESC, o.id DESC"""
WARRANTS = """SELECT id, court, number, kind, status, issued_on, expires_on FROM warrant
WHERE subject_person_id = $1 ORDER BY issued_on DESC, id DESC LIMIT $2"""
NOTICES = """SELECT id, kind, valid_from, valid_until, reference FROM notice
WHERE person_id = $1 ORDER BY valid_from DESC, id DESC LIMIT $2"""
CASE_PROVINCES = """SELECT DISTINCT pr.code, pr.name_latin FROM case_participant cp
JOIN case_file k ON k.id = cp.case_id JOIN province pr ON pr.code = k.province_code
WHERE cp.person_id = $1 AND cp.role NOT IN ('victim', 'complainant') ORDER BY pr.code"""
UNIT = "SELECT code, name_en FROM unit WHERE id = $1"


def _own_province(who: Caller) -> str | None:
    """None for a national reader (every province); else the one province the caller reads."""
    return None if who.national else who.province_code


def _edges(nodes: list[dict[str, Any]]) -> dict[str, Any]:
    return {"edges": [{"node": n} for n in nodes]}


def _warrant_status(status: str, expires: Any, today: Any) -> str:
    if status == "active" and expires is not None and expires < today:
        status = "expired"
    return status.upper()


async def _orders(conn: asyncpg.Connection, person_id: int) -> tuple[dict[str, Any], ...]:
    today = datetime.now(PHNOM_PENH).date()
    warrants = [
        {
            "id": gid("Warrant", w["id"]),
            "court": w["court"],
            "number": w["number"],
            "kind": WarrantKind(w["kind"]).name,
            "status": _warrant_status(w["status"], w["expires_on"], today),
            "issuedOn": day(w["issued_on"]),
            "expiresOn": day(w["expires_on"]),
        }
        for w in await conn.fetch(WARRANTS, person_id, 10)
    ]
    notices = [
        {
            "id": gid("Notice", n["id"]),
            "kind": NoticeKind(n["kind"]).name,
            "validFrom": day(n["valid_from"]),
            "validUntil": day(n["valid_until"]),
            "reference": n["reference"],
        }
        for n in await conn.fetch(NOTICES, person_id, 10)
    ]
    return _edges(warrants), _edges(notices)


def _cases(rows: list[asyncpg.Record]) -> dict[str, Any]:
    cases: dict[int, dict[str, Any]] = {}
    for r in rows:
        kase = cases.get(r["id"])
        if kase is None:
            kase = cases[r["id"]] = {
                "id": gid("Case", r["id"]),
                "number": r["number"],
                "title": r["title"],
                "status": CaseStatus(r["status"]).name,
                "openedAt": when(r["opened_at"]),
                "offences": {"edges": []},
            }
        if r["offence_id"] is not None:
            offence = {
                "id": gid("Offence", r["offence_id"]),
                "occurredAt": when(r["occurred_at"]),
                "type": {"code": r["type_code"], "nameEn": r["type_name"]},
            }
            kase["offences"]["edges"].append({"node": offence})
    return _edges(list(cases.values()))


async def profile(conn: asyncpg.Connection, who: Caller, variables: dict[str, Any]) -> Any:
    person_id = int(key_of(variables["id"]))
    p = await conn.fetchrow(PERSON, person_id)
    if p is None:
        return {"node": None}
    if not who.national and p["province_code"] != who.province_code:
        raise NotImplementedError("the profile floor reads as a national reader or at home")
    own = _own_province(who)
    cases = _cases(await conn.fetch(CASES, person_id, own, 10, 10))
    warrants, notices = await _orders(conn, person_id)
    node = {
        "id": gid("Person", person_id),
        "familyNameLatin": p["family_name_latin"],
        "givenNameLatin": p["given_name_latin"],
        "familyNameKm": p["family_name_km"],
        "givenNameKm": p["given_name_km"],
        "sex": Sex(p["sex"]).name,
        "nationality": p["nationality"],
        "provinceCode": p["province_code"],
        "birthDate": {"year": p["birth_year"], "month": p["birth_month"], "day": p["birth_day"]},
        "aliases": [
            {"name": a["name"], "script": NameScript(a["script"]).name}
            for a in json.loads(p["aliases"])
        ],
        "documents": [
            {**d, "kind": DocumentKind(d["kind"]).name} for d in json.loads(p["documents"])
        ],
        "cases": cases,
        "warrants": warrants,
        "notices": notices,
    }
    await _audit_person(conn, who, person_id)
    return {"node": node}


async def summary(conn: asyncpg.Connection, who: Caller, variables: dict[str, Any]) -> Any:
    """What an officer learns of a person recorded in another province: who, which provinces
    hold cases, whom to call, warrants and notices; the details read as null."""
    person_id = int(key_of(variables["id"]))
    p = await conn.fetchrow(
        "SELECT * FROM person WHERE id = $1", person_id
    )  # every officer may see every person: own province in full, elsewhere the summary
    if p is None:
        return {"node": None}
    details = who.national or p["province_code"] == who.province_code
    if details:
        raise NotImplementedError("the summary floor reads a person of another province")
    provinces = await conn.fetch(CASE_PROVINCES, person_id)
    unit = await conn.fetchrow(UNIT, p["recorded_unit_id"]) if p["recorded_unit_id"] else None
    warrants, notices = await _orders(conn, person_id)
    full = " ".join(x for x in (p["family_name_latin"], p["given_name_latin"]) if x)
    full_km = " ".join(x for x in (p["family_name_km"], p["given_name_km"]) if x)
    node = {
        "id": gid("Person", person_id),
        "fullNameLatin": full,
        "fullNameKm": full_km,
        "sex": Sex(p["sex"]).name,
        "birthDate": {"year": p["birth_year"], "month": p["birth_month"], "day": p["birth_day"]},
        "nationality": p["nationality"],
        "provinceCode": p["province_code"],
        "caseProvinces": [{"code": r["code"], "nameLatin": r["name_latin"]} for r in provinces],
        "contactUnit": None if unit is None else {"code": unit["code"], "nameEn": unit["name_en"]},
        "background": None,
        "cases": None,
        "warrants": warrants,
        "notices": notices,
    }
    await _audit_person(conn, who, person_id)
    return {"node": node}


async def _audit_person(conn: asyncpg.Connection, who: Caller, person_id: int) -> None:
    await audit_read(
        conn,
        who,
        action="person.read",
        object_type="person",
        object_ids=[str(person_id)],
        details={},
    )
