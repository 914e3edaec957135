"""The place cascade (province → district → commune) and the offence-type picker's lists.

The lists come from the same reference queries as the API (``provinces``, ``Province.districts``,
``District.communes``, ``offenceTypes``). The partials answer htmx when a select changes; without
JavaScript the form is submitted with ``do=refresh`` and shown again with the finer lists filled.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from resolvers.context import Context
from web.admin.context import view_context
from web.admin.forms import Form
from web.admin.pages import SIGNED_IN, page
from web.admin.render import render
from web.admin.views.records.graph_reads import global_id, read

NAMES = "code nameLatin nameKm"
PROVINCE_FIELD = "place.provinceCode"
DISTRICT_FIELD = "place.districtCode"
COMMUNE_FIELD = "place.communeCode"


@dataclass(frozen=True)
class Places:
    """The three lists the cascade shows for what is chosen now."""

    provinces: list[dict[str, Any]]
    districts: list[dict[str, Any]]
    communes: list[dict[str, Any]]


async def provinces(ctx: Context) -> list[dict[str, Any]]:
    data = await read(ctx, f"{{ provinces {{ {NAMES} }} }}")
    found: list[dict[str, Any]] = data["provinces"]
    return found


async def districts(ctx: Context, province_code: str) -> list[dict[str, Any]]:
    if not province_code:
        return []
    query = f"query($code: String!) {{ province(code: $code) {{ districts {{ {NAMES} }} }} }}"
    data = await read(ctx, query, code=province_code)
    return list((data["province"] or {}).get("districts") or [])


async def communes(ctx: Context, district_code: str) -> list[dict[str, Any]]:
    if not district_code:
        return []
    query = (
        f"query($id: ID!) {{ node(id: $id) {{ ... on District {{ communes {{ {NAMES} }} }} }} }}"
    )
    data = await read(ctx, query, id=global_id("District", district_code))
    return list((data["node"] or {}).get("communes") or [])


async def places(ctx: Context, form: Form) -> Places:
    """The lists for the form as typed; a district outside the province is dropped from it."""
    province = form.get(PROVINCE_FIELD)
    in_province = await districts(ctx, province)
    district = form.get(DISTRICT_FIELD)
    if district and district not in {d["code"] for d in in_province}:
        form.values[DISTRICT_FIELD] = form.values[COMMUNE_FIELD] = ""
        district = ""
    return Places(await provinces(ctx), in_province, await communes(ctx, district))


async def offence_types(ctx: Context) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Offence types grouped under their ICCS section, for a select with option groups."""
    data = await read(
        ctx,
        "{ offenceCategories { code nameEn nameKm }"
        " offenceTypes { code kind nameEn nameKm iccsCode } }",
    )
    groups: list[tuple[dict[str, Any], list[dict[str, Any]]]] = [
        (section, []) for section in data["offenceCategories"]
    ]
    by_code: dict[str, list[dict[str, Any]]] = {s["code"]: types for s, types in groups}
    for kind in data["offenceTypes"]:
        by_code.setdefault(kind["iccsCode"][:2], []).append(kind)
    return [(section, types) for section, types in groups if types]


def kind_of(types: list[tuple[dict[str, Any], list[dict[str, Any]]]], code: str) -> str | None:
    for _section, group in types:
        for kind in group:
            if kind["code"] == code:
                found: str = kind["kind"]
                return found.lower()
    return None


@page("/geo/districts", needs=SIGNED_IN, name="geo_districts")
async def district_options(request: Request) -> Response:
    """The district select for the chosen province (and an empty commune select, out of band)."""
    form = Form(values=dict(request.query_params))
    form.values[DISTRICT_FIELD] = form.values[COMMUNE_FIELD] = ""
    async with view_context(request) as ctx:
        found = await districts(ctx, form.get(PROVINCE_FIELD))
    return render(request, "admin/geo/_districts.html", form=form, districts=found, communes=[])


@page("/geo/communes", needs=SIGNED_IN, name="geo_communes")
async def commune_options(request: Request) -> Response:
    form = Form(values=dict(request.query_params))
    form.values[COMMUNE_FIELD] = ""
    async with view_context(request) as ctx:
        found = await communes(ctx, form.get(DISTRICT_FIELD))
    return render(request, "admin/geo/_communes.html", form=form, communes=found)
