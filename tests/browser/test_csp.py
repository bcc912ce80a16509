"""The browser tests' own guard: a Content-Security-Policy refusal on a page fails the test."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_injected_inline_script_is_refused_and_recorded(new_page, live_server):
    page = new_page()
    response = page.goto("/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    with pytest.raises(Exception, match="Content Security Policy|CSP|Refused"):
        page.add_script_tag(content="document.body.dataset.injected = 'yes'")
    page.wait_for_timeout(200)
    assert page.evaluate("document.body.dataset.injected") is None
    assert any("script-src" in v for v in new_page.csp_violations), new_page.csp_violations
    # The refusal was the point here; the fixture would fail the test on it otherwise.
    new_page.csp_violations.clear()


def test_api_docs_render_under_the_policy(new_page):
    """Swagger UI comes from django-ninja's own static files, without inline script."""
    page = new_page()
    page.goto("/api/v1/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=15000)
    page.wait_for_selector(".opblock", timeout=15000)
