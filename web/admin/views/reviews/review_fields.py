"""The correctable fields of offences, persons and cases as the review forms show them, and the
patch a correction form makes for the resolvers (no routes here).

A review request names columns (resolvers.review_input); each form field is named as the GraphQL
input path of that column (``occurredAt``, ``place.districtCode``), so that the resolvers'
problems land beside it. A record's stored values reach the pages only through ``RecordFields``,
which withholds what the masks (policies/masks.py, resolvers.record_masks) hide from the caller,
as the record's own page does. Which columns may be requested is resolvers.review_input.facts_of;
which may be applied is the lifecycle guard's to decide: the patch carries whatever was posted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from strawberry.relay import GlobalID

from db import tables as t
from resolvers import record_masks
from resolvers.cases import CasePatch
from resolvers.context import Context
from resolvers.inputs_offences import DrugData, OffencePatch, PlaceData, TrafficData
from resolvers.inputs_persons import BirthDate, PersonPatch
from resolvers.review_input import facts_of
from web.admin.forms import Form
from web.admin.i18n import N_, local


@dataclass(frozen=True)
class FieldSpec:
    column: str
    name: str  # the form field: the GraphQL input path
    label: str  # English; translated in the template
    kind: str = "text"  # text, datetime-local, number, textarea, checkbox


def _specs(*items: FieldSpec) -> dict[str, FieldSpec]:
    return {item.column: item for item in items}


FIELDS: dict[str, dict[str, FieldSpec]] = {
    "offence": _specs(
        FieldSpec("type_code", "typeCode", N_("Offence type code")),
        FieldSpec("occurred_at", "occurredAt", N_("Occurred at"), "datetime-local"),
        FieldSpec("description", "description", N_("Description"), "textarea"),
        FieldSpec("ministry_code", "ministryCode", N_("Ministry")),
        FieldSpec("province_code", "place.provinceCode", N_("Province code")),
        FieldSpec("district_code", "place.districtCode", N_("District code")),
        FieldSpec("commune_code", "place.communeCode", N_("Commune code")),
        FieldSpec("latitude", "place.latitude", N_("Latitude"), "number"),
        FieldSpec("longitude", "place.longitude", N_("Longitude"), "number"),
        FieldSpec("drug_substance", "drug.substance", N_("Drug substance")),
        FieldSpec("drug_quantity", "drug.quantity", N_("Drug quantity"), "number"),
        FieldSpec("drug_unit", "drug.unit", N_("Drug unit")),
        FieldSpec("vehicle_type", "traffic.vehicleType", N_("Vehicle type")),
        FieldSpec("plate_number", "traffic.plateNumber", N_("Plate number")),
        FieldSpec("case_id", "caseId", N_("Case")),
    ),
    "person": _specs(
        FieldSpec("family_name_latin", "familyNameLatin", N_("Family name (Latin)")),
        FieldSpec("given_name_latin", "givenNameLatin", N_("Given name (Latin)")),
        FieldSpec("family_name_km", "familyNameKm", N_("Family name (Khmer)")),
        FieldSpec("given_name_km", "givenNameKm", N_("Given name (Khmer)")),
        FieldSpec("sex", "sex", N_("Sex")),
        FieldSpec("birth_year", "birth.year", N_("Year of birth"), "number"),
        FieldSpec("birth_month", "birth.month", N_("Month of birth"), "number"),
        FieldSpec("birth_day", "birth.day", N_("Day of birth"), "number"),
        FieldSpec("nationality", "nationality", N_("Nationality")),
        FieldSpec("background", "background", N_("Background"), "textarea"),
        FieldSpec("province_code", "provinceCode", N_("Province code")),
    ),
    "case_file": _specs(
        FieldSpec("number", "number", N_("Case number")),
        FieldSpec("title", "title", N_("Title")),
        FieldSpec("status", "status", N_("Status")),
        FieldSpec("lead_unit_id", "leadUnitId", N_("Lead unit")),
        FieldSpec("opened_at", "openedAt", N_("Opened at"), "datetime-local"),
        FieldSpec("closed_at", "closedAt", N_("Closed at"), "datetime-local"),
        FieldSpec("disposition", "disposition", N_("Disposition")),
        FieldSpec("sealed", "sealed", N_("Sealed"), "checkbox"),
        FieldSpec("province_code", "provinceCode", N_("Province code")),
    ),
}
MODELS: dict[str, type[Any]] = {"offence": t.Offence, "person": t.Person, "case_file": t.Case}
KIND_OF_PATH = {"offence": "offence", "person": "person", "case": "case_file"}


def correctable(table: str) -> list[FieldSpec]:
    """The fields a request may name: the record's entered facts, in the form's order."""
    facts = facts_of(MODELS[table])
    return [spec for column, spec in FIELDS[table].items() if column in facts]


def shown(value: Any) -> str:
    """A stored value as a form shows it (datetimes in Phnom Penh wall-clock time)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, datetime):
        return local(value).strftime("%Y-%m-%dT%H:%M")
    return str(value)


def _stored(row: Any, spec: FieldSpec) -> str:
    if spec.column in ("case_id", "lead_unit_id"):
        value = getattr(row, spec.column)
        kind = "Case" if spec.column == "case_id" else "Unit"
        return str(GlobalID(kind, str(value))) if value is not None else ""
    return shown(getattr(row, spec.column))


@dataclass(frozen=True)
class RecordFields:
    """A record's values as the caller may see them: a masked field reads as withheld."""

    row: Any
    hidden: dict[str, str]  # column -> why it is withheld

    @classmethod
    async def of(cls, ctx: Context, row: Any) -> RecordFields:
        return cls(row, await record_masks.withheld(ctx, row))

    def value(self, spec: FieldSpec) -> str:
        return "" if spec.column in self.hidden else _stored(self.row, spec)

    def withheld(self, spec: FieldSpec) -> str | None:
        return self.hidden.get(spec.column)


def _posted(form: Form, table: str) -> dict[str, FieldSpec]:
    specs = FIELDS[table]
    if (
        table == "case_file"
    ):  # an unticked checkbox is not posted: a hidden marker says it was shown
        posted = {c: s for c, s in specs.items() if s.name in form.values}
        if "sealed.shown" in form.values:
            posted["sealed"] = specs["sealed"]
        return posted
    return {c: s for c, s in specs.items() if s.name in form.values}


def _pick(form: Form, posted: dict[str, FieldSpec], row: Any, column: str, read: Any) -> Any:
    return read(posted[column].name) if column in posted else getattr(row, column)


def offence_patch(form: Form, row: t.Offence) -> OffencePatch:
    posted = _posted(form, "offence")
    values: dict[str, Any] = {}
    if "type_code" in posted:
        values["type_code"] = form.optional("typeCode")
    if "occurred_at" in posted:
        values["occurred_at"] = form.moment("occurredAt")
    if "description" in posted:
        values["description"] = form.text("description")
    if "ministry_code" in posted:
        values["ministry_code"] = form.optional("ministryCode")
    if "case_id" in posted:
        values["case_id"] = form.optional("caseId")
    place = {"province_code", "district_code", "commune_code", "latitude", "longitude"}
    if place & posted.keys():
        values["place"] = PlaceData(
            province_code=_pick(form, posted, row, "province_code", form.text),
            district_code=_pick(form, posted, row, "district_code", form.optional),
            commune_code=_pick(form, posted, row, "commune_code", form.optional),
            latitude=_float(_pick(form, posted, row, "latitude", form.decimal)),
            longitude=_float(_pick(form, posted, row, "longitude", form.decimal)),
        )
    if {"drug_substance", "drug_quantity", "drug_unit"} & posted.keys():
        substance = _pick(form, posted, row, "drug_substance", form.optional)
        quantity = _pick(form, posted, row, "drug_quantity", form.decimal)
        unit = _pick(form, posted, row, "drug_unit", form.optional)
        given = substance or quantity is not None or unit
        values["drug"] = (
            DrugData(substance or "", quantity or Decimal(0), unit or "") if given else None
        )
    if {"vehicle_type", "plate_number"} & posted.keys():
        values["traffic"] = TrafficData(
            vehicle_type=_pick(form, posted, row, "vehicle_type", form.optional),
            plate_number=_pick(form, posted, row, "plate_number", form.optional),
        )
    return OffencePatch(**values)


def person_patch(form: Form, row: t.Person) -> PersonPatch:
    posted = _posted(form, "person")
    values: dict[str, Any] = {}
    for column in ("family_name_latin", "given_name_latin", "family_name_km", "given_name_km"):
        if column in posted:
            values[column] = form.optional(posted[column].name)
    for column in ("sex", "nationality", "background"):
        if column in posted:
            values[column] = form.text(posted[column].name)
    if {"birth_year", "birth_month", "birth_day"} & posted.keys():
        values["birth"] = BirthDate(
            year=_pick(form, posted, row, "birth_year", form.integer),
            month=_pick(form, posted, row, "birth_month", form.integer),
            day=_pick(form, posted, row, "birth_day", form.integer),
        )
    return PersonPatch(**values)


def case_patch(form: Form, row: t.Case) -> CasePatch:
    posted = _posted(form, "case_file")
    values: dict[str, Any] = {}
    for column in ("number", "title", "status", "disposition"):
        if column in posted:
            values[column] = form.text(posted[column].name)
    if "lead_unit_id" in posted:
        values["lead_unit_id"] = form.optional("leadUnitId")
    for column in ("opened_at", "closed_at"):
        if column in posted:
            values[column] = form.moment(posted[column].name)
    if "sealed" in posted:
        values["sealed"] = form.flag("sealed")
    return CasePatch(**values)


def unappliable(table: str, form: Form) -> list[FieldSpec]:
    """Posted fields no update operation takes: a person's or case's province is where it was
    entered (an offence's province is part of its place, which updateOffence takes)."""
    if table == "offence":
        return []
    return [spec for spec in _posted(form, table).values() if spec.column == "province_code"]


def _float(value: Any) -> float | None:
    return None if value is None else float(value)
