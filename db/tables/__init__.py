"""Every table, imported here so that ``SQLModel.metadata`` knows them all."""

from db.tables.geo import Commune, District, Province
from db.tables.orders import Notice, Operation, OperationUnit, Seizure, Warrant
from db.tables.org import Ministry, MinistryJurisdiction, OffenceCategory, OffenceType, Unit, User
from db.tables.persons import IdentityDocument, Person, PersonAlias, PersonNameKey, PersonPhoto
from db.tables.records import Case, CaseParticipant, Offence, OffencePerson, ParticipantEvent

__all__ = [
    "Case",
    "CaseParticipant",
    "Commune",
    "District",
    "IdentityDocument",
    "Ministry",
    "MinistryJurisdiction",
    "Notice",
    "Offence",
    "OffenceCategory",
    "OffencePerson",
    "OffenceType",
    "Operation",
    "OperationUnit",
    "ParticipantEvent",
    "Person",
    "PersonAlias",
    "PersonNameKey",
    "PersonPhoto",
    "Province",
    "Seizure",
    "Unit",
    "User",
    "Warrant",
]
