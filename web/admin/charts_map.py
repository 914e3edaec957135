"""The 25 provinces on a tile map: a grid cartogram for the analysis pages (server-side SVG).

Each province (and the capital) is one equal square placed roughly where it lies, so that small
provinces (Kep, Pailin) read as well as large ones and a count fits in every tile. The places are
drawn here by hand from the seats' positions in the gazetteer (db/reference/gazetteer-kh.json):
north at the top, the Thai border on the left, the Gulf of Thailand at the bottom left. A
province missing from the layout is an error (tests/test_admin_analysis.py checks the gazetteer
against it). Colour is a sequential scale of five classes; the count and code are written in every
tile and the legend gives each class's range, so nothing is told by colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from web.admin.charts import INK, MUTED, nice_ceiling, number, svg_open

# (column, row) of each province code, west to east and north to south.
LAYOUT: dict[str, tuple[int, int]] = {
    "22": (2, 0),  # Oddar Meanchey
    "13": (3, 0),  # Preah Vihear
    "19": (4, 0),  # Stung Treng
    "16": (5, 0),  # Ratanak Kiri
    "01": (1, 1),  # Banteay Meanchey
    "17": (2, 1),  # Siem Reap
    "06": (3, 1),  # Kampong Thom
    "10": (4, 1),  # Kratie
    "11": (5, 1),  # Mondul Kiri
    "24": (0, 2),  # Pailin
    "02": (1, 2),  # Battambang
    "15": (2, 2),  # Pursat
    "04": (3, 2),  # Kampong Chhnang
    "03": (4, 2),  # Kampong Cham
    "25": (5, 2),  # Tboung Khmum
    "09": (1, 3),  # Koh Kong
    "05": (2, 3),  # Kampong Speu
    "12": (3, 3),  # Phnom Penh
    "08": (4, 3),  # Kandal
    "14": (5, 3),  # Prey Veng
    "20": (6, 3),  # Svay Rieng
    "18": (1, 4),  # Preah Sihanouk
    "07": (2, 4),  # Kampot
    "21": (3, 4),  # Takeo
    "23": (2, 5),  # Kep
}
# Light to dark blue (ColorBrewer "Blues"); dark tiles take white text.
SCALE = ("#deebf7", "#b3d3ea", "#7fb2d9", "#3f82bf", "#17508f")
EMPTY = "#f3f4f6"
TILE, GAP = 96, 6


@dataclass(frozen=True)
class Tile:
    code: str
    short: str  # fits in a tile: "B. Meanchey"
    name: str  # the full name, for the tooltip and the table
    count: int


def short_name(name: str, limit: int = 11) -> str:
    """A Latin name that fits a tile: "Banteay Meanchey" → "B. Meanchey"."""
    words = name.split()
    if len(name) <= limit or len(words) < 2:
        return name
    return f"{words[0][0]}. {' '.join(words[1:])}"


def classes(top: int) -> list[tuple[int, int]]:
    """Five equal ranges [low, high] from 1 to a round maximum at least ``top``."""
    ceiling, _ = nice_ceiling(top, 5)
    width = max(-(-ceiling // 5), 1)
    return [(1 + i * width, (i + 1) * width) for i in range(5)]


def _class_of(count: int, ranges: Sequence[tuple[int, int]]) -> int | None:
    if count <= 0:
        return None
    return next((i for i, (_, high) in enumerate(ranges) if count <= high), len(ranges) - 1)


def tile_map(
    tiles: Sequence[Tile], *, title: str, desc: str, legend_title: str, none_label: str
) -> Markup:
    """The grid cartogram; ``tiles`` in any order, one per province (those not given are not
    drawn: the caller passes all 25)."""
    columns = max(c for c, _ in LAYOUT.values()) + 1
    rows = max(r for _, r in LAYOUT.values()) + 1
    pitch = TILE + GAP
    legend_height = 56
    width, height = columns * pitch, rows * pitch + legend_height
    _, out = svg_open(width, height, title, desc, "tile-map")
    ranges = classes(max([t.count for t in tiles] + [1]))
    for tile in tiles:
        column, row = LAYOUT[tile.code]
        x, y = column * pitch, row * pitch
        shade = _class_of(tile.count, ranges)
        fill = EMPTY if shade is None else SCALE[shade]
        text = "#ffffff" if shade is not None and shade >= 3 else INK
        dashed = ' stroke-dasharray="4 3"' if shade is None else ""
        out.append(
            f'<g class="tile" data-province="{tile.code}" data-count="{tile.count}">'
            f"<title>{escape(tile.name)} ({tile.code}): {number(tile.count)}</title>"
            f'<rect x="{x}" y="{y}" width="{TILE}" height="{TILE}" rx="6" fill="{fill}" '
            f'stroke="#8a94a3"{dashed}/>'
            f'<text x="{x + 7}" y="{y + 16}" font-size="11" fill="{text}">{tile.code}</text>'
            f'<text x="{x + TILE / 2}" y="{y + 54}" text-anchor="middle" font-size="22" '
            f'font-weight="700" fill="{text}">{number(tile.count)}</text>'
            f'<text x="{x + TILE / 2}" y="{y + 82}" text-anchor="middle" font-size="11.5" '
            f'fill="{text}">{escape(tile.short)}</text></g>'
        )
    y = rows * pitch + 8
    out.append(
        f'<text x="0" y="{y + 12}" font-size="12" fill="{INK}">{escape(legend_title)}</text>'
    )
    swatches = [(EMPTY, none_label)] + [
        (SCALE[i], f"{number(low)}\u2013{number(high)}" if low != high else number(low))
        for i, (low, high) in enumerate(ranges)
    ]
    for index, (colour, label) in enumerate(swatches):
        x = index * 96
        out.append(
            f'<g class="legend-item"><rect x="{x}" y="{y + 22}" width="18" height="18" '
            f'fill="{colour}" stroke="#8a94a3"/><text x="{x + 24}" y="{y + 36}" font-size="12" '
            f'fill="{MUTED}">{escape(label)}</text></g>'
        )
    out.append("</svg>")
    return Markup("".join(out))
