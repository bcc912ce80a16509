"""The funding dashboard: its numbers on a small hand-made world, who sees it, its export and
its cost in queries."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from cultiva.core.models import ActivityLog
from cultiva.funding import dashboard, dashboard_selectors, dashboard_services
from cultiva.funding.models import CallDeadline, ExchangeRate, FundingSettings
from cultiva.funding.rules import can_view_dashboard
from cultiva.portfolio.models import Project
from cultiva.processes.models import Process
from tests.factories import (
    make_application,
    make_call,
    make_organisation,
    make_project,
    make_settlement,
    make_term,
)

D = Decimal


@pytest.fixture
def funded(world):
    """Two portfolio projects (one budgeted in EUR), a draft proposal, two funders and five
    applications in different states."""
    process = world.process
    heritage = make_term("domain", "heritage")
    music = make_term("domain", "music")
    csik = make_settlement("Csíkszentdomokos", "Sândominic", region="Csík", siruta=85760)
    udvar = make_settlement("Székelyudvarhely", "Odorheiu Secuiesc", region="Udvarhely")
    church = make_organisation(csik, sector=make_term("sector", "church"))
    p1 = make_project(
        process, lead_organisation=world.organisation, budget_total=D("100000"), currency="RON"
    )
    p1.domains.set([heritage])
    p1.settlements.set([csik])
    p2 = make_project(process, lead_organisation=church, budget_total=D("20000"), currency="EUR")
    p2.domains.set([music])
    p2.settlements.set([udvar])
    make_project(
        process,
        code="",
        budget_total=D("999999"),
        proposal_status=Project.ProposalStatus.DRAFT,
    )
    ExchangeRate.objects.create(
        process=process, currency="EUR", ron_per_unit=D("4.9"), valid_on=dt.date(2026, 1, 5)
    )
    ExchangeRate.objects.create(
        process=process, currency="EUR", ron_per_unit=D("4.975"), valid_on=dt.date(2026, 6, 1)
    )
    call1 = make_call(process)
    call2 = make_call(process, currency="EUR")
    call3 = make_call(process, funder=call1.programme.funder)
    f1, f2 = call1.programme.funder, call2.programme.funder
    apps = {
        "awarded": make_application(
            p1,
            call1,
            status="awarded",
            requested_amount=D("50000"),
            awarded_amount=D("40000"),
            submitted_on=dt.date(2026, 3, 1),
            notes="Titkos belső jegyzet",
        ),
        "rejected": make_application(
            p2,
            call2,
            status="rejected",
            requested_amount=D("10000"),
            submitted_on=dt.date(2025, 2, 1),
        ),
        "contracted": make_application(
            p1,
            call3,
            status="contracted",
            requested_amount=D("30000"),
            awarded_amount=D("30000"),
            submitted_on=dt.date(2026, 3, 2),
        ),
        "planned": make_application(p2, call1, status="planned", requested_amount=D("9999")),
        "withdrawn": make_application(
            p2,
            call3,
            status="withdrawn",
            currency="EUR",
            requested_amount=D("2000"),
            awarded_amount=D("1000"),
            submitted_on=dt.date(2026, 4, 1),
        ),
    }
    CallDeadline.objects.create(
        call=call1, due_at=timezone.now() + dt.timedelta(days=10), stage={"en": "full"}
    )
    return {
        "process": process,
        "f1": f1,
        "f2": f2,
        "heritage": heritage,
        "music": music,
        "apps": apps,
        "call1": call1,
    }


def test_the_numbers_add_up_in_ron_with_the_latest_rate(funded):
    data = dashboard_selectors.dashboard_data(process=funded["process"])
    totals = data.result.totals
    assert totals.projects == 2  # the draft proposal is not in the portfolio
    assert totals.need == D("100000") + D("20000") * D("4.975")
    # requested: submitted or later, not the planned one, not the withdrawn one
    assert totals.requested == D("50000") + D("10000") * D("4.975") + D("30000")
    # awarded: the award given up (withdrawn) counts; secured: only what the projects keep
    assert totals.awarded == D("40000") + D("30000") + D("1000") * D("4.975")
    assert totals.secured == D("70000")
    assert totals.gap == totals.need - D("70000")
    assert data.result.rates_used["EUR"].valid_on == dt.date(2026, 6, 1)
    assert data.result.missing_rates == set()

    by_funder = data.result.by_funder
    assert by_funder[funded["f1"].pk].success_rate == D("100.0")
    assert (by_funder[funded["f1"].pk].decided, by_funder[funded["f1"].pk].successful) == (3, 3)
    assert by_funder[funded["f2"].pk].success_rate == D("0.0")
    assert data.result.by_domain[funded["heritage"].pk].secured == D("70000")
    assert data.result.by_domain[funded["music"].pk].need == D("99500")
    assert data.result.by_year[2025].requested == D("49750")
    # the planned one has no submission date: the year of its call's deadline
    deadline_year = timezone.localtime(timezone.now() + dt.timedelta(days=10)).year
    assert set(data.result.by_year) == {2025, 2026, deadline_year}
    regions = {str(data.regions[pk]): t for pk, t in data.result.by_region.items()}
    assert regions["Csík"].secured == D("70000")
    assert regions["Udvarhely"].need == D("99500")
    assert len(data.closing) == 1 and data.closing[0].call == funded["call1"]


def test_an_amount_without_a_rate_is_left_out_and_named():
    result = dashboard.compute(
        projects=[dashboard.ProjectFacts(1, D("1000"), "HUF")],
        applications=[],
        rates={},
    )
    assert result.totals.need == 0
    assert result.missing_rates == {"HUF"}


def test_the_page_shows_the_totals_and_the_rate_used(client, world, funded):
    client.force_login(world.decision_maker)
    with translation.override("en"):
        response = client.get(
            reverse("funding:dashboard", args=[funded["process"].slug]), HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 200
    assert response.context["totals"].secured == D("70000")
    page = response.content.decode()
    assert "Titkos belső jegyzet" not in page
    assert any("1 EUR = 4.975 RON" in line for line in response.context["rate_lines"])
    assert "4.975" in page
    assert "<svg" in page and "funding-breakdown" in page
    assert "—" in page  # the fitting projects: the matching module is not here


ROLES_SEEING = ["decision_maker", "coordinator", "facilitator"]


@pytest.mark.parametrize("role", ROLES_SEEING)
def test_staff_and_decision_makers_see_it(client, world, funded, role):
    client.force_login(getattr(world, role))
    url = reverse("funding:dashboard", args=[funded["process"].slug])
    assert client.get(url).status_code == 200


def test_members_and_the_public_see_it_once_published(client, world, funded):
    process = funded["process"]
    url = reverse("funding:dashboard", args=[process.slug])
    client.force_login(world.member)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code in (302, 403)
    # A member may not publish.
    client.force_login(world.member)
    publish = reverse("funding:dashboard_publish", args=[process.slug])
    assert client.post(publish, {"published": "1"}).status_code == 403
    assert not FundingSettings.objects.filter(process=process, aggregates_published=True).exists()

    client.force_login(world.coordinator)
    assert client.post(publish, {"published": "1"}).status_code == 302
    assert ActivityLog.objects.filter(verb="funding_aggregates_published").count() == 1
    client.force_login(world.member)
    assert client.get(url).status_code == 200
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    assert "Titkos belső jegyzet" not in response.content.decode()

    # Not while the process itself is hidden.
    Process.objects.filter(pk=process.pk).update(is_published=False)
    assert client.get(url).status_code == 404

    client.force_login(world.coordinator)
    assert client.post(publish, {"published": "0"}).status_code == 302
    process.refresh_from_db()
    assert not FundingSettings.objects.get(process=process).aggregates_published
    assert ActivityLog.objects.filter(verb="funding_aggregates_unpublished").count() == 1


def test_the_rule_and_the_service(world, funded):
    process = funded["process"]
    assert not can_view_dashboard(AnonymousUser(), process)
    dashboard_services.aggregates_publish(actor=world.coordinator, process=process, published=True)
    process = Process.objects.get(pk=process.pk)
    assert can_view_dashboard(AnonymousUser(), process)


def test_the_export_holds_the_same_numbers(client, world, funded):
    client.force_login(world.coordinator)
    with translation.override("en"):
        response = client.get(
            reverse("funding:dashboard_export", args=[funded["process"].slug]),
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    overview = book.worksheets[0]
    values = [row[1] for row in overview.iter_rows(min_row=2, values_only=True)]
    assert values[:4] == [199500, 129750, 74975, 70000]
    funder_sheet = book.worksheets[4]
    rates = sorted(
        row[-1] for row in funder_sheet.iter_rows(min_row=2, values_only=True) if row[-1]
    )
    assert rates == [100]
    assert "Titkos" not in str([list(ws.values) for ws in book.worksheets])
    assert book.worksheets[-1].max_row == 2  # one call closes soon


def _add_projects(process, funder_call, n):
    org = make_organisation()
    term = make_term("domain", f"extra-{n}")
    region = make_settlement(region=f"R{n}")
    for _i in range(n):
        project = make_project(
            process, lead_organisation=org, budget_total=D("1000"), currency="EUR"
        )
        project.domains.set([term])
        project.settlements.set([region])
        make_application(
            project, funder_call, status="awarded", currency="EUR", awarded_amount=D("1")
        )


def test_queries_do_not_grow_with_projects_and_applications(
    client, world, funded, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.coordinator)
    url = reverse("funding:dashboard", args=[funded["process"].slug])
    export = reverse("funding:dashboard_export", args=[funded["process"].slug])
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as before_export:
        client.get(export)
    _add_projects(funded["process"], make_call(funded["process"]), 25)
    with django_assert_max_num_queries(len(before)):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(len(before_export)):
        client.get(export)


def test_the_process_page_links_to_it_for_those_who_may_open_it(client, world, funded):
    process = funded["process"]
    link = reverse("funding:dashboard", args=[process.slug])
    client.force_login(world.decision_maker)
    assert link in client.get(reverse("processes:detail", args=[process.slug])).content.decode()
    client.force_login(world.member)
    assert link not in client.get(reverse("processes:detail", args=[process.slug])).content.decode()


def test_calls_closing_soon_count_the_fitting_projects_without_an_application(world, funded):
    """A portfolio project that fits a call closing soon and has not applied is counted; one
    that applies is no longer counted."""
    process = funded["process"]
    before = dashboard_selectors.dashboard_data(process=process)
    (item,) = before.closing
    newcomer = make_project(
        process, lead_organisation=world.organisation, budget_total=D("5000"), currency="RON"
    )
    after = dashboard_selectors.dashboard_data(process=process)
    assert after.closing[0].fitting_without_application == item.fitting_without_application + 1
    make_application(newcomer, funded["call1"], status="planned")
    again = dashboard_selectors.dashboard_data(process=process)
    assert again.closing[0].fitting_without_application == item.fitting_without_application
