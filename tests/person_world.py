"""A small world in which every path to a person (tests.person_paths) finds one.

Phnom Penh ("12") holds a case with a suspect, a victim and a witness from Siem Reap ("17"), an
offence in it naming the suspect, an offender and the victim, a warrant in the case on a third person and a notice on
a fourth, both overdue for validation, a warrant and a notice on the suspect too, and review
requests on the person, the case and the offence. Everyone shares the factories' name, so a
likely-duplicates probe finds them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.relay import GlobalID

from db import tables as t
from policies.enforcer import default_policy
from policies.principal import Principal
from tests import factories as f
from tests.conftest import T0

OVERDUE = date(2026, 1, 1)  # before T0's day: the validations are overdue


@dataclass
class World:
    province: str
    ids: dict[str, object]  # the key of a row of each node type, by type name
    persons: dict[str, t.Person] = field(default_factory=dict)
    probe: dict[str, Any] = field(default_factory=dict)
    home: t.Unit | None = None  # the Phnom Penh unit that owns the orders

    def global_id(self, type_name: str | None) -> str:
        assert type_name is not None
        key = self.ids.get(type_name)
        if key is None:
            return str(GlobalID(type_name, "0"))  # a type the world has none of: null
        return str(GlobalID(type_name, str(key)))


async def person_world(session: AsyncSession) -> World:
    home, away = await f.unit(session, province="12"), await f.unit(session, province="17")
    recorder = await f.user(session, unit_row=home)
    chief = await f.user(session, unit_row=home, position="provincial_chief")
    persons = {
        "suspect": await f.person(session, recorded_unit_id=home.id),
        "offender": await f.person(session, given_name_latin="Rith", recorded_unit_id=home.id),
        "subject": await f.person(session, given_name_latin="Vanna", recorded_unit_id=home.id),
        "noticed": await f.person(session, given_name_latin="Kosal", recorded_unit_id=home.id),
        "witness": await f.person(
            session, given_name_latin="Sreyneang", province_code="17", recorded_unit_id=away.id
        ),
        # Hidden by the victim-identity mask from callers without the grant: never recorded.
        "victim": await f.person(session, given_name_latin="Sophea", sex="F"),
    }
    suspect = persons["suspect"]
    kase = await f.case(session, lead=home)
    part = await f.participant(session, case_row=kase, person_row=suspect)
    await f.participant(session, case_row=kase, person_row=persons["witness"], role="witness")
    await f.participant(session, case_row=kase, person_row=persons["victim"], role="victim")
    offence = await f.offence(
        session, recorder=recorder, persons=[suspect, persons["offender"]], case_id=kase.id
    )
    session.add(
        t.OffencePerson(offence_id=offence.id, person_id=persons["victim"].id, role="victim")
    )
    overdue = {"validation_due_on": OVERDUE, "owning_unit_id": home.id}
    warrant = await f.warrant(session, subject=persons["subject"], case_id=kase.id, **overdue)
    await f.warrant(session, subject=suspect, case_id=kase.id)
    notice = await f.notice(session, subject=persons["noticed"], **overdue)
    await f.notice(session, subject=suspect)
    for table, record in (("person", suspect.id), ("case_file", kase.id), ("offence", offence.id)):
        session.add(
            t.ReviewRequest(
                table_name=table,
                record_id=record,
                province_code="12",
                fields="notes",
                reason="a correction the world needs",
                filed_by_id=chief.id,
                filed_at=T0,
            )
        )
    await session.commit()
    ids: dict[str, object | None] = {
        "Province": "12",
        "Ministry": "MOI",
        "Case": kase.id,
        "CaseParticipant": part.id,
        "Notice": notice.id,
        "Offence": offence.id,
        "Person": suspect.id,
        "Warrant": warrant.id,
    }
    world = World("12", {k: v for k, v in ids.items() if v is not None}, persons, home=home)
    world.probe = {"familyNameLatin": "Sok", "givenNameLatin": "Dara", "birthYear": 1990}
    return world


def national_reader() -> Principal:
    """A national reader who also decides review requests, so that every path answers."""
    return Principal(username="planning.test", roles=("planning_head",), policy=default_policy())


def provincial_officer(province: str = "12") -> Principal:
    return Principal(
        username=f"officer.{province}",
        roles=("officer",),
        province_code=province,
        rank="Captain",
        policy=default_policy(),
    )
