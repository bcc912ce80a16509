import pytest

from tests.browser.fixtures import axe_check, browser, new_page  # noqa: F401 - fixtures
from tests.factories import make_world


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture(autouse=True)
def _hungarian_by_default(settings):
    settings.LANGUAGE_CODE = "hu"
