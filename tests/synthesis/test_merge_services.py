"""Merging duplicates keeps authors, supports, follows and provenance, and undo restores all."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cultiva.core.models import ActivityLog
from cultiva.ideas.models import Comment, Contribution, Follow, Notification, Support
from cultiva.synthesis.models import (
    ContributionMerge,
    DuplicateCandidate,
    Theme,
    ThemeMembership,
)
from cultiva.synthesis.services.duplicates import (
    contributions_merge,
    duplicate_dismiss,
    merge_undo,
)
from tests.factories import make_user
from tests.synthesis.dup_helpers import make_pair

S = Contribution.Status


def _state(*contributions):
    """Everything a merge touches, to compare before and after a round trip."""
    return {
        c.pk: {
            "status": Contribution.objects.get(pk=c.pk).status,
            "merged_into": Contribution.objects.get(pk=c.pk).merged_into_id,
            "supports": sorted(
                Support.objects.filter(contribution=c).values_list("pk", "person_id")
            ),
            "follows": sorted(Follow.objects.filter(contribution=c).values_list("pk", "person_id")),
            "theme": list(
                ThemeMembership.objects.filter(contribution=c).values_list(
                    "theme_id", "is_pinned", "score"
                )
            ),
            "comments": sorted(Comment.objects.filter(contribution=c).values_list("pk", flat=True)),
        }
        for c in contributions
    }


@pytest.fixture
def merge_setup(world):
    candidate, kept, merged = make_pair(world, status=S.SUBMITTED)
    both, only_merged, only_kept = make_user(), make_user(), make_user()
    for person in (both, only_kept):
        Support.objects.create(contribution=kept, person=person)
        Follow.objects.create(contribution=kept, person=person)
    for person in (both, only_merged):
        Support.objects.create(contribution=merged, person=person)
        Follow.objects.create(contribution=merged, person=person)
    Comment.objects.create(contribution=merged, author=only_merged, body="Jó ötlet")
    theme = Theme.objects.create(process=world.process, label={"hu": "Könyvtárak"})
    ThemeMembership.objects.create(theme=theme, contribution=merged, is_pinned=True, score=0.81)
    ThemeMembership.objects.create(theme=theme, contribution=kept, score=0.9)
    return candidate, kept, merged, (both, only_merged, only_kept), theme


def test_merge_moves_supports_and_follows_and_undo_restores_exactly(world, merge_setup):
    candidate, kept, merged, (both, only_merged, only_kept), theme = merge_setup
    before = _state(kept, merged)

    merge = contributions_merge(
        actor=world.facilitator, kept=kept, merged=merged, candidate=candidate
    )

    merged.refresh_from_db()
    assert merged.status == S.MERGED and merged.merged_into_id == kept.pk
    # Each person backs the kept contribution once.
    assert sorted(
        Support.objects.filter(contribution=kept).values_list("person_id", flat=True)
    ) == (sorted([both.pk, only_merged.pk, only_kept.pk]))
    assert Follow.objects.filter(contribution=kept).count() == 3
    # The double support stays with the merged one (nothing is deleted).
    assert list(
        Support.objects.filter(contribution=merged).values_list("person_id", flat=True)
    ) == [both.pk]
    # Its comments stay where they were; its theme membership is removed.
    assert Comment.objects.filter(contribution=merged).count() == 1
    assert not ThemeMembership.objects.filter(contribution=merged).exists()
    assert ThemeMembership.objects.filter(contribution=kept).exists()
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.MERGED
    assert candidate.decided_by == world.facilitator
    assert ActivityLog.objects.filter(verb="contribution.merged", target_id=str(merged.pk)).exists()

    merge_undo(actor=world.facilitator, merge=merge)

    assert _state(kept, merged) == before
    merge.refresh_from_db()
    assert merge.undone_at is not None and merge.undone_by == world.facilitator
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.PENDING
    assert ActivityLog.objects.filter(
        verb="contribution.merge_undone", target_id=str(merged.pk)
    ).exists()


def test_merge_of_in_portfolio_contribution_restores_its_status(world):
    candidate, kept, merged = make_pair(world, status=S.IN_PORTFOLIO)
    # The pair's first is in the portfolio: merge it into the second, then undo.
    merge = contributions_merge(actor=world.coordinator, kept=merged, merged=kept)
    kept.refresh_from_db()
    assert kept.status == S.MERGED
    merge_undo(actor=world.coordinator, merge=merge)
    kept.refresh_from_db()
    assert kept.status == S.IN_PORTFOLIO and kept.merged_into_id is None


def test_support_withdrawn_after_merge_stays_withdrawn_on_undo(world, merge_setup):
    candidate, kept, merged, (both, only_merged, only_kept), _theme = merge_setup
    merge = contributions_merge(actor=world.facilitator, kept=kept, merged=merged)
    Support.objects.filter(contribution=kept, person=only_merged).delete()
    merge_undo(actor=world.facilitator, merge=merge)
    assert not Support.objects.filter(person=only_merged).exists()
    assert sorted(
        Support.objects.filter(contribution=merged).values_list("person_id", flat=True)
    ) == [both.pk]


def test_authors_of_both_are_notified(world):
    candidate, kept, merged = make_pair(world)
    contributions_merge(actor=world.facilitator, kept=kept, merged=merged, candidate=candidate)
    notified = set(
        Notification.objects.filter(verb="contribution.merged").values_list("person_id", flat=True)
    )
    assert notified == {world.member.pk, world.outsider.pk}
    note = Notification.objects.filter(person=world.outsider).get()
    assert note.url == reverse("ideas:detail", args=[kept.pk])
    assert kept.title in note.text and merged.title in note.text


@pytest.mark.parametrize("role", ["member", "outsider", "expert", "decision_maker"])
def test_only_facilitators_merge_undo_and_dismiss(world, role):
    candidate, kept, merged = make_pair(world)
    user = world.user(role)
    with pytest.raises(PermissionDenied):
        contributions_merge(actor=user, kept=kept, merged=merged, candidate=candidate)
    with pytest.raises(PermissionDenied):
        duplicate_dismiss(actor=user, candidate=candidate)
    merge = contributions_merge(actor=world.facilitator, kept=kept, merged=merged)
    with pytest.raises(PermissionDenied):
        merge_undo(actor=user, merge=merge)
    merged.refresh_from_db()
    assert merged.status == S.MERGED


def test_merge_refuses_bad_pairs(world):
    candidate, kept, merged = make_pair(world)
    hidden = Contribution.objects.create(
        process=world.process,
        author=world.member,
        kind="idea",
        title="x",
        body="y",
        language="hu",
        status=S.HIDDEN,
    )
    with pytest.raises(ValidationError):
        contributions_merge(actor=world.facilitator, kept=kept, merged=kept)
    with pytest.raises(ValidationError):
        contributions_merge(actor=world.facilitator, kept=kept, merged=hidden)
    with pytest.raises(ValidationError):  # not one of the pair
        contributions_merge(actor=world.facilitator, kept=kept, merged=hidden, candidate=candidate)
    merge = contributions_merge(
        actor=world.facilitator, kept=kept, merged=merged, candidate=candidate
    )
    with pytest.raises(ValidationError):  # decided already
        contributions_merge(actor=world.facilitator, kept=merged, merged=kept, candidate=candidate)
    merge_undo(actor=world.facilitator, merge=merge)
    with pytest.raises(ValidationError):
        merge_undo(actor=world.facilitator, merge=merge)
    assert ContributionMerge.objects.count() == 1


def test_dismiss_records_the_decision(world):
    candidate, _kept, _merged = make_pair(world)
    duplicate_dismiss(actor=world.facilitator, candidate=candidate)
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.DISMISSED
    assert ActivityLog.objects.filter(verb="duplicate.dismissed").count() == 1
    with pytest.raises(ValidationError):
        duplicate_dismiss(actor=world.facilitator, candidate=candidate)
