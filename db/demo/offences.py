"""Offences of every national type since 2000, with the persons involved and their cases."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Final

from db import reference
from db.demo.cases import CaseBook, Incident
from db.demo.org import Org, Recorder
from db.demo.person_index import PersonIndex
from db.demo.places import Province
from db.demo.timeline import EPOCH, hours, recent_instant
from db.demo.world import Batch, Row, Weighted, World

# Share of offences entered more than 48 h after they occurred (DESIGN, rule 2).
LATE_SHARE: Final = 0.08
# Share of offences under a partner ministry's jurisdiction that the ministry records itself.
PARTNER_SHARE: Final = 0.35

# (substance, weight, unit): pills are counted, powders and plants weighed.
SUBSTANCES: Final = Weighted(
    [
        (("methamphetamine (yaba)", "tablet"), 40),
        (("crystal methamphetamine (ice)", "g"), 28),
        (("cannabis", "g"), 11),
        (("ketamine", "g"), 9),
        (("heroin", "g"), 5),
        (("MDMA", "tablet"), 5),
        (("cocaine", "g"), 2),
    ]
)
VEHICLES: Final = Weighted([("motorbike", 70), ("car", 18), ("tuk-tuk", 7), ("truck", 5)])
_PLATE_LETTERS: Final = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_PLATE_SERIES: Final = {"motorbike": "1", "tuk-tuk": "1", "car": "2", "truck": "3"}
# ICCS sections and divisions whose offences have a victim.
_VICTIM_PREFIXES: Final = ("01", "02", "03", "04", "05", "0701")
_CASE_SHARE: Final = {"traffic": 0.0, "drug": 0.6, "cyber": 0.45, "general": 0.5}

ENTRY_DEADLINE = timedelta(hours=48)


@dataclass(frozen=True)
class OffenceType:
    code: str
    iccs: str
    kind: str
    name: str
    victims: bool
    partners: tuple[str, ...]


def offence_types() -> Weighted[OffenceType]:
    """The national types weighted by the reference data's ``weight`` (traffic dominates)."""
    ministries = reference.ministries()
    found = []
    for t in reference.offence_types():
        partners = tuple(
            m["code"]
            for m in ministries
            if m["code"] != "MOI" and any(t["iccs"].startswith(p) for p in m["jurisdiction"])
        )
        victims = t["iccs"].startswith(_VICTIM_PREFIXES)
        found.append(
            (
                OffenceType(t["code"], t["iccs"], t["kind"], t["name_en"], victims, partners),
                t["weight"],
            )
        )
    return Weighted(found)


class _Offences:
    def __init__(self, world: World, org: Org, persons: PersonIndex) -> None:
        self.world, self.org, self.persons = world, org, persons
        self.rng = world.rng("offences")
        self.types = offence_types()
        self.cases = CaseBook(world, org, persons)
        self.batch = Batch()
        self.end = world.now - timedelta(hours=1)

    def generate(self, count: int, chunk: int) -> Iterator[Batch]:
        for made in range(1, count + 1):
            self.offence()
            if made % chunk == 0:
                yield self.batch
                self.batch = Batch()
        if self.batch.rows:
            yield self.batch

    def offence(self) -> None:
        rng, world, batch = self.rng, self.world, self.batch
        kind = self.types.pick(rng)
        province = world.geo.weighted(rng)
        occurred = recent_instant(rng, EPOCH, self.end)
        if rng.random() < LATE_SHARE:
            recorded = occurred + hours(rng, 49, 24 * 40)
        else:
            recorded = occurred + hours(rng, 0.2, 47.5)
        recorded = min(recorded, world.now)
        commune = province.commune(rng) if rng.random() < 0.9 else None
        district = commune.district_code if commune else None
        ministry = "MOI"
        if kind.partners and rng.random() < PARTNER_SHARE:
            ministry = kind.partners[rng.randrange(len(kind.partners))]
            recorder: Recorder = self.org.desks[ministry]
        else:
            recorder = self.org.recorder(rng, province.code, district)
        latitude = longitude = None
        if rng.random() < 0.65:
            latitude, longitude = province.near_seat(rng)
        place = commune.place if commune else province.name
        row: Row = {
            "id": world.ids.next("offence"),
            "type_code": kind.code,
            "iccs_code": kind.iccs,
            "occurred_at": occurred,
            "recorded_at": recorded,
            # 48 h to digitise (National Police directive; policies.lifecycle.ENTRY_DEADLINE).
            "late": recorded - occurred > ENTRY_DEADLINE,
            "delay_seconds": int((recorded - occurred).total_seconds()),
            "historical": False,
            "recorded_by_id": recorder.user_id,
            "recorded_unit_id": recorder.unit_id,
            "province_code": province.code,
            "district_code": district,
            "commune_code": commune.code if commune else None,
            "latitude": latitude,
            "longitude": longitude,
            "description": f"{kind.name} reported in {place}.",
            "ministry_code": ministry,
            "case_id": None,
            "drug_substance": None,
            "drug_quantity": None,
            "drug_unit": None,
            "vehicle_type": None,
            "plate_number": None,
            "version": 1,
        }
        if kind.kind == "drug":
            self.drugs(row, kind, place)
        elif kind.kind == "traffic":
            self.traffic(row, kind, province, place)
        case = None
        incident = Incident(
            kind.code, kind.name, province, commune, occurred, recorded, recorder.unit_id
        )
        if rng.random() < _CASE_SHARE[kind.kind]:
            case = self.cases.case_for(batch, incident)
            row["case_id"] = case.id
        batch.add("offence", row)

        at_court = case is not None and case.status in ("sent_to_court", "closed")
        role = "offender" if kind.kind == "traffic" or at_court else "suspect"
        involved: set[int] = set()
        victim = None
        for count, part in ((self.perpetrators(kind), role), (self.victims(kind), "victim")):
            for _ in range(count):
                person = self.person(province, recorded, involved)
                if person is None:
                    continue
                batch.add(
                    "offence_person", {"offence_id": row["id"], "person_id": person, "role": part}
                )
                if case:
                    self.cases.join(batch, case, person, part, incident)
                if part == "victim":
                    victim = person
        if case and case.first is incident:
            self.cases.bystanders(batch, case, victim)

    def perpetrators(self, kind: OffenceType) -> int:
        roll = self.rng.random()
        if kind.kind == "traffic":
            return 1 if roll < 0.85 else 0
        if kind.kind == "drug":
            return 1 + (roll < 0.3) + (roll < 0.1)
        return 0 if roll < 0.3 else 1 if roll < 0.85 else 2

    def victims(self, kind: OffenceType) -> int:
        if not kind.victims or self.rng.random() >= 0.85:
            return 0
        return 1 + (self.rng.random() < 0.12)

    def person(self, province: Province, before: datetime, involved: set[int]) -> int | None:
        """Mostly someone the province knows; sometimes a person recorded elsewhere."""
        rng = self.rng
        where = province.code if rng.random() > 0.1 else self.world.geo.weighted(rng).code
        person = self.persons.pick(rng, where, before)
        if person is None or person in involved:
            return None
        involved.add(person)
        return person

    def drugs(self, row: Row, kind: OffenceType, place: str) -> None:
        rng = self.rng
        substance, unit = SUBSTANCES.pick(rng)
        if kind.code == "DRUG_PRECURSORS":
            substance, unit, amount = "safrole-rich oil", "l", rng.uniform(5, 2000)
        elif kind.code == "DRUG_PRODUCTION":
            unit, amount = "kg", rng.uniform(0.5, 400)
        elif kind.code == "DRUG_TRAFFICKING":
            amount = rng.uniform(200, 60000) if unit == "tablet" else rng.uniform(20, 8000)
        else:
            amount = rng.uniform(1, 120) if unit == "tablet" else rng.uniform(0.05, 15)
        if unit == "g" and amount >= 1000:
            unit, amount = "kg", amount / 1000
        quantity = Decimal(int(amount)) if unit == "tablet" else Decimal(f"{amount:.3f}")
        row.update(drug_substance=substance, drug_quantity=quantity, drug_unit=unit)
        amount_text = f"{quantity} tablets" if unit == "tablet" else f"{quantity} {unit}"
        row["description"] = f"{kind.name}: {amount_text} of {substance} seized in {place}."

    def traffic(self, row: Row, kind: OffenceType, province: Province, place: str) -> None:
        rng = self.rng
        vehicle = VEHICLES.pick(rng)
        row["vehicle_type"] = vehicle
        if rng.random() < 0.95:
            registered = province if rng.random() < 0.85 else self.world.geo.weighted(rng)
            letter = _PLATE_LETTERS[rng.randrange(len(_PLATE_LETTERS))]
            series = _PLATE_SERIES[vehicle]
            plate = f"{registered.name} {series}{letter}-{rng.randrange(10000):04d}"
            row["plate_number"] = plate.upper()  # stored as recording normalises it
            row["description"] = f"{kind.name} ({vehicle}, plate {plate}) in {place}."


def generate_offences(
    world: World, org: Org, persons: PersonIndex, count: int, *, chunk: int = 5000
) -> tuple[Iterator[Batch], CaseBook]:
    """Batches of ``chunk`` offences with their cases; the CaseBook's samples feed the notices."""
    offences = _Offences(world, org, persons)
    return offences.generate(count, chunk), offences.cases
