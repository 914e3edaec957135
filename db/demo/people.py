"""Persons with aliases, identity documents and photos, and the duplicates matching must find."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import datetime
from typing import Final

from db.demo.names import FOREIGN_NATIONALITIES, NICKNAMES
from db.demo.org import Org
from db.demo.person_index import PersonIndex
from db.demo.places import BORDER_NATIONALITY, PHNOM_PENH
from db.demo.spelling import DocumentNumbers, Name, foreign_name, khmer_name
from db.demo.timeline import EPOCH, days, minutes, recent_instant
from db.demo.world import Batch, Row, Weighted, World
from db.names import document_key

# Share of persons recorded a second time, in another province, under another spelling.
DUPLICATE_SHARE: Final = 0.03

BACKGROUNDS: Final = (
    "Farmer",
    "Garment factory worker",
    "Construction worker",
    "Tuk-tuk driver",
    "Motorbike taxi driver",
    "Market vendor",
    "Fisherman",
    "Student",
    "Unemployed",
    "Security guard",
    "Returned migrant worker (Thailand)",
    "Former soldier",
    "Mechanic",
    "Casino employee",
    "Civil servant",
)
FOREIGN_BACKGROUNDS: Final = (
    "Tourist",
    "Businessman",
    "Online gambling company employee",
    "Construction site manager",
    "Overstayed visa",
    "Restaurant owner",
    "English teacher",
)
_NATIONALITIES = Weighted(list(FOREIGN_NATIONALITIES.items()))
_FOREIGN_SHARE: Final = {PHNOM_PENH: 0.08, "18": 0.25, "01": 0.08, "20": 0.08, "24": 0.1}


class _Persons:
    def __init__(self, world: World, org: Org, index: PersonIndex) -> None:
        self.world, self.org, self.index = world, org, index
        self.rng = world.rng("persons")
        self.numbers = DocumentNumbers()
        self.batch = Batch()

    def generate(self, count: int, chunk: int) -> Iterator[Batch]:
        made = 0
        while made < count:
            original = self.person()
            made += 1
            if made < count and self.rng.random() < DUPLICATE_SHARE:
                self.duplicate(original)
                made += 1
            if self.batch.size() >= chunk:
                yield self.batch
                self.batch = Batch()
        if self.batch.rows:
            yield self.batch
        self.index.finish()

    def person(self) -> Row:
        rng, world = self.rng, self.world
        province = world.geo.weighted(rng)
        foreign = rng.random() < _FOREIGN_SHARE.get(province.code, 0.04)
        sex = "M" if rng.random() < 0.72 else "F"  # offenders and suspects are mostly men
        if foreign:
            border = BORDER_NATIONALITY.get(province.code)
            nationality = border if border and rng.random() < 0.6 else _NATIONALITIES.pick(rng)
            name = foreign_name(rng, nationality, sex)
        else:
            nationality = "KH"
            name = khmer_name(rng, sex)
        family, given = name.spelled(rng)
        created = recent_instant(rng, EPOCH, world.now)
        row = self.row(name, family, given, nationality, province.code, created)
        self.birth(row, created)
        if rng.random() < 0.6:
            pool = FOREIGN_BACKGROUNDS if foreign else BACKGROUNDS
            row["background"] = pool[rng.randrange(len(pool))]
        self.emit(row, nationality, name)
        self.documents(row, nationality, duplicate=False)
        if rng.random() < 0.16:
            self.aliases(row, name, family, given)
        return row | {"_name": name}

    def duplicate(self, original: Row) -> None:
        rng, name = self.rng, original["_name"]
        family, given = name.respelled(
            rng, original["family_name_latin"], original["given_name_latin"]
        )
        if rng.random() < 0.1:
            family, given = given, family  # entered in Western order
        province = self.world.geo.weighted_other_than(rng, original["province_code"])
        created = min(original["created_at"] + days(rng, 20, 1500), self.world.now)
        row = self.row(name, family, given, original["nationality"], province.code, created)
        row.update({k: original[k] for k in ("birth_year", "birth_month", "birth_day", "sex")})
        if rng.random() < 0.3:  # entered without the Khmer spelling
            row["family_name_km"] = row["given_name_km"] = ""
        self.emit(row, original["nationality"], name)
        self.documents(row, original["nationality"], duplicate=True)
        self.index.duplicate_pairs.append((original["id"], row["id"]))

    def row(
        self,
        name: Name,
        family: str,
        given: str,
        nationality: str,
        province: str,
        created: datetime,
    ) -> Row:
        rng = self.rng
        commune = self.world.geo[province].commune(rng)
        recorder = self.org.recorder(rng, province, commune.district_code)
        edited = rng.random() < 0.3  # corrected within the 48 h window
        updated = min(created + minutes(rng, 5, 2800), self.world.now) if edited else created
        return {
            "id": self.world.ids.next("person"),
            "family_name_latin": family,
            "given_name_latin": given,
            "family_name_km": name.family_km,
            "given_name_km": name.given_km,
            "sex": name.sex if rng.random() > 0.005 else "U",
            "birth_year": None,
            "birth_month": None,
            "birth_day": None,
            "nationality": nationality,
            "background": "",
            "province_code": province,
            "recorded_by_id": recorder.user_id,
            "recorded_unit_id": recorder.unit_id,
            "created_at": created,
            "updated_at": updated,
            "version": 2 if edited else 1,
        }

    def birth(self, row: Row, created: datetime) -> None:
        """Full dates mostly; year and month, or the year alone, when that is all that is known."""
        rng = self.rng
        year = created.year - int(rng.triangular(15, 72, 26))
        precision = rng.random()
        if precision < 0.02:
            return
        row["birth_year"] = year
        if precision < 0.1:
            return
        month = rng.randint(1, 12)
        row["birth_month"] = month
        if precision < 0.23:
            return
        row["birth_day"] = rng.randint(1, calendar.monthrange(year, month)[1])

    def emit(self, row: Row, nationality: str, name: Name) -> None:
        self.batch.add("person", {k: v for k, v in row.items() if not k.startswith("_")})
        self.index.add(row["id"], row["province_code"], row["created_at"], nationality)
        if self.rng.random() < 0.25:
            self.photos(row)

    def documents(self, row: Row, nationality: str, *, duplicate: bool) -> None:
        rng, numbers = self.rng, self.numbers
        found: list[tuple[str, str, str]] = []
        if duplicate:
            roll = rng.random()
            if roll < 0.55:
                return
            if nationality != "KH":
                found.append(("other", numbers.work_permit(row["created_at"].year), "KH"))
            elif roll < 0.8:
                found.append(("passport", numbers.passport("KH"), "KH"))
            else:
                found.append(("national_id", numbers.national_id(rng), "KH"))
        elif nationality == "KH":
            if rng.random() < 0.78:
                found.append(("national_id", numbers.national_id(rng), "KH"))
            if rng.random() < 0.07:
                found.append(("passport", numbers.passport("KH"), "KH"))
        else:
            roll = rng.random()
            if roll < 0.85:
                found.append(("passport", numbers.passport(nationality), nationality))
            elif roll < 0.9:
                found.append(("other", numbers.work_permit(row["created_at"].year), "KH"))
        for kind, number, country in found:
            self.batch.add(
                "identity_document",
                {
                    "id": self.world.ids.next("identity_document"),
                    "person_id": row["id"],
                    "kind": kind,
                    "number": number,
                    "number_key": document_key(number),
                    "issuing_country": country,
                },
            )

    def aliases(self, row: Row, name: Name, family: str, given: str) -> None:
        rng = self.rng
        found: list[tuple[str, str]] = []
        if name.family_km and rng.random() < 0.55:
            nickname, nickname_km = rng.choice(NICKNAMES["F" if name.sex == "F" else "M"])
            found += [(nickname, "latin"), (nickname_km, "khmer")]
        else:
            other_family, other_given = name.respelled(rng, family, given)
            found.append((f"{other_family} {other_given}", "latin"))
        for alias, script in found:
            self.batch.add(
                "person_alias",
                {
                    "id": self.world.ids.next("person_alias"),
                    "person_id": row["id"],
                    "name": alias,
                    "script": script,
                },
            )

    def photos(self, row: Row) -> None:
        rng = self.rng
        for caption in ("front", "profile")[: 1 + (rng.random() < 0.2)]:
            self.batch.add(
                "person_photo",
                {
                    "id": self.world.ids.next("person_photo"),
                    "person_id": row["id"],
                    "sha256": f"{rng.getrandbits(256):064x}",
                    "content_type": "image/jpeg" if rng.random() < 0.9 else "image/png",
                    "size_bytes": rng.randint(35_000, 420_000),
                    "caption": caption,
                    "taken_at": row["created_at"] - minutes(rng, 0, 90),
                    "created_at": row["created_at"],
                },
            )


def generate_persons(
    world: World, org: Org, index: PersonIndex, count: int, *, chunk: int = 5000
) -> Iterator[Batch]:
    """Batches of about ``chunk`` rows; ``index`` is complete once the iterator is exhausted."""
    return _Persons(world, org, index).generate(count, chunk)
