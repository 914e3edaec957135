"""Importing offences from a file (issue 7; the format: db/imports/templates/offences.csv).

One row is one offence with at most one person directly involved (``person_role`` and the
``person_`` columns, as in resolvers.imports.person_columns: the person holding the row's document
if on file, else a new person, matched against the watch lists). More persons in one offence
are linked afterwards on the offence's page. Each row is checked and recorded by
resolvers.offences.add_offence under the importing user's principal, its problems named by the
file's columns.

An offence's natural key is its reference in the register it comes from (``source_ref``) with
its province: a rerun skips what is on file ("already imported" if the facts agree, else a
conflict). Offences that occurred before the day of the import are historical, never late.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.relay import GlobalID

from db import persons as person_queries
from db import tables as t
from db.clock import PHNOM_PENH
from db.imports import DocumentKey, OffenceKey, offences_on_file
from policies.ministries import own_ministry
from resolvers.context import Context
from resolvers.imports.batches import (
    AfterBatch,
    Judged,
    Mode,
    Progress,
    Seen,
    Unread,
    attempt,
    check_columns,
    first_seen,
    merged,
    named,
    run_import,
)
from resolvers.imports.cells import Cells
from resolvers.imports.conflicts import differences
from resolvers.imports.files import Row, Table
from resolvers.imports.person_columns import (
    PERSON_FIELDS,
    identity,
    person_columns,
    person_for_row,
    read_person,
)
from resolvers.imports.report import ALREADY_IMPORTED, Outcome, Problem, Report
from resolvers.inputs_offences import DrugData, InvolvementData, OffenceData, PlaceData, TrafficData
from resolvers.inputs_persons import PersonData
from resolvers.offence_checks import ROLES, check_facts
from resolvers.offences import add_offence
from resolvers.validation import Problems
from resolvers.writing import local_now

MAX_SOURCE_REF = 64
FIELD_COLUMNS = {
    "typeCode": "type_code",
    "occurredAt": "occurred_at",
    "place.provinceCode": "province_code",
    "place.districtCode": "district_code",
    "place.communeCode": "commune_code",
    "place.latitude": "latitude",
    "place.longitude": "longitude",
    "description": "description",
    "ministryCode": "ministry_code",
    "drug": "drug_substance",
    "drug.substance": "drug_substance",
    "drug.quantity": "drug_quantity",
    "drug.unit": "drug_unit",
    "traffic": "vehicle_type",
    "traffic.vehicleType": "vehicle_type",
    "traffic.plateNumber": "plate_number",
    "persons.0.role": "person_role",
    "persons.0.personId": "person_document_number",
    **person_columns("person_"),
}
# The documented order (db/imports/templates/offences.csv); a file may order them as it likes.
COLUMNS = (
    *("source_ref", "type_code", "occurred_at", "province_code", "district_code"),
    *("commune_code", "latitude", "longitude", "description", "ministry_code"),
    *("drug_substance", "drug_quantity", "drug_unit", "vehicle_type", "plate_number"),
    "historical",
    "person_role",
    *(f"person_{column}" for column in PERSON_FIELDS.values()),
)
REQUIRED_COLUMNS = ("source_ref", "type_code", "occurred_at", "province_code")
_DRUG = ("drug_substance", "drug_quantity", "drug_unit")


async def import_offences(
    ctx: Context,
    table: Table,
    *,
    mode: Mode,
    batch_size: int | None = None,
    progress: Progress | None = None,
    after_batch: AfterBatch | None = None,
) -> Report:
    check_columns(table, COLUMNS, REQUIRED_COLUMNS)
    return await run_import(
        ctx,
        table,
        _batch,
        mode=mode,
        batch_size=batch_size,
        progress=progress,
        after_batch=after_batch,
    )


class _Offence:
    """One row, read: the offence (its person not yet known), its person, its natural key."""

    def __init__(self, ctx: Context, row: Row) -> None:
        cells = self.cells = Cells(row)
        v = cells.text
        self.row = row
        self.source_ref = v("source_ref")
        if not self.source_ref:
            cells.problem("source_ref", "is required: the offence's reference in its register")
        elif len(self.source_ref) > MAX_SOURCE_REF:
            cells.problem("source_ref", f"must be at most {MAX_SOURCE_REF} characters")
        province = v("province_code")
        self.key: OffenceKey | None = (province, self.source_ref) if province else None
        occurred = cells.moment("occurred_at")
        today = local_now(ctx).date()
        on = occurred.astimezone(PHNOM_PENH).date() if occurred else None
        self.historical = cells.historical("historical", on, today, "an offence that occurred")
        drug = None
        if any(v(c) for c in _DRUG):
            quantity = cells.number("drug_quantity")
            drug = DrugData(v("drug_substance"), quantity or Decimal(0), v("drug_unit").lower())
        traffic = None
        if v("vehicle_type") or v("plate_number"):
            traffic = TrafficData(v("vehicle_type") or None, v("plate_number") or None)
        self.data = OffenceData(
            type_code=v("type_code"),
            occurred_at=cast(datetime, occurred),  # None is refused by the checks: "required"
            place=PlaceData(
                province_code=province,
                district_code=v("district_code") or None,
                commune_code=v("commune_code") or None,
                latitude=cells.coordinate("latitude"),
                longitude=cells.coordinate("longitude"),
            ),
            description=v("description"),
            ministry_code=v("ministry_code") or own_ministry(ctx.principal),
            drug=drug,
            traffic=traffic,
            historical=self.historical,
        )
        self.role = v("person_role").lower()
        named_person = any(v(f"person_{c}") for c in PERSON_FIELDS.values())
        self.person: PersonData | None = read_person(cells, "person_") if named_person else None
        if self.role and self.person is None:
            cells.problem("person_role", "names no person: give the person's document or names")
        elif self.person is not None and not self.role:
            cells.problem("person_role", "is required when the row names a person")

    @property
    def unread(self) -> list[Problem]:
        return self.cells.problems


async def _batch(
    ctx: Context, session: AsyncSession, rows: list[Row], seen: Seen, *, writing: bool
) -> list[Judged]:
    """One batch, row by row through the resolvers (``writing`` or not: see batches.Judge)."""
    read = [_Offence(ctx, row) for row in rows]
    stored = await offences_on_file(
        session=session, keys=[o.key for o in read if o.key and o.source_ref]
    )
    people = [k for o in read if o.person and (k := identity(o.person))]
    on_file = await person_queries.documents_on_file(session=session, keys=people)
    judged: list[Judged] = []
    for item in read:
        key = item.key if item.key and item.source_ref else None
        twice = first_seen(seen, key, item.row, "source_ref")
        if twice is not None:
            judged.append((Outcome.REJECTED, [twice]))
        elif key is not None and key in stored and not item.unread:
            judged.append(_compare(item, stored[key]))
        else:
            problems = await _write(ctx, session, item, on_file)
            judged.append((Outcome.REJECTED if problems else Outcome.WRITTEN, problems))
    return judged


async def _write(
    ctx: Context, session: AsyncSession, item: _Offence, on_file: dict[DocumentKey, int]
) -> list[Problem]:
    """Record the offence and, if need be, its person; on a problem write neither. A row with
    unreadable values is still checked, so that the report gives all its problems at once."""
    person = item.person
    recorded: list[int] = []

    async def write() -> None:
        data = item.data
        if person is not None:
            ident = await person_for_row(ctx, session, person, on_file)
            recorded.append(ident)
            involved = InvolvementData(str(GlobalID("Person", str(ident))), item.role)
            data = replace(data, persons=(involved,))
        await add_offence(ctx, session, data, source_ref=item.source_ref)
        if item.unread:
            raise Unread

    found = await attempt(session, write, forbidden_field="place.provinceCode")
    if not found and not item.unread:
        if person is not None and (key := identity(person)) is not None:
            on_file.setdefault(key, recorded[0])
        return []
    if person is not None and any(p.field in PERSON_FIELDS for p in found):
        # The person was refused, so the offence was not checked: name its own problems too.
        problems = Problems()
        await check_facts(
            problems, session, ctx.principal, item.data, ctx.clock.now(), check_case=False
        )
        problems.choice("persons.0.role", item.role, ROLES)
        found += problems.items
    return merged(item.row, item.unread, [named(item.row, p, FIELD_COLUMNS) for p in found])


def _compare(item: _Offence, offence: t.Offence) -> Judged:
    d, row = item.data, item.row
    drug, traffic = d.drug, d.traffic
    facts: list[tuple[str, Any, Any]] = [
        ("type_code", d.type_code, offence.type_code),
        ("occurred_at", d.occurred_at, offence.occurred_at),
        ("commune_code", d.place.commune_code, offence.commune_code),
        ("latitude", d.place.latitude, offence.latitude),
        ("longitude", d.place.longitude, offence.longitude),
        ("description", d.description.strip(), offence.description),
        ("ministry_code", d.ministry_code, offence.ministry_code),
        ("drug_substance", drug.substance.strip() if drug else None, offence.drug_substance),
        ("drug_quantity", drug.quantity if drug else None, offence.drug_quantity),
        ("drug_unit", drug.unit if drug else None, offence.drug_unit),
        ("vehicle_type", traffic.vehicle_type if traffic else None, offence.vehicle_type),
        (
            "plate_number",
            (traffic.plate_number or "").upper() or None if traffic else None,
            offence.plate_number,
        ),
        ("historical", item.historical, offence.historical),
    ]
    if d.place.district_code:  # a commune alone implies its district: compare only one given
        facts.append(("district_code", d.place.district_code, offence.district_code))
    differ = differences(row, facts, "offence")
    if differ:
        return Outcome.REJECTED, differ
    same = Problem(row.number, "source_ref", item.source_ref, ALREADY_IMPORTED)
    return Outcome.SKIPPED, [same]
