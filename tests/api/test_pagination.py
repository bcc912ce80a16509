"""Page-number pagination: counts, next and previous links, stable order, hard limits."""

from __future__ import annotations

import pytest
from django.test import Client

from cultiva.core.models import Settlement
from tests.factories import make_county, make_settlement

pytestmark = pytest.mark.django_db


@pytest.fixture
def sixty_settlements(db):
    make_county()
    for n in range(60):
        # Equal Romanian names on purpose: the order must still be stable (by SIRUTA).
        make_settlement(f"Falu {n // 3}", f"Sat {n // 3:02d}", siruta=100000 + n)
    return Settlement.objects.count()


def test_pages_follow_each_other(sixty_settlements):
    client = Client()
    first = client.get("/api/v1/territory/settlements").json()
    assert first["count"] == sixty_settlements == 60
    assert first["page"] == 1
    assert first["page_size"] == 50
    assert len(first["items"]) == 50
    assert first["previous"] is None
    assert first["next"].endswith("/api/v1/territory/settlements?page=2")

    second = client.get(first["next"]).json()
    assert len(second["items"]) == 10
    assert second["next"] is None
    assert second["previous"].endswith("page=1")

    seen = [s["siruta"] for s in first["items"] + second["items"]]
    assert len(set(seen)) == 60


def test_page_size_and_filters_are_kept_in_links(sixty_settlements):
    client = Client()
    url = "/api/v1/territory/settlements?q=Sat&page_size=7"
    pages, next_url = [], url
    while next_url:
        data = client.get(next_url).json()
        assert data["page_size"] == 7
        pages.append([s["siruta"] for s in data["items"]])
        next_url = data["next"]
        if next_url:
            assert "q=Sat" in next_url and "page_size=7" in next_url
    assert len(pages) == 9
    flat = [siruta for page in pages for siruta in page]
    assert flat == sorted(flat)  # names "Sat 00", "Sat 00", ... then SIRUTA breaks ties
    assert len(set(flat)) == 60


def test_page_after_the_last_is_empty(sixty_settlements):
    data = Client().get("/api/v1/territory/settlements?page=5&page_size=50").json()
    assert data["items"] == []
    assert data["count"] == 60
    assert data["next"] is None
    assert "page=2" in data["previous"]


def test_largest_page_size_is_allowed(sixty_settlements):
    data = Client().get("/api/v1/territory/settlements?page_size=200").json()
    assert len(data["items"]) == 60


@pytest.mark.parametrize("query", ["page=0", "page=-1", "page=x", "page_size=0", "page_size=201"])
def test_bad_page_parameters(sixty_settlements, query):
    response = Client().get(f"/api/v1/territory/settlements?{query}")
    assert response.status_code == 422
    assert response.json()["detail"]
