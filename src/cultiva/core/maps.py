"""A choropleth of Harghita's administrative units, drawn on the server as inline SVG.

Plain module, no database: the unit boundaries come from `data/harghita_uat.geojson`
(WGS84), projected with an equirectangular projection whose longitudes are scaled by the
cosine of the middle latitude. Nothing is simplified. Each unit is one `<path>` with a
`<title>` (both names and the count), filled by its count in one of five classes; the
legend is returned separately as data so the page can show it as text next to the map.
No tiles, no JavaScript.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

GEOJSON = Path(__file__).resolve().parent / "data" / "harghita_uat.geojson"

# Five classes, light to dark; the darkest is the brand colour of the charts. Class 0 is
# "none". Neighbouring fills differ in lightness, and the boundaries are drawn dark.
CLASS_COLOURS = ("#f4efe6", "#e7c3a8", "#cf8a68", "#a8553a", "#7a2e1f")
STROKE_COLOUR = "#3d3a36"
WIDTH = 600


@dataclass(frozen=True)
class Unit:
    siruta: int
    name_hu: str
    name_ro: str
    path: str  # SVG path data in map coordinates


@dataclass(frozen=True)
class LegendClass:
    low: int
    high: int
    colour: str


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


@lru_cache(maxsize=4)
def load_units(path: str = str(GEOJSON), width: int = WIDTH) -> tuple[tuple[Unit, ...], int]:
    """The units with their projected paths, and the map's height for the given width."""
    with open(path, encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    points = [point for f in features for ring in _rings(f["geometry"]) for point in ring]
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    factor = math.cos(math.radians((south + north) / 2))
    scale = width / ((east - west) * factor)
    height = math.ceil((north - south) * scale)

    def project(lon: float, lat: float) -> str:
        x = (lon - west) * factor * scale
        y = (north - lat) * scale
        return f"{x:.1f} {y:.1f}"

    units = []
    for feature in features:
        properties = feature["properties"]
        data = "".join(
            "M" + "L".join(project(lon, lat) for lon, lat, *_rest in ring) + "Z"
            for ring in _rings(feature["geometry"])
            if ring
        )
        units.append(
            Unit(
                siruta=int(properties["siruta"]),
                name_hu=properties.get("name_hu") or "",
                name_ro=properties.get("name_ro") or "",
                path=data,
            )
        )
    units.sort(key=lambda unit: unit.name_ro)
    return tuple(units), height


def legend_classes(counts: Mapping[int, int]) -> list[LegendClass]:
    """Five classes: none, then four equal ranges up to the largest count."""
    largest = max((int(v) for v in counts.values()), default=0)
    classes = [LegendClass(0, 0, CLASS_COLOURS[0])]
    if largest <= 0:
        return classes
    steps = min(4, largest)
    low = 1
    for index in range(steps):
        high = largest if index == steps - 1 else max(low, round(largest * (index + 1) / steps))
        classes.append(LegendClass(low, high, CLASS_COLOURS[len(classes)]))
        low = high + 1
    return classes


def class_of(count: int, classes: list[LegendClass]) -> LegendClass:
    for legend in classes:
        if legend.low <= count <= legend.high:
            return legend
    return classes[-1]


def choropleth(
    *,
    counts: Mapping[int, int],
    title: str,
    description: str = "",
    count_label: str | Callable[[int], str] = "{count}",
    links: Mapping[int, str] | None = None,
) -> SafeString:
    """The map as inline SVG. `counts` maps SIRUTA codes to numbers (missing = 0).

    `count_label` formats the count in each unit's tooltip ("{count} contributions"), or
    gives that format for a count (an ngettext, so the noun agrees with the number);
    `links`, when given, makes a unit a link (e.g. to the list filtered by it).
    """
    units, height = load_units()
    classes = legend_classes(counts)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map fluid" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'preserveAspectRatio="xMidYMid meet" '
        f'aria-labelledby="map-title map-desc">',
        f'<title id="map-title">{escape(title)}</title>',
        f'<desc id="map-desc">{escape(description)}</desc>',
    ]
    for unit in units:
        count = int(counts.get(unit.siruta, 0))
        names = " / ".join(name for name in (unit.name_hu, unit.name_ro) if name)
        template = count_label(count) if callable(count_label) else count_label
        label = f"{names}: {template.format(count=count)}"
        path = (
            f'<path d="{unit.path}" fill="{class_of(count, classes).colour}" '
            f'stroke="{STROKE_COLOUR}" stroke-width="0.6" data-siruta="{unit.siruta}">'
            f"<title>{escape(label)}</title></path>"
        )
        href = (links or {}).get(unit.siruta)
        if href:
            path = f'<a href="{escape(href)}">{path}</a>'
        parts.append(path)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
