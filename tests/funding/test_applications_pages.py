"""Application pages per role, the list's scope and filters, uploads and downloads, the
project card's section and the query counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cultiva.funding.models import Application, ApplicationDocument
from cultiva.portfolio.models import Project
from tests.factories import make_application, make_organisation, make_project
from tests.funding.app_fixtures import project_and_call

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SECRET = "Belső jegyzet a pályázatról"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def setup(world):
    project, call = project_and_call(world)
    application = make_application(project, call, notes=SECRET, requested_amount=Decimal("1234.5"))
    ApplicationDocument.objects.create(
        application=application, name={"hu": "Költségvetés", "en": "Budget"}
    )
    return project, call, application


def url(name, application, *more):
    return reverse(f"funding:{name}", args=[application.process.slug, application.pk, *more])


def login(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))


@pytest.mark.parametrize(
    "role, status",
    [
        ("member", 200),
        ("facilitator", 200),
        ("coordinator", 200),
        ("outsider", 403),
        ("decision_maker", 403),
        ("expert", 403),
        ("anonymous", 302),
    ],
)
def test_detail_per_role(client, world, setup, role, status):
    _project, _call, application = setup
    login(client, world, role)
    response = client.get(url("application_detail", application))
    assert response.status_code == status
    body = response.content.decode()
    assert (SECRET in body) == (status == 200)
    if status == 200:
        assert "1,234.5" in body
        assert 'data-step="preparation"' in body
    edit = client.get(url("application_edit", application))
    assert edit.status_code == status


def test_detail_of_another_process_is_not_found(client, world, setup):
    from tests.factories import make_process

    _project, _call, application = setup
    other = make_process()
    client.force_login(world.coordinator)
    response = client.get(reverse("funding:application_detail", args=[other.slug, application.pk]))
    assert response.status_code == 404


def test_list_shows_an_organisation_only_its_own(client, world, setup):
    project, call, application = setup
    other_project = make_project(world.process, lead_organisation=world.other_organisation)
    theirs = make_application(other_project, call)
    list_url = reverse("funding:application_list", args=[world.process.slug])
    client.force_login(world.member)
    body = client.get(list_url).content.decode()
    assert f'data-application="{application.pk}"' in body
    assert f'data-application="{theirs.pk}"' not in body
    assert f'data-feed-organisation="{world.organisation.pk}"' in body
    client.force_login(world.outsider)
    body = client.get(list_url).content.decode()
    assert f'data-application="{theirs.pk}"' in body
    assert f'data-application="{application.pk}"' not in body
    client.force_login(world.decision_maker)
    body = client.get(list_url).content.decode()
    assert "data-application=" not in body
    client.force_login(world.facilitator)
    body = client.get(list_url).content.decode()
    assert f'data-application="{application.pk}"' in body
    assert f'data-application="{theirs.pk}"' in body
    assert "data-feed-organisation" not in body
    assert (
        client.get(list_url, {"organisation": world.other_organisation.pk})
        .content.decode()
        .count("data-application=")
        == 1
    )
    assert "data-application=" not in client.get(list_url, {"status": "awarded"}).content.decode()
    assert client.get(list_url, {"call": "nonsense"}).status_code == 200


def test_list_anonymous_goes_to_login(client, world, setup):
    response = client.get(reverse("funding:application_list", args=[world.process.slug]))
    assert response.status_code == 302


def test_list_queries_do_not_grow(client, world, setup):
    project, call, _application = setup
    list_url = reverse("funding:application_list", args=[world.process.slug])
    client.force_login(world.coordinator)

    def add(n):
        for _ in range(n):
            other = make_project(world.process, lead_organisation=make_organisation())
            make_application(other, call)

    add(2)
    client.get(list_url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(list_url).status_code == 200
    add(8)
    with CaptureQueriesContext(connection) as many:
        client.get(list_url)
    assert len(few) == len(many)


def test_start_from_the_project_redirects_to_the_application(client, world):
    project, call = project_and_call(world)
    client.force_login(world.member)
    start = reverse("funding:application_start", args=[world.process.slug, project.pk, call.pk])
    assert client.get(start).status_code == 405
    response = client.post(start)
    application = Application.objects.get()
    assert response.status_code == 302
    assert response.url == url("application_detail", application)
    again = client.post(start)
    assert again.url == url("application_detail", application)
    assert Application.objects.count() == 1
    client.force_login(world.outsider)
    other_project = make_project(world.process, lead_organisation=world.organisation)
    refused = client.post(
        reverse("funding:application_start", args=[world.process.slug, other_project.pk, call.pk])
    )
    assert refused.status_code == 403


def test_steps_through_the_page(client, world, setup):
    project, _call, application = setup
    client.force_login(world.member)
    step = url("application_step", application)
    client.post(step, {"target": "preparation", "source": "planned"})
    client.post(step, {"target": "submitted", "source": "preparation", "note": "Beadva"})
    application.refresh_from_db()
    assert application.status == "submitted"
    project.refresh_from_db()
    assert project.maturity == "applied"
    # A rejection without a reason: refused, with the message.
    response = client.post(step, {"target": "rejected", "source": "submitted"}, follow=True)
    assert "reason" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "submitted"
    # A stale page (it still showed "planned"): nothing happens.
    client.post(step, {"target": "preparation", "source": "planned"})
    application.refresh_from_db()
    assert application.status == "submitted"
    # Bad input: an unknown status.
    assert client.post(step, {"target": "nonsense", "source": "x"}).status_code == 302
    client.force_login(world.decision_maker)
    assert client.post(step, {"target": "evaluation", "source": "submitted"}).status_code == 403


def test_edit_page_refuses_bad_input_naming_the_field(client, world, setup):
    _project, _call, application = setup
    client.force_login(world.member)
    response = client.post(
        url("application_edit", application), {"requested_amount": "999999999", "notes": "új"}
    )
    assert response.status_code == 200
    assert "exceeds the call" in response.content.decode()
    response = client.post(url("application_edit", application), {"requested_amount": "abc"})
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.notes == SECRET
    response = client.post(
        url("application_edit", application),
        {"requested_amount": "2000", "own_contribution_sources": ["cash"], "notes": "új"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.requested_amount == Decimal("2000")


def test_checklist_tick_upload_and_download(client, world, setup):
    _project, _call, application = setup
    document = application.documents.get()
    client.force_login(world.member)
    upload = SimpleUploadedFile("budget.pdf", PDF, content_type="application/pdf")
    client.post(
        url("application_document", application, document.pk), {"ready": "on", "file": upload}
    )
    document.refresh_from_db()
    assert document.ready and document.file
    download = client.get(url("application_document_file", application, document.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    client.force_login(world.outsider)
    assert client.get(url("application_document_file", application, document.pk)).status_code == 403
    client.logout()
    assert client.get(url("application_document_file", application, document.pk)).status_code == 302


def test_an_upload_disguised_as_pdf_is_refused(client, world, setup):
    _project, _call, application = setup
    document = application.documents.get()
    client.force_login(world.member)
    fake = SimpleUploadedFile("budget.pdf", b"<html><script>alert(1)</script></html>" * 10)
    response = client.post(
        url("application_document", application, document.pk),
        {"ready": "on", "file": fake},
        follow=True,
    )
    document.refresh_from_db()
    assert not document.file
    assert not document.ready
    assert "Budget" in response.content.decode()


def test_add_a_document_line(client, world, setup):
    _project, _call, application = setup
    client.force_login(world.member)
    add = url("application_document_add", application)
    assert client.post(add, {}).status_code == 400
    client.post(add, {"name_hu": "Nyilatkozat", "required": "on"})
    assert application.documents.count() == 2


def test_the_project_card_shows_its_applications_to_its_people(client, world, setup):
    project, call, application = setup
    Project.objects.filter(pk=project.pk).update()
    page = reverse("portfolio:detail", args=[project.pk])
    client.force_login(world.member)
    assert f'data-application="{application.pk}"' in client.get(page).content.decode()
    client.force_login(world.coordinator)
    assert f'data-application="{application.pk}"' in client.get(page).content.decode()
    client.force_login(world.outsider)
    body = client.get(page).content.decode()
    assert client.get(page).status_code == 200
    assert f'data-application="{application.pk}"' not in body


@pytest.mark.parametrize(
    "value", ["", "ő" * 20_000, "'; <script>alert(1)</script> -1e309 NaN 99999999999", "a\x00b"]
)
def test_every_form_takes_bad_input_without_a_server_error(client, world, setup, value):
    _project, _call, application = setup
    document = application.documents.get()
    client.force_login(world.member)
    fields = [
        "requested_amount",
        "own_contribution",
        "own_contribution_sources",
        "awarded_amount",
        "submitted_on",
        "decided_on",
        "contracted_on",
        "funder_reference",
        "notes",
        "rejection_reason",
    ]
    posts = {
        url("application_edit", application): dict.fromkeys(fields, value),
        url("application_step", application): dict.fromkeys(
            ["target", "source", "note", "awarded_amount", "rejection_reason"], value
        ),
        url("application_document", application, document.pk): {"ready": value, "file": value},
        url("application_document_add", application): {"name_hu": value, "required": value},
    }
    for address, data in posts.items():
        response = client.post(address, data)
        assert response.status_code < 500, address
    step = client.post(
        url("application_step", application),
        {"target": "preparation", "source": "planned", "note": value},
    )
    assert step.status_code == 302
