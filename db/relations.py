"""The edges of the graph: for each traversal, which rows hang off which parent, in what order.

Each relation is data, not code: the loaders turn any of them into one batched query. A relation
that reaches its rows through link rows naming the parent (a person's cases, through the
participations naming the person) says which column it follows (``link``) and how a condition
on the link rows narrows its own (``linked``): that column may be masked (a victim's
participation), and policies.filtering.relation_scope then follows only the links the caller may
see, so a traversal shows no fact the other direction masks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select
from sqlalchemy.orm import Mapped
from sqlmodel import col, select

from db import tables as t

Expr = ColumnElement[Any] | Mapped[Any]


@dataclass(frozen=True)
class Relation:
    name: str
    model: type[Any]  # the child rows' table; the scope is applied to it
    parent_key: Callable[[], Expr]
    order_by: Callable[[], tuple[Expr, ...]]
    base: Callable[[], Select[Any]] | None = None  # default: select(model)
    link: Any = field(default=None, compare=False)  # the link rows' column naming the parent
    linked: Callable[[ColumnElement[bool]], ColumnElement[bool]] | None = None

    def select(self) -> Select[Any]:
        return self.base() if self.base is not None else select(self.model)


_PERSON_CASES_LINKS = (
    select(t.CaseParticipant.case_id, t.CaseParticipant.person_id).distinct().subquery("pc")
)
_PERSON_OFFENCE_LINKS = (
    select(t.OffencePerson.offence_id, t.OffencePerson.person_id).distinct().subquery("po")
)


def _id_desc(model: Any, column: Any) -> Callable[[], tuple[Expr, ...]]:
    return lambda: (col(column).desc(), col(model.id).desc())


PROVINCE_DISTRICTS = Relation(
    "province.districts",
    t.District,
    lambda: col(t.District.province_code),
    lambda: (col(t.District.code),),
)
DISTRICT_COMMUNES = Relation(
    "district.communes",
    t.Commune,
    lambda: col(t.Commune.district_code),
    lambda: (col(t.Commune.code),),
)
PROVINCE_OFFENCES = Relation(
    "province.offences",
    t.Offence,
    lambda: col(t.Offence.province_code),
    _id_desc(t.Offence, t.Offence.occurred_at),
)
MINISTRY_OFFENCES = Relation(
    "ministry.offences",
    t.Offence,
    lambda: col(t.Offence.ministry_code),
    _id_desc(t.Offence, t.Offence.occurred_at),
)
CASE_OFFENCES = Relation(
    "case.offences",
    t.Offence,
    lambda: col(t.Offence.case_id),
    _id_desc(t.Offence, t.Offence.occurred_at),
)


# Link rows are read in a subquery of their own, whatever an enclosing statement holds
# (db.trees nests relations inside one another).
def _case_links(visible: ColumnElement[bool]) -> ColumnElement[bool]:
    return (
        select(col(t.CaseParticipant.id))
        .where(
            col(t.CaseParticipant.case_id) == col(t.Case.id),
            col(t.CaseParticipant.person_id) == _PERSON_CASES_LINKS.c.person_id,
            visible,
        )
        .correlate_except(t.CaseParticipant)
        .exists()
    )


def _offence_links(visible: ColumnElement[bool]) -> ColumnElement[bool]:
    return (
        select(col(t.OffencePerson.offence_id))
        .where(
            col(t.OffencePerson.offence_id) == col(t.Offence.id),
            col(t.OffencePerson.person_id) == _PERSON_OFFENCE_LINKS.c.person_id,
            visible,
        )
        .correlate_except(t.OffencePerson)
        .exists()
    )


PERSON_CASES = Relation(
    "person.cases",
    t.Case,
    lambda: _PERSON_CASES_LINKS.c.person_id,
    _id_desc(t.Case, t.Case.opened_at),
    base=lambda: select(t.Case).join(
        _PERSON_CASES_LINKS, _PERSON_CASES_LINKS.c.case_id == col(t.Case.id)
    ),
    link=t.CaseParticipant.person_id,
    linked=_case_links,
)
PERSON_OFFENCES = Relation(
    "person.offences",
    t.Offence,
    lambda: _PERSON_OFFENCE_LINKS.c.person_id,
    _id_desc(t.Offence, t.Offence.occurred_at),
    base=lambda: select(t.Offence).join(
        _PERSON_OFFENCE_LINKS, _PERSON_OFFENCE_LINKS.c.offence_id == col(t.Offence.id)
    ),
    link=t.OffencePerson.person_id,
    linked=_offence_links,
)
# Provinces holding cases about a person: part of the cross-province summary, so not scoped by
# case access (db.summary.case_provinces reads the same); but a masked participation (a victim's)
# is no case "about" the person to whom the mask hides it.
_PERSON_CASE_PROVINCES = (
    select(t.CaseParticipant.person_id, t.Case.province_code)
    .join(t.Case, col(t.Case.id) == col(t.CaseParticipant.case_id))
    .distinct()
    .subquery("pcp")
)


def _province_links(visible: ColumnElement[bool]) -> ColumnElement[bool]:
    return (
        select(col(t.CaseParticipant.id))
        .join(t.Case, col(t.Case.id) == col(t.CaseParticipant.case_id))
        .where(
            col(t.CaseParticipant.person_id) == _PERSON_CASE_PROVINCES.c.person_id,
            col(t.Case.province_code) == _PERSON_CASE_PROVINCES.c.province_code,
            visible,
        )
        .correlate_except(t.CaseParticipant, t.Case)
        .exists()
    )


PERSON_CASE_PROVINCES = Relation(
    "person.case_provinces",
    t.Province,
    lambda: _PERSON_CASE_PROVINCES.c.person_id,
    lambda: (col(t.Province.code),),
    base=lambda: select(t.Province).join(
        _PERSON_CASE_PROVINCES, _PERSON_CASE_PROVINCES.c.province_code == col(t.Province.code)
    ),
    link=t.CaseParticipant.person_id,
    linked=_province_links,
)
PERSON_WARRANTS = Relation(
    "person.warrants",
    t.Warrant,
    lambda: col(t.Warrant.subject_person_id),
    _id_desc(t.Warrant, t.Warrant.issued_on),
)
PERSON_NOTICES = Relation(
    "person.notices",
    t.Notice,
    lambda: col(t.Notice.person_id),
    _id_desc(t.Notice, t.Notice.valid_from),
)
CASE_PARTICIPANTS = Relation(
    "case.participants",
    t.CaseParticipant,
    lambda: col(t.CaseParticipant.case_id),
    lambda: (col(t.CaseParticipant.id),),
)
CASE_WARRANTS = Relation(
    "case.warrants",
    t.Warrant,
    lambda: col(t.Warrant.case_id),
    _id_desc(t.Warrant, t.Warrant.issued_on),
)
PERSON_PARTICIPATIONS = Relation(
    "person.participations",
    t.CaseParticipant,
    lambda: col(t.CaseParticipant.person_id),
    lambda: (col(t.CaseParticipant.id).desc(),),
    link=t.CaseParticipant.person_id,
    linked=lambda visible: visible,  # the rows are the links themselves
)
OPERATION_SEIZURES = Relation(
    "operation.seizures",
    t.Seizure,
    lambda: col(t.Seizure.operation_id),
    lambda: (col(t.Seizure.id),),
)
PROVINCE_OPERATIONS = Relation(
    "province.operations",
    t.Operation,
    lambda: col(t.Operation.province_code),
    _id_desc(t.Operation, t.Operation.started_on),
)
MINISTRY_JURISDICTION = Relation(
    "ministry.jurisdiction",
    t.MinistryJurisdiction,
    lambda: col(t.MinistryJurisdiction.ministry_code),
    lambda: (col(t.MinistryJurisdiction.iccs_prefix),),
)
PERSON_ALIASES = Relation(
    "person.aliases",
    t.PersonAlias,
    lambda: col(t.PersonAlias.person_id),
    lambda: (col(t.PersonAlias.id),),
)
PERSON_DOCUMENTS = Relation(
    "person.documents",
    t.IdentityDocument,
    lambda: col(t.IdentityDocument.person_id),
    lambda: (col(t.IdentityDocument.id),),
)
PERSON_PHOTOS = Relation(
    "person.photos",
    t.PersonPhoto,
    lambda: col(t.PersonPhoto.person_id),
    lambda: (col(t.PersonPhoto.id),),
)
OFFENCE_PERSONS = Relation(
    "offence.persons",
    t.OffencePerson,
    lambda: col(t.OffencePerson.offence_id),
    lambda: (col(t.OffencePerson.person_id), col(t.OffencePerson.role)),
)
PARTICIPANT_EVENTS = Relation(
    "participant.events",
    t.ParticipantEvent,
    lambda: col(t.ParticipantEvent.participant_id),
    lambda: (col(t.ParticipantEvent.occurred_at), col(t.ParticipantEvent.id)),
)
OPERATION_UNITS = Relation(
    "operation.units",
    t.OperationUnit,
    lambda: col(t.OperationUnit.operation_id),
    lambda: (col(t.OperationUnit.unit_id),),
)
