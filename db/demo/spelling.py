"""How one person's name comes out differently on different records, and document numbers."""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from db.demo.names import FAMILY_NAMES, FOREIGN_NAMES, GIVEN_NAMES
from db.demo.world import Weighted

# Common family names are much commoner than rare ones: weight 1/(rank + 3) by list order.
_FAMILY = Weighted([(entry, 1 / (rank + 3)) for rank, entry in enumerate(FAMILY_NAMES)])
_GIVEN_BY_SEX: Final = {sex: [g for g in GIVEN_NAMES if g[1] in (sex, "U")] for sex in ("M", "F")}


@dataclass(frozen=True)
class Name:
    """A person's name as a set of possible spellings; one record shows one of them."""

    family_km: str
    given_km: str
    family: tuple[str, ...]
    given: tuple[str, ...]
    sex: str

    def spelled(self, rng: random.Random) -> tuple[str, str]:
        return usual(rng, self.family), usual(rng, self.given)

    def respelled(self, rng: random.Random, family: str, given: str) -> tuple[str, str]:
        """Another record's spelling of the same name: at least one part differs."""
        new_family, new_given = family, given
        if len(self.family) > 1 and (len(self.given) == 1 or rng.random() < 0.5):
            new_family = other(rng, self.family, family)
        if len(self.given) > 1 and (new_family == family or rng.random() < 0.4):
            new_given = other(rng, self.given, given)
        if (new_family, new_given) == (family, given):
            if rng.random() < 0.5:
                new_family = drift(rng, family)
            else:
                new_given = drift(rng, given)
        return new_family, new_given


def khmer_name(rng: random.Random, sex: str) -> Name:
    family_km, family = _FAMILY.pick(rng)
    pool = _GIVEN_BY_SEX[sex]
    given_km, _, given = pool[rng.randrange(len(pool))]
    return Name(family_km, given_km, family, given, sex)


def foreign_name(rng: random.Random, nationality: str, sex: str) -> Name:
    families, men, women = FOREIGN_NAMES[nationality]
    pool = men if sex == "M" else women
    family = families[rng.randrange(len(families))]
    given = pool[rng.randrange(len(pool))]
    return Name("", "", (family,), (given,), sex)


def usual(rng: random.Random, spellings: tuple[str, ...]) -> str:
    """The first spelling is the commonest; the others share what is left."""
    if len(spellings) == 1 or rng.random() < 0.7:
        return spellings[0]
    return spellings[1 + rng.randrange(len(spellings) - 1)]


def other(rng: random.Random, spellings: tuple[str, ...], current: str) -> str:
    choices = [s for s in spellings if s != current]
    return choices[rng.randrange(len(choices))] if choices else current


_DRIFTS: Final[tuple[Callable[[str], str], ...]] = (
    lambda s: s[:-1] + "i" if s.endswith("y") else s[:-1] + "y" if s.endswith("i") else s,
    lambda s: s.replace("ou", "u", 1) if "ou" in s else s.replace("u", "ou", 1),
    lambda s: s.replace("ea", "ia", 1),
    lambda s: s.replace("Ch", "Chh", 1) if "Chh" not in s else s.replace("Chh", "Ch", 1),
    lambda s: s.replace(" ", "", 1) if " " in s else s,
    lambda s: s + s[-1] if s[-1:] in ("n", "t", "m", "l") else s,
    lambda s: s + "h" if s[-1:] in ("a", "o") else s,
)


def drift(rng: random.Random, name: str) -> str:
    """A misspelling of the kind clerks make; falls back to a doubled last letter."""
    start = rng.randrange(len(_DRIFTS))
    for step in range(len(_DRIFTS)):
        changed = _DRIFTS[(start + step) % len(_DRIFTS)](name)
        if changed != name:
            return changed
    return name + name[-1:]


# Passport numbers as they look: (letters in front, digits).
PASSPORT_FORMATS: Final[dict[str, tuple[str, int]]] = {
    "KH": ("N", 7),
    "VN": ("C", 7),
    "TH": ("AA", 7),
    "CN": ("E", 8),
    "KR": ("M", 8),
    "LA": ("P", 7),
    "JP": ("TK", 7),
    "MY": ("A", 8),
}


def _stride(digits: int) -> int:
    """The golden ratio's first ``digits`` digits, made odd and not a multiple of 5: coprime to
    10**digits, so k -> k * stride (mod 10**digits) visits every number once while consecutive
    documents land far apart, as real card numbers seem to."""
    stride = int(0.6180339887498949 * 10**digits) | 1
    return stride + 2 if stride % 5 == 0 else stride


class DocumentNumbers:
    """Unique numbers per (kind, issuing country), as the identity_document constraint needs."""

    def __init__(self) -> None:
        self._issued: dict[tuple[str, str], int] = {}

    def _serial(self, kind: str, country: str, digits: int) -> str:
        k = self._issued[(kind, country)] = self._issued.get((kind, country), 0) + 1
        offset = zlib.crc32(f"{kind}:{country}".encode())
        return f"{(offset + k * _stride(digits)) % 10**digits:0{digits}d}"

    def national_id(self, rng: random.Random) -> str:
        number = self._serial("national_id", "KH", 9)
        # Clerks sometimes type the card number in groups; number_key folds those together.
        return f"{number[:3]} {number[3:6]} {number[6:]}" if rng.random() < 0.1 else number

    def passport(self, country: str) -> str:
        prefix, digits = PASSPORT_FORMATS.get(country, ("", 9))
        return prefix + self._serial("passport", country, digits)

    def work_permit(self, year: int) -> str:
        return f"WP-{year}-{self._serial('other', 'KH', 7)}"
