"""Court warrants since 2000, and the notices: red notice, wanted, escaped, released, blacklist."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Final

from db.demo.cases import CaseBook
from db.demo.org import Org
from db.demo.person_index import PersonIndex
from db.demo.timeline import EPOCH, at_local, local_date, recent_instant, uniform_instant
from db.demo.world import Batch, Row, Weighted, World

WARRANT_STATUSES: Final = ("active", "executed", "cancelled", "expired")
NOTICE_KINDS: Final = ("red_notice", "wanted", "escaped", "released", "blacklist")

_WARRANT_KINDS = Weighted(
    [("arrest", 40), ("summons", 20), ("detention", 15), ("search", 15), ("judgment", 10)]
)
_WARRANT_STATUSES = Weighted([("executed", 40), ("active", 35), ("expired", 15), ("cancelled", 10)])
_NOTICE_KINDS = Weighted(
    [("wanted", 35), ("released", 30), ("blacklist", 15), ("red_notice", 10), ("escaped", 10)]
)
# How long each kind of warrant stays in force, in days (judgments do not lapse).
_VALIDITY: Final = {
    "arrest": (365, 1825),
    "detention": (120, 730),
    "search": (30, 180),
    "summons": (30, 90),
}
COUNTRIES: Final = {
    "KH": "Cambodia",
    "VN": "Viet Nam",
    "TH": "Thailand",
    "CN": "China",
    "KR": "Republic of Korea",
    "LA": "Lao PDR",
    "JP": "Japan",
    "MY": "Malaysia",
    "US": "United States",
    "GB": "United Kingdom",
    "FR": "France",
    "AU": "Australia",
    "NG": "Nigeria",
}
# Released prisoners report to the police near home; how often depends on the court's order.
_REPORTING_DUTIES = Weighted(
    [
        ("weekly at the district police post", 40),
        ("monthly at the commune police post", 35),
        ("every two weeks at the district police inspectorate", 15),
        ("monthly at the provincial police commissariat", 10),
    ]
)
_RELEASE_CONDITIONS: Final = {
    "Released on bail": "Bail: appears at every hearing; may not leave the province without the "
    "investigating judge's permission",
    "Released under judicial supervision": "Judicial supervision: may not leave the province; "
    "no contact with the victim or the witnesses",
    "Suspended sentence": "Suspended sentence: no new offence within five years",
    "Royal pardon": "Pardoned: keeps the same address and reports any move",
}
_BLACKLISTED_POSTS: Final = (
    ("police officer", "Ministry of Interior"),
    ("military police sergeant", "Ministry of National Defence"),
    ("customs officer", "Ministry of Economy and Finance"),
    ("commune clerk", "Ministry of Interior"),
    ("prison guard", "Ministry of Interior"),
    ("health official", "Ministry of Health"),
    ("primary school teacher", "Ministry of Education, Youth and Sport"),
)


def generate_warrants(
    world: World, org: Org, persons: PersonIndex, cases: CaseBook, count: int
) -> Iterator[Batch]:
    rng = world.rng("warrants")
    today = local_date(world.now)
    serials: dict[tuple[str, int], int] = {}
    batch = Batch()
    for made in range(count):
        status = (
            WARRANT_STATUSES[made] if made < len(WARRANT_STATUSES) else _WARRANT_STATUSES.pick(rng)
        )
        kind = _WARRANT_KINDS.pick(rng)
        case_id = None
        suspects = cases.at_large.items
        if suspects and rng.random() < 0.6:
            suspect = suspects[rng.randrange(len(suspects))]
            person, case_id, province = suspect.person_id, suspect.case_id, suspect.province
            issued = min(local_date(suspect.since) + timedelta(days=rng.randint(3, 200)), today)
        else:
            person = persons.anyone(rng)
            province = persons.province[person]
            issued = local_date(recent_instant(rng, EPOCH, world.now))
        roll = rng.random()
        if roll < (0.25 if kind == "judgment" else 0.05):
            court = "Appeal Court"
        elif roll < (0.3 if kind == "judgment" else 0.06):
            court = "Supreme Court"
        else:
            court = world.geo[province].court
        serial = serials[(court, issued.year)] = serials.get((court, issued.year), 0) + 1
        expires: date | None = None
        if kind in _VALIDITY:
            expires = issued + timedelta(days=rng.randint(*_VALIDITY[kind]))
        if status == "expired":
            if (today - issued).days < 2:
                status = "active"
            elif expires is None or expires >= today:
                expires = issued + timedelta(days=rng.randint(1, (today - issued).days - 1))
        if status == "active" and expires is not None and expires < today:
            expires = None  # an unexecuted arrest warrant stays in force until the court lifts it
        row: Row = {
            "id": world.ids.next("warrant"),
            "court": court,
            "number": f"{serial:04d}/{issued.year}",
            "kind": kind,
            "issued_on": issued,
            "expires_on": expires,
            "subject_person_id": person,
            "case_id": case_id,
            "status": status,
            "province_code": province,
            "owning_unit_id": org.commissariat[province],
            "executed_at": None,
            "executed_province_code": None,
            "executed_place": "",
            "executed_by_unit_id": None,
            "notes": f"{kind.capitalize()} warrant of the {court}",
            "created_at": min(at_local(issued + timedelta(days=rng.randint(1, 5)), 9), world.now),
            "version": 1,
        }
        if status == "executed":
            last = min(at_local(expires or today, 17), world.now)
            executed = uniform_instant(rng, at_local(issued, 8), last)
            where = world.geo[province] if rng.random() < 0.8 else world.geo.weighted(rng)
            unit = (
                org.national["NHQ-CPD"]
                if rng.random() < 0.3
                else rng.choice(org.local_units(where.code))
            )
            row.update(
                executed_at=executed,
                executed_province_code=where.code,
                executed_place=where.commune(rng).place,
                executed_by_unit_id=unit,
            )
            row["created_at"] = min(row["created_at"], executed)
        elif status == "cancelled":
            row["notes"] = f"Cancelled by the {court}: the charges were withdrawn"
        active = status == "active"
        row["validation_due_on"] = _validation_due(row["created_at"], today) if active else None
        batch.add("warrant", row)
        if made % 5000 == 4999:
            yield batch
            batch = Batch()
    if batch.rows:
        yield batch


def generate_notices(
    world: World, org: Org, persons: PersonIndex, cases: CaseBook, count: int
) -> Iterator[Batch]:
    rng = world.rng("notices")
    # A stream of its own, so that adding details left the notices themselves as they were.
    details_rng = world.rng("notice details")
    today = local_date(world.now)
    at_large = cases.at_large.items
    detained = [c for c in cases.in_custody.items if c.released is None]
    released = [c for c in cases.in_custody.items if c.released is not None]
    batch = Batch()
    for made in range(count):
        kind = NOTICE_KINDS[made] if made < len(NOTICE_KINDS) else _NOTICE_KINDS.pick(rng)
        start = local_date(recent_instant(rng, EPOCH, world.now))
        until: date | None = None
        reference, country, unit = "", None, org.national["NHQ-CPD"]
        details: Row = {
            "escaped_from": "",
            "escaped_at": None,
            "released_on": None,
            "release_conditions": "",
            "reporting_duty": "",
        }
        if kind == "red_notice":
            foreign = persons.foreign and rng.random() < 0.7
            person = rng.choice(persons.foreign) if foreign else persons.anyone(rng)
            country = persons.nationality.get(person, "KH")
            reference = f"A-{rng.randint(100, 9999)}/{start.month}-{start.year}"
            until = start + timedelta(days=5 * 365)  # red notices are reviewed every five years
            summary = f"INTERPOL red notice requested by {COUNTRIES.get(country, country)}"
            province = persons.province[person]
        elif kind == "wanted" and at_large:
            suspect = at_large[rng.randrange(len(at_large))]
            person, province = suspect.person_id, suspect.province
            start = min(local_date(suspect.since) + timedelta(days=rng.randint(1, 60)), today)
            summary = f"Wanted as a suspect: {suspect.offence}"
            unit = org.commissariat[province]
        elif kind == "escaped" and detained:
            escapee = detained[rng.randrange(len(detained))]
            person, province = escapee.person_id, escapee.province
            start = min(local_date(escapee.since) + timedelta(days=rng.randint(10, 400)), today)
            summary = f"Escaped from {escapee.prison} on {start.isoformat()}"
            details.update(_escape(details_rng, escapee.prison, start))
        elif kind == "released" and released:
            former = released[rng.randrange(len(released))]
            assert former.released is not None
            person, province = former.person_id, former.province
            start = local_date(former.released)
            until = start + timedelta(days=rng.randint(365, 3 * 365))
            details.update(_release(details_rng, start, former.reason))
            summary = (
                f"Released from {former.prison} ({former.reason.lower()}); "
                f"reports {details['reporting_duty']}"
            )
            unit = org.commissariat[province]
        elif kind == "blacklist":
            person = rng.choice(persons.cambodian)
            province = persons.province[person]
            post, ministry = _BLACKLISTED_POSTS[rng.randrange(len(_BLACKLISTED_POSTS))]
            until = start + timedelta(days=rng.randint(3, 10) * 365)
            summary = (
                f"Former {post}, {ministry}: convicted of a drug offence; "
                f"may not be employed in public service until {until.isoformat()}"
            )
            unit = org.national["NHQ-ADP"]
        else:  # the case samples can be empty in tiny loads: anyone, anywhere
            person = persons.anyone(rng)
            province = persons.province[person]
            place = world.geo[province]
            if kind == "escaped":
                details.update(_escape(details_rng, place.prison, start))
            elif kind == "released":
                details.update(_release(details_rng, start, "Sentence served"))
            summary = {
                "wanted": f"Wanted for questioning by the {place.name} police",
                "escaped": f"Escaped from {place.prison} on {start.isoformat()}",
                "released": f"Released from {place.prison}; reports {details['reporting_duty']}",
            }[kind]
            unit = org.commissariat[province]
        if until is None and kind != "escaped" and rng.random() < 0.4:
            until = start + timedelta(days=rng.randint(180, 4 * 365))
        batch.add(
            "notice",
            {
                "id": world.ids.next("notice"),
                "kind": kind,
                "person_id": person,
                "valid_from": start,
                "valid_until": until,
                "province_code": province,
                "owning_unit_id": unit,
                "reference": reference,
                "issuing_country": country,
                "summary": summary[:600],
                **details,
                "created_at": _created(world.now, start),
                "validation_due_on": (
                    _validation_due(_created(world.now, start), today)
                    if until is None or until >= today
                    else None
                ),
                "version": 1,
            },
        )
        if made % 5000 == 4999:
            yield batch
            batch = Batch()
    if batch.rows:
        yield batch


def _validation_due(created: datetime, today: date) -> date:
    """First due 90 days after entry, then yearly (resolvers.warrant_actions). Most units
    confirmed on time; what fell due in the last 30 days is still waiting: the overdue lists."""
    due = local_date(created) + timedelta(days=90)
    while due < today - timedelta(days=30):
        due += timedelta(days=365)
    return due


def _escape(rng: random.Random, prison: str, noticed: date) -> Row:
    """Escapes happen at night and are noticed by morning: between 21:00 the evening before and
    06:00 on the day of the notice, which is entered from 10:00 on (``_created``)."""
    escaped = at_local(noticed, 0) + timedelta(minutes=rng.randint(-3 * 60, 6 * 60))
    return {"escaped_from": prison, "escaped_at": escaped}


def _release(rng: random.Random, released: date, reason: str) -> Row:
    return {
        "released_on": released,
        "release_conditions": _RELEASE_CONDITIONS.get(reason, ""),
        "reporting_duty": _REPORTING_DUTIES.pick(rng),
    }


def _created(now: datetime, day: date) -> datetime:
    return min(at_local(day, 10), now)
