"""GraphQL types of the analysis figures: what is counted, how it is grouped and filtered, and
the figures answered (schema.types.analysis holds the query fields)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from enum import Enum
from typing import Annotated

import strawberry

from db.analysis import Slice
from db.errors import InvalidArgument
from resolvers import analysis
from resolvers.context import Context

Info = strawberry.Info[Context, None]
MAX_LIST = 100


@strawberry.enum(description="What a figure counts.")
class Measure(Enum):
    OFFENCES = "offences"
    CASES = strawberry.enum_value("cases", description="Cases opened.")
    ARRESTS = strawberry.enum_value("arrests", description="Arrest events of case participants.")
    PERSONS = strawberry.enum_value(
        "persons",
        description="Distinct persons involved in the offences; a victim or complainant whose "
        "identity is masked from you is not counted.",
    )


@strawberry.enum(description="How figures are grouped. Periods are in Phnom Penh time.")
class AnalysisGrouping(Enum):
    PROVINCE = "province"
    DISTRICT = strawberry.enum_value("district", description="Offences and persons only.")
    CATEGORY = strawberry.enum_value("category", description="The ICCS section (2 digits).")
    OFFENCE_TYPE = strawberry.enum_value("type", description="The national offence type.")
    MONTH = "month"
    YEAR = "year"


@strawberry.input(description="Which records a figure counts. Every given condition must hold.")
class AnalysisFilter:
    from_: date | None = strawberry.field(
        default=None, name="from", description="First day, in Phnom Penh time."
    )
    to: date | None = strawberry.field(
        default=None, description="Last day, inclusive, in Phnom Penh time."
    )
    province_codes: list[str] | None = None
    iccs_prefix: str | None = strawberry.field(
        default=None, description='An ICCS code at any level: "06" is every drug offence.'
    )
    national_types: list[str] | None = strawberry.field(
        default=None, description='National offence types, e.g. ["ONLINE_SCAM"].'
    )

    def to_slice(self) -> Slice:
        for name, values in (
            ("provinceCodes", self.province_codes),
            ("nationalTypes", self.national_types),
        ):
            if values is not None and len(values) > MAX_LIST:
                raise InvalidArgument(f"{name}: at most {MAX_LIST}")
        return Slice(
            since=self.from_,
            until=None if self.to is None else self.to + timedelta(days=1),
            province_codes=tuple(self.province_codes or ()),
            iccs_prefix=self.iccs_prefix or None,
            type_codes=tuple(self.national_types or ()),
        )


@strawberry.type(description="One group's count and its change from the previous period.")
class Figure:
    province: str | None = strawberry.field(description="Province code, when grouped by it.")
    district: str | None = strawberry.field(description="District code, when grouped by it.")
    category: str | None = strawberry.field(description="ICCS section, when grouped by it.")
    offence_type: str | None = strawberry.field(description="National type, when grouped by it.")
    period: str | None = strawberry.field(description='"2026-01" or "2026", when grouped by it.')
    count: int
    previous_count: int | None = strawberry.field(
        description="The same group in the previous period of equal length (the month or year "
        "before, when grouped by month or year); null when there is no previous period."
    )
    change: float | None = strawberry.field(
        description="(count - previousCount) / previousCount: 0.2 is a rise of 20%; null when "
        "previousCount is 0 or null."
    )

    @classmethod
    def from_figure(cls, figure: analysis.Figure) -> Figure:
        return cls(
            province=figure.province,
            district=figure.district,
            category=figure.category,
            offence_type=figure.offence_type,
            period=figure.period,
            count=figure.count,
            previous_count=figure.previous_count,
            change=figure.change,
        )


@strawberry.type(description="Drugs of one substance: from offences and from operations' seizures.")
class DrugSeizure:
    substance: str
    unit: str = strawberry.field(description="kg, l or tablet (grams are added up as kilograms).")
    total_quantity: Decimal
    offence_quantity: Decimal
    offences: int = strawberry.field(description="Offences recording this substance.")
    seizure_quantity: Decimal
    seizures: int = strawberry.field(description="Seizures of crackdown operations.")

    @classmethod
    def from_figure(cls, figure: analysis.DrugFigure) -> DrugSeizure:
        return cls(
            substance=figure.substance,
            unit=figure.unit,
            total_quantity=figure.total_quantity,
            offence_quantity=figure.offence_quantity,
            offences=figure.offences,
            seizure_quantity=figure.seizure_quantity,
            seizures=figure.seizures,
        )


FilterArg = Annotated[AnalysisFilter | None, strawberry.argument(name="filter")]


def to_slice(wanted: AnalysisFilter | None) -> Slice:
    return wanted.to_slice() if wanted is not None else Slice()
