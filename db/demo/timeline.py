"""When things happen: the demo's "now", and random instants weighted toward recent years."""

from __future__ import annotations

import math
import random
from datetime import UTC, date, datetime, time, timedelta

from db.clock import PHNOM_PENH

# Court orders are kept since 2000 (DESIGN, rule 4); the demo history starts there too.
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)

# exp(SKEW) is how much likelier the last day of the history is than the first.
SKEW = 3.0


def demo_now(moment: datetime) -> datetime:
    """The instant the demo history ends: the load moment, to the minute. Nothing the demo makes
    lies after it, so no record is in the future or correctable for longer than 48 h."""
    if moment.tzinfo is None:
        raise ValueError("the demo's moment needs a time zone")
    return moment.astimezone(UTC).replace(second=0, microsecond=0)


def recent_instant(
    rng: random.Random, start: datetime, end: datetime, *, skew: float = SKEW
) -> datetime:
    """An instant in [start, end], density growing exponentially toward ``end``."""
    span = (end - start).total_seconds()
    if span <= 0:
        return start
    fraction = math.log1p(rng.random() * math.expm1(skew)) / skew
    return start + timedelta(seconds=int(fraction * span))


def uniform_instant(rng: random.Random, start: datetime, end: datetime) -> datetime:
    span = int((end - start).total_seconds())
    return start + timedelta(seconds=rng.randint(0, max(span, 0)))


def minutes(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(seconds=int(rng.uniform(low, high) * 60))


def hours(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(seconds=int(rng.uniform(low, high) * 3600))


def days(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(seconds=int(rng.uniform(low, high) * 86400))


def local_date(moment: datetime) -> date:
    return moment.astimezone(PHNOM_PENH).date()


def at_local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PHNOM_PENH).astimezone(UTC)
