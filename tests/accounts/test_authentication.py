"""E-mail login, sign-up with verification, password reset, lockout and hashing."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from cultiva.accounts.models import User
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
