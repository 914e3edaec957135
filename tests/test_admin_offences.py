"""The offence entry form, its cascade and warnings, the list and the offence page (issue 6)."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select
from strawberry.relay import GlobalID

from db import tables as t
from db.clock import FixedClock
from tests import factories as f
from tests.admin_support import HASHER, PASSWORD, signed_in
from tests.conftest import T0

EN = {"Accept-Language": "en"}
# 2026-11-02 08:00 in Phnom Penh: two hours before the test clock's 10:00.
RECENT = "2026-11-02T08:00"


def offence_form(csrf: str, **changes: str) -> dict[str, str]:
    values = {
        "csrf_token": csrf,
        "typeCode": "THEFT",
        "ministryCode": "MOI",
        "occurredAt": RECENT,
        "place.provinceCode": "12",
        "place.districtCode": "1201",
        "place.communeCode": "120101",
        "description": "A motorbike taken from the market",
    }
    values.update(changes)
    return values


async def test_an_offence_recorded_through_the_form_has_the_chosen_commune_and_category(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    csrf = await signed_in(admin_client, session, clock, "specialist")
    suspect = await f.person(session, family_name_latin="Keo", given_name_latin="Vanna")
    gid = str(GlobalID("Person", str(suspect.id)))
    form = offence_form(csrf, **{"persons.0.personId": gid, "persons.0.role": "offender"})
    answer = await admin_client.post("/admin/offences/new", data=form, headers=EN)
    assert answer.status_code == 303, answer.text
    number = int(answer.headers["location"].split("/")[3].split("?")[0])
    row = (await session.execute(select(t.Offence).where(col(t.Offence.id) == number))).scalar_one()
    assert (row.commune_code, row.district_code, row.province_code) == ("120101", "1201", "12")
    assert (row.type_code, row.iccs_code, row.late) == ("THEFT", "05022", False)
    links = await session.execute(
        select(t.OffencePerson.person_id, t.OffencePerson.role).where(
            col(t.OffencePerson.offence_id) == number
        )
    )
    assert links.all() == [(suspect.id, "offender")]
    shown = await admin_client.get(answer.headers["location"], headers=EN)
    assert "Tonle Basak" in shown.text and "Keo Vanna" in shown.text
    assert "The offence is saved." in shown.text
    khmer = await admin_client.get(answer.headers["location"], headers={"Accept-Language": "km"})
    assert "បទល្មើសត្រូវបានរក្សាទុក។" in khmer.text and "ទន្លេបាសាក់" in khmer.text


async def test_the_cascade_partials_list_only_the_districts_and_communes_asked_for(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    await signed_in(admin_client, session, clock, "officer")
    districts = await admin_client.get(
        "/admin/geo/districts", params={"place.provinceCode": "12"}, headers={"HX-Request": "true"}
    )
    assert districts.status_code == 200
    codes = set(districts.text.split('value="')[1:])
    listed = {code.split('"')[0] for code in codes} - {""}
    assert "1201" in listed and all(code.startswith("12") for code in listed)
    assert 'id="commune-field" hx-swap-oob="true"' in districts.text
    communes = await admin_client.get("/admin/geo/communes", params={"place.districtCode": "1201"})
    listed = {c.split('"')[0] for c in communes.text.split('value="')[1:]} - {""}
    assert "120101" in listed and all(code.startswith("1201") for code in listed)


async def test_without_javascript_a_refresh_fills_the_districts_and_keeps_what_was_typed(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    csrf = await signed_in(admin_client, session, clock, "specialist")
    form = offence_form(csrf, **{"place.provinceCode": "17", "do": "refresh"})
    answer = await admin_client.post("/admin/offences/new", data=form, headers=EN)
    assert answer.status_code == 200
    assert 'value="1701"' in answer.text and 'value="1201"' not in answer.text
    assert "A motorbike taken from the market" in answer.text
    assert (
        await session.scalar(
            select(t.Offence.id).where(col(t.Offence.description).contains("motorbike"))
        )
        is None
    )


async def test_a_late_entry_is_warned_before_saving_and_marked_after(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    csrf = await signed_in(admin_client, session, clock, "specialist")
    old = "2026-10-30T08:00"  # about 74 hours before the test clock
    warned = await admin_client.get(
        "/admin/offences/timing", params={"occurredAt": old}, headers=EN
    )
    assert 'id="late-warning"' in warned.text and "48-hour" in warned.text
    timely = await admin_client.get("/admin/offences/timing", params={"occurredAt": RECENT})
    assert "late-warning" not in timely.text
    answer = await admin_client.post(
        "/admin/offences/new", data=offence_form(csrf, occurredAt=old), headers=EN
    )
    assert answer.status_code == 303
    page = await admin_client.get(answer.headers["location"], headers=EN)
    assert 'id="late-entry"' in page.text and "Entered late: 74 hours" in page.text


async def test_problems_show_beside_their_fields_with_the_api_messages_and_nothing_is_lost(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    csrf = await signed_in(admin_client, session, clock, "specialist")
    form = offence_form(
        csrf,
        typeCode="DRUG_TRAFFICKING",
        **{"place.communeCode": "170101", "drug.substance": "", "drug.quantity": ""},
    )
    answer = await admin_client.post("/admin/offences/new", data=form, headers=EN)
    assert answer.status_code == 422
    assert 'id="place.communeCode-problems"' in answer.text
    assert "is not in district 1201" in answer.text
    assert "a drug offence needs the substance, quantity and unit" in answer.text
    assert "A motorbike taken from the market" in answer.text
    assert 'value="DRUG_TRAFFICKING" selected' in answer.text


async def test_editing_within_the_window_changes_the_offence_and_after_it_shows_the_lock(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    unit = await f.unit(session)
    author = await f.user(session, unit_row=unit, password_hash=HASHER.hash(PASSWORD))
    offence = await f.offence(session, recorder=author, recorded_at=T0 - timedelta(hours=1))
    csrf = await signed_in(admin_client, session, clock, "specialist", author)
    edit = await admin_client.get(f"/admin/offences/{offence.id}/edit", headers=EN)
    assert edit.status_code == 200 and 'name="expectedVersion" value="1"' in edit.text
    form = offence_form(csrf, expectedVersion="1", description="Corrected narrative")
    done = await admin_client.post(f"/admin/offences/{offence.id}/edit", data=form, headers=EN)
    assert done.status_code == 303, done.text
    await session.refresh(offence)
    assert offence.description == "Corrected narrative" and offence.version == 2
    stale = await admin_client.post(f"/admin/offences/{offence.id}/edit", data=form, headers=EN)
    assert stale.status_code == 409 and "is at version 2, not 1" in stale.text
    clock.advance(timedelta(hours=48))  # the session's idle time too: sign in again
    form.update(csrf_token=await signed_in(admin_client, session, clock, "specialist", author))
    form.update(expectedVersion="2", description="Too late to change")
    warned = await admin_client.get(f"/admin/offences/{offence.id}/edit", headers=EN)
    assert 'id="locked"' in warned.text
    locked = await admin_client.post(f"/admin/offences/{offence.id}/edit", data=form, headers=EN)
    assert locked.status_code == 409
    assert "is locked since" in locked.text and "no correction is granted" in locked.text
    assert "Too late to change" in locked.text


async def test_the_list_filters_by_province_and_category_and_the_page_withholds_the_narrative(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    pp = await f.user(session, unit_row=await f.unit(session, province="12"))
    here = await f.offence(session, recorder=pp, description="secret narrative")
    drug = await f.offence(
        session,
        recorder=pp,
        type_code="DRUG_TRAFFICKING",
        iccs_code="06012",
        drug_substance="methamphetamine",
        drug_quantity=5,
        drug_unit="g",
    )
    await signed_in(admin_client, session, clock, "officer")
    listed = await admin_client.get("/admin/offences", params={"category": "06"}, headers=EN)
    assert f'href="/admin/offences/{drug.id}"' in listed.text
    assert f'href="/admin/offences/{here.id}"' not in listed.text
    elsewhere = await admin_client.get("/admin/offences", params={"province": "17"}, headers=EN)
    assert f'href="/admin/offences/{drug.id}"' not in elsewhere.text
    page = await admin_client.get(f"/admin/offences/{here.id}", headers=EN)
    assert "withheld" in page.text and "secret narrative" not in page.text
    drug_page = await admin_client.get(f"/admin/offences/{drug.id}", headers=EN)
    assert "methamphetamine" in drug_page.text


async def test_persons_are_added_to_and_removed_from_a_stored_offence_on_its_page(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    csrf = await signed_in(admin_client, session, clock, "specialist")
    made = await admin_client.post("/admin/offences/new", data=offence_form(csrf), headers=EN)
    number = made.headers["location"].split("/")[3].split("?")[0]
    witness = await f.person(session, family_name_latin="Lim", given_name_latin="Sreymom")
    gid = str(GlobalID("Person", str(witness.id)))
    add = {"csrf_token": csrf, "addPerson": f"{gid} Lim Sreymom", "personRole": "witness"}
    added = await admin_client.post(f"/admin/offences/{number}/persons", data=add, headers=EN)
    assert added.status_code == 303, added.text
    again = await admin_client.post(f"/admin/offences/{number}/persons", data=add, headers=EN)
    assert again.status_code == 422 and "is already linked as witness" in again.text
    page = await admin_client.get(f"/admin/offences/{number}", headers=EN)
    assert "Lim Sreymom" in page.text and "Witness" in page.text
    remove = {"csrf_token": csrf, "personId": gid, "role": "witness"}
    gone = await admin_client.post(
        f"/admin/offences/{number}/persons/remove", data=remove, headers=EN
    )
    assert gone.status_code == 303
    links = await session.execute(
        select(t.OffencePerson).where(col(t.OffencePerson.offence_id) == int(number))
    )
    assert links.all() == []
