"""Coordinators shape the strategy tree in pages; everyone else reads it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cultiva.core.models import ActivityLog
from cultiva.processes.models import ProcessRole
from cultiva.strategy.models import Goal, Measure, MeasureProject, PriorityAxis, Strategy
from tests.factories import make_process, make_project, make_strategy, make_user


@pytest.fixture
def tree(world):
    strategy, measure = make_strategy(world.process)
    # Readable by all: the tests are about editing, not about drafts being private.
    Strategy.objects.filter(pk=strategy.pk).update(status=Strategy.Status.CONSULTATION)
    strategy.refresh_from_db()
    return strategy, measure


def node_data(code, title_hu, **extra):
    return {"code": code, "title_hu": title_hu, "title_ro": "", "title_en": "", **extra}


def test_a_coordinator_builds_the_tree_in_pages(client, world, tree):
    strategy, measure = tree
    slug = world.process.slug
    client.force_login(world.coordinator)
    detail = reverse("strategy:detail", args=[strategy.pk])
    assert (
        reverse("strategy:goal_add", args=[slug, strategy.pk])
        in client.get(detail).content.decode()
    )

    response = client.post(
        reverse("strategy:goal_add", args=[slug, strategy.pk]),
        node_data("C2", "Közösségi kultúra", title_ro="Cultură comunitară"),
    )
    goal = Goal.objects.get(code="C2")
    assert response.status_code == 302 and response.url.endswith(f"#goal-{goal.pk}")
    assert goal.title == {"hu": "Közösségi kultúra", "ro": "Cultură comunitară"}
    assert goal.position == 1  # after C1
    client.post(reverse("strategy:axis_add", args=[slug, goal.pk]), node_data("C2.1", "Falvak"))
    axis = PriorityAxis.objects.get(code="C2.1")
    client.post(
        reverse("strategy:measure_add", args=[slug, axis.pk]),
        node_data("C2.1.1", "Művelődési házak", description_hu="Felújítás és programok."),
    )
    new_measure = Measure.objects.get(code="C2.1.1")
    assert new_measure.axis == axis and new_measure.description == {"hu": "Felújítás és programok."}

    client.post(
        reverse("strategy:measure_edit", args=[slug, new_measure.pk]),
        node_data("C2.1.1", "Művelődési házak hálózata"),
    )
    new_measure.refresh_from_db()
    assert new_measure.title == {"hu": "Művelődési házak hálózata"}

    page = client.get(detail).content.decode()
    assert "Művelődési házak hálózata" in page and "C2.1" in page
    verbs = set(ActivityLog.objects.values_list("verb", flat=True))
    assert {
        "strategy.goal_created",
        "strategy.axis_created",
        "strategy.measure_created",
        "strategy.measure_updated",
    } <= verbs


def test_bad_input_and_a_taken_code_are_refused_with_messages(client, world, tree):
    strategy, measure = tree
    client.force_login(world.coordinator)
    url = reverse("strategy:measure_add", args=[world.process.slug, measure.axis_id])
    response = client.post(url, node_data("C1.1.1", "Másik intézkedés"))
    assert response.status_code == 200
    assert "C1.1.1" in response.context["form"].errors["code"][0]
    response = client.post(url, node_data("", ""))
    assert response.status_code == 200 and set(response.context["form"].errors) == {"code", "title"}
    assert Measure.objects.count() == 1


def test_reordering_moves_a_node_among_its_siblings(client, world, tree):
    strategy, _measure = tree
    client.force_login(world.coordinator)
    slug = world.process.slug
    for code in ("C2", "C3"):
        client.post(reverse("strategy:goal_add", args=[slug, strategy.pk]), node_data(code, code))
    c3 = Goal.objects.get(code="C3")
    client.post(reverse("strategy:goal_move", args=[slug, c3.pk]), {"direction": "up"})
    assert list(strategy.goals.order_by("position").values_list("code", flat=True)) == [
        "C1",
        "C3",
        "C2",
    ]
    client.post(reverse("strategy:goal_move", args=[slug, c3.pk]), {"direction": "up"})
    client.post(reverse("strategy:goal_move", args=[slug, c3.pk]), {"direction": "up"})  # top
    assert list(strategy.goals.order_by("position").values_list("code", flat=True)) == [
        "C3",
        "C1",
        "C2",
    ]
    assert ActivityLog.objects.filter(verb="strategy.goal_moved").count() == 2


def test_deleting_a_goal_says_what_goes_with_it(client, world, tree):
    strategy, measure = tree
    project = make_project(world.process)
    MeasureProject.objects.create(measure=measure, project=project)
    goal = measure.axis.goal
    client.force_login(world.coordinator)
    url = reverse("strategy:goal_delete", args=[world.process.slug, goal.pk])
    confirm = client.get(url)
    page = confirm.content.decode()
    assert confirm.status_code == 200 and Goal.objects.filter(pk=goal.pk).exists()
    assert confirm.context["dependents"] == {"axes": 1, "measures": 1, "project_links": 1}
    assert "1 prioritási tengely" in page and "1 projektkapcsolat" in page
    response = client.post(url)
    assert response.status_code == 302
    assert not Goal.objects.exists() and not Measure.objects.exists()
    project.refresh_from_db()  # the project itself stays
    entry = ActivityLog.objects.get(verb="strategy.goal_deleted")
    assert entry.changes["removed"] == {"axes": 1, "measures": 1, "project_links": 1}


def test_a_coordinator_links_and_unlinks_projects_of_the_same_process(client, world, tree):
    strategy, measure = tree
    ours = make_project(world.process, title={"hu": "Saját projekt"})
    theirs = make_project(make_process(), title={"hu": "Másik folyamat projektje"})
    client.force_login(world.coordinator)
    slug = world.process.slug
    edit = client.get(reverse("strategy:measure_edit", args=[slug, measure.pk]))
    choices = list(edit.context["link_form"].fields["project"].queryset)
    assert choices == [ours]
    link_url = reverse("strategy:measure_link", args=[slug, measure.pk])
    client.post(link_url, {"project": theirs.pk})
    assert not MeasureProject.objects.exists()
    client.post(link_url, {"project": ours.pk})
    assert list(measure.projects.all()) == [ours]
    tree_page = client.get(reverse("strategy:detail", args=[strategy.pk])).content.decode()
    assert "Saját projekt" in tree_page
    client.post(reverse("strategy:measure_unlink", args=[slug, measure.pk, ours.pk]))
    assert not MeasureProject.objects.exists()
    assert ActivityLog.objects.filter(verb__startswith="strategy.measure_").count() == 2


def test_a_coordinator_starts_and_edits_a_strategy(client, world):
    client.force_login(world.coordinator)
    slug = world.process.slug
    none_page = client.get(reverse("strategy:for_process", args=[slug])).content.decode()
    assert reverse("strategy:create", args=[slug]) in none_page
    data = {"title_hu": "Kulturális stratégia", "period_start": "2030", "period_end": "2027"}
    response = client.post(reverse("strategy:create", args=[slug]), data)
    assert response.status_code == 200 and not Strategy.objects.exists()
    assert response.context["form"].errors["period_end"]
    client.post(reverse("strategy:create", args=[slug]), {**data, "period_end": "2035"})
    strategy = Strategy.objects.get()
    client.post(
        reverse("strategy:edit", args=[slug, strategy.pk]),
        {**data, "period_end": "2036", "vision_hu": "Élő kultúra"},
    )
    strategy.refresh_from_db()
    assert strategy.period_end == 2036 and strategy.vision == {"hu": "Élő kultúra"}
    assert {"strategy.created", "strategy.updated"} <= set(
        ActivityLog.objects.values_list("verb", flat=True)
    )


def _pages(world, strategy, measure):
    slug = world.process.slug
    return [
        reverse("strategy:edit", args=[slug, strategy.pk]),
        reverse("strategy:goal_add", args=[slug, strategy.pk]),
        reverse("strategy:goal_edit", args=[slug, measure.axis.goal_id]),
        reverse("strategy:axis_delete", args=[slug, measure.axis_id]),
        reverse("strategy:measure_edit", args=[slug, measure.pk]),
    ]


@pytest.mark.parametrize(
    "who",
    ["facilitator", "member", "outsider", "expert", "other_process", "anonymous"],
)
def test_others_read_the_tree_but_cannot_edit_it(client, world, tree, who):
    strategy, measure = tree
    if who == "other_process":
        user = make_user("elsewhere@example.org")
        ProcessRole.objects.create(process=make_process(), user=user, role="coordinator")
    else:
        user = world.user(who)
    if user.is_authenticated:
        client.force_login(user)
    page = client.get(reverse("strategy:detail", args=[strategy.pk]))
    assert page.status_code == 200 and not page.context["can_edit"]
    assert 'data-action="edit"' not in page.content.decode()
    for url in _pages(world, strategy, measure):
        assert client.get(url).status_code in (302, 403)
    response = client.post(
        reverse("strategy:goal_add", args=[world.process.slug, strategy.pk]),
        node_data("C9", "Betolakodó"),
    )
    assert response.status_code in (302, 403)
    client.post(reverse("strategy:goal_delete", args=[world.process.slug, measure.axis.goal_id]))
    assert Goal.objects.count() == 1 and not Goal.objects.filter(code="C9").exists()


def test_an_adopted_strategy_is_read_only(client, world, tree):
    strategy, measure = tree
    Strategy.objects.filter(pk=strategy.pk).update(status=Strategy.Status.ADOPTED)
    client.force_login(world.coordinator)
    assert not client.get(reverse("strategy:detail", args=[strategy.pk])).context["can_edit"]
    url = reverse("strategy:measure_edit", args=[world.process.slug, measure.pk])
    assert client.get(url).status_code == 403


def test_nodes_of_another_process_are_not_found_through_this_one(client, world, tree):
    _strategy, measure = tree
    _other_strategy, other_measure = make_strategy(make_process())
    client.force_login(world.coordinator)
    slug = world.process.slug
    assert (
        client.get(reverse("strategy:measure_edit", args=[slug, other_measure.pk])).status_code
        == 404
    )
    assert (
        client.get(
            reverse("strategy:goal_delete", args=[slug, other_measure.axis.goal_id])
        ).status_code
        == 404
    )


def test_the_tree_page_for_a_coordinator_does_not_grow_in_queries(client, world, tree):
    strategy, measure = tree
    client.force_login(world.coordinator)
    url = reverse("strategy:detail", args=[strategy.pk])

    def grow(n):
        for i in range(n):
            goal = Goal.objects.create(strategy=strategy, code=f"G{i}-{n}", title={"hu": "Cél"})
            axis = PriorityAxis.objects.create(goal=goal, code=f"A{i}-{n}", title={"hu": "T"})
            for j in range(3):
                m = Measure.objects.create(axis=axis, code=f"M{i}.{j}-{n}", title={"hu": "I"})
                MeasureProject.objects.create(measure=m, project=make_project(world.process))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    grow(2)
    few = queries()
    grow(10)
    assert queries() == few
