"""What the later generators need to know about the persons, kept small enough for millions."""

from __future__ import annotations

import random
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class PersonIndex:
    """Each person's province and creation time (offences only involve persons already known by
    then), nationalities for red notices, and the duplicate pairs for the summary."""

    province: dict[int, str] = field(default_factory=dict)
    by_province: dict[str, tuple[list[float], list[int]]] = field(default_factory=dict)
    foreign: list[int] = field(default_factory=list)
    cambodian: list[int] = field(default_factory=list)
    nationality: dict[int, str] = field(default_factory=dict)  # foreigners only
    duplicate_pairs: list[tuple[int, int]] = field(default_factory=list)
    _pending: dict[str, list[tuple[float, int]]] = field(default_factory=dict)

    def add(self, person_id: int, province: str, created: datetime, nationality: str) -> None:
        self.province[person_id] = province
        self._pending.setdefault(province, []).append((created.timestamp(), person_id))
        if nationality == "KH":
            self.cambodian.append(person_id)
        else:
            self.foreign.append(person_id)
            self.nationality[person_id] = nationality

    def finish(self) -> None:
        for province, entries in sorted(self._pending.items()):
            entries.sort()
            self.by_province[province] = ([e[0] for e in entries], [e[1] for e in entries])
        self._pending.clear()

    def pick(self, rng: random.Random, province: str, before: datetime) -> int | None:
        """A person this province had recorded by ``before``, most likely a recent one."""
        stamps, ids = self.by_province.get(province, ([], []))
        known = bisect_right(stamps, before.timestamp())
        if known == 0:
            return None
        return ids[known - 1 - int(known * rng.random() ** 2)]

    def anyone(self, rng: random.Random) -> int:
        pool = (
            self.cambodian
            if rng.random() < len(self.cambodian) / len(self.province)
            else self.foreign
        )
        return pool[rng.randrange(len(pool))]
