"""List filters as plain data, and the SQL predicates they compile to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, exists, or_
from sqlmodel import col, select

from db import tables as t

Where = list[ColumnElement[bool]]


def _prefixes(column: Any, prefixes: Sequence[str]) -> ColumnElement[bool]:
    return or_(*(col(column).startswith(p) for p in prefixes))


@dataclass(frozen=True)
class OffenceFilter:
    province_codes: tuple[str, ...] = ()
    district_code: str | None = None
    commune_code: str | None = None
    categories: tuple[str, ...] = ()  # ICCS codes at any level: "06" takes every drug offence
    type_codes: tuple[str, ...] = ()
    kind: str | None = None  # traffic, drug, cyber, general
    ministry_code: str | None = None
    occurred_from: datetime | None = None
    occurred_to: datetime | None = None  # exclusive


def offence_where(f: OffenceFilter) -> Where:
    where: Where = []
    if f.province_codes:
        where.append(col(t.Offence.province_code).in_(f.province_codes))
    if f.district_code:
        where.append(col(t.Offence.district_code) == f.district_code)
    if f.commune_code:
        where.append(col(t.Offence.commune_code) == f.commune_code)
    if f.categories:
        where.append(_prefixes(t.Offence.iccs_code, f.categories))
    if f.type_codes:
        where.append(col(t.Offence.type_code).in_(f.type_codes))
    if f.kind:
        kinds = select(t.OffenceType.code).where(col(t.OffenceType.kind) == f.kind)
        where.append(col(t.Offence.type_code).in_(kinds))
    if f.ministry_code:
        where.append(col(t.Offence.ministry_code) == f.ministry_code)
    if f.occurred_from:
        where.append(col(t.Offence.occurred_at) >= f.occurred_from)
    if f.occurred_to:
        where.append(col(t.Offence.occurred_at) < f.occurred_to)
    return where


@dataclass(frozen=True)
class PersonFilter:
    name: str | None = None
    document_number: str | None = None
    nationality: str | None = None
    sex: str | None = None
    province_codes: tuple[str, ...] = ()
    role: str | None = None  # appears in some case with this role
    purpose: str | None = None  # why; required beyond the caller's province (resolvers/searching)


def person_where(f: PersonFilter) -> Where:
    from db.person_names import document_filter, person_name_filter

    where: Where = []
    if f.name:
        where.append(person_name_filter(f.name))
    if f.document_number:
        where.append(document_filter(f.document_number))
    if f.nationality:
        where.append(col(t.Person.nationality) == f.nationality.upper())
    if f.sex:
        where.append(col(t.Person.sex) == f.sex)
    if f.province_codes:
        where.append(col(t.Person.province_code).in_(f.province_codes))
    if f.role:
        where.append(
            exists().where(
                col(t.CaseParticipant.person_id) == col(t.Person.id),
                col(t.CaseParticipant.role) == f.role,
            )
        )
    return where


@dataclass(frozen=True)
class CaseFilter:
    statuses: tuple[str, ...] = ()
    province_codes: tuple[str, ...] = ()
    lead_unit_id: int | None = None
    opened_from: datetime | None = None
    opened_to: datetime | None = None


def case_where(f: CaseFilter) -> Where:
    where: Where = []
    if f.statuses:
        where.append(col(t.Case.status).in_(f.statuses))
    if f.province_codes:
        where.append(col(t.Case.province_code).in_(f.province_codes))
    if f.lead_unit_id is not None:
        where.append(col(t.Case.lead_unit_id) == f.lead_unit_id)
    if f.opened_from:
        where.append(col(t.Case.opened_at) >= f.opened_from)
    if f.opened_to:
        where.append(col(t.Case.opened_at) < f.opened_to)
    return where


@dataclass(frozen=True)
class WarrantFilter:
    statuses: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    province_codes: tuple[str, ...] = ()
    court: str | None = None
    issued_from: date | None = None
    issued_to: date | None = None


def warrant_where(f: WarrantFilter) -> Where:
    where: Where = []
    if f.statuses:
        where.append(col(t.Warrant.status).in_(f.statuses))
    if f.kinds:
        where.append(col(t.Warrant.kind).in_(f.kinds))
    if f.province_codes:
        where.append(col(t.Warrant.province_code).in_(f.province_codes))
    if f.court:
        where.append(col(t.Warrant.court) == f.court)
    if f.issued_from:
        where.append(col(t.Warrant.issued_on) >= f.issued_from)
    if f.issued_to:
        where.append(col(t.Warrant.issued_on) < f.issued_to)
    return where


@dataclass(frozen=True)
class NoticeFilter:
    kinds: tuple[str, ...] = ()
    province_codes: tuple[str, ...] = ()
    valid_on: date | None = None  # only notices in force on this day


def notice_where(f: NoticeFilter) -> Where:
    where: Where = []
    if f.kinds:
        where.append(col(t.Notice.kind).in_(f.kinds))
    if f.province_codes:
        where.append(col(t.Notice.province_code).in_(f.province_codes))
    if f.valid_on:
        where.append(col(t.Notice.valid_from) <= f.valid_on)
        where.append(
            or_(col(t.Notice.valid_until).is_(None), col(t.Notice.valid_until) >= f.valid_on)
        )
    return where
