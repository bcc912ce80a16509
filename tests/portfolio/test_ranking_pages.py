"""The ranking page, publication, the published results and their spreadsheet."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from types import SimpleNamespace

import openpyxl.packaging.core
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from cultiva.core.models import ActivityLog
from cultiva.portfolio.models import (
    Criterion,
    Review,
    ReviewAssignment,
    ReviewRound,
    RoundProject,
    Score,
)
from cultiva.processes.models import ProcessRole
from tests.factories import make_process, make_project, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english(settings):
    """The pages' words as written (the Hungarian catalogue is the merger's to regenerate)."""
    settings.LANGUAGE_CODE = "en"


def make_round(process, *, status=ReviewRound.Status.CLOSED, weights=(2, 1), **kw):
    review_round = ReviewRound.objects.create(
        process=process,
        title={"hu": "Őszi értékelés", "ro": "Evaluarea de toamnă"},
        status=status,
        **kw,
    )
    names = [("Hatás", "Impact"), ("Megvalósíthatóság", "Fezabilitate"), ("Költség", "Cost")]
    for position, weight in enumerate(weights):
        hu, ro = names[position]
        Criterion.objects.create(
            round=review_round,
            position=position,
            name={"hu": hu, "ro": ro},
            weight=Decimal(weight),
            scale_min=1,
            scale_max=5,
        )
    return review_round


def make_expert(process, name):
    user = make_user(f"{name.lower().replace(' ', '.')}-{process.pk}@example.org", full_name=name)
    ProcessRole.objects.create(process=process, user=user, role="expert")
    return user


def add_review(
    review_round,
    project,
    reviewer,
    values,
    *,
    reasons=None,
    status=Review.Status.SUBMITTED,
    assignment_status=ReviewAssignment.Status.ASSIGNED,
    recommendation=Review.Recommendation.FUND,
):
    RoundProject.objects.get_or_create(round=review_round, project=project)
    assignment = ReviewAssignment.objects.create(
        round=review_round, project=project, reviewer=reviewer, status=assignment_status
    )
    review = Review.objects.create(
        assignment=assignment, status=status, recommendation=recommendation
    )
    criteria = list(review_round.criteria.order_by("position"))
    Score.objects.bulk_create(
        Score(review=review, criterion=c, value=v, reason=(reasons or {}).get(i, ""))
        for i, (c, v) in enumerate(zip(criteria, values, strict=True))
    )
    return review


@pytest.fixture
def scored(world):
    return build_scored(world)


def build_scored(world):
    """Four projects, two experts: A first, B and C tied, D last; plus reviews that must not
    count (a draft, and one by an expert removed for a conflict of interest)."""
    process = world.process
    review_round = make_round(process)
    anna, bela, cecil = (
        make_expert(process, n) for n in ("Kiss Anna", "Nagy Béla", "Fekete Cecil")
    )
    projects = {
        code: make_project(process, code=code, title={"hu": f"Projekt {code}"})
        for code in ("P-A", "P-B", "P-C", "P-D")
    }
    add_review(
        review_round,
        projects["P-A"],
        anna,
        [5, 5],
        reasons={0: "Kiváló hatás a térségre."},
    )
    add_review(review_round, projects["P-A"], bela, [5, 4])
    add_review(review_round, projects["P-B"], anna, [4, 3], recommendation="maybe")
    add_review(review_round, projects["P-C"], bela, [4, 3], recommendation="maybe")
    add_review(review_round, projects["P-D"], anna, [1, 2], recommendation="no")
    # Not counted: a draft of a perfect score, and a perfect score by a conflicted expert.
    add_review(review_round, projects["P-D"], bela, [5, 5], status=Review.Status.DRAFT)
    add_review(
        review_round,
        projects["P-D"],
        cecil,
        [5, 5],
        assignment_status=ReviewAssignment.Status.CONFLICT,
    )
    return review_round, projects, (anna, bela, cecil)


def ranking_url(review_round):
    return reverse("portfolio:review_ranking", args=[review_round.process.slug, review_round.pk])


def results_url(review_round):
    return reverse("portfolio:review_results", args=[review_round.process.slug, review_round.pk])


def rows_of(html: str) -> dict[str, str]:
    """The ranking table's rows by project code: the row's HTML."""
    rows = {}
    for chunk in html.split('<tr data-project="')[1:]:
        code, rest = chunk.split('"', 1)
        rows[code] = rest.split("</tr>", 1)[0]
    return rows


def test_ranking_shows_ties_and_counts_only_submitted_assigned_reviews(client, world, scored):
    review_round, _projects, _experts = scored
    client.force_login(world.coordinator)
    response = client.get(ranking_url(review_round))
    assert response.status_code == 200
    html = response.content.decode()
    rows = rows_of(html)
    assert list(rows) == ["P-A", "P-B", "P-C", "P-D"]
    # P-A: (2×1 + 1×1)/3 = 100 and (2×1 + 0.75)/3 = 91.7: 95.8.
    assert "95.8" in rows["P-A"]
    # P-B and P-C: the same scores, rank 2 both, marked as a tie; P-D fourth.
    assert ">=</abbr>2<" in rows["P-B"] and ">=</abbr>2<" in rows["P-C"]
    assert '<td data-label="Rank">4</td>' in rows["P-D"]
    # P-D's draft and conflicted reviews do not lift it: 1 review, (2×0 + 0.25)/3 = 8.3.
    assert "8.3" in rows["P-D"] and "(1 review)" in rows["P-D"]
    assert "do not fund: 1" in rows["P-D"]


@pytest.mark.parametrize(
    "role, status",
    [
        ("coordinator", 200),
        ("facilitator", 200),
        ("decision_maker", 200),
        ("expert", 403),
        ("member", 403),
    ],
)
def test_who_sees_the_ranking(client, world, scored, role, status):
    client.force_login(world.user(role))
    assert client.get(ranking_url(scored[0])).status_code == status


def test_the_ranking_is_not_found_through_another_process(client, world, scored):
    other = make_process()
    stranger = make_user("stranger@example.org")
    ProcessRole.objects.create(process=other, user=stranger, role="coordinator")
    client.force_login(stranger)
    assert client.get(ranking_url(scored[0])).status_code == 403
    wrong_address = reverse("portfolio:review_ranking", args=[other.slug, scored[0].pk])
    assert client.get(wrong_address).status_code == 404
    client.logout()
    assert client.get(ranking_url(scored[0])).status_code == 302  # to the login page


def test_coordinator_sets_the_funding_line_and_normalisation_and_it_is_logged(
    client, world, scored
):
    review_round = scored[0]
    client.force_login(world.coordinator)
    response = client.post(
        ranking_url(review_round), {"funding_line": "2", "normalise_severity": "on"}
    )
    assert response.status_code == 302
    review_round.refresh_from_db()
    assert (review_round.funding_line, review_round.normalise_severity) == (2, True)
    entry = ActivityLog.objects.get(verb="review_round.ranking_options_changed")
    assert entry.changes == {"funding_line": [None, 2], "normalise_severity": [False, True]}
    html = client.get(ranking_url(review_round)).content.decode()
    rows = rows_of(html)
    assert "robustly in the top 2" in rows["P-A"]
    assert "robustly out" in rows["P-D"]
    assert "Before normalisation" in html


@pytest.mark.parametrize("value", ["0", "-3", "abc", "1000001"])
def test_a_bad_funding_line_is_refused_with_a_message(client, world, scored, value):
    review_round = scored[0]
    client.force_login(world.coordinator)
    response = client.post(ranking_url(review_round), {"funding_line": value})
    assert response.status_code == 200
    assert 'class="form-errors"' in response.content.decode()
    review_round.refresh_from_db()
    assert review_round.funding_line is None
    assert not ActivityLog.objects.filter(verb="review_round.ranking_options_changed").exists()


@pytest.mark.parametrize("role", ["facilitator", "decision_maker", "expert"])
def test_only_the_coordinator_sets_the_funding_line(client, world, scored, role):
    review_round = scored[0]
    client.force_login(world.user(role))
    response = client.post(ranking_url(review_round), {"funding_line": "2"})
    assert response.status_code == 403
    review_round.refresh_from_db()
    assert review_round.funding_line is None


def test_a_borderline_project_is_explained(client, world):
    """Two projects level for one place: the one whose reviewers disagree is borderline,
    with the reason in words."""
    process = world.process
    review_round = make_round(process, weights=(1, 1), funding_line=2)
    experts = [make_expert(process, f"Szakértő {i}") for i in range(3)]
    projects = [make_project(process, code=f"B-{i}") for i in range(4)]
    for expert in experts:
        add_review(review_round, projects[0], expert, [5, 5])
        add_review(review_round, projects[1], expert, [4, 4])
        add_review(review_round, projects[3], expert, [1, 1])
    for expert, value in zip(experts, (5, 3, 4), strict=True):
        add_review(review_round, projects[2], expert, [value, value])
    client.force_login(world.decision_maker)
    html = client.get(ranking_url(review_round)).content.decode()
    assert "Why these projects are borderline" in html
    explanation = html.split(f'id="why-{projects[2].pk}"', 1)[1].split("</dd>", 1)[0]
    assert "Its reviewers disagree: their totals range from 50 to 100 out of 100" in explanation
    assert "In the top 2 in" in explanation
    assert "robustly in the top 2" in rows_of(html)["B-0"]
    # Its steady rival is borderline too, though its own reviewers agree.
    rival = html.split(f'id="why-{projects[1].pk}"', 1)[1].split("</dd>", 1)[0]
    assert "Its own reviewers agree, but the reviewers of the projects beside it" in rival
    assert "In the top 2 in" in rival


def test_publishing_the_results(client, world, scored):
    review_round, _projects, _experts = scored
    client.force_login(world.expert)
    assert client.get(results_url(review_round)).status_code == 404  # not yet
    client.force_login(world.facilitator)
    publish = reverse("portfolio:review_publish", args=[world.process.slug, review_round.pk])
    response = client.post(publish, follow=True)
    assert "You may not make this change of status." in response.content.decode()
    review_round.refresh_from_db()
    assert review_round.status == ReviewRound.Status.CLOSED
    client.force_login(world.coordinator)
    assert client.post(publish).status_code == 302
    review_round.refresh_from_db()
    assert review_round.status == ReviewRound.Status.PUBLISHED
    entry = ActivityLog.objects.get(verb="review_round.published")
    assert entry.changes == {"status": ["closed", "published"]}
    # Published: the settings can no longer change, and publishing again is refused.
    response = client.post(ranking_url(review_round), {"funding_line": "3"})
    assert response.status_code == 403
    client.post(publish)
    assert ActivityLog.objects.filter(verb="review_round.published").count() == 1


def test_an_open_round_cannot_be_published(client, world, scored):
    review_round = scored[0]
    ReviewRound.objects.filter(pk=review_round.pk).update(status=ReviewRound.Status.OPEN)
    client.force_login(world.coordinator)
    publish = reverse("portfolio:review_publish", args=[world.process.slug, review_round.pk])
    response = client.post(publish, follow=True)
    assert "Close the review round before publishing its results." in response.content.decode()
    review_round.refresh_from_db()
    assert review_round.status == ReviewRound.Status.OPEN


def test_published_results_show_reasons_without_names_unless_the_round_says_so(
    client, world, scored
):
    review_round, _projects, _experts = scored
    ReviewRound.objects.filter(pk=review_round.pk).update(status=ReviewRound.Status.PUBLISHED)
    response = client.get(results_url(review_round))  # anonymous: the process is published
    assert response.status_code == 200
    html = response.content.decode()
    assert list(rows_of(html)) == ["P-A", "P-B", "P-C", "P-D"]
    assert "Kiváló hatás a térségre." in html
    assert "Reviewer 1" in html
    assert "Kiss Anna" not in html and "Nagy Béla" not in html
    # Only what a review said in its scores: the team comment stays inside.
    ReviewRound.objects.filter(pk=review_round.pk).update(publish_reviewer_names=True)
    html = client.get(results_url(review_round)).content.decode()
    assert "Kiss Anna" in html
    assert "Fekete Cecil" not in html  # removed for a conflict: no review counted


def test_results_of_an_unpublished_process_are_hidden_from_the_public(client, world, scored):
    review_round = scored[0]
    ReviewRound.objects.filter(pk=review_round.pk).update(status=ReviewRound.Status.PUBLISHED)
    world.process.is_published = False
    world.process.save(update_fields=["is_published"])
    assert client.get(results_url(review_round)).status_code == 404
    client.force_login(world.member)
    assert client.get(results_url(review_round)).status_code == 200


def test_results_spreadsheet(client, world, scored, monkeypatch):
    review_round, projects, (anna, _bela, _cecil) = scored
    Score.objects.filter(
        review__assignment__reviewer=anna, review__assignment__project=projects["P-B"]
    ).update(reason='=HYPERLINK("http://example.org")')
    ReviewRound.objects.filter(pk=review_round.pk).update(funding_line=1)
    url = reverse("portfolio:review_results_xlsx", args=[world.process.slug, review_round.pk])
    assert client.get(url).status_code == 404  # the public: not published
    client.force_login(world.facilitator)
    response = client.get(url)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    ranking_sheet, reasons_sheet = workbook.worksheets
    rows = list(ranking_sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:6] == ("Rank", "Tied", "Code", "Project", "Lead organisation", "Reviews")
    assert header[6:8] == ("Hatás", "Megvalósíthatóság")
    by_code = {row[2]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert by_code["P-A"]["Rank"] == 1 and by_code["P-A"]["Total (out of 100)"] == 95.8
    assert by_code["P-A"]["Hatás"] == 5 and by_code["P-A"]["Megvalósíthatóság"] == 4.5
    assert by_code["P-B"]["Rank"] == by_code["P-C"]["Rank"] == 2
    assert by_code["P-B"]["Tied"] == "yes"
    assert by_code["P-A"]["Stability"] == "robustly in the top 1"
    assert by_code["P-D"]["Stability"] == "robustly out"
    reasons = list(reasons_sheet.iter_rows(values_only=True))[1:]
    texts = {row[5] for row in reasons}
    assert "Kiváló hatás a térségre." in texts
    # A formula typed as a reason stays text; reviewers are not named.
    assert any(text.startswith("'=HYPERLINK") for text in texts)
    assert all(row[3].startswith("Reviewer") for row in reasons)
    # The same results are the same file, whenever fetched (no time stamp of the download):
    # the workbook library's clock moves on an hour per workbook.
    hours = iter(range(1, 100))

    class Clock(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime(2027, 1, 1, tzinfo=tz) + dt.timedelta(hours=next(hours))

    monkeypatch.setattr(
        openpyxl.packaging.core, "datetime", SimpleNamespace(datetime=Clock, timezone=dt.timezone)
    )
    client.get(url)
    later = client.get(url).content
    assert later == response.content
    assert b"docProps/core.xml" in later


def test_ranking_page_queries_do_not_grow_with_projects(client, world):
    process = world.process
    review_round = make_round(process, weights=(1, 2, 1), funding_line=3)
    experts = [make_expert(process, f"Értékelő {i}") for i in range(3)]
    client.force_login(world.coordinator)

    def add(start, n):
        for i in range(start, start + n):
            project = make_project(process, code=f"Q-{i:03d}")
            for k, expert in enumerate(experts):
                add_review(review_round, project, expert, [1 + (i + k) % 5, 1 + i % 5, 3])

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    add(0, 4)
    few = count(ranking_url(review_round))
    ReviewRound.objects.filter(pk=review_round.pk).update(status=ReviewRound.Status.PUBLISHED)
    few_results = count(results_url(review_round))
    add(4, 26)
    assert count(results_url(review_round)) == few_results
    ReviewRound.objects.filter(pk=review_round.pk).update(status=ReviewRound.Status.CLOSED)
    assert count(ranking_url(review_round)) == few
