"""A member submits through the form on a phone: draft, extra field, submit, escaped title."""

import pytest

from cultiva.ideas.models import Contribution, ExtraField
from tests.factories import PASSWORD, make_term, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
PAYLOAD = "<img src=x onerror=alert(1)> Tánchá<script>alert(1)</script>z"


def test_member_submits_from_a_phone(new_page, axe_check):
    world = make_world()
    folk = make_term("domain", "folk", hu="Népi hagyományok", ro="Tradiții populare")
    ExtraField.objects.create(
        process=world.process,
        key="kozonseg",
        label={"hu": "Várt közönség (fő)", "ro": "Public așteptat", "en": "Expected audience"},
        help_text={"hu": "Hány embert vár?"},
        kind=ExtraField.Kind.NUMBER,
        is_required=True,
    )
    slug = world.process.slug
    dialogs = []

    page = new_page(viewport=PHONE)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto("/accounts/login/")
    page.fill("input[name=login]", world.member.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/me/")

    page.goto(f"/p/{slug}/contributions/new/")
    axe_check(page)
    page.check("input[name=kind][value=idea]")
    page.fill("input[name=title]", PAYLOAD)
    page.fill("textarea[name=body]", "Táncház minden hónapban a művelődési házban, élőzenével.")
    page.check(f"input[name=domains][value='{folk.pk}']")
    page.select_option("select[name=organisation]", str(world.organisation.pk))
    # The form fits the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The required extra field is left empty first: the form comes back with the text kept.
    page.locator("button[name=save_draft]").click()
    page.wait_for_load_state()
    axe_check(page)
    assert page.locator("input[name=title]").input_value() == PAYLOAD
    assert not Contribution.objects.exists()
    page.get_by_label("Várt közönség (fő)").fill("120")
    page.locator("button[name=save_draft]").click()
    page.wait_for_url("**/contributions/*/")
    axe_check(page)

    contribution = Contribution.objects.get()
    assert contribution.status == Contribution.Status.DRAFT
    assert contribution.extra == {"kozonseg": "120"}
    assert page.locator("h1").inner_text() == PAYLOAD
    assert "120" in page.locator("main").inner_text()

    page.locator(f"a[href='/contributions/{contribution.pk}/edit/']").click()
    page.wait_for_url("**/edit/")
    axe_check(page)
    page.locator("button[name=submit]").click()
    page.wait_for_url(f"**/contributions/{contribution.pk}/")
    axe_check(page)
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.SUBMITTED

    page.goto(f"/p/{slug}/contributions/")
    axe_check(page)
    assert page.get_by_text(PAYLOAD).count() >= 1
    page.goto(f"/contributions/{contribution.pk}/history/")
    axe_check(page)
    assert dialogs == []
    assert page.locator("img[src=x]").count() == 0


def test_every_field_kind_and_the_template_editor_are_accessible(new_page, axe_check):
    world = make_world()
    make_term("domain", "folk", hu="Népi hagyományok", ro="Tradiții populare")
    choices = [{"hu": "Igen, sokan", "ro": "Da"}, {"hu": "Kevesen", "ro": "Puțini"}]
    for position, (kind, _label) in enumerate(ExtraField.Kind.choices):
        ExtraField.objects.create(
            process=world.process,
            key=f"f-{kind}".replace("_", "-"),
            label={"hu": f"Kérdés {position}", "ro": f"Întrebare {position}"},
            help_text={"hu": f"Súgó {position}"},
            kind=kind,
            choices=choices,
            is_required=position % 2 == 0,
            position=position,
        )
    slug = world.process.slug
    page = new_page(viewport=PHONE)
    page.goto("/accounts/login/")
    page.fill("input[name=login]", world.coordinator.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/me/")
    for url in (
        f"/p/{slug}/contributions/new/",
        f"/p/{slug}/contributions/enter/",
        f"/p/{slug}/contribution-form/",
        f"/p/{slug}/contribution-form/add/",
    ):
        page.goto(url)
        axe_check(page)
    page.goto(f"/p/{slug}/contributions/new/")
    page.locator("button[name=submit]").click()  # everything empty: errors shown
    page.wait_for_load_state()
    axe_check(page)
    assert page.locator(".has-error").count() >= 5
