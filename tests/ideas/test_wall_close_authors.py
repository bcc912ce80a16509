"""Closing a wall: each card becomes its author's contribution, a guest's keeps the name and
organisation they gave, cards carry the meeting's settlement and their column's domain, and
closing again (or twice at once) makes nothing twice."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.urls import reverse
from django.utils import translation

from cultiva.accounts.services import person_erase
from cultiva.core.models import ActivityLog
from cultiva.ideas.models import Contribution, WallCard, WallParticipant
from cultiva.ideas.wall import services
from tests.factories import make_meeting, make_settlement, make_term, make_user
from tests.ideas.wall_helpers import guest, open_wall

pytestmark = pytest.mark.django_db


def _post(participant, text, client_id):
    card, _created = services.wall_card_post(
        participant=participant, kind="idea", text=text, client_id=client_id
    )
    return card


def _fact(page: str, label: str) -> str:
    """The value after a label of a page's facts list (labels in Hungarian, as served)."""
    with translation.override("hu"):
        start = page.index(f"<dt>{translation.gettext(label)}</dt><dd>")
    return page[start : page.index("</dd>", start)]


def test_a_signed_in_members_card_becomes_their_own_contribution(client, world):
    wall = open_wall(world)
    me = services.wall_participant_join(wall=wall, user=world.member)
    card = _post(me, "Nyári tánctábor a gyerekeknek", "m1")

    [made] = services.wall_close(actor=world.facilitator, wall=wall)

    assert made.author == world.member and not made.is_guest and made.guest_name == ""
    assert made.entered_by == world.facilitator
    assert made.source == Contribution.Source.WALL and made.meeting == wall.meeting
    assert made.wall_card == card
    # The member finds it on their own page; the facilitator who closed the wall does not.
    client.force_login(world.member)
    assert "Nyári tánctábor a gyerekeknek" in client.get(reverse("core:dashboard")).text
    client.force_login(world.facilitator)
    assert "Nyári tánctábor a gyerekeknek" not in client.get(reverse("core:dashboard")).text
    # The contribution names the member and links back to the card on the wall …
    page = client.get(reverse("ideas:detail", args=[made.pk])).text
    assert world.member.public_name in page
    assert reverse("ideas:wall_join", args=[wall.code]) + f"#card-{card.pk}" in page
    # … and the closed wall's card links to the contribution.
    wall_page = client.get(reverse("ideas:wall_join", args=[wall.code])).text
    assert reverse("ideas:detail", args=[made.pk]) in wall_page
    projector = client.get(reverse("ideas:wall_projector", args=[wall.pk])).text
    assert reverse("ideas:detail", args=[made.pk]) in projector


def test_a_guests_card_keeps_the_name_and_organisation_they_gave(client, world):
    wall = open_wall(world, allow_guests=True)
    visitor = guest(wall, name="Kovács Anna", organisation="Ifjúsági Egyesület")
    card = _post(visitor, "Közösségi kert a Szék utcában", "g1")
    assert (card.guest_name, card.guest_organisation_name) == (
        "Kovács Anna",
        "Ifjúsági Egyesület",
    )

    [made] = services.wall_close(actor=world.facilitator, wall=wall)

    assert made.is_guest
    assert made.guest_name == "Kovács Anna"
    assert made.guest_organisation_name == "Ifjúsági Egyesület"
    assert made.body == "Közösségi kert a Szék utcában"  # the text is the card's, unsigned
    assert made.proposer_name == "Kovács Anna"
    # On the closing facilitator's account, but not his: not on his page, not in his data.
    client.force_login(world.facilitator)
    assert "Közösségi kert" not in client.get(reverse("core:dashboard")).text
    # Everyone who may read it sees the guest's name and organisation, and no address.
    client.force_login(world.member)
    page = client.get(reverse("ideas:detail", args=[made.pk])).text
    assert "Kovács Anna" in page and "Ifjúsági Egyesület" in page
    assert world.facilitator.email not in page
    proposer = _fact(page, "Proposer")
    assert "Kovács Anna" in proposer and world.facilitator.public_name not in proposer
    listing = client.get(reverse("ideas:list", args=[world.process.slug])).text
    assert "Kovács Anna" in listing and world.facilitator.public_name not in listing


def test_the_guest_form_asks_for_name_and_organisation_in_the_readers_language(client, world):
    wall = open_wall(world, allow_guests=True)
    url = reverse("ideas:wall_join", args=[wall.code])
    for language, name_label, organisation_label in [
        ("hu", "Az Ön neve", "Szervezet"),
        ("ro", "Numele dumneavoastră", "Organizație"),
        ("en", "Your name", "Organisation"),
    ]:
        with translation.override(language):
            page = client.get(url, headers={"accept-language": language}).text
        assert name_label in page and organisation_label in page, language
    response = client.post(url, {"name": "Szabó Béla", "organisation": ""})
    assert response.status_code == 302
    assert WallParticipant.objects.get(wall=wall, guest_name="Szabó Béla").guest_organisation == ""


def test_cards_carry_the_meetings_settlement_and_their_columns_domain(client, world):
    settlement = make_settlement("Gyergyószentmiklós", "Gheorgheni")
    music, heritage = make_term(slug="music"), make_term(slug="heritage")
    wall = services.wall_open(
        actor=world.facilitator,
        meeting=make_meeting(world.process, settlement=settlement),
        title="Mit tegyünk?",
        columns=["Zene", "Örökség", "Egyéb"],
        allow_guests=True,
    )
    first, second, third = wall.columns.order_by("position")
    client.force_login(world.facilitator)
    control = reverse("ideas:wall_control", args=[wall.pk, "column_rename"])
    # The editor on the projector page offers the domains for each column.
    projector = client.get(reverse("ideas:wall_projector", args=[wall.pk])).text
    assert f'id="domain-{first.pk}"' in projector and str(music) in projector
    client.post(control, {"column": first.pk, "title": first.title, "domain": music.pk})
    client.post(control, {"column": second.pk, "title": "Épített örökség", "domain": heritage.pk})
    first.refresh_from_db(), second.refresh_from_db()
    assert first.domain == music and second.domain == heritage
    assert second.title == "Épített örökség"
    assert ActivityLog.objects.filter(verb="wall.column_domain").count() == 2
    # A value that is no domain is refused with a message; nothing changes.
    target = make_term("target_group", slug="youth")
    response = client.post(
        control, {"column": third.pk, "title": third.title, "domain": target.pk}, follow=True
    )
    assert response.status_code == 200
    third.refresh_from_db()
    assert third.domain is None

    member = services.wall_participant_join(wall=wall, user=world.member)
    concert = _post(member, "Koncert a templomkertben", "c1")
    assert concert.domain == music and concert.settlement == settlement
    visitor = guest(wall)
    mill = _post(visitor, "A régi malom felújítása", "c2")
    services.wall_card_move(actor=world.facilitator, wall=wall, card=mill, column=second)
    loose = _post(visitor, "Több buszjárat", "c3")
    services.wall_card_move(actor=world.facilitator, wall=wall, card=loose, column=third)

    services.wall_close(actor=world.facilitator, wall=wall)

    def made_from(card):
        return Contribution.objects.get(wall_card=card)

    assert list(made_from(concert).domains.all()) == [music]
    assert list(made_from(mill).domains.all()) == [heritage]
    assert not made_from(loose).domains.exists()
    for card in (concert, mill, loose):
        assert list(made_from(card).settlements.all()) == [settlement]
    page = client.get(reverse("ideas:detail", args=[made_from(mill).pk])).text
    assert str(heritage) in page and "Gyergyószentmiklós" in page


def test_a_later_columns_domain_reaches_the_cards_already_in_it(world):
    wall = open_wall(world)
    heritage = make_term(slug="heritage")
    me = services.wall_participant_join(wall=wall, user=world.member)
    card = _post(me, "Tájház", "t1")
    services.wall_column_domain_set(
        actor=world.facilitator, wall=wall, column=card.column, domain=heritage
    )
    card.refresh_from_db()
    assert card.domain == heritage
    [made] = services.wall_close(actor=world.facilitator, wall=wall)
    assert list(made.domains.all()) == [heritage]
    assert not made.settlements.exists()  # the meeting has no settlement


def test_closing_twice_or_retrying_makes_nothing_twice(client, world):
    wall = open_wall(world, allow_guests=True)
    _post(services.wall_participant_join(wall=wall, user=world.member), "Egy", "1")
    _post(guest(wall), "Kettő", "2")
    assert len(services.wall_close(actor=world.facilitator, wall=wall)) == 2
    assert services.wall_close(actor=world.facilitator, wall=wall) == []
    client.force_login(world.coordinator)
    response = client.post(reverse("ideas:wall_control", args=[wall.pk, "close"]))
    assert response.status_code == 302
    assert Contribution.objects.filter(wall_card__wall=wall).count() == 2
    assert ActivityLog.objects.filter(verb="wall.close", target_id=str(wall.pk)).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks between connections: PostgreSQL"
)
def test_two_facilitators_closing_at_once_make_each_contribution_once():
    from tests.factories import make_world

    world = make_world()
    wall = open_wall(world, allow_guests=True)
    for i in range(20):
        _post(guest(wall, name=f"Vendég {i}"), f"Kártya {i}", str(i))
    barrier = threading.Barrier(2)
    made: list[int] = []
    errors: list[BaseException] = []

    def close(actor):
        try:
            barrier.wait(timeout=10)
            made.append(len(services.wall_close(actor=actor, wall=wall)))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=close, args=(actor,))
        for actor in (world.facilitator, world.coordinator)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert sorted(made) == [0, 20]
    assert Contribution.objects.filter(wall_card__wall=wall).count() == 20


def test_erasing_a_person_takes_their_name_off_the_wall_where_they_were_a_guest(client, world):
    anna = make_user("anna@example.org", full_name="Kovács Anna")
    wall = open_wall(world, allow_guests=True)
    as_guest = guest(wall, name="kovács  anna", organisation="Ifjúsági Egyesület")
    other = guest(wall, name="Szabó Béla", organisation="Színjátszó Kör")
    _post(as_guest, "Ifjúsági klub", "a1")
    _post(other, "Színházi fesztivál", "b1")
    mine = _post(services.wall_participant_join(wall=wall, user=world.member), "Könyvtár", "m1")
    services.wall_close(actor=world.facilitator, wall=wall)

    person_erase(person=anna, actor=anna)
    person_erase(person=world.member, actor=world.member)

    as_guest.refresh_from_db()
    assert (as_guest.guest_name, as_guest.guest_organisation) == ("", "")
    assert not WallCard.objects.filter(guest_name__icontains="Kovács").exists()
    erased = Contribution.objects.get(wall_card__text="Ifjúsági klub")
    assert erased.is_guest and erased.guest_name == erased.guest_organisation_name == ""
    assert erased.body == "Ifjúsági klub"  # what was said stays
    kept = Contribution.objects.get(wall_card__text="Színházi fesztivál")
    assert (kept.guest_name, kept.guest_organisation_name) == ("Szabó Béla", "Színjátszó Kör")
    # The member's own card stays theirs, named as an erased account everywhere.
    own = Contribution.objects.get(wall_card=mine)
    assert own.author == world.member
    client.force_login(world.coordinator)
    page = client.get(reverse("ideas:detail", args=[erased.pk])).text
    assert "Kovács" not in page and "Ifjúsági Egyesület" not in page
    with translation.override("hu"):
        former = str(translation.gettext("former participant"))
    assert former in page
    assert "Könyvtár" in client.get(reverse("ideas:detail", args=[own.pk])).text
