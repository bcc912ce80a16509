"""The demo data set: deterministic for a seed, the promised size, usable demo accounts."""

from __future__ import annotations

import io

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import HttpRequest

from cultiva.accounts.models import Membership, Organisation, User
from cultiva.core.models import ActivityLog, Settlement, TaxonomyTerm
from cultiva.demo.generator import DEMO_ACCOUNTS, DEMO_PASSWORD, SCALES, demo_generate
from cultiva.ideas.models import Contribution
from cultiva.meetings.models import Meeting
from cultiva.portfolio.models import Project, ProjectOrigin
from cultiva.processes.models import Phase, Process, ProcessRole
from cultiva.strategy.models import Goal, Measure, MeasureProject, PriorityAxis, Strategy

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    return {
        "contributions": sorted(
            Contribution.objects.values_list("title", "kind", "language", "status", "created_at")
        ),
        "organisations": sorted(Organisation.objects.values_list("name", flat=True), key=str),
        "people": sorted(User.objects.values_list("email", "full_name")),
        "projects": sorted(
            (p.code, p.title["hu"], p.maturity, str(p.budget_total)) for p in Project.objects.all()
        ),
        "meetings": sorted(Meeting.objects.values_list("starts_at", "kind")),
        "origins": sorted(
            ProjectOrigin.objects.values_list("project__code", "contribution__title")
        ),
    }


def delete_demo() -> None:
    ActivityLog.objects.all().delete()
    ProjectOrigin.objects.all().delete()
    MeasureProject.objects.all().delete()
    Process.objects.all().delete()  # cascades to meetings, contributions, projects, strategy
    Membership.objects.all().delete()
    Organisation.objects.all().delete()
    EmailAddress.objects.all().delete()
    User.objects.all().delete()


def test_small_scale_is_deterministic_for_a_seed():
    demo_generate(scale="small", seed=1)
    first = snapshot()
    delete_demo()
    demo_generate(scale="small", seed=1)
    second = snapshot()
    assert first == second
    delete_demo()
    demo_generate(scale="small", seed=2)
    assert snapshot()["contributions"] != first["contributions"]


def test_small_scale_has_the_promised_size_and_shape():
    result = demo_generate(scale="small", seed=1)
    scale = SCALES["small"]
    process = Process.objects.get(slug="hargita-2027")
    assert result.process == process
    assert process.is_published
    assert process.title["hu"] == "Hargita megye kulturális stratégiája 2027–2033"
    assert process.title["ro"] == "Strategia culturală a județului Harghita 2027–2033"

    assert Settlement.objects.count() == 67
    assert TaxonomyTerm.objects.filter(vocabulary="domain").count() >= 14
    assert Organisation.objects.count() == scale.organisations
    assert Meeting.objects.count() == scale.meetings
    assert Contribution.objects.count() == scale.contributions
    assert Project.objects.count() == scale.projects

    submission = Phase.objects.get(process=process, kind=Phase.Kind.SUBMISSION)
    assert submission.is_current() and submission.accepts_contributions
    assert Phase.objects.filter(process=process).count() == 8

    kinds = set(Contribution.objects.values_list("kind", flat=True))
    assert kinds == set(Contribution.Kind.values)
    romanian = Contribution.objects.filter(language="ro").count()
    assert 0.12 * scale.contributions < romanian < 0.4 * scale.contributions
    put_forward = Contribution.objects.filter(
        status__in=[Contribution.Status.SUBMITTED, Contribution.Status.IN_PORTFOLIO]
    )
    assert put_forward.count() > 0.85 * scale.contributions
    assert not Contribution.objects.filter(domains=None).exists()
    assert not Contribution.objects.filter(settlements=None).exists()

    meeting_kinds = set(Meeting.objects.values_list("kind", flat=True))
    assert {Meeting.Kind.LECTURE, Meeting.Kind.WORKSHOP} <= meeting_kinds
    workshops = Meeting.objects.filter(kind=Meeting.Kind.WORKSHOP)
    regions = {m.settlement.micro_region.name for m in workshops if m.settlement}
    assert regions == {"Csík", "Gyergyó", "Udvarhelyszék", "Felső-Maros"}

    codes = sorted(Project.objects.values_list("code", flat=True))
    assert codes[0] == "HR-0001"
    assert not Project.objects.filter(origins=None).exists()
    promoted = Contribution.objects.filter(project_links__isnull=False).distinct()
    assert set(promoted.values_list("status", flat=True)) == {Contribution.Status.IN_PORTFOLIO}
    assert all(
        project.title.get(code) for project in Project.objects.all() for code in ["hu", "ro", "en"]
    )

    strategy = Strategy.objects.get(process=process)
    assert strategy.status == Strategy.Status.DRAFT
    assert 3 <= Goal.objects.filter(strategy=strategy).count() <= 4
    for goal in Goal.objects.filter(strategy=strategy):
        assert goal.axes.count() == 2
        for axis in goal.axes.all():
            assert 2 <= axis.measures.count() <= 3
    assert PriorityAxis.objects.count() == 8
    assert Measure.objects.filter(project_links__isnull=False).exists()

    # one activity row for the territory and one for the demo, none per row
    assert ActivityLog.objects.count() == 2


def test_demo_accounts_exist_with_their_roles_and_can_log_in(client):
    demo_generate(scale="small", seed=1)
    process = Process.objects.get(slug="hargita-2027")
    for role, email in DEMO_ACCOUNTS:
        user = User.objects.get(email=email)
        assert EmailAddress.objects.filter(user=user, email=email, verified=True, primary=True)
        assert ProcessRole.objects.filter(process=process, user=user, role=role).exists()
        assert client.login(request=HttpRequest(), email=email, password=DEMO_PASSWORD), email
        client.logout()
    assert User.objects.get(email="coordinator@demo.cultiva.local").is_staff
    member = User.objects.get(email="member@demo.cultiva.local")
    assert member.memberships.exists()
    assert not client.login(request=HttpRequest(), email=member.email, password="wrong")


def test_command_prints_accounts_and_if_empty_skips_a_second_run():
    out = io.StringIO()
    call_command("demo_data", scale="small", seed=3, stdout=out)
    text = out.getvalue()
    for _role, email in DEMO_ACCOUNTS:
        assert email in text
    assert DEMO_PASSWORD in text
    contributions = Contribution.objects.count()

    out = io.StringIO()
    call_command("demo_data", "--if-empty", scale="small", seed=3, stdout=out)
    assert "--if-empty" in out.getvalue()
    assert Contribution.objects.count() == contributions
    assert Process.objects.count() == 1

    with pytest.raises(CommandError):
        call_command("demo_data", scale="small", seed=3, stdout=io.StringIO())
