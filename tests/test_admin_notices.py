"""The notice screens: the form's fields follow the kind, the API's problems show beside them,
and the list's filters return only matching rows."""

from __future__ import annotations

from datetime import UTC, date, datetime

import httpx
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from db import tables as t
from db.clock import FixedClock
from tests import factories as f
from tests.admin_support import signed_in
from web.admin.views.orders.orders_support import gid

EN = {"Accept-Language": "en"}


def _problems(html: str, field: str) -> str:
    """The problems shown beside one field."""
    start = html.index(f'id="{field}-problems"')
    return html[start : html.index("</ul>", start)]


async def test_an_escaped_notice_is_entered_with_its_own_fields(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    csrf = await signed_in(admin_client, session, clock, "specialist")
    person = await f.person(session)
    answer = await admin_client.post(
        "/admin/notices/new",
        data={
            "csrf_token": csrf,
            "kind": "escaped",
            "personId": gid("Person", person.id),
            "validFrom": "2026-10-20",
            "escapedFrom": "Prey Sar prison",
            "escapedAt": "2026-10-19T22:30",
            "provinceCode": "12",
        },
    )
    assert answer.status_code == 303, answer.text
    row = (
        await session.execute(select(t.Notice).where(col(t.Notice.person_id) == person.id))
    ).scalar_one()
    assert row.kind == "escaped" and row.escaped_from == "Prey Sar prison"
    assert row.escaped_at is not None
    assert row.escaped_at == datetime(2026, 10, 19, 15, 30, tzinfo=UTC)  # 22:30 Phnom Penh
    page = await admin_client.get(answer.headers["location"], headers=EN)
    assert "Prey Sar prison" in page.text and "Escaped" in page.text


async def test_kind_specific_fields_are_checked_with_the_apis_messages_beside_them(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    csrf = await signed_in(admin_client, session, clock, "specialist")
    person = await f.person(session)
    answer = await admin_client.post(
        "/admin/notices/new",
        data={
            "csrf_token": csrf,
            "kind": "red_notice",
            "personId": gid("Person", person.id),
            "validFrom": "2026-10-20",
            "reference": "not a reference",
            "escapedFrom": "Prey Sar prison",
            "provinceCode": "12",
        },
        headers=EN,
    )
    assert answer.status_code == 422
    assert "expected an INTERPOL reference like A-1234/5-2024" in _problems(
        answer.text, "reference"
    )
    assert "the country that asked for it" in _problems(answer.text, "issuingCountry")
    assert "only escaped notices have it" in _problems(answer.text, "escapedFrom")
    assert 'value="Prey Sar prison"' in answer.text  # nothing typed is lost
    assert (await session.execute(select(t.Notice))).first() is None


async def test_choosing_a_kind_swaps_in_its_fields_keeping_what_was_typed(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    await signed_in(admin_client, session, clock, "specialist")
    everything = await admin_client.get("/admin/notices/new", headers=EN)
    for name in ("reference", "position", "escapedFrom", "releasedOn", "reportingDuty"):
        assert f'name="{name}"' in everything.text  # without JavaScript, every kind's fields
    assert "Only for this kind of notice: Escaped." in everything.text
    escaped = await admin_client.get(
        "/admin/notices/kind-fields",
        params={"kind": "escaped", "escapedFrom": "Prey Sar"},
        headers={"HX-Request": "true", **EN},
    )
    assert 'id="kind-fields"' in escaped.text and 'value="Prey Sar"' in escaped.text
    assert 'name="escapedAt"' in escaped.text and 'name="reference"' not in escaped.text
    assert "<html" not in escaped.text  # a fragment


async def test_the_list_filters_by_kind_and_validity(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    await signed_in(admin_client, session, clock, "specialist")
    person = await f.person(session)
    await f.notice(session, subject=person, kind="wanted", summary="wanted-now")
    await f.notice(
        session,
        subject=person,
        kind="escaped",
        escaped_from="Prison CC2",
        valid_until=date(2025, 6, 1),
    )
    await f.notice(session, subject=person, kind="red_notice", reference="A-1/1-2026")
    in_force = await admin_client.get("/admin/notices", headers=EN)
    assert "A-1/1-2026" in in_force.text and "Prison CC2" not in in_force.text
    escaped = await admin_client.get("/admin/notices?kind=escaped&validity=any", headers=EN)
    assert "Prison CC2" in escaped.text and "A-1/1-2026" not in escaped.text
    red = await admin_client.get("/admin/notices?kind=red_notice", headers=EN)
    assert "A-1/1-2026" in red.text and "1 notices" in red.text


async def test_a_notice_is_confirmed_still_valid_from_the_overdue_list(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    unit = await f.unit(session)
    csrf = await signed_in(admin_client, session, clock, "specialist", unit_row=unit)
    person = await f.person(session)
    notice = await f.notice(
        session, subject=person, owning_unit_id=unit.id, validation_due_on=date(2026, 10, 1)
    )
    warrant = await f.warrant(
        session, subject=person, owning_unit_id=unit.id, validation_due_on=date(2026, 9, 1)
    )
    notice_id, warrant_id = notice.id, warrant.id
    overdue = await admin_client.get("/admin/validations", headers=EN)
    assert f"/admin/notices/{notice_id}/validate" in overdue.text
    assert f"/admin/warrants/{warrant_id}/validate" in overdue.text
    done = await admin_client.post(
        f"/admin/notices/{notice_id}/validate",
        data={"csrf_token": csrf, "next": "/admin/validations"},
    )
    assert done.status_code == 303 and done.headers["location"] == "/admin/validations"
    await session.refresh(notice)
    assert notice.validation_due_on == date(2027, 11, 2)  # a year from today (Phnom Penh)
    after = await admin_client.get("/admin/validations", headers=EN)
    assert f"/admin/notices/{notice_id}/validate" not in after.text
    assert f"/admin/warrants/{warrant_id}/validate" in after.text


async def test_changing_the_kind_clears_the_old_kinds_fields_the_form_no_longer_shows(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    unit = await f.unit(session)
    csrf = await signed_in(admin_client, session, clock, "specialist", unit_row=unit)
    notice = await f.notice(
        session,
        subject=await f.person(session),
        kind="escaped",
        owning_unit_id=unit.id,
        escaped_from="CC1 prison",
        escaped_at=datetime(2026, 10, 1, 3, 0, tzinfo=UTC),
    )
    url = f"/admin/notices/{notice.id}/edit"
    form = await admin_client.get(url, headers=EN)
    assert 'value="CC1 prison"' in form.text and 'value="2026-10-01T10:00"' in form.text
    kept = await admin_client.post(
        url,
        data={
            "csrf_token": csrf,
            "expectedVersion": "1",
            "kind": "wanted",
            "escapedFrom": "CC1 prison",
        },
        headers=EN,
    )
    assert kept.status_code == 422
    assert "clear it when changing the kind" in _problems(kept.text, "escapedFrom")
    changed = await admin_client.post(
        url, data={"csrf_token": csrf, "expectedVersion": "1", "kind": "wanted"}
    )
    assert changed.status_code == 303, changed.text
    await session.refresh(notice)
    assert notice.kind == "wanted" and notice.escaped_from == "" and notice.escaped_at is None


async def test_released_and_blacklist_notices_keep_their_own_facts(
    admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    csrf = await signed_in(admin_client, session, clock, "specialist")
    person = await f.person(session)
    common = {"csrf_token": csrf, "personId": gid("Person", person.id), "provinceCode": "12"}
    early = await admin_client.post(
        "/admin/notices/new",
        data={
            **common,
            "kind": "released",
            "validFrom": "2026-09-01",
            "releasedOn": "2026-10-01",
            "reportingDuty": "weekly at the district police post",
        },
        headers=EN,
    )
    assert early.status_code == 422
    assert "starts on or after the day of release" in _problems(early.text, "validFrom")
    released = await admin_client.post(
        "/admin/notices/new",
        data={
            **common,
            "kind": "released",
            "validFrom": "2026-10-01",
            "validUntil": "2027-10-01",
            "releasedOn": "2026-10-01",
            "reportingDuty": "weekly at the district police post",
            "releaseConditions": "may not leave the province",
        },
    )
    assert released.status_code == 303, released.text
    blacklist = await admin_client.post(
        "/admin/notices/new",
        data={
            **common,
            "kind": "blacklist",
            "validFrom": "2026-10-01",
            "position": "customs officer",
            "ministryCode": "MOI",
            "basis": "case 12/2026",
        },
        headers=EN,
    )
    assert blacklist.status_code == 422
    assert "a blacklist entry is for a set period" in _problems(blacklist.text, "validUntil")
    rows = (
        (await session.execute(select(t.Notice).where(col(t.Notice.person_id) == person.id)))
        .scalars()
        .all()
    )
    assert [(r.kind, r.released_on, r.reporting_duty, r.release_conditions) for r in rows] == [
        (
            "released",
            date(2026, 10, 1),
            "weekly at the district police post",
            "may not leave the province",
        )
    ]
