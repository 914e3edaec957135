"""A small world for the non-interference checks, and the principals who look at it.

Records in Phnom Penh (12) and Siem Reap (17) and under the Ministry of Environment's
jurisdiction (ICCS 1001-1003); suspects, victims, complainants and witnesses, some in cases of
the other province; sealed cases; narratives; warrants, notices, operations with seizures,
arrests. Every record is entered within the 48 h before T0, so that a test may still change it
(the lock trigger judges raw updates too). The principals are every role of the default policy.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db import tables as t
from policies.enforcer import default_policy, default_rules
from policies.principal import Principal
from tests import factories as f

MOE_JURISDICTION = ("1001", "1002", "1003")
MOJ_JURISDICTION = ("0806",)
# Ranks that matter: sealed cases need a Major in the province, a Colonel nationally.
RANKS = {"provincial_chief": "Major", "criminal_police": "Colonel"}


def default_roles() -> list[str]:
    """Every role the default policy names (p subjects and g members), in file order."""
    found: list[str] = []
    for rule in default_rules():
        for name in rule[1:3] if rule[0] == "g" else rule[1:2]:
            if ":" not in name and name not in found:
                found.append(name)
    return found


def principals() -> list[Principal]:
    """Each role as seen from Phnom Penh; ministries as MOE and MOJ; an officer of Siem Reap."""
    found = []
    for role in default_roles():
        if role.startswith("ministry_"):
            for ministry, jurisdiction in (("MOE", MOE_JURISDICTION), ("MOJ", MOJ_JURISDICTION)):
                found.append(
                    Principal(
                        username=f"{role}.{ministry.lower()}",
                        roles=(role,),
                        ministry_code=ministry,
                        jurisdiction=jurisdiction,
                        policy=default_policy(),
                    )
                )
            continue
        found.append(
            Principal(
                username=f"{role}.pp",
                roles=(role,),
                province_code="12",
                rank=RANKS.get(role, "Captain"),
                policy=default_policy(),
            )
        )
    found.append(
        Principal(
            username="officer.sr", roles=("officer",), province_code="17", policy=default_policy()
        )
    )
    return found


async def build(session: AsyncSession) -> None:
    pp, sr = await f.unit(session, province="12"), await f.unit(session, province="17")
    moe = await f.unit(session, province="12", ministry_code="MOE")
    pp_user, sr_user = await f.user(session, unit_row=pp), await f.user(session, unit_row=sr)
    moe_user = await f.user(session, unit_row=moe)

    async def person(province: str, family: str, given: str, hours: int, **kw: Any) -> t.Person:
        return await f.person(
            session,
            province_code=province,
            family_name_latin=family,
            given_name_latin=given,
            created_at=f.at(-hours),
            background=f"background of {family}",
            **kw,
        )

    chea = await person("12", "Chea", "Sokha", 1, nationality="KH")
    lim = await person("12", "Lim", "Bopha", 2, sex="F", nationality="VN")
    heng = await person("12", "Heng", "Dara", 3)
    sok = await person("12", "Sok", "Vanna", 4, sex="F")
    chan = await person("17", "Chan", "Rith", 5, nationality="TH")
    keo = await person("17", "Keo", "Maly", 6, sex="F")
    nov = await person("17", "Nov", "Sreymom", 7, sex="F", nationality="TH")
    pich = await person("17", "Pich", "Sophal", 8)
    for holder, number in ((chea, "N100"), (keo, "N200"), (pich, "P300")):
        session.add(
            t.IdentityDocument(
                person_id=holder.id,
                kind="national_id",
                number=number,
                number_key=number,
                issuing_country="KH",
            )
        )

    async def case(unit: t.Unit, number: str, hours: int, **kw: Any) -> t.Case:
        return await f.case(
            session, lead=unit, number=number, opened_at=f.at(-hours), created_at=f.at(-hours), **kw
        )

    pp_case = await case(pp, "PP-1", 30)
    pp_sealed = await case(pp, "PP-S", 20, sealed=True)
    sr_case = await case(sr, "SR-1", 25)
    sr_sealed = await case(sr, "SR-S", 10, sealed=True, status="closed")
    parts = [
        (pp_case, chea, "suspect"),
        (pp_case, lim, "victim"),
        (pp_case, keo, "complainant"),
        (pp_sealed, chan, "suspect"),
        (pp_sealed, heng, "complainant"),
        (sr_case, chan, "suspect"),
        (sr_case, keo, "victim"),
        (sr_case, nov, "complainant"),
        (sr_case, lim, "witness"),
        (sr_sealed, pich, "victim"),
    ]
    for kase, who, role in parts:
        part = await f.participant(session, case_row=kase, person_row=who, role=role)
        if role == "suspect":
            session.add(
                t.ParticipantEvent(
                    participant_id=part.id,
                    kind="arrest",
                    occurred_at=f.at(-12),
                    province_code=kase.province_code,
                    reason=f"arrest in {kase.number}",
                )
            )

    async def offence(by: t.User, involved: list[tuple[t.Person, str]], **kw: Any) -> None:
        row = await f.offence(session, recorder=by, description=f"narrative {len(involved)}", **kw)
        for who, role in involved:
            session.add(t.OffencePerson(offence_id=row.id, person_id=who.id, role=role))

    await offence(
        pp_user,
        [(chea, "suspect"), (lim, "victim")],
        case_id=pp_case.id,
        district_code="1201",
        commune_code="120101",
        occurred_at=f.at(-40),
        recorded_at=f.at(-39),
    )
    await offence(
        pp_user,
        [(chan, "suspect")],
        type_code="DRUG_TRAFFICKING",
        iccs_code="06012",
        drug_substance="methamphetamine",
        drug_quantity=12,
        drug_unit="g",
        district_code="1202",
        occurred_at=f.at(-30),
        recorded_at=f.at(-8),
    )
    await offence(
        sr_user,
        [(keo, "victim"), (nov, "complainant"), (chan, "suspect")],
        case_id=sr_case.id,
        district_code="1701",
        occurred_at=f.at(-26),
        recorded_at=f.at(-20),
    )
    await offence(
        sr_user,
        [(pich, "victim")],
        type_code="DRUG_POSSESSION_USE",
        iccs_code="06011",
        drug_substance="cannabis",
        drug_quantity=3,
        drug_unit="kg",
        occurred_at=f.at(-50),
        recorded_at=f.at(-6),
    )
    await offence(
        moe_user,
        [(sok, "suspect")],
        type_code="WILDLIFE_TRAFFICKING",
        iccs_code="1003",
        ministry_code="MOE",
        province_code="17",
        occurred_at=f.at(-15),
        recorded_at=f.at(-14),
    )
    await offence(
        moe_user,
        [(heng, "victim")],
        type_code="POLLUTION",
        iccs_code="1001",
        ministry_code="MOE",
        occurred_at=f.at(-10),
        recorded_at=f.at(-9),
    )

    for subject, number, province, status, court in (
        (chea, "W-1", "12", "active", "Phnom Penh Court"),
        (chan, "W-2", "17", "executed", "Siem Reap Court"),
        (pich, "W-3", "17", "active", "Siem Reap Court"),
    ):
        await f.warrant(
            session,
            subject=subject,
            number=number,
            province_code=province,
            status=status,
            court=court,
            issued_on=date(2026, 10, int(number[-1])),
            created_at=f.at(-3),
        )
    for subject, kind, province, start in (
        (chan, "wanted", "17", date(2026, 9, 1)),
        (chea, "red_notice", "12", date(2026, 10, 1)),
        (keo, "blacklist", "17", date(2026, 11, 1)),
    ):
        await f.notice(
            session,
            subject=subject,
            kind=kind,
            province_code=province,
            valid_from=start,
            created_at=f.at(-4),
        )
    for unit, name, arrests, started, item, quantity in (
        (pp, "Clean streets", 4, date(2026, 10, 20), "methamphetamine", 40),
        (sr, "Temple watch", 2, date(2026, 10, 25), "heroin", 5),
    ):
        op = t.Operation(
            name=name,
            started_on=started,
            province_code=unit.province_code,
            lead_unit_id=unit.id,
            arrests=arrests,
            created_at=f.at(-5),
        )
        session.add(op)
        await session.flush()
        session.add(t.Seizure(operation_id=op.id, item=item, quantity=quantity, unit="g"))
    await session.flush()
