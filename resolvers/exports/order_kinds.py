"""The court-order lists as exports: warrants and notices, read through the API's ``warrants``
and ``notices`` queries.

Those queries take no order argument: warrants come issued newest first, notices valid-from
newest first (then id, newest first), whatever order the admin list was sorted in on screen.
``fixed_order`` says so in the file's query line and the audit entry.

The subject's names are read through the API's nested ``subject``/``person`` field, i.e. under
the person read scope: a warrant whose subject the user may not see has empty name cells, as the
list says "not visible to you". Warrants and notices carry no masked fields today.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from strawberry.relay import GlobalID

from db import tables as t
from resolvers.exports.kinds import (
    PAGE_ARGS,
    PAGE_INFO,
    PAGE_VARS,
    PLACE,
    Kind,
    Node,
    _at,
    _columns,
    _moment,
    _pk,
)

PERSON = "{ id familyNameKm givenNameKm familyNameLatin givenNameLatin }"


def _ref(*path: str) -> Callable[[Node], Any]:
    """The database id of a node the row points at (its global id decoded), or None."""
    at = _at(*path)

    def pick(node: Node) -> Any:
        value = at(node)
        return int(GlobalID.from_id(value).node_id) if isinstance(value, str) else None

    return pick


def _names(field: str) -> tuple[tuple[str, Callable[[Node], Any]], ...]:
    return (
        ("subject_id", _ref(field, "id")),
        ("subject_family_name_km", _at(field, "familyNameKm")),
        ("subject_given_name_km", _at(field, "givenNameKm")),
        ("subject_family_name_latin", _at(field, "familyNameLatin")),
        ("subject_given_name_latin", _at(field, "givenNameLatin")),
    )


WARRANTS = Kind(
    name="warrants",
    obj="warrant",
    model=t.Warrant,
    document=f"""
query($filter: WarrantFilterInput, {PAGE_VARS}) {{
  warrants(filter: $filter, {PAGE_ARGS}) {{ {PAGE_INFO} nodes {{
    id court number kind status issuedOn expiresOn validationDueOn historical cancelReason
    province {PLACE} case {{ number }} owningUnit {{ code nameEn }}
    subject {PERSON} execution {{ executedAt place }}
  }} }}
}}""",
    columns=_columns(
        ("id", _pk),
        ("court", _at("court")),
        ("number", _at("number")),
        ("kind", _at("kind")),
        ("status", _at("status")),
        ("issued_on", _at("issuedOn")),
        ("expires_on", _at("expiresOn")),
        ("validation_due_on", _at("validationDueOn")),
        ("historical", _at("historical")),
        ("province_code", _at("province", "code")),
        ("province", _at("province", "nameLatin")),
        *_names("subject"),
        ("case_number", _at("case", "number")),
        ("owning_unit_code", _at("owningUnit", "code")),
        ("owning_unit", _at("owningUnit", "nameEn")),
        ("executed_at", _moment("execution", "executedAt")),
        ("executed_place", _at("execution", "place")),
        ("cancel_reason", _at("cancelReason")),
    ),
    fixed_order="the API's order: issued, newest first",
)

NOTICES = Kind(
    name="notices",
    obj="notice",
    model=t.Notice,
    document=f"""
query($filter: NoticeFilterInput, {PAGE_VARS}) {{
  notices(filter: $filter, {PAGE_ARGS}) {{ {PAGE_INFO} nodes {{
    id kind active validFrom validUntil validationDueOn reference issuingCountry summary
    basis position ministryCode escapedFrom escapedAt releasedOn
    province {PLACE} owningUnit {{ code nameEn }} person {PERSON}
  }} }}
}}""",
    columns=_columns(
        ("id", _pk),
        ("kind", _at("kind")),
        ("in_force", _at("active")),
        ("valid_from", _at("validFrom")),
        ("valid_until", _at("validUntil")),
        ("validation_due_on", _at("validationDueOn")),
        ("province_code", _at("province", "code")),
        ("province", _at("province", "nameLatin")),
        *_names("person"),
        ("reference", _at("reference")),
        ("issuing_country", _at("issuingCountry")),
        ("basis", _at("basis")),
        ("position", _at("position")),
        ("ministry_code", _at("ministryCode")),
        ("escaped_from", _at("escapedFrom")),
        ("escaped_at", _moment("escapedAt")),
        ("released_on", _at("releasedOn")),
        ("summary", _at("summary")),
        ("owning_unit_code", _at("owningUnit", "code")),
        ("owning_unit", _at("owningUnit", "nameEn")),
    ),
    fixed_order="the API's order: valid from, newest first",
)
