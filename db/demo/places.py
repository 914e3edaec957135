"""Where things happen: provinces with weights and short codes, districts, communes, courts."""

from __future__ import annotations

import random
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Final

from db import reference

# Population of the capital and the 24 provinces, General Population Census of Cambodia 2019
# (National Institute of Statistics, Ministry of Planning; provisional totals of June 2019, which
# differ from the final results of January 2021 by a few percent). These figures sum to within
# 0.5 % of the published provisional total (15,288,489); they serve only as relative weights.
POPULATION_2019: Final[dict[str, int]] = {
    "01": 861_883,  # Banteay Meanchey
    "02": 987_400,  # Battambang
    "03": 899_791,  # Kampong Cham
    "04": 527_027,  # Kampong Chhnang
    "05": 877_523,  # Kampong Speu
    "06": 677_260,  # Kampong Thom
    "07": 592_845,  # Kampot
    "08": 1_195_547,  # Kandal
    "09": 123_618,  # Koh Kong
    "10": 372_825,  # Kratie
    "11": 88_649,  # Mondulkiri
    "12": 2_129_371,  # Phnom Penh
    "13": 254_827,  # Preah Vihear
    "14": 1_057_428,  # Prey Veng
    "15": 419_952,  # Pursat
    "16": 204_027,  # Ratanakiri
    "17": 1_014_234,  # Siem Reap
    "18": 310_072,  # Preah Sihanouk
    "19": 165_713,  # Stung Treng
    "20": 525_497,  # Svay Rieng
    "21": 900_914,  # Takeo
    "22": 276_038,  # Oddar Meanchey
    "23": 41_798,  # Kep
    "24": 71_600,  # Pailin
    "25": 776_841,  # Tboung Khmum
}

# Short codes for unit codes, case numbers and usernames (lower-cased there).
ABBREVIATIONS: Final[dict[str, str]] = {
    "01": "BMC",
    "02": "BB",
    "03": "KCM",
    "04": "KCH",
    "05": "KSP",
    "06": "KTM",
    "07": "KP",
    "08": "KD",
    "09": "KK",
    "10": "KT",
    "11": "MK",
    "12": "PP",
    "13": "PVH",
    "14": "PVG",
    "15": "PS",
    "16": "RK",
    "17": "SR",
    "18": "SHV",
    "19": "ST",
    "20": "SVR",
    "21": "TK",
    "22": "OMC",
    "23": "KEP",
    "24": "PL",
    "25": "TBK",
}

# The gazetteer's official romanisation differs from the everyday one for a few names.
EVERYDAY_NAMES: Final[dict[str, str]] = {"11": "Mondulkiri", "16": "Ratanakiri", "17": "Siem Reap"}

# Where a province's foreigners most often come from (land borders, Sihanoukville's investors).
BORDER_NATIONALITY: Final[dict[str, str]] = {
    "01": "TH",
    "02": "TH",
    "09": "TH",
    "22": "TH",
    "24": "TH",
    "07": "VN",
    "14": "VN",
    "20": "VN",
    "21": "VN",
    "23": "VN",
    "25": "VN",
    "18": "CN",
}

PHNOM_PENH = "12"
CAPITAL_PRISON = "Prey Sar prison (Correctional Centre 1)"


@dataclass(frozen=True)
class Commune:
    code: str
    name: str
    district_code: str
    district_name: str

    @property
    def place(self) -> str:
        return f"{self.name}, {self.district_name}"


@dataclass
class Province:
    code: str
    name: str  # everyday Latin name
    name_km: str
    kind: str  # "Province" or "Capital"
    seat: str
    lat: float
    lon: float
    abbr: str
    districts: list[tuple[str, str, str, str]] = field(
        default_factory=list
    )  # code, type, latin, km
    communes: list[Commune] = field(default_factory=list)

    @property
    def court(self) -> str:
        if self.kind == "Capital":
            return f"{self.name} Municipal Court of First Instance"
        return f"{self.name} Provincial Court of First Instance"

    @property
    def prison(self) -> str:
        return CAPITAL_PRISON if self.kind == "Capital" else f"{self.name} provincial prison"

    def commune(self, rng: random.Random) -> Commune:
        return self.communes[rng.randrange(len(self.communes))]

    def near_seat(self, rng: random.Random) -> tuple[float, float]:
        return round(self.lat + rng.gauss(0, 0.05), 5), round(self.lon + rng.gauss(0, 0.05), 5)


class Geography:
    """The gazetteer in the shapes the generator needs, with population-weighted picks."""

    def __init__(self) -> None:
        data = reference.gazetteer()
        self.provinces: dict[str, Province] = {}
        for p in data["provinces"]:
            code = p["code"]
            self.provinces[code] = Province(
                code=code,
                name=EVERYDAY_NAMES.get(code, p["name_latin"]),
                name_km=p["name_km"],
                kind=p["type_en"],
                seat=p["seat_latin"],
                lat=p["seat_lat"],
                lon=p["seat_lon"],
                abbr=ABBREVIATIONS[code],
            )
        districts: dict[str, tuple[str, str]] = {}
        for d in data["districts"]:
            self.provinces[d["parent"]].districts.append(
                (d["code"], d["type_en"], d["name_latin"], d["name_km"])
            )
            districts[d["code"]] = (d["name_latin"], d["parent"])
        for c in data["communes"]:
            district_name, province_code = districts[c["parent"]]
            self.provinces[province_code].communes.append(
                Commune(c["code"], c["name_latin"], c["parent"], district_name)
            )
        self.codes: list[str] = sorted(self.provinces)
        self._cumulative = list(accumulate(POPULATION_2019[c] for c in self.codes))

    def weighted(self, rng: random.Random) -> Province:
        pick = rng.random() * self._cumulative[-1]
        return self.provinces[self.codes[bisect_right(self._cumulative, pick)]]

    def weighted_other_than(self, rng: random.Random, code: str) -> Province:
        while True:
            province = self.weighted(rng)
            if province.code != code:
                return province

    def __getitem__(self, code: str) -> Province:
        return self.provinces[code]
