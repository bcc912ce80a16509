"""The Content-Security-Policy: sent on pages, and no template relies on what it forbids.

The browser tests fail on any refusal on the pages they visit; this scan covers every
template, visited or not.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cultiva.core.charts import bar_chart
from cultiva.core.maps import choropleth

SRC = Path(__file__).resolve().parents[2] / "src" / "cultiva"
# Rendered only into PDFs by WeasyPrint, never served as a page.
PDF_ONLY = {
    "meetings/certificates/document.html",
    "strategy/document.html",
    "portfolio/catalogue/document.html",
}
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\b(?:src|nonce)=)(?![^>]*application/json)[^>]*>")
STYLE_BLOCK = re.compile(r"<style\b(?![^>]*\bnonce=)")
STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*["']""")
EVENT_HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""")


def served_templates():
    for path in sorted(SRC.glob("**/templates/**/*.html")):
        name = path.as_posix().split("/templates/", 1)[1]
        if name not in PDF_ONLY:
            yield name, path.read_text(encoding="utf-8")


def directives_of(policy: str) -> dict[str, str]:
    """The policy's directives by name (their order in the header means nothing)."""
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


@pytest.mark.django_db
def test_pages_carry_a_strict_policy(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    directives = directives_of(policy)
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"  # a nonce is added only where a page uses one
    assert directives["style-src"] == "'self'"
    # The live wall's WebSocket: the page's own host only, also for pre-CSP3 browsers.
    assert directives["connect-src"] == "'self' ws://testserver"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in policy


@pytest.mark.django_db
def test_over_https_the_wall_socket_is_wss_to_the_same_host(client, settings):
    settings.ALLOWED_HOSTS = ["cultiva.example.org"]
    response = client.get("/", secure=True, headers={"host": "cultiva.example.org"})
    policy = response.headers["Content-Security-Policy"]
    assert directives_of(policy)["connect-src"] == "'self' wss://cultiva.example.org"


@pytest.mark.django_db
def test_a_refused_host_gets_no_host_in_the_policy(client, settings):
    settings.ALLOWED_HOSTS = ["cultiva.example.org"]
    response = client.get("/", headers={"host": "evil.example.com"})
    assert response.status_code == 400
    assert "evil" not in response.headers.get("Content-Security-Policy", "")


def test_no_template_needs_inline_script_or_style():
    found = []
    for name, text in served_templates():
        for label, pattern in (
            ("inline <script>", INLINE_SCRIPT),
            ("<style> block", STYLE_BLOCK),
            ("style attribute", STYLE_ATTRIBUTE),
            ("event handler attribute", EVENT_HANDLER),
        ):
            found += [f"{name}: {label}: {match.group(0)!r}" for match in pattern.finditer(text)]
    assert not found, "\n".join(found)


def test_charts_and_maps_size_themselves_without_style_attributes():
    chart = bar_chart(labels=["a", "b"], values=[1, 2], title="t", description="d")
    the_map = choropleth(counts={}, title="t", description="d")
    for svg in (chart, the_map):
        assert "style=" not in svg
        assert 'class="' in svg and "fluid" in svg
