import pytest

from tests.browser.fixtures import (  # noqa: F401 - fixtures
    axe_check,
    browser,
    new_page,
    wall_server,
)
from tests.factories import make_world


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture(autouse=True)
def _hungarian_by_default(settings):
    settings.LANGUAGE_CODE = "hu"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: values cached by an earlier test (the filter
    choices of `core.cache`, say) describe rows that test's rollback removed."""
    from django.core.cache import cache

    cache.clear()
