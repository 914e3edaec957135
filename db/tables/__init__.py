"""Every table, imported here so that ``SQLModel.metadata`` knows them all."""

from db.tables.audit import AuditEntry
from db.tables.auth import ApiToken, LoginAttempt, LoginSession, UserTotp
from db.tables.geo import Commune, District, Province
from db.tables.hits import Hit, HitAlert
from db.tables.lifecycle import CorrectionGrant
from db.tables.orders import Notice, Operation, OperationUnit, Seizure, Warrant
from db.tables.org import Ministry, MinistryJurisdiction, OffenceCategory, OffenceType, Unit, User
from db.tables.persons import IdentityDocument, Person, PersonAlias, PersonNameKey, PersonPhoto
from db.tables.photos import PhotoBlob, PhotoUpload
from db.tables.policy import PolicyRule, PolicyVersion
from db.tables.records import Case, CaseParticipant, Offence, OffencePerson, ParticipantEvent
from db.tables.review import InboxEntry, ReviewRequest

__all__ = [
    "ApiToken",
    "AuditEntry",
    "Case",
    "CaseParticipant",
    "Commune",
    "CorrectionGrant",
    "District",
    "Hit",
    "HitAlert",
    "IdentityDocument",
    "InboxEntry",
    "LoginAttempt",
    "LoginSession",
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
    "PhotoBlob",
    "PhotoUpload",
    "PolicyRule",
    "PolicyVersion",
    "Province",
    "ReviewRequest",
    "Seizure",
    "Unit",
    "User",
    "UserTotp",
    "Warrant",
]
