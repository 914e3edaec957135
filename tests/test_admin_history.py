"""Record history in the admin: versions, who and when, field differences, the grant behind a
correction, and refusal for roles that may not read the kind (issue 6)."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from db.clock import FixedClock
from db.lifecycle import open_grant
from tests import factories as f
from tests.admin_support import HASHER, PASSWORD, signed_in
from tests.test_admin_offences import EN, offence_form


async def test_history_shows_each_version_with_the_difference_and_the_correction_grant(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    unit = await f.unit(session)
    author = await f.user(session, unit_row=unit, password_hash=HASHER.hash(PASSWORD))
    csrf = await signed_in(admin_client, session, clock, "specialist", author)
    made = await admin_client.post("/admin/offences/new", data=offence_form(csrf), headers=EN)
    number = made.headers["location"].split("/")[3].split("?")[0]
    form = offence_form(csrf, expectedVersion="1", description="Two motorbikes, not one")
    edited = await admin_client.post(f"/admin/offences/{number}/edit", data=form, headers=EN)
    assert edited.status_code == 303, edited.text

    clock.advance(timedelta(hours=60))  # locked now; the technical working group corrects it
    grant = await open_grant(
        session=session,
        table_name="offence",
        record_id=int(number),
        fields=["description"],
        opened_at=clock.now(),
        expires_at=clock.now() + timedelta(hours=48),
        opened_by_id=author.id or 0,
        request_id=None,
    )
    await session.commit()
    twg = await f.user(
        session,
        unit_row=await f.unit(session, province="12"),
        position="technical_working_group",
        password_hash=HASHER.hash(PASSWORD),
    )
    twg_csrf = await signed_in(admin_client, session, clock, "technical_working_group", twg)
    form.update(csrf_token=twg_csrf, expectedVersion="2", description="Three motorbikes")
    fixed = await admin_client.post(f"/admin/offences/{number}/edit", data=form, headers=EN)
    assert fixed.status_code == 303, fixed.text

    await signed_in(admin_client, session, clock, "specialist", author)
    history = await admin_client.get(f"/admin/history/offence/{number}", headers=EN)
    assert history.status_code == 200
    text = history.text
    assert text.index("version 3") < text.index("version 2") < text.index("version 1")
    assert f"A correction under grant {grant.id}." in text and twg.username in text
    assert '<td class="before">A motorbike taken from the market</td>' in text
    assert '<td class="after">Two motorbikes, not one</td>' in text
    assert '<td class="after">Three motorbikes</td>' in text


async def test_history_refuses_a_role_that_may_not_read_the_kind_and_hides_masked_values(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    recorder = await f.user(session)
    offence = await f.offence(session, recorder=recorder)
    await signed_in(admin_client, session, clock, "admin")
    refused = await admin_client.get(f"/admin/history/offence/{offence.id}")
    assert refused.status_code == 403
    await signed_in(admin_client, session, clock, "officer")
    missing = await admin_client.get("/admin/history/offence/999999", headers=EN)
    assert missing.status_code == 404


async def test_every_kind_has_a_history_page_and_a_person_shows_its_versions(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    await signed_in(admin_client, session, clock, "criminal_police")
    for kind in ("person", "offence", "case", "warrant", "notice", "operation"):
        missing = await admin_client.get(f"/admin/history/{kind}/999999", headers=EN)
        assert missing.status_code == 404, (kind, missing.text[:300])
    person = await f.person(session)
    page = await admin_client.get(f"/admin/history/person/{person.id}", headers=EN)
    assert page.status_code == 200 and "History of person" in page.text
