"""Writes for duplicates: finding candidate pairs, merging, undoing a merge, dismissing a pair.

A merge never deletes anything. The merged contribution keeps its text, provenance, revisions
and comments; it gets the status MERGED and `merged_into` the kept one. Its supports and
follows move to the kept contribution, except those of people who already back (follow) the
kept one: those stay where they are, so each person counts once. The merge's snapshot records
exactly which rows moved and what was removed (the theme membership), and undo puts them back.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cultiva.core.activity import activity_record
from cultiva.ideas.engagement.notifications import contribution_url, notify
from cultiva.ideas.models import Contribution, Follow, Support
from cultiva.synthesis import rules
from cultiva.synthesis.models import ContributionMerge, DuplicateCandidate, ThemeMembership

# Contributions that can be merged or proposed as duplicates.
ACTIVE_STATUSES = (Contribution.Status.SUBMITTED, Contribution.Status.IN_PORTFOLIO)


# --- finding ----------------------------------------------------------------------------------


# A new contribution is paired with at most this many existing ones.
PAIRS_PER_NEW_CONTRIBUTION = 10


def _drop_other_places(pairs: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Leave out the same proposal made for different places (see duplicates.py)."""
    from cultiva.synthesis.duplicates import same_need_elsewhere

    if not pairs:
        return pairs
    ids = {pk for one, other, _score in pairs for pk in (one, other)}
    places: dict[int, set[int]] = {}
    for contribution_id, settlement_id in Contribution.settlements.through.objects.filter(
        contribution_id__in=ids
    ).values_list("contribution_id", "settlement_id"):
        places.setdefault(contribution_id, set()).add(settlement_id)
    return [
        (one, other, score)
        for one, other, score in pairs
        if not same_need_elsewhere(
            frozenset(places.get(one, ())), frozenset(places.get(other, ())), score
        )
    ]


def duplicates_find(process, *, actor=None, contribution_ids=None) -> int:
    """Store the likely duplicate pairs of the process's contributions; returns how many are new.

    With `contribution_ids` (e.g. just embedded), only pairs involving those are looked for:
    a few vector products instead of all pairs, cheap enough after every embedding batch.
    Pairs already stored (pending, merged or dismissed) are never proposed again.
    """
    from cultiva.synthesis import duplicates
    from cultiva.synthesis.selectors.embeddings import process_vectors

    vectors = process_vectors(process, with_texts=False)
    if len(vectors) < 2:
        return 0
    threshold, _similar = duplicates.thresholds_for(vectors.backend)
    if contribution_ids is None:
        pairs = duplicates.duplicate_pairs(vectors.matrix, vectors.ids, threshold=threshold)
    else:
        row_of = vectors.row_of()
        pairs = []
        for pk in sorted(set(contribution_ids) & set(row_of)):
            found = duplicates.similar_to(
                vectors.matrix[row_of[pk]],
                vectors.matrix,
                vectors.ids,
                threshold=threshold,
                limit=PAIRS_PER_NEW_CONTRIBUTION + 1,
            )
            pairs.extend((pk, other, score) for other, score in found if other != pk)
        pairs.sort(key=lambda pair: -pair[2])
    pairs = _drop_other_places(pairs)
    if not pairs:
        return 0
    with transaction.atomic():
        known = set(
            DuplicateCandidate.objects.filter(process=process).values_list("first_id", "second_id")
        )
        rows = []
        for one, other, score in pairs:
            first, second = min(one, other), max(one, other)
            if (first, second) in known:
                continue
            known.add((first, second))
            rows.append(
                DuplicateCandidate(
                    process=process,
                    first_id=first,
                    second_id=second,
                    similarity=round(float(score), 4),
                )
            )
        DuplicateCandidate.objects.bulk_create(rows, ignore_conflicts=True)
        if rows:
            activity_record(
                actor=actor,
                verb="duplicates.found",
                target=process,
                process=process,
                changes={"new_pairs": len(rows)},
            )
    return len(rows)


# --- deciding ---------------------------------------------------------------------------------


def _decide(candidate: DuplicateCandidate, status: str, actor) -> None:
    candidate.status = status
    candidate.decided_by = actor
    candidate.decided_at = timezone.now()
    candidate.save(update_fields=["status", "decided_by", "decided_at"])


@transaction.atomic
def duplicate_dismiss(*, actor, candidate: DuplicateCandidate) -> DuplicateCandidate:
    """ "Not duplicates": the pair leaves the queue and is not proposed again."""
    rules.can_review_duplicates(actor, candidate.process).enforce()
    candidate = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status != DuplicateCandidate.Status.PENDING:
        raise ValidationError(_("This pair has already been decided."))
    _decide(candidate, DuplicateCandidate.Status.DISMISSED, actor)
    activity_record(
        actor=actor,
        verb="duplicate.dismissed",
        target=candidate,
        process=candidate.process,
        changes={"status": [DuplicateCandidate.Status.PENDING, candidate.status]},
    )
    return candidate


def _move(model, *, source: Contribution, target: Contribution) -> list[int]:
    """Move rows (supports or follows) of people not already on `target`; return their ids."""
    already = model.objects.filter(contribution=target).values("person_id")
    moving = list(
        model.objects.filter(contribution=source)
        .exclude(person_id__in=already)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if moving:
        model.objects.filter(pk__in=moving).update(contribution=target)
    return moving


def _tell_authors(merge: ContributionMerge, actor, verb: str, message) -> None:
    """``message`` (lazy, with %(merged)s and %(kept)s) goes out in each author's language."""
    kept, merged = merge.kept, merge.merged
    titles = {"merged": merged.title, "kept": kept.title}

    def text():
        return str(message) % titles

    people = {}
    for contribution in (kept, merged):
        author = contribution.author
        if author is not None and author.is_active and author.pk != getattr(actor, "pk", None):
            people[author.pk] = author
    if people:
        notify(people=people.values(), verb=verb, text=text, url=contribution_url(kept))


@transaction.atomic
def contributions_merge(
    *, actor, kept: Contribution, merged: Contribution, candidate: DuplicateCandidate | None = None
) -> ContributionMerge:
    """Merge `merged` into `kept` (see the module's docstring). Undo with `merge_undo`."""
    rules.can_review_duplicates(actor, kept.process).enforce()
    locked = {
        c.pk: c
        for c in Contribution.objects.select_for_update(of=("self",))
        .select_related("author", "process")
        .filter(pk__in=[kept.pk, merged.pk])
    }
    if kept.pk == merged.pk or len(locked) != 2:
        raise ValidationError(_("Choose two different contributions to merge."))
    kept, merged = locked[kept.pk], locked[merged.pk]
    if kept.process_id != merged.process_id:
        raise ValidationError(_("Only contributions of the same process can be merged."))
    if kept.status not in ACTIVE_STATUSES or merged.status not in ACTIVE_STATUSES:
        raise ValidationError(_("Only submitted contributions can be merged."))
    if candidate is not None:
        candidate = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
        if candidate.status != DuplicateCandidate.Status.PENDING:
            raise ValidationError(_("This pair has already been decided."))
        if {candidate.first_id, candidate.second_id} != {kept.pk, merged.pk}:
            raise ValidationError(_("Choose one of the two contributions of the pair to keep."))

    membership = ThemeMembership.objects.filter(contribution=merged).first()
    snapshot = {
        "status": merged.status,
        "supports": _move(Support, source=merged, target=kept),
        "follows": _move(Follow, source=merged, target=kept),
        "theme_membership": (
            {
                "theme": membership.theme_id,
                "is_pinned": membership.is_pinned,
                "score": membership.score,
            }
            if membership
            else None
        ),
    }
    if membership is not None:
        membership.delete()
    merged.status = Contribution.Status.MERGED
    merged.merged_into = kept
    merged.save(update_fields=["status", "merged_into", "updated_at"])
    if candidate is not None:
        _decide(candidate, DuplicateCandidate.Status.MERGED, actor)
    merge = ContributionMerge.objects.create(
        process=kept.process,
        kept=kept,
        merged=merged,
        candidate=candidate,
        snapshot=snapshot,
        merged_by=actor,
    )
    activity_record(
        actor=actor,
        verb="contribution.merged",
        target=merged,
        process=kept.process,
        changes={
            "status": [snapshot["status"], Contribution.Status.MERGED],
            "merged_into": [None, kept.pk],
            "supports_moved": len(snapshot["supports"]),
            "follows_moved": len(snapshot["follows"]),
        },
    )
    _tell_authors(
        merge,
        actor,
        "contribution.merged",
        gettext_lazy("“%(merged)s” was merged with “%(kept)s”, which now carries both."),
    )
    return merge


@transaction.atomic
def merge_undo(*, actor, merge: ContributionMerge) -> ContributionMerge:
    """Put back what the merge moved: status, supports, follows, theme membership."""
    rules.can_review_duplicates(actor, merge.process).enforce()
    merge = (
        ContributionMerge.objects.select_for_update(of=("self",))
        .select_related("kept__author", "merged__author", "process", "candidate")
        .get(pk=merge.pk)
    )
    if merge.undone_at is not None:
        raise ValidationError(_("This merge has already been undone."))
    merged, kept = merge.merged, merge.kept
    if merged.status != Contribution.Status.MERGED or merged.merged_into_id != kept.pk:
        raise ValidationError(_("This contribution has changed since the merge; undo it by hand."))
    snapshot = merge.snapshot or {}
    # Rows a person removed since the merge stay removed; the others go back.
    Support.objects.filter(pk__in=snapshot.get("supports", []), contribution=kept).update(
        contribution=merged
    )
    Follow.objects.filter(pk__in=snapshot.get("follows", []), contribution=kept).update(
        contribution=merged
    )
    place = snapshot.get("theme_membership")
    if place:
        from cultiva.synthesis.models import Theme

        theme = Theme.objects.filter(pk=place["theme"], process_id=merge.process_id).first()
        taken = ThemeMembership.objects.filter(contribution=merged).exists()
        if theme is not None and not taken:
            ThemeMembership.objects.create(
                theme=theme,
                contribution=merged,
                is_pinned=place.get("is_pinned", False),
                score=place.get("score", 0.0),
            )
    merged.status = snapshot.get("status") or Contribution.Status.SUBMITTED
    merged.merged_into = None
    merged.save(update_fields=["status", "merged_into", "updated_at"])
    candidate = merge.candidate
    if candidate is not None and candidate.status == DuplicateCandidate.Status.MERGED:
        candidate.status = DuplicateCandidate.Status.PENDING
        candidate.decided_by = None
        candidate.decided_at = None
        candidate.save(update_fields=["status", "decided_by", "decided_at"])
    merge.undone_at = timezone.now()
    merge.undone_by = actor
    merge.save(update_fields=["undone_at", "undone_by"])
    activity_record(
        actor=actor,
        verb="contribution.merge_undone",
        target=merged,
        process=merge.process,
        changes={
            "status": [Contribution.Status.MERGED, merged.status],
            "merged_into": [kept.pk, None],
        },
    )
    _tell_authors(
        merge,
        actor,
        "contribution.merge_undone",
        gettext_lazy("“%(merged)s” is again separate from “%(kept)s”: the merge was undone."),
    )
    return merge
