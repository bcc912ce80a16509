"""The call's page with the projects that fit it, a project's "where could this be funded",
the selectors behind them (per role, constant queries) and `call_fit_counts`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext

from cultiva.funding import match_selectors
from cultiva.funding.eligibility import ELIGIBLE, ELIGIBLE_IF, NOT_ELIGIBLE
from cultiva.funding.models import CallArea, CallDeadline, CallDocument, ExchangeRate, FunderDomain
from cultiva.portfolio.models import BudgetLine, Project, ProjectPartner
from tests.factories import (
    make_application,
    make_call,
    make_organisation,
    make_project,
    make_term,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def deadline(call, days):
    CallDeadline.objects.create(
        call=call,
        stage={"hu": "Teljes pályázat", "ro": "Cerere completă", "en": "Full application"},
        due_at=timezone.now() + dt.timedelta(days=days),
    )


@pytest.fixture
def music():
    return make_term("domain", "music")


@pytest.fixture
def afcn(world, music):
    call = make_call(
        world.process,
        title={"hu": "AFCN kulturális projektek", "ro": "AFCN proiecte culturale", "en": "AFCN"},
        max_amount=Decimal(250000),
        own_contribution_min_pct=Decimal(10),
        funding_rate_max_pct=Decimal(90),
        duration_max_months=12,
        legal_forms=["association", "foundation", "public_institution"],
        own_contribution_forms=["cash", "in_kind"],
        exclusions={"en": "de minimis co-financing", "hu": "de minimis társfinanszírozás"},
        source_url="https://www.afcn.ro/finantari/proiecte-culturale.html",
        checked_on=TODAY,
    )
    domain = FunderDomain.objects.create(
        funder=call.programme.funder, label={"ro": "muzică", "hu": "zene", "en": "music"}
    )
    domain.terms.add(music)
    call.domains.add(domain)
    CallArea.objects.create(call=call, basis=CallArea.Basis.REGISTERED, country="RO")
    CallDocument.objects.create(
        call=call, name={"hu": "Költségvetés", "ro": "Buget", "en": "Budget"}
    )
    deadline(call, 20)
    return call


def own_project(world, music, **kw):
    project = make_project(
        world.process,
        lead_organisation=kw.pop("lead", world.organisation),
        budget_total=kw.pop("budget", Decimal(200000)),
        start_date=TODAY + dt.timedelta(days=60),
        end_date=TODAY + dt.timedelta(days=300),
        **kw,
    )
    project.domains.add(music)
    BudgetLine.objects.create(
        project=project, year=2027, source=BudgetLine.Source.OWN, planned=Decimal(20000)
    )
    return project


def test_facts_read_the_card(world, music):
    project = own_project(world, music)
    partner = make_organisation(country="HU")
    ProjectPartner.objects.create(project=project, organisation=partner)
    project.settlements.add(world.organisation.settlement)
    (_p, facts) = match_selectors.facts_of(Project.objects.filter(pk=project.pk))[0]
    assert facts.own_contribution == Decimal(20000)
    assert facts.partners_count == 1
    assert facts.countries == {"RO", "HU"}
    assert facts.domain_ids == {music.pk}
    assert facts.registered.county_id == world.organisation.settlement.county_id
    assert facts.activity[0].settlement_id == world.organisation.settlement.pk


def test_call_matches_per_role(world, music, afcn):
    mine = own_project(world, music)
    theirs = own_project(world, music, lead=world.other_organisation, budget=Decimal(400000))
    make_project(world.process, proposal_status=Project.ProposalStatus.DRAFT)

    def ids(user):
        return [m.project.id for m in match_selectors.call_matches(user=user, call=afcn)]

    assert ids(world.coordinator) == [mine.pk, theirs.pk]  # eligible before eligible-if
    assert ids(world.decision_maker) == [mine.pk, theirs.pk]
    assert ids(world.member) == [mine.pk]
    assert ids(world.outsider) == [theirs.pk]
    assert ids(world.expert) == []


def test_project_matches_rank_and_leave_out_closed_calls(world, music, afcn):
    project = own_project(world, music)
    closed = make_call(world.process, max_amount=Decimal(500000))
    deadline(closed, -3)
    upcoming = make_call(world.process, opens_on=TODAY + dt.timedelta(days=30))
    deadline(upcoming, 60)
    church_only = make_call(world.process, legal_forms=["church"])
    rows = match_selectors.project_matches(user=world.member, project=project, today=TODAY)
    assert [r.call.id for r in rows] == [afcn.pk, upcoming.pk, church_only.pk]
    assert [r.verdict for r in rows] == [ELIGIBLE, ELIGIBLE, NOT_ELIGIBLE]
    assert rows[1].status == "upcoming"


def test_call_fit_counts(world, music, afcn):
    own_project(world, music)  # eligible
    applied = own_project(world, music)
    make_application(applied, afcn)
    own_project(world, music, budget=Decimal(900000))  # eligible if it asks less
    own_project(world, music, lead=None)  # not eligible: no lead
    other = make_call(world.process, legal_forms=["church"])
    counts = match_selectors.call_fit_counts(
        process=world.process, calls=[afcn, other], today=TODAY
    )
    assert counts == {afcn.pk: 2, other.pk: 0}


def test_a_missing_exchange_rate_shows_as_a_reason(world, music):
    project = own_project(world, music)
    call = make_call(world.process, currency="EUR", max_amount=Decimal(200000))
    (row,) = match_selectors.project_matches(user=world.member, project=project)
    assert row.verdict == ELIGIBLE_IF
    assert row.result.reason("rate").status == "fixable"
    ExchangeRate.objects.create(
        process=world.process, currency="EUR", ron_per_unit=Decimal("4.97"), valid_on=TODAY
    )
    (row,) = match_selectors.project_matches(user=world.member, project=project)
    assert row.call.id == call.pk and row.verdict == ELIGIBLE


# --- pages --------------------------------------------------------------------------------


def call_url(world, call):
    return f"/p/{world.process.slug}/funding/calls/{call.pk}/"


def test_call_page_for_the_anonymous_shows_the_terms_only(client, world, music, afcn):
    own_project(world, music)
    response = client.get(call_url(world, afcn))
    assert response.status_code == 200
    page = response.content.decode()
    assert "AFCN kulturális projektek" in page
    assert "250\xa0000 RON" in page
    assert "zene" in page and "afcn.ro" in page
    assert "Költségvetés" in page
    with translation.override("hu"):
        assert gettext("in kind") in page and gettext("association") in page
    assert 'id="fitting-projects"' not in page


@pytest.mark.parametrize(
    ("role", "sees_mine", "sees_theirs"),
    [
        ("coordinator", True, True),
        ("facilitator", True, True),
        ("decision_maker", True, True),
        ("member", True, False),
        ("outsider", False, True),
        ("expert", False, False),
    ],
)
def test_call_page_lists_the_projects_each_role_may_see(
    client, world, music, afcn, role, sees_mine, sees_theirs
):
    mine = own_project(world, music, title={"hu": "Saját zenei tábor", "ro": "Tabăra mea"})
    theirs = own_project(
        world, music, lead=world.other_organisation, title={"hu": "Másik színház", "ro": "Alt"}
    )
    client.force_login(world.user(role))
    page = client.get(call_url(world, afcn)).content.decode()
    assert ("Saját zenei tábor" in page) is sees_mine
    assert ("Másik színház" in page) is sees_theirs
    start = f"/p/{world.process.slug}/funding/projects/{mine.pk}/apply/{afcn.pk}/"
    assert (start in page) is (role in ("coordinator", "facilitator", "member"))
    assert (f"/projects/{theirs.pk}/apply/" in page) is (
        role in ("coordinator", "facilitator", "outsider")
    )


def test_call_page_shows_reasons_with_numbers_in_the_language(client, world, music, afcn):
    own_project(world, music, budget=Decimal(300000))
    client.force_login(world.coordinator)
    page = client.get(call_url(world, afcn), HTTP_ACCEPT_LANGUAGE="ro").content.decode()
    with translation.override("ro"):
        expected = gettext("%(ask)s exceeds the call's maximum of %(max)s.") % {
            "ask": "280.000 RON",
            "max": "250.000 RON",
        }
    assert expected.replace("'", "&#x27;") in page


def test_call_of_another_process_is_not_found(client, world, afcn):
    from tests.factories import make_process

    other = make_process()
    client.force_login(world.coordinator)
    assert client.get(f"/p/{other.slug}/funding/calls/{afcn.pk}/").status_code == 404


def test_project_matches_page_per_role(client, world, music, afcn):
    project = own_project(world, music)
    url = f"/p/{world.process.slug}/funding/projects/{project.pk}/"
    expected = {
        "member": 200,
        "coordinator": 200,
        "decision_maker": 200,
        "outsider": 403,
        "expert": 403,
    }
    for role, status in expected.items():
        client.force_login(world.user(role))
        response = client.get(url)
        assert response.status_code == status, role
        if status == 200:
            assert "AFCN kulturális projektek" in response.content.decode()
    client.logout()
    assert client.get(url).status_code in (302, 403)


def test_the_card_links_to_its_matches_for_those_allowed(client, world, music):
    project = own_project(world, music)
    link = f"/p/{world.process.slug}/funding/projects/{project.pk}/"
    client.force_login(world.member)
    assert link in client.get(f"/projects/{project.pk}/").content.decode()
    client.force_login(world.outsider)
    assert link not in client.get(f"/projects/{project.pk}/").content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_call_page_queries_do_not_grow_with_projects(client, world, music, afcn):
    client.force_login(world.coordinator)
    own_project(world, music)
    url = call_url(world, afcn)
    _queries(client, url)
    few = _queries(client, url)
    for i in range(8):
        project = own_project(world, music, lead=world.other_organisation if i % 2 else None)
        project.partnerships.create(organisation=make_organisation(country="HU"))
    assert _queries(client, url) == few


def test_project_page_queries_do_not_grow_with_calls(client, world, music, afcn):
    project = own_project(world, music)
    client.force_login(world.member)
    url = f"/p/{world.process.slug}/funding/projects/{project.pk}/"
    _queries(client, url)
    few = _queries(client, url)
    for _ in range(6):
        call = make_call(world.process, max_amount=Decimal(100000), currency="EUR")
        CallArea.objects.create(call=call, basis=CallArea.Basis.ACTIVITY, country="RO")
        deadline(call, 10)
    assert _queries(client, url) == few


def test_call_fit_counts_queries_do_not_grow(world, music, afcn):
    own_project(world, music)
    other = make_call(world.process)
    deadline(other, 5)

    def count():
        with CaptureQueriesContext(connection) as captured:
            match_selectors.call_fit_counts(process=world.process, calls=[afcn, other])
        return len(captured)

    few = count()
    for i in range(6):
        project = own_project(world, music, lead=world.other_organisation if i % 2 else None)
        project.settlements.add(world.organisation.settlement)
    third = make_call(world.process, max_amount=Decimal(5))
    CallArea.objects.create(call=third, basis=CallArea.Basis.REGISTERED, country="HU")
    with CaptureQueriesContext(connection) as captured:
        match_selectors.call_fit_counts(process=world.process, calls=[afcn, other, third])
    assert len(captured) == few


def test_the_anonymous_see_no_projects(world, music, afcn):
    from django.contrib.auth.models import AnonymousUser

    own_project(world, music)
    assert match_selectors.call_matches(user=AnonymousUser(), call=afcn) == []


def test_no_new_application_where_one_exists(client, world, music, afcn):
    project = own_project(world, music)
    make_application(project, afcn)
    client.force_login(world.member)
    page = client.get(f"/p/{world.process.slug}/funding/projects/{project.pk}/").content.decode()
    assert f"/apply/{afcn.pk}/" not in page
    with translation.override("hu"):
        assert gettext("An application to this call exists.") in page
    # The project's own application does not count against the call's limit.
    afcn.max_applications_per_applicant = 1
    afcn.save()
    (row,) = match_selectors.project_matches(user=world.member, project=project)
    assert row.result.reason("applications").status == "ok"
    sibling = own_project(world, music)
    (row,) = match_selectors.project_matches(user=world.member, project=sibling)
    assert row.result.reason("applications").status == "blocking"
