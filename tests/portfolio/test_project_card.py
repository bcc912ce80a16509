"""Editing a project's card: who may, what is kept, bad input, and edits made on an old version."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cultiva.core.models import ActivityLog
from cultiva.portfolio import services
from cultiva.portfolio.models import Project
from tests.factories import make_settlement, make_term

EDITORS = {"lead_member", "facilitator", "coordinator"}


def edit_url(project):
    return reverse("portfolio:edit", args=[project.process.slug, project.pk])


def card_data(project, **changes):
    data = {
        "version": project.version,
        "title_hu": "Hagyományőrző tábor",
        "title_ro": "Tabără de tradiții",
        "title_en": "",
        "summary_hu": "Nyári tábor gyerekeknek.",
        "summary_ro": "",
        "summary_en": "",
        "objectives_hu": "Átadni a néptáncot.",
        "objectives_ro": "",
        "objectives_en": "",
        "rationale_hu": "",
        "rationale_ro": "Lipsesc taberele.",
        "rationale_en": "",
        "expected_results_hu": "",
        "expected_results_ro": "",
        "expected_results_en": "60 children",
        "lead_organisation": project.lead_organisation_id or "",
        "budget_total": "120000",
        "currency": "RON",
    }
    data.update(changes)
    return data


def partner_rows(*organisations) -> dict:
    """The card's partner formset with these organisations (no role)."""
    data = {"partners-TOTAL_FORMS": str(len(organisations)), "partners-INITIAL_FORMS": "0"}
    for index, organisation in enumerate(organisations):
        data[f"partners-{index}-organisation"] = organisation
    return data


@pytest.mark.parametrize(
    "who",
    [
        "lead_member",
        "other_org_member",
        "facilitator",
        "coordinator",
        "member",
        "other_process_coordinator",
        "anonymous",
    ],
)
def test_who_may_open_and_save_the_card(client, world, project, people, who):
    title_before = dict(project.title)
    if people[who]:
        client.force_login(people[who])
    page = client.get(edit_url(project))
    detail = client.get(reverse("portfolio:detail", args=[project.pk])).content.decode()
    response = client.post(edit_url(project), card_data(project))
    project.refresh_from_db()
    if who in EDITORS:
        assert page.status_code == 200
        assert edit_url(project) in detail
        assert response.status_code == 302
        assert project.title == {"hu": "Hagyományőrző tábor", "ro": "Tabără de tradiții"}
    else:
        # Read-only: the published project is shown, without the edit button; saving fails.
        assert page.status_code in (302, 403) and response.status_code in (302, 403)
        assert edit_url(project) not in detail
        assert project.title == title_before
        assert project.version == 1 and project.summary == {"hu": "Régi összefoglaló"}


def test_the_lead_organisation_saves_every_field(client, world, project):
    domain = make_term("domain", "music", hu="Zene", ro="Muzică")
    settlement = make_settlement("Gyergyószentmiklós", "Gheorgheni")
    client.force_login(world.member)
    response = client.post(
        edit_url(project),
        card_data(
            project,
            **partner_rows(world.other_organisation.pk),
            settlements=[settlement.pk],
            domains=[domain.pk],
            currency="EUR",
        ),
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.version == 2
    assert project.summary == {"hu": "Nyári tábor gyerekeknek."}
    assert project.objectives == {"hu": "Átadni a néptáncot."}
    assert project.rationale == {"ro": "Lipsesc taberele."}
    assert project.expected_results == {"en": "60 children"}
    assert project.budget_total == Decimal("120000") and project.currency == "EUR"
    assert list(project.partners.all()) == [world.other_organisation]
    assert list(project.settlements.all()) == [settlement]
    assert list(project.domains.all()) == [domain]
    entry = ActivityLog.objects.get(verb="project.updated")
    assert entry.actor == world.member and "partners" in entry.changes
    page = client.get(reverse("portfolio:detail", args=[project.pk])).content.decode()
    assert "Átadni a néptáncot." in page and world.other_organisation.name["hu"] in page


def test_only_staff_change_the_lead_organisation(client, world, project):
    client.force_login(world.member)
    form = client.get(edit_url(project)).context["form"]
    assert form.fields["lead_organisation"].disabled
    client.post(
        edit_url(project), card_data(project, lead_organisation=world.other_organisation.pk)
    )
    project.refresh_from_db()
    assert project.lead_organisation == world.organisation  # the posted value is ignored
    with pytest.raises(PermissionDenied):
        services.project_update(
            actor=world.member,
            project=project,
            expected_version=project.version,
            **{**_same_card(project), "lead_organisation": world.other_organisation},
        )
    client.force_login(world.facilitator)
    client.post(
        edit_url(project), card_data(project, lead_organisation=world.other_organisation.pk)
    )
    project.refresh_from_db()
    assert project.lead_organisation == world.other_organisation


def _same_card(project: Project) -> dict:
    return {
        "title": project.title,
        "summary": project.summary,
        "objectives": project.objectives,
        "rationale": project.rationale,
        "expected_results": project.expected_results,
        "lead_organisation": project.lead_organisation,
        "partners": list(project.partners.all()),
        "settlements": list(project.settlements.all()),
        "domains": list(project.domains.all()),
        "budget_total": project.budget_total,
        "currency": project.currency,
    }


def test_bad_input_is_refused_with_translated_messages(client, world, project):
    client.force_login(world.member)
    response = client.post(
        edit_url(project),
        card_data(
            project,
            title_hu="",
            title_ro="",
            budget_total="-3",
            currency="lej",
            **partner_rows("999999"),
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Legalább egy nyelven adja meg a szöveget." in page
    assert "RON vagy EUR" in page  # the currency's own message, in Hungarian
    assert 'value="lej"' in page  # nothing typed is lost
    project.refresh_from_db()
    assert project.version == 1 and project.summary == {"hu": "Régi összefoglaló"}


def test_an_edit_based_on_an_old_version_is_refused(client, world, project):
    client.force_login(world.member)
    old_form = client.get(edit_url(project)).context["form"]
    assert old_form.initial["version"] == 1
    # Meanwhile the facilitator saves the card.
    services.project_update(
        actor=world.facilitator,
        project=project,
        expected_version=1,
        **{**_same_card(project), "summary": {"hu": "A facilitátor változata"}},
    )
    response = client.post(edit_url(project), card_data(project, version=1))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Valaki más" in page  # "Someone else saved a newer version …", in Hungarian
    assert "Nyári tábor gyerekeknek." in page  # the member's typing is still in the form
    project.refresh_from_db()
    assert project.summary == {"hu": "A facilitátor változata"} and project.version == 2
    assert response.context["form"]["version"].value() == "2"
    # Having seen the message, saving again is a deliberate choice, and it goes through.
    client.post(edit_url(project), card_data(project, version=2))
    project.refresh_from_db()
    assert project.summary == {"hu": "Nyári tábor gyerekeknek."} and project.version == 3


def test_the_service_refuses_a_stale_version(world, project):
    with pytest.raises(ValidationError) as refused:
        services.project_update(
            actor=world.coordinator, project=project, expected_version=7, **_same_card(project)
        )
    assert refused.value.code == "stale"


def test_a_project_of_another_process_is_not_found_through_this_one(client, world, people):
    from tests.factories import make_process, make_project

    other = make_project(make_process(), lead_organisation=world.organisation)
    client.force_login(world.coordinator)
    url = reverse("portfolio:edit", args=[world.process.slug, other.pk])
    assert client.get(url).status_code == 404
