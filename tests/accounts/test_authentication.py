"""E-mail login, sign-up with verification, password reset, lockout and hashing."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from cultiva.accounts.models import User
from cultiva.core.models import ActivityLog
from tests.factories import PASSWORD, make_user


def test_passwords_are_hashed_with_argon2_in_production_settings():
    import cultiva.settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.django_db
def test_login_with_email(client):
    make_user("anna@example.org")
    response = client.post(
        reverse("account_login"), {"login": "anna@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("core:dashboard")).status_code == 200


@pytest.mark.django_db
def test_signup_requires_email_verification(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "uj.tag@example.org",
            "password1": "hosszú-jelszó-2026",
            "password2": "hosszú-jelszó-2026",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="uj.tag@example.org")
    assert not user.emailaddress_set.get().verified
    # Until the address is verified, logging in leads to the verification notice.
    client.logout()
    client.post(
        reverse("account_login"), {"login": "uj.tag@example.org", "password": "hosszú-jelszó-2026"}
    )
    assert client.get(reverse("core:dashboard")).status_code == 302
    link = re.search(r"http://[^\s]+/accounts/confirm-email/[^\s]+", mail.outbox[-1].body).group(0)
    client.post(link.replace("http://testserver", ""))
    assert user.emailaddress_set.get().verified
    # Both changes are in the activity log, the person themselves the actor.
    logged = ActivityLog.objects.filter(target_id=str(user.pk), actor=user).order_by("id")
    assert list(logged.values_list("verb", flat=True)) == [
        "account.signed_up",
        "account.email_confirmed",
    ]


@pytest.mark.django_db
def test_password_reset_sends_a_working_link(client):
    user = make_user("bela@example.org")
    client.post(reverse("account_reset_password"), {"email": "bela@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(
        r"http://testserver(/accounts/password/reset/key/[^\s]+)", mail.outbox[0].body
    ).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    client.post(form_url, {"password1": "új-jelszó-Hargita-9", "password2": "új-jelszó-Hargita-9"})
    user.refresh_from_db()
    assert user.check_password("új-jelszó-Hargita-9")


@pytest.mark.django_db
def test_repeated_failures_lock_the_account(client):
    make_user("csaba@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("account_login"), {"login": "csaba@example.org", "password": "rossz"})
    response = client.post(
        reverse("account_login"), {"login": "csaba@example.org", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert (
        "Fiók zárolva" in response.content.decode() or "Account locked" in response.content.decode()
    )
    assert client.get(reverse("core:dashboard")).status_code == 302


def test_deploy_checks_are_clean_with_production_settings(monkeypatch):
    import subprocess
    import sys
    from pathlib import Path

    env = {
        "CULTIVA_SECRET_KEY": "x" * 20 + "-production-secret-key-with-enough-entropy-9f8e7d6c",
        "CULTIVA_HTTPS": "true",
        "CULTIVA_DEBUG": "false",
        "CULTIVA_ALLOWED_HOSTS": "cultiva.example.org",
        "CULTIVA_SITE_URL": "https://cultiva.example.org",
        "DJANGO_SETTINGS_MODULE": "cultiva.settings",
        "PATH": "/usr/bin:/bin",
    }
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, str(root / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=root,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- a workshop's room behind one address ----------------------------------------------------

ROOM_ADDRESS = "192.0.2.10"


def login(client, email, password, address=ROOM_ADDRESS):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address
    )


@pytest.fixture
def fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_lockout_is_per_account_and_address_not_per_room(client, fresh_cache):
    from django.test import Client

    make_user("anna@example.org")
    make_user("bela@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "anna@example.org", "rossz").status_code == 200
    assert login(client, "anna@example.org", "rossz").status_code == 429  # the fifth locks
    # Anna is locked out from the room's address, even with the right password …
    assert login(client, "anna@example.org", PASSWORD).status_code == 429
    # … and typing her address in capitals is the same account.
    assert login(Client(), "ANNA@example.org", PASSWORD).status_code == 429
    # Béla, on the same Wi-Fi, still logs in.
    other = Client()
    response = login(other, "bela@example.org", PASSWORD)
    assert response.status_code == 302
    assert other.get(reverse("core:dashboard")).status_code == 200
    # Anna from another address (her phone's mobile data) is not locked either.
    assert login(Client(), "anna@example.org", PASSWORD, address="198.51.100.7").status_code == 302


@pytest.mark.django_db
def test_failed_attempts_record_the_account(client, fresh_cache):
    from axes.models import AccessAttempt

    make_user("csilla@example.org")
    login(client, "Csilla@Example.org", "rossz")
    login(client, "nobody@example.org", "rossz")
    attempts = {a.username: a for a in AccessAttempt.objects.all()}
    assert set(attempts) == {"csilla@example.org", "nobody@example.org"}
    assert attempts["csilla@example.org"].ip_address == ROOM_ADDRESS
    assert attempts["csilla@example.org"].failures_since_start == 1


@pytest.mark.django_db
def test_a_room_of_fifty_logs_in_within_a_minute(settings, fresh_cache):
    """With the production rate limits on: 50 people behind one address, 12 mistyping once."""
    import time

    from django.test import Client

    import cultiva.settings as production

    settings.ACCOUNT_RATE_LIMITS = production.ACCOUNT_RATE_LIMITS
    assert settings.ACCOUNT_RATE_LIMITS
    people = [make_user(f"resztvevo{n}@example.org") for n in range(50)]
    started = time.monotonic()
    logged_in = 0
    for n, person in enumerate(people):
        client = Client()
        if n % 4 == 0 and n < 48:
            assert login(client, person.email, "elgépelt").status_code == 200
        response = login(client, person.email, PASSWORD)
        assert response.status_code == 302, (n, response.status_code)
        assert client.get(reverse("core:dashboard")).status_code == 200
        logged_in += 1
    assert logged_in == 50
    assert time.monotonic() - started < 60


@pytest.mark.django_db
def test_one_account_still_has_a_rate_limit(settings, fresh_cache):
    """The wide per-address limits keep a per-account one: the 11th failure in 5 minutes is
    refused by allauth even when each comes from another address (and so escapes axes)."""
    import cultiva.settings as production

    settings.ACCOUNT_RATE_LIMITS = production.ACCOUNT_RATE_LIMITS
    make_user("denes@example.org")
    from django.test import Client

    for n in range(10):
        response = login(Client(), "denes@example.org", "rossz", address=f"203.0.113.{n + 1}")
        assert response.status_code == 200
        assert "denes@example.org" in response.content.decode()
    response = login(Client(), "denes@example.org", PASSWORD, address="203.0.113.99")
    assert response.status_code == 200  # the form again, refusing even the right password
    assert response.context["form"].errors.as_data()["__all__"][0].code == (
        "too_many_login_attempts"
    )
    assert not response.wsgi_request.user.is_authenticated
