"""Markdown is rendered to HTML that cannot run scripts or carry dangerous attributes."""

import pytest
from django.utils.safestring import SafeString

from cultiva.core.markdown import render_markdown


def test_formatting_survives():
    html = render_markdown(
        "# Cím\n\n**vastag** *dőlt* `kód`\n\n- egy\n- kettő\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )
    assert isinstance(html, SafeString)
    for fragment in (
        "<h2>Cím</h2>",
        "<strong>vastag</strong>",
        "<em>dőlt</em>",
        "<code>kód</code>",
        "<li>egy</li>",
        "<table>",
        "<td>1</td>",
    ):
        assert fragment in html


def test_heading_offset():
    assert "<h1>" in render_markdown("# A", heading_offset=0)
    assert "<h3>" in render_markdown("# A", heading_offset=2)
    assert "<h6>" in render_markdown("###### A", heading_offset=2)


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert('x')</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        '<img src="x" onerror="alert(1)">',
        '<a href="https://example.org" onclick="alert(1)">x</a>',
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '<iframe src="https://evil.example"></iframe>',
        "<style>body{display:none}</style>",
        '<p style="background:url(javascript:alert(1))">x</p>',
        '<svg onload="alert(1)"></svg>',
        "<!-- <script>alert(1)</script> -->",
    ],
)
def test_dangerous_input_is_removed(text):
    html = render_markdown(f"Szöveg\n\n{text}\n")
    lowered = html.lower()
    for bad in (
        "<script",
        "alert(",
        "onerror",
        "onclick",
        "onload",
        "javascript:",
        "data:",
        "<iframe",
        "<style",
        "style=",
        "<svg",
        "evil.example",
    ):
        assert bad not in lowered, (bad, html)


def test_links_get_rel_nofollow_noopener():
    html = render_markdown(
        "[Cultiva](https://example.org) <a href='http://x.example' rel='me'>x</a>"
    )
    assert '<a href="https://example.org" rel="nofollow noopener">Cultiva</a>' in html
    assert 'rel="me"' not in html
    assert 'href="mailto:a@example.org"' in render_markdown("[levél](mailto:a@example.org)")


def test_empty():
    assert render_markdown("") == "" and render_markdown("   \n") == ""
