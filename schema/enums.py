"""Closed vocabularies. Each value is the string stored in the database."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum
class Sex(Enum):
    MALE = "M"
    FEMALE = "F"
    OTHER = "X"
    UNKNOWN = "U"


@strawberry.enum
class CaseRole(Enum):
    SUSPECT = "suspect"
    OFFENDER = "offender"
    VICTIM = "victim"
    WITNESS = "witness"
    COMPLAINANT = "complainant"


@strawberry.enum
class CaseStatus(Enum):
    OPEN = "open"
    INVESTIGATING = "investigating"
    SENT_TO_COURT = "sent_to_court"
    CLOSED = "closed"


@strawberry.enum
class EventKind(Enum):
    ARREST = "arrest"
    DETENTION = "detention"
    RELEASE = "release"


@strawberry.enum
class WarrantKind(Enum):
    ARREST = "arrest"
    DETENTION = "detention"
    SEARCH = "search"
    SUMMONS = "summons"
    JUDGMENT = "judgment"


@strawberry.enum
class WarrantStatus(Enum):
    ACTIVE = "active"
    EXECUTED = "executed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


@strawberry.enum
class NoticeKind(Enum):
    RED_NOTICE = "red_notice"
    WANTED = "wanted"
    ESCAPED = "escaped"
    RELEASED_PRISONER = "released"
    BLACKLIST = "blacklist"


@strawberry.enum
class OffenceKind(Enum):
    TRAFFIC = "traffic"
    DRUG = "drug"
    CYBER = "cyber"
    GENERAL = "general"


@strawberry.enum
class DocumentKind(Enum):
    NATIONAL_ID = "national_id"
    PASSPORT = "passport"
    OTHER = "other"


@strawberry.enum
class NameScript(Enum):
    LATIN = "latin"
    KHMER = "khmer"


@strawberry.enum
class OffenceOrder(Enum):
    OCCURRED_NEWEST = "occurred_newest"
    OCCURRED_OLDEST = "occurred_oldest"
    RECORDED_NEWEST = "recorded_newest"


@strawberry.enum
class PersonOrder(Enum):
    BEST_MATCH = "best_match"
    NAME = "name"
    NEWEST = "newest"
