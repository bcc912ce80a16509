"""Writes of the live workshop wall: opening, arranging, posting, dots, timer, moderation
(hide, restore, delete cards; delete and reorder columns) and closing.

Each function is one transaction. Facilitator actions go through `rules.can_manage_wall`
and write the activity log; card posts and dots are too many to log one by one, but every
card keeps its author, and each participant may post at most POSTS_PER_MINUTE cards a
minute. Broadcasting to the open screens is the caller's job
(`cultiva.ideas.wall.broadcast`), after the transaction has committed.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cultiva.core.activity import activity_record, activity_record_many
from cultiva.core.models import TaxonomyTerm
from cultiva.ideas import rules
from cultiva.ideas.indexing import contributions_reindex
from cultiva.ideas.models import Contribution, Wall, WallCard, WallColumn, WallDot, WallParticipant

TITLE_LENGTH = 120
MAX_TIMER_MINUTES = 180
MAX_DOTS = 20
MAX_COLUMNS = 12
# A participant may post this many cards per minute; more is refused (the text stays).
POSTS_PER_MINUTE = 10
ROMANIAN_LETTERS = frozenset("ăâîșşțţĂÂÎȘŞȚŢ")
HUNGARIAN_LETTERS = frozenset("őűŐŰ")


def _ensure_open(wall: Wall) -> None:
    if wall.status != Wall.Status.OPEN:
        raise ValidationError(_("This wall is closed."))


def _manage_column(actor, wall: Wall, column: WallColumn) -> None:
    """The actor may run the wall, the wall is open, and the column is on it."""
    rules.can_manage_wall(actor, wall.meeting.process).enforce()
    _ensure_open(wall)
    if column.wall_id != wall.pk:
        raise ValidationError(_("This column is not on this wall."))


def _clean_title(title: str, *, max_length: int) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError(_("Please give a title."))
    return title[:max_length]


@transaction.atomic
def wall_open(
    *,
    actor,
    meeting,
    title: str,
    allow_guests: bool = False,
    dots_per_person: int = 3,
    columns: list[str] | None = None,
) -> Wall:
    rules.can_manage_wall(actor, meeting.process).enforce()
    if not 0 <= dots_per_person <= MAX_DOTS:
        raise ValidationError(
            _("Dots per person must be between 0 and %(max)s.") % {"max": MAX_DOTS}
        )
    wall = Wall.objects.create(
        meeting=meeting,
        title=_clean_title(title, max_length=200),
        allow_guests=allow_guests,
        dots_per_person=dots_per_person,
        created_by=actor,
    )
    titles = [" ".join(t.split())[:100] for t in (columns or []) if t and t.strip()]
    for position, column_title in enumerate(titles[:MAX_COLUMNS] or [_("Ideas")]):
        WallColumn.objects.create(wall=wall, title=column_title, position=position)
    activity_record(
        actor=actor,
        verb="wall.open",
        target=wall,
        process=meeting.process,
        changes={
            "meeting": meeting.pk,
            "allow_guests": allow_guests,
            "dots_per_person": dots_per_person,
        },
    )
    return wall


@transaction.atomic
def wall_column_add(*, actor, wall: Wall, title: str) -> WallColumn:
    rules.can_manage_wall(actor, wall.meeting.process).enforce()
    _ensure_open(wall)
    if wall.columns.count() >= MAX_COLUMNS:
        raise ValidationError(_("A wall can have at most %(max)s columns.") % {"max": MAX_COLUMNS})
    last = wall.columns.aggregate(last=Max("position"))["last"]
    column = WallColumn.objects.create(
        wall=wall,
        title=_clean_title(title, max_length=100),
        position=0 if last is None else last + 1,
    )
    activity_record(
        actor=actor,
        verb="wall.column_add",
        target=wall,
        process=wall.meeting.process,
        changes={"column": [None, column.title]},
    )
    return column


@transaction.atomic
def wall_column_rename(*, actor, wall: Wall, column: WallColumn, title: str) -> WallColumn:
    _manage_column(actor, wall, column)
    before, column.title = column.title, _clean_title(title, max_length=100)
    column.save(update_fields=["title"])
    activity_record(
        actor=actor,
        verb="wall.column_rename",
        target=wall,
        process=wall.meeting.process,
        changes={"column": [before, column.title]},
    )
    return column


@transaction.atomic
def wall_column_domain_set(
    *, actor, wall: Wall, column: WallColumn, domain: TaxonomyTerm | None
) -> WallColumn:
    """Give the column a cultural domain (or none): its cards, and the contributions they
    become when the wall closes, carry it."""
    _manage_column(actor, wall, column)
    if domain is not None and domain.vocabulary != TaxonomyTerm.Vocabulary.DOMAIN:
        raise ValidationError(_("Please choose a cultural domain."))
    before = column.domain_id
    new = domain.pk if domain is not None else None
    if before == new:
        return column
    column.domain = domain
    column.save(update_fields=["domain"])
    cards = WallCard.objects.filter(column=column).update(domain=domain)
    activity_record(
        actor=actor,
        verb="wall.column_domain",
        target=wall,
        process=wall.meeting.process,
        changes={"column": column.pk, "domain": [before, new], "cards": cards},
    )
    return column


@transaction.atomic
def wall_card_move(*, actor, wall: Wall, card: WallCard, column: WallColumn) -> WallCard:
    rules.can_manage_wall(actor, wall.meeting.process).enforce()
    _ensure_open(wall)
    if card.wall_id != wall.pk or column.wall_id != wall.pk:
        raise ValidationError(_("This card or column is not on this wall."))
    if card.column_id == column.pk:
        return card
    before = card.column_id
    card.column = column
    card.domain_id = column.domain_id  # the card now belongs to this column's domain
    card.save(update_fields=["column", "domain"])
    activity_record(
        actor=actor,
        verb="wall.card_move",
        target=wall,
        process=wall.meeting.process,
        changes={"card": card.pk, "column": [before, column.pk]},
    )
    return card


@transaction.atomic
def wall_timer_set(*, actor, wall: Wall, minutes: int) -> Wall:
    """Start a countdown of `minutes`; 0 stops it."""
    rules.can_manage_wall(actor, wall.meeting.process).enforce()
    _ensure_open(wall)
    if not 0 <= minutes <= MAX_TIMER_MINUTES:
        raise ValidationError(
            _("The timer runs between 1 and %(max)s minutes.") % {"max": MAX_TIMER_MINUTES}
        )
    before = wall.timer_ends_at
    wall.timer_ends_at = timezone.now() + timedelta(minutes=minutes) if minutes else None
    wall.save(update_fields=["timer_ends_at"])
    activity_record(
        actor=actor,
        verb="wall.timer",
        target=wall,
        process=wall.meeting.process,
        changes={
            "timer_ends_at": [
                before.isoformat() if before else None,
                wall.timer_ends_at.isoformat() if wall.timer_ends_at else None,
            ]
        },
    )
    return wall


@transaction.atomic
def wall_voting_set(*, actor, wall: Wall, voting_open: bool) -> Wall:
    rules.can_manage_wall(actor, wall.meeting.process).enforce()
    _ensure_open(wall)
    if wall.voting_open == voting_open:
        return wall
    wall.voting_open = voting_open
    wall.save(update_fields=["voting_open"])
    activity_record(
        actor=actor,
        verb="wall.voting_open" if voting_open else "wall.voting_close",
        target=wall,
        process=wall.meeting.process,
        changes={"voting_open": [not voting_open, voting_open]},
    )
    return wall


# --- moderation while the wall is open -------------------------------------------------------


def _wall_card(wall: Wall, card: WallCard) -> None:
    if card.wall_id != wall.pk:
        raise ValidationError(_("This card is not on this wall."))


@transaction.atomic
def wall_card_hide(*, actor, wall: Wall, card: WallCard) -> WallCard:
    """Take a card off every screen; it is kept, can be restored, and becomes no contribution."""
    rules.can_manage_wall(actor, wall.meeting.process).enforce()
    _ensure_open(wall)
    _wall_card(wall, card)
    if card.hidden_at is not None:
        return card
    card.hidden_at = timezone.now()
    card.hidden_by = actor
    card.save(update_fields=["hidden_at", "hidden_by"])
    activity_record(
        actor=actor,
        verb="wall.card_hide",
        target=wall,
        process=wall.meeting.process,
        changes={"card": card.pk, "text": card.text, "hidden": [False, True]},
    )
    return card


@transaction.atomic
def wall_card_restore(*, actor, wall: Wall, card: WallCard) -> WallCard:
    rules.can_manage_wall(actor, wall.meeting.process).enforce()
    _ensure_open(wall)
    _wall_card(wall, card)
    if card.hidden_at is None:
        return card
    card.hidden_at = None
    card.hidden_by = None
    card.save(update_fields=["hidden_at", "hidden_by"])
    activity_record(
        actor=actor,
        verb="wall.card_restore",
        target=wall,
        process=wall.meeting.process,
        changes={"card": card.pk, "hidden": [True, False]},
    )
    return card


@transaction.atomic
def wall_card_delete(*, actor, wall: Wall, card: WallCard) -> int:
    """Delete a card and its dots for good; the log keeps its text. Returns the card's id."""
    rules.can_manage_wall(actor, wall.meeting.process).enforce()
    _ensure_open(wall)
    _wall_card(wall, card)
    card_id = card.pk
    activity_record(
        actor=actor,
        verb="wall.card_delete",
        target=wall,
        process=wall.meeting.process,
        changes={
            "card": card_id,
            "text": card.text,
            "kind": card.kind,
            "participant": card.author_id,
        },
    )
    card.delete()
    return card_id


@transaction.atomic
def wall_column_delete(*, actor, wall: Wall, column: WallColumn) -> int:
    """Delete a column; its cards stay on the wall without a column. Returns how many."""
    _manage_column(actor, wall, column)
    moved = WallCard.objects.filter(column=column).update(column=None)
    activity_record(
        actor=actor,
        verb="wall.column_delete",
        target=wall,
        process=wall.meeting.process,
        changes={"column": [column.title, None], "cards": moved},
    )
    column.delete()
    return moved


@transaction.atomic
def wall_column_move(*, actor, wall: Wall, column: WallColumn, step: int) -> list[WallColumn]:
    """Move a column one place left (step -1) or right (+1); returns the columns in order."""
    rules.can_manage_wall(actor, wall.meeting.process).enforce()
    _ensure_open(wall)
    if step not in (-1, 1):
        raise ValidationError(_("A column moves one place left or right."))
    columns = list(wall.columns.select_for_update().order_by("position", "id"))
    index = next((i for i, c in enumerate(columns) if c.pk == column.pk), None)
    if index is None:
        raise ValidationError(_("This column is not on this wall."))
    target = index + step
    if not 0 <= target < len(columns):
        return columns
    columns[index], columns[target] = columns[target], columns[index]
    for position, each in enumerate(columns):
        each.position = position
    WallColumn.objects.bulk_update(columns, ["position"])
    activity_record(
        actor=actor,
        verb="wall.column_move",
        target=wall,
        process=wall.meeting.process,
        changes={"column": column.pk, "position": [index, target]},
    )
    return columns


# --- participants ----------------------------------------------------------------------------


def participant_token() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def wall_participant_join(
    *, wall: Wall, user, guest_name: str = "", guest_organisation: str = ""
) -> WallParticipant:
    """The member's participant on this wall (made once), or a new guest participant."""
    rules.can_join_wall(user, wall).enforce()
    if user.is_authenticated:
        participant, _created = WallParticipant.objects.get_or_create(
            wall=wall, person=user, defaults={"token": participant_token()}
        )
        return participant
    name = " ".join((guest_name or "").split())[:120]
    if not name:
        raise ValidationError(_("Please give your name."))
    return WallParticipant.objects.create(
        wall=wall,
        guest_name=name,
        guest_organisation=" ".join((guest_organisation or "").split())[:200],
        token=participant_token(),
    )


def _clean_kind(kind: str) -> str:
    if kind not in Contribution.Kind.values:
        raise ValidationError(_("Please choose a kind of card."))
    return kind


@dataclass(frozen=True)
class CardPost:
    """One card a participant sent."""

    participant: WallParticipant
    kind: str
    text: str
    client_id: str


@dataclass
class Posted:
    """What became of a CardPost: the card (created now or earlier), or the reason why not."""

    card: WallCard | None = None
    created: bool = False
    error: ValidationError | None = None


def wall_card_post(
    *, participant: WallParticipant, kind: str, text: str, client_id: str
) -> tuple[WallCard, bool]:
    """Save a card; the same client_id again returns the card already saved (no duplicate)."""
    [posted] = wall_cards_post(
        wall_id=participant.wall_id,
        posts=[CardPost(participant=participant, kind=kind, text=text, client_id=client_id)],
    )
    if posted.error is not None:
        raise posted.error
    return posted.card, posted.created


def _clean_card(post: CardPost) -> tuple[str, str]:
    text = (post.text or "").strip()
    if not text:
        raise ValidationError(_("Please write something on the card."))
    if len(text) > 500:
        raise ValidationError(_("A card holds at most 500 characters."))
    return _clean_kind(post.kind), text


@transaction.atomic
def wall_cards_post(*, wall_id: int, posts: list[CardPost]) -> list[Posted]:
    """Save the cards of many posts at once: one lock, one look-up, one INSERT.

    The wall's consumers gather the posts that arrive while the previous write runs, so a
    burst of 200 cards costs a few transactions instead of 200. Each post gets its own
    answer; a refused post (closed wall, empty text, too many cards a minute) refuses no
    other. A client_id already saved (a resend) returns that card, not a second one.
    """
    wall = (
        Wall.objects.select_for_update(of=("self",))
        .select_related("meeting__process")
        .get(pk=wall_id)
    )
    results = [Posted() for _post in posts]
    client_ids = [(post.client_id or "").strip()[:64] for post in posts]
    saved = {
        card.client_id: card
        for card in WallCard.objects.filter(wall=wall, client_id__in={c for c in client_ids if c})
    }
    keys = {post.participant.pk: _rate_key(post.participant) for post in posts}
    used = cache.get_many(list(set(keys.values()))) if posts else {}
    new: dict[str, WallCard] = {}
    owners: list[tuple[int, str]] = []
    for index, (post, client_id) in enumerate(zip(posts, client_ids, strict=True)):
        try:
            if post.participant.wall_id != wall.pk:
                raise ValidationError(_("Join the wall to post a card."))
            if not client_id:
                raise ValidationError(_("The card has no identifier; please try again."))
            if client_id in saved:
                results[index].card = saved[client_id]
                continue
            if client_id in new:  # the same card twice in one batch
                owners.append((index, client_id))
                continue
            _ensure_open(wall)
            kind, text = _clean_card(post)
            key = keys[post.participant.pk]
            if (used.get(key) or 0) >= POSTS_PER_MINUTE:
                raise ValidationError(
                    _(
                        "You have posted %(count)s cards within a minute. Please wait a little, "
                        "then send this card again."
                    )
                    % {"count": POSTS_PER_MINUTE}
                )
            used[key] = (used.get(key) or 0) + 1
        except ValidationError as error:
            results[index].error = error
            continue
        new[client_id] = WallCard(
            wall=wall,
            author=post.participant,
            kind=kind,
            text=text,
            client_id=client_id,
            guest_name="" if post.participant.person_id else post.participant.guest_name,
            guest_organisation_name=""
            if post.participant.person_id
            else post.participant.guest_organisation,
        )
        results[index].created = True
        owners.append((index, client_id))
    if not new:
        return results
    first_column = wall.columns.order_by("position", "id").first()
    last = wall.cards.aggregate(last=Max("position"))["last"]
    position = 0 if last is None else last + 1
    settlement_id = wall.meeting.settlement_id
    for offset, card in enumerate(new.values()):
        card.column = first_column
        card.domain_id = first_column.domain_id if first_column else None
        card.settlement_id = settlement_id
        card.position = position + offset
    try:
        with transaction.atomic():
            WallCard.objects.bulk_create(list(new.values()))
    except IntegrityError:
        # Another process saved one of these client_ids in between: one card at a time.
        for client_id, card in list(new.items()):
            try:
                with transaction.atomic():
                    card.save(force_insert=True)
            except IntegrityError:
                new[client_id] = WallCard.objects.get(wall=wall, client_id=client_id)
                for index, owner in owners:
                    if owner == client_id:
                        results[index].created = False
    posted = []
    for index, client_id in owners:
        results[index].card = new[client_id]
        if results[index].created:
            _rate_count(keys[posts[index].participant.pk])
            posted.append((posts[index].participant.person_id, new[client_id]))
    activity_record_many(entries=posted, verb="wall.card_posted", process=wall.meeting.process)
    return results


def _rate_key(participant: WallParticipant) -> str:
    # The token's tail keeps keys apart even where primary keys are reused (tests).
    return f"wall-posts:{participant.pk}:{participant.token[-12:]}"


def _rate_count(key: str) -> None:
    """One more card in the participant's current minute (the window starts at the first)."""
    if cache.add(key, 1, timeout=60):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired in between
        cache.set(key, 1, timeout=60)


@transaction.atomic
def wall_dot_add(*, participant: WallParticipant, card: WallCard) -> WallDot:
    wall = (
        Wall.objects.select_for_update(of=("self",))
        .select_related("meeting__process")
        .get(pk=participant.wall_id)
    )
    _ensure_open(wall)
    if not wall.voting_open:
        raise ValidationError(_("Dot voting is not open."))
    if card.wall_id != wall.pk or card.hidden_at is not None:
        raise ValidationError(_("This card is not on this wall."))
    if WallDot.objects.filter(participant=participant).count() >= wall.dots_per_person:
        raise ValidationError(_("You have used all your dots."))
    dot = WallDot.objects.create(card=card, participant=participant)
    activity_record(
        actor=participant.person, verb="wall.dot_added", target=card, process=wall.meeting.process
    )
    return dot


@transaction.atomic
def wall_dot_remove(*, participant: WallParticipant, card: WallCard) -> bool:
    """Take back one of this participant's dots from the card; False when there was none."""
    wall = (
        Wall.objects.select_for_update(of=("self",))
        .select_related("meeting__process")
        .get(pk=participant.wall_id)
    )
    _ensure_open(wall)
    if not wall.voting_open:
        raise ValidationError(_("Dot voting is not open."))
    dot = WallDot.objects.filter(participant=participant, card=card).order_by("-id").first()
    if dot is None:
        return False
    dot.delete()
    activity_record(
        actor=participant.person, verb="wall.dot_removed", target=card, process=wall.meeting.process
    )
    return True


# --- closing ---------------------------------------------------------------------------------


def guess_language(text: str) -> str:
    """Romanian or Hungarian by their own letters, else the active language."""
    letters = set(text)
    if letters & ROMANIAN_LETTERS and not letters & HUNGARIAN_LETTERS:
        return "ro"
    if letters & HUNGARIAN_LETTERS and not letters & ROMANIAN_LETTERS:
        return "hu"
    codes = [code for code, _name in settings.LANGUAGES]
    active = (translation.get_language() or "").split("-")[0]
    return active if active in codes else settings.LANGUAGE_CODE


def _title_from(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) <= TITLE_LENGTH:
        return flat
    return flat[: TITLE_LENGTH - 1].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"


@transaction.atomic
def wall_close(*, actor, wall: Wall) -> list[Contribution]:
    """Freeze the wall and turn each card into a submitted contribution of the process.

    A signed-in participant's card becomes their own contribution; a guest's keeps the name
    and organisation they gave (the closing facilitator stands in as the account behind it).
    Each carries the card's settlement (the meeting's) and domain (its column's).

    Closing again, or a retry after a failure, makes nothing new: the wall's row is locked
    first, so a second closer waits and then finds the cards already turned into
    contributions (and a card can back one contribution only: `wall_card` is unique).
    """
    process = wall.meeting.process
    rules.can_manage_wall(actor, process).enforce()
    wall = Wall.objects.select_for_update().get(pk=wall.pk)
    now = timezone.now()
    was_open = wall.status == Wall.Status.OPEN
    if was_open:
        wall.status = Wall.Status.CLOSED
        wall.voting_open = False
        wall.timer_ends_at = None
        wall.closed_at = now
        wall.save(update_fields=["status", "voting_open", "timer_ends_at", "closed_at"])
    cards = list(
        wall.cards.filter(contribution__isnull=True, hidden_at__isnull=True)
        .select_related("column", "author")
        .annotate(dot_count=Count("dots"))
        .order_by("position", "id")
    )
    # The meeting's settlement when the card was posted (now, if it had none then); the
    # domain of the card's column.
    meeting_settlement_id = wall.meeting.settlement_id if cards else None
    made: list[Contribution] = []
    places: list[tuple[Contribution, int]] = []
    domains: list[tuple[Contribution, int]] = []
    for card in cards:
        person_id = card.author.person_id if card.author is not None else None
        contribution = Contribution(
            process=process,
            meeting_id=wall.meeting_id,
            wall_card=card,
            kind=card.kind,
            title=_title_from(card.text),
            body=card.text,
            language=guess_language(card.text),
            author_id=person_id or actor.pk,
            is_guest=not person_id,
            guest_name="" if person_id else card.guest_name,
            guest_organisation_name="" if person_id else card.guest_organisation_name,
            entered_by=actor,
            source=Contribution.Source.WALL,
            status=Contribution.Status.SUBMITTED,
            submitted_at=now,
            extra={
                "wall_dots": card.dot_count,
                "wall_column": card.column.title if card.column else "",
            },
        )
        made.append(contribution)
        settlement_id = card.settlement_id or meeting_settlement_id
        if settlement_id:
            places.append((contribution, settlement_id))
        domain_id = card.domain_id or (card.column.domain_id if card.column else None)
        if domain_id:
            domains.append((contribution, domain_id))
    Contribution.objects.bulk_create(made)  # sets each one's primary key
    Contribution.settlements.through.objects.bulk_create(
        Contribution.settlements.through(contribution=c, settlement_id=pk) for c, pk in places
    )
    Contribution.domains.through.objects.bulk_create(
        Contribution.domains.through(contribution=c, taxonomyterm_id=pk) for c, pk in domains
    )
    contributions_reindex(made)
    if was_open or made:
        activity_record(
            actor=actor,
            verb="wall.close",
            target=wall,
            process=process,
            changes={"status": ["open", "closed"], "contributions": len(made)},
        )
    return made
