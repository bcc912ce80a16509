"""The funding API: funders, programmes and calls through their process; an organisation's
own applications with a token."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from cultiva.funding.models import ApplicationStep, CallDeadline
from cultiva.processes.models import Process
from tests.factories import make_application, make_call, make_process, make_project

pytestmark = pytest.mark.django_db
SECRET = "Belső jegyzet a pályázatról"


@pytest.fixture
def funding(scenario):
    world = scenario.world
    process = scenario.process
    now = timezone.now()
    today = timezone.localdate()
    open_call = make_call(process, min_amount=Decimal("1000"), max_amount=Decimal("50000"))
    CallDeadline.objects.create(call=open_call, due_at=now + dt.timedelta(days=20))
    closed_call = make_call(process, funder=open_call.programme.funder)
    CallDeadline.objects.create(call=closed_call, due_at=now - dt.timedelta(days=20))
    upcoming_call = make_call(process, opens_on=today + dt.timedelta(days=40), currency="EUR")
    own = make_application(
        scenario.project,
        open_call,
        status="submitted",
        requested_amount=Decimal("20000"),
        notes=SECRET,
    )
    ApplicationStep.objects.create(application=own, source="preparation", target="submitted")
    other_project = make_project(process, lead_organisation=world.other_organisation)
    others = make_application(other_project, closed_call, status="rejected", notes="Másik")
    elsewhere = make_process()
    elsewhere_project = make_project(elsewhere, lead_organisation=world.other_organisation)
    elsewhere_app = make_application(elsewhere_project, make_call(elsewhere))
    return {
        "open": open_call,
        "closed": closed_call,
        "upcoming": upcoming_call,
        "own": own,
        "others": others,
        "elsewhere": elsewhere_app,
    }


def _ids(response):
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def test_calls_are_listed_with_filters(scenario, funding):
    base = f"/api/v1/processes/{scenario.process.slug}/funding-calls"
    assert _ids(scenario.get("anonymous", base)) == {
        funding["open"].pk,
        funding["closed"].pk,
        funding["upcoming"].pk,
    }
    assert _ids(scenario.get("anonymous", base + "?status=open")) == {funding["open"].pk}
    assert _ids(scenario.get("anonymous", base + "?status=closed")) == {funding["closed"].pk}
    assert _ids(scenario.get("anonymous", base + "?status=upcoming")) == {funding["upcoming"].pk}
    funder = funding["open"].programme.funder_id
    assert _ids(scenario.get("anonymous", f"{base}?funder={funder}")) == {
        funding["open"].pk,
        funding["closed"].pk,
    }
    assert scenario.get("anonymous", base + "?status=nonsense").status_code == 422
    item = next(
        i for i in scenario.get("anonymous", base).json()["items"] if i["id"] == funding["open"].pk
    )
    assert item["status"] == "open"
    assert Decimal(item["max_amount"]) == Decimal("50000")
    assert len(item["deadlines"]) == 1


def test_a_call_funder_and_programmes(scenario, funding):
    slug = scenario.process.slug
    call = funding["open"]
    detail = scenario.get("anonymous", f"/api/v1/processes/{slug}/funding-calls/{call.pk}")
    assert detail.status_code == 200
    assert detail.json()["funder"]["id"] == call.programme.funder_id
    funder = scenario.get(
        "anonymous", f"/api/v1/processes/{slug}/funders/{call.programme.funder_id}"
    )
    assert funder.status_code == 200 and funder.json()["kind"] == "national"
    assert len(scenario.get("anonymous", f"/api/v1/processes/{slug}/funders").json()["items"]) == 2
    programmes = scenario.get(
        "anonymous", f"/api/v1/processes/{slug}/programmes?funder={call.programme.funder_id}"
    )
    assert _ids(programmes) == {call.programme_id, funding["closed"].programme_id}


def test_everything_goes_through_the_process(scenario, funding):
    slug = scenario.process.slug
    elsewhere_call = funding["elsewhere"].call
    # another process's call in this process's address
    response = scenario.get("member", f"/api/v1/processes/{slug}/funding-calls/{elsewhere_call.pk}")
    assert response.status_code == 404
    Process.objects.filter(pk=scenario.process.pk).update(is_published=False)
    call = funding["open"]
    assert (
        scenario.get("anonymous", f"/api/v1/processes/{slug}/funding-calls/{call.pk}").status_code
        == 404
    )
    assert scenario.get("anonymous", f"/api/v1/processes/{slug}/funders").status_code == 404


def test_applications_need_a_token(scenario, funding):
    assert scenario.get("anonymous", "/api/v1/funding-applications").status_code == 403


def test_an_organisation_sees_its_own_applications(scenario, funding):
    response = scenario.get("member", "/api/v1/funding-applications")
    assert _ids(response) == {funding["own"].pk}
    item = response.json()["items"][0]
    assert item["notes"] == SECRET
    assert item["steps"][0]["target"] == "submitted"
    assert item["organisation"]["id"] == scenario.world.organisation.pk
    # the other organisation's person sees theirs: here and in the other process
    assert _ids(scenario.get("outsider", "/api/v1/funding-applications")) == {
        funding["others"].pk,
        funding["elsewhere"].pk,
    }
    own = funding["own"].pk
    assert scenario.get("outsider", f"/api/v1/funding-applications/{own}").status_code == 404
    assert scenario.get("member", f"/api/v1/funding-applications/{own}").status_code == 200
    assert SECRET not in scenario.get("outsider", "/api/v1/funding-applications").content.decode()


def test_staff_see_their_process_s_applications(scenario, funding):
    response = scenario.get("coordinator", "/api/v1/funding-applications")
    assert _ids(response) == {funding["own"].pk, funding["others"].pk}
    filtered = scenario.get(
        "coordinator",
        f"/api/v1/funding-applications?process={scenario.process.slug}&status=rejected",
    )
    assert _ids(filtered) == {funding["others"].pk}
    # a decision-maker sees aggregates on the dashboard, not applications
    assert _ids(scenario.get("decision_maker", "/api/v1/funding-applications")) == set()


def test_query_counts_do_not_grow(scenario, funding, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    slug = scenario.process.slug
    urls = [
        ("anonymous", f"/api/v1/processes/{slug}/funding-calls"),
        ("coordinator", "/api/v1/funding-applications"),
    ]
    counts = []
    for who, url in urls:
        client = scenario.client(who)
        client.get(url)  # the token's first use
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    for _n in range(6):
        call = make_call(scenario.process)
        CallDeadline.objects.create(call=call, due_at=timezone.now())
        project = make_project(scenario.process, lead_organisation=scenario.world.organisation)
        make_application(project, call)
    for (who, url), count in zip(urls, counts, strict=True):
        client = scenario.client(who)
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200


def test_a_call_s_matching_projects_with_reasons_for_whom_may_see_them(scenario, funding):
    """The coordinator sees every portfolio project with its verdict and reasons; the member
    sees their organisation's projects only; anonymous sees none; the numbers are named."""
    slug = scenario.process.slug
    call = funding["open"]
    project = scenario.project
    project.budget_total = Decimal("300000")
    project.save()
    url = f"/api/v1/processes/{slug}/funding-calls/{call.pk}/matches"
    everyone = scenario.get("coordinator", url)
    assert everyone.status_code == 200, everyone.content
    rows = {row["project"]["id"]: row for row in everyone.json()["items"]}
    assert project.pk in rows
    other_project = funding["others"].project
    assert other_project.pk in rows
    ours = rows[project.pk]
    # 300,000 asked of a call whose maximum is 50,000: fixable by asking less.
    assert ours["verdict"] == "eligible_if"
    amount = next(r for r in ours["reasons"] if r["status"] == "fixable")
    assert "50" in amount["text"] and amount["fix"]
    member = {row["project"]["id"] for row in scenario.get("member", url).json()["items"]}
    assert member == {project.pk}
    assert scenario.get("anonymous", url).json()["items"] == []
    elsewhere = funding["elsewhere"].call
    assert (
        scenario.get(
            "coordinator", f"/api/v1/processes/{slug}/funding-calls/{elsewhere.pk}/matches"
        ).status_code
        == 404
    )
