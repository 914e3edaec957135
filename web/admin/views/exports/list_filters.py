"""The lists' query strings as their API filter inputs, for exporting what the list shows.

An export link carries the list page's own query string; this reads it as the list view does:
offences through the offence list's own ``list_filter``, cases, persons, warrants and notices as
their views do, spelled as the API's filter inputs (enum names, camelCase). A value the list would
not accept is a problem named by its field, not silently dropped. ``today`` is the Phnom Penh day
of the request, for the notice list's "in force today".

The warrant and notice lists' ``sort`` is not an API argument: their files come in the API's one
order (``resolvers.exports.order_kinds``), which is the lists' default order.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from web.admin.forms import Form
from web.admin.views.orders import notices, warrants
from web.admin.views.persons.person_picker import ROLES
from web.admin.views.records import cases, offences

Filters = tuple[dict[str, Any], str | None]  # (filter input, order enum name or None)

# The person list's choices (persons.SORTS, persons.SEXES) as the API's enum names.
PERSON_ORDER = {"best": "BEST_MATCH", "name": "NAME", "newest": "NEWEST"}
SEX = {"M": "MALE", "F": "FEMALE", "X": "OTHER", "U": "UNKNOWN"}
# The order lists' choices (warrants.STATUSES, notices.KINDS) as the API's enum names, which are
# the values upper-cased but for these.
NOTICE_KINDS = {"released": "RELEASED_PRISONER"}


def _choice(form: Form, name: str, allowed: dict[str, str]) -> str | None:
    value = form.text(name)
    if value and value not in allowed:
        form.add(name, f"must be one of {', '.join(allowed)}")
        return None
    return allowed.get(value) if value else None


def _enum_names(
    choices: list[tuple[str, str]], renamed: dict[str, str] | None = None
) -> dict[str, str]:
    return {value: (renamed or {}).get(value, value.upper()) for value, _label in choices}


def offence_filters(form: Form, _today: date) -> Filters:
    order = form.text("order") or "OCCURRED_NEWEST"
    if order not in dict(offences.ORDERS):
        form.add("order", f"must be one of {', '.join(dict(offences.ORDERS))}")
    return offences.list_filter(form), order


def case_filters(form: Form, _today: date) -> Filters:
    wanted: dict[str, Any] = {}
    status = _choice(form, "status", {value: value for value, _label in cases.STATUSES})
    if status:
        wanted["statuses"] = [status]
    if form.text("province"):
        wanted["provinceCodes"] = [form.text("province")]
    return wanted, None


def person_filters(form: Form, _today: date) -> Filters:
    wanted: dict[str, Any] = {
        key: form.text(key) for key in ("name", "documentNumber", "nationality", "purpose")
    }
    wanted["sex"] = _choice(form, "sex", SEX)
    wanted["role"] = _choice(form, "role", {role: role.upper() for role, _label in ROLES})
    if form.text("provinceCodes"):
        wanted["provinceCodes"] = [form.text("provinceCodes")]
    order = _choice(form, "sort", PERSON_ORDER) or "BEST_MATCH"
    return {key: value for key, value in wanted.items() if value}, order


def warrant_filters(form: Form, _today: date) -> Filters:
    """As ``warrants.warrant_list``: no ``status`` at all means the active warrants (the list's
    default), an empty one (the list's "Any status") means every status."""
    wanted: dict[str, Any] = {}
    if "status" not in form.values:
        wanted["statuses"] = ["ACTIVE"]
    elif status := _choice(form, "status", _enum_names(warrants.STATUSES)):
        wanted["statuses"] = [status]
    if form.text("province"):
        wanted["provinceCodes"] = [form.text("province")]
    if form.text("court"):
        wanted["court"] = form.text("court")
    _choice(form, "sort", {key: key for key in warrants.ORDERS})  # checked; not an API argument
    return wanted, None


def notice_filters(form: Form, today: date) -> Filters:
    """As ``notices.notice_list``: in force today unless ``validity`` is ``any``."""
    wanted: dict[str, Any] = {}
    if kind := _choice(form, "kind", _enum_names(notices.KINDS, NOTICE_KINDS)):
        wanted["kinds"] = [kind]
    if form.text("province"):
        wanted["provinceCodes"] = [form.text("province")]
    validity = _choice(form, "validity", {value: value for value, _label in notices.VALIDITY})
    if (validity or "in_force") == "in_force" and "validity" not in form.errors:
        wanted["validOn"] = today.isoformat()
    return wanted, None


BY_KIND: dict[str, Callable[[Form, date], Filters]] = {
    "offences": offence_filters,
    "cases": case_filters,
    "persons": person_filters,
    "warrants": warrant_filters,
    "notices": notice_filters,
}
