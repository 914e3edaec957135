"""Who records: police units, partner-ministry offices, and the demo users with their logins."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Final

from argon2 import PasswordHasher

from db import reference
from db.demo.names import FAMILY_NAMES, GIVEN_NAMES
from db.demo.places import PHNOM_PENH, Province
from db.demo.timeline import EPOCH
from db.demo.world import Batch, World

DEMO_PASSWORD: Final = "ecrime-demo"

POSITIONS: Final = (
    "specialist",
    "officer",
    "unit_chief",
    "provincial_chief",
    "planning_head",
    "technical_working_group",
    "criminal_police",
    "national_analyst",
    "ministry_officer",
    "ministry_analyst",
    "employment_checker",
    "admin",
)

# The logins worth showing in the README; every user shares DEMO_PASSWORD.
DEMO_LOGINS: Final[list[tuple[str, str]]] = [
    ("admin", "administrator: users, roles, API tokens, access policies, audit trail"),
    ("specialist.pp", "data-entry specialist, Phnom Penh Municipal Police Commissariat"),
    ("specialist.pp.tuolkouk", "data-entry specialist, Tuol Kouk police station (Phnom Penh)"),
    ("specialist.sr", "data-entry specialist, Siem Reap Provincial Police Commissariat"),
    ("specialist.kp", "data-entry specialist, Kampot Provincial Police Commissariat"),
    ("specialist.bb", "data-entry specialist, Battambang Provincial Police Commissariat"),
    ("officer.pp", "police officer, Phnom Penh: person look-ups"),
    ("officer.sr", "police officer, Siem Reap: person look-ups"),
    ("unitchief.pp.tuolkouk", "chief of the Tuol Kouk police station: reviews the unit's records"),
    ("chief.pp", "Phnom Penh municipal police chief: reviews, files correction requests"),
    ("chief.sr", "Siem Reap provincial police chief: reviews, files correction requests"),
    ("planning.head", "head of the planning department: approves or rejects corrections"),
    ("twg.1", "technical working group: applies approved corrections"),
    ("criminal.police", "criminal police department: escapes, releases, warrants to execute"),
    ("analyst.hq", "national HQ analysis office: analysis by area and period, exports"),
    ("justice.officer", "Ministry of Justice officer: warrants and court orders"),
    ("justice.analyst", "Ministry of Justice analyst: the slices granted to the ministry"),
    ("environment.officer", "Ministry of Environment officer: records environmental offences"),
    ("labour.checker", "employment body: asks only whether a person is blacklisted, until when"),
]

# Specialists and officers work in every province; these four also get staffed stations.
FOCUS_PROVINCES: Final = ("12", "17", "07", "02")

NATIONAL_UNITS: Final = (
    ("NHQ-CPD", "Central Department of Criminal Police", "នាយកដ្ឋាននគរបាលព្រហ្មទណ្ឌ"),
    ("NHQ-ADP", "Anti-Drug Police Department", "នាយកដ្ឋានប្រឆាំងគ្រឿងញៀន"),
    ("NHQ-PLAN", "Department of Planning", "នាយកដ្ឋានផែនការ"),
    ("NHQ-TWG", "Technical Working Group", "ក្រុមការងារបច្ចេកទេស"),
    ("NHQ-ANALYSIS", "National Police HQ Analysis Office", "ការិយាល័យវិភាគ អគ្គស្នងការដ្ឋាននគរបាលជាតិ"),
    ("NHQ-IMM", "General Department of Immigration", "អគ្គនាយកដ្ឋានអន្តោប្រវេសន៍"),
)

MINISTRY_DESKS: Final = {
    "MOJ": "justice",
    "MOE": "environment",
    "MAFF": "agriculture",
    "MLVT": "labour",
    "MEF": "customs",
    "MPTC": "telecom",
    "MOH": "health",
}

DISTRICT_TYPE_KM: Final = {"District": "ស្រុក", "Municipality": "ក្រុង", "Section": "ខណ្ឌ"}

# Cambodian National Police ranks, by position.
RANKS: Final[dict[str, tuple[str, ...]]] = {
    "specialist": ("Police Second Lieutenant", "Police First Lieutenant", "Police Captain"),
    "officer": ("Police Sergeant", "Police Second Lieutenant", "Police First Lieutenant"),
    "unit_chief": ("Police Major", "Police Lieutenant Colonel"),
    "provincial_chief": ("Police Brigadier General", "Police Major General"),
    "planning_head": ("Police Major General",),
    "technical_working_group": ("Police Captain", "Police Major"),
    "criminal_police": ("Police Major", "Police Lieutenant Colonel"),
    "national_analyst": ("Police Captain", "Police Major"),
    "admin": ("Police Major",),
}
CIVIL_SERVANT: Final = "Civil servant"


@dataclass(frozen=True)
class Recorder:
    user_id: int
    unit_id: int


@dataclass
class Org:
    batch: Batch = field(default_factory=Batch)
    commissariat: dict[str, int] = field(default_factory=dict)  # province -> unit id
    stations: dict[str, dict[str, int]] = field(default_factory=dict)  # province -> district -> id
    specialists: dict[int, list[int]] = field(default_factory=dict)  # unit id -> user ids
    desks: dict[str, Recorder] = field(default_factory=dict)  # partner ministry -> its office
    national: dict[str, int] = field(default_factory=dict)  # unit code -> id
    unit_names: dict[int, str] = field(default_factory=dict)

    def recorder(self, rng: random.Random, province: str, district: str | None) -> Recorder:
        """Who enters a record: the district's station if it has one, else the commissariat."""
        unit = self.stations[province].get(district or "", 0)
        if not unit or rng.random() < 0.25:
            unit = self.commissariat[province]
        users = self.specialists[unit]
        return Recorder(users[rng.randrange(len(users))], unit)

    def local_units(self, province: str) -> list[int]:
        return [self.commissariat[province], *self.stations[province].values()]

    @property
    def usernames(self) -> list[str]:
        return [row["username"] for row in self.batch.rows.get("app_user", [])]

    @property
    def unit_codes(self) -> list[str]:
        return [row["code"] for row in self.batch.rows.get("unit", [])]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _station_districts(province: Province) -> list[tuple[str, str, str, str]]:
    """The provincial seat's municipality first, then the districts in code order."""
    count = 4 if province.code == PHNOM_PENH else 3 if province.code in FOCUS_PROVINCES else 2
    ordered = sorted(province.districts, key=lambda d: (d[1] != "Municipality", d[0]))
    return ordered[:count]


class _Builder:
    def __init__(self, world: World, rng: random.Random, password_hash: str) -> None:
        self.world, self.rng, self.password_hash = world, rng, password_hash
        self.org = Org()

    def unit(
        self, code: str, en: str, km: str, kind: str, province: str | None, ministry: str
    ) -> int:
        unit_id = self.world.ids.next("unit")
        self.org.batch.add(
            "unit",
            {
                "id": unit_id,
                "code": code,
                "name_en": en,
                "name_km": km,
                "kind": kind,
                "province_code": province,
                "ministry_code": ministry,
            },
        )
        self.org.unit_names[unit_id] = en
        return unit_id

    def user(
        self, username: str, position: str, unit: int, province: str | None, ministry: str
    ) -> int:
        rng = self.rng
        family_km, family = FAMILY_NAMES[rng.randrange(len(FAMILY_NAMES))]
        given_km, _sex, given = GIVEN_NAMES[rng.randrange(len(GIVEN_NAMES))]
        ranks = RANKS.get(position, (CIVIL_SERVANT,))
        user_id = self.world.ids.next("app_user")
        self.org.batch.add(
            "app_user",
            {
                "id": user_id,
                "username": username,
                "family_name": family[0],
                "given_name": given[0],
                "name_km": f"{family_km} {given_km}",
                "rank": ranks[rng.randrange(len(ranks))] if ministry == "MOI" else CIVIL_SERVANT,
                "position": position,
                "unit_id": unit,
                "province_code": province,
                "ministry_code": ministry,
                "active": True,
                "password_hash": self.password_hash,
                "created_at": EPOCH,
            },
        )
        if position == "specialist":
            self.org.specialists.setdefault(unit, []).append(user_id)
        return user_id

    def province(self, province: Province) -> None:
        org, code, abbr = self.org, province.code, province.abbr.lower()
        if province.kind == "Capital":
            en = f"{province.name} Municipal Police Commissariat"
            km = f"ស្នងការដ្ឋាននគរបាលរាជធានី{province.name_km}"
        else:
            en = f"{province.name} Provincial Police Commissariat"
            km = f"ស្នងការដ្ឋាននគរបាលខេត្ត{province.name_km}"
        comm = self.unit(f"{province.abbr}-COMM", en, km, "provincial_commissariat", code, "MOI")
        org.commissariat[code] = comm
        org.stations[code] = {}
        self.user(f"specialist.{abbr}", "specialist", comm, code, "MOI")
        self.user(f"chief.{abbr}", "provincial_chief", comm, code, "MOI")
        focus = code in FOCUS_PROVINCES
        if focus:
            self.user(f"officer.{abbr}", "officer", comm, code, "MOI")
        for district, kind, latin, district_km in _station_districts(province):
            station = self.unit(
                f"{province.abbr}-{district}-ST",
                f"{latin} {kind} Police Station",
                f"អធិការដ្ឋាននគរបាល{DISTRICT_TYPE_KM.get(kind, '')}{district_km}",
                "station",
                code,
                "MOI",
            )
            org.stations[code][district] = station
            slug = _slug(latin)
            self.user(f"specialist.{abbr}.{slug}", "specialist", station, code, "MOI")
            if focus:
                self.user(f"officer.{abbr}.{slug}", "officer", station, code, "MOI")
                self.user(f"unitchief.{abbr}.{slug}", "unit_chief", station, code, "MOI")

    def national_hq(self) -> None:
        for code, en, km in NATIONAL_UNITS:
            self.org.national[code] = self.unit(code, en, km, "department", None, "MOI")
        national = self.org.national
        self.user("admin", "admin", national["NHQ-TWG"], None, "MOI")
        self.user("planning.head", "planning_head", national["NHQ-PLAN"], None, "MOI")
        self.user("twg.1", "technical_working_group", national["NHQ-TWG"], None, "MOI")
        self.user("twg.2", "technical_working_group", national["NHQ-TWG"], None, "MOI")
        self.user("criminal.police", "criminal_police", national["NHQ-CPD"], None, "MOI")
        self.user("antidrug.officer", "criminal_police", national["NHQ-ADP"], None, "MOI")
        self.user("analyst.hq", "national_analyst", national["NHQ-ANALYSIS"], None, "MOI")
        self.user("immigration.officer", "officer", national["NHQ-IMM"], None, "MOI")

    def ministries(self) -> None:
        for ministry in reference.ministries():
            code = ministry["code"]
            if code not in MINISTRY_DESKS:
                continue
            office = self.unit(
                f"{code}-OFFICE",
                f"{ministry['name_en']}, crime records office",
                f"ការិយាល័យកំណត់ត្រាបទល្មើស {ministry['name_km']}",
                "ministry_office",
                None,
                code,
            )
            desk = MINISTRY_DESKS[code]
            officer = self.user(f"{desk}.officer", "ministry_officer", office, None, code)
            self.org.desks[code] = Recorder(officer, office)
            if code == "MOJ":
                self.user(f"{desk}.analyst", "ministry_analyst", office, None, code)
            if code == "MLVT":
                self.user(f"{desk}.checker", "employment_checker", office, None, code)


def build_org(world: World) -> Org:
    rng = world.rng("org")
    # Hashed once and shared: argon2 is slow by design. The salt comes from the seed so that the
    # demo stays byte-for-byte reproducible; acceptable only because the password is public.
    password_hash = PasswordHasher().hash(DEMO_PASSWORD, salt=rng.randbytes(16))
    builder = _Builder(world, rng, password_hash)
    builder.national_hq()
    for code in world.geo.codes:
        builder.province(world.geo[code])
    builder.ministries()
    return builder.org
