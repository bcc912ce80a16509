"""The SVG map of Harghita's administrative units."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from cultiva.core import maps

SVG = "{http://www.w3.org/2000/svg}"


def test_every_unit_is_one_path_with_both_names():
    units, height = maps.load_units()
    assert len(units) == 67
    assert len({unit.siruta for unit in units}) == 67
    assert 400 < height < 900  # taller than wide: the county runs north-south
    svg = maps.choropleth(counts={}, title="Térkép")
    root = ET.fromstring(str(svg))  # noqa: S314 - our own output
    paths = root.findall(f"{SVG}path")
    assert len(paths) == 67
    titles = [path.find(f"{SVG}title").text for path in paths]
    assert any("Csíkszereda / Miercurea Ciuc" in title for title in titles)
    assert all(title.endswith(": 0") for title in titles)


def test_coordinates_stay_inside_the_view_box():
    svg = str(maps.choropleth(counts={}, title="T"))
    width, height = map(float, re.search(r'viewBox="0 0 (\S+) (\S+)"', svg).groups())
    numbers = [float(n) for d in re.findall(r' d="([^"]+)"', svg) for n in re.findall(r"[\d.]+", d)]
    assert min(numbers) >= 0
    assert max(numbers) <= max(width, height) + 0.5


def test_fill_by_count_in_five_classes():
    units, _height = maps.load_units()
    counts = {unit.siruta: index for index, unit in enumerate(units)}  # 0 … 66
    classes = maps.legend_classes(counts)
    assert len(classes) == 5
    assert [c.low for c in classes] == [0, 1, 17, 34, 51]
    assert classes[-1].high == 66
    svg = str(maps.choropleth(counts=counts, title="T", count_label="{count} db"))
    fills = set(re.findall(r'fill="(#[0-9a-f]{6})"', svg))
    assert fills == set(maps.CLASS_COLOURS)
    assert "66 db" in svg


def test_small_counts_get_fewer_classes():
    assert [(c.low, c.high) for c in maps.legend_classes({1: 2})] == [(0, 0), (1, 1), (2, 2)]
    assert [(c.low, c.high) for c in maps.legend_classes({})] == [(0, 0)]


def test_names_are_escaped_and_unknown_codes_ignored():
    svg = str(maps.choropleth(counts={1: 5}, title="<b>", description="a & b"))
    assert "<b>" not in svg and "&lt;b&gt;" in svg and "a &amp; b" in svg
    units, _h = maps.load_units()
    linked = str(maps.choropleth(counts={}, title="T", links={units[0].siruta: "/x?a=1&b=2"}))
    assert 'href="/x?a=1&amp;b=2"' in linked
