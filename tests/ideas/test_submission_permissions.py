"""Who may open each submission and template page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cultiva.ideas.models import Contribution
from tests.factories import make_contribution
from tests.ideas.test_submission_helpers import make_field

ROLES = ("anonymous", "outsider", "member", "facilitator", "coordinator")


def _get(client, world, role, url):
    user = world.user(role)
    if user.is_authenticated:
        client.force_login(user)
    return client.get(url).status_code


def _draft(world):
    return make_contribution(world.process, world.member, status=Contribution.Status.DRAFT)


def _submitted(world):
    return make_contribution(world.process, world.member)


CASES = {
    "create": (
        lambda w: reverse("ideas:create", args=[w.process.slug]),
        {"anonymous": 302, "outsider": 200, "member": 200, "facilitator": 200, "coordinator": 200},
    ),
    "enter": (
        lambda w: reverse("ideas:enter", args=[w.process.slug]),
        {"anonymous": 302, "outsider": 403, "member": 403, "facilitator": 200, "coordinator": 200},
    ),
    "edit-draft": (
        lambda w: reverse("ideas:edit", args=[_draft(w).pk]),
        {"anonymous": 302, "outsider": 404, "member": 200, "facilitator": 403, "coordinator": 403},
    ),
    "history": (
        lambda w: reverse("ideas:history", args=[_submitted(w).pk]),
        {"anonymous": 302, "outsider": 403, "member": 200, "facilitator": 200, "coordinator": 200},
    ),
    "detail-draft": (
        lambda w: reverse("ideas:detail", args=[_draft(w).pk]),
        {"anonymous": 404, "outsider": 404, "member": 200, "facilitator": 200, "coordinator": 200},
    ),
    "template": (
        lambda w: reverse("ideas:template", args=[w.process.slug]),
        {"anonymous": 302, "outsider": 403, "member": 403, "facilitator": 403, "coordinator": 200},
    ),
    "template-add": (
        lambda w: reverse("ideas:template_add", args=[w.process.slug]),
        {"anonymous": 302, "outsider": 403, "member": 403, "facilitator": 403, "coordinator": 200},
    ),
    "template-edit": (
        lambda w: reverse(
            "ideas:template_edit", args=[w.process.slug, make_field(w.process, "x", "text").pk]
        ),
        {"anonymous": 302, "outsider": 403, "member": 403, "facilitator": 403, "coordinator": 200},
    ),
    "template-delete": (
        lambda w: reverse(
            "ideas:template_delete", args=[w.process.slug, make_field(w.process, "x", "text").pk]
        ),
        {"anonymous": 302, "outsider": 403, "member": 403, "facilitator": 403, "coordinator": 200},
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(CASES))
def test_page_access_per_role(client, world, page, role):
    url_for, expected = CASES[page]
    assert _get(client, world, role, url_for(world)) == expected[role]


@pytest.mark.parametrize("role", ROLES)
def test_only_coordinators_change_the_template(client, world, role):
    field = make_field(world.process, "budget", "text")
    user = world.user(role)
    if user.is_authenticated:
        client.force_login(user)
    slug = world.process.slug
    client.post(reverse("ideas:template_move", args=[slug, field.pk]), {"direction": "down"})
    client.post(reverse("ideas:template_delete", args=[slug, field.pk]))
    client.post(
        reverse("ideas:template_add", args=[slug]),
        {"label_hu": "Új", "kind": "text"},
    )
    keys = set(world.process.extra_fields.values_list("key", flat=True))
    assert keys == ({"uj"} if role == "coordinator" else {"budget"})


@pytest.mark.parametrize("role", ROLES)
def test_move_refused_for_non_coordinators(client, world, role):
    make_field(world.process, "a", "text", position=0)
    second = make_field(world.process, "b", "text", position=1)
    user = world.user(role)
    if user.is_authenticated:
        client.force_login(user)
    response = client.post(
        reverse("ideas:template_move", args=[world.process.slug, second.pk]), {"direction": "up"}
    )
    keys = list(world.process.extra_fields.order_by("position", "id").values_list("key", flat=True))
    if role == "coordinator":
        assert response.status_code == 302 and keys == ["b", "a"]
    else:
        assert response.status_code in (302, 403) and keys == ["a", "b"]
        if role != "anonymous":
            assert response.status_code == 403
