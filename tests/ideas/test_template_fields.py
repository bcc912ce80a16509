"""Every kind of extra field on the contribution form: stored as JSON, refused when wrong."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from cultiva.ideas import template_fields
from cultiva.ideas.models import Contribution, ExtraField
from tests.factories import make_settlement, make_term
from tests.ideas.test_submission_helpers import domain, form_data, make_field

CHOICES = [{"hu": "Gyerekek", "ro": "Copii", "en": "Children"}, {"hu": "Idősek", "ro": "Vârstnici"}]


def _post(client, world, term, extra: dict):
    client.force_login(world.member)
    return client.post(reverse("ideas:create", args=[world.process.slug]), form_data(term, **extra))


def _cases():
    """(kind, field options, posted values, stored value) for valid input."""
    return [
        ("text", {}, {"extra__f": "Hosszabb szöveg"}, "Hosszabb szöveg"),
        ("number", {}, {"extra__f": "12.50"}, "12.50"),
        ("single_choice", {"choices": CHOICES}, {"extra__f": "Idősek"}, "Idősek"),
        (
            "multiple_choice",
            {"choices": CHOICES},
            {"extra__f": ["Gyerekek", "Idősek"]},
            ["Gyerekek", "Idősek"],
        ),
        ("money_range", {}, {"extra__f_min": "1000", "extra__f_max": "2500.5"}, None),
        ("yes_no", {}, {"extra__f": "no"}, False),
        ("date", {}, {"extra__f": "2027-03-15"}, "2027-03-15"),
    ]


@pytest.mark.parametrize(("kind", "options", "posted", "stored"), _cases())
def test_valid_values_are_stored_json_safe(client, world, kind, options, posted, stored):
    term = domain()
    make_field(world.process, "f", kind, is_required=True, **options)
    response = _post(client, world, term, posted)
    assert response.status_code == 302, response.context["form"].errors
    contribution = Contribution.objects.get()
    if kind == "money_range":
        stored = {"min": "1000", "max": "2500.5"}
    assert contribution.extra == {"f": stored}


def test_settlement_and_domain_fields_store_ids_and_show_names(client, world):
    term = domain()
    settlement = make_settlement("Gyergyószentmiklós", "Gheorgheni")
    other_domain = make_term("domain", "music", hu="Zene", ro="Muzică", en="Music")
    make_field(world.process, "hely", "settlement", label={"hu": "Helyszín", "en": "Venue"})
    make_field(world.process, "ter", "domain", label={"hu": "Fő terület", "en": "Main domain"})
    response = _post(
        client, world, term, {"extra__hely": settlement.pk, "extra__ter": other_domain.pk}
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.extra == {"hely": settlement.pk, "ter": other_domain.pk}
    page = client.get(reverse("ideas:detail", args=[contribution.pk])).content.decode()
    assert "Helyszín" in page and "Gyergyószentmiklós" in page
    assert "Fő terület" in page and "Zene" in page
    english = client.get(reverse("ideas:detail", args=[contribution.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 200


INVALID = [
    ("number", {}, {"extra__f": "tizenkettő"}),
    ("single_choice", {"choices": CHOICES}, {"extra__f": "Felnőttek"}),
    ("multiple_choice", {"choices": CHOICES}, {"extra__f": ["Gyerekek", "Senki"]}),
    ("settlement", {}, {"extra__f": "999999"}),
    ("domain", {}, {"extra__f": "abc"}),
    ("money_range", {}, {"extra__f_min": "5000", "extra__f_max": "100"}),
    ("money_range", {}, {"extra__f_min": "-5", "extra__f_max": "100"}),
    ("yes_no", {}, {"extra__f": "maybe"}),
    ("date", {}, {"extra__f": "2027-02-31"}),
    ("text", {}, {"extra__f": "x" * 4001}),
]


@pytest.mark.parametrize(("kind", "options", "posted"), INVALID)
def test_invalid_values_are_refused_and_nothing_is_lost(client, world, kind, options, posted):
    term = domain()
    make_field(world.process, "f", kind, **options)
    response = _post(client, world, term, posted | {"partners": "Csíki Kamarazenekar"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "extra__f" in form.errors
    page = response.content.decode()
    assert "Népdalkörök találkozója" in page and "Csíki Kamarazenekar" in page
    if kind in ("number", "money_range", "date", "text"):  # what was typed is shown again
        for value in posted.values():
            assert value in page
    assert not Contribution.objects.exists()


@pytest.mark.parametrize("kind", [k for k, _label in ExtraField.Kind.choices])
def test_required_fields_must_be_filled(client, world, kind):
    term = domain()
    make_field(world.process, "f", kind, is_required=True, choices=CHOICES)
    response = _post(client, world, term, {})
    assert response.status_code == 200 and "extra__f" in response.context["form"].errors
    assert not Contribution.objects.exists()


def test_error_message_is_in_the_users_language(client, world):
    term = domain()
    make_field(world.process, "f", "money_range")
    client.force_login(world.member)
    response = client.post(
        reverse("ideas:create", args=[world.process.slug]),
        form_data(term, extra__f_min="9", extra__f_max="1"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    with translation.override("en"):
        expected = translation.gettext("The lower amount cannot be more than the upper amount.")
    assert response.context["form"].errors["extra__f"] == [expected]


def test_labels_and_help_in_the_users_language(client, world):
    make_field(
        world.process,
        "f",
        "text",
        label={"hu": "Magyar címke", "ro": "Etichetă română", "en": "English label"},
        help_text={"hu": "Magyar súgó", "ro": "Ajutor român", "en": "English help"},
        is_required=True,
    )
    client.force_login(world.member)
    url = reverse("ideas:create", args=[world.process.slug])
    hungarian = client.get(url).content.decode()
    assert "Magyar címke" in hungarian and "Magyar súgó" in hungarian
    romanian = client.get(url, HTTP_ACCEPT_LANGUAGE="ro").content.decode()
    assert "Etichetă română" in romanian and "Ajutor român" in romanian


def test_base_amount_range_must_be_ordered(client, world):
    response = _post(
        client, world, domain(), {"resources_amount_min": "900", "resources_amount_max": "100"}
    )
    assert response.status_code == 200
    assert "resources_amount_max" in response.context["form"].errors
    assert not Contribution.objects.exists()


def test_parse_and_format_choices_round_trip():
    text = "Gyerekek | Copii | Children\n  \nIdősek | Vârstnici"
    choices = template_fields.parse_choices(text)
    assert choices == [
        {"hu": "Gyerekek", "ro": "Copii", "en": "Children"},
        {"hu": "Idősek", "ro": "Vârstnici"},
    ]
    assert template_fields.parse_choices(template_fields.format_choices(choices)) == choices
