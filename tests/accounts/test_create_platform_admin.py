"""`manage.py create_platform_admin`: the first account of a new installation."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.urls import reverse

from cultiva.accounts.models import User
from tests.factories import make_user

pytestmark = pytest.mark.django_db

STRONG = "kék-hegyek-alatt-2027"


def _answers(monkeypatch, inputs, passwords):
    inputs, passwords = iter(inputs), iter(passwords)
    monkeypatch.setattr("builtins.input", lambda prompt="": next(inputs))
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(passwords))


def test_with_arguments_creates_a_platform_admin_who_can_log_in(client):
    call_command("create_platform_admin", "admin@example.org", name="Kovács Anna", password=STRONG)
    admin = User.objects.get(email="admin@example.org")
    assert admin.is_staff and admin.is_superuser and admin.full_name == "Kovács Anna"
    assert EmailAddress.objects.get(user=admin).verified
    response = client.post(
        reverse("account_login"), {"login": "admin@example.org", "password": STRONG}
    )
    assert response.status_code == 302
    assert client.get(reverse("processes:setup_list")).status_code == 200


def test_interactive_prompt_asks_address_name_and_password_twice(monkeypatch):
    _answers(monkeypatch, ["operator@example.org", "Szabó Béla"], [STRONG, STRONG])
    call_command("create_platform_admin")
    admin = User.objects.get(email="operator@example.org")
    assert admin.is_superuser and admin.check_password(STRONG)


def test_bad_address_weak_or_differing_password_is_refused(monkeypatch):
    with pytest.raises(CommandError, match="not a valid e-mail address"):
        call_command("create_platform_admin", "not-an-address", name="X", password=STRONG)
    with pytest.raises(CommandError, match="too weak"):
        call_command("create_platform_admin", "a@example.org", name="X", password="12345678")
    _answers(monkeypatch, [], [STRONG, STRONG + "x"])
    with pytest.raises(CommandError, match="differ"):
        call_command("create_platform_admin", "a@example.org", name="X")
    assert not User.objects.exists()


def test_existing_person_becomes_platform_admin_and_keeps_the_password():
    person = make_user("coordinator@example.org", full_name="Régi Név")
    call_command("create_platform_admin", "Coordinator@example.org")
    person.refresh_from_db()
    assert person.is_staff and person.is_superuser and person.full_name == "Régi Név"
    assert User.objects.count() == 1
