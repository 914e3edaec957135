"""What the analysis pages are asked for (year, place, category, measure), read from the query
string, and the names the charts show (provinces, ICCS sections, offence types).

A value that is not one of the choices is refused beside its field and replaced by the default,
so the page still shows figures. Names come from the same reference queries as the API, in the
reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from babel.dates import get_month_names
from starlette.requests import Request

from db.clock import PHNOM_PENH
from resolvers.analysis_report import FIRST_YEAR
from resolvers.context import Context
from web.admin import i18n
from web.admin.charts_map import LAYOUT, Tile, short_name
from web.admin.i18n import N_
from web.admin.views.records.graph_reads import read

MEASURES = (
    ("OFFENCES", N_("Offences")),
    ("CASES", N_("Cases")),
    ("ARRESTS", N_("Arrests")),
    ("PERSONS", N_("Persons")),
)
COMPARISONS = (("PROVINCE", N_("Province")), ("CATEGORY", N_("ICCS category")))
NAMES = """{
  provinces { code nameLatin nameKm }
  offenceCategories { code nameEn nameKm }
  offenceTypes { code nameEn nameKm }
}"""


@dataclass
class Choice:
    year: int
    province: str = ""
    category: str = ""  # an ICCS section, "06"
    offence_type: str = ""
    measure: str = "OFFENCES"
    compare: str = "PROVINCE"
    problems: dict[str, str] = field(default_factory=dict)  # field → message (English msgid)

    def values(self) -> dict[str, str]:
        return {
            "year": str(self.year),
            "province": self.province,
            "category": self.category,
            "type": self.offence_type,
            "measure": self.measure,
            "compare": self.compare,
        }

    def analysis_filter(self, *, years: int = 1) -> dict[str, Any]:
        """The ``AnalysisFilter`` for this year (and the ``years - 1`` before it)."""
        wanted: dict[str, Any] = {
            "from": date(self.year - years + 1, 1, 1).isoformat(),
            "to": date(self.year, 12, 31).isoformat(),
        }
        if self.province:
            wanted["provinceCodes"] = [self.province]
        if self.category:
            wanted["iccsPrefix"] = self.category
        if self.offence_type:
            wanted["nationalTypes"] = [self.offence_type]
        return wanted


def this_year(ctx: Context) -> int:
    return ctx.clock.now().astimezone(PHNOM_PENH).year


def months_so_far(ctx: Context, year: int) -> int:
    """How many months of ``year`` have begun: the rest are not drawn as zeros."""
    now = ctx.clock.now().astimezone(PHNOM_PENH)
    return 12 if year < now.year else now.month


def years(ctx: Context) -> list[tuple[str, str]]:
    return [(str(y), str(y)) for y in range(this_year(ctx), FIRST_YEAR - 1, -1)]


def read_choice(request: Request, ctx: Context, names: Names) -> Choice:
    asked = request.query_params
    chosen = Choice(year=this_year(ctx))
    year = asked.get("year", "").strip()
    if year:
        if year.isdigit() and FIRST_YEAR <= int(year) <= chosen.year:
            chosen.year = int(year)
        else:
            chosen.problems["year"] = N_("Choose a year from the list.")
    for key, attribute, allowed in (
        ("province", "province", names.provinces),
        ("category", "category", names.categories),
        ("type", "offence_type", names.types),
        ("measure", "measure", dict(MEASURES)),
        ("compare", "compare", dict(COMPARISONS)),
    ):
        value = asked.get(key, "").strip()
        if not value:
            continue
        if value in allowed:
            setattr(chosen, attribute, value)
        else:
            chosen.problems[key] = N_("Choose a value from the list.")
    return chosen


@dataclass(frozen=True)
class Names:
    """Code → name in the reader's language, for each list the pages show."""

    locale: str
    provinces: dict[str, str]
    latin: dict[str, str]  # provinces' Latin names, for the tiles' short names
    categories: dict[str, str]
    types: dict[str, str]

    def tiles(self, counts: dict[str, int]) -> list[Tile]:
        """All 25 provinces for the map, with the count of each (0 when none)."""
        return [
            Tile(
                code=code,
                short=self.provinces[code] if self.locale == "km" else short_name(self.latin[code]),
                name=self.provinces[code],
                count=counts.get(code, 0),
            )
            for code in sorted(self.provinces)
            if code in LAYOUT
        ]

    def category_options(self) -> list[tuple[str, str]]:
        return [(code, f"{code} · {name}") for code, name in sorted(self.categories.items())]

    def months(self) -> list[str]:
        names = get_month_names("abbreviated", locale=self.locale)
        return [str(names[m]) for m in range(1, 13)]


def _named(row: dict[str, Any], locale: str, latin: str) -> str:
    return str(row["nameKm"] if locale == "km" and row.get("nameKm") else row[latin])


async def load_names(request: Request, ctx: Context) -> Names:
    locale = i18n.choose_locale(request)
    data = await read(ctx, NAMES)
    return Names(
        locale=locale,
        provinces={p["code"]: _named(p, locale, "nameLatin") for p in data["provinces"]},
        latin={p["code"]: p["nameLatin"] for p in data["provinces"]},
        categories={c["code"]: _named(c, locale, "nameEn") for c in data["offenceCategories"]},
        types={o["code"]: _named(o, locale, "nameEn") for o in data["offenceTypes"]},
    )


def clip(text: str, limit: int = 22) -> str:
    """A label that fits beside a bar; the full text is in the bar's tooltip."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
