"""A small country for the id-reference checks (tests/test_references.py): records the caller may
reach, records of another province, sealed, closed and of other ministries, and one principal
per default writing role, read from the default policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.relay import GlobalID

from db import tables as t
from policies.enforcer import default_policy, default_rules
from policies.principal import Principal
from tests import factories as f
from tests.conftest import T0

READING = frozenset({"read", "read_summary", "export", "check"})
OWN, OTHER = "12", "17"
JURISDICTION = {"MAFF": ("1004",)}  # as the reference data says (db/reference/national.json)
LOCKED = T0 - timedelta(days=3)  # entered long enough ago to be locked (reviews need that)


def writing_roles() -> list[str]:
    """Every role of the default policy that holds (itself or by inheritance) an action other
    than reading on something: a role added to the policy is checked the day it is added."""
    policy = default_policy()
    rules = default_rules()
    names = {r[1] for r in rules if r[0] == "p"} | {n for r in rules if r[0] == "g" for n in r[1:]}
    roles = {n for n in names if ":" not in n}
    writers = {r[1] for r in rules if r[0] == "p" and r[4] not in READING}
    return sorted(
        role
        for role in roles
        if any(policy.has_role(Principal(username=role, roles=(role,)), w) for w in writers)
    )


def gid(type_name: str, ident: int | None) -> str:
    return str(GlobalID(type_name, str(ident)))


@dataclass
class Scene:
    rows: dict[str, Any] = field(default_factory=dict)
    principals: dict[str, Principal] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.rows[name]
        except KeyError as error:
            raise AttributeError(name) from error

    def id(self, name: str) -> str:
        row = self.rows[name]
        return gid(type(row).__name__, row.id)


async def _principal(session: AsyncSession, scene: Scene, role: str) -> Principal:
    policy = default_policy()
    probe = Principal(username=role, roles=(role,))
    if policy.has_role(probe, "officer"):
        unit = scene.pp_unit
    elif policy.has_role(probe, "ministry_officer"):
        unit = scene.maff_unit
    else:
        unit = scene.national_unit
    user = await f.user(session, unit_row=unit, position=role, rank="Captain")
    return Principal(
        username=user.username,
        user_id=user.id,
        roles=(role,),
        province_code=unit.province_code,
        ministry_code=unit.ministry_code,
        unit_id=unit.id,
        rank="Captain",
        jurisdiction=JURISDICTION.get(unit.ministry_code, ()),
        policy=policy,
    )


async def build(session: AsyncSession) -> Scene:
    s = Scene()
    r = s.rows
    r["pp_unit"] = await f.unit(session, province=OWN)
    r["pp_unit2"] = await f.unit(session, province=OWN)
    r["sr_unit"] = await f.unit(session, province=OTHER)
    r["national_unit"] = await f.unit(session, province=None, kind="department")
    r["maff_unit"] = await f.unit(session, province=None, kind="ministry", ministry_code="MAFF")
    for role in writing_roles():
        s.principals[role] = await _principal(session, s, role)
    author = await session.get(t.User, s.principals["specialist"].user_id)
    r["stranger"] = await f.user(session, unit_row=r["sr_unit"], position="specialist")
    # bytes the specialist uploaded, for addPersonPhoto (a hash is attachable only so)
    r["uploaded_png"] = b"\x89PNG\r\n\x1a\n" + b"reference scene"
    r["uploaded_sha"] = await f.upload(session, data=r["uploaded_png"], uploader=author)
    await _records(session, r, author)
    await _workflow(session, r, s.principals)
    await session.commit()
    return s


async def _records(session: AsyncSession, r: dict[str, Any], author: t.User) -> None:
    r["pp_person"] = await f.person(session, province_code=OWN)
    r["pp_person2"] = await f.person(session, province_code=OWN, given_name_latin="Vanna")
    r["sr_person"] = await f.person(session, province_code=OTHER, family_name_latin="Chea")
    session.add(t.PersonAlias(person_id=r["pp_person"].id, name="Known Alias", script="latin"))
    lead, other = r["pp_unit"], r["sr_unit"]
    # entered by the specialist's unit: inside the 48 h window it is theirs to change
    mine = {"created_by_id": author.id, "created_unit_id": lead.id}
    r["pp_case"] = await f.case(session, lead=lead, **mine)
    r["pp_sealed"] = await f.case(
        session, lead=lead, sealed=True, status="closed", closed_at=T0, disposition="x"
    )
    r["sr_closed"] = await f.case(
        session, lead=other, status="closed", closed_at=T0, disposition="sent to court"
    )
    r["sr_open"] = await f.case(session, lead=other)
    stranger = r["stranger"]
    r["pp_offence"] = await f.offence(session, recorder=author, persons=[r["pp_person"]])
    r["pp_in_case"] = await f.offence(session, recorder=author, case_id=r["pp_case"].id)
    r["pp_locked"] = await f.offence(session, recorder=author, recorded_at=LOCKED)
    r["pp_reviewed"] = await f.offence(session, recorder=author, recorded_at=LOCKED)
    r["sr_offence"] = await f.offence(session, recorder=stranger)
    r["maff_offence"] = await f.offence(
        session,
        recorder=stranger,
        type_code="ILLEGAL_LOGGING",
        iccs_code="10041",
        ministry_code="MAFF",
    )
    r["moe_offence"] = await f.offence(
        session, recorder=author, type_code="POLLUTION", iccs_code="1001", ministry_code="MOE"
    )
    for name, kase, person in (
        ("pp_participant", "pp_case", "pp_person"),
        ("pp_removable", "pp_case", "pp_person2"),
        ("sr_participant", "sr_closed", "sr_person"),
        ("sealed_participant", "pp_sealed", "pp_person"),
    ):
        r[name] = await f.participant(session, case_row=r[kase], person_row=r[person])
    r["pp_warrant"] = await f.warrant(
        session, subject=r["pp_person"], owning_unit_id=lead.id, **mine
    )
    r["sr_warrant"] = await f.warrant(session, subject=r["sr_person"], province_code=OTHER)
    r["pp_notice"] = await f.notice(session, subject=r["pp_person"], owning_unit_id=lead.id, **mine)
    r["sr_notice"] = await f.notice(session, subject=r["sr_person"], province_code=OTHER)
    for name, unit in (("pp_operation", lead), ("sr_operation", other)):
        r[name] = t.Operation(
            name=name,
            started_on=T0.date(),
            province_code=unit.province_code,
            lead_unit_id=unit.id,
            created_at=T0,
            **(mine if unit is lead else {}),
        )
        session.add(r[name])
    await session.flush()


async def _workflow(session: AsyncSession, r: dict[str, Any], who: dict[str, Principal]) -> None:
    """Review requests, inbox entries, hits, alerts and a token: the caller's, and others'."""
    chief = who["provincial_chief"].user_id
    stranger = r["stranger"].id
    for name, offence, province in (
        ("pp_request", "pp_reviewed", OWN),
        ("sr_request", "sr_offence", OTHER),
    ):
        r[name] = t.ReviewRequest(
            table_name="offence",
            record_id=r[offence].id,
            province_code=province,
            fields="description",
            reason="the description names the wrong market",
            filed_by_id=chief if province == OWN else stranger,
            filed_at=T0,
        )
        session.add(r[name])
    await session.flush()
    r["pp_entry"] = t.InboxEntry(
        role="specialist", province_code=OWN, kind="review_filed", created_at=T0
    )
    r["stranger_entry"] = t.InboxEntry(user_id=stranger, kind="review_filed", created_at=T0)
    for name, unit, user, recorded in (
        ("pp_hit", r["pp_unit"].id, None, "pp_person2"),
        ("stranger_hit", None, stranger, "sr_person"),
    ):
        r[name] = t.Hit(
            person_id=r[recorded].id,
            subject_person_id=r["pp_person"].id,
            warrant_id=r["pp_warrant"].id,
            owning_unit_id=unit or r["sr_unit"].id,
            owning_province_code=OWN if unit else OTHER,
            created_at=T0,
            deadline_at=T0 + timedelta(hours=24),
            score=0.9,
        )
        session.add(r[name])
        await session.flush()
        r[name.replace("hit", "alert")] = t.HitAlert(
            hit_id=r[name].id, kind="hit", unit_id=unit, user_id=user, created_at=T0
        )
    r["stranger_token"] = t.ApiToken(
        name="stranger's",
        owner_id=stranger,
        secret_hash="0" * 64,
        created_at=T0,
        expires_at=T0 + timedelta(days=30),
    )
    # made by an admin for the specialist, waiting for the specialist's consent
    r["pending_token"] = t.ApiToken(
        name="made for the specialist",
        owner_id=who["specialist"].user_id,
        created_by_id=who["admin"].user_id,
        secret_hash="1" * 64,
        created_at=T0,
        expires_at=T0 + timedelta(days=30),
    )
    session.add_all([r["pp_entry"], r["stranger_entry"], r["pp_alert"], r["stranger_alert"]])
    session.add_all([r["stranger_token"], r["pending_token"]])
    await session.flush()
