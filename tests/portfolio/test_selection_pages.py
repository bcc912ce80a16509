"""Saved portfolios: making, viewing, renaming, deleting and comparing them, per role and
across processes; bad input; query counts that do not grow with the portfolio."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from cultiva.core.models import ActivityLog
from cultiva.ideas.models import Contribution
from cultiva.portfolio.models import (
    Criterion,
    Project,
    Review,
    ReviewAssignment,
    ReviewRound,
    SavedPortfolio,
    Score,
)
from cultiva.portfolio.selection_services import saved_portfolio_create
from cultiva.processes.models import ProcessRole
from tests.factories import (
    make_contribution,
    make_process,
    make_project,
    make_settlement,
    make_user,
)


def scored_round(process, reviewer, scores: dict, status=ReviewRound.Status.CLOSED):
    """A review round where each project's single submitted review gives it `scores[project]`
    on two criteria of weight 1 and 3 (so its weighted score is that value)."""
    review_round = ReviewRound.objects.create(
        process=process, title={"hu": "Első forduló"}, status=status
    )
    criteria = [
        Criterion.objects.create(round=review_round, name={"hu": "Hatás"}, weight=Decimal(1)),
        Criterion.objects.create(round=review_round, name={"hu": "Megvalósíthatóság"}, weight=3),
    ]
    for project, value in scores.items():
        assignment = ReviewAssignment.objects.create(
            round=review_round, project=project, reviewer=reviewer
        )
        review = Review.objects.create(assignment=assignment, status=Review.Status.SUBMITTED)
        for criterion in criteria:
            Score.objects.create(review=review, criterion=criterion, value=value)
    return review_round


@pytest.fixture
def portfolio(world):
    csik = make_settlement("Csíkszereda", "Miercurea Ciuc", region="Csík")
    gyergyo = make_settlement("Gyergyószentmiklós", "Gheorgheni", region="Gyergyó")
    need = make_contribution(
        world.process, world.member, kind=Contribution.Kind.NEED, title="Nincs próbaterem"
    )
    projects = {
        "A": make_project(
            world.process,
            code="P-0001",
            title={"hu": "Népzenei tábor"},
            budget_total=Decimal("900000"),
            origins=[need],
        ),
        "B": make_project(
            world.process,
            code="P-0002",
            title={"hu": "Színházi turné"},
            budget_total=Decimal("1500000"),
        ),
        "C": make_project(world.process, code="P-0003", title={"hu": "Falumúzeum"}),
    }
    projects["A"].settlements.set([csik])
    projects["B"].settlements.set([gyergyo])
    projects["C"].settlements.set([csik])
    return projects


def _create(client, world, data):
    return client.post(reverse("portfolio:selection_create", args=[world.process.slug]), data)


@pytest.mark.parametrize(
    "role, status",
    [
        ("coordinator", 200),
        ("facilitator", 200),
        ("decision_maker", 200),
        ("expert", 403),
        ("member", 403),
        ("anonymous", 302),
    ],
)
def test_who_may_open_the_form(client, world, role, status):
    if role != "anonymous":
        client.force_login(world.user(role))
    response = client.get(reverse("portfolio:selection_create", args=[world.process.slug]))
    assert response.status_code == status


def test_a_coordinator_saves_a_portfolio_by_hand_and_everyone_can_view_it(client, world, portfolio):
    client.force_login(world.coordinator)
    response = _create(
        client,
        world,
        {
            "name": "Csíki csomag",
            "kind": "hand",
            "projects": [portfolio["A"].pk, portfolio["C"].pk],
        },
    )
    selection = SavedPortfolio.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("portfolio:selection", args=[world.process.slug, selection.pk])
    log = ActivityLog.objects.get(verb="saved_portfolio.created")
    assert log.changes["projects"] == ["P-0001", "P-0003"]
    assert log.actor == world.coordinator
    client.logout()
    for viewer in (None, world.member, world.expert):
        if viewer:
            client.force_login(viewer)
        page = client.get(response.url).content.decode()
        assert "Népzenei tábor" in page and "Falumúzeum" in page
        assert "Színházi turné" not in page
        assert "900" in page  # the total budget
        # Only those who may change it see the forms.
        assert (
            reverse("portfolio:selection_delete", args=[world.process.slug, selection.pk])
            not in page
        )


def test_checkboxes_of_the_portfolio_list_preselect_the_picker(client, world, portfolio):
    client.force_login(world.facilitator)
    url = reverse("portfolio:selection_create", args=[world.process.slug])
    page = client.get(url, {"project": [portfolio["B"].pk]}).content.decode()
    assert f'value="{portfolio["B"].pk}" id="pick-{portfolio["B"].pk}" checked' in page
    assert f'value="{portfolio["A"].pk}" id="pick-{portfolio["A"].pk}">' in page


def test_top_n_by_the_latest_closed_round_is_evaluated_when_viewed(client, world, portfolio):
    client.force_login(world.decision_maker)
    _create(client, world, {"name": "Legjobb kettő", "kind": "rule", "rule": "top_n", "n": 2})
    selection = SavedPortfolio.objects.get()
    url = reverse("portfolio:selection", args=[world.process.slug, selection.pk])
    page = client.get(url).content.decode()
    assert 'class="notice score-source"' in page
    assert "Népzenei tábor" in page  # listed among those left out (no score)

    scored_round(
        world.process, world.expert, {portfolio["A"]: 3, portfolio["B"]: 5, portfolio["C"]: 4}
    )
    page = client.get(url).content.decode()
    table = page.split('class="responsive-table selection-projects"')[1].split("</table>")[0]
    assert table.index("Színházi turné") < table.index("Falumúzeum")
    assert "Népzenei tábor" not in table
    assert "5.00" in table or "5,00" in table


def test_a_draft_round_and_removed_reviews_do_not_count(client, world, portfolio):
    scored_round(world.process, world.expert, {portfolio["A"]: 5}, status=ReviewRound.Status.OPEN)
    selection = saved_portfolio_create(
        actor=world.coordinator,
        process=world.process,
        name="x",
        kind="rule",
        rule="top_n",
        parameters={"n": 1},
    )
    page = client.get(
        reverse("portfolio:selection", args=[world.process.slug, selection.pk])
    ).content.decode()
    assert 'class="notice score-source"' in page
    review_round = scored_round(world.process, world.expert, {portfolio["A"]: 5, portfolio["B"]: 2})
    review_round.assignments.filter(project=portfolio["A"]).update(
        status=ReviewAssignment.Status.CONFLICT
    )
    page = client.get(
        reverse("portfolio:selection", args=[world.process.slug, selection.pk])
    ).content.decode()
    table = page.split('class="responsive-table selection-projects"')[1].split("</table>")[0]
    assert "Színházi turné" in table and "Népzenei tábor" not in table


def test_within_budget_lists_projects_without_a_budget_as_excluded(client, world, portfolio):
    scored_round(
        world.process, world.expert, {portfolio["A"]: 3, portfolio["B"]: 5, portfolio["C"]: 4}
    )
    client.force_login(world.coordinator)
    _create(
        client,
        world,
        {"name": "Kétmillió", "kind": "rule", "rule": "within_budget", "budget": "2000000"},
    )
    selection = SavedPortfolio.objects.get()
    assert selection.parameters == {"budget": "2000000.00"}
    page = client.get(
        reverse("portfolio:selection", args=[world.process.slug, selection.pk])
    ).content.decode()
    table, rest = page.split('class="responsive-table selection-projects"')[1].split("</table>", 1)
    assert "Színházi turné" in table  # 1.5 M, the best
    assert "Népzenei tábor" not in table  # 0.9 M no longer fits
    excluded = rest.split('class="excluded"')[1]
    assert "Falumúzeum" in excluded and "Népzenei tábor" in excluded


def test_best_per_micro_region(client, world, portfolio):
    scored_round(
        world.process, world.expert, {portfolio["A"]: 3, portfolio["B"]: 2, portfolio["C"]: 4}
    )
    selection = saved_portfolio_create(
        actor=world.facilitator,
        process=world.process,
        name="Tájanként",
        kind="rule",
        rule="best_per_region",
    )
    page = client.get(
        reverse("portfolio:selection", args=[world.process.slug, selection.pk])
    ).content.decode()
    table = page.split('class="responsive-table selection-projects"')[1].split("</table>")[0]
    assert "Falumúzeum" in table and "Színházi turné" in table and "Népzenei tábor" not in table


@pytest.mark.parametrize(
    "data, field_error",
    [
        ({"name": "", "kind": "hand", "projects": ["A"]}, "name"),
        ({"name": "   ", "kind": "hand", "projects": ["A"]}, "name"),
        ({"name": "Üres", "kind": "hand"}, "projects"),
        ({"name": "Rossz", "kind": "rule", "rule": "within_budget", "budget": "-5"}, "budget"),
        ({"name": "Rossz", "kind": "rule", "rule": "within_budget", "budget": "sok"}, "budget"),
        ({"name": "Rossz", "kind": "rule", "rule": "top_n", "n": "0"}, "n"),
        ({"name": "Rossz", "kind": "rule", "rule": "top_n"}, "n"),
        ({"name": "Rossz", "kind": "rule", "rule": "bogus"}, "rule"),
        ({"name": "Rossz", "kind": "rule"}, "rule"),
        ({"name": "Rossz", "kind": "sideways"}, "kind"),
        ({"name": "x" * 201, "kind": "hand", "projects": ["A"]}, "name"),
    ],
)
def test_bad_input_is_refused_with_a_message(client, world, portfolio, data, field_error):
    data = dict(data)
    if "projects" in data:
        data["projects"] = [portfolio[key].pk for key in data["projects"]]
    client.force_login(world.coordinator)
    response = _create(client, world, data)
    assert response.status_code == 200
    assert field_error in response.context["form"].errors
    assert 'class="form-errors"' in response.content.decode()
    assert not SavedPortfolio.objects.exists()


def test_projects_of_another_process_or_unknown_ids_are_refused(client, world, portfolio):
    elsewhere = make_project(make_process(), title={"hu": "Máshol"})
    client.force_login(world.coordinator)
    for ids in ([portfolio["A"].pk, elsewhere.pk], [999999], ["abc"]):
        response = _create(client, world, {"name": "Csempészett", "kind": "hand", "projects": ids})
        assert response.status_code == 200
        assert "projects" in response.context["form"].errors
    assert not SavedPortfolio.objects.exists()


def test_a_proposal_not_yet_accepted_cannot_be_picked_and_leaves_a_saved_one(
    client, world, portfolio
):
    draft = make_project(world.process, proposal_status=Project.ProposalStatus.DRAFT)
    client.force_login(world.coordinator)
    response = _create(client, world, {"name": "Vázlat", "kind": "hand", "projects": [draft.pk]})
    assert "projects" in response.context["form"].errors
    _create(
        client,
        world,
        {"name": "Kettő", "kind": "hand", "projects": [portfolio["A"].pk, portfolio["B"].pk]},
    )
    Project.objects.filter(pk=portfolio["B"].pk).update(
        proposal_status=Project.ProposalStatus.DECLINED
    )
    selection = SavedPortfolio.objects.get()
    page = client.get(
        reverse("portfolio:selection", args=[world.process.slug, selection.pk])
    ).content.decode()
    excluded = page.split('class="excluded"')[1]
    assert "Színházi turné" in excluded
    # A member sees the portfolio, not which project was sent back out of it.
    client.force_login(world.member)
    page = client.get(
        reverse("portfolio:selection", args=[world.process.slug, selection.pk])
    ).content.decode()
    assert "Színházi turné" not in page and "Népzenei tábor" in page


def test_duplicate_names_are_refused_in_one_process_only(client, world, portfolio):
    saved_portfolio_create(
        actor=world.coordinator,
        process=world.process,
        name="Egy",
        kind="rule",
        rule="best_per_region",
    )
    client.force_login(world.coordinator)
    response = _create(client, world, {"name": "Egy", "kind": "rule", "rule": "best_per_region"})
    assert "name" in response.context["form"].errors


def test_rename_and_delete_by_author_or_coordinator_only_and_logged(client, world, portfolio):
    selection = saved_portfolio_create(
        actor=world.facilitator,
        process=world.process,
        name="Régi név",
        kind="rule",
        rule="best_per_region",
    )
    other_facilitator = make_user("facilitator2@example.org")
    ProcessRole.objects.create(process=world.process, user=other_facilitator, role="facilitator")
    rename = reverse("portfolio:selection_rename", args=[world.process.slug, selection.pk])
    delete = reverse("portfolio:selection_delete", args=[world.process.slug, selection.pk])
    for refused in (other_facilitator, world.member, world.decision_maker):
        client.force_login(refused)
        assert client.post(rename, {"name": "Eltérített"}).status_code == 403
        assert client.post(delete).status_code == 403
    client.force_login(world.facilitator)
    for bad in ("", "x" * 201):
        response = client.post(rename, {"name": bad}, follow=True)
        assert [str(m) for m in response.context["messages"]]
    selection.refresh_from_db()
    assert selection.name == "Régi név"
    client.post(rename, {"name": "Új név"})
    selection.refresh_from_db()
    assert selection.name == "Új név"
    assert ActivityLog.objects.get(verb="saved_portfolio.renamed").changes == {
        "name": ["Régi név", "Új név"]
    }
    client.force_login(world.coordinator)
    response = client.post(delete)
    assert response.status_code == 302
    assert not SavedPortfolio.objects.exists()
    assert ActivityLog.objects.filter(
        verb="saved_portfolio.deleted", actor=world.coordinator
    ).exists()


def test_across_processes(client, world, portfolio):
    selection = saved_portfolio_create(
        actor=world.coordinator,
        process=world.process,
        name="A-é",
        kind="hand",
        project_ids=[portfolio["A"].pk],
    )
    other = make_process()
    coordinator_b = make_user("coordb@example.org")
    ProcessRole.objects.create(process=other, user=coordinator_b, role="coordinator")
    client.force_login(coordinator_b)
    # A's saved portfolio through B's address: not found; changing it through A's: refused.
    assert (
        client.get(reverse("portfolio:selection", args=[other.slug, selection.pk])).status_code
        == 404
    )
    assert (
        client.post(
            reverse("portfolio:selection_delete", args=[other.slug, selection.pk])
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("portfolio:selection_delete", args=[world.process.slug, selection.pk])
        ).status_code
        == 403
    )
    assert (
        client.get(reverse("portfolio:selection_create", args=[world.process.slug])).status_code
        == 403
    )
    compare = reverse("portfolio:selection_compare", args=[other.slug])
    other_one = saved_portfolio_create(
        actor=coordinator_b, process=other, name="B-é", kind="rule", rule="best_per_region"
    )
    response = client.get(compare, {"s": [selection.pk, other_one.pk]})
    assert response.status_code == 400
    assert "A-é" not in response.content.decode()
    # An unpublished process's saved portfolios are hidden from outsiders.
    world.process.is_published = False
    world.process.save()
    client.logout()
    assert (
        client.get(
            reverse("portfolio:selection", args=[world.process.slug, selection.pk])
        ).status_code
        == 404
    )


def test_compare_two_side_by_side(client, world, portfolio):
    scored_round(
        world.process, world.expert, {portfolio["A"]: 3, portfolio["B"]: 5, portfolio["C"]: 4}
    )
    first = saved_portfolio_create(
        actor=world.coordinator,
        process=world.process,
        name="Kézi",
        kind="hand",
        project_ids=[portfolio["A"].pk, portfolio["C"].pk],
    )
    second = saved_portfolio_create(
        actor=world.coordinator,
        process=world.process,
        name="Első",
        kind="rule",
        rule="top_n",
        parameters={"n": 1},
    )
    client.force_login(world.decision_maker)
    url = reverse("portfolio:selection_compare", args=[world.process.slug])
    response = client.get(url, {"s": [first.pk, second.pk]})
    assert response.status_code == 200
    summaries = response.context["result"].comparison.summaries
    assert [s.count for s in summaries] == [2, 1]
    assert summaries[0].total_budget == Decimal("900000")
    assert summaries[1].total_budget == Decimal("1500000")
    assert len(summaries[0].needs) == 1 and len(summaries[1].needs) == 0
    assert summaries[0].mean_score == pytest.approx(3.5)
    assert [p.code for p in summaries[0].only_here] == ["P-0001", "P-0003"]
    page = response.content.decode()
    assert "Kézi" in page and "Első" in page
    with translation.override("hu"):  # the page is in the decision-maker's language

        def raised(counter):
            return ngettext(
                "%(counter)s of %(total)s raised", "%(counter)s of %(total)s raised", counter
            ) % {"counter": counter, "total": 1}

        assert raised(1) in page and raised(0) in page
    # One alone, or the same twice, is not a comparison.
    for wanted in ([first.pk], [first.pk, first.pk]):
        response = client.get(url, {"s": wanted})
        assert response.status_code == 400
        assert response.context["error"]
    client.force_login(world.member)
    assert client.get(url, {"s": [first.pk, second.pk]}).status_code == 403


def _count(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


def _grow(world, start, n):
    region_settlements = [
        make_settlement(f"Falu {start}-{i}", f"Sat {start}-{i}", region=f"R{i}") for i in range(2)
    ]
    need = make_contribution(world.process, world.member, kind=Contribution.Kind.NEED)
    projects = []
    for i in range(start, start + n):
        project = make_project(
            world.process, code=f"Q-{i:04d}", budget_total=Decimal(1000 + i), origins=[need]
        )
        project.settlements.set(region_settlements)
        projects.append(project)
    scored_round(world.process, world.expert, {p: 1 + p.pk % 5 for p in projects})
    return projects


def test_query_counts_do_not_grow(client, world):
    projects = _grow(world, 0, 3)
    hand = saved_portfolio_create(
        actor=world.coordinator,
        process=world.process,
        name="Kézi",
        kind="hand",
        project_ids=[p.pk for p in projects],
    )
    rule = saved_portfolio_create(
        actor=world.coordinator,
        process=world.process,
        name="Szabály",
        kind="rule",
        rule="within_budget",
        parameters={"budget": "100000"},
    )
    client.force_login(world.coordinator)
    detail = reverse("portfolio:selection", args=[world.process.slug, hand.pk])
    detail_rule = reverse("portfolio:selection", args=[world.process.slug, rule.pk])
    compare = reverse("portfolio:selection_compare", args=[world.process.slug])
    few = (
        _count(client, detail),
        _count(client, detail_rule),
        _count(client, compare, {"s": [hand.pk, rule.pk]}),
    )
    more = _grow(world, 100, 30)
    hand.projects.add(*more)
    many = (
        _count(client, detail),
        _count(client, detail_rule),
        _count(client, compare, {"s": [hand.pk, rule.pk]}),
    )
    assert few == many
