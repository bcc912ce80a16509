"""Deployment safety: the public development key is refused once DEBUG is off."""

from __future__ import annotations

import secrets

from cultiva.core.checks import check_secret_key, refuse_insecure_secret_key
from cultiva.settings import _INSECURE_DEV_KEY
from tests.isolated import manage, run_python

# The deploy check as an operator runs it: a separate process on the real settings, HTTPS on.
HTTPS = {"CULTIVA_HTTPS": "true"}


def test_deploy_check_refuses_the_development_key_with_debug_off(tmp_path):
    result = manage(["check", "--deploy"], tmp_path, **HTTPS)
    assert result.returncode != 0
    assert "cultiva.E001" in result.stderr
    assert "development key" in result.stderr


def test_deploy_check_passes_with_a_random_key(tmp_path):
    result = manage(
        ["check", "--deploy"],
        tmp_path,
        CULTIVA_SECRET_KEY=random_key(),
        CULTIVA_SITE_URL="https://kultura.example.ro",
        **HTTPS,
    )
    assert result.returncode == 0, result.stderr
    assert "cultiva.E001" not in result.stderr


def test_development_key_is_accepted_while_debugging(settings):
    settings.DEBUG = True
    settings.SECRET_KEY = _INSECURE_DEV_KEY
    assert check_secret_key() == []
    refuse_insecure_secret_key()


def random_key() -> str:
    return secrets.token_urlsafe(50)


def test_asgi_server_refuses_to_start_with_the_development_key(tmp_path):
    result = run_python("import cultiva.asgi", tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "development key" in result.stderr
    assert "CULTIVA_SECRET_KEY" in result.stderr


def test_wsgi_server_refuses_to_start_with_the_development_key(tmp_path):
    result = run_python("import cultiva.wsgi", tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_server_starts_with_a_key_from_the_environment(tmp_path):
    result = run_python("import cultiva.asgi", tmp_path, CULTIVA_SECRET_KEY=random_key())
    assert result.returncode == 0, result.stderr


def test_make_run_stores_a_random_key_once_and_the_server_starts(tmp_path):
    """`make run` calls make_secret_key first: the demo works out of the box with DEBUG off."""
    assert manage(["make_secret_key"], tmp_path).returncode == 0
    key_file = tmp_path / "secret_key"
    first = key_file.read_text().strip()
    assert len(first) >= 50
    assert first != _INSECURE_DEV_KEY
    assert key_file.stat().st_mode & 0o077 == 0
    assert manage(["make_secret_key"], tmp_path).returncode == 0
    assert key_file.read_text().strip() == first

    result = run_python(
        "import cultiva.asgi; from django.conf import settings; print(settings.SECRET_KEY)",
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == first
