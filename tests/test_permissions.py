"""Every page of the walking skeleton, opened by each role: who gets in, who is refused."""

import pytest
from django.urls import reverse

from cultiva.ideas.models import Contribution
from tests.factories import make_contribution, make_project, make_strategy

ROLES = ["anonymous", "outsider", "member", "facilitator", "coordinator"]


@pytest.fixture
def pages(world):
    draft = make_contribution(
        world.process,
        world.member,
        organisation=world.organisation,
        status=Contribution.Status.DRAFT,
        title="Piszkozat",
    )
    submitted = make_contribution(
        world.process, world.member, organisation=world.organisation, title="Beküldött ötlet"
    )
    project = make_project(world.process, origins=[submitted])
    strategy, measure = make_strategy(world.process)
    return {
        "draft": draft,
        "submitted": submitted,
        "project": project,
        "strategy": strategy,
        "measure": measure,
    }


def status_for(client, world, role, method, url, data=None):
    user = world.user(role)
    if role != "anonymous":
        client.force_login(user)
    response = client.post(url, data or {}) if method == "post" else client.get(url)
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    return response.status_code


# (name, method, url builder, data builder, expected per role in ROLES order)
CASES = [
    (
        "saved-portfolios",
        "get",
        lambda w, p: reverse("portfolio:selections", args=[w.process.slug]),
        None,
        [200] * 5,
    ),
    (
        "saved-portfolio-create",
        "get",
        lambda w, p: reverse("portfolio:selection_create", args=[w.process.slug]),
        None,
        ["login", 403, 403, 200, 200],
    ),
    ("home", "get", lambda w, p: reverse("core:home"), None, [200, 200, 200, 200, 200]),
    (
        "dashboard",
        "get",
        lambda w, p: reverse("core:dashboard"),
        None,
        ["login", 200, 200, 200, 200],
    ),
    ("territory", "get", lambda w, p: reverse("core:territory"), None, [200] * 5),
    ("activity", "get", lambda w, p: reverse("core:activity"), None, ["login", 403, 403, 403, 200]),
    (
        "process",
        "get",
        lambda w, p: reverse("processes:detail", args=[w.process.slug]),
        None,
        [200] * 5,
    ),
    (
        "meetings-list-on-process",
        "get",
        lambda w, p: reverse("ideas:list", args=[w.process.slug]),
        None,
        [200] * 5,
    ),
    (
        "contribution-create",
        "get",
        lambda w, p: reverse("ideas:create", args=[w.process.slug]),
        None,
        ["login", 200, 200, 200, 200],
    ),
    (
        "draft-detail",
        "get",
        lambda w, p: reverse("ideas:detail", args=[p["draft"].pk]),
        None,
        [404, 404, 200, 200, 200],
    ),
    (
        "submitted-detail",
        "get",
        lambda w, p: reverse("ideas:detail", args=[p["submitted"].pk]),
        None,
        [200] * 5,
    ),
    (
        "withdraw",
        "post",
        lambda w, p: reverse("ideas:status", args=[p["submitted"].pk]),
        lambda w, p: {"status": "withdrawn"},
        ["login", 403, 302, 403, 403],
    ),
    (
        "hide",
        "post",
        lambda w, p: reverse("ideas:status", args=[p["submitted"].pk]),
        lambda w, p: {"status": "hidden"},
        ["login", 403, 403, 302, 302],
    ),
    (
        "promote",
        "get",
        lambda w, p: reverse("portfolio:promote", args=[p["submitted"].pk]),
        None,
        ["login", 403, 403, 200, 200],
    ),
    (
        "projects",
        "get",
        lambda w, p: reverse("portfolio:list", args=[w.process.slug]),
        None,
        [200] * 5,
    ),
    (
        "portfolio-gaps",
        "get",
        lambda w, p: reverse("portfolio:gaps", args=[w.process.slug]),
        None,
        [200] * 5,
    ),
    (
        "portfolio-gaps-export",
        "get",
        lambda w, p: reverse("portfolio:gaps_export", args=[w.process.slug]),
        None,
        [200] * 5,
    ),
    (
        "project",
        "get",
        lambda w, p: reverse("portfolio:detail", args=[p["project"].pk]),
        None,
        [200] * 5,
    ),
    (
        "project-history",
        "get",
        lambda w, p: reverse("portfolio:history", args=[w.process.slug, p["project"].pk]),
        None,
        [200] * 5,
    ),
    (
        "project-card-edit",
        "get",
        lambda w, p: reverse("portfolio:edit", args=[w.process.slug, p["project"].pk]),
        None,
        ["login", 403, 403, 200, 200],
    ),
    (
        "link-measure",
        "post",
        lambda w, p: reverse("portfolio:link_measure", args=[p["project"].pk]),
        lambda w, p: {"measure": p["measure"].pk},
        ["login", 403, 403, 403, 302],
    ),
    (
        "strategy-draft",
        "get",
        lambda w, p: reverse("strategy:detail", args=[p["strategy"].pk]),
        None,
        ["login", 403, 403, 200, 200],
    ),
    (
        "strategy-pdf",
        "get",
        lambda w, p: reverse("strategy:pdf", args=[p["strategy"].pk]),
        None,
        ["login", 403, 403, 200, 200],
    ),
    ("organisations", "get", lambda w, p: reverse("accounts:organisation_list"), None, [200] * 5),
    (
        "organisation",
        "get",
        lambda w, p: reverse("accounts:organisation_detail", args=[w.organisation.pk]),
        None,
        [200] * 5,
    ),
    # The expert review: coordinators manage it, experts review (no expert among ROLES).
    (
        "review",
        "get",
        lambda w, p: reverse("portfolio:review_index", args=[w.process.slug]),
        None,
        ["login", 403, 403, 403, 200],
    ),
    (
        "review_round_new",
        "get",
        lambda w, p: reverse("portfolio:review_round_new", args=[w.process.slug]),
        None,
        ["login", 403, 403, 403, 200],
    ),
    (
        "my_reviews",
        "get",
        lambda w, p: reverse("portfolio:review_mine", args=[w.process.slug]),
        None,
        ["login", 403, 403, 403, 403],
    ),
]


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_page_access_by_role(client, world, pages, case, role_index, role):
    name, method, url_for, data_for, expected = case
    data = data_for(world, pages) if data_for else None
    got = status_for(client, world, role, method, url_for(world, pages), data)
    assert got == expected[role_index], f"{name} as {role}: {got}"


def test_unpublished_process_is_hidden_from_people_without_a_role(client, world):
    world.process.is_published = False
    world.process.save()
    url = reverse("processes:detail", args=[world.process.slug])
    assert client.get(url).status_code == 404
    from tests.factories import make_user

    client.force_login(make_user())
    assert client.get(url).status_code == 404
    client.force_login(world.member)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "role,sees_members",
    [("anonymous", False), ("outsider", False), ("member", True), ("coordinator", True)],
)
def test_organisation_members_are_shown_only_to_insiders(client, world, role, sees_members):
    if role != "anonymous":
        client.force_login(world.user(role))
    page = client.get(reverse("accounts:organisation_detail", args=[world.organisation.pk]))
    assert (world.member.full_name in page.content.decode()) is sees_members
