"""Cases, their participants, and arrest, detention and release events."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Final

from db.demo.org import Org
from db.demo.person_index import PersonIndex
from db.demo.places import Commune, Province
from db.demo.timeline import days, hours, local_date
from db.demo.world import Batch, Reservoir, Weighted, World

RELEASE_REASONS: Final = (
    "Sentence served",
    "Released on bail",
    "Charges dropped",
    "Acquitted at trial",
    "Released under judicial supervision",
    "Royal pardon",
    "Suspended sentence",
)
DISPOSITIONS: Final = (
    "Convicted; sentenced to imprisonment",
    "Convicted; suspended sentence and fine",
    "Charges dropped by the prosecutor",
    "Acquitted",
    "Settled: compensation paid to the victim",
)
ARREST_REASONS: Final = ("Caught in the act", "Arrested on warrant", "Arrested after summons")
_SEALED_TYPES: Final = ("RAPE", "CHILD_SEXUAL_EXPLOITATION", "INDECENT_ASSAULT")
_NEW = Weighted([("open", 1), ("investigating", 1)])
_RECENT = Weighted([("investigating", 4), ("sent_to_court", 3), ("closed", 3)])
_OLD = Weighted([("investigating", 1), ("sent_to_court", 2), ("closed", 7)])
_ARREST_SHARE: Final = {"open": 0.25, "investigating": 0.5, "sent_to_court": 0.85, "closed": 0.8}


@dataclass(frozen=True)
class AtLarge:
    person_id: int
    case_id: int
    province: str
    since: datetime
    offence: str


@dataclass(frozen=True)
class InCustody:
    person_id: int
    case_id: int
    province: str
    since: datetime
    prison: str
    released: datetime | None
    reason: str


@dataclass(frozen=True)
class Incident:
    """An offence as the case book sees it."""

    type_code: str
    name: str
    province: Province
    commune: Commune | None
    occurred: datetime
    recorded: datetime
    unit: int

    @property
    def place(self) -> str:
        return self.commune.place if self.commune else self.province.seat


@dataclass
class CaseFile:
    id: int
    first: Incident
    status: str
    lead_unit: int
    title: str
    members: set[tuple[int, str]] = field(default_factory=set)

    @property
    def province(self) -> Province:
        return self.first.province


class CaseBook:
    """Opens cases as offences arrive, joins related offences, and records what happened to
    the people in them; keeps samples of suspects at large and in custody for notices."""

    def __init__(self, world: World, org: Org, persons: PersonIndex) -> None:
        self.world, self.org, self.persons = world, org, persons
        self.rng = world.rng("cases")
        self.latest: dict[str, CaseFile] = {}
        self.serials: dict[tuple[str, int], int] = {}
        self.at_large: Reservoir[AtLarge] = Reservoir(world.rng("at-large"), 5000)
        self.in_custody: Reservoir[InCustody] = Reservoir(world.rng("in-custody"), 5000)

    def case_for(self, batch: Batch, incident: Incident) -> CaseFile:
        rng, now, province, recorded = (
            self.rng,
            self.world.now,
            incident.province,
            incident.recorded,
        )
        latest = self.latest.get(province.code)
        near = latest and abs(incident.occurred - latest.first.occurred) < timedelta(days=60)
        if latest and near and rng.random() < 0.15:
            return latest
        age = (now - recorded).days
        status = (_NEW if age < 30 else _RECENT if age < 365 else _OLD).pick(rng)
        closed = recorded + days(rng, 20, 900) if status == "closed" else None
        if closed and closed > now:
            status, closed = "sent_to_court", None
        year = local_date(recorded).year
        key = (province.abbr, year)
        serial = self.serials[key] = self.serials.get(key, 0) + 1
        unit = incident.unit
        if rng.random() < 0.1:
            unit = self.org.national["NHQ-ADP" if incident.type_code[:4] == "DRUG" else "NHQ-CPD"]
        where = incident.commune.district_name if incident.commune else province.name
        case = CaseFile(
            self.world.ids.next("case_file"),
            incident,
            status,
            unit,
            f"{incident.name}, {where}"[:200],
        )
        disposition = ""
        if status == "closed":
            disposition = DISPOSITIONS[rng.randrange(len(DISPOSITIONS))]
        elif status == "sent_to_court":
            disposition = f"Forwarded to the {province.court}"
        sealed_share = 0.4 if incident.type_code in _SEALED_TYPES else 0.005
        batch.add(
            "case_file",
            {
                "id": case.id,
                "number": f"{province.abbr}-{year}-{serial:06d}",
                "title": case.title,
                "status": status,
                "lead_unit_id": unit,
                "province_code": province.code,
                "opened_at": recorded,
                "closed_at": closed,
                "disposition": disposition,
                "sealed": rng.random() < sealed_share,
                "created_at": recorded,
                "version": 1,
            },
        )
        self.latest[province.code] = case
        return case

    def join(
        self,
        batch: Batch,
        case: CaseFile,
        person: int,
        role: str,
        incident: Incident,
        notes: str = "",
    ) -> None:
        if (person, role) in case.members:
            return
        case.members.add((person, role))
        participant = self.world.ids.next("case_participant")
        batch.add(
            "case_participant",
            {
                "id": participant,
                "case_id": case.id,
                "person_id": person,
                "role": role,
                "notes": notes,
            },
        )
        if role in ("suspect", "offender"):
            self.custody(batch, case, participant, person, incident)

    def bystanders(self, batch: Batch, case: CaseFile, victim: int | None) -> None:
        """Witnesses and complainants: other people of the province, or the victim complaining."""
        rng, first = self.rng, case.first
        if rng.random() < 0.3:
            witness = self.persons.pick(rng, case.province.code, first.recorded)
            if witness is not None:
                self.join(batch, case, witness, "witness", first, "Eyewitness")
        if rng.random() < 0.4:
            complainant = victim if victim is not None and rng.random() < 0.6 else None
            if complainant is None:
                complainant = self.persons.pick(rng, case.province.code, first.recorded)
            if complainant is not None:
                self.join(batch, case, complainant, "complainant", first, "Filed the complaint")

    def custody(
        self, batch: Batch, case: CaseFile, participant: int, person: int, incident: Incident
    ) -> None:
        rng, now, prison = self.rng, self.world.now, case.province.prison
        arrest = incident.occurred + hours(rng, 1, 24 * 20)
        if rng.random() >= _ARREST_SHARE[case.status] or arrest > now:
            self.at_large.offer(
                AtLarge(person, case.id, case.province.code, incident.occurred, case.title)
            )
            return
        reason = ARREST_REASONS[rng.randrange(len(ARREST_REASONS))]
        self.event(batch, participant, case, "arrest", arrest, incident.place, reason)
        detention = arrest + hours(rng, 24, 72)
        if rng.random() < 0.7 and detention <= now:
            self.event(
                batch,
                participant,
                case,
                "detention",
                detention,
                prison,
                "Pre-trial detention ordered by the investigating judge",
            )
            leaves = 0.75 if case.status == "closed" else 0.2
            release = detention + days(rng, 20, 1500)
            released: datetime | None = None
            reason = ""
            if rng.random() < leaves and release <= now:
                reason = RELEASE_REASONS[rng.randrange(len(RELEASE_REASONS))]
                self.event(batch, participant, case, "release", release, prison, reason)
                released = release
            self.in_custody.offer(
                InCustody(person, case.id, case.province.code, detention, prison, released, reason)
            )
            return
        release = arrest + hours(rng, 4, 48)
        if release <= now:
            reason = "Released after questioning" if rng.random() < 0.6 else "Released on bail"
            self.event(batch, participant, case, "release", release, incident.place, reason)

    def event(
        self,
        batch: Batch,
        participant: int,
        case: CaseFile,
        kind: str,
        at: datetime,
        place: str,
        reason: str,
    ) -> None:
        batch.add(
            "participant_event",
            {
                "id": self.world.ids.next("participant_event"),
                "participant_id": participant,
                "kind": kind,
                "occurred_at": at,
                "province_code": case.province.code,
                "place": place[:200],
                "reason": reason,
                "unit_id": case.lead_unit,
            },
        )
