"""List filters and orders as plain data, each term declaring what it reads.

A filter term tests columns of the listed table, of shared reference data, or of rows of a
related table that hold the listed row's id (``via``: a person's participations, documents,
name keys). Terms are data, not SQL builders: policies.filtering compiles them for one caller,
ANDing into each the caller's scope for the related table and the masks of every masked column
it reads, so that a filter or an order is never an oracle on what the caller may not see. There
is no other way from a filter to SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import ColumnElement, false, or_, select
from sqlmodel import col

from db import tables as t
from db.names import document_key
from db.person_names import name_key_condition, name_rank


@dataclass(frozen=True)
class Term:
    """One condition of a filter: the columns it reads and how it tests them."""

    reads: tuple[Any, ...]  # model attributes (t.Offence.province_code)
    test: Callable[[Any], ColumnElement[bool]]  # the value given -> a condition on those columns
    via: Any = None  # the related table's column holding the listed row's id


@dataclass(frozen=True)
class Sort:
    """One key of an order: the column it reads, and the key when computed from it."""

    reads: Any
    descending: bool = False
    key: Any = None  # e.g. a name rank; None: the column itself


def _prefixes(column: Any, prefixes: Sequence[str]) -> ColumnElement[bool]:
    return or_(*(col(column).startswith(p) for p in prefixes))


def _own(column: Any, test: Callable[[Any], ColumnElement[bool]]) -> Term:
    return Term((column,), test)


def _among(column: Any) -> Term:
    return _own(column, lambda values: col(column).in_(values))


def _equal(column: Any) -> Term:
    return _own(column, lambda value: col(column) == value)


class Filter:
    """A filter's fields are its terms (TERMS) or declared as not filtering (NOT_TERMS)."""

    LISTED: ClassVar[type[Any]]
    TERMS: ClassVar[dict[str, Term]]
    NOT_TERMS: ClassVar[frozenset[str]] = frozenset()

    def given(self) -> list[tuple[Term, Any]]:
        found = []
        for f in fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if f.name in self.NOT_TERMS or value in (None, (), ""):
                continue
            found.append((self.TERMS[f.name], value))
        return found


@dataclass(frozen=True)
class OffenceFilter(Filter):
    province_codes: tuple[str, ...] = ()
    district_code: str | None = None
    commune_code: str | None = None
    categories: tuple[str, ...] = ()  # ICCS codes at any level: "06" takes every drug offence
    type_codes: tuple[str, ...] = ()
    kind: str | None = None  # traffic, drug, cyber, general
    ministry_code: str | None = None
    occurred_from: datetime | None = None
    occurred_to: datetime | None = None  # exclusive

    LISTED = t.Offence
    TERMS: ClassVar[dict[str, Term]] = {
        "province_codes": _among(t.Offence.province_code),
        "district_code": _equal(t.Offence.district_code),
        "commune_code": _equal(t.Offence.commune_code),
        "categories": _own(t.Offence.iccs_code, lambda p: _prefixes(t.Offence.iccs_code, p)),
        "type_codes": _among(t.Offence.type_code),
        "kind": Term(
            (t.Offence.type_code, t.OffenceType.kind),
            lambda kind: col(t.Offence.type_code).in_(
                select(col(t.OffenceType.code)).where(col(t.OffenceType.kind) == kind)
            ),
        ),
        "ministry_code": _equal(t.Offence.ministry_code),
        "occurred_from": _own(t.Offence.occurred_at, lambda v: col(t.Offence.occurred_at) >= v),
        "occurred_to": _own(t.Offence.occurred_at, lambda v: col(t.Offence.occurred_at) < v),
    }


def _document(number: str) -> ColumnElement[bool]:
    key = document_key(number)
    return col(t.IdentityDocument.number_key) == key if key else false()


@dataclass(frozen=True)
class PersonFilter(Filter):
    name: str | None = None
    document_number: str | None = None
    nationality: str | None = None
    sex: str | None = None
    province_codes: tuple[str, ...] = ()
    role: str | None = None  # appears in some case with this role
    purpose: str | None = None  # why; required beyond the caller's province (resolvers/searching)

    LISTED = t.Person
    NOT_TERMS = frozenset({"purpose"})
    TERMS: ClassVar[dict[str, Term]] = {
        "name": Term((t.PersonNameKey.key,), name_key_condition, via=t.PersonNameKey.person_id),
        "document_number": Term(
            (t.IdentityDocument.number_key,), _document, via=t.IdentityDocument.person_id
        ),
        "nationality": _own(t.Person.nationality, lambda v: col(t.Person.nationality) == v.upper()),
        "sex": _equal(t.Person.sex),
        "province_codes": _among(t.Person.province_code),
        # Through the participation naming the person: its case's scope and the victim and
        # complainant masks on who it names (CaseParticipant.person) go with the term.
        "role": Term(
            (t.CaseParticipant.role,),
            lambda role: col(t.CaseParticipant.role) == role,
            via=t.CaseParticipant.person_id,
        ),
    }


@dataclass(frozen=True)
class CaseFilter(Filter):
    statuses: tuple[str, ...] = ()
    province_codes: tuple[str, ...] = ()
    lead_unit_id: int | None = None
    opened_from: datetime | None = None
    opened_to: datetime | None = None

    LISTED = t.Case
    TERMS: ClassVar[dict[str, Term]] = {
        "statuses": _among(t.Case.status),
        "province_codes": _among(t.Case.province_code),
        "lead_unit_id": _equal(t.Case.lead_unit_id),
        "opened_from": _own(t.Case.opened_at, lambda v: col(t.Case.opened_at) >= v),
        "opened_to": _own(t.Case.opened_at, lambda v: col(t.Case.opened_at) < v),
    }


@dataclass(frozen=True)
class WarrantFilter(Filter):
    statuses: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    province_codes: tuple[str, ...] = ()
    court: str | None = None
    issued_from: date | None = None
    issued_to: date | None = None

    LISTED = t.Warrant
    TERMS: ClassVar[dict[str, Term]] = {
        "statuses": _among(t.Warrant.status),
        "kinds": _among(t.Warrant.kind),
        "province_codes": _among(t.Warrant.province_code),
        "court": _equal(t.Warrant.court),
        "issued_from": _own(t.Warrant.issued_on, lambda v: col(t.Warrant.issued_on) >= v),
        "issued_to": _own(t.Warrant.issued_on, lambda v: col(t.Warrant.issued_on) < v),
    }


def _in_force(day: date) -> ColumnElement[bool]:
    until = col(t.Notice.valid_until)
    return (col(t.Notice.valid_from) <= day) & or_(until.is_(None), until >= day)


@dataclass(frozen=True)
class NoticeFilter(Filter):
    kinds: tuple[str, ...] = ()
    province_codes: tuple[str, ...] = ()
    valid_on: date | None = None  # only notices in force on this day

    LISTED = t.Notice
    TERMS: ClassVar[dict[str, Term]] = {
        "kinds": _among(t.Notice.kind),
        "province_codes": _among(t.Notice.province_code),
        "valid_on": Term((t.Notice.valid_from, t.Notice.valid_until), _in_force),
    }


def _newest(column: Any, model: Any) -> tuple[Sort, ...]:
    return (Sort(column, descending=True), Sort(model.id, descending=True))


# The API's orders (schema.enums OffenceOrder, PersonOrder) by value, and the lists' one orders.
OFFENCE_ORDERS: dict[str, tuple[Sort, ...]] = {
    "occurred_newest": _newest(t.Offence.occurred_at, t.Offence),
    "occurred_oldest": (Sort(t.Offence.occurred_at), Sort(t.Offence.id)),
    "recorded_newest": _newest(t.Offence.recorded_at, t.Offence),
}
PERSON_BY_NAME = (
    Sort(t.Person.family_name_latin),
    Sort(t.Person.given_name_latin),
    Sort(t.Person.id),
)
PERSON_NEWEST = _newest(t.Person.created_at, t.Person)
CASE_ORDER = _newest(t.Case.opened_at, t.Case)
WARRANT_ORDER = _newest(t.Warrant.issued_on, t.Warrant)
NOTICE_ORDER = _newest(t.Notice.valid_from, t.Notice)


def person_order(order: str, wanted: PersonFilter) -> tuple[Sort, ...]:
    """``best_match`` ranks by how well a name key matches the searched name, then by name."""
    if order == "newest":
        return PERSON_NEWEST
    if order == "best_match" and wanted.name:
        return (Sort(t.PersonNameKey.key, key=name_rank(wanted.name)), *PERSON_BY_NAME)
    return PERSON_BY_NAME
