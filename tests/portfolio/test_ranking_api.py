"""The API's published review results: what the public reads, and nothing before publication."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from cultiva.api.services import api_token_create
from cultiva.portfolio.models import ReviewRound
from tests.factories import make_project
from tests.portfolio.test_ranking_pages import add_review, build_scored, make_expert, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(world):
    return build_scored(world)


def results_path(review_round):
    return f"/api/v1/processes/{review_round.process.slug}/review-rounds/{review_round.pk}"


def publish(review_round, **changes):
    ReviewRound.objects.filter(pk=review_round.pk).update(
        status=ReviewRound.Status.PUBLISHED, **changes
    )


def test_results_of_a_published_round(scored):
    review_round, projects, _experts = scored
    publish(review_round, funding_line=1)
    client = Client()
    listing = client.get(f"/api/v1/processes/{review_round.process.slug}/review-rounds")
    assert listing.status_code == 200
    assert [r["id"] for r in listing.json()["items"]] == [review_round.pk]
    assert [c["display_name"] for c in listing.json()["items"][0]["criteria"]] == [
        "Hatás",
        "Megvalósíthatóság",
    ]
    body = client.get(results_path(review_round)).json()
    assert body["funding_line"] == 1 and body["reviewer_names_published"] is False
    results = {r["project"]["code"]: r for r in body["results"]}
    assert [r["project"]["code"] for r in body["results"]] == ["P-A", "P-B", "P-C", "P-D"]
    assert results["P-A"]["rank"] == 1 and results["P-A"]["score"] == 95.8
    assert results["P-A"]["stability"] == "in" and results["P-D"]["stability"] == "out"
    assert results["P-B"]["rank"] == results["P-C"]["rank"] == 2 and results["P-B"]["tied"]
    assert results["P-D"]["recommendations"] == {"fund": 0, "maybe": 0, "no": 1}
    reasons = [r for r in results["P-A"]["reasons"] if r["reason"]]
    with translation.override("hu"):  # the API answers in the process's language by default
        reviewer_1 = gettext("Reviewer %(n)s") % {"n": 1}
    assert reasons == [
        {
            "criterion": review_round.criteria.order_by("position").first().pk,
            "reviewer": reviewer_1,
            "score": 5,
            "reason": "Kiváló hatás a térségre.",
        }
    ]
    assert "Kiss Anna" not in str(body) and "@example.org" not in str(body)
    publish(review_round, publish_reviewer_names=True)
    assert "Kiss Anna" in str(client.get(results_path(review_round)).json())


def test_an_unpublished_round_is_not_found(scored, world):
    review_round = scored[0]
    client = Client()
    assert client.get(results_path(review_round)).status_code == 404
    listing = client.get(f"/api/v1/processes/{review_round.process.slug}/review-rounds")
    assert listing.json()["items"] == []
    # Not even for the coordinator: the working ranking is the site's, not the API's.
    token = api_token_create(user=world.coordinator, name="próba")[1]
    staff = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert staff.get(results_path(review_round)).status_code == 404


def test_a_published_round_of_an_unpublished_process_is_for_its_people(scored, world):
    review_round = scored[0]
    publish(review_round)
    world.process.is_published = False
    world.process.save(update_fields=["is_published"])
    assert Client().get(results_path(review_round)).status_code == 404
    token = api_token_create(user=world.member, name="próba")[1]
    member = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert member.get(results_path(review_round)).status_code == 200


def test_results_queries_do_not_grow_with_projects(world):
    review_round = make_round(world.process, weights=(1, 1, 1))
    experts = [make_expert(world.process, f"Bíráló {i}") for i in range(2)]
    publish(review_round)
    client = Client()

    def add(start, n):
        for i in range(start, start + n):
            project = make_project(world.process, code=f"R-{i:03d}")
            for expert in experts:
                add_review(review_round, project, expert, [1 + i % 5, 3, 2], reasons={0: "ok"})

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(results_path(review_round)).status_code == 200
        return len(queries)

    add(0, 3)
    few = count()
    add(3, 20)
    assert count() == few
