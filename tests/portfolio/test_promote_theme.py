"""Promoting a theme: the facilitator chooses the lead organisation and edits a proposed summary."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cultiva.ideas.models import Contribution
from cultiva.portfolio.models import Project
from cultiva.synthesis.models import Theme, ThemeMembership
from tests.factories import make_contribution


@pytest.fixture
def theme(world):
    theme = Theme.objects.create(
        process=world.process, label="Népzene", keywords=["népzene", "tánc", "tábor"]
    )
    texts = [  # (score: closeness to the theme's centre, title, body, language)
        (0.2, "Távoli ötlet", "Ez a legkevésbé jellemző. Kimarad.", "hu"),
        (0.9, "Népzenei tábor", "Nyári népzenei tábor a csíki fiataloknak. Két hétig tart.", "hu"),
        (0.8, "Tabără", "Tabără de muzică populară pentru tineri. În fiecare vară.", "ro"),
        (0.7, "Táncház", "Heti táncház a művelődési házban.", "hu"),
    ]
    for score, title, body, language in texts:
        contribution = make_contribution(
            world.process,
            world.member,
            title=title,
            body=body,
            language=language,
            organisation=world.organisation,
        )
        ThemeMembership.objects.create(theme=theme, contribution=contribution, score=score)
    return theme


def promote_url(world, theme):
    return reverse("synthesis:theme_promote", args=[world.process.slug, theme.pk])


def test_the_summary_is_proposed_from_the_most_representative_contributions(client, world, theme):
    client.force_login(world.facilitator)
    form = client.get(promote_url(world, theme)).context["form"]
    summary_hu, summary_ro, _en = form["summary"].value()
    assert summary_hu == (
        "Nyári népzenei tábor a csíki fiataloknak. Két hétig tart.\n\n"
        "Heti táncház a művelődési házban."
    )
    assert summary_ro == "Tabără de muzică populară pentru tineri. În fiecare vară."
    assert "Kimarad" not in summary_hu and "népzene, tánc" not in summary_hu  # no keyword list
    # No lead organisation is chosen for the facilitator, and the list can be filtered.
    assert form["lead_organisation"].value() is None
    assert "data-searchable" in str(form["lead_organisation"])


def test_the_lead_organisation_is_required_and_the_edited_summary_is_kept(client, world, theme):
    client.force_login(world.facilitator)
    data = {
        "title_hu": "Népzenei program",
        "summary_hu": "A facilitátor saját összefoglalója.",
        "summary_ro": "",
    }
    response = client.post(promote_url(world, theme), data)
    assert response.status_code == 200 and not Project.objects.exists()
    assert response.context["form"].errors["lead_organisation"]
    # Nothing typed is lost.
    assert "A facilitátor saját összefoglalója." in response.content.decode()
    response = client.post(
        promote_url(world, theme), {**data, "lead_organisation": world.other_organisation.pk}
    )
    project = Project.objects.get()
    assert response.status_code == 302
    assert project.lead_organisation == world.other_organisation
    assert project.summary == {"hu": "A facilitátor saját összefoglalója."}
    assert project.origin_links.count() == 4


def test_promoting_one_contribution_proposes_its_organisation_but_asks(client, world):
    contribution = make_contribution(
        world.process, world.member, organisation=world.organisation, status="submitted"
    )
    client.force_login(world.facilitator)
    url = reverse("portfolio:promote", args=[contribution.pk])
    form = client.get(url).context["form"]
    assert form["lead_organisation"].value() == world.organisation.pk
    client.post(url, {"title_hu": "Projekt", "lead_organisation": ""})
    assert not Project.objects.exists()
    client.post(url, {"title_hu": "Projekt", "lead_organisation": world.other_organisation.pk})
    assert Project.objects.get().lead_organisation == world.other_organisation
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.IN_PORTFOLIO
