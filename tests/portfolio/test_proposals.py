"""Proposals: members propose projects for their organisation; facilitators decide."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cultiva.accounts.models import NotificationPreference
from cultiva.core.models import ActivityLog
from cultiva.portfolio import proposal_services as services
from cultiva.portfolio.models import Project, ProposalStep
from cultiva.portfolio.proposals import PROPOSAL_TRANSITIONS
from cultiva.portfolio.selectors import project_list
from tests.factories import PASSWORD, make_contribution, make_project, make_term

S = Project.ProposalStatus


@pytest.fixture
def proposal(world):
    return services.proposal_create(
        actor=world.member,
        process=world.process,
        title={"hu": "Csíki népzenei tábor"},
        summary={"hu": "Nyári tábor fiataloknak."},
        objectives={},
        lead_organisation=world.organisation,
    )


def _client(client, person):
    if person is not None:
        client.force_login(person)
    return client


def detail_url(project):
    return reverse("portfolio:proposal_detail", args=[project.process.slug, project.pk])


def step_url(project):
    return reverse("portfolio:proposal_step", args=[project.process.slug, project.pk])


# --- the workflow table -----------------------------------------------------------------------

# (from, to, who, allowed)
TABLE = [
    (S.DRAFT, S.SUBMITTED, "lead_member", True),
    (S.DRAFT, S.SUBMITTED, "facilitator", False),  # the organisation sends its own proposal
    (S.DRAFT, S.ACCEPTED, "facilitator", False),  # a draft is not decided on
    (S.SUBMITTED, S.ACCEPTED, "facilitator", True),
    (S.SUBMITTED, S.ACCEPTED, "coordinator", True),
    (S.SUBMITTED, S.ACCEPTED, "lead_member", False),
    (S.SUBMITTED, S.CHANGES_REQUESTED, "facilitator", True),
    (S.SUBMITTED, S.DECLINED, "coordinator", True),
    (S.CHANGES_REQUESTED, S.SUBMITTED, "lead_member", True),
    (S.DECLINED, S.SUBMITTED, "lead_member", False),
    (S.DECLINED, S.SUBMITTED, "facilitator", False),
    (S.DECLINED, S.SUBMITTED, "coordinator", True),
    (S.SUBMITTED, S.ACCEPTED, "other_org_member", False),
    (S.SUBMITTED, S.ACCEPTED, "member", False),
    (S.SUBMITTED, S.ACCEPTED, "other_process_coordinator", False),
]


@pytest.mark.parametrize(("source", "target", "who", "allowed"), TABLE)
def test_the_workflow_table(world, proposal, people, source, target, who, allowed):
    Project.objects.filter(pk=proposal.pk).update(proposal_status=source)
    proposal.refresh_from_db()
    reason = "Kérjük pontosítsák a költségvetést."
    if allowed:
        step = services.proposal_step_take(
            actor=people[who], project=proposal, target=target, reason=reason
        )
        proposal.refresh_from_db()
        assert proposal.proposal_status == target
        assert (step.source, step.target, step.actor) == (source, target, people[who])
    else:
        with pytest.raises(ValidationError):
            services.proposal_step_take(
                actor=people[who], project=proposal, target=target, reason=reason
            )
        proposal.refresh_from_db()
        assert proposal.proposal_status == source


def test_every_target_of_the_table_is_a_status():
    for t in PROPOSAL_TRANSITIONS:
        assert t.source in S.values and t.target in S.values and t.actors


def test_accepting_gives_a_code_and_puts_it_in_the_portfolio(world, proposal):
    origin = make_contribution(world.process, world.outsider)
    services.proposal_update(
        actor=world.member,
        project=proposal,
        title=proposal.title,
        summary={},
        objectives={},
        lead_organisation=world.organisation,
        domains=[],
        settlements=[],
        origins=[origin],
    )
    assert proposal.code == ""
    assert proposal not in project_list(process=world.process)
    services.proposal_step_take(actor=world.member, project=proposal, target=S.SUBMITTED)
    services.proposal_step_take(actor=world.facilitator, project=proposal, target=S.ACCEPTED)
    proposal.refresh_from_db()
    assert proposal.proposal_status == S.ACCEPTED and proposal.code
    assert list(project_list(process=world.process)) == [proposal]
    origin.refresh_from_db()
    assert origin.status == "in_portfolio"
    verbs = list(
        ActivityLog.objects.filter(target_id=str(proposal.pk)).values_list("verb", flat=True)
    )
    assert {"proposal.created", "proposal.submitted", "proposal.accepted"} <= set(verbs)


def test_two_drafts_without_a_code_coexist(world, proposal):
    second = services.proposal_create(
        actor=world.member,
        process=world.process,
        title={"ro": "Al doilea"},
        summary={},
        objectives={},
        lead_organisation=world.organisation,
    )
    assert second.code == proposal.code == ""


def test_asking_for_changes_needs_a_reason(world, proposal):
    services.proposal_step_take(actor=world.member, project=proposal, target=S.SUBMITTED)
    with pytest.raises(ValidationError) as refused:
        services.proposal_step_take(
            actor=world.facilitator, project=proposal, target=S.CHANGES_REQUESTED, reason="  "
        )
    assert "reason" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.proposal_step_take(actor=world.facilitator, project=proposal, target=S.DECLINED)


def test_a_stale_decision_is_refused(world, proposal):
    services.proposal_step_take(actor=world.member, project=proposal, target=S.SUBMITTED)
    services.proposal_step_take(actor=world.coordinator, project=proposal, target=S.ACCEPTED)
    with pytest.raises(ValidationError):
        services.proposal_step_take(
            actor=world.facilitator,
            project=proposal,
            target=S.DECLINED,
            reason="Nem illik.",
            source=S.SUBMITTED,
        )


# --- who may propose ------------------------------------------------------------------------


def test_a_member_proposes_only_for_their_own_organisation(world):
    with pytest.raises(ValidationError) as refused:
        services.proposal_create(
            actor=world.member,
            process=world.process,
            title={"hu": "Más nevében"},
            summary={},
            objectives={},
            lead_organisation=world.other_organisation,
        )
    assert "lead_organisation" in refused.value.message_dict
    assert not Project.objects.exists()


@pytest.mark.parametrize("who", ["member", "other_process_coordinator"])
def test_people_without_an_organisation_or_a_role_cannot_propose(world, people, who):
    with pytest.raises(PermissionDenied):
        services.proposal_create(
            actor=people[who],
            process=world.process,
            title={"hu": "Próba"},
            summary={},
            objectives={},
            lead_organisation=world.organisation,
        )


def test_origins_must_be_published_contributions_of_the_process(world):
    draft = make_contribution(world.process, world.member, status="draft")
    with pytest.raises(ValidationError):
        services.proposal_create(
            actor=world.member,
            process=world.process,
            title={"hu": "Próba"},
            summary={},
            objectives={},
            lead_organisation=world.organisation,
            origins=[draft],
        )


# --- pages ------------------------------------------------------------------------------------


def test_a_member_proposes_through_the_form(client, world):
    domain = make_term("domain", "music")
    idea = make_contribution(world.process, world.outsider, title="Népzene a falvakban")
    client.force_login(world.member)
    url = reverse("portfolio:proposal_new", args=[world.process.slug])
    page = client.get(url)
    assert page.status_code == 200
    # Only their own organisation can lead.
    assert "Csíki Hagyományőrző" in page.text and "Gyergyói Színjátszó" not in page.text
    response = client.post(
        url,
        {
            "title_hu": "Csíki népzenei tábor",
            "summary_hu": "Nyári tábor.",
            "lead_organisation": world.organisation.pk,
            "domains": [domain.pk],
            "origins": [idea.pk],
        },
    )
    project = Project.objects.get()
    assert response.status_code == 302 and response.url == detail_url(project)
    assert project.proposal_status == S.DRAFT and project.created_by == world.member
    assert list(project.origins.all()) == [idea]
    assert list(project.domains.all()) == [domain]


@pytest.mark.parametrize(
    ("data", "field_message"),
    [
        ({"title_hu": "", "lead_organisation": "LEAD"}, "Fill in the text"),
        ({"title_hu": "X", "lead_organisation": "OTHER"}, "Choose one of the organisations"),
        ({"title_hu": "X", "lead_organisation": "abc"}, "Choose one of the organisations"),
        ({"title_hu": "X", "lead_organisation": "LEAD", "origins": ["999999"]}, "published"),
        ({"title_hu": "X", "lead_organisation": "LEAD", "domains": ["x"]}, "Choose domains"),
        ({"title_hu": "X" * 5000, "lead_organisation": "LEAD"}, "4000"),
    ],
)
def test_the_form_refuses_bad_input(client, world, data, field_message, settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(world.member)
    values = {"LEAD": world.organisation.pk, "OTHER": world.other_organisation.pk}
    data = {k: values.get(v, v) if isinstance(v, str) else v for k, v in data.items()}
    response = client.post(
        reverse("portfolio:proposal_new", args=[world.process.slug]),
        data,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert field_message in response.text
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("lead_member", 200),
        ("facilitator", 200),
        ("coordinator", 200),
        ("other_org_member", 404),
        ("member", 404),
        ("other_process_coordinator", 404),
        ("anonymous", 404),
    ],
)
def test_who_sees_a_draft(client, world, proposal, people, who, status):
    _client(client, people[who])
    assert client.get(detail_url(proposal)).status_code == status
    # The card page of the portfolio follows the same rule.
    assert client.get(reverse("portfolio:detail", args=[proposal.pk])).status_code == status


def test_proposals_are_not_in_the_portfolio_list(client, world, proposal):
    make_project(world.process, title={"hu": "Elfogadott projekt"})
    client.force_login(world.coordinator)
    page = client.get(reverse("portfolio:list", args=[world.process.slug]))
    assert "Elfogadott projekt" in page.text and "Csíki népzenei tábor" not in page.text


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("facilitator", 200),
        ("coordinator", 200),
        ("lead_member", 403),
        ("other_process_coordinator", 403),
    ],
)
def test_the_queue_is_the_staffs(client, world, proposal, people, who, status):
    services.proposal_step_take(actor=world.member, project=proposal, target=S.SUBMITTED)
    _client(client, people[who])
    response = client.get(reverse("portfolio:proposal_queue", args=[world.process.slug]))
    assert response.status_code == status
    if status == 200:
        assert "Csíki népzenei tábor" in response.text


def test_the_queue_through_another_process_is_not_found(client, world, proposal, people):
    other = people["other_process_coordinator"]
    slug = other.process_roles.get().process.slug
    client.force_login(world.coordinator)
    response = client.get(reverse("portfolio:proposal_detail", args=[slug, proposal.pk]))
    assert response.status_code == 404


def test_decisions_through_the_page_and_my_proposals(client, world, proposal, settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(world.member)
    client.post(step_url(proposal), {"source": S.DRAFT, "target": S.SUBMITTED})
    proposal.refresh_from_db()
    assert proposal.proposal_status == S.SUBMITTED
    # The lead cannot change it while it waits for a decision.
    edit = reverse("portfolio:proposal_edit", args=[world.process.slug, proposal.pk])
    assert client.get(edit).status_code == 403

    client.force_login(world.facilitator)
    page = client.get(detail_url(proposal))
    assert "Ask for changes" in page.text and "Accept into the portfolio" in page.text
    response = client.post(
        step_url(proposal), {"source": S.SUBMITTED, "target": S.CHANGES_REQUESTED, "reason": ""}
    )
    proposal.refresh_from_db()
    assert proposal.proposal_status == S.SUBMITTED  # refused without a reason
    client.post(
        step_url(proposal),
        {"source": S.SUBMITTED, "target": S.CHANGES_REQUESTED, "reason": "Add a budget, please."},
    )
    proposal.refresh_from_db()
    assert proposal.proposal_status == S.CHANGES_REQUESTED

    client.force_login(world.member)
    mine = client.get(reverse("portfolio:proposal_mine", args=[world.process.slug]))
    assert "Add a budget, please." in mine.text
    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
        {"title_hu": "Csíki népzenei tábor 2027", "lead_organisation": world.organisation.pk},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == {"hu": "Csíki népzenei tábor 2027"}


def test_a_facilitator_cannot_take_a_lead_step_through_a_forged_post(client, world, proposal):
    client.force_login(world.outsider)
    response = client.post(step_url(proposal), {"source": S.DRAFT, "target": S.SUBMITTED})
    assert response.status_code == 404
    proposal.refresh_from_db()
    assert proposal.proposal_status == S.DRAFT


# --- notifications ----------------------------------------------------------------------------


def test_the_proposer_is_told_the_reason_by_email(
    world, proposal, django_capture_on_commit_callbacks
):
    services.proposal_step_take(actor=world.member, project=proposal, target=S.SUBMITTED)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_step_take(
            actor=world.facilitator,
            project=proposal,
            target=S.CHANGES_REQUESTED,
            reason="Kérjük, egészítsék ki a költségvetést.",
        )
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [world.member.email]
    assert "Kérjük, egészítsék ki a költségvetést." in sent.body
    assert detail_url(proposal) in sent.body
    assert "List-Unsubscribe" in sent.extra_headers


def test_no_email_to_who_turned_them_off(world, proposal, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=world.member, kind="projects", email=False)
    services.proposal_step_take(actor=world.member, project=proposal, target=S.SUBMITTED)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_step_take(actor=world.facilitator, project=proposal, target=S.ACCEPTED)
    assert mail.outbox == []
    assert ProposalStep.objects.filter(project=proposal, target=S.ACCEPTED).exists()


def test_login_page_for_anonymous_proposers(client, world):
    response = client.get(reverse("portfolio:proposal_new", args=[world.process.slug]))
    assert response.status_code == 302 and "login" in response.url
    assert PASSWORD  # the factories' password, for the browser tests
