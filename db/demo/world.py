"""What every generator shares: the seed, the demo's "now", the gazetteer, ids and row batches."""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import accumulate
from typing import Any, Generic, TypeVar

from db.demo.places import Geography

Row = dict[str, Any]
T = TypeVar("T")

# Tables whose integer ids the generator assigns, in the order their rows must be inserted.
ID_TABLES: tuple[str, ...] = (
    "unit",
    "app_user",
    "person",
    "person_alias",
    "identity_document",
    "person_photo",
    "case_file",
    "offence",
    "case_participant",
    "participant_event",
    "warrant",
    "notice",
    "operation",
    "seizure",
)

# Every table the demo fills, parents before children.
INSERT_ORDER: tuple[str, ...] = (
    "unit",
    "app_user",
    "person",
    "person_alias",
    "identity_document",
    "person_photo",
    "case_file",
    "offence",
    "offence_person",
    "case_participant",
    "participant_event",
    "warrant",
    "notice",
    "operation",
    "operation_unit",
    "seizure",
)


class Ids:
    """Primary keys handed out by the generator, so that rows can refer to each other before any
    of them is inserted. They continue after whatever the tables already hold."""

    def __init__(self, last: dict[str, int]) -> None:
        self._last = dict(last)

    def next(self, table: str) -> int:
        value = self._last.get(table, 0) + 1
        self._last[table] = value
        return value


@dataclass
class Batch:
    """Rows of several tables, written together (parents first) by the writer."""

    rows: dict[str, list[Row]] = field(default_factory=dict)

    def add(self, table: str, row: Row) -> None:
        self.rows.setdefault(table, []).append(row)

    def size(self) -> int:
        return sum(len(rows) for rows in self.rows.values())


class Weighted(Generic[T]):
    """A fixed weighted choice; cheaper than ``rng.choices`` when drawn millions of times."""

    def __init__(self, items: Sequence[tuple[T, float]]) -> None:
        self._items = [item for item, _ in items]
        self._cumulative = list(accumulate(weight for _, weight in items))

    def pick(self, rng: random.Random) -> T:
        return self._items[bisect_right(self._cumulative, rng.random() * self._cumulative[-1])]


class Reservoir(Generic[T]):
    """A fixed-size uniform sample of a stream (algorithm R), deterministic for a given rng."""

    def __init__(self, rng: random.Random, size: int) -> None:
        self.rng, self.size, self.seen = rng, size, 0
        self.items: list[T] = []

    def offer(self, item: T) -> None:
        self.seen += 1
        if len(self.items) < self.size:
            self.items.append(item)
        else:
            slot = self.rng.randrange(self.seen)
            if slot < self.size:
                self.items[slot] = item


@dataclass
class World:
    seed: int
    now: datetime
    geo: Geography
    ids: Ids

    def rng(self, stream: str) -> random.Random:
        """One independent random stream per concern, so that changing how one table is
        generated does not reshuffle the others (string seeds are hashed stably by ``random``)."""
        return random.Random(f"{self.seed}:{stream}")
