"""The analysis pages over HTTP on the constructed data set (tests/analysis_data.py,
``build_report``): the SVG charts carry the known numbers, the map has the 25 provinces, and a
provincial officer's page counts only the province."""

from __future__ import annotations

import re

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from db import reference
from db.clock import FixedClock
from tests import factories as f
from tests.admin_support import signed_in
from tests.analysis_data import build_report
from web.admin.charts_map import LAYOUT

EN = {"Accept-Language": "en"}
TILE = re.compile(r'data-province="(\d\d)" data-count="(\d+)"')


@pytest.fixture
async def data(session: AsyncSession) -> None:
    await build_report(session)


def tiles(html: str) -> dict[str, int]:
    return {code: int(n) for code, n in TILE.findall(html)}


def bars(html: str) -> dict[str, int]:
    return {
        k: int(v)
        for k, v in re.findall(r'class="bar" data-label="([^"]+)" data-value="(\d+)"', html)
    }


async def test_the_map_places_every_province_of_the_gazetteer_once() -> None:
    codes = {p["code"] for p in reference.gazetteer()["provinces"]}
    assert set(LAYOUT) == codes and len(codes) == 25
    assert len(set(LAYOUT.values())) == 25  # no two provinces on one square


async def test_the_analysis_page_draws_the_year_and_the_year_before(
    data: None, admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    await signed_in(
        admin_client, session, clock, "national_analyst", unit_row=await f.unit(session)
    )
    page = await admin_client.get("/admin/analysis", params={"year": "2026"}, headers=EN)
    assert page.status_code == 200, page.text
    html = page.text
    assert html.count('data-chart="line-chart"') == 1 and html.count('data-chart="bar-chart"') == 1
    assert "<title" in html and "<desc" in html
    assert tiles(html) == {**{code: 0 for code in LAYOUT}, "12": 12, "17": 3, "02": 6}
    assert 'data-total="21"' in html
    # The comparison by province: 2026 against 2025, the change written beside.
    assert bars(html) == {"Phnom Penh": 12, "Battambang": 6, "Siemreap": 3}
    assert ">12 (0%)<" in html and ">6<" in html  # 12 against 12; Battambang, none before
    assert ">3 (-25%)<" in html  # Siem Reap: 3 against 4
    # The trend: 2026's months written above the points (March: 3 = theft + 2 drugs).
    series = html.split('data-series="2026"', 1)[1].split("</g></g>", 1)[0]
    assert 'data-value="3"' in series
    assert "methamphetamine" in html and "Crackdown results, 2026" in html


async def test_filters_narrow_every_figure(
    data: None, admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    await signed_in(
        admin_client, session, clock, "national_analyst", unit_row=await f.unit(session)
    )
    asked = {"year": "2026", "category": "06", "measure": "OFFENCES", "compare": "CATEGORY"}
    page = await admin_client.get("/admin/analysis", params=asked, headers=EN)
    assert page.status_code == 200, page.text
    assert tiles(page.text)["12"] == 2 and tiles(page.text)["17"] == 1
    assert list(bars(page.text).values()) == [3]
    arrests = await admin_client.get(
        "/admin/analysis", params={"year": "2026", "measure": "ARRESTS"}, headers=EN
    )
    assert tiles(arrests.text)["12"] == 2


async def test_a_bad_choice_is_named_and_the_default_shown(
    data: None, admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    await signed_in(
        admin_client, session, clock, "national_analyst", unit_row=await f.unit(session)
    )
    page = await admin_client.get(
        "/admin/analysis", params={"year": "1850", "measure": "VIBES"}, headers=EN
    )
    assert page.status_code == 200
    assert 'id="year-problems"' in page.text and 'id="measure-problems"' in page.text
    assert "Choose a year from the list." in page.text


async def test_a_provincial_officer_sees_only_the_province_on_the_map(
    data: None, admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    await signed_in(
        admin_client, session, clock, "specialist", unit_row=await f.unit(session, province="12")
    )
    page = await admin_client.get("/admin/analysis", params={"year": "2026"}, headers=EN)
    assert page.status_code == 200, page.text
    counts = tiles(page.text)
    assert counts["12"] == 12 and sum(counts.values()) == 12 and len(counts) == 25
    assert set(bars(page.text)) == {"Phnom Penh"}
    report = await admin_client.get("/admin/analysis/report", params={"year": "2026"}, headers=EN)
    assert report.status_code == 200, report.text
    assert sum(tiles(report.text).values()) == 2
    assert "were unchanged from the previous year" in report.text


async def test_the_yearly_report_page(
    data: None, admin_client: httpx.AsyncClient, session: AsyncSession, clock: FixedClock
) -> None:
    await signed_in(
        admin_client, session, clock, "national_analyst", unit_row=await f.unit(session)
    )
    page = await admin_client.get("/admin/analysis/report", params={"year": "2026"}, headers=EN)
    assert page.status_code == 200, page.text
    html = page.text
    assert "Drug-related crimes rose 50% from the previous year" in html
    assert "2 suspects arrested in 1 case" in html
    assert tiles(html) == {**{code: 0 for code in LAYOUT}, "12": 2, "17": 1}
    assert 'data-chart="line-chart"' in html and 'data-chart="bar-chart"' in html
    khmer = await admin_client.get(
        "/admin/analysis/report", params={"year": "2026"}, headers={"Accept-Language": "km"}
    )
    assert khmer.status_code == 200 and "Drug-related crimes rose" not in khmer.text
    assert "50%" in khmer.text
