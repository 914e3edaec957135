"""The trust world: a small country in which every access rule has something to decide.

Two provinces, Phnom Penh (12) and Siem Reap (17), each with open and sealed cases, offences
with narratives, suspects, victims, complainants and persons in no case, warrants, notices,
operations and photos; offences under three partner ministries' jurisdictions; a hit, a review
request. Every row carries text found nowhere else (its *marker*, ``Mk`` + a number), so a
check can ask of any answer whether a row it may not see, or a field it may not read, left a
trace. One user per principal of tests.trust.principals.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db import tables as t
from tests import factories as f
from tests.conftest import T0

PNG = b"\x89PNG\r\n\x1a\n"


def gid(type_name: str, key: object) -> str:
    return base64.b64encode(f"{type_name}:{key}".encode()).decode()


@dataclass(frozen=True)
class Marker:
    """Text only this row holds; ``field`` names what reading it needs: "identity" (seeing the
    row at all) or the masked field it lives in (background, photos, description, notes)."""

    type_name: str
    key: int
    field: str
    text: str


@dataclass
class World:
    rows: dict[str, Any] = field(default_factory=dict)  # label -> row
    markers: list[Marker] = field(default_factory=list)
    victims: set[int] = field(default_factory=set)  # person ids that appear as a victim
    involved: dict[tuple[int, str], int] = field(default_factory=dict)  # (offence, role) -> person
    units: dict[str, t.Unit] = field(default_factory=dict)
    _next: int = 0

    def text(self) -> str:
        self._next += 1
        return f"Mk{self._next:03d}q"

    def note(self, row: Any, **texts: str) -> Any:
        """Record ``row``'s marker texts, by what reading them needs ("identity" or a field)."""
        type_name = next(name for name, model in TYPES.items() if isinstance(row, model))
        for what, text in texts.items():
            self.markers.append(Marker(type_name, row.id, what, text))
        return row

    def of(self, model: type[Any]) -> list[Any]:
        return [row for row in self.rows.values() if isinstance(row, model)]

    def row(self, type_name: str, key: int) -> Any:
        model = TYPES[type_name]
        return next(r for r in self.of(model) if r.id == key)


# GraphQL type -> table, for the types whose rows the policy judges.
TYPES: dict[str, type[Any]] = {
    "Person": t.Person,
    "Offence": t.Offence,
    "Case": t.Case,
    "CaseParticipant": t.CaseParticipant,
    "Warrant": t.Warrant,
    "Notice": t.Notice,
    "Operation": t.Operation,
}


async def _person(session: AsyncSession, w: World, label: str, province: str, **kw: Any) -> None:
    name, background, alias, number = w.text(), w.text(), w.text(), w.text()
    person = await f.person(
        session,
        province_code=province,
        family_name_latin=name,
        given_name_latin="Dara",
        background=background,
        recorded_unit_id=w.units[province].id,
        **kw,
    )
    w.note(person, identity=name, background=background)
    w.note(person, identity=alias)
    w.note(person, identity=number)
    session.add(t.PersonAlias(person_id=person.id, name=alias, script="latin"))
    session.add(
        t.IdentityDocument(
            person_id=person.id,
            kind="national_id",
            number=number,
            number_key=number.upper(),
            issuing_country="KH",
        )
    )
    if label.endswith(".bystander"):  # the employment check asks for this one by number
        passport = f"N00000{province}"
        session.add(
            t.IdentityDocument(
                person_id=person.id,
                kind="passport",
                number=passport,
                number_key=passport,
                issuing_country="KH",
            )
        )
    await session.flush()
    w.rows[label] = person


async def _case(
    session: AsyncSession, w: World, label: str, province: str, sealed: bool = False
) -> t.Case:
    number, title = f"{label}-{w.text()}", w.text()
    kase = await f.case(session, lead=w.units[province], sealed=sealed, number=number, title=title)
    w.note(kase, identity=number)
    w.note(kase, identity=title)
    w.rows[label] = kase
    return kase


async def _participant(session: AsyncSession, w: World, case: str, person: str, role: str) -> None:
    kase, notes = w.rows[case], w.text()
    row = t.CaseParticipant(case_id=kase.id, person_id=w.rows[person].id, role=role, notes=notes)
    session.add(row)
    await session.flush()
    w.note(row, notes=notes)
    if role == "suspect":
        session.add(t.ParticipantEvent(participant_id=row.id, kind="arrest", occurred_at=f.at(-20)))
    if role == "victim":
        w.victims.add(row.person_id)
    w.rows[f"{case}/{person}/{role}"] = row


async def _offence(
    session: AsyncSession,
    w: World,
    label: str,
    recorder: t.User,
    involved: dict[str, str],
    kase: t.Case | None = None,
    **kw: Any,
) -> None:
    description, plate = w.text(), w.text()
    row = await f.offence(
        session,
        recorder=recorder,
        case_id=kase.id if kase else None,
        province_code=kase.province_code if kase else recorder.province_code,
        description=description,
        plate_number=plate,
        vehicle_type="car",
        **kw,
    )
    w.note(row, description=description, identity=plate)
    for role, person in involved.items():
        session.add(t.OffencePerson(offence_id=row.id, person_id=w.rows[person].id, role=role))
        w.involved[(row.id, role)] = w.rows[person].id
        if role == "victim":
            w.victims.add(w.rows[person].id)
    w.rows[label] = row


async def build_world(session: AsyncSession) -> World:
    w = World()
    w.units["12"] = await f.unit(session, province="12", kind="station")
    w.units["17"] = await f.unit(session, province="17", kind="provincial_commissariat")
    recorders = {p: await f.user(session, unit_row=w.units[p]) for p in ("12", "17")}
    for p, place in (("12", "pp"), ("17", "sr")):
        for who in ("suspect", "victim", "complainant", "bystander", "sealed"):
            await _person(session, w, f"{place}.{who}", p)
    # the Phnom Penh suspect is also in a Siem Reap case: caseProvinces names both
    for p, place in (("12", "PP"), ("17", "SR")):
        lower = place.lower()
        open_case = await _case(session, w, f"{place}-OPEN", p)
        sealed = await _case(session, w, f"{place}-SEALED", p, sealed=True)
        for role in ("suspect", "victim", "complainant"):
            await _participant(session, w, f"{place}-OPEN", f"{lower}.{role}", role)
        await _participant(session, w, f"{place}-SEALED", f"{lower}.sealed", "suspect")
        await _participant(session, w, f"{place}-SEALED", f"{lower}.victim", "victim")
        involved = {r: f"{lower}.{r}" for r in ("suspect", "victim", "complainant")}
        await _offence(session, w, f"{place}-THEFT", recorders[p], involved, open_case)
        await _offence(
            session,
            w,
            f"{place}-SEALED-OFFENCE",
            recorders[p],
            {"suspect": f"{lower}.sealed"},
            sealed,
        )
        await _offence(
            session,
            w,
            f"{place}-DRUGS",
            recorders[p],
            {"suspect": f"{lower}.bystander"},
            type_code="DRUG_TRAFFICKING",
            iccs_code="06012",
            drug_substance="methamphetamine",
            drug_quantity=12,
            drug_unit="g",
        )
    await _participant(session, w, "SR-OPEN", "pp.suspect", "suspect")
    partners = (
        ("MAFF-LOGGING", "17", "ILLEGAL_LOGGING", "10041", "MAFF"),
        ("MOE-POLLUTION", "12", "POLLUTION", "1001", "MOE"),
        ("MOJ-OBSTRUCTION", "12", "OBSTRUCTION_OF_JUSTICE", "0806", "MOJ"),
    )
    for label, p, type_code, iccs, ministry in partners:
        await _offence(
            session,
            w,
            label,
            recorders[p],
            {"suspect": f"{'pp' if p == '12' else 'sr'}.bystander"},
            type_code=type_code,
            iccs_code=iccs,
            ministry_code=ministry,
        )
    await _orders(session, w)
    await session.commit()
    return w


async def _orders(session: AsyncSession, w: World) -> None:
    overdue = date(2026, 10, 1)
    for p, place in (("12", "pp"), ("17", "sr")):
        unit = w.units[p]
        for who, kase in (("bystander", None), ("sealed", f"{place.upper()}-SEALED")):
            number, notes = w.text(), w.text()
            warrant = await f.warrant(
                session,
                number=number,
                notes=notes,
                subject=w.rows[f"{place}.{who}"],
                province_code=p,
                owning_unit_id=unit.id,
                case_id=w.rows[kase].id if kase else None,
                validation_due_on=overdue,
            )
            w.note(warrant, identity=number)
            w.note(warrant, identity=notes)
            w.rows[f"{place}.warrant.{who}"] = warrant
        for kind in ("red_notice", "blacklist"):
            reference, summary = w.text(), w.text()
            notice = await f.notice(
                session,
                reference=reference,
                summary=summary,
                subject=w.rows[f"{place}.bystander"],
                kind=kind,
                province_code=p,
                owning_unit_id=unit.id,
                validation_due_on=overdue,
                valid_until=date(2027, 12, 31),
                position="deputy director" if kind == "blacklist" else "",
                ministry_code="MLVT" if kind == "blacklist" else None,
            )
            w.note(notice, identity=reference)
            w.note(notice, identity=summary)
            w.rows[f"{place}.{kind}"] = notice
        name, description = w.text(), w.text()
        operation = await f.operation(session, lead=unit, name=name, description=description)
        w.note(operation, identity=name)
        w.note(operation, identity=description)
        session.add(t.OperationUnit(operation_id=operation.id, unit_id=unit.id))
        session.add(
            t.Seizure(operation_id=operation.id, item="methamphetamine", quantity=5, unit="g")
        )
        w.rows[f"{place}.operation"] = operation
        for who in ("suspect", "victim"):
            person = w.rows[f"{place}.{who}"]
            caption = w.text()
            data = PNG + caption.encode()
            digest = await f.upload(session, data=data)
            photo = t.PersonPhoto(
                person_id=person.id,
                sha256=digest,
                content_type="image/png",
                size_bytes=len(data),
                caption=caption,
                created_at=T0,
            )
            session.add(photo)
            await session.flush()
            w.note(person, photos=caption)
            w.rows[f"{place}.{who}.photo"] = photo
    await _hit_and_review(session, w)


async def _hit_and_review(session: AsyncSession, w: World) -> None:
    # The Siem Reap suspect matched the Phnom Penh warrant's subject: Phnom Penh must confirm.
    warrant = w.rows["pp.warrant.bystander"]
    hit = t.Hit(
        person_id=w.rows["sr.suspect"].id,
        subject_person_id=warrant.subject_person_id,
        warrant_id=warrant.id,
        province_code="17",
        owning_unit_id=w.units["12"].id,
        owning_province_code="12",
        score=0.91,
        created_at=T0,
        deadline_at=T0 + timedelta(hours=24),
    )
    session.add(hit)
    await session.flush()
    session.add(t.HitAlert(hit_id=hit.id, kind="hit", unit_id=w.units["12"].id, created_at=T0))
    w.rows["hit"] = hit
    chief = await f.user(session, unit_row=w.units["12"], position="provincial_chief")
    offence = w.rows["PP-THEFT"]
    request = t.ReviewRequest(
        table_name="offence",
        record_id=offence.id,
        province_code="12",
        fields="occurred_at",
        reason="the time was entered in the wrong zone",
        filed_by_id=chief.id,
        filed_at=T0,
    )
    session.add(request)
    await session.flush()
    w.rows["review"] = request
