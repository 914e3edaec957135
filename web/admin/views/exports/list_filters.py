"""The lists' query strings as their API filter inputs, for exporting what the list shows.

An export link carries the list page's own query string; this reads it as the list view does:
offences through the offence list's own ``list_filter``, cases and persons as their views do,
spelled as the API's ``CaseFilterInput`` and ``PersonFilterInput`` (enum names, camelCase).
A value the list would not accept is a problem named by its field, not silently dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from web.admin.forms import Form
from web.admin.views.persons.person_picker import ROLES
from web.admin.views.records import cases, offences

Filters = tuple[dict[str, Any], str | None]  # (filter input, order enum name or None)

# The person list's choices (persons.SORTS, persons.SEXES) as the API's enum names.
PERSON_ORDER = {"best": "BEST_MATCH", "name": "NAME", "newest": "NEWEST"}
SEX = {"M": "MALE", "F": "FEMALE", "X": "OTHER", "U": "UNKNOWN"}


def _choice(form: Form, name: str, allowed: dict[str, str]) -> str | None:
    value = form.text(name)
    if value and value not in allowed:
        form.add(name, f"must be one of {', '.join(allowed)}")
        return None
    return allowed.get(value) if value else None


def offence_filters(form: Form) -> Filters:
    order = form.text("order") or "OCCURRED_NEWEST"
    if order not in dict(offences.ORDERS):
        form.add("order", f"must be one of {', '.join(dict(offences.ORDERS))}")
    return offences.list_filter(form), order


def case_filters(form: Form) -> Filters:
    wanted: dict[str, Any] = {}
    status = _choice(form, "status", {value: value for value, _label in cases.STATUSES})
    if status:
        wanted["statuses"] = [status]
    if form.text("province"):
        wanted["provinceCodes"] = [form.text("province")]
    return wanted, None


def person_filters(form: Form) -> Filters:
    wanted: dict[str, Any] = {
        key: form.text(key) for key in ("name", "documentNumber", "nationality", "purpose")
    }
    wanted["sex"] = _choice(form, "sex", SEX)
    wanted["role"] = _choice(form, "role", {role: role.upper() for role, _label in ROLES})
    if form.text("provinceCodes"):
        wanted["provinceCodes"] = [form.text("provinceCodes")]
    order = _choice(form, "sort", PERSON_ORDER) or "BEST_MATCH"
    return {key: value for key, value in wanted.items() if value}, order


BY_KIND: dict[str, Callable[[Form], Filters]] = {
    "offences": offence_filters,
    "cases": case_filters,
    "persons": person_filters,
}
