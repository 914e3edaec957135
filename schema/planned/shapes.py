"""What each planned GraphQL type is made of, in terms of its table: the input of schema.planned.

A field not listed here, and not a plain column of the type's table, is not planned: a selection
that asks for it is answered by the ordinary resolvers. Plain fields (a strawberry field without
a resolver, named like a column) are found by ``shape_of``; the rest are written out below. Each
entry says what the resolver of the same field in schema/types says, and
tests/test_planned_reads.py holds the two together, field by field, on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from types import SimpleNamespace
from typing import Any, cast

from strawberry.relay.utils import to_base64
from strawberry.types.enum import StrawberryEnumDefinition

from db import relations
from db import tables as t
from db.clock import PHNOM_PENH
from resolvers.warrant_actions import effective_status
from schema.enums import WarrantStatus
from schema.types.geo import Province
from schema.types.orders import Notice, Warrant
from schema.types.org import OffenceCategory, OffenceType, Unit
from schema.types.persons import IdentityDocument, PartialDate, Person, PersonAlias
from schema.types.records import Case, Offence, OffenceInvolvement


@dataclass(frozen=True)
class Col:
    """A column, turned into the field's Python value (an enum member) before serialising."""

    column: str
    convert: Callable[[Any], Any] | None = None


@dataclass(frozen=True)
class Calc:
    """A value computed from columns; ``produce(context, *values)``."""

    columns: tuple[str, ...]
    produce: Callable[..., Any]


@dataclass(frozen=True)
class Ref:
    """The row another table holds under this row's ``on`` column, or null."""

    model: type[Any]
    on: str
    key: str
    type_name: str


@dataclass(frozen=True)
class Many:
    """Rows along a relation: a connection (first/after) or a plain list."""

    relation: relations.Relation
    type_name: str
    connection: bool


@dataclass(frozen=True)
class Part:
    """A value object made of this row's own columns (a partial date)."""

    type_name: str


Spec = Col | Calc | Ref | Many | Part


@dataclass(frozen=True)
class Shape:
    model: type[Any] | None  # None: a Part, read from its owner's columns
    fields: dict[str, Spec] = field(default_factory=dict)
    masks_owned_by_parent: bool = False  # OffenceInvolvement: the offence decides its masks


def _global_id(type_name: str, column: str = "id") -> Calc:
    return Calc((column,), lambda _ctx, key: to_base64(type_name, key))


def _full_name(_ctx: Any, *parts: str) -> str:
    return " ".join(p for p in parts if p)


def _warrant_status(ctx: Any, status: str, expires_on: str | None) -> WarrantStatus:
    today = ctx.clock.now().astimezone(PHNOM_PENH).date()
    expires = date.fromisoformat(expires_on) if expires_on else None
    row = cast(t.Warrant, SimpleNamespace(status=status, expires_on=expires))
    return WarrantStatus(effective_status(row, today))


def _notice_active(ctx: Any, valid_from: str, valid_until: str | None) -> bool:
    today = ctx.clock.now().astimezone(PHNOM_PENH).date()
    end = date.fromisoformat(valid_until) if valid_until else None
    return date.fromisoformat(valid_from) <= today and (end is None or end >= today)


def _partial_text(_ctx: Any, year: int | None, month: int | None, day: int | None) -> str | None:
    text: str | None = PartialDate(year=year, month=month, day=day).text()
    return text


_PROVINCE = Ref(t.Province, "province_code", "code", "Province")
EXPLICIT: dict[str, Shape] = {
    "Person": Shape(
        t.Person,
        {
            "id": _global_id("Person"),
            "birthDate": Part("PartialDate"),
            "fullNameLatin": Calc(("family_name_latin", "given_name_latin"), _full_name),
            "fullNameKm": Calc(("family_name_km", "given_name_km"), _full_name),
            "background": Col("background"),
            "aliases": Many(relations.PERSON_ALIASES, "PersonAlias", connection=False),
            "documents": Many(relations.PERSON_DOCUMENTS, "IdentityDocument", connection=False),
            "cases": Many(relations.PERSON_CASES, "Case", connection=True),
            "offences": Many(relations.PERSON_OFFENCES, "Offence", connection=True),
            "warrants": Many(relations.PERSON_WARRANTS, "Warrant", connection=True),
            "notices": Many(relations.PERSON_NOTICES, "Notice", connection=True),
            "contactUnit": Ref(t.Unit, "recorded_unit_id", "id", "Unit"),
            "province": _PROVINCE,
            "caseProvinces": Many(relations.PERSON_CASE_PROVINCES, "Province", connection=False),
        },
    ),
    "PartialDate": Shape(
        None,
        {
            "year": Col("birth_year"),
            "month": Col("birth_month"),
            "day": Col("birth_day"),
            "text": Calc(("birth_year", "birth_month", "birth_day"), _partial_text),
        },
    ),
    "PersonAlias": Shape(t.PersonAlias),
    "IdentityDocument": Shape(t.IdentityDocument),
    "Case": Shape(
        t.Case,
        {
            "id": _global_id("Case"),
            "offences": Many(relations.CASE_OFFENCES, "Offence", connection=True),
            "province": _PROVINCE,
        },
    ),
    "Offence": Shape(
        t.Offence,
        {
            "id": _global_id("Offence"),
            "late": Col("late"),
            "historical": Col("historical"),
            "delaySeconds": Col("delay_seconds"),
            "type": Ref(t.OffenceType, "type_code", "code", "OffenceType"),
            "category": Ref(t.OffenceCategory, "iccs_code", "code", "OffenceCategory"),
            "case": Ref(t.Case, "case_id", "id", "Case"),
            "province": _PROVINCE,
            "persons": Many(relations.OFFENCE_PERSONS, "OffenceInvolvement", connection=False),
        },
    ),
    "OffenceInvolvement": Shape(
        t.OffencePerson,
        {"person": Ref(t.Person, "person_id", "id", "Person")},
        masks_owned_by_parent=True,
    ),
    "OffenceType": Shape(
        t.OffenceType,
        {
            "id": _global_id("OffenceType", "code"),
            "category": Ref(t.OffenceCategory, "iccs_code", "code", "OffenceCategory"),
        },
    ),
    "OffenceCategory": Shape(t.OffenceCategory, {"id": _global_id("OffenceCategory", "code")}),
    "Warrant": Shape(
        t.Warrant,
        {
            "id": _global_id("Warrant"),
            "status": Calc(("status", "expires_on"), _warrant_status),
        },
    ),
    "Notice": Shape(
        t.Notice,
        {
            "id": _global_id("Notice"),
            "active": Calc(("valid_from", "valid_until"), _notice_active),
        },
    ),
    "Unit": Shape(t.Unit, {"id": _global_id("Unit")}),
    "Province": Shape(
        t.Province,
        {
            "id": _global_id("Province", "code"),
            "seatLatitude": Col("seat_lat"),
            "seatLongitude": Col("seat_lon"),
        },
    ),
}
# The strawberry classes whose plain fields become columns.
CLASSES: dict[str, type[Any]] = {
    "Person": Person,
    "PersonAlias": PersonAlias,
    "IdentityDocument": IdentityDocument,
    "Case": Case,
    "Offence": Offence,
    "OffenceInvolvement": OffenceInvolvement,
    "OffenceType": OffenceType,
    "OffenceCategory": OffenceCategory,
    "Warrant": Warrant,
    "Notice": Notice,
    "Unit": Unit,
    "Province": Province,
}


@cache
def shape_of(type_name: str) -> Shape | None:
    explicit = EXPLICIT.get(type_name)
    cls = CLASSES.get(type_name)
    if explicit is None or explicit.model is None or cls is None:
        return explicit
    columns = explicit.model.__table__.c
    found: dict[str, Spec] = {}
    for f in cls.__strawberry_definition__.fields:
        if f.base_resolver is not None or f.python_name not in columns:
            continue
        kind = f.type
        convert = kind.wrapped_cls if isinstance(kind, StrawberryEnumDefinition) else None
        found[f.graphql_name or _camel(f.python_name)] = Col(f.python_name, convert)
    return Shape(explicit.model, {**found, **explicit.fields}, explicit.masks_owned_by_parent)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)
