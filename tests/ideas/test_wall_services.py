"""Writes of the live wall: posting, dots, moving, timer and closing into contributions."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cultiva.core.models import ActivityLog
from cultiva.ideas.models import Contribution, Wall, WallCard, WallDot
from cultiva.ideas.wall import services
from tests.ideas.wall_helpers import guest, open_wall

pytestmark = pytest.mark.django_db


def test_open_makes_columns_and_logs(world):
    wall = open_wall(world, allow_guests=True, dots_per_person=2)
    assert [c.title for c in wall.columns.all()] == ["Ötletek", "Hiányok"]
    assert len(wall.code) == 6
    assert ActivityLog.objects.filter(verb="wall.open", target_id=str(wall.pk)).exists()


@pytest.mark.parametrize("role", ["member", "outsider", "expert"])
def test_only_facilitators_open_walls(world, role):
    from tests.factories import make_meeting

    with pytest.raises(PermissionDenied):
        services.wall_open(actor=world.user(role), meeting=make_meeting(world.process), title="x")


def test_post_is_idempotent_by_client_id(world):
    wall = open_wall(world)
    me = services.wall_participant_join(wall=wall, user=world.member)
    card, created = services.wall_card_post(
        participant=me, kind="idea", text="Tánc", client_id="a1"
    )
    again, created_again = services.wall_card_post(
        participant=me, kind="idea", text="Tánc", client_id="a1"
    )
    assert created and not created_again and again.pk == card.pk
    assert WallCard.objects.filter(wall=wall).count() == 1
    assert card.column == wall.columns.first() and card.author == me


def test_cards_and_dots_are_in_the_activity_log_with_the_person_who_posted(world):
    wall = open_wall(world, dots_per_person=2)
    me = services.wall_participant_join(wall=wall, user=world.member)
    card, _ = services.wall_card_post(participant=me, kind="idea", text="Tánc", client_id="a1")
    services.wall_card_post(participant=me, kind="idea", text="Tánc", client_id="a1")  # resent
    services.wall_voting_set(actor=world.facilitator, wall=wall, voting_open=True)
    services.wall_dot_add(participant=me, card=card)
    services.wall_dot_remove(participant=me, card=card)
    entries = ActivityLog.objects.filter(
        target_id=str(card.pk), process=world.process, verb__regex=r"^wall\.(card|dot)_"
    )
    assert sorted(entries.values_list("verb", "actor")) == [
        ("wall.card_posted", world.member.pk),
        ("wall.dot_added", world.member.pk),
        ("wall.dot_removed", world.member.pk),
    ]


def test_joining_twice_finds_the_same_member(world):
    wall = open_wall(world)
    first = services.wall_participant_join(wall=wall, user=world.member)
    assert services.wall_participant_join(wall=wall, user=world.member) == first


def test_guests_only_when_allowed(world):
    wall = open_wall(world, allow_guests=False)
    with pytest.raises(PermissionDenied):
        guest(wall)
    wall = open_wall(world, allow_guests=True)
    assert guest(wall).guest_organisation == "Ifjúsági Egyesület"


@pytest.mark.parametrize(
    ("kind", "text"), [("idea", ""), ("idea", "   "), ("nonsense", "x"), ("idea", "x" * 501)]
)
def test_bad_cards_are_refused(world, kind, text):
    wall = open_wall(world)
    me = services.wall_participant_join(wall=wall, user=world.member)
    with pytest.raises(ValidationError):
        services.wall_card_post(participant=me, kind=kind, text=text, client_id="c")
    assert not wall.cards.exists()


def test_dots_limit_and_take_back(world):
    wall = open_wall(world, dots_per_person=2)
    me = services.wall_participant_join(wall=wall, user=world.member)
    card, _ = services.wall_card_post(participant=me, kind="need", text="Próbaterem", client_id="1")
    with pytest.raises(ValidationError):  # voting not open yet
        services.wall_dot_add(participant=me, card=card)
    services.wall_voting_set(actor=world.facilitator, wall=wall, voting_open=True)
    services.wall_dot_add(participant=me, card=card)
    services.wall_dot_add(participant=me, card=card)  # several on one card
    with pytest.raises(ValidationError):
        services.wall_dot_add(participant=me, card=card)
    assert services.wall_dot_remove(participant=me, card=card)
    services.wall_dot_add(participant=me, card=card)
    assert WallDot.objects.filter(card=card).count() == 2
    assert ActivityLog.objects.filter(verb="wall.voting_open").exists()


def test_move_rename_timer_are_logged(world):
    wall = open_wall(world)
    me = services.wall_participant_join(wall=wall, user=world.member)
    card, _ = services.wall_card_post(participant=me, kind="idea", text="Fesztivál", client_id="1")
    second = wall.columns.last()
    services.wall_card_move(actor=world.facilitator, wall=wall, card=card, column=second)
    services.wall_column_rename(actor=world.facilitator, wall=wall, column=second, title="Igények")
    services.wall_column_add(actor=world.facilitator, wall=wall, title="Később")
    services.wall_timer_set(actor=world.facilitator, wall=wall, minutes=5)
    card.refresh_from_db()
    wall.refresh_from_db()
    assert card.column == second and wall.timer_ends_at is not None
    verbs = set(ActivityLog.objects.values_list("verb", flat=True))
    assert {"wall.card_move", "wall.column_rename", "wall.column_add", "wall.timer"} <= verbs
    with pytest.raises(PermissionDenied):
        services.wall_card_move(
            actor=world.member, wall=wall, card=card, column=wall.columns.first()
        )
    with pytest.raises(ValidationError):
        services.wall_timer_set(actor=world.facilitator, wall=wall, minutes=999)


def test_close_makes_contributions_with_provenance(world):
    wall = open_wall(world, allow_guests=True)
    me = services.wall_participant_join(wall=wall, user=world.member)
    visitor = guest(wall)
    long_text = "Több próbaterem kellene a fiatal zenekaroknak Csíkszeredában " * 4
    mine, _ = services.wall_card_post(participant=me, kind="need", text=long_text, client_id="1")
    theirs, _ = services.wall_card_post(
        participant=visitor, kind="idea", text="Să facem un festival în Gheorgheni", client_id="2"
    )
    services.wall_voting_set(actor=world.facilitator, wall=wall, voting_open=True)
    services.wall_dot_add(participant=me, card=theirs)
    services.wall_dot_add(participant=visitor, card=theirs)

    made = services.wall_close(actor=world.coordinator, wall=wall)

    assert len(made) == 2
    wall.refresh_from_db()
    assert wall.status == Wall.Status.CLOSED and not wall.voting_open and wall.closed_at
    from_member = Contribution.objects.get(wall_card=mine)
    assert from_member.author == world.member and from_member.entered_by == world.coordinator
    assert from_member.source == Contribution.Source.WALL
    assert from_member.status == Contribution.Status.SUBMITTED
    assert from_member.meeting == wall.meeting and from_member.process == world.process
    assert len(from_member.title) <= 120 and from_member.body == long_text.strip()
    assert from_member.extra == {"wall_dots": 0, "wall_column": "Ötletek"}
    from_guest = Contribution.objects.get(wall_card=theirs)
    assert from_guest.author == world.coordinator
    assert from_guest.language == "ro" and from_guest.kind == "idea"
    assert from_guest.extra["wall_dots"] == 2
    assert from_guest.guest_name == "Kovács Anna"
    assert from_guest.guest_organisation_name == "Ifjúsági Egyesület"
    assert from_guest.body == "Să facem un festival în Gheorgheni"
    from_member.refresh_from_db()
    assert "probaterem" in from_member.search_document  # searchable at once, accents folded
    assert ActivityLog.objects.filter(verb="wall.close", target_id=str(wall.pk)).count() == 1

    # Closing again makes nothing new.
    assert services.wall_close(actor=world.coordinator, wall=wall) == []
    assert Contribution.objects.filter(wall_card__wall=wall).count() == 2


def test_closed_wall_refuses_changes(world):
    wall = open_wall(world)
    me = services.wall_participant_join(wall=wall, user=world.member)
    card, _ = services.wall_card_post(participant=me, kind="idea", text="Mozi", client_id="1")
    services.wall_close(actor=world.facilitator, wall=wall)
    wall.refresh_from_db()
    with pytest.raises(ValidationError):
        services.wall_card_post(participant=me, kind="idea", text="Új", client_id="2")
    with pytest.raises(ValidationError):
        services.wall_card_move(
            actor=world.facilitator, wall=wall, card=card, column=wall.columns.last()
        )
    with pytest.raises(ValidationError):
        services.wall_voting_set(actor=world.facilitator, wall=wall, voting_open=True)
    with pytest.raises(ValidationError):
        services.wall_dot_add(participant=me, card=card)
    with pytest.raises(PermissionDenied):
        services.wall_participant_join(wall=wall, user=world.outsider)


def test_only_staff_close(world):
    wall = open_wall(world)
    with pytest.raises(PermissionDenied):
        services.wall_close(actor=world.member, wall=wall)


def test_language_guess():
    assert services.guess_language("Ötlet: több ünnep, kevesebb idő") == "hu"
    assert services.guess_language("Ne trebuie o sală de repetiții") == "ro"


def test_many_posts_in_one_write_each_get_their_answer(world):
    """The consumers write a burst of posts together; each post is answered on its own."""
    from django.core.cache import cache

    wall = open_wall(world, allow_guests=True)
    anna, bela = guest(wall), guest(wall, name="Szabó Béla")
    services.wall_card_post(participant=anna, kind="idea", text="Régi", client_id="old")
    cache.set(services._rate_key(bela), services.POSTS_PER_MINUTE, 60)  # Béla used his minute

    def post(who, text, client_id, kind="idea"):
        return services.CardPost(participant=who, kind=kind, text=text, client_id=client_id)

    results = services.wall_cards_post(
        wall_id=wall.pk,
        posts=[
            post(anna, "Első", "n1"),
            post(anna, "", "empty"),
            post(anna, "Régi", "old"),  # a resend of a saved card
            post(anna, "Második", "n2", kind="need"),
            post(anna, "Második", "n2", kind="need"),  # the same card twice in the batch
            post(bela, "Béla", "b1"),
            post(anna, "Rossz fajta", "k", kind="bogus"),
        ],
    )
    first, empty, old, second, twice, limited, bogus = results
    assert first.created and first.card.text == "Első"
    assert empty.error is not None and empty.card is None
    assert not old.created and old.card.text == "Régi"
    assert second.created and second.card.kind == "need"
    assert not twice.created and twice.card.pk == second.card.pk
    assert limited.error is not None and not limited.created
    assert bogus.error is not None
    texts = list(WallCard.objects.filter(wall=wall).values_list("text", flat=True))
    assert texts == ["Régi", "Első", "Második"]  # in posting order, by position
    # Cards of a batch land in the first column, after the cards already there.
    cards = WallCard.objects.filter(wall=wall).order_by("position")
    assert len({card.position for card in cards}) == 3
    assert {card.column_id for card in cards} == {wall.columns.order_by("position").first().pk}


def test_a_batch_of_posts_costs_the_queries_of_one(world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    wall = open_wall(world, allow_guests=True)
    people = [guest(wall, name=f"Vendég {i}") for i in range(30)]

    def batch(prefix, who):
        return [
            services.CardPost(participant=p, kind="idea", text="x", client_id=f"{prefix}{i}")
            for i, p in enumerate(who)
        ]

    with CaptureQueriesContext(connection) as one:
        services.wall_cards_post(wall_id=wall.pk, posts=batch("a", people[:1]))
    with django_assert_max_num_queries(len(one.captured_queries)):
        results = services.wall_cards_post(wall_id=wall.pk, posts=batch("b", people))
    assert all(r.created for r in results)
    assert WallCard.objects.filter(wall=wall).count() == 31
