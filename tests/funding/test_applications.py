"""Application services: start, update, the workflow per role, reasons, maturity, checklist."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from cultiva.core.models import ActivityLog
from cultiva.funding import application_services as services
from cultiva.funding.application_workflow import APPLICATION_TRANSITIONS
from cultiva.funding.models import Application, ApplicationDocument, ApplicationStep
from cultiva.portfolio.models import MaturityChange, Project
from tests.factories import make_application, make_call, make_process
from tests.funding.app_fixtures import project_and_call

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def setup(world):
    return project_and_call(world)


def start(world, setup, actor=None):
    project, call = setup
    return services.application_start(actor=actor or world.member, project=project, call=call)


def test_start_copies_the_checklist_and_defaults_the_amounts(world, setup):
    project, call = setup
    application = start(world, setup)
    assert application.organisation == world.organisation
    assert application.currency == call.currency
    # 300,000 budget - 30,000 own = 270,000, capped by the call's maximum of 250,000.
    assert application.requested_amount == Decimal("250000")
    assert application.own_contribution == Decimal("30000")
    names = [d.name["hu"] for d in application.documents.all()]
    assert names == ["Költségvetés", "Alapító okirat"]
    assert [d.required for d in application.documents.all()] == [True, False]
    assert ActivityLog.objects.filter(verb="application.started").count() == 1


def test_start_in_another_currency_guesses_no_amount(world):
    project, call = project_and_call(world, currency="EUR")
    application = services.application_start(actor=world.member, project=project, call=call)
    assert application.requested_amount is None
    assert application.currency == "EUR"


def test_a_second_application_to_the_same_call_is_refused(world, setup):
    start(world, setup)
    with pytest.raises(ValidationError) as error:
        start(world, setup, actor=world.facilitator)
    assert "already has an application" in str(error.value)
    assert Application.objects.count() == 1


def test_the_unique_constraint_is_caught(world, setup, monkeypatch):
    """Two people pressing "apply" at once: the loser gets the message, not a 500."""
    project, call = setup
    make_application(project, call)
    real_filter = Application.objects.filter

    class Nothing:
        def exists(self):
            return False

    monkeypatch.setattr(
        Application.objects,
        "filter",
        lambda *a, **k: Nothing() if "call" in k else real_filter(*a, **k),
    )
    with pytest.raises(ValidationError, match="already has an application"):
        services.application_start(actor=world.member, project=project, call=call)


def test_a_call_of_another_process_is_refused(world, setup):
    project, _call = setup
    foreign = make_call(make_process())
    with pytest.raises(ValidationError):
        services.application_start(actor=world.coordinator, project=project, call=foreign)


@pytest.mark.parametrize(
    "role, allowed",
    [
        ("member", True),
        ("facilitator", True),
        ("coordinator", True),
        ("outsider", False),
        ("decision_maker", False),
        ("expert", False),
    ],
)
def test_who_may_start(world, setup, role, allowed):
    if allowed:
        assert start(world, setup, actor=world.user(role)).pk
    else:
        with pytest.raises(PermissionDenied):
            start(world, setup, actor=world.user(role))


def test_a_proposal_cannot_apply(world, setup):
    project, call = setup
    project.proposal_status = Project.ProposalStatus.DRAFT
    project.save()
    with pytest.raises(PermissionDenied):
        services.application_start(actor=world.member, project=project, call=call)


# --- the workflow ----------------------------------------------------------------------------

EXTRA = {"rejected": {"rejection_reason": "Kevés pont"}, "awarded": {"awarded_amount": 1000}}


@pytest.mark.parametrize("move", APPLICATION_TRANSITIONS, ids=lambda t: f"{t.source}-{t.target}")
@pytest.mark.parametrize("role", ["member", "facilitator", "coordinator"])
def test_every_step_is_allowed_to_the_applicant_and_the_staff(world, setup, move, role):
    project, call = setup
    application = make_application(project, call, status=move.source)
    step = services.application_step(
        actor=world.user(role),
        application=application,
        target=move.target,
        **EXTRA.get(move.target, {}),
    )
    application.refresh_from_db()
    assert application.status == move.target
    assert (step.source, step.target) == (move.source, move.target)


@pytest.mark.parametrize(
    "move", APPLICATION_TRANSITIONS[:4], ids=lambda t: f"{t.source}-{t.target}"
)
@pytest.mark.parametrize("role", ["outsider", "decision_maker", "expert", "anonymous"])
def test_no_step_for_others(world, setup, move, role):
    project, call = setup
    application = make_application(project, call, status=move.source)
    with pytest.raises(PermissionDenied):
        services.application_step(
            actor=world.user(role), application=application, target=move.target
        )
    assert ApplicationStep.objects.count() == 0


@pytest.mark.parametrize(
    "source, target",
    [
        ("planned", "submitted"),
        ("planned", "awarded"),
        ("closed", "planned"),
        ("rejected", "awarded"),
    ],
)
def test_steps_the_table_does_not_have_are_refused(world, setup, source, target):
    project, call = setup
    application = make_application(project, call, status=source)
    with pytest.raises(ValidationError, match="not possible"):
        services.application_step(
            actor=world.coordinator, application=application, target=target, **EXTRA.get(target, {})
        )
    application.refresh_from_db()
    assert application.status == source


def test_a_rejection_needs_a_reason(world, setup):
    project, call = setup
    application = make_application(project, call, status="evaluation")
    with pytest.raises(ValidationError) as error:
        services.application_step(actor=world.member, application=application, target="rejected")
    assert "rejection_reason" in error.value.message_dict
    application.refresh_from_db()
    assert application.status == "evaluation"
    services.application_step(
        actor=world.member, application=application, target="rejected", rejection_reason="Kevés"
    )
    application.refresh_from_db()
    assert application.rejection_reason == "Kevés"
    assert application.decided_on is not None


def test_an_award_needs_the_amount(world, setup):
    project, call = setup
    application = make_application(project, call, status="evaluation")
    with pytest.raises(ValidationError) as error:
        services.application_step(
            actor=world.coordinator, application=application, target="awarded"
        )
    assert "awarded_amount" in error.value.message_dict
    services.application_step(
        actor=world.coordinator,
        application=application,
        target="awarded",
        awarded_amount=Decimal("120000"),
    )
    application.refresh_from_db()
    assert application.awarded_amount == Decimal("120000")


def test_a_stale_step_is_refused(world, setup):
    project, call = setup
    application = make_application(project, call, status="preparation")
    seen = Application.objects.get(pk=application.pk)
    services.application_step(actor=world.member, application=application, target="submitted")
    with pytest.raises(ValidationError, match="moved to"):
        services.application_step(actor=world.facilitator, application=seen, target="withdrawn")


def test_submission_dates_it_and_the_maturity_follows(world, setup):
    project, call = setup
    application = make_application(project, call, status="preparation")
    services.application_step(actor=world.member, application=application, target="submitted")
    application.refresh_from_db()
    project.refresh_from_db()
    assert application.submitted_on is not None
    assert project.maturity == "applied"
    # The lead may take ready → applied: through the portfolio's own service.
    change = MaturityChange.objects.get(project=project)
    assert (change.source, change.target, change.actor) == ("ready", "applied", world.member)
    assert str(call) in change.note


def test_an_award_makes_the_project_funded_even_from_the_applicant(world, setup):
    """applied → funded is the staff's step in the maturity table; the award is a fact,
    recorded as a system step with a note naming the application."""
    project, call = setup
    application = make_application(project, call, status="preparation")
    services.application_step(actor=world.member, application=application, target="submitted")
    services.application_step(
        actor=world.member, application=application, target="awarded", awarded_amount=5000
    )
    project.refresh_from_db()
    assert project.maturity == "funded"
    change = MaturityChange.objects.filter(project=project).first()
    assert (change.source, change.target) == ("applied", "funded")
    assert str(call) in change.note
    log = ActivityLog.objects.filter(verb="project.maturity_changed").order_by("-pk").first()
    assert log.changes["application"] == application.pk


def test_the_maturity_never_goes_backwards(world, setup):
    project, call = setup
    Project.objects.filter(pk=project.pk).update(maturity="running")
    application = make_application(project, call, status="preparation")
    services.application_step(actor=world.member, application=application, target="submitted")
    project.refresh_from_db()
    assert project.maturity == "running"
    assert not MaturityChange.objects.exists()


def test_a_dropped_project_stays_dropped(world, setup):
    project, call = setup
    Project.objects.filter(pk=project.pk).update(maturity="dropped")
    application = make_application(project, call, status="preparation")
    services.application_step(actor=world.member, application=application, target="submitted")
    project.refresh_from_db()
    assert project.maturity == "dropped"


def test_each_step_is_in_the_activity_log(world, setup):
    project, call = setup
    application = make_application(project, call)
    services.application_step(actor=world.member, application=application, target="preparation")
    log = ActivityLog.objects.get(verb="application.step")
    assert log.changes["status"] == ["planned", "preparation"]


# --- update ----------------------------------------------------------------------------------


def test_update_checks_the_own_contribution_forms(world):
    project, call = project_and_call(world, own_contribution_forms=["cash"])
    application = make_application(project, call)
    with pytest.raises(ValidationError) as error:
        services.application_update(
            actor=world.member, application=application, own_contribution_sources=["volunteering"]
        )
    assert "own_contribution_sources" in error.value.message_dict
    assert "volunteering" in str(error.value.message_dict)
    services.application_update(
        actor=world.member,
        application=application,
        own_contribution_sources=["cash"],
        notes="Titok",
        requested_amount=Decimal("1000"),
        funder_reference="AFCN-1",
    )
    application.refresh_from_db()
    assert application.own_contribution_sources == ["cash"]
    assert application.notes == "Titok"
    log = ActivityLog.objects.get(verb="application.updated")
    assert "Titok" not in str(log.changes)


def test_update_refuses_bad_figures_and_saves_nothing(world, setup):
    project, call = setup
    application = make_application(project, call, requested_amount=Decimal("1000"))
    with pytest.raises(ValidationError) as error:
        services.application_update(
            actor=world.member, application=application, requested_amount=Decimal("300000")
        )
    assert "250,000.00" in str(error.value.message_dict["requested_amount"])
    with pytest.raises(ValidationError) as error:
        services.application_update(
            actor=world.member,
            application=application,
            submitted_on=dt.date(2027, 3, 1),
            decided_on=dt.date(2027, 2, 1),
        )
    assert "decided_on" in error.value.message_dict
    application.refresh_from_db()
    assert application.requested_amount == Decimal("1000")
    assert application.submitted_on is None


@pytest.mark.parametrize("role", ["outsider", "decision_maker", "expert"])
def test_update_is_refused_to_others(world, setup, role):
    project, call = setup
    application = make_application(project, call)
    with pytest.raises(PermissionDenied):
        services.application_update(actor=world.user(role), application=application, notes="x")


# --- the checklist ---------------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_tick_upload_and_add(world, setup):
    application = start(world, setup)
    document = application.documents.first()
    services.application_document_tick(actor=world.member, document=document, ready=True)
    document.refresh_from_db()
    assert document.ready
    upload = SimpleUploadedFile("koltsegvetes.pdf", PDF, content_type="application/pdf")
    services.application_document_upload(actor=world.member, document=document, file=upload)
    document.refresh_from_db()
    assert document.file.name.endswith(".pdf")
    assert document.content_type == "application/pdf"
    added = services.application_document_add(
        actor=world.member, application=application, name={"hu": "Partnerségi nyilatkozat"}
    )
    assert added.position > document.position
    assert ApplicationDocument.objects.filter(application=application).count() == 3


def test_an_upload_is_checked_by_its_content(world, setup):
    application = start(world, setup)
    document = application.documents.first()
    disguised = SimpleUploadedFile(
        "koltsegvetes.pdf", b"MZ\x90\x00 not a pdf at all" * 20, content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as error:
        services.application_document_upload(actor=world.member, document=document, file=disguised)
    assert "file" in error.value.message_dict
    document.refresh_from_db()
    assert not document.file


def test_the_checklist_is_refused_to_others(world, setup):
    application = start(world, setup)
    document = application.documents.first()
    with pytest.raises(PermissionDenied):
        services.application_document_tick(actor=world.outsider, document=document, ready=True)
    with pytest.raises(PermissionDenied):
        services.application_document_upload(
            actor=world.decision_maker, document=document, file=io.BytesIO(PDF)
        )
