"""Crackdown operations: the units taking part, the arrests, and what was seized."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Final

from db.demo.offences import SUBSTANCES
from db.demo.org import Org
from db.demo.places import Province
from db.demo.timeline import EPOCH, at_local, local_date, recent_instant
from db.demo.world import Batch, Weighted, World


@dataclass(frozen=True)
class Theme:
    names: tuple[str, ...]
    aim: str
    arrests: tuple[int, int]
    # (item, unit, low, high) seized now and then besides the theme's own haul
    extras: tuple[tuple[str, str, float, float], ...]


THEMES: Final = Weighted(
    [
        (
            Theme(
                ("Clean Streets", "Mekong Shield", "Red Line", "Night Owl"),
                "Crackdown on drug trafficking and drug use",
                (2, 60),
                (
                    ("cash_usd", "USD", 200, 90_000),
                    ("vehicle", "pcs", 1, 8),
                    ("weapon", "pcs", 1, 5),
                ),
            ),
            45,
        ),
        (
            Theme(
                ("Safe Roads", "Peaceful New Year", "Safe Pchum Ben"),
                "Road safety campaign: helmets, speeding and drink-driving",
                (0, 15),
                (("vehicle", "pcs", 5, 400),),
            ),
            25,
        ),
        (
            Theme(
                ("Scam Sweep", "Clean Net"),
                "Raid on online scam compounds",
                (10, 400),
                (
                    ("mobile_phone", "pcs", 50, 3000),
                    ("computer", "pcs", 10, 600),
                    ("cash_usd", "USD", 1_000, 500_000),
                ),
            ),
            10,
        ),
        (
            Theme(
                ("Forest Guard", "Green Border"),
                "Crackdown on illegal logging and wildlife trafficking",
                (0, 20),
                (("timber", "m3", 1, 300), ("chainsaw", "pcs", 1, 40), ("vehicle", "pcs", 1, 12)),
            ),
            10,
        ),
        (
            Theme(
                ("Safe Village", "Border Watch", "Dry Season"),
                "Crackdown on weapons, gambling and theft gangs",
                (1, 40),
                (
                    ("weapon", "pcs", 1, 30),
                    ("cash_khr", "KHR", 100_000, 60_000_000),
                    ("vehicle", "pcs", 1, 20),
                ),
            ),
            10,
        ),
    ]
)


def generate_operations(world: World, org: Org, count: int) -> Iterator[Batch]:
    rng = world.rng("operations")
    today = local_date(world.now)
    batch = Batch()
    for made in range(count):
        theme = THEMES.pick(rng)
        province = world.geo.weighted(rng)
        started = local_date(recent_instant(rng, EPOCH, world.now))
        ended = started + timedelta(days=rng.randint(1, 45))
        drugs = theme.aim.startswith("Crackdown on drug")
        lead = org.commissariat[province.code]
        if rng.random() < 0.4:
            lead = org.national["NHQ-ADP" if drugs else "NHQ-CPD"]
        arrests = rng.randint(*theme.arrests)
        operation_id = world.ids.next("operation")
        name = theme.names[rng.randrange(len(theme.names))]
        batch.add(
            "operation",
            {
                "id": operation_id,
                "name": f"Operation {name} {started.year}, {province.name}",
                "started_on": started,
                "ended_on": ended if ended <= today else None,
                "province_code": province.code,
                "lead_unit_id": lead,
                "arrests": arrests,
                "description": f"{theme.aim}, led by the {org.unit_names[lead]}: "
                f"{arrests} arrests.",
                "created_at": min(at_local(min(ended, today), 18), world.now),
                "version": 1,
            },
        )
        for unit in _taking_part(rng, org, province, lead):
            batch.add("operation_unit", {"operation_id": operation_id, "unit_id": unit})
        for item, unit_name, quantity in _seized(rng, theme, drugs):
            batch.add(
                "seizure",
                {
                    "id": world.ids.next("seizure"),
                    "operation_id": operation_id,
                    "item": item,
                    "quantity": quantity,
                    "unit": unit_name,
                },
            )
        if made % 2000 == 1999:
            yield batch
            batch = Batch()
    if batch.rows:
        yield batch


def _taking_part(rng: random.Random, org: Org, province: Province, lead: int) -> list[int]:
    candidates = [*org.local_units(province.code), org.national["NHQ-CPD"], org.national["NHQ-IMM"]]
    others = [u for u in candidates if u != lead]
    return [lead, *rng.sample(others, min(len(others), rng.randint(1, 3)))]


def _seized(rng: random.Random, theme: Theme, drugs: bool) -> list[tuple[str, str, Decimal]]:
    found: list[tuple[str, str, Decimal]] = []
    if drugs:
        for _ in range(rng.randint(1, 3)):
            substance, unit = SUBSTANCES.pick(rng)
            if all(item != substance for item, _, _ in found):
                amount = rng.uniform(100, 200_000) if unit == "tablet" else rng.uniform(5, 20_000)
                if unit == "g" and amount >= 1000:
                    unit, amount = "kg", amount / 1000
                found.append((substance, unit, _quantity(amount, unit)))
    for item, unit, low, high in theme.extras:
        if rng.random() < (0.8 if not found else 0.45):
            found.append((item, unit, _quantity(rng.uniform(low, high), unit)))
    return found


def _quantity(amount: float, unit: str) -> Decimal:
    if unit in ("tablet", "pcs", "KHR", "USD"):
        return Decimal(int(amount))
    return Decimal(f"{amount:.3f}")
