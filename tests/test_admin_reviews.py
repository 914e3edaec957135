"""Review requests in the admin: a chief files, the planning head decides, the technical working
group applies the correction, limited to the approved fields; refusals in the API's words."""

from __future__ import annotations

import json
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.relay import GlobalID

from db import tables as t
from db.clock import FixedClock
from tests import factories as f
from tests.admin_support import signed_in
from tests.conftest import T0
from tests.review_helpers import LOCKED

EN = {"Accept-Language": "en"}
REASON = "The victim's statement names the model; the entry left it out."


async def _fresh(session: AsyncSession, model: type[Any], ident: int) -> Any:
    stmt = select(model).where(model.id == ident).execution_options(populate_existing=True)
    return (await session.execute(stmt)).scalar_one()


async def _locked_offence(session: AsyncSession) -> t.Offence:
    author = await f.user(session, unit_row=await f.unit(session, province="12"))
    row = await f.offence(
        session, recorder=author, recorded_at=T0 - LOCKED, description="Stolen motorbike"
    )
    await session.commit()
    return row


async def _file(client: httpx.AsyncClient, csrf: str, offence: t.Offence, **extra: Any) -> Any:
    form = await client.get(f"/admin/reviews/new?kind=offence&id={offence.id}", headers=EN)
    assert form.status_code == 200 and 'value="description"' in form.text
    record = form.text.split('name="recordId" value="')[1].split('"')[0]
    data: dict[str, Any] = {
        "csrf_token": csrf,
        "recordId": record,
        "fields": ["description"],
        "proposed.description": "Stolen motorbike, red Honda Dream",
        "reason": REASON,
    }
    data.update(extra)
    return await client.post("/admin/reviews/new", data=data, headers=EN)


async def test_file_approve_and_apply_only_the_approved_field(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    offence = await _locked_offence(session)
    csrf = await signed_in(admin_client, session, clock, "provincial_chief", rank="Colonel")
    filed = await _file(admin_client, csrf, offence)
    assert filed.status_code == 303, filed.text
    detail_url = filed.headers["location"]
    request = (await session.execute(select(t.ReviewRequest))).scalars().one()
    assert request.field_names == ["description"] and request.status == "pending"
    assert json.loads(request.proposed) == {"description": "Stolen motorbike, red Honda Dream"}

    csrf = await signed_in(admin_client, session, clock, "planning_head", rank="Colonel")
    listed = await admin_client.get("/admin/reviews?status=pending", headers=EN)
    assert detail_url in listed.text
    khmer = await admin_client.get(detail_url, headers={"Accept-Language": "km"})
    assert "សំណើពិនិត្យឡើងវិញ" in khmer.text and "អនុម័ត" in khmer.text
    decided = await admin_client.post(
        f"{detail_url}/decide",
        data={"csrf_token": csrf, "decision": "approve", "comment": "Agreed."},
    )
    assert decided.status_code == 303
    assert (await _fresh(session, t.ReviewRequest, request.id)).status == "approved"

    csrf = await signed_in(admin_client, session, clock, "technical_working_group", rank="Colonel")
    form = await admin_client.get(f"{detail_url}/apply", headers=EN)
    assert 'name="description"' in form.text and 'name="occurredAt"' not in form.text
    assert "Stolen motorbike, red Honda Dream" in form.text  # the proposed value, prefilled
    version = str(offence.version)
    outside = await admin_client.post(
        f"{detail_url}/apply",
        data={
            "csrf_token": csrf,
            "expectedVersion": version,
            "description": "Stolen motorbike, red Honda Dream",
            "occurredAt": "2026-10-01T08:00",
        },
        headers=EN,
    )
    assert outside.status_code == 409
    assert "not granted for correction: occurred_at" in outside.text
    assert (await _fresh(session, t.Offence, offence.id)).description == "Stolen motorbike"
    applied = await admin_client.post(
        f"{detail_url}/apply",
        data={
            "csrf_token": csrf,
            "expectedVersion": version,
            "description": "Stolen motorbike, red Honda Dream",
        },
    )
    assert applied.status_code == 303, applied.text
    corrected = await _fresh(session, t.Offence, offence.id)
    assert corrected.description == "Stolen motorbike, red Honda Dream"
    page = await admin_client.get(detail_url, headers=EN)
    assert "Applied" in page.text


async def test_problems_show_beside_the_fields_and_keep_what_was_typed(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    offence = await _locked_offence(session)
    csrf = await signed_in(admin_client, session, clock, "provincial_chief", rank="Colonel")
    answer = await _file(admin_client, csrf, offence, reason="too short", fields=[])
    assert answer.status_code == 422
    assert 'id="reason-problems"' in answer.text and "at least 10 characters" in answer.text
    assert 'id="fields-problems"' in answer.text and "name at least one field" in answer.text
    assert "Stolen motorbike, red Honda Dream" in answer.text  # the proposed value is kept
    fresh = await f.offence(
        session, recorder=await f.user(session), recorded_at=T0, description="new"
    )
    await session.commit()
    unlocked = await _file(admin_client, csrf, fresh)
    assert unlocked.status_code == 422 and "is not locked" in unlocked.text


async def test_a_rejection_needs_a_comment_and_only_deciders_decide(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    offence = await _locked_offence(session)
    csrf = await signed_in(admin_client, session, clock, "provincial_chief", rank="Colonel")
    detail_url = (await _file(admin_client, csrf, offence)).headers["location"]
    refused = await admin_client.post(
        f"{detail_url}/decide", data={"csrf_token": csrf, "decision": "approve"}
    )
    assert refused.status_code == 403  # a chief files; the planning head decides
    csrf = await signed_in(admin_client, session, clock, "planning_head", rank="Colonel")
    bare = await admin_client.post(
        f"{detail_url}/decide", data={"csrf_token": csrf, "decision": "reject"}, headers=EN
    )
    assert bare.status_code == 422 and 'id="comment-problems"' in bare.text
    done = await admin_client.post(
        f"{detail_url}/decide",
        data={"csrf_token": csrf, "decision": "reject", "comment": "The statement says otherwise."},
    )
    assert done.status_code == 303
    page = await admin_client.get(detail_url, headers=EN)
    assert "Rejected" in page.text and "The statement says otherwise." in page.text


async def test_a_chief_of_another_province_neither_sees_nor_files(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    offence = await _locked_offence(session)
    unit = await f.unit(session, province="17")
    await signed_in(
        admin_client,
        session,
        clock,
        "provincial_chief",
        rank="Colonel",
        unit_id=unit.id,
        province_code="17",
    )
    form = await admin_client.get(f"/admin/reviews/new?kind=offence&id={offence.id}")
    assert form.status_code == 404  # not a record of theirs to see


async def test_a_person_correction_goes_through_update_person(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    person = await f.person(session, created_at=T0 - LOCKED, family_name_latin="Sokk")
    await session.commit()
    csrf = await signed_in(admin_client, session, clock, "provincial_chief", rank="Colonel")
    filed = await admin_client.post(
        "/admin/reviews/new",
        data={
            "csrf_token": csrf,
            "recordId": str(GlobalID("Person", str(person.id))),
            "fields": ["family_name_latin", "birth_year"],
            "proposed.family_name_latin": "Sok",
            "proposed.birth_year": "1991",
            "reason": "The identity card shows the family name Sok.",
        },
    )
    assert filed.status_code == 303, filed.text
    detail_url = filed.headers["location"]
    csrf = await signed_in(admin_client, session, clock, "planning_head", rank="Colonel")
    await admin_client.post(
        f"{detail_url}/decide", data={"csrf_token": csrf, "decision": "approve"}
    )
    csrf = await signed_in(admin_client, session, clock, "technical_working_group", rank="Colonel")
    form = await admin_client.get(f"{detail_url}/apply", headers=EN)
    assert 'name="familyNameLatin"' in form.text and 'name="birth.year"' in form.text
    assert 'name="givenNameLatin"' not in form.text
    applied = await admin_client.post(
        f"{detail_url}/apply",
        data={
            "csrf_token": csrf,
            "expectedVersion": str(person.version),
            "familyNameLatin": "Sok",
            "birth.year": "1991",
        },
    )
    assert applied.status_code == 303, applied.text
    corrected = await _fresh(session, t.Person, person.id)
    assert (corrected.family_name_latin, corrected.birth_year) == ("Sok", 1991)


async def test_a_case_correction_goes_through_update_case(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    lead = await f.unit(session, province="12")
    case = await f.case(session, lead=lead, created_at=T0 - LOCKED, title="Burglary ring")
    await session.commit()
    csrf = await signed_in(admin_client, session, clock, "provincial_chief", rank="Colonel")
    filed = await admin_client.post(
        "/admin/reviews/new",
        data={
            "csrf_token": csrf,
            "recordId": str(GlobalID("Case", str(case.id))),
            "fields": ["title"],
            "proposed.title": "Burglary ring of Tuol Kouk",
            "reason": "The prosecutor's file names the district.",
        },
    )
    assert filed.status_code == 303, filed.text
    detail_url = filed.headers["location"]
    csrf = await signed_in(admin_client, session, clock, "planning_head", rank="Colonel")
    await admin_client.post(
        f"{detail_url}/decide", data={"csrf_token": csrf, "decision": "approve"}
    )
    csrf = await signed_in(admin_client, session, clock, "technical_working_group", rank="Colonel")
    form = await admin_client.get(f"{detail_url}/apply", headers=EN)
    assert 'value="Burglary ring of Tuol Kouk"' in form.text and 'name="sealed"' not in form.text
    applied = await admin_client.post(
        f"{detail_url}/apply",
        data={
            "csrf_token": csrf,
            "expectedVersion": str(case.version),
            "title": "Burglary ring of Tuol Kouk",
        },
    )
    assert applied.status_code == 303, applied.text
    assert (await _fresh(session, t.Case, case.id)).title == "Burglary ring of Tuol Kouk"
