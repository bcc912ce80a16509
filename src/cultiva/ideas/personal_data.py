"""The personal data `ideas` holds. What a person gave the community (contributions,
supports, comments, wall cards and dots) stays on erasure, attributed to the erased account
("former participant"); what was only theirs (follows, notifications) goes."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cultiva.accounts.data_rights import (
    PersonalData,
    identifying_words,
    register,
    rows,
    without_words,
)


def _contributions(person) -> list[dict]:
    from cultiva.ideas.models import Contribution

    # A wall guest's contribution stands on the closing facilitator's account: not theirs.
    return rows(
        Contribution.objects.filter(author=person, is_guest=False).order_by("created_at", "id"),
        [
            "id",
            "process__slug",
            "kind",
            "title",
            "body",
            "partners",
            "resources_needed",
            "status",
            "extra",
            "created_at",
            "submitted_at",
        ],
    )


def _translations(person) -> list[dict]:
    """Translations the person wrote (of their own contributions or, as a facilitator, of
    others'): their text, kept for the community on erasure like the contributions are."""
    from cultiva.ideas.models import ContributionTranslation

    return rows(
        ContributionTranslation.objects.filter(translated_by=person).order_by("translated_at"),
        ["contribution_id", "language", "title", "body", "translated_at"],
    )


def _supports(person) -> list[dict]:
    from cultiva.ideas.models import Support

    return rows(Support.objects.filter(person=person), ["contribution_id", "created_at"])


def _comments(person) -> list[dict]:
    from cultiva.ideas.models import Comment

    return rows(
        Comment.objects.filter(author=person).order_by("created_at", "id"),
        ["contribution_id", "body", "is_hidden", "created_at"],
    )


def _follows(person) -> list[dict]:
    from cultiva.ideas.models import Follow

    return rows(Follow.objects.filter(person=person), ["contribution_id", "created_at"])


def _erase_follows(person) -> int:
    from cultiva.ideas.models import Follow

    return Follow.objects.filter(person=person).delete()[0]


def _notifications(person) -> list[dict]:
    from cultiva.ideas.models import Notification

    return rows(
        Notification.objects.filter(person=person), ["verb", "text", "url", "created_at", "read_at"]
    )


def _erase_notifications(person) -> int:
    """Their own go; in others' ("Éva commented on…") their name is taken out."""
    from cultiva.ideas.models import Notification

    count = Notification.objects.filter(person=person).delete()[0]
    words = identifying_words(person)
    if words:
        scrub = without_words(words)
        mentions = Q()
        for word in words:
            mentions |= Q(text__icontains=word)
        for notification in Notification.objects.filter(mentions).only("text"):
            notification.text = scrub(notification.text).strip()
            notification.save(update_fields=["text"])
            count += 1
    return count


def _reports(person) -> list[dict]:
    from cultiva.ideas.models import Report

    return rows(
        Report.objects.filter(reporter=person),
        ["contribution_id", "comment_id", "reason", "created_at", "resolved_at"],
    )


def _wall(person) -> list[dict]:
    from cultiva.ideas.models import WallCard, WallDot

    cards = rows(
        WallCard.objects.filter(author__person=person),
        ["wall__title", "kind", "text", "created_at"],
    )
    dots = rows(WallDot.objects.filter(participant__person=person), ["card__text", "created_at"])
    return [{"card": card} for card in cards] + [{"dot": dot} for dot in dots]


def _erase_wall_guest_names(person) -> int:
    """A guest of a wall signs cards with a name only, no account; when the person who
    later asks for erasure had joined a wall as a guest under their own name, that name
    (and the organisation given with it) goes from the wall, its cards and the
    contributions they became. The cards' texts stay, as every contribution's does."""
    from cultiva.ideas.models import Contribution, WallCard, WallParticipant

    name = " ".join(person.full_name.split())
    if not name:
        return 0
    count = WallParticipant.objects.filter(person=None, guest_name__iexact=name).update(
        guest_name="", guest_organisation=""
    )
    for model in (WallCard, Contribution):
        count += model.objects.filter(guest_name__iexact=name).update(
            guest_name="", guest_organisation_name=""
        )
    return count


def _takes_part(person, process) -> bool:
    from cultiva.ideas.models import Comment, Contribution, Support, WallParticipant

    return (
        Contribution.objects.filter(author=person, process=process).exists()
        or Comment.objects.filter(author=person, contribution__process=process).exists()
        or Support.objects.filter(person=person, contribution__process=process).exists()
        or WallParticipant.objects.filter(person=person, wall__meeting__process=process).exists()
    )


def register_sources() -> None:
    register(
        PersonalData(
            "ideas.contributions", _("Contributions"), _contributions, takes_part=_takes_part
        )
    )
    register(PersonalData("ideas.translations", _("Translations of contributions"), _translations))
    register(PersonalData("ideas.supports", _("Supports"), _supports))
    register(PersonalData("ideas.comments", _("Comments"), _comments))
    register(PersonalData("ideas.follows", _("Followed contributions"), _follows, _erase_follows))
    register(
        PersonalData(
            "ideas.notifications", _("Notifications"), _notifications, _erase_notifications
        )
    )
    register(PersonalData("ideas.reports", _("Reports to moderators"), _reports))
    register(PersonalData("ideas.wall", _("Wall cards and dots"), _wall, _erase_wall_guest_names))
