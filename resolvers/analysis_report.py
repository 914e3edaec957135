"""The yearly report, in the spirit of the Interior Ministry's drug report: offences this year
and last, cases, suspects arrested, seizures by substance, crackdown results, top provinces,
the months of both years, and a one-sentence summary generated from those numbers.

Every number is one of the analysis figures (resolvers.analysis, resolvers.analysis_operations),
so it is counted in SQL under the caller's read scope: a provincial officer's report is the
province's, a partner ministry's is its jurisdiction's. "Suspects arrested" are arrest events of
case participants (the ARRESTS measure); cases are those opened in the year holding an offence of
the category. The summary is English (the API's language); the admin page builds its own,
translated, from the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from db import reference
from db.analysis import Slice
from db.errors import InvalidArgument
from resolvers import analysis, analysis_operations
from resolvers.context import Context

FIRST_YEAR = 2000  # records are kept since 2000 (DESIGN, rule 4)
DRUGS = "06"


@dataclass(frozen=True)
class MonthPair:
    month: int  # 1..12
    count: int
    previous_count: int  # the same month of the year before


@dataclass(frozen=True)
class YearlyReport:
    year: int
    iccs_prefix: str
    offences: int
    previous_offences: int
    cases: int
    previous_cases: int
    arrests: int
    previous_arrests: int
    months: list[MonthPair]
    drugs: list[analysis.DrugFigure]
    crackdown: analysis_operations.CrackdownFigure | None
    top_provinces: list[analysis.Figure]

    @property
    def change(self) -> float | None:
        if not self.previous_offences:
            return None
        return (self.offences - self.previous_offences) / self.previous_offences

    @property
    def subject(self) -> str:
        return subject_of(self.iccs_prefix)

    @property
    def summary(self) -> str:
        return summarise(self)


def subject_of(prefix: str) -> str:
    """What the report counts, in words: "drug-related crimes", or the ICCS category's name."""
    if prefix == DRUGS:
        return "drug-related crimes"
    if not prefix:
        return "crimes"
    names = dict(reference.iccs_categories())
    name = names.get(prefix)
    return f"crimes of ICCS {prefix}" + (f" ({name})" if name else "")


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def _plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def summarise(report: YearlyReport) -> str:
    """E.g. "Drug-related crimes rose 19% from the previous year (11,446 in 2026, 9,618 in
    2025); 20,392 suspects arrested in 9,572 cases." Percentages are whole numbers."""
    subject = report.subject
    counts = f"({report.offences:,} in {report.year}, {report.previous_offences:,} in "
    counts += f"{report.year - 1})"
    change = report.change
    if change is None:
        trend = f"{_sentence_case(subject)}: {report.offences:,} in {report.year}, none recorded "
        trend += "the previous year"
    elif round(change * 100) == 0:
        trend = f"{_sentence_case(subject)} were unchanged from the previous year {counts}"
    else:
        verb = "rose" if change > 0 else "fell"
        trend = f"{_sentence_case(subject)} {verb} {abs(round(change * 100))}% from the previous "
        trend += f"year {counts}"
    arrested = _plural(report.arrests, "suspect", "suspects")
    cases = _plural(report.cases, "case", "cases")
    return f"{trend}; {arrested} arrested in {cases}."


def _check(year: int, prefix: str, today: date) -> None:
    if not FIRST_YEAR <= year <= today.year:
        raise InvalidArgument(f"year: between {FIRST_YEAR} and {today.year}")
    if prefix and not (prefix.isdigit() and len(prefix) <= 6):
        raise InvalidArgument("iccsPrefix: up to 6 digits, or empty for every category")


def _two_years(wanted: Slice, year: int) -> Slice:
    return Slice(since=date(year - 1, 1, 1), until=wanted.until, iccs_prefix=wanted.iccs_prefix)


async def _pair(ctx: Context, measure: str, wanted: Slice, year: int) -> tuple[int, int]:
    """This year's count and last year's, from one figure grouped by year over both."""
    rows = await analysis.figures(ctx, measure, ["year"], _two_years(wanted, year))
    by_year = {r.period: r.count for r in rows}
    return by_year.get(str(year), 0), by_year.get(str(year - 1), 0)


async def _months(ctx: Context, wanted: Slice, year: int) -> list[MonthPair]:
    rows = await analysis.figures(ctx, "offences", ["month"], _two_years(wanted, year))
    by_month = {r.period: r.count for r in rows}
    return [
        MonthPair(
            month=m,
            count=by_month.get(f"{year:04d}-{m:02d}", 0),
            previous_count=by_month.get(f"{year - 1:04d}-{m:02d}", 0),
        )
        for m in range(1, 13)
    ]


async def yearly_report(ctx: Context, year: int, iccs_prefix: str = DRUGS) -> YearlyReport:
    _check(year, iccs_prefix, ctx.clock.now().date())
    wanted = Slice(
        since=date(year, 1, 1), until=date(year + 1, 1, 1), iccs_prefix=iccs_prefix or None
    )
    offences = await _pair(ctx, "offences", wanted, year)
    cases = await _pair(ctx, "cases", wanted, year)
    arrests = await _pair(ctx, "arrests", wanted, year)
    crackdown = await analysis_operations.crackdown_results(ctx, [], wanted)
    return YearlyReport(
        year=year,
        iccs_prefix=iccs_prefix,
        offences=offences[0],
        previous_offences=offences[1],
        cases=cases[0],
        previous_cases=cases[1],
        arrests=arrests[0],
        previous_arrests=arrests[1],
        months=await _months(ctx, wanted, year),
        drugs=await analysis.drug_seizures(ctx, wanted),
        crackdown=crackdown[0] if crackdown else None,
        top_provinces=await analysis.top_provinces(ctx, "offences", wanted, 10),
    )
