"""The warrant screens: entry through the form, execution, cancellation, the list's filters,
and what another province's specialist may see and do (the data layer decides)."""

from __future__ import annotations

from datetime import date

import httpx
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from db import tables as t
from db.clock import FixedClock
from tests import factories as f
from tests.admin_support import signed_in
from web.admin.views.orders.orders_support import gid

EN = {"Accept-Language": "en"}


async def _specialist(
    client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock, province: str = "12"
) -> tuple[str, t.Unit]:
    unit = await f.unit(session, province=province)
    csrf = await signed_in(client, session, clock, "specialist", unit_row=unit)
    return csrf, unit


async def test_a_warrant_entered_through_the_form_exists(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    csrf, unit = await _specialist(admin_client, session, clock)
    person = await f.person(session, family_name_latin="Chan", given_name_latin="Vibol")
    form = await admin_client.get("/admin/warrants/new", headers=EN)
    assert form.status_code == 200 and "New warrant" in form.text
    found = await admin_client.get(
        "/admin/person-search",
        params={"field": "subjectPersonId", "personQuery": "Chan Vibol"},
        headers={"HX-Request": "true", **EN},
    )
    assert gid("Person", person.id) in found.text and "Chan Vibol" in found.text
    answer = await admin_client.post(
        "/admin/warrants/new",
        data={
            "csrf_token": csrf,
            "subjectPersonId": gid("Person", person.id),
            "court": "Siem Reap Provincial Court",
            "number": "SR-77/2026",
            "kind": "arrest",
            "issuedOn": "2026-10-01",
            "provinceCode": "12",
            "owningUnitId": gid("Unit", unit.id),
            "notes": "entered in a test",
        },
    )
    assert answer.status_code == 303, answer.text
    stored = (
        await session.execute(select(t.Warrant).where(col(t.Warrant.number) == "SR-77/2026"))
    ).scalar_one()
    assert answer.headers["location"] == f"/admin/warrants/{stored.id}"
    assert stored.subject_person_id == person.id and stored.status == "active"
    assert stored.owning_unit_id == unit.id and stored.issued_on == date(2026, 10, 1)
    page = await admin_client.get(answer.headers["location"], headers=EN)
    assert "SR-77/2026" in page.text and "Chan Vibol" in page.text
    assert f'action="/admin/warrants/{stored.id}/execute"' in page.text


async def test_executing_records_the_arrest_in_the_case_and_changes_the_status(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    csrf, unit = await _specialist(admin_client, session, clock)
    person = await f.person(session)
    kase = await f.case(session, lead=unit)
    warrant = await f.warrant(session, subject=person, case_id=kase.id, owning_unit_id=unit.id)
    answer = await admin_client.post(
        f"/admin/warrants/{warrant.id}/execute",
        data={
            "csrf_token": csrf,
            "expectedVersion": "1",
            "executedAt": "2026-11-01T09:00",
            "provinceCode": "12",
            "place": "Phsar Thmei",
        },
    )
    assert answer.status_code == 303, answer.text
    await session.refresh(warrant)
    assert warrant.status == "executed" and warrant.executed_place == "Phsar Thmei"
    assert warrant.executed_by_unit_id == unit.id
    arrest = (
        await session.execute(
            select(t.ParticipantEvent)
            .join(t.CaseParticipant)
            .where(col(t.CaseParticipant.case_id) == kase.id)
        )
    ).scalar_one()
    assert arrest.kind == "arrest" and arrest.place == "Phsar Thmei"
    page = await admin_client.get(f"/admin/warrants/{warrant.id}", headers=EN)
    assert "Executed" in page.text and "/execute" not in page.text
    again = await admin_client.post(
        f"/admin/warrants/{warrant.id}/cancel",
        data={"csrf_token": csrf, "expectedVersion": "2", "reason": "too late"},
        headers=EN,
    )
    assert again.status_code == 422
    assert "the warrant is executed, not active" in again.text


async def test_cancelling_needs_a_reason_and_a_stale_version_is_explained(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    csrf, unit = await _specialist(admin_client, session, clock)
    warrant = await f.warrant(session, subject=await f.person(session), owning_unit_id=unit.id)
    url = f"/admin/warrants/{warrant.id}/cancel"
    bare = await admin_client.post(
        url, data={"csrf_token": csrf, "expectedVersion": "1", "reason": " "}, headers=EN
    )
    assert bare.status_code == 422
    assert 'id="reason-problems"' in bare.text and "is required" in bare.text
    stale = await admin_client.post(
        url, data={"csrf_token": csrf, "expectedVersion": "0", "reason": "quashed"}, headers=EN
    )
    assert stale.status_code == 409 and "reload it and apply the change again" in stale.text
    done = await admin_client.post(
        url, data={"csrf_token": csrf, "expectedVersion": "1", "reason": "quashed on appeal"}
    )
    assert done.status_code == 303
    await session.refresh(warrant)
    assert warrant.status == "cancelled" and warrant.cancel_reason == "quashed on appeal"


async def test_the_list_filters_return_only_matching_warrants(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    await _specialist(admin_client, session, clock)
    person = await f.person(session)
    active = await f.warrant(session, subject=person, number="PP-ACTIVE-1")
    await f.warrant(session, subject=person, number="PP-DONE-1", status="executed")
    await f.warrant(session, subject=person, number="SR-ACTIVE-1", province_code="17")
    default = await admin_client.get("/admin/warrants", headers=EN)
    assert "PP-ACTIVE-1" in default.text and "SR-ACTIVE-1" in default.text
    assert "PP-DONE-1" not in default.text  # the list of active warrants
    executed = await admin_client.get("/admin/warrants?status=executed", headers=EN)
    assert "PP-DONE-1" in executed.text and "PP-ACTIVE-1" not in executed.text
    siem_reap = await admin_client.get("/admin/warrants?status=&province=17", headers=EN)
    assert "SR-ACTIVE-1" in siem_reap.text and "PP-" not in siem_reap.text
    court = await admin_client.get(
        "/admin/warrants", params={"court": active.court, "sort": "oldest"}, headers=EN
    )
    assert "PP-ACTIVE-1" in court.text


async def test_another_province_sees_the_warrant_but_may_not_change_it(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    owner = await f.unit(session, province="12")
    warrant = await f.warrant(
        session, subject=await f.person(session), owning_unit_id=owner.id, number="PP-9"
    )
    csrf, _ = await _specialist(admin_client, session, clock, province="17")
    listed = await admin_client.get("/admin/warrants?province=12", headers=EN)
    assert "PP-9" in listed.text
    page = await admin_client.get(f"/admin/warrants/{warrant.id}", headers=EN)
    assert page.status_code == 200 and "PP-9" in page.text
    assert "/execute" not in page.text and "/edit" not in page.text
    refused = await admin_client.post(
        f"/admin/warrants/{warrant.id}/execute",
        data={
            "csrf_token": csrf,
            "expectedVersion": "1",
            "executedAt": "2026-11-01T09:00",
            "provinceCode": "17",
        },
    )
    assert refused.status_code == 404 and 'id="missing"' in refused.text
    edit = await admin_client.get(f"/admin/warrants/{warrant.id}/edit")
    assert edit.status_code == 200  # the form opens for a specialist...
    changed = await admin_client.post(
        f"/admin/warrants/{warrant.id}/edit",
        data={"csrf_token": csrf, "expectedVersion": "1", "court": "Elsewhere", "number": "PP-9"},
    )
    assert changed.status_code == 404  # ...but the data layer does not reach this warrant
    await session.refresh(warrant)
    assert warrant.status == "active" and warrant.court != "Elsewhere"


async def test_a_correction_sends_only_what_changed_with_the_version(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    csrf, unit = await _specialist(admin_client, session, clock)
    warrant = await f.warrant(session, subject=await f.person(session), owning_unit_id=unit.id)
    court, number, subject = warrant.court, warrant.number, warrant.subject_person_id
    url = f"/admin/warrants/{warrant.id}/edit"
    form = await admin_client.get(url, headers=EN)
    assert f'value="{number}"' in form.text and 'name="expectedVersion" value="1"' in form.text
    data = {
        "csrf_token": csrf,
        "expectedVersion": "1",
        "subjectPersonId": gid("Person", subject),
        "court": court,
        "number": number,
        "kind": "arrest",
        "issuedOn": "2025-01-01",
        "expiresOn": "2024-12-01",
        "provinceCode": "12",
        "owningUnitId": gid("Unit", unit.id),
    }
    wrong = await admin_client.post(url, data=data, headers=EN)
    assert wrong.status_code == 422
    assert "a warrant expires after the day it was issued" in wrong.text
    data["expiresOn"] = "2027-01-01"
    done = await admin_client.post(url, data=data)
    assert done.status_code == 303
    await session.refresh(warrant)
    assert warrant.expires_on == date(2027, 1, 1) and warrant.version == 2


async def test_a_locked_warrant_shows_the_apis_message_and_keeps_what_was_typed(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    csrf, unit = await _specialist(admin_client, session, clock)
    warrant = await f.warrant(
        session,
        subject=await f.person(session),
        owning_unit_id=unit.id,
        created_at=f.at(-72),  # past the 48 h correction window
    )
    url, number = f"/admin/warrants/{warrant.id}/edit", warrant.number
    answer = await admin_client.post(
        url,
        data={"csrf_token": csrf, "expectedVersion": "1", "court": "A corrected court"},
        headers=EN,
    )
    assert answer.status_code == 409
    assert "is locked since" in answer.text and 'id="refusal"' in answer.text
    assert 'value="A corrected court"' in answer.text and number in answer.text


async def test_the_person_search_goes_beyond_the_province_only_with_a_reason(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    await _specialist(admin_client, session, clock)
    person = await f.person(
        session, family_name_latin="Farang", given_name_latin="Sokun", province_code="17"
    )
    wanted = gid("Person", person.id)
    url, hx = "/admin/person-search", {"HX-Request": "true", **EN}
    own = await admin_client.get(url, params={"personQuery": "Farang Sokun"}, headers=hx)
    assert wanted not in own.text and "No person found by that name." in own.text
    short = {"personQuery": "Farang Sokun", "personPurpose": "tip"}
    refused = await admin_client.get(url, params=short, headers=hx)
    assert "needs a reason" in refused.text and wanted not in refused.text
    reason = {"personQuery": "Farang Sokun", "personPurpose": "informant tip about fugitive"}
    found = await admin_client.get(url, params=reason, headers=hx)
    assert wanted in found.text
    searches = (
        (
            await session.execute(
                select(t.AuditEntry).where(col(t.AuditEntry.action) == "person.search")
            )
        )
        .scalars()
        .all()
    )
    assert len(searches) == 2  # every search that ran is in the audit trail


async def test_without_javascript_the_search_button_lists_the_persons_on_the_form(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    csrf, _unit = await _specialist(admin_client, session, clock)
    person = await f.person(session, family_name_latin="Keo", given_name_latin="Dara")
    form = {"csrf_token": csrf, "do": "search", "personQuery": "Keo Dara", "court": "Typed court"}
    shown = await admin_client.post("/admin/warrants/new", data=form, headers=EN)
    assert shown.status_code == 200
    assert f'name="subjectPersonId" value="{gid("Person", person.id)}"' in shown.text
    assert 'value="Typed court"' in shown.text  # nothing typed is lost, nothing is saved
    assert (await session.execute(select(t.Warrant))).first() is None
