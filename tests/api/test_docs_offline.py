"""The API documentation works without internet (a county's intranet): the page and its Swagger
UI come from the application itself."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client

DOCS = "/api/v1/docs"


def asset_urls(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+)"', html)


@pytest.mark.django_db
def test_docs_page_names_no_other_host_and_its_assets_are_served():
    client = Client()
    response = client.get(DOCS)
    assert response.status_code == 200
    html = response.content.decode()
    assets = asset_urls(html)
    assert any(url.endswith("swagger-ui-bundle.js") for url in assets)
    assert any(url.endswith("swagger-ui.css") for url in assets)
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", html), assets
    assert "cdn" not in html.lower()
    # The page's configuration: no call to the public validator at swagger.io.
    assert '"validatorUrl": null' in html
    for url in assets:
        assert not urlsplit(url).netloc
        assert client.get(url).status_code == 200, url


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_docs_list_the_operations_with_the_internet_cut_off(new_page, live_server):
    page = new_page()
    elsewhere: list[str] = []

    def only_the_live_server(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_live_server)
    page.goto(DOCS)
    page.wait_for_selector(".swagger-ui .info .title", timeout=15000)
    page.wait_for_selector(".opblock", timeout=15000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/processes" in path for path in paths), paths
    assert elsewhere == []
