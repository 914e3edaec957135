"""How a row stands to the caller — the Casbin request's ``dom`` — in SQL and in Python.

Every protected table names the resource it belongs to and how to find its province (and, for
offences, its ICCS code). Child tables (aliases, participants, seizures…) take their parent's
visibility through a subquery.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, false, or_, true
from sqlmodel import col, select

from db import tables as t
from policies.principal import Principal

OWN_PROVINCE = "own_province"
OTHER_PROVINCE = "other_province"
OWN_JURISDICTION = "own_jurisdiction"
DOMAINS = (OWN_PROVINCE, OTHER_PROVINCE, OWN_JURISDICTION)


@dataclass(frozen=True)
class Protected:
    """A table whose rows are judged directly: its resource name and its province column."""

    resource: str
    province: Any
    iccs: Any = None

    def predicate(self, principal: Principal, domain: str) -> ColumnElement[bool]:
        province = col(self.province)
        if domain == OWN_PROVINCE:
            return province == principal.province_code if principal.province_code else false()
        if domain == OTHER_PROVINCE:
            return province != principal.province_code if principal.province_code else true()
        if domain == OWN_JURISDICTION and self.iccs is not None and principal.jurisdiction:
            return or_(*(col(self.iccs).startswith(prefix) for prefix in principal.jurisdiction))
        return false()

    def domains_of(self, principal: Principal, row: Any) -> set[str]:
        province = getattr(row, self.province.key)
        found = {OWN_PROVINCE if province == principal.province_code else OTHER_PROVINCE}
        if self.iccs is not None:
            code = getattr(row, self.iccs.key)
            if any(code.startswith(prefix) for prefix in principal.jurisdiction):
                found.add(OWN_JURISDICTION)
        return found


PROTECTED: dict[type[Any], Protected] = {
    t.Person: Protected("person", t.Person.province_code),
    t.Offence: Protected("offence", t.Offence.province_code, t.Offence.iccs_code),
    t.Case: Protected("case", t.Case.province_code),
    t.Warrant: Protected("warrant", t.Warrant.province_code),
    t.Notice: Protected("notice", t.Notice.province_code),
    t.Operation: Protected("operation", t.Operation.province_code),
}


@dataclass(frozen=True)
class Child:
    """A table whose rows are visible exactly when their parent row is."""

    parent: type[Any]
    link: Callable[[ColumnElement[bool]], ColumnElement[bool]]
    key: Any = None  # the column holding the parent's id, where the child has one


def _child(parent: type[Any], key: Any) -> Child:
    return Child(parent, lambda visible: col(key).in_(select(parent.id).where(visible)), key)


CHILDREN: dict[type[Any], Child] = {
    t.PersonAlias: _child(t.Person, t.PersonAlias.person_id),
    t.IdentityDocument: _child(t.Person, t.IdentityDocument.person_id),
    t.PersonPhoto: _child(t.Person, t.PersonPhoto.person_id),
    t.PersonNameKey: _child(t.Person, t.PersonNameKey.person_id),
    t.CaseParticipant: _child(t.Case, t.CaseParticipant.case_id),
    t.OffencePerson: _child(t.Offence, t.OffencePerson.offence_id),
    t.Seizure: _child(t.Operation, t.Seizure.operation_id),
    t.OperationUnit: _child(t.Operation, t.OperationUnit.operation_id),
    t.ParticipantEvent: Child(
        t.Case,
        lambda visible: col(t.ParticipantEvent.participant_id).in_(
            select(t.CaseParticipant.id).where(
                col(t.CaseParticipant.case_id).in_(select(t.Case.id).where(visible))
            )
        ),
    ),
}

# Shared reference data: the gazetteer, ministries, the classification, units. Readable by all.
REFERENCE: frozenset[type[Any]] = frozenset(
    {
        t.Province,
        t.District,
        t.Commune,
        t.Ministry,
        t.MinistryJurisdiction,
        t.OffenceCategory,
        t.OffenceType,
        t.Unit,
    }
)
