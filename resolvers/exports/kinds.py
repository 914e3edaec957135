"""What each exportable list is: its policy object, its table, the API query it reads, and the
columns a file gets.

The queries are the API's own list queries (``offences``, ``persons``, ``cases``; ``warrants``
and ``notices`` are in ``order_kinds``), so an export is the list the user sees: the same filter
inputs, the same read scope in SQL, the same masks (a masked field arrives as null and is named in
``maskedFields``; the file says ``[withheld]``).
Columns are what the list shows, plus the fields of the record page a reader of that list may
also see (an offence's description, a person's background), so that a mask has something to hide.
Headers are stable English keys: files are read again by programs (imports, spreadsheets'
lookups), which a translated header would break.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from db import tables as t

Node = Mapping[str, Any]
WITHHELD = "[withheld]"
PHNOM_PENH = ZoneInfo("Asia/Phnom_Penh")  # DESIGN: store UTC, show Asia/Phnom_Penh


@dataclass(frozen=True)
class Column:
    header: str
    pick: Callable[[Node], Any]


@dataclass(frozen=True)
class Kind:
    name: str  # the list, plural, as in the admin's URL: "offences"
    obj: str  # the policy object whose ``export`` action opens it (policies/default_policy.csv)
    model: type[Any]  # the table, for the export scope check (policies.scope)
    document: str  # a connection query taking $filter, $first, $after (and $orderBy when ordered)
    columns: tuple[Column, ...]
    default_order: str | None = None  # the list's order enum value, for the ordered lists
    # For the lists the API orders one way only (no orderBy argument): that order, in words, for
    # the file's query line and the audit entry, since the admin list may have been sorted
    # otherwise on screen.
    fixed_order: str | None = None

    @property
    def connection(self) -> str:
        return self.name


def _at(*path: str) -> Callable[[Node], Any]:
    def pick(node: Node) -> Any:
        value: Any = node
        for key in path:
            if not isinstance(value, Mapping):
                return None
            value = value.get(key)
        return value

    return pick


def _pk(node: Node) -> int:
    return int(node["pk"])  # the database id, as the admin's URLs show it


def _moment(*path: str) -> Callable[[Node], Any]:
    """A moment in Phnom Penh time, ISO 8601 (the API answers UTC, as text or as a datetime)."""
    at = _at(*path)

    def pick(node: Node) -> Any:
        value = at(node)
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return value.astimezone(PHNOM_PENH).isoformat() if isinstance(value, datetime) else None

    return pick


def _masked(field: str) -> Callable[[Node], Any]:
    """A field a mask may hide: the API reads it as null and names it in ``maskedFields``."""

    def pick(node: Node) -> Any:
        if any(m["field"] == field for m in node.get("maskedFields") or ()):
            return WITHHELD
        return node.get(field)

    return pick


def _columns(*pairs: tuple[str, Callable[[Node], Any]]) -> tuple[Column, ...]:
    return tuple(Column(header, pick) for header, pick in pairs)


PAGE_VARS = "$first: Int!, $after: String"
PAGE_ARGS = "first: $first, after: $after"
PAGE_INFO = "totalCount pageInfo { hasNextPage endCursor }"
PLACE = "{ code nameLatin nameKm }"

OFFENCES = Kind(
    name="offences",
    obj="offence",
    model=t.Offence,
    document=f"""
query($filter: OffenceFilterInput, $orderBy: OffenceOrder!, {PAGE_VARS}) {{
  offences(filter: $filter, orderBy: $orderBy, {PAGE_ARGS}) {{ {PAGE_INFO} nodes {{
    id occurredAt recordedAt late description maskedFields {{ field }}
    type {{ code nameEn nameKm iccsCode kind }}
    province {PLACE} district {PLACE} commune {PLACE} case {{ number }}
  }} }}
}}""",
    columns=_columns(
        ("id", _pk),
        ("occurred_at", _moment("occurredAt")),
        ("recorded_at", _moment("recordedAt")),
        ("late", _at("late")),
        ("type_code", _at("type", "code")),
        ("type_en", _at("type", "nameEn")),
        ("type_km", _at("type", "nameKm")),
        ("iccs_code", _at("type", "iccsCode")),
        ("kind", _at("type", "kind")),
        ("province_code", _at("province", "code")),
        ("province", _at("province", "nameLatin")),
        ("district_code", _at("district", "code")),
        ("district", _at("district", "nameLatin")),
        ("commune_code", _at("commune", "code")),
        ("commune", _at("commune", "nameLatin")),
        ("case_number", _at("case", "number")),
        ("description", _masked("description")),
    ),
    default_order="OCCURRED_NEWEST",
)

PERSONS = Kind(
    name="persons",
    obj="person",
    model=t.Person,
    document=f"""
query($filter: PersonFilterInput, $orderBy: PersonOrder!, {PAGE_VARS}) {{
  persons(filter: $filter, orderBy: $orderBy, {PAGE_ARGS}) {{ {PAGE_INFO} nodes {{
    id familyNameKm givenNameKm familyNameLatin givenNameLatin sex birthDate {{ text }}
    nationality provinceCode createdAt background maskedFields {{ field }}
  }} }}
}}""",
    columns=_columns(
        ("id", _pk),
        ("family_name_km", _at("familyNameKm")),
        ("given_name_km", _at("givenNameKm")),
        ("family_name_latin", _at("familyNameLatin")),
        ("given_name_latin", _at("givenNameLatin")),
        ("sex", _at("sex")),
        ("born", _at("birthDate", "text")),
        ("nationality", _at("nationality")),
        ("province_code", _at("provinceCode")),
        ("recorded_at", _moment("createdAt")),
        ("background", _masked("background")),
    ),
    default_order="BEST_MATCH",
)

CASES = Kind(
    name="cases",
    obj="case",
    model=t.Case,
    document=f"""
query($filter: CaseFilterInput, {PAGE_VARS}) {{
  cases(filter: $filter, {PAGE_ARGS}) {{ {PAGE_INFO} nodes {{
    id number title status openedAt closedAt sealed
    province {PLACE} leadUnit {{ code nameEn }}
  }} }}
}}""",
    columns=_columns(
        ("id", _pk),
        ("number", _at("number")),
        ("title", _at("title")),
        ("status", _at("status")),
        ("opened_at", _moment("openedAt")),
        ("closed_at", _moment("closedAt")),
        ("sealed", _at("sealed")),
        ("province_code", _at("province", "code")),
        ("province", _at("province", "nameLatin")),
        ("lead_unit_code", _at("leadUnit", "code")),
        ("lead_unit", _at("leadUnit", "nameEn")),
    ),
    fixed_order="the API's order: opened, newest first",
)

RECORD_KINDS = (OFFENCES, PERSONS, CASES)
