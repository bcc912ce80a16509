"""What people see of a merge: banner, "also proposed by", undo, lists, exports, API, origins."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from cultiva.ideas.models import Contribution
from cultiva.synthesis.models import ContributionMerge
from cultiva.synthesis.services.duplicates import contributions_merge
from tests.factories import make_contribution, make_meeting, make_project, make_user
from tests.synthesis.dup_helpers import make_pair

S = Contribution.Status


@pytest.fixture
def merged_pair(world):
    candidate, kept, merged = make_pair(world)
    merged.organisation = world.other_organisation
    merged.meeting = make_meeting(world.process, title={"hu": "Gyergyói műhely", "ro": "Atelier"})
    merged.save()
    merge = contributions_merge(
        actor=world.facilitator, kept=kept, merged=merged, candidate=candidate
    )
    return kept, merged, merge


@pytest.mark.parametrize("role", ["anonymous", "member", "outsider", "facilitator"])
def test_merged_page_shows_where_it_went(client, world, merged_pair, role):
    kept, merged, merge = merged_pair
    if role != "anonymous":
        client.force_login(world.user(role))
    response = client.get(reverse("ideas:detail", args=[merged.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-merged-into="{kept.pk}"' in html
    assert f'href="{reverse("ideas:detail", args=[kept.pk])}"' in html
    undo_url = reverse("synthesis:merge_undo", args=[world.process.slug, merge.pk])
    assert (undo_url in html) == (role == "facilitator")


@pytest.mark.parametrize("role", ["anonymous", "member", "facilitator"])
def test_kept_page_shows_also_proposed_by(client, world, merged_pair, role):
    kept, merged, merge = merged_pair
    if role != "anonymous":
        client.force_login(world.user(role))
    html = client.get(reverse("ideas:detail", args=[kept.pk])).content.decode()
    assert gettext("Also proposed by") in html
    assert f'data-merged="{merged.pk}"' in html
    assert str(world.outsider) in html
    assert str(world.other_organisation) in html
    assert "Gyergyói műhely" in html
    undo_url = reverse("synthesis:merge_undo", args=[world.process.slug, merge.pk])
    assert (undo_url in html) == (role == "facilitator")


def test_undo_from_the_kept_page(client, world, merged_pair):
    kept, merged, merge = merged_pair
    client.force_login(world.facilitator)
    response = client.post(
        reverse("synthesis:merge_undo", args=[world.process.slug, merge.pk]),
        {"next": "contribution"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("ideas:detail", args=[kept.pk])
    merged.refresh_from_db()
    assert merged.status == S.SUBMITTED
    html = client.get(reverse("ideas:detail", args=[kept.pk])).content.decode()
    assert f'data-merged="{merged.pk}"' not in html


@pytest.mark.parametrize("role", ["member", "expert", "decision_maker"])
def test_undo_refused_to_others(client, world, merged_pair, role):
    kept, merged, merge = merged_pair
    client.force_login(world.user(role))
    response = client.post(reverse("synthesis:merge_undo", args=[world.process.slug, merge.pk]))
    assert response.status_code == 403
    merged.refresh_from_db()
    assert merged.status == S.MERGED
    assert ContributionMerge.objects.get().undone_at is None


@pytest.mark.parametrize("role", ["anonymous", "member", "expert"])
def test_merged_drop_out_of_public_lists_and_counts(client, world, merged_pair, role):
    kept, merged, _merge = merged_pair
    if role != "anonymous":
        client.force_login(world.user(role))
    response = client.get(reverse("ideas:list", args=[world.process.slug]))
    html = response.content.decode()
    assert reverse("ideas:detail", args=[kept.pk]) in html
    assert reverse("ideas:detail", args=[merged.pk]) not in html

    from cultiva.ideas.selectors import contribution_counts

    counts = contribution_counts(user=world.user(role), process=world.process)
    assert counts["total"] == 1


def test_merged_drop_out_of_the_decision_makers_export(client, world, merged_pair):
    kept, merged, _merge = merged_pair
    client.force_login(world.decision_maker)
    response = client.get(reverse("ideas:export", args=[world.process.slug, "csv"]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8-sig")
    assert kept.title in text
    assert merged.title not in text


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_merged_drop_out_of_the_api_list(client, world, merged_pair, role):
    kept, merged, _merge = merged_pair
    if role != "anonymous":
        from cultiva.api.services import api_token_create

        _token, raw = api_token_create(user=world.user(role), name="t")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    response = client.get(f"/api/v1/processes/{world.process.slug}/contributions")
    assert response.status_code == 200, response.content
    ids = {item["id"] for item in response.json()["items"]}
    assert kept.pk in ids and merged.pk not in ids


def test_project_origins_list_also_proposed_by_with_constant_queries(client, world):
    def origin_with_duplicate(i):
        kept = make_contribution(
            world.process, make_user(), title=f"Eredet {i}", organisation=world.organisation
        )
        duplicate = make_contribution(
            world.process,
            make_user(full_name=f"Társszerző {i}"),
            title=f"Másolat {i}",
            organisation=world.other_organisation,
            meeting=make_meeting(world.process, title={"hu": f"Műhely {i}", "ro": f"Atelier {i}"}),
        )
        contributions_merge(actor=world.facilitator, kept=kept, merged=duplicate)
        return kept, duplicate

    pairs = [origin_with_duplicate(i) for i in range(2)]
    project = make_project(world.process, origins=[k for k, _d in pairs])
    url = reverse("portfolio:detail", args=[project.pk])

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries), response.content.decode()

    few, html = count()
    for _kept, duplicate in pairs:
        assert f'data-merged="{duplicate.pk}"' in html
        assert str(duplicate.author) in html
        assert str(duplicate.meeting) in html
    from cultiva.portfolio.models import ProjectOrigin

    for i in range(2, 8):
        kept, _duplicate = origin_with_duplicate(i)
        ProjectOrigin.objects.create(project=project, contribution=kept)
    # A duplicate of a duplicate: its author is a proposer of the project too.
    top, middle = origin_with_duplicate(8)
    deeper = make_contribution(world.process, make_user(full_name="Mélyebb Szerző"))
    from cultiva.synthesis.services.duplicates import merge_undo

    merge_undo(actor=world.facilitator, merge=ContributionMerge.objects.get(merged=middle))
    contributions_merge(actor=world.facilitator, kept=middle, merged=deeper)
    contributions_merge(actor=world.facilitator, kept=top, merged=middle)
    ProjectOrigin.objects.create(project=project, contribution=top)
    many, html = count()
    assert many == few
    assert "Társszerző 7" in html
    assert f'data-merged="{deeper.pk}"' in html and "Mélyebb Szerző" in html


def test_contribution_page_shows_the_project_it_fed(client, world, merged_pair):
    kept, merged, _merge = merged_pair
    project = make_project(world.process, origins=[kept])
    html = client.get(reverse("ideas:detail", args=[kept.pk])).content.decode()
    assert reverse("portfolio:detail", args=[project.pk]) in html


def test_duplicates_of_duplicates_are_also_proposers(client, world, merged_pair):
    kept, merged, _merge = merged_pair
    final = make_contribution(world.process, world.expert, title="Végső")
    contributions_merge(actor=world.facilitator, kept=final, merged=kept)
    html = client.get(reverse("ideas:detail", args=[final.pk])).content.decode()
    assert f'data-merged="{kept.pk}"' in html
    assert f'data-merged="{merged.pk}"' in html
    assert str(world.outsider) in html and str(world.member) in html
