"""Looking for partners: the lead's profile, offers from organisations, the lead's answer,
suggestions with their reasons, and the pages' query counts."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cultiva.accounts.models import Membership, Organisation
from cultiva.core.models import ActivityLog
from cultiva.meetings.models import Registration
from cultiva.portfolio import proposal_services as services
from cultiva.portfolio.models import PartnerInterest, PartnerSearch, Project, ProjectPartner
from cultiva.portfolio.proposal_selectors import partner_suggestions
from cultiva.processes.models import ProcessRole
from tests.factories import (
    make_contribution,
    make_meeting,
    make_organisation,
    make_project,
    make_settlement,
    make_term,
    make_user,
)

S = Project.ProposalStatus


@pytest.fixture
def music(db):
    return make_term("domain", "music", hu="zene", ro="muzică", en="music")


@pytest.fixture
def searching(world, music):
    project = make_project(
        world.process, lead_organisation=world.organisation, title={"hu": "Csíki zenei tábor"}
    )
    services.partner_search_set(
        actor=world.member,
        project=project,
        role={"hu": "helyszín és közönség"},
        domains=[music],
        note="Nyárra.",
    )
    return project


def detail_url(project):
    return reverse("portfolio:partner_detail", args=[project.process.slug, project.pk])


def manage_url(project):
    return reverse("portfolio:partner_manage", args=[project.process.slug, project.pk])


def test_an_offer_accepted_makes_a_partner_in_the_role_wanted(
    world, searching, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        interest = services.partner_interest_express(
            actor=world.outsider,
            project=searching,
            organisation=world.other_organisation,
            message="Van színpadunk.",
        )
    # The lead's people hear of it.
    assert [m.to for m in mail.outbox] == [[world.member.email]]
    assert "Van színpadunk." in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.partner_interest_decide(
            actor=world.member, interest=interest, accept=True, answer="Örömmel!"
        )
    partner = ProjectPartner.objects.get(project=searching)
    assert partner.organisation == world.other_organisation
    assert partner.role == {"hu": "helyszín és közönség"}
    # The one who offered hears the answer.
    assert [m.to for m in mail.outbox] == [[world.outsider.email]]
    assert "Örömmel!" in mail.outbox[0].body
    verbs = set(ActivityLog.objects.values_list("verb", flat=True))
    assert {
        "partner_search.opened",
        "partner_interest.expressed",
        "partner_interest.accepted",
    } <= verbs


def test_a_declined_offer_makes_no_partner_and_cannot_be_answered_twice(world, searching):
    interest = services.partner_interest_express(
        actor=world.outsider,
        project=searching,
        organisation=world.other_organisation,
        message="Segítünk.",
    )
    services.partner_interest_decide(actor=world.member, interest=interest, accept=False)
    assert not ProjectPartner.objects.exists()
    with pytest.raises(ValidationError):
        services.partner_interest_decide(actor=world.member, interest=interest, accept=True)
    assert not ProjectPartner.objects.exists()


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("lead_member", True),
        ("facilitator", True),
        ("coordinator", True),
        ("other_org_member", False),  # the one who offered cannot accept themselves
        ("member", False),
        ("other_process_coordinator", False),
    ],
)
def test_who_answers_an_offer(world, searching, people, who, allowed):
    interest = services.partner_interest_express(
        actor=world.outsider,
        project=searching,
        organisation=world.other_organisation,
        message="Segítünk.",
    )
    if allowed:
        services.partner_interest_decide(actor=people[who], interest=interest, accept=True)
        assert ProjectPartner.objects.filter(project=searching).exists()
    else:
        with pytest.raises(PermissionDenied):
            services.partner_interest_decide(actor=people[who], interest=interest, accept=True)
        assert not ProjectPartner.objects.exists()


def test_offers_are_refused_when_they_make_no_sense(world, searching, people):
    # For an organisation one does not belong to.
    with pytest.raises(PermissionDenied):
        services.partner_interest_express(
            actor=world.outsider, project=searching, organisation=world.organisation, message="x"
        )
    # From another process's people.
    stranger = people["other_process_coordinator"]
    own = make_organisation(name="Idegen Egyesület")
    Membership.objects.create(user=stranger, organisation=own)
    with pytest.raises(PermissionDenied):
        services.partner_interest_express(
            actor=stranger, project=searching, organisation=own, message="x"
        )
    # Without a message; twice while waiting.
    with pytest.raises(ValidationError):
        services.partner_interest_express(
            actor=world.outsider,
            project=searching,
            organisation=world.other_organisation,
            message="  ",
        )
    services.partner_interest_express(
        actor=world.outsider, project=searching, organisation=world.other_organisation, message="a"
    )
    with pytest.raises(ValidationError):
        services.partner_interest_express(
            actor=world.outsider,
            project=searching,
            organisation=world.other_organisation,
            message="b",
        )
    # A closed search takes no more offers.
    services.partner_search_close(actor=world.member, project=searching)
    third = make_organisation(name="Harmadik")
    Membership.objects.create(user=world.outsider, organisation=third)
    with pytest.raises(PermissionDenied):
        services.partner_interest_express(
            actor=world.outsider, project=searching, organisation=third, message="c"
        )


def test_only_the_lead_sets_the_profile(world, people):
    project = make_project(world.process, lead_organisation=world.organisation)
    for who in ("other_org_member", "member", "other_process_coordinator"):
        with pytest.raises(PermissionDenied):
            services.partner_search_set(actor=people[who], project=project, role={"hu": "x"})
    with pytest.raises(ValidationError):
        services.partner_search_set(actor=world.member, project=project, role={})
    assert not PartnerSearch.objects.exists()


def test_a_draft_proposal_looking_for_partners_is_not_listed_until_submitted(client, world, music):
    proposal = services.proposal_create(
        actor=world.member,
        process=world.process,
        title={"hu": "Titkos tervezet"},
        summary={},
        objectives={},
        lead_organisation=world.organisation,
    )
    services.partner_search_set(actor=world.member, project=proposal, role={"hu": "partner"})
    client.force_login(world.outsider)
    listing = reverse("portfolio:partner_list", args=[world.process.slug])
    assert "Titkos tervezet" not in client.get(listing).text
    assert client.get(detail_url(proposal)).status_code == 404
    services.proposal_step_take(actor=world.member, project=proposal, target=S.SUBMITTED)
    assert "Titkos tervezet" in client.get(listing).text
    assert client.get(detail_url(proposal)).status_code == 200
    # Still not the card itself.
    assert client.get(reverse("portfolio:detail", args=[proposal.pk])).status_code == 404


def test_the_pages_flow(client, world, searching, settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(world.outsider)
    page = client.get(detail_url(searching))
    assert "helyszín és közönség" in page.text and "Offer your organisation" in page.text
    assert client.get(manage_url(searching)).status_code == 403
    response = client.post(
        detail_url(searching),
        {"organisation": world.other_organisation.pk, "message": "Van színpadunk."},
    )
    assert response.status_code == 302
    interest = PartnerInterest.objects.get()

    client.force_login(world.member)
    manage = client.get(manage_url(searching))
    assert "Van színpadunk." in manage.text
    decide = reverse("portfolio:partner_interest_decide", args=[world.process.slug, interest.pk])
    client.post(decide, {"decision": "accepted", "answer": ""})
    assert ProjectPartner.objects.filter(organisation=world.other_organisation).exists()

    client.force_login(world.outsider)
    assert "accepted as a partner" in client.get(detail_url(searching)).text


@pytest.mark.parametrize(
    "data",
    [
        {"organisation": "", "message": "x"},
        {"organisation": "abc", "message": "x"},
        {"organisation": "LEAD", "message": "x"},
        {"organisation": "OTHER", "message": ""},
        {"organisation": "OTHER", "message": "ő" * 5000},
    ],
)
def test_the_offer_form_refuses_bad_input(client, world, searching, data):
    values = {"LEAD": world.organisation.pk, "OTHER": world.other_organisation.pk}
    data = {k: values.get(v, v) for k, v in data.items()}
    client.force_login(world.outsider)
    response = client.post(detail_url(searching), data)
    assert response.status_code == 200
    assert 'class="errorlist' in response.text
    assert not PartnerInterest.objects.exists()


def test_the_profile_form_refuses_bad_input(client, world, searching):
    client.force_login(world.member)
    response = client.post(
        manage_url(searching), {"action": "save", "role_hu": "", "sector": "999999"}
    )
    assert response.status_code == 200 and 'class="errorlist' in response.text


def test_suggestions_with_reasons(world, searching, music, settings):
    settings.LANGUAGE_CODE = "en"
    region_place = make_settlement("Csíkszentdomokos", "Sândominic", region="Csík")
    searching.partner_search.settlements.set([region_place])
    fit = make_organisation(make_settlement("Csíkszereda2", "M2", region="Csík"), name="Zenede")
    fit.domains.set([music])
    unfit = make_organisation(make_settlement("Arad", "Arad", region="Arad"), name="Távoli")
    person = make_user()
    for _ in range(3):
        make_contribution(world.process, person, organisation=fit, domains=[music])
    meeting = make_meeting(world.process)
    Registration.objects.create(
        meeting=meeting, person=person, organisation=fit, status="confirmed", attendance="present"
    )
    project = Project.objects.select_related("partner_search").get(pk=searching.pk)
    found = partner_suggestions(project=project, search=project.partner_search)
    by_id = {s.organisation_id: s for s in found}
    assert unfit.pk not in by_id and world.organisation.pk not in by_id
    assert by_id[fit.pk].reasons_text == (
        "works in music; based in the Csík micro-region; 3 contributions on this topic; "
        "attended 1 meeting"
    )
    assert found[0].organisation_id == fit.pk


# --- query counts -----------------------------------------------------------------------------


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _add_searches(world, music, n, start):
    projects = Project.objects.bulk_create(
        Project(
            process=world.process,
            code=f"Q-{i:04d}",
            title={"hu": f"Projekt {i}"},
            lead_organisation=world.organisation,
        )
        for i in range(start, start + n)
    )
    searches = PartnerSearch.objects.bulk_create(
        PartnerSearch(project=p, role={"hu": "partner"}) for p in projects
    )
    PartnerSearch.domains.through.objects.bulk_create(
        PartnerSearch.domains.through(partnersearch=s, taxonomyterm=music) for s in searches
    )


def test_partner_list_queries_do_not_grow(client, world, music):
    url = reverse("portfolio:partner_list", args=[world.process.slug])
    _add_searches(world, music, 3, 0)
    few = count_queries(client, url)
    _add_searches(world, music, 30, 100)
    assert count_queries(client, url) == few


def test_proposal_queue_queries_do_not_grow(client, world, music):
    def add(n, start):
        projects = Project.objects.bulk_create(
            Project(
                process=world.process,
                code="",
                title={"hu": f"Javaslat {i}"},
                lead_organisation=world.organisation,
                created_by=world.member,
                proposal_status=S.SUBMITTED,
            )
            for i in range(start, start + n)
        )
        Project.domains.through.objects.bulk_create(
            Project.domains.through(project=p, taxonomyterm=music) for p in projects
        )

    client.force_login(world.facilitator)
    url = reverse("portfolio:proposal_queue", args=[world.process.slug])
    add(3, 0)
    few = count_queries(client, url)
    add(30, 100)
    assert count_queries(client, url) == few


def test_partner_manage_queries_do_not_grow_with_organisations(client, world, searching, music):
    settlement = make_settlement("Csíkszentmárton", "Sânmartin", region="Csík")

    def add(n):
        organisations = Organisation.objects.bulk_create(
            Organisation(
                name={"hu": f"Egyesület {i}"},
                legal_form="association",
                sector=world.organisation.sector,
                settlement=settlement,
            )
            for i in range(n)
        )
        Organisation.domains.through.objects.bulk_create(
            Organisation.domains.through(organisation=o, taxonomyterm=music) for o in organisations
        )
        for o in organisations[:2]:
            PartnerInterest.objects.create(project=searching, organisation=o, message="m")

    client.force_login(world.member)
    add(3)
    few = count_queries(client, manage_url(searching))
    add(40)
    assert count_queries(client, manage_url(searching)) == few
    assert ProcessRole.objects.exists()
