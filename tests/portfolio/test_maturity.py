"""The maturity workflow: the table of allowed steps and who takes them, and the history."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cultiva.core.models import ActivityLog
from cultiva.portfolio import services
from cultiva.portfolio.maturity import MATURITY_TRANSITIONS
from cultiva.portfolio.models import MaturityChange, Project

M = Project.Maturity


def maturity_url(project):
    return reverse("portfolio:maturity", args=[project.process.slug, project.pk])


# (from, to, who, allowed)
TABLE = [
    (M.IDEA, M.CONCEPT, "lead_member", True),
    (M.CONCEPT, M.READY, "lead_member", True),
    (M.READY, M.APPLIED, "lead_member", True),
    (M.APPLIED, M.FUNDED, "lead_member", False),  # a funding decision is the staff's to record
    (M.APPLIED, M.FUNDED, "facilitator", True),
    (M.APPLIED, M.READY, "lead_member", True),  # rejected: try another call
    (M.FUNDED, M.RUNNING, "lead_member", True),
    (M.RUNNING, M.COMPLETED, "lead_member", True),
    (M.RUNNING, M.DROPPED, "lead_member", True),
    (M.COMPLETED, M.DROPPED, "coordinator", False),  # a finished project stays finished
    (M.DROPPED, M.IDEA, "lead_member", False),
    (M.DROPPED, M.IDEA, "facilitator", False),
    (M.DROPPED, M.IDEA, "coordinator", True),
    (M.IDEA, M.READY, "coordinator", False),  # no skipping steps
    (M.IDEA, M.CONCEPT, "other_org_member", False),
    (M.IDEA, M.CONCEPT, "member", False),
    (M.IDEA, M.CONCEPT, "other_process_coordinator", False),
]


@pytest.mark.parametrize(("source", "target", "who", "allowed"), TABLE)
def test_the_workflow_table(world, project, people, source, target, who, allowed):
    Project.objects.filter(pk=project.pk).update(maturity=source)
    project.refresh_from_db()
    if allowed:
        change = services.project_maturity_change(
            actor=people[who], project=project, source=source, target=target, note="ok"
        )
        project.refresh_from_db()
        assert project.maturity == target
        assert (change.source, change.target, change.actor) == (source, target, people[who])
    else:
        with pytest.raises(ValidationError):
            services.project_maturity_change(
                actor=people[who], project=project, source=source, target=target
            )
        project.refresh_from_db()
        assert project.maturity == source and not MaturityChange.objects.exists()


def test_the_table_is_well_formed():
    values = set(M.values)
    for move in MATURITY_TRANSITIONS:
        assert move.source in values and move.target in values and move.actors
    droppable = {m.source for m in MATURITY_TRANSITIONS if m.target == M.DROPPED}
    assert droppable == values - {M.COMPLETED, M.DROPPED}


def test_a_step_from_a_maturity_that_has_changed_meanwhile_is_refused(world, project):
    services.project_maturity_change(
        actor=world.facilitator, project=project, source=M.IDEA, target=M.CONCEPT
    )
    with pytest.raises(ValidationError) as refused:
        # The member's page still showed "idea".
        services.project_maturity_change(
            actor=world.member, project=project, source=M.IDEA, target=M.DROPPED
        )
    assert refused.value.code == "stale"
    project.refresh_from_db()
    assert project.maturity == M.CONCEPT and MaturityChange.objects.count() == 1


def test_the_lead_member_moves_the_project_on_its_page_and_the_history_shows(
    client, world, project
):
    client.force_login(world.member)
    page = client.get(reverse("portfolio:detail", args=[project.pk]))
    offered = [value for value, _label in page.context["maturity_form"].fields["target"].choices]
    assert offered == [M.CONCEPT, M.DROPPED]
    response = client.post(
        maturity_url(project),
        {"source": M.IDEA, "target": M.CONCEPT, "note": "Megvan a koncepció."},
        follow=True,
    )
    project.refresh_from_db()
    assert project.maturity == M.CONCEPT
    history = response.content.decode()
    assert "Megvan a koncepció." in history and world.member.public_name in history
    assert world.member.email not in history
    entry = ActivityLog.objects.get(verb="project.maturity_changed")
    assert entry.changes["maturity"] == [M.IDEA, M.CONCEPT]
    # A step the table does not allow the lead is refused with a message, nothing changes.
    Project.objects.filter(pk=project.pk).update(maturity=M.APPLIED)
    response = client.post(
        maturity_url(project), {"source": M.APPLIED, "target": M.FUNDED}, follow=True
    )
    project.refresh_from_db()
    assert project.maturity == M.APPLIED
    assert "nem lehetséges" in response.content.decode()


@pytest.mark.parametrize("who", ["other_org_member", "member", "other_process_coordinator"])
def test_others_see_the_maturity_but_cannot_change_it(client, world, project, people, who):
    client.force_login(people[who])
    page = client.get(reverse("portfolio:detail", args=[project.pk]))
    assert page.status_code == 200 and page.context["maturity_form"] is None
    response = client.post(maturity_url(project), {"source": M.IDEA, "target": M.CONCEPT})
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.maturity == M.IDEA


def test_anonymous_visitors_are_sent_to_log_in(client, project):
    response = client.post(maturity_url(project), {"source": M.IDEA, "target": M.CONCEPT})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    project.refresh_from_db()
    assert project.maturity == M.IDEA


def test_the_project_page_does_not_grow_in_queries_with_its_history(client, world, project):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.member)
    url = reverse("portfolio:detail", args=[project.pk])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def steps(n):
        MaturityChange.objects.bulk_create(
            MaturityChange(project=project, source=M.IDEA, target=M.CONCEPT, actor=world.member)
            for _ in range(n)
        )

    steps(2)
    few = queries()
    steps(40)
    assert queries() == few
