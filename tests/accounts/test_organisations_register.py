"""A member registers an organisation; bad input is refused with a reason and loses nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cultiva.accounts.models import Membership, Organisation
from cultiva.accounts.organisations import cif_is_valid, cif_normalise
from cultiva.core.models import ActivityLog, Settlement
from tests.factories import make_organisation, make_settlement, make_term

pytestmark = pytest.mark.django_db

VALID_CIF = "14399840"


def form_data(world, **overrides) -> dict:
    data = {
        "name_hu": "Csíkszeredai Népdalkör",
        "name_ro": "Corul Popular din Miercurea Ciuc",
        "short_name": "Népdalkör",
        "legal_form": "association",
        "sector": make_term("sector", "ngo").pk,
        "settlement": (
            Settlement.objects.filter(name_hu="Csíkszereda").first() or make_settlement()
        ).pk,
        "domains": [make_term("domain", "music").pk],
        "size_band": "small",
        "registry_code": f"RO {VALID_CIF}",
        "website": "nepdalkor.example.org",
        "email": "iroda@nepdalkor.example.org",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("code", "valid"),
    [("14399840", True), ("18547290", True), ("4245763", True), ("14399841", False), ("1", False)],
)
def test_romanian_tax_code_check_digit(code, valid):
    assert cif_is_valid(code) is valid


def test_tax_code_is_read_with_or_without_the_vat_prefix():
    assert cif_normalise(" ro 1439 9840 ") == "14399840"


def test_member_registers_an_organisation_and_becomes_its_administrator(client, world):
    client.force_login(world.member)
    response = client.post(reverse("accounts:organisation_register"), form_data(world))
    organisation = Organisation.objects.get(registry_code=VALID_CIF)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:organisation_detail", args=[organisation.pk])
    assert organisation.name == {
        "hu": "Csíkszeredai Népdalkör",
        "ro": "Corul Popular din Miercurea Ciuc",
    }
    assert organisation.settlement.name_ro == "Miercurea Ciuc"
    assert organisation.website == "https://nepdalkor.example.org"
    assert organisation.created_by == world.member
    membership = Membership.objects.get(organisation=organisation)
    assert membership.user == world.member and membership.is_administrator
    assert ActivityLog.objects.filter(
        verb="organisation.registered", target_id=str(organisation.pk), actor=world.member
    ).exists()


def test_a_bad_tax_code_is_refused_and_nothing_typed_is_lost(client, world):
    client.force_login(world.member)
    before = Organisation.objects.count()
    response = client.post(
        reverse("accounts:organisation_register"), form_data(world, registry_code="14399841")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "nem érvényes romániai adószám" in page  # "is not a valid Romanian tax code"
    assert "Csíkszeredai Népdalkör" in page and "iroda@nepdalkor.example.org" in page
    assert Organisation.objects.count() == before


def test_a_registered_tax_code_is_refused_with_a_link_to_the_organisation(client, world):
    existing = make_organisation(registry_code=VALID_CIF, name="Régi Népdalkör")
    client.force_login(world.member)
    response = client.post(reverse("accounts:organisation_register"), form_data(world))
    page = response.content.decode()
    assert response.status_code == 200
    assert reverse("accounts:organisation_detail", args=[existing.pk]) in page
    assert "Régi Népdalkör" in page
    assert Organisation.objects.filter(registry_code=VALID_CIF).count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("settlement", "999999", "Válasszon érvényes elemet"),
        ("name_hu", "", "magyarul, románul vagy mindkét nyelven"),
        ("email", "not-an-address", "e-mail"),
    ],
)
def test_bad_input_is_refused_with_a_translated_reason(client, world, field, value, message):
    client.force_login(world.member)
    data = form_data(world, **{field: value})
    if field == "name_hu":
        data["name_ro"] = ""
    response = client.post(reverse("accounts:organisation_register"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Organisation.objects.filter(registry_code=VALID_CIF).exists()


def test_registering_needs_an_account(client, world):
    response = client.get(reverse("accounts:organisation_register"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_settlement_picker_is_the_shared_searchable_one_in_both_languages(client, world):
    settlement = make_settlement()
    client.force_login(world.member)
    page = client.get(reverse("accounts:organisation_register")).content.decode()
    assert "data-settlement-picker" in page
    assert f'<option value="{settlement.pk}">Csíkszereda / Miercurea Ciuc</option>' in page


def test_an_administrator_edits_the_organisation_and_the_change_is_logged(client, world):
    client.force_login(world.member)
    client.post(reverse("accounts:organisation_register"), form_data(world))
    organisation = Organisation.objects.get(registry_code=VALID_CIF)
    response = client.post(
        reverse("accounts:organisation_edit", args=[organisation.pk]),
        form_data(world, short_name="Dalkör"),
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.short_name == "Dalkör"
    log = ActivityLog.objects.get(verb="organisation.updated", target_id=str(organisation.pk))
    assert log.changes == {"fields": ["short_name"]}


def test_someone_who_is_not_an_administrator_cannot_edit(client, world):
    client.force_login(world.outsider)
    url = reverse("accounts:organisation_edit", args=[world.organisation.pk])
    assert client.get(url).status_code == 403
