"""A database that cannot be reached gives a translated 503 "try again", and the site recovers."""

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.middleware.locale import LocaleMiddleware
from django.test import Client

pytestmark = pytest.mark.django_db


def refuse_connections(monkeypatch):
    """Every query fails as it does when PostgreSQL is down or refuses new clients."""

    def refused(self, *args, **kwargs):
        raise OperationalError(
            'connection to server at "127.0.0.1", port 1 failed: Connection refused'
        )

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refused)


def test_page_answers_503_in_the_visitors_language_then_recovers(world, monkeypatch):
    client = Client(raise_request_exception=False)
    url = f"/p/{world.process.slug}/"
    assert client.get(url).status_code == 200

    with monkeypatch.context() as patch:
        refuse_connections(patch)
        response = client.get(url)
        assert response.status_code == 503
        assert response["Retry-After"] == "10"
        text = response.content.decode()
        assert "Átmenetileg nem érhető el" in text
        assert "Próbálja újra" in text
        assert f'href="{url}"' in text

        client.cookies["django_language"] = "ro"
        romanian = client.get(url)
        assert romanian.status_code == 503
        assert "Temporar indisponibil" in romanian.content.decode()
        del client.cookies["django_language"]

    assert client.get(url).status_code == 200


def test_api_answers_503_json_then_recovers(world, monkeypatch):
    client = Client(raise_request_exception=False)
    url = f"/api/v1/processes/{world.process.slug}/contributions"
    assert client.get(url).status_code == 200

    with monkeypatch.context() as patch:
        refuse_connections(patch)
        response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]

    assert client.get(url).status_code == 200


def test_failure_outside_the_view_is_a_503_too(world, monkeypatch):
    """What a middleware raises reaches handler500, which answers 503 for the database."""
    client = Client(raise_request_exception=False)

    def refused(self, request):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(LocaleMiddleware, "process_request", refused)
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"


def test_other_errors_stay_500(world, monkeypatch):
    client = Client(raise_request_exception=False)

    def broken(self, request):
        raise ValueError("a bug")

    monkeypatch.setattr(LocaleMiddleware, "process_request", broken)
    assert client.get("/").status_code == 500
