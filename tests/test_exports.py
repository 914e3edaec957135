"""Exports (issue 7): exactly the rows and fields the user sees, only with the export grant, and
every attempt in the audit trail. Runs the export operation as the admin does, on both databases."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from typing import Any

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from db import tables as t
from db.clock import FixedClock
from db.engine import Database
from db.errors import Forbidden, InvalidArgument
from policies.enforcer import Policy, default_policy, default_rules
from policies.principal import Principal
from resolvers import exports
from resolvers.context import Context
from resolvers.exports import core
from tests import factories as f
from web.admin.views.records.graph_reads import read


def as_role(role: str, user: t.User | None = None, **kw: Any) -> Principal:
    values: dict[str, Any] = dict(
        username=user.username if user else f"{role}.test",
        user_id=user.id if user else None,
        roles=(role,),
        province_code=user.province_code if user else "12",
        rank="Colonel",
        policy=default_policy(),
    )
    values.update(kw)
    return Principal(**values)


async def run_export(
    db: Database, clock: FixedClock, who: Principal, kind: str = "offences", **kw: Any
) -> exports.Export:
    kw.setdefault("filter", {})
    async with db.session() as session:
        ctx = Context(session=session, principal=who, clock=clock)
        return await exports.export(ctx, kind, reader=read, **kw)


async def export_entries(session: AsyncSession) -> list[t.AuditEntry]:
    found = await session.execute(
        select(t.AuditEntry)
        .where(col(t.AuditEntry.action) == "export")
        .order_by(col(t.AuditEntry.id))
    )
    return list(found.scalars())


async def two_provinces(session: AsyncSession) -> tuple[list[t.Offence], list[t.Offence]]:
    """Two offences in Phnom Penh (12), one in Siem Reap (17)."""
    pp = await f.user(session, unit_row=await f.unit(session, province="12"))
    sr = await f.user(session, unit_row=await f.unit(session, province="17"))
    ours = [
        await f.offence(session, recorder=pp, description="A motorbike taken from the market"),
        await f.offence(session, recorder=pp, occurred_at=f.at(-30)),
    ]
    return ours, [await f.offence(session, recorder=sr)]


def column(done: exports.Export, name: str) -> list[Any]:
    at = done.header.index(name)
    return [row[at] for row in done.rows]


async def test_a_provincial_chief_exports_the_offences_of_the_province_and_no_other(
    db: Database, session: AsyncSession, clock: FixedClock
) -> None:
    ours, theirs = await two_provinces(session)
    chief = await f.user(session, position="provincial_chief")
    done = await run_export(db, clock, as_role("provincial_chief", chief))
    assert sorted(column(done, "id")) == sorted(o.id or 0 for o in ours)
    assert set(column(done, "province_code")) == {"12"}
    # the chief holds field:narrative in the own province (as a specialist): nothing withheld
    assert "A motorbike taken from the market" in column(done, "description")
    [entry] = await export_entries(session)
    assert (entry.actor_username, entry.object_type, entry.outcome) == (
        chief.username,
        "offence",
        "ok",
    )
    details = json.loads(entry.details)
    assert details["rows"] == 2 and details["format"] == "csv"
    assert details["query"] == {"list": "offences", "filter": {}, "orderBy": "OCCURRED_NEWEST"}
    assert theirs[0].id not in column(done, "id")


async def test_a_national_analyst_exports_every_province_with_the_narrative_withheld(
    db: Database, session: AsyncSession, clock: FixedClock
) -> None:
    ours, theirs = await two_provinces(session)
    done = await run_export(db, clock, as_role("national_analyst", province_code=None))
    assert sorted(column(done, "id")) == sorted(o.id or 0 for o in ours + theirs)
    # no field:narrative grant: the API reads the description as null, the file says so
    assert set(column(done, "description")) == {exports.WITHHELD}
    assert column(done, "occurred_at")[0] == "2026-11-02T05:00:00+07:00"  # newest, Phnom Penh


async def test_the_list_filters_and_order_are_the_exports(
    db: Database, session: AsyncSession, clock: FixedClock
) -> None:
    ours, _theirs = await two_provinces(session)
    analyst = as_role("national_analyst", province_code=None)
    wanted = {"provinceCodes": ["12"]}
    done = await run_export(db, clock, analyst, filter=wanted, order="OCCURRED_OLDEST")
    assert column(done, "id") == [ours[1].id, ours[0].id]
    [entry] = await export_entries(session)
    assert json.loads(entry.details)["query"]["filter"] == wanted


async def test_a_role_without_the_export_grant_is_refused_and_the_attempt_audited(
    db: Database, session: AsyncSession, clock: FixedClock
) -> None:
    await two_provinces(session)
    specialist = await f.user(session, position="specialist")
    with pytest.raises(Forbidden, match="export offence"):
        await run_export(db, clock, as_role("specialist", specialist))
    [entry] = await export_entries(session)
    assert (entry.outcome, entry.actor_username) == ("denied", specialist.username)
    assert "rows" not in json.loads(entry.details)


async def test_an_export_grant_narrower_than_the_read_grant_refuses_rather_than_cuts(
    db: Database, session: AsyncSession, clock: FixedClock
) -> None:
    """A policy that lets a role read everywhere but export only its own province."""
    await two_provinces(session)
    rules = [*default_rules(), ("p", "reader_exporter", "*", "offence", "read", "-", "allow")]
    rules.append(("p", "reader_exporter", "own_province", "offence", "export", "-", "allow"))
    who = as_role("reader_exporter", policy=Policy(rules))
    with pytest.raises(Forbidden, match="1 of the 3 rows"):
        await run_export(db, clock, who)
    narrowed = await run_export(db, clock, who, filter={"provinceCodes": ["12"]})
    assert len(narrowed.rows) == 2
    assert [e.outcome for e in await export_entries(session)] == ["denied", "ok"]


async def test_a_list_longer_than_the_cap_is_refused_with_the_reason(
    db: Database, session: AsyncSession, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    await two_provinces(session)
    monkeypatch.setattr(core, "MAX_ROWS", 2)
    with pytest.raises(InvalidArgument, match="3 rows, more than an export holds"):
        await run_export(db, clock, as_role("national_analyst"))
    [entry] = await export_entries(session)
    assert entry.outcome == "failed"


async def test_the_person_search_export_needs_a_reason_beyond_the_own_province(
    db: Database, session: AsyncSession, clock: FixedClock
) -> None:
    await f.person(session, family_name_latin="Keo", given_name_latin="Vanna")
    await f.person(session, family_name_latin="Chan", given_name_latin="Sophea", province_code="17")
    analyst = as_role("national_analyst", province_code=None)
    with pytest.raises(InvalidArgument, match=r"filter\.purpose"):
        await run_export(db, clock, analyst, "persons", order="NAME")
    wanted = {"name": "Keo Vanna", "purpose": "Investigation of case PP-2026-17"}
    done = await run_export(db, clock, analyst, "persons", filter=wanted, order="BEST_MATCH")
    assert column(done, "family_name_latin") == ["Keo"]
    assert column(done, "family_name_km") == ["សុខ"]
    searches = await session.execute(
        select(t.AuditEntry.details).where(col(t.AuditEntry.action) == "person.search")
    )
    assert [json.loads(d)["results"] for d in searches.scalars()] != []


async def test_a_sealed_case_below_the_sealing_rank_is_not_in_the_export(
    db: Database, session: AsyncSession, clock: FixedClock
) -> None:
    unit = await f.unit(session)
    shown = await f.case(session, lead=unit, number="PP-OPEN-1")
    await f.case(session, lead=unit, number="PP-SEALED-1", sealed=True)
    captain = as_role("national_analyst", rank="Captain")
    assert column(await run_export(db, clock, captain, "cases"), "number") == [shown.number]
    colonel = as_role("national_analyst", rank="Colonel")
    assert len((await run_export(db, clock, colonel, "cases")).rows) == 2


async def test_the_files_name_who_exported_when_and_hold_the_same_cells(
    db: Database, session: AsyncSession, clock: FixedClock
) -> None:
    pp = await f.user(session)
    await f.offence(session, recorder=pp, description='=HYPERLINK("http://x")')
    await f.offence(session, recorder=pp, recorded_at=clock.now() - timedelta(hours=1))
    chief = await f.user(
        session, position="provincial_chief", family_name="Chea", given_name="Sokha"
    )
    done = await run_export(db, clock, as_role("provincial_chief", chief), fmt="xlsx")
    assert exports.filename(done, "csv") == "offences-2026-11-02T1000.csv"
    raw = exports.WRITERS["csv"](done)
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read Khmer as UTF-8
    lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert lines[0] == [
        f"Exported by {chief.username} (Chea Sokha; provincial_chief, Colonel) "
        "at 2026-11-02T10:00:00+07:00"
    ]
    assert lines[1][0].startswith('Query: {"filter": {}, "list": "offences"')
    assert lines[2] == ["Rows: 2"] and lines[3] == []
    assert lines[4][:3] == ["id", "occurred_at", "recorded_at"]
    assert '\'=HYPERLINK("http://x")' in [row[-1] for row in lines[5:]]  # never a formula
    book = load_workbook(io.BytesIO(exports.WRITERS["xlsx"](done)), read_only=True)
    cells = [
        ["" if v is None else str(v) for v in row]
        for row in book[done.kind].iter_rows(values_only=True)
    ]
    assert [[c for c in row if c] for row in cells] == [[c for c in row if c] for row in lines]
