"""Reads of the live wall: the snapshot every screen draws from, in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from cultiva.core.models import TaxonomyTerm
from cultiva.ideas.models import Contribution, Wall, WallCard, WallDot, WallParticipant


def wall_by_code(code: str) -> Wall | None:
    code = (code or "").strip().upper()[:8]
    if not code.isalnum():
        return None
    return Wall.objects.select_related("meeting__process").filter(code=code).first()


def wall_by_pk(pk: int) -> Wall | None:
    return Wall.objects.select_related("meeting__process").filter(pk=pk).first()


def participant_by_token(wall: Wall, token: str | None) -> WallParticipant | None:
    if not token or len(token) > 64:
        return None
    return WallParticipant.objects.select_related("person").filter(wall=wall, token=token).first()


def participant_fits(participant: WallParticipant | None, wall: Wall, user) -> bool:
    """A remembered participant still counts: a guest while guests may join, a member as himself."""
    if participant is None:
        return False
    if participant.person_id is None:
        return wall.allow_guests
    return bool(user is not None and user.is_authenticated and participant.person_id == user.pk)


def participant_for_user(wall: Wall, user) -> WallParticipant | None:
    if not user.is_authenticated:
        return None
    return WallParticipant.objects.filter(wall=wall, person=user).first()


def meeting_walls(meeting) -> list[Wall]:
    return list(
        Wall.objects.filter(meeting=meeting).annotate(card_count=Count("cards")).order_by("-id")
    )


def wall_cards(wall: Wall, *, hidden: bool = False) -> list[WallCard]:
    """The cards on the wall, or with `hidden` the ones a facilitator took off it."""
    return list(
        wall.cards.filter(hidden_at__isnull=not hidden)
        .annotate(dot_count=Count("dots"))
        .select_related("contribution")
        .order_by("position", "id")
    )


def card_json(card: WallCard, kind_labels: dict | None = None) -> dict:
    labels = kind_labels or dict(Contribution.Kind.choices)
    return {
        "id": card.pk,
        "client_id": card.client_id,
        "column": card.column_id,
        "kind": card.kind,
        "kind_label": str(labels.get(card.kind, card.kind)),
        "text": card.text,
        "dots": getattr(card, "dot_count", 0),
        "contribution": contribution_url(card),
    }


def contribution_url(card: WallCard) -> str | None:
    """Where the contribution this card became is, once the wall closed; None before, and
    for a card whose contribution was not loaded with it (no query here)."""
    if not WallCard.contribution.is_cached(card):
        return None
    try:
        return reverse("ideas:detail", args=[card.contribution.pk])
    except WallCard.contribution.RelatedObjectDoesNotExist:
        return None


def wall_state(wall: Wall, *, manager: bool = False) -> dict:
    """The whole wall as the screens draw it: columns, cards with dot counts, timer, voting.

    Hidden cards are not on it; facilitators (`manager`) get them apart, to restore them.
    """
    labels = dict(Contribution.Kind.choices)
    cards = list(
        wall.cards.annotate(dot_count=Count("dots"))
        .select_related("contribution")
        .order_by("position", "id")
    )
    shown = [card_json(card, labels) for card in cards if card.hidden_at is None]
    state = {
        "type": "snapshot",
        "wall": {
            "id": wall.pk,
            "title": wall.title,
            "status": wall.status,
            "voting_open": wall.voting_open,
            "dots_per_person": wall.dots_per_person,
            "timer_ends_at": wall.timer_ends_at.isoformat() if wall.timer_ends_at else None,
        },
        "now": timezone.now().isoformat(),
        "columns": [
            {"id": c.pk, "title": c.title, "domain": str(c.domain) if c.domain else ""}
            for c in wall.columns.select_related("domain").order_by("position", "id")
        ],
        "cards": shown,
    }
    if manager:
        state["hidden"] = [card_json(card, labels) for card in cards if card.hidden_at is not None]
    return state


def domain_choices() -> list[TaxonomyTerm]:
    """The cultural domains a facilitator may give a column, in the taxonomy's order."""
    return list(
        TaxonomyTerm.objects.filter(vocabulary=TaxonomyTerm.Vocabulary.DOMAIN).order_by(
            "position", "slug"
        )
    )


def card_dot_count(card_id: int) -> int:
    return WallDot.objects.filter(card_id=card_id).count()


def participant_dots(participant: WallParticipant) -> dict[int, int]:
    """How many dots this participant put on each card."""
    rows = (
        WallDot.objects.filter(participant=participant)
        .values("card_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["card_id"]: row["n"] for row in rows}


def my_dots_message(participant: WallParticipant, wall: Wall) -> dict:
    mine = participant_dots(participant)
    return {
        "type": "my_dots",
        "cards": {str(k): v for k, v in mine.items()},
        "used": sum(mine.values()),
        "allowed": wall.dots_per_person,
    }
