"""Passwords: Argon2id at a cost a room logging in together can bear, old hashes upgraded."""

import argon2
import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, make_password

from cultiva import settings as production
from tests.factories import make_user

# The tests run with a fast hasher; these are the ones a real install uses.
PRODUCTION_HASHERS = production.PASSWORD_HASHERS


def parameters(encoded: str):
    return argon2.extract_parameters("$" + encoded.split("$", 1)[1])


def test_new_passwords_use_owasp_argon2id_parameters(settings):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    params = parameters(make_password("hosszú jelszó"))
    assert (params.type, params.memory_cost, params.time_cost, params.parallelism) == (
        argon2.Type.ID,
        19 * 1024,
        2,
        1,
    )


@pytest.mark.django_db
def test_a_hash_made_with_djangos_defaults_still_logs_in_and_is_upgraded(client, settings):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    person = make_user("regi@example.org")
    person.password = Argon2PasswordHasher().encode("régi jelszó", Argon2PasswordHasher().salt())
    person.save()
    assert parameters(person.password).memory_cost == 102400
    assert check_password("régi jelszó", person.password)

    response = client.post(
        "/accounts/login/", {"login": "regi@example.org", "password": "régi jelszó"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert parameters(person.password).memory_cost == 19 * 1024
