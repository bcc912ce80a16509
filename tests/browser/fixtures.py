"""Headless Chromium through Playwright, with axe-core checks on every page visited.

The fixtures are registered once, by tests/conftest.py, for every test module: a second
registration would start a second session-wide Playwright on the same thread, which
Playwright's sync API refuses.
"""

from __future__ import annotations

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
# still ordinary synchronous calls, so Django's async guard would refuse them wrongly.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BLOCKING_IMPACTS = {"serious", "critical"}


def chromium_path() -> str | None:
    configured = os.environ.get("CULTIVA_CHROMIUM")
    if configured:
        return configured
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    executable = chromium_path()
    with playwright_api.sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=executable,
                headless=True,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                ],
            )
        except Exception as error:  # no browser at all on this machine
            if os.environ.get("CI") == "true":
                raise
            pytest.skip(f"No Chromium available: {error}")
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    contexts = []

    def open_page(viewport=None, locale="hu-HU"):
        context = browser.new_context(
            base_url=live_server.url,
            locale=locale,
            accept_downloads=True,
            viewport=viewport or {"width": 1280, "height": 900},
        )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def axe_check():
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    seen: list[str] = []

    def check(page):
        results = axe.run(page)
        blocking = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(node["target"][0] for node in v["nodes"][:3])
            for v in results.response["violations"]
            if v.get("impact") in BLOCKING_IMPACTS
        ]
        seen.append(page.url)
        assert not blocking, f"Accessibility violations on {page.url}:\n" + "\n".join(blocking)

    check.pages = seen
    return check
