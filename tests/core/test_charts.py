"""Server-side SVG bar charts: accessible, escaped, safe to put in a template."""

import xml.etree.ElementTree as ET

import pytest
from django.utils.safestring import SafeString

from cultiva.core.charts import bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg):
    return ET.fromstring(str(svg))  # noqa: S314 - our own output, not untrusted input


def test_bar_chart_is_an_accessible_svg_image():
    svg = bar_chart(title="Értékelés", labels=["1", "2", "3"], values=[0, 2, 5])
    assert isinstance(svg, SafeString)
    root = parse(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}title").text == "Értékelés"
    assert root.find(f"{SVG}desc").get("id") == desc_id
    assert root.find(f"{SVG}desc").text == "1: 0; 2: 2; 3: 5"
    widths = [float(rect.get("width")) for rect in root.iter(f"{SVG}rect")]
    assert widths[0] == 0 and widths[1] < widths[2]


def test_texts_are_escaped_and_ids_unique():
    first = bar_chart(title="<script>x</script>", labels=["<b>a</b>"], values=[1], description="&")
    second = bar_chart(title="t", labels=["a"], values=[1])
    assert "<script>" not in first and "<b>" not in first
    assert "&lt;script&gt;" in first and "&amp;" in first
    parse(first)  # still well-formed
    first_id = parse(first).get("aria-labelledby")
    assert first_id != parse(second).get("aria-labelledby")


def test_empty_and_mismatched():
    parse(bar_chart(title="t", labels=[], values=[]))
    parse(bar_chart(title="t", labels=["a", "b"], values=[0, 0]))
    with pytest.raises(ValueError):
        bar_chart(title="t", labels=["a"], values=[1, 2])
