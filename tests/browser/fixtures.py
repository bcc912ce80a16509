"""Headless Chromium through Playwright, with axe-core checks on every page visited.

The fixtures are registered once, by tests/conftest.py, for every test module: a second
registration would start a second session-wide Playwright on the same thread, which
Playwright's sync API refuses.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import threading
import time
from types import SimpleNamespace

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


# Every page runs under the site's Content-Security-Policy; a test fails if the browser
# refused anything. The listener and the binding come through the DevTools protocol, which the
# policy does not govern (as axe-core's injection through page.evaluate).
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cultivaCspViolation(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline"} on ` +
    `${document.location.pathname} (${event.sourceFile || "page"}:${event.lineNumber})`
  );
});
"""


def watch_csp(context, violations: list[str]) -> None:
    def record(description: str) -> None:
        violations.append(description)

    context.expose_function("__cultivaCspViolation", record)
    context.add_init_script(CSP_LISTENER)

    def on_console(message):
        if "Content Security Policy" in message.text:
            violations.append(f"console: {message.text}")

    context.on("console", on_console)


@contextlib.contextmanager
def page_opener(browser, base_url: str, **options):
    """open_page(viewport=None, locale="hu-HU") for a test, and a failure at teardown if the
    Content-Security-Policy refused anything on any of its pages."""
    contexts = []
    violations: list[str] = []

    def open_page(viewport=None, locale="hu-HU"):
        context = browser.new_context(
            base_url=base_url,
            locale=locale,
            viewport=viewport or {"width": 1280, "height": 900},
            **options,
        )
        watch_csp(context, violations)
        contexts.append(context)
        return context.new_page()

    open_page.csp_violations = violations
    try:
        yield open_page
    finally:
        for context in contexts:
            context.close()
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(dict.fromkeys(violations)))


@pytest.fixture
def new_page(browser, live_server):
    with page_opener(browser, live_server.url, accept_downloads=True) as open_page:
        yield open_page


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


# pytest-django's live server speaks only HTTP; the live wall needs a WebSocket. This serves
# the project's ASGI application with uvicorn in a thread of this process (the same test
# database, SQLite or PostgreSQL).
@pytest.fixture
def wall_server(transactional_db, settings):
    uvicorn = pytest.importorskip("uvicorn")
    from channels.auth import AuthMiddlewareStack
    from channels.routing import ProtocolTypeRouter, URLRouter
    from channels.security.websocket import AllowedHostsOriginValidator
    from django.core.asgi import get_asgi_application

    from cultiva.ideas.wall.routing import websocket_urlpatterns

    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    application = ProtocolTypeRouter(
        {
            "http": get_asgi_application(),
            "websocket": AllowedHostsOriginValidator(
                AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
            ),
        }
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            application, host="127.0.0.1", port=port, log_level="warning", lifespan="off"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    else:
        pytest.fail("uvicorn did not start")
    yield SimpleNamespace(url=f"http://127.0.0.1:{port}")
    server.should_exit = True
    thread.join(timeout=10)


def log_in(page, email: str, password: str | None = None) -> None:
    """Log in through the site's own form and wait for the person's page."""
    from tests.factories import PASSWORD

    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password or PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/me/")
