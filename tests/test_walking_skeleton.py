"""The thin path through the pipeline, driven through the pages as people use them."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cultiva.core.models import ActivityLog
from cultiva.ideas.models import Contribution
from cultiva.portfolio.models import Project
from cultiva.strategy.models import MeasureProject
from tests.factories import make_meeting, make_settlement, make_strategy, make_term

TITLE_HU = "Székelyföldi népdalkör őszi találkozója – Csíkszentdomokos"
TITLE_RO = "Întâlnirea de toamnă a corurilor din Ținutul Secuiesc – Sândominic"


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def domain(db):
    return make_term(
        "domain",
        "folk-traditions",
        hu="Népi hagyományok",
        ro="Tradiții populare",
        en="Folk traditions",
    )


def submit_idea(client, world, domain, **overrides):
    settlement = make_settlement("Csíkszentdomokos", "Sândominic")
    meeting = make_meeting(world.process)
    data = {
        "kind": "idea",
        "title": TITLE_HU,
        "body": "Évente megrendezett találkozó a megye népdalköreinek, fiatal tagokkal.",
        "language": "hu",
        "domains": [domain.pk],
        "settlements": [settlement.pk],
        "organisation": world.organisation.pk,
        "meeting": meeting.pk,
        "time_horizon": "short",
        "submit": "",
    } | overrides
    data = {key: value for key, value in data.items() if value is not None}
    client.force_login(world.member)
    return client.post(reverse("ideas:create", args=[world.process.slug]), data)


def test_workshop_to_strategy_pdf(client, world, domain):
    response = submit_idea(client, world, domain)
    contribution = Contribution.objects.get(title=TITLE_HU)
    assert response.status_code == 302
    assert contribution.status == Contribution.Status.SUBMITTED
    assert contribution.source == Contribution.Source.MEETING
    assert contribution.organisation == world.organisation
    assert [s.name_hu for s in contribution.settlements.all()] == ["Csíkszentdomokos"]

    client.force_login(world.facilitator)
    response = client.post(
        reverse("portfolio:promote", args=[contribution.pk]),
        {
            "title_hu": TITLE_HU,
            "title_ro": TITLE_RO,
            "title_en": "",
            "summary_hu": "Összefoglaló",
            "summary_ro": "",
            "summary_en": "",
            "budget_total": "45000",
            "lead_organisation": world.organisation.pk,
        },
    )
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "portfolio:detail", args=[project.pk]
    )
    assert project.title == {"hu": TITLE_HU, "ro": TITLE_RO}
    assert list(project.origins.all()) == [contribution]
    assert list(project.domains.all()) == [domain]
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.IN_PORTFOLIO
    detail = client.get(reverse("ideas:detail", args=[contribution.pk])).content.decode()
    assert project.code in detail  # the contribution shows the project it fed
    from cultiva.ideas.models import Notification

    told = Notification.objects.get(person=world.member, verb="contribution.promoted")
    assert project.code in told.text

    strategy, measure = make_strategy(world.process)
    client.force_login(world.coordinator)
    client.post(reverse("portfolio:link_measure", args=[project.pk]), {"measure": measure.pk})
    assert MeasureProject.objects.filter(measure=measure, project=project).exists()

    page = client.get(reverse("strategy:detail", args=[strategy.pk])).content.decode()
    assert TITLE_HU in page
    for language, expected in [("hu", TITLE_HU), ("ro", TITLE_RO)]:
        response = client.get(reverse("strategy:pdf", args=[strategy.pk]), {"lang": language})
        assert response["Content-Type"] == "application/pdf"
        text = pdf_text(response.content)
        assert expected in " ".join(text.split()), text[:500]
    assert "Strategia culturală a județului Harghita" in " ".join(
        pdf_text(
            client.get(reverse("strategy:pdf", args=[strategy.pk]), {"lang": "ro"}).content
        ).split()
    )

    verbs = set(ActivityLog.objects.values_list("verb", flat=True))
    assert {
        "contribution.submitted",
        "contribution.in_portfolio",
        "project.promoted",
        "strategy.measure_linked",
        "strategy.exported",
    } <= verbs
    entry = ActivityLog.objects.get(verb="contribution.in_portfolio")
    assert entry.actor == world.facilitator
    assert entry.changes["status"] == ["submitted", "in_portfolio"]


def test_draft_then_submit(client, world, domain):
    submit_idea(client, world, domain, save_draft="", submit=None)
    contribution = Contribution.objects.get()
    assert contribution.status == Contribution.Status.DRAFT and contribution.submitted_at is None
    client.post(reverse("ideas:status", args=[contribution.pk]), {"status": "submitted"})
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.SUBMITTED
    assert contribution.submitted_at is not None


def test_invalid_idea_form_shows_translated_errors_and_keeps_input(client, world, domain):
    response = submit_idea(client, world, domain, title="Kő", body="", domains=[])
    page = response.content.decode()
    assert response.status_code == 200
    assert Contribution.objects.count() == 0
    assert "Kérjük, javítsa az alábbi hibákat." in page
    assert "Ennek a mezőnek a megadása kötelező." in page  # Django's own Hungarian catalogue
    assert 'value="Kő"' in page  # nothing typed is lost


def test_cannot_submit_for_an_organisation_one_does_not_belong_to(client, world, domain):
    client.force_login(world.outsider)
    response = client.post(
        reverse("ideas:create", args=[world.process.slug]),
        {
            "kind": "need",
            "title": "Próbálkozás",
            "body": "Valaki más nevében küldöm be ezt.",
            "language": "hu",
            "domains": [domain.pk],
            "organisation": world.organisation.pk,
        },
    )
    assert response.status_code == 200
    assert Contribution.objects.count() == 0


def test_submission_closed_outside_the_phase(client, world, domain):
    world.process.phases.update(accepts_contributions=False)
    client.force_login(world.member)
    assert client.get(reverse("ideas:create", args=[world.process.slug])).status_code == 403


def test_promote_with_empty_title_is_refused_with_a_message(client, world, domain):
    submit_idea(client, world, domain)
    contribution = Contribution.objects.get()
    client.force_login(world.facilitator)
    response = client.post(
        reverse("portfolio:promote", args=[contribution.pk]),
        {"title_hu": "", "title_ro": "", "title_en": "", "budget_total": "-5"},
    )
    assert response.status_code == 200
    assert not Project.objects.exists()
    assert "Legalább egy nyelven adja meg a szöveget." in response.content.decode()


def test_linking_a_measure_of_another_process_is_refused(client, world, domain):
    from tests.factories import make_process, make_project

    other_strategy, other_measure = make_strategy(make_process())
    project = make_project(world.process)
    client.force_login(world.coordinator)
    client.post(reverse("portfolio:link_measure", args=[project.pk]), {"measure": other_measure.pk})
    assert not MeasureProject.objects.exists()
