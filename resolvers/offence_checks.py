"""The checks of an offence's entered facts, shared by recording and correcting it.

Each check adds its problems, named by input path, and the checks go on: the caller raises once
with all of them. ``check_facts`` returns the column values to write when nothing was wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db import lookups
from db import offences as db
from db import tables as t
from policies.ministries import may_record_for, own_ministry
from policies.principal import Principal
from resolvers import references
from resolvers.inputs_offences import DrugData, InvolvementData, OffenceData, PlaceData, TrafficData
from resolvers.references import CASE_LINK, PERSON_NAMED
from resolvers.validation import Problems

ROLES = {"suspect", "offender", "victim", "witness", "complainant"}
DRUG_UNITS = {"g", "kg", "ml", "l", "tablet"}
MAX_DESCRIPTION = 20_000
MAX_QUANTITY = Decimal("1e11")  # numeric(14, 3)
# A generous box around Cambodia (about 10.4-14.7 N, 102.3-107.6 E): a point outside it is a
# typing slip (swapped or truncated coordinates), not a place the national police record.
CAMBODIA_LAT = (9.5, 15.0)
CAMBODIA_LON = (102.0, 108.0)


async def _check_type(problems: Problems, session: AsyncSession, code: str) -> t.OffenceType | None:
    if not problems.text("typeCode", code, max_length=32, required=True):
        return None
    row = await db.offence_type(session=session, code=code)
    if row is None:
        problems.add("typeCode", "unknown", f"{code!r} is not an offence type")
    return row


async def _check_ministry(
    problems: Problems,
    session: AsyncSession,
    principal: Principal,
    code: str,
    otype: t.OffenceType | None,
    kept: str | None,
) -> None:
    """``kept``: the ministry already on the record, which a correction may leave as it is."""
    if not problems.text("ministryCode", code, max_length=16, required=True):
        return
    prefixes = await lookups.ministry_prefixes(session=session, ministry_code=code)
    if not prefixes and not await lookups.existing(
        session=session, model=t.Ministry, key_name="code", values=[code]
    ):
        problems.add("ministryCode", "unknown", f"{code!r} is not a ministry")
    elif code != kept and not may_record_for(principal, code):
        problems.add(
            "ministryCode", "invalid", f"must be your own ministry, {own_ministry(principal)}"
        )
    elif otype is not None and not any(otype.iccs_code.startswith(p) for p in prefixes):
        problems.add(
            "ministryCode",
            "invalid",
            f"{otype.code} (ICCS {otype.iccs_code}) is outside the jurisdiction of {code}",
        )


async def _check_place(
    problems: Problems, session: AsyncSession, place: PlaceData, out: dict[str, Any]
) -> None:
    province, district, commune = place.province_code, place.district_code, place.commune_code
    if problems.text(
        "place.provinceCode", province, max_length=2, required=True
    ) and not await lookups.existing(
        session=session, model=t.Province, key_name="code", values=[province]
    ):
        problems.add("place.provinceCode", "unknown", f"{province!r} is not a province code")
    if district:
        in_province = await lookups.district_province(session=session, code=district)
        if in_province is None:
            problems.add("place.districtCode", "unknown", f"{district!r} is not a district code")
        elif in_province != province:
            problems.add("place.districtCode", "invalid", f"is not in province {province}")
    if commune:
        parents = await lookups.commune_parents(session=session, code=commune)
        if parents is None:
            problems.add("place.communeCode", "unknown", f"{commune!r} is not a commune code")
        elif district and parents[0] != district:
            problems.add("place.communeCode", "invalid", f"is not in district {district}")
        elif parents[1] != province:
            problems.add("place.communeCode", "invalid", f"is not in province {province}")
        else:
            district = parents[0]
    _check_point(problems, place.latitude, place.longitude)
    out.update(
        province_code=province,
        district_code=district or None,
        commune_code=commune or None,
        latitude=place.latitude,
        longitude=place.longitude,
    )


def _check_point(problems: Problems, lat: float | None, lon: float | None) -> None:
    for field, value, other, world, box in (
        ("place.latitude", lat, lon, 90.0, CAMBODIA_LAT),
        ("place.longitude", lon, lat, 180.0, CAMBODIA_LON),
    ):
        if value is None:
            if other is not None:
                problems.add(field, "required", "a point needs both latitude and longitude")
        elif not -world <= value <= world:
            problems.add(field, "out_of_range", f"must be between -{world:g} and {world:g}")
        elif not box[0] <= value <= box[1]:
            problems.add(field, "out_of_range", f"is outside Cambodia ({box[0]:g} to {box[1]:g})")


def _check_drug(problems: Problems, drug: DrugData, out: dict[str, Any]) -> None:
    substance = drug.substance.strip()
    problems.text("drug.substance", substance, max_length=48, required=True)
    quantity = drug.quantity
    if not quantity.is_finite() or quantity <= 0:
        problems.add("drug.quantity", "out_of_range", "must be more than 0")
    elif quantity >= MAX_QUANTITY:
        problems.add("drug.quantity", "out_of_range", f"must be less than {MAX_QUANTITY:,.0f}")
    elif quantity != quantity.quantize(Decimal("0.001")):
        problems.add("drug.quantity", "invalid", "has at most 3 decimal places")
    elif drug.unit == "tablet" and quantity != quantity.to_integral_value():
        problems.add("drug.quantity", "invalid", "tablets are counted in whole numbers")
    else:
        # As numeric(14, 3) will return it, so the answer now matches every later read.
        quantity = quantity.quantize(Decimal("0.001"))
    problems.choice("drug.unit", drug.unit, DRUG_UNITS)
    out.update(drug_substance=substance, drug_quantity=quantity, drug_unit=drug.unit)


def _check_traffic(problems: Problems, traffic: TrafficData, out: dict[str, Any]) -> None:
    vehicle = (traffic.vehicle_type or "").strip() or None
    plate = (traffic.plate_number or "").strip().upper() or None
    problems.text("traffic.vehicleType", vehicle, max_length=24)
    problems.text("traffic.plateNumber", plate, max_length=24)
    out.update(vehicle_type=vehicle, plate_number=plate)


def _check_details(
    problems: Problems, data: OffenceData, otype: t.OffenceType | None, out: dict[str, Any]
) -> None:
    """Drug details for drug offences only (and always there); traffic details for traffic only."""
    out.update(
        drug_substance=None,
        drug_quantity=None,
        drug_unit=None,
        vehicle_type=None,
        plate_number=None,
    )
    if data.drug is not None:
        _check_drug(problems, data.drug, out)
        if otype is not None and otype.kind != "drug":
            problems.add(
                "drug", "invalid", f"only drug offences carry drug details, not {otype.code}"
            )
    elif otype is not None and otype.kind == "drug":
        problems.add("drug", "required", "a drug offence needs the substance, quantity and unit")
    if data.traffic is not None:
        _check_traffic(problems, data.traffic, out)
        if otype is not None and otype.kind != "traffic":
            problems.add(
                "traffic", "invalid", f"only traffic offences carry these, not {otype.code}"
            )


async def _check_case(
    problems: Problems,
    session: AsyncSession,
    principal: Principal,
    case_id: str | None,
    out: dict[str, Any],
) -> None:
    kase = await references.resolve(
        session, principal, CASE_LINK, case_id, field="caseId", problems=problems
    )
    out["case_id"] = kase.id if kase is not None else None
    if kase is not None and kase.status == "closed":
        problems.add("caseId", "invalid", "the case is closed; reopen it first")


async def check_facts(
    problems: Problems,
    session: AsyncSession,
    principal: Principal,
    data: OffenceData,
    now: datetime,
    *,
    check_case: bool,
    kept_ministry: str | None = None,
) -> dict[str, Any]:
    """Check every entered fact; the offence's column values (meaningful only if no problems).
    No ministry given is the caller's own; ``kept_ministry`` is the one a corrected offence
    already has."""
    out: dict[str, Any] = {}
    otype = await _check_type(problems, session, data.type_code)
    out.update(type_code=data.type_code, iccs_code=otype.iccs_code if otype else None)
    if data.occurred_at is None:
        problems.add("occurredAt", "required", "is required")
    elif problems.aware("occurredAt", data.occurred_at):
        problems.not_future("occurredAt", data.occurred_at, now)
    out["occurred_at"] = data.occurred_at
    if data.place is None:
        problems.add("place", "required", "is required")
    else:
        await _check_place(problems, session, data.place, out)
    out["description"] = (data.description or "").strip()
    problems.text("description", out["description"], max_length=MAX_DESCRIPTION)
    ministry = data.ministry_code or own_ministry(principal)
    await _check_ministry(problems, session, principal, ministry, otype, kept_ministry)
    out["ministry_code"] = ministry
    _check_details(problems, data, otype, out)
    if check_case:
        await _check_case(problems, session, principal, data.case_id, out)
    return out


async def check_involvements(
    problems: Problems,
    session: AsyncSession,
    principal: Principal,
    persons: Sequence[InvolvementData],
) -> list[tuple[int, str]]:
    """The (person id, role) pairs of ``persons``, each person one the caller may name, and
    each pair once."""
    named: dict[str, str | None] = {}
    for i, involved in enumerate(persons):
        field = f"persons.{i}.personId"
        if not involved.person_id:
            problems.add(field, "required", "is required")
        problems.choice(f"persons.{i}.role", involved.role, ROLES)
        named[field] = involved.person_id
    found = await references.resolve_all(session, principal, PERSON_NAMED, named, problems)
    links: list[tuple[int, str]] = []
    for i, involved in enumerate(persons):
        field = f"persons.{i}.personId"
        if field not in found:
            continue
        link = (found[field].id, involved.role)
        if link in links:
            problems.add(field, "conflict", f"this person is already listed as {involved.role}")
        else:
            links.append(link)
    return links
