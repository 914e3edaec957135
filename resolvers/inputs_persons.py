"""Plain inputs for the person operations, so that GraphQL and the admin build the same values.

A patch field left at ``UNSET`` is not changed (as in resolvers.writing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from strawberry import UNSET


@dataclass(frozen=True)
class AliasData:
    name: str
    script: str  # latin or khmer


@dataclass(frozen=True)
class DocumentData:
    kind: str  # national_id, passport, other
    number: str
    issuing_country: str


@dataclass(frozen=True)
class PhotoData:
    sha256: str
    content_type: str
    size_bytes: int
    caption: str = ""
    taken_at: datetime | None = None


@dataclass(frozen=True)
class BirthDate:
    year: int | None = None
    month: int | None = None
    day: int | None = None


@dataclass(frozen=True)
class PersonData:
    sex: str  # M, F, X, U
    nationality: str
    family_name_latin: str = ""
    given_name_latin: str = ""
    family_name_km: str = ""
    given_name_km: str = ""
    birth: BirthDate = field(default_factory=BirthDate)
    background: str = ""
    aliases: tuple[AliasData, ...] = ()
    documents: tuple[DocumentData, ...] = ()
    photos: tuple[PhotoData, ...] = ()


@dataclass(frozen=True)
class PersonPatch:
    """None clears a field where clearing makes sense (names, birth date, background)."""

    family_name_latin: str | None = UNSET
    given_name_latin: str | None = UNSET
    family_name_km: str | None = UNSET
    given_name_km: str | None = UNSET
    sex: str | None = UNSET
    birth: BirthDate | None = UNSET
    nationality: str | None = UNSET
    background: str | None = UNSET
