"""The SVG chart helpers on their own: accessible names, visible numbers, scales, and labels."""

from __future__ import annotations

from decimal import Decimal

import pytest

from web.admin.charts import Bar, Series, bar_chart, change_text, line_chart, nice_ceiling, quantity
from web.admin.charts_map import LAYOUT, Tile, classes, short_name, tile_map


def test_every_chart_is_an_image_with_a_title_and_a_description() -> None:
    drawn = [
        bar_chart(
            [Bar("Kep", 3, 2)],
            title="T<1>",
            desc="D&1",
            current_label="2026",
            previous_label="2025",
        ),
        line_chart(["Jan"], [Series("2026", [4])], title="T<2>", desc="D&2"),
        tile_map(
            [Tile("23", "Kep", "Kep", 5)],
            title="T<3>",
            desc="D&3",
            legend_title="Count",
            none_label="None",
        ),
    ]
    for n, svg in enumerate(drawn, start=1):
        assert svg.startswith("<svg") and 'role="img"' in svg and "aria-labelledby" in svg
        assert f"T&lt;{n}&gt;</title>" in svg and f"D&amp;{n}</desc>" in svg  # escaped


def test_bars_write_their_numbers_and_change_and_hatch_the_year_before() -> None:
    svg = bar_chart(
        [Bar("Phnom Penh", 12, 10), Bar("Kep", 0, 4)],
        title="t",
        desc="d",
        current_label="2026",
        previous_label="2025",
    )
    assert ">12 (+20%)<" in svg and ">0 (-100%)<" in svg and ">10<" in svg and ">4<" in svg
    assert "url(#chart-" in svg and "<pattern" in svg  # the previous year is hatched, not a hue
    assert (
        bar_chart([], title="t", desc="d", current_label="2026", empty_label="Nothing").count(
            "Nothing"
        )
        == 1
    )


def test_a_line_leaves_out_the_months_to_come() -> None:
    svg = line_chart(
        ["Jan", "Feb", "Mar"],
        [Series("2026", [5, 7, None]), Series("2025", [1, 2, 3], True)],
        title="t",
        desc="d",
    )
    current = svg.split('data-series="2026"')[1].split('data-series="2025"')[0]
    assert current.count('class="point"') == 2 and ">7<" in current
    assert 'stroke-dasharray="6 4"' in svg.split('data-series="2025"')[1]


@pytest.mark.parametrize(
    ("top", "expected"), [(0, (1, 1)), (7, (8, 2)), (103, (150, 50)), (1936, (2000, 500))]
)
def test_axes_end_on_round_numbers(top: int, expected: tuple[int, int]) -> None:
    assert nice_ceiling(top) == expected


def test_map_classes_cover_the_largest_count() -> None:
    assert classes(136) == [(1, 30), (31, 60), (61, 90), (91, 120), (121, 150)]
    assert classes(1)[0] == (1, 1)
    svg = tile_map(
        [Tile(code, code, code, int(code)) for code in LAYOUT],
        title="t",
        desc="d",
        legend_title="Count",
        none_label="None",
    )
    assert svg.count('class="tile"') == 25 and 'data-province="25" data-count="25"' in svg


def test_labels_and_quantities_fit() -> None:
    assert short_name("Banteay Meanchey") == "B. Meanchey"
    assert short_name("Phnom Penh") == "Phnom Penh"
    assert quantity("19.929363") == "19.929" and quantity(Decimal("412236")) == "412\u202f236"
    assert quantity("0.02") == "0.02" and quantity("4") == "4"
    assert change_text(3, 0) == "" and change_text(3, 4) == "-25%"
