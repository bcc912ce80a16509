"""Theme services: clustering runs, locks and pins kept across runs, curation, promotion."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cultiva.core.models import ActivityLog
from cultiva.ideas.models import Contribution, Notification
from cultiva.portfolio.models import ProjectOrigin
from cultiva.synthesis.models import ClusteringRun, Theme, ThemeMembership
from cultiva.synthesis.services import themes as services
from tests.factories import make_contribution, make_user
from tests.synthesis.theme_helpers import fallback_embedder, make_themed_contributions  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fallback_embedder")]


def run(process, actor, capture, **kw) -> ClusteringRun:
    with capture(execute=True):
        started = services.clustering_run_start(actor=actor, process=process, **kw)
    started.refresh_from_db()
    return started


def members(theme) -> set[int]:
    return set(theme.memberships.values_list("contribution_id", flat=True))


@pytest.fixture
def themed(world):
    return make_themed_contributions(world.process, world.member)


def test_a_run_embeds_clusters_and_writes_themes(world, themed, django_capture_on_commit_callbacks):
    done = run(world.process, world.facilitator, django_capture_on_commit_callbacks, n_themes=3)
    assert done.status == ClusteringRun.Status.DONE, done.error
    assert done.theme_count == 3
    assert done.contribution_count == 18
    themes = list(Theme.objects.filter(process=world.process))
    assert len(themes) == 3
    # Every contribution is in exactly one theme, with a score; every theme has a label.
    assert ThemeMembership.objects.filter(theme__process=world.process).count() == 18
    assert all(theme.label and theme.keywords for theme in themes)
    assert not ThemeMembership.objects.filter(score=0.0).exists()
    assert ActivityLog.objects.filter(verb="themes.run_done").exists()


def test_only_facilitators_start_a_run(world, themed):
    with pytest.raises(PermissionDenied):
        services.clustering_run_start(actor=world.member, process=world.process)
    assert not ClusteringRun.objects.exists()


def test_a_failing_clustering_marks_the_run_failed(
    world, themed, monkeypatch, django_capture_on_commit_callbacks
):
    from cultiva.synthesis import clustering

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(clustering, "cluster", broken)
    done = run(world.process, world.facilitator, django_capture_on_commit_callbacks)
    assert done.status == ClusteringRun.Status.FAILED
    assert "boom" in done.error
    assert not Theme.objects.exists()


def test_second_run_keeps_locked_themes_pins_and_custom_names(
    world, themed, django_capture_on_commit_callbacks
):
    run(world.process, world.facilitator, django_capture_on_commit_callbacks, n_themes=3)
    first, second, third = Theme.objects.filter(process=world.process).order_by("pk")
    services.theme_rename(actor=world.facilitator, theme=first, label="Könyvtárak")
    services.theme_lock(actor=world.facilitator, theme=first)
    locked_members = members(first)
    # A contribution moved by hand into the third theme, which is renamed too.
    moved = next(iter(members(second)))
    services.theme_member_move(actor=world.facilitator, theme=third, contribution_ids=[moved])
    services.theme_rename(actor=world.facilitator, theme=third, label="Vegyes ötletek")

    again = run(
        world.process, world.facilitator, django_capture_on_commit_callbacks, n_themes=4, seed=7
    )
    assert again.status == ClusteringRun.Status.DONE, again.error
    first.refresh_from_db()
    assert first.is_locked and first.label == {"hu": "Könyvtárak"}
    assert members(first) == locked_members
    third.refresh_from_db()  # survives: it holds a pinned member, and keeps its custom name
    assert third.label == {"hu": "Vegyes ötletek"}
    assert ThemeMembership.objects.get(contribution_id=moved).theme_id == third.pk
    # Everything is still in exactly one theme.
    assert ThemeMembership.objects.filter(theme__process=world.process).count() == 18


def test_withdrawn_contributions_leave_unlocked_themes_on_the_next_run(
    world, themed, django_capture_on_commit_callbacks
):
    run(world.process, world.facilitator, django_capture_on_commit_callbacks, n_themes=3)
    gone = themed["music"][0]
    Contribution.objects.filter(pk=gone.pk).update(status=Contribution.Status.WITHDRAWN)
    run(world.process, world.facilitator, django_capture_on_commit_callbacks, n_themes=3)
    assert not ThemeMembership.objects.filter(contribution=gone).exists()
    assert ThemeMembership.objects.count() == 17


def test_new_contributions_are_embedded_and_placed_by_the_next_run(
    world, themed, django_capture_on_commit_callbacks
):
    run(world.process, world.facilitator, django_capture_on_commit_callbacks, n_themes=3)
    late = make_contribution(
        world.process, world.member, title="Könyvtári est", body="Könyvek és olvasás."
    )
    run(world.process, world.facilitator, django_capture_on_commit_callbacks, n_themes=3)
    assert ThemeMembership.objects.filter(contribution=late).exists()


def test_move_split_and_merge(world, themed, django_capture_on_commit_callbacks):
    run(world.process, world.facilitator, django_capture_on_commit_callbacks, n_themes=3)
    first, second, third = Theme.objects.filter(process=world.process).order_by("pk")
    # Move: pinned in the target, gone from the source.
    moving = sorted(members(first))[:2]
    services.theme_member_move(actor=world.facilitator, theme=second, contribution_ids=moving)
    assert set(moving) <= members(second)
    assert not set(moving) & members(first)
    assert all(
        ThemeMembership.objects.filter(contribution_id__in=moving).values_list(
            "is_pinned", flat=True
        )
    )
    # Split: the chosen members make a new theme with the given name.
    before = members(second)
    chosen = sorted(before)[:3]
    new = services.theme_split(
        actor=world.facilitator, theme=second, contribution_ids=chosen, label="Új téma"
    )
    assert new.label == {"hu": "Új téma"} and new.label_is_custom
    assert members(new) == set(chosen)
    assert members(second) == before - set(chosen)
    # Merge: all members of one theme join another; the merged theme is gone.
    expected = members(third) | members(new)
    services.theme_merge(actor=world.facilitator, theme=new, into=third)
    assert not Theme.objects.filter(pk=new.pk).exists()
    assert members(third) == expected
    verbs = set(ActivityLog.objects.values_list("verb", flat=True))
    assert {"theme.members_moved", "theme.split", "theme.merged"} <= verbs


def test_locked_themes_refuse_member_changes(world, themed, django_capture_on_commit_callbacks):
    run(world.process, world.facilitator, django_capture_on_commit_callbacks, n_themes=3)
    first, second, _third = Theme.objects.filter(process=world.process).order_by("pk")
    services.theme_lock(actor=world.facilitator, theme=first)
    with pytest.raises(ValidationError):
        services.theme_member_move(
            actor=world.facilitator, theme=second, contribution_ids=sorted(members(first))[:1]
        )
    with pytest.raises(ValidationError):
        services.theme_merge(actor=world.facilitator, theme=second, into=first)
    with pytest.raises(ValidationError):
        services.theme_split(
            actor=world.facilitator, theme=first, contribution_ids=sorted(members(first))[:1]
        )


def test_split_needs_members_of_the_theme_and_leaves_one(
    world, themed, django_capture_on_commit_callbacks
):
    run(world.process, world.facilitator, django_capture_on_commit_callbacks, n_themes=3)
    first, second, _third = Theme.objects.filter(process=world.process).order_by("pk")
    with pytest.raises(ValidationError):
        services.theme_split(
            actor=world.facilitator, theme=first, contribution_ids=sorted(members(second))[:1]
        )
    with pytest.raises(ValidationError):
        services.theme_split(actor=world.facilitator, theme=first, contribution_ids=members(first))


def test_rename_needs_a_name_and_members_cannot_curate(world, themed):
    theme = Theme.objects.create(process=world.process, label={"hu": "Zene"})
    with pytest.raises(ValidationError):
        services.theme_rename(actor=world.facilitator, theme=theme, label="   ")
    with pytest.raises(PermissionDenied):
        services.theme_rename(actor=world.member, theme=theme, label="Más")
    with pytest.raises(PermissionDenied):
        services.theme_lock(actor=world.outsider, theme=theme)
    with pytest.raises(PermissionDenied):
        services.board_publish(actor=world.member, process=world.process)


def test_promote_a_theme_to_a_project_with_origins_and_notifications(
    world, themed, django_capture_on_commit_callbacks
):
    other_author = make_user("author2@example.org")
    extra = make_contribution(world.process, other_author, title="Népdalkör", body="Népzene.")
    theme = Theme.objects.create(process=world.process, label={"hu": "Népzene"})
    chosen = [*themed["music"][:2], extra]
    for contribution in chosen:
        ThemeMembership.objects.create(theme=theme, contribution=contribution)
    project = services.theme_promote(
        actor=world.facilitator,
        theme=theme,
        title={"hu": "Népzenei program"},
        summary={"hu": "népzene, tánc"},
        lead_organisation=world.organisation,
    )
    theme.refresh_from_db()
    assert theme.project == project and theme.is_locked
    origins = set(
        ProjectOrigin.objects.filter(project=project).values_list("contribution_id", flat=True)
    )
    assert origins == {c.pk for c in chosen}
    assert set(Contribution.objects.filter(pk__in=origins).values_list("status", flat=True)) == {
        Contribution.Status.IN_PORTFOLIO
    }
    notified = set(
        Notification.objects.filter(verb="contribution.promoted").values_list(
            "person_id", flat=True
        )
    )
    assert notified == {world.member.pk, other_author.pk}
    with pytest.raises(ValidationError):
        services.theme_promote(
            actor=world.facilitator,
            theme=theme,
            title={"hu": "X"},
            summary={},
            lead_organisation=world.organisation,
        )


def test_promote_a_selection_of_contributions(world, themed):
    chosen = [themed["library"][0], themed["heritage"][1]]
    project = services.contributions_promote(
        actor=world.facilitator,
        process=world.process,
        contribution_ids=[c.pk for c in chosen],
        title={"hu": "Könyvtár és örökség"},
        summary={},
        lead_organisation=world.organisation,
    )
    assert set(project.origin_links.values_list("contribution_id", flat=True)) == {
        c.pk for c in chosen
    }
    with pytest.raises(PermissionDenied):
        services.contributions_promote(
            actor=world.member,
            process=world.process,
            contribution_ids=[chosen[0].pk],
            title={"hu": "X"},
            summary={},
            lead_organisation=world.organisation,
        )


def test_publish_and_unpublish(world):
    board = services.board_publish(actor=world.facilitator, process=world.process)
    assert board.published_at is not None and board.published_by == world.facilitator
    board = services.board_publish(actor=world.facilitator, process=world.process, published=False)
    assert board.published_at is None


def test_one_run_at_a_time_unless_the_last_one_is_stale(world, themed):
    from datetime import timedelta

    from django.utils import timezone

    # Started but not executed (callbacks not run): a second start is refused.
    first = services.clustering_run_start(actor=world.facilitator, process=world.process)
    with pytest.raises(ValidationError):
        services.clustering_run_start(actor=world.facilitator, process=world.process)
    ClusteringRun.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(hours=2))
    services.clustering_run_start(actor=world.facilitator, process=world.process)
    assert ClusteringRun.objects.count() == 2


def test_a_run_uses_the_stored_languages_without_detecting_again(
    world, themed, monkeypatch, django_capture_on_commit_callbacks
):
    from cultiva.synthesis import clustering, text
    from cultiva.synthesis.models import ContributionEmbedding
    from cultiva.synthesis.services.embeddings import embeddings_compute

    ids = [c.pk for contributions in themed.values() for c in contributions]
    embeddings_compute(ids)
    # Stored languages win over what the texts would give: all marked Romanian here.
    ContributionEmbedding.objects.filter(contribution_id__in=ids).update(detected_language="ro")
    detections = []
    given = []
    original_cluster = clustering.cluster

    def recording_cluster(*args, **kwargs):
        given.append(kwargs.get("languages"))
        return original_cluster(*args, **kwargs)

    def counting_detect(value, **kwargs):
        detections.append(value)
        return "hu"

    monkeypatch.setattr(clustering, "cluster", recording_cluster)
    monkeypatch.setattr(clustering, "detect_language", counting_detect)
    monkeypatch.setattr(text, "detect_language", counting_detect)
    done = run(world.process, world.facilitator, django_capture_on_commit_callbacks, n_themes=3)
    assert done.status == ClusteringRun.Status.DONE, done.error
    assert given == [["ro"] * len(ids)]
    assert detections == []
    assert Theme.objects.filter(process=world.process).count() == 3


def test_a_theme_split_off_without_a_name_is_named_in_both_languages(world, themed):
    mixed = Theme.objects.create(
        process=world.process, label={"hu": "Vegyes"}, label_is_custom=True
    )
    for contributions in themed.values():
        ThemeMembership.objects.bulk_create(
            ThemeMembership(theme=mixed, contribution=c) for c in contributions
        )
    library = [c.pk for c in themed["library"]]  # four Hungarian, two Romanian

    new = services.theme_split(actor=world.facilitator, theme=mixed, contribution_ids=library)

    assert not new.label_is_custom
    hungarian, romanian = new.label["hu"], new.label["ro"]
    assert "könyv" in hungarian and "bibliotec" in romanian, new.label
    # The name the facilitator gave the rest stays.
    mixed.refresh_from_db()
    assert mixed.label == {"hu": "Vegyes"}
