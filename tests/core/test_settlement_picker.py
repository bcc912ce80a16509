"""Settlements in the reader's alphabet, and one searchable picker for every settlement field."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from cultiva.core.collation import collation_key, hungarian_key, romanian_key, sorted_by_name
from cultiva.core.forms import SettlementChoiceField, SettlementField
from cultiva.ideas.forms import ContributionForm
from cultiva.ideas.models import Contribution, ExtraField
from cultiva.ideas.template_fields import build_field
from cultiva.meetings.forms.programme import MeetingForm
from tests.factories import PASSWORD, make_settlement, make_term, make_world

# --- the collation keys ----------------------------------------------------------------------


def test_hungarian_alphabet():
    names = [
        "Zetelaka", "Őr", "Ölyves", "Oroszhegy", "Ócfalva", "Szentegyháza", "Sándorfalva",
        "Csíkszereda", "Cekend", "Ábrahámfalva", "Abod", "Gyergyóditró", "Galócás",
    ]  # fmt: skip
    assert sorted(names, key=hungarian_key) == [
        "Abod", "Ábrahámfalva",  # á sorts with a: the next letters decide
        "Cekend", "Csíkszereda",  # cs is a letter after c
        "Galócás", "Gyergyóditró",  # gy after g
        "Ócfalva", "Oroszhegy",
        "Ölyves", "Őr",  # ö and ő after o and ó
        "Sándorfalva", "Szentegyháza",  # sz after s
        "Zetelaka",
    ]  # fmt: skip


def test_hungarian_long_vowel_after_short_when_otherwise_equal():
    assert sorted(["ár", "ar", "Ár"], key=hungarian_key)[0] == "ar"
    assert hungarian_key("kör") < hungarian_key("kőr") < hungarian_key("kör2")


def test_romanian_alphabet():
    names = ["Zetea", "Țaga", "Tulgheș", "Şimonești", "Suseni", "Siculeni", "Sâncrăieni",
             "Ălbești", "Armășeni", "Înălțat", "Izvoare"]  # fmt: skip
    assert sorted(names, key=romanian_key) == [
        "Armășeni", "Ălbești",  # ă after a
        "Izvoare", "Înălțat",  # î after i
        "Sâncrăieni", "Siculeni", "Suseni", "Şimonești",  # ş (cedilla) as ș, after s
        "Tulgheș", "Țaga",  # ț after t
        "Zetea",
    ]  # fmt: skip


def test_other_languages_ignore_accents():
    assert sorted(["Zetea", "Ábrahámfalva", "Bod"], key=lambda n: collation_key(n, "en")) == [
        "Ábrahámfalva", "Bod", "Zetea",
    ]  # fmt: skip


def test_the_active_language_decides():
    names = ["Suseni", "Șimonești"]
    with translation.override("hu"):
        assert sorted_by_name(names) == ["Șimonești", "Suseni"]  # ș read as s
    with translation.override("ro"):
        assert sorted_by_name(names) == ["Suseni", "Șimonești"]  # ș after s


# --- the shared picker -----------------------------------------------------------------------


@pytest.fixture
def settlements(db):
    return [
        make_settlement("Szentegyháza", "Vlăhița"),
        make_settlement("Csíkszentdomokos", "Sândominic"),
        make_settlement("Cekend", "Cechend"),
        make_settlement("Székelyudvarhely", "Odorheiu Secuiesc"),
        make_settlement("Siménfalva", "Șimonești"),
    ]


def labels(field) -> list[str]:
    return [str(label) for value, label in field.choices if value != ""]


def test_choices_follow_the_readers_alphabet(settlements):
    field = SettlementChoiceField()
    with translation.override("hu"):
        assert labels(field) == [
            "Cekend / Cechend",
            "Csíkszentdomokos / Sândominic",  # cs after c
            "Siménfalva / Șimonești",
            "Székelyudvarhely / Odorheiu Secuiesc",  # sz after s; é with e, then k < n
            "Szentegyháza / Vlăhița",
        ]
    with translation.override("ro"):
        assert labels(field) == [
            "Cechend / Cekend",
            "Odorheiu Secuiesc / Székelyudvarhely",
            "Sândominic / Csíkszentdomokos",  # â after a, before i
            "Șimonești / Siménfalva",  # ș after s
            "Vlăhița / Szentegyháza",
        ]


def test_every_settlement_field_uses_the_one_picker(world, settlements):
    extra = ExtraField(process=world.process, key="hol", label={"hu": "Hol?"}, kind="settlement")
    fields = {
        "contribution": ContributionForm.base_fields["settlements"],
        "meeting": MeetingForm.base_fields["settlement"],
        "extra field": build_field(extra),
    }
    for name, field in fields.items():
        assert isinstance(field, SettlementField | SettlementChoiceField), name
        html = field.widget.render("s", None, attrs={"id": "id_s"})
        assert "data-settlement-picker" in html, name
        assert 'src="/static/cultiva/settlement-picker.js"' in html, name
        assert 'data-search-label="' in html, name


def test_picker_script_is_served(client, db):
    assert client.get("/static/cultiva/settlement-picker.js").status_code == 200


def test_contribution_form_page_offers_the_picker_sorted(client, world, settlements):
    client.force_login(world.member)
    page = client.get(
        reverse("ideas:create", args=[world.process.slug]), HTTP_ACCEPT_LANGUAGE="hu"
    ).content.decode()
    select = page.split('name="settlements"', 1)[1].split("</select>", 1)[0]
    mine = {settlement.name_hu for settlement in settlements}
    names = [name for name in re.findall(r">([^<>/]+) /", select) if name in mine]
    assert names == [
        "Cekend", "Csíkszentdomokos", "Siménfalva", "Székelyudvarhely", "Szentegyháza",
    ]  # fmt: skip
    assert "data-settlement-picker" in page


# --- in a browser ----------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_member_finds_a_settlement_by_typing(new_page, axe_check):
    world = make_world()
    folk = make_term("domain", "folk", hu="Népi hagyományok", ro="Tradiții populare")
    for hu, ro in [("Csíkszentdomokos", "Sândominic"), ("Szentegyháza", "Vlăhița"),
                   ("Gyergyószentmiklós", "Gheorgheni")]:  # fmt: skip
        make_settlement(hu, ro)
    page = new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", world.member.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/me/")
    page.goto(f"/p/{world.process.slug}/contributions/new/")
    search = page.get_by_role("searchbox", name="Település keresése")
    axe_check(page)
    search.fill("gheorg")  # the Romanian name, without its accents
    visible = page.locator("select[name=settlements] option:not([hidden])")
    assert visible.all_inner_texts() == ["Gyergyószentmiklós / Gheorgheni"]
    page.select_option("select[name=settlements]", label="Gyergyószentmiklós / Gheorgheni")
    search.fill("szentd")
    assert page.locator("select[name=settlements] option:not([hidden])").all_inner_texts() == [
        "Csíkszentdomokos / Sândominic",
        "Gyergyószentmiklós / Gheorgheni",  # chosen: stays in sight
    ]
    page.check("input[name=kind][value=idea]")
    page.fill("input[name=title]", "Táncház")
    page.fill("textarea[name=body]", "Táncház minden hónapban a művelődési házban.")
    page.check(f"input[name=domains][value='{folk.pk}']")
    page.locator("button[name=save_draft]").click()
    page.wait_for_url("**/contributions/*/")
    contribution = Contribution.objects.get()
    assert [s.name_hu for s in contribution.settlements.all()] == ["Gyergyószentmiklós"]
