"""Exports of the warrant and notice lists (issue 7): the API's own list with the list's filters,
only for the roles granted ``export`` on warrants and notices, refused whole beyond the export
scope, every attempt audited. Both databases."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from db import tables as t
from db.clock import FixedClock
from db.engine import Database
from db.errors import Forbidden
from schema.enums import NoticeKind, WarrantStatus
from tests import factories as f
from tests.test_exports import as_role, column, export_entries, run_export
from web.admin.views.exports import list_filters
from web.admin.views.orders import notices, warrants


async def warrants_in_two_provinces(session: AsyncSession) -> dict[str, t.Warrant]:
    """Phnom Penh (12): an active, an executed and an expired-in-fact warrant; Siem Reap (17):
    one active warrant. Issued on different days, so the API's order is known."""
    keo = await f.person(session, family_name_latin="Keo", given_name_latin="Vanna")
    chan = await f.person(session, family_name_latin="Chan", province_code="17")
    return {
        "active": await f.warrant(session, subject=keo, issued_on=date(2026, 3, 1)),
        "executed": await f.warrant(
            session, subject=keo, status="executed", issued_on=date(2026, 1, 1)
        ),
        "expired": await f.warrant(  # stored active, past its expiry day: the API says EXPIRED
            session, subject=keo, issued_on=date(2025, 6, 1), expires_on=date(2026, 1, 31)
        ),
        "siem_reap": await f.warrant(
            session, subject=chan, province_code="17", issued_on=date(2026, 2, 1), court="SR"
        ),
    }


async def test_a_national_analyst_exports_every_warrant_in_the_apis_order(
    db: Database, session: AsyncSession, clock: FixedClock
) -> None:
    w = await warrants_in_two_provinces(session)
    done = await run_export(db, clock, as_role("national_analyst", province_code=None), "warrants")
    order = ["active", "siem_reap", "executed", "expired"]  # issued, newest first
    assert column(done, "id") == [w[name].id for name in order]
    assert column(done, "status") == ["ACTIVE", "ACTIVE", "EXECUTED", "EXPIRED"]
    assert column(done, "province_code") == ["12", "17", "12", "12"]
    assert column(done, "subject_family_name_latin") == ["Keo", "Chan", "Keo", "Keo"]
    assert column(done, "subject_id")[0] == w["active"].subject_person_id
    assert column(done, "issued_on")[0] == "2026-03-01"
    assert column(done, "expires_on")[3] == "2026-01-31"
    assert set(column(done, "historical")) == {"false"}
    assert done.query["order"] == "the API's order: issued, newest first"
    assert "orderBy" not in done.query


async def test_the_warrant_lists_filters_are_the_exports_and_audited(
    db: Database, session: AsyncSession, clock: FixedClock
) -> None:
    w = await warrants_in_two_provinces(session)
    analyst = as_role("national_analyst", province_code=None)
    wanted = {"statuses": ["ACTIVE"], "provinceCodes": ["12"]}
    done = await run_export(db, clock, analyst, "warrants", filter=wanted, fmt="xlsx")
    # the stored status is what the list filters on: the expired-in-fact warrant is listed too
    assert column(done, "id") == [w["active"].id, w["expired"].id]
    by_court = await run_export(db, clock, analyst, "warrants", filter={"court": "SR"})
    assert column(by_court, "id") == [w["siem_reap"].id]
    first, second = await export_entries(session)
    assert (first.object_type, first.outcome) == ("warrant", "ok")
    details = json.loads(first.details)
    assert details["rows"] == 2 and details["format"] == "xlsx"
    assert details["query"] == {
        "list": "warrants",
        "filter": wanted,
        "order": "the API's order: issued, newest first",
    }
    assert json.loads(second.details)["rows"] == 1


async def test_a_provincial_chief_exports_the_own_provinces_warrants_or_nothing(
    db: Database, session: AsyncSession, clock: FixedClock
) -> None:
    """Every officer reads every province's warrants; a chief exports only the own province's,
    so the whole list is refused rather than cut, and the list narrowed to the province passes."""
    w = await warrants_in_two_provinces(session)
    chief = as_role("provincial_chief", await f.user(session, position="provincial_chief"))
    with pytest.raises(Forbidden, match="1 of the 4 rows"):
        await run_export(db, clock, chief, "warrants")
    own = await run_export(db, clock, chief, "warrants", filter={"provinceCodes": ["12"]})
    assert sorted(column(own, "id")) == sorted(
        w[n].id or 0 for n in ("active", "executed", "expired")
    )
    denied, ok = await export_entries(session)
    assert (denied.outcome, ok.outcome) == ("denied", "ok")
    assert "rows" not in json.loads(denied.details)
    assert "outside what you may export" in json.loads(denied.details)["error"]


async def test_roles_without_the_export_grant_are_refused_warrants_and_notices(
    db: Database, session: AsyncSession, clock: FixedClock
) -> None:
    await warrants_in_two_provinces(session)
    specialist = as_role("specialist", await f.user(session))
    with pytest.raises(Forbidden, match="export warrant"):
        await run_export(db, clock, specialist, "warrants")
    with pytest.raises(Forbidden, match="export notice"):
        await run_export(db, clock, as_role("national_reader"), "notices")
    entries = await export_entries(session)
    assert [(e.object_type, e.outcome) for e in entries] == [
        ("warrant", "denied"),
        ("notice", "denied"),
    ]


async def test_the_notice_list_exports_with_its_filters(
    db: Database, session: AsyncSession, clock: FixedClock
) -> None:
    keo = await f.person(session, family_name_latin="Keo")
    red = await f.notice(
        session, subject=keo, kind="red_notice", reference="A-123/4-2026", issuing_country="TH"
    )
    ended = await f.notice(session, subject=keo, valid_until=date(2026, 1, 1))
    theirs = await f.notice(session, subject=keo, province_code="17", valid_from=date(2026, 5, 1))
    analyst = as_role("criminal_police", province_code=None)
    everything = await run_export(db, clock, analyst, "notices")
    assert column(everything, "id") == [theirs.id, ended.id, red.id]  # valid from, then id
    in_force = await run_export(db, clock, analyst, "notices", filter={"validOn": "2026-11-02"})
    assert column(in_force, "id") == [theirs.id, red.id]
    assert column(in_force, "in_force") == ["true", "true"]
    reds = await run_export(db, clock, analyst, "notices", filter={"kinds": ["RED_NOTICE"]})
    assert [column(reds, c) for c in ("kind", "reference", "issuing_country")] == [
        ["RED_NOTICE"],
        ["A-123/4-2026"],
        ["TH"],
    ]
    assert column(reds, "subject_family_name_latin") == ["Keo"]
    chief = as_role("provincial_chief", await f.user(session, position="provincial_chief"))
    with pytest.raises(Forbidden, match="1 of the 3 rows"):
        await run_export(db, clock, chief, "notices")
    own = await run_export(db, clock, chief, "notices", filter={"provinceCodes": ["12"]})
    assert sorted(column(own, "id")) == sorted([red.id or 0, ended.id or 0])
    entries = await export_entries(session)
    assert [(e.object_type, e.outcome) for e in entries] == [("notice", "ok")] * 3 + [
        ("notice", "denied"),
        ("notice", "ok"),
    ]
    assert json.loads(entries[1].details)["query"]["filter"] == {"validOn": "2026-11-02"}
    assert json.loads(entries[1].details)["rows"] == 2


def test_the_order_lists_choices_read_as_the_apis_enum_names() -> None:
    """The export spells the lists' filter values as the API's enums (list_filters); a choice
    added to a list without an enum of that name would fail every export that used it."""
    statuses = list_filters._enum_names(warrants.STATUSES)
    assert {WarrantStatus[name].value for name in statuses.values()} == set(statuses)
    kinds = list_filters._enum_names(notices.KINDS, list_filters.NOTICE_KINDS)
    assert {NoticeKind[name].value for name in kinds.values()} == set(kinds)
