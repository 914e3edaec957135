"""Plain inputs for the offence operations, so that GraphQL and the admin build the same values.

Ids of other objects are global ids (resolvers.writing). A patch field left at ``UNSET`` is not
changed; None clears it where clearing makes sense.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from strawberry import UNSET


@dataclass(frozen=True)
class PlaceData:
    province_code: str
    district_code: str | None = None
    commune_code: str | None = None  # implies its district when that is not given
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class DrugData:
    substance: str
    quantity: Decimal
    unit: str  # g, kg, ml, l, tablet


@dataclass(frozen=True)
class TrafficData:
    vehicle_type: str | None = None
    plate_number: str | None = None


@dataclass(frozen=True)
class InvolvementData:
    person_id: str  # global id of a Person
    role: str  # suspect, offender, victim, witness, complainant


@dataclass(frozen=True)
class OffenceData:
    type_code: str
    occurred_at: datetime
    place: PlaceData
    description: str = ""
    ministry_code: str | None = None  # None: the caller's own (policies.ministries)
    drug: DrugData | None = None
    traffic: TrafficData | None = None
    persons: tuple[InvolvementData, ...] = ()
    case_id: str | None = None  # global id of a Case
    # Set by the bulk import of past records (not exposed in GraphQL): never marked late.
    historical: bool = False


@dataclass(frozen=True)
class OffencePatch:
    """``place`` replaces the whole place (codes and coordinates) when given."""

    type_code: str | None = UNSET
    occurred_at: datetime | None = UNSET
    place: PlaceData | None = UNSET
    description: str | None = UNSET
    ministry_code: str | None = UNSET
    drug: DrugData | None = UNSET
    traffic: TrafficData | None = UNSET
    case_id: str | None = UNSET
