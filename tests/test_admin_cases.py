"""The case form, the case page and what is added on it (issue 6)."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select
from strawberry.relay import GlobalID

from db import tables as t
from db.clock import FixedClock
from tests import factories as f
from tests.admin_support import signed_in
from tests.conftest import T0

EN = {"Accept-Language": "en"}


async def test_a_case_opened_through_the_form_has_its_participants_and_then_events_and_offences(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    csrf = await signed_in(admin_client, session, clock, "specialist")
    suspect = await f.person(session, family_name_latin="Chan", given_name_latin="Sopheap")
    gid = str(GlobalID("Person", str(suspect.id)))
    form = {
        "csrf_token": csrf,
        "number": "PP-2026-0042",
        "title": "Motorbike thefts at Orussey market",
        "status": "investigating",
        "openedAt": "2026-11-01T09:00",
        "persons.0.personId": gid,
        "persons.0.role": "suspect",
        "persons.0.label": "Chan Sopheap",
    }
    answer = await admin_client.post("/admin/cases/new", data=form, headers=EN)
    assert answer.status_code == 303, answer.text
    number = answer.headers["location"].split("/")[3].split("?")[0]
    case = (await session.execute(select(t.Case).where(col(t.Case.id) == int(number)))).scalar_one()
    assert (case.number, case.status) == ("PP-2026-0042", "investigating")
    page = await admin_client.get(f"/admin/cases/{number}", headers=EN)
    assert "Chan Sopheap" in page.text and "Investigating" in page.text

    participant = (
        await session.execute(
            select(t.CaseParticipant).where(col(t.CaseParticipant.case_id) == case.id)
        )
    ).scalar_one()
    event = {
        "csrf_token": csrf,
        "participantId": str(GlobalID("CaseParticipant", str(participant.id))),
        "kind": "release",
        "occurredAt": "2026-11-01T12:00",
    }
    refused = await admin_client.post(f"/admin/cases/{number}/events", data=event, headers=EN)
    assert refused.status_code == 422
    assert "a release needs an earlier arrest or detention" in refused.text
    assert "is required" in refused.text  # the reason, beside its field
    event.update(kind="arrest", place="Orussey market")
    done = await admin_client.post(f"/admin/cases/{number}/events", data=event, headers=EN)
    assert done.status_code == 303, done.text
    recorder = await f.user(session)
    offence = await f.offence(session, recorder=recorder)
    linked = await admin_client.post(
        f"/admin/cases/{number}/offences",
        data={"csrf_token": csrf, "offenceId": str(offence.id)},
        headers=EN,
    )
    assert linked.status_code == 303, linked.text
    await session.refresh(offence)
    assert offence.case_id == case.id
    page = await admin_client.get(f"/admin/cases/{number}", headers=EN)
    assert "Arrest" in page.text and f'href="/admin/offences/{offence.id}"' in page.text
    history = await admin_client.get(f"/admin/history/case/{number}", headers=EN)
    assert "History of case" in history.text and "Entered" in history.text
    assert '<td class="after">Motorbike thefts at Orussey market</td>' in history.text


async def test_the_case_form_shows_the_api_problems_and_closing_needs_a_disposition(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    csrf = await signed_in(admin_client, session, clock, "specialist")
    taken = await f.case(session, lead=await f.unit(session), number="PP-TAKEN")
    await f.person(session, family_name_latin="Meas", given_name_latin="Rithy")
    blank = await admin_client.get("/admin/cases/new", headers=EN)
    assert blank.status_code == 200 and 'name="number"' in blank.text
    search = {"csrf_token": csrf, "number": "PP-NEW", "personQuery": "Meas", "do": "search"}
    found = await admin_client.post("/admin/cases/new", data=search, headers=EN)
    assert found.status_code == 200 and "Add Meas Rithy" in found.text.replace("សុខ តារា · ", "")
    assert 'value="PP-NEW"' in found.text
    edit_page = await admin_client.get(f"/admin/cases/{taken.id}/edit", headers=EN)
    assert edit_page.status_code == 200 and 'value="PP-TAKEN"' in edit_page.text
    form = {"csrf_token": csrf, "number": "PP-TAKEN", "title": "", "status": "open"}
    answer = await admin_client.post("/admin/cases/new", data=form, headers=EN)
    assert answer.status_code == 422
    assert "case PP-TAKEN already exists" in answer.text and 'id="title-problems"' in answer.text
    edit = {
        "csrf_token": csrf,
        "expectedVersion": str(taken.version),
        "number": "PP-TAKEN",
        "title": taken.title,
        "status": "closed",
        "openedAt": "2026-11-02T10:00",
        "disposition": "",
    }
    closing = await admin_client.post(f"/admin/cases/{taken.id}/edit", data=edit, headers=EN)
    assert closing.status_code == 422 and 'id="disposition-problems"' in closing.text


async def test_the_case_list_filters_by_status_and_a_sealed_case_stays_hidden_below_major(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    unit = await f.unit(session)
    open_case = await f.case(session, lead=unit, number="PP-OPEN-1")
    closed = await f.case(
        session, lead=unit, number="PP-CLOSED-1", status="closed", closed_at=T0 + timedelta(hours=1)
    )
    sealed = await f.case(session, lead=unit, number="PP-SEALED-1", sealed=True)
    await signed_in(admin_client, session, clock, "officer", rank="Captain")
    listed = await admin_client.get("/admin/cases", params={"status": "OPEN"}, headers=EN)
    assert open_case.number in listed.text and closed.number not in listed.text
    assert sealed.number not in listed.text
    hidden = await admin_client.get(f"/admin/cases/{sealed.id}", headers=EN)
    assert hidden.status_code == 404
    await signed_in(admin_client, session, clock, "officer", rank="Major")
    shown = await admin_client.get(f"/admin/cases/{sealed.id}", headers=EN)
    assert shown.status_code == 200 and "PP-SEALED-1" in shown.text
