"""Moderation while the wall is open: hide, restore and delete cards, delete and reorder
columns, and the per-participant posting limit. Services and the pages without JavaScript."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext

from cultiva.core.models import ActivityLog
from cultiva.ideas.models import Contribution, WallCard, WallColumn, WallDot
from cultiva.ideas.wall import selectors, services
from tests.ideas.wall_helpers import guest, open_wall

pytestmark = pytest.mark.django_db

ROLES = ["outsider", "member", "expert", "decision_maker", "facilitator", "coordinator"]
STAFF = {"facilitator", "coordinator"}


@pytest.fixture
def board(world):
    wall = open_wall(world, allow_guests=True, dots_per_person=3)
    me = services.wall_participant_join(wall=wall, user=world.member)
    cards = [
        services.wall_card_post(participant=me, kind="idea", text=text, client_id=str(i))[0]
        for i, text in enumerate(["Tánc", "Csúnya szó", "Könyvtár"])
    ]
    return wall, me, cards


def logged(verb, wall) -> ActivityLog | None:
    return ActivityLog.objects.filter(verb=verb, target_id=str(wall.pk)).last()


def test_hide_takes_the_card_off_every_screen_and_restore_brings_it_back(world, board):
    wall, me, (first, rude, third) = board
    services.wall_card_hide(actor=world.facilitator, wall=wall, card=rude)
    rude.refresh_from_db()
    assert rude.hidden_at is not None and rude.hidden_by == world.facilitator
    log = logged("wall.card_hide", wall)
    assert log.actor == world.facilitator and log.changes["card"] == rude.pk

    public = selectors.wall_state(wall)
    assert [c["text"] for c in public["cards"]] == ["Tánc", "Könyvtár"]
    assert "hidden" not in public  # the phones never get the hidden text
    staff = selectors.wall_state(wall, manager=True)
    assert [c["id"] for c in staff["hidden"]] == [rude.pk]
    assert [c.pk for c in selectors.wall_cards(wall)] == [first.pk, third.pk]

    # Nobody can put a dot on a hidden card.
    services.wall_voting_set(actor=world.facilitator, wall=wall, voting_open=True)
    with pytest.raises(ValidationError):
        services.wall_dot_add(participant=me, card=rude)

    services.wall_card_restore(actor=world.facilitator, wall=wall, card=rude)
    rude.refresh_from_db()
    assert rude.hidden_at is None and rude.hidden_by is None
    assert logged("wall.card_restore", wall).changes["card"] == rude.pk
    assert len(selectors.wall_state(wall)["cards"]) == 3


def test_closing_does_not_turn_hidden_cards_into_contributions(world, board):
    wall, _me, (first, rude, third) = board
    services.wall_card_hide(actor=world.facilitator, wall=wall, card=rude)
    made = services.wall_close(actor=world.facilitator, wall=wall)
    assert sorted(c.wall_card_id for c in made) == [first.pk, third.pk]
    assert not Contribution.objects.filter(wall_card=rude).exists()
    # Closing again still makes nothing of it.
    assert services.wall_close(actor=world.facilitator, wall=wall) == []


def test_delete_card_removes_it_and_its_dots_and_logs_the_text(world, board):
    wall, me, (first, rude, _third) = board
    services.wall_voting_set(actor=world.facilitator, wall=wall, voting_open=True)
    services.wall_dot_add(participant=me, card=rude)
    card_id = services.wall_card_delete(actor=world.facilitator, wall=wall, card=rude)
    assert not WallCard.objects.filter(pk=card_id).exists()
    assert not WallDot.objects.filter(card_id=card_id).exists()
    log = logged("wall.card_delete", wall)
    assert log.changes["card"] == card_id and log.changes["text"] == "Csúnya szó"


def test_delete_column_keeps_its_cards_without_a_column(world, board):
    wall, _me, cards = board
    first_column, second = wall.columns.order_by("position")
    moved = services.wall_column_delete(actor=world.facilitator, wall=wall, column=first_column)
    assert moved == 3
    assert not WallColumn.objects.filter(pk=first_column.pk).exists()
    assert set(WallCard.objects.filter(wall=wall).values_list("column", flat=True)) == {None}
    assert logged("wall.column_delete", wall).changes["cards"] == 3
    state = selectors.wall_state(wall)
    assert [c["id"] for c in state["columns"]] == [second.pk]
    assert {c["column"] for c in state["cards"]} == {None}
    # A card posted now lands in the remaining column; closing keeps cards without one.
    me = services.wall_participant_join(wall=wall, user=world.member)
    new, _ = services.wall_card_post(participant=me, kind="need", text="Terem", client_id="n")
    assert new.column_id == second.pk
    made = services.wall_close(actor=world.facilitator, wall=wall)
    assert len(made) == 4
    assert {c.extra["wall_column"] for c in made} == {"", second.title}


def test_columns_move_left_and_right(world, board):
    wall, _me, _cards = board
    services.wall_column_add(actor=world.facilitator, wall=wall, title="Harmadik")
    a, b, c = wall.columns.order_by("position", "id")

    def order():
        return list(wall.columns.order_by("position", "id").values_list("pk", flat=True))

    services.wall_column_move(actor=world.facilitator, wall=wall, column=c, step=-1)
    assert order() == [a.pk, c.pk, b.pk]
    assert logged("wall.column_move", wall).changes == {"column": c.pk, "position": [2, 1]}
    services.wall_column_move(actor=world.facilitator, wall=wall, column=a, step=1)
    assert order() == [c.pk, a.pk, b.pk]
    # At the edge nothing moves and nothing is logged.
    count = ActivityLog.objects.filter(verb="wall.column_move").count()
    services.wall_column_move(actor=world.facilitator, wall=wall, column=c, step=-1)
    assert order() == [c.pk, a.pk, b.pk]
    assert ActivityLog.objects.filter(verb="wall.column_move").count() == count
    with pytest.raises(ValidationError):
        services.wall_column_move(actor=world.facilitator, wall=wall, column=c, step=5)
    assert [col["id"] for col in selectors.wall_state(wall)["columns"]] == order()


@pytest.mark.parametrize("role", ROLES)
def test_only_facilitators_moderate(world, board, role):
    wall, _me, (first, rude, _third) = board
    actor = world.user(role)
    column = wall.columns.first()
    actions = [
        lambda: services.wall_card_hide(actor=actor, wall=wall, card=rude),
        lambda: services.wall_card_restore(actor=actor, wall=wall, card=rude),
        lambda: services.wall_column_move(actor=actor, wall=wall, column=column, step=1),
        lambda: services.wall_card_delete(actor=actor, wall=wall, card=first),
        lambda: services.wall_column_delete(actor=actor, wall=wall, column=column),
    ]
    if role in STAFF:
        for action in actions:
            action()
        assert not WallCard.objects.filter(pk=first.pk).exists()
    else:
        for action in actions:
            with pytest.raises(PermissionDenied):
                action()
        assert WallCard.objects.filter(wall=wall, hidden_at__isnull=True).count() == 3
        assert wall.columns.count() == 2


def test_moderation_needs_an_open_wall_and_a_card_of_this_wall(world, board):
    wall, _me, (first, _rude, _third) = board
    other = open_wall(world)
    with pytest.raises(ValidationError):
        services.wall_card_hide(actor=world.facilitator, wall=other, card=first)
    with pytest.raises(ValidationError):
        services.wall_column_delete(
            actor=world.facilitator, wall=other, column=wall.columns.first()
        )
    services.wall_close(actor=world.facilitator, wall=wall)
    wall.refresh_from_db()
    with pytest.raises(ValidationError):
        services.wall_card_hide(actor=world.facilitator, wall=wall, card=first)
    with pytest.raises(ValidationError):
        services.wall_card_delete(actor=world.facilitator, wall=wall, card=first)


def test_posting_is_limited_per_participant_and_minute(world):
    wall = open_wall(world, allow_guests=True)
    anna = guest(wall)
    for i in range(services.POSTS_PER_MINUTE):
        services.wall_card_post(participant=anna, kind="idea", text=f"Ötlet {i}", client_id=f"a{i}")
    with pytest.raises(ValidationError) as refused:
        services.wall_card_post(participant=anna, kind="idea", text="Még egy", client_id="over")
    expected = gettext(
        "You have posted %(count)s cards within a minute. Please wait a little, "
        "then send this card again."
    ) % {"count": services.POSTS_PER_MINUTE}
    assert refused.value.messages == [expected]
    assert WallCard.objects.filter(wall=wall).count() == services.POSTS_PER_MINUTE
    # A resend of a card already saved is no new card: still answered.
    again, created = services.wall_card_post(
        participant=anna, kind="idea", text="Ötlet 0", client_id="a0"
    )
    assert again.text == "Ötlet 0" and not created
    # Somebody else may still post.
    bela = guest(wall, name="Szabó Béla")
    services.wall_card_post(participant=bela, kind="idea", text="Béla ötlete", client_id="b1")
    # A minute later (the cache entry expired) Anna may post again.
    cache.delete(services._rate_key(anna))
    card, created = services.wall_card_post(
        participant=anna, kind="idea", text="Még egy", client_id="over"
    )
    assert created


# --- the pages, without JavaScript -------------------------------------------------------------


def control(client, wall, action, data):
    return client.post(reverse("ideas:wall_control", args=[wall.pk, action]), data)


def test_hide_restore_and_delete_through_the_projector_forms(client, world, board):
    wall, _me, (first, rude, _third) = board
    client.force_login(world.facilitator)
    assert control(client, wall, "hide", {"card": rude.pk}).status_code == 302
    projector = client.get(reverse("ideas:wall_projector", args=[wall.pk])).content.decode()
    assert 'id="wall-hidden"' in projector and "Csúnya szó" in projector
    assert reverse("ideas:wall_control", args=[wall.pk, "restore"]) in projector

    client.force_login(world.member)
    phone = client.get(reverse("ideas:wall_join", args=[wall.code])).content.decode()
    assert "Csúnya szó" not in phone and "Tánc" in phone
    state = client.get(reverse("ideas:wall_state", args=[wall.code])).json()
    assert "Csúnya szó" not in str(state) and "hidden" not in state
    # A member cannot restore it (or do anything else of the facilitators).
    assert control(client, wall, "restore", {"card": rude.pk}).status_code == 403
    assert control(client, wall, "delete", {"card": first.pk}).status_code == 403

    client.force_login(world.facilitator)
    control(client, wall, "restore", {"card": rude.pk})
    rude.refresh_from_db()
    assert rude.hidden_at is None
    control(client, wall, "delete", {"card": first.pk})
    assert not WallCard.objects.filter(pk=first.pk).exists()
    # Bad input: a message, no error page, nothing changed.
    assert control(client, wall, "hide", {"card": "x"}).status_code == 302
    assert control(client, wall, "column_move", {"column": "999999"}).status_code == 302


def test_column_forms_delete_and_move(client, world, board):
    wall, _me, _cards = board
    client.force_login(world.facilitator)
    a, b = wall.columns.order_by("position")
    control(client, wall, "column_move", {"column": b.pk, "step": "-1"})
    assert list(wall.columns.order_by("position").values_list("pk", flat=True)) == [b.pk, a.pk]
    control(client, wall, "column_delete", {"column": a.pk})
    assert list(wall.columns.values_list("pk", flat=True)) == [b.pk]
    page = client.get(reverse("ideas:wall_projector", args=[wall.pk])).content.decode()
    assert 'data-column="none"' in page and "Könyvtár" in page


def test_rate_limit_over_http_keeps_the_text(client, world):
    wall = open_wall(world)
    client.force_login(world.member)
    client.get(reverse("ideas:wall_join", args=[wall.code]))
    url = reverse("ideas:wall_post", args=[wall.code])
    for i in range(services.POSTS_PER_MINUTE):
        assert (
            client.post(url, {"kind": "idea", "text": f"k{i}", "client_id": f"c{i}"}).status_code
            == 302
        )
    response = client.post(url, {"kind": "idea", "text": "Megmaradó szöveg", "client_id": "over"})
    assert response.status_code == 400
    assert "Megmaradó szöveg" in response.content.decode()
    assert WallCard.objects.filter(wall=wall).count() == services.POSTS_PER_MINUTE
