"""Pages of the live wall: who may open and run it, joining from a phone, the fallbacks."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from cultiva.core.models import ActivityLog
from cultiva.ideas.models import Contribution, Wall, WallCard, WallParticipant
from cultiva.ideas.wall import services
from cultiva.ideas.wall.consumers import token_cookie_name
from tests.factories import make_meeting
from tests.ideas.wall_helpers import guest, open_wall

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "member", "facilitator", "coordinator"]
STAFF = {"facilitator", "coordinator"}


def denied(role) -> int:
    """Anonymous people are sent to log in; others get 403."""
    return 302 if role == "anonymous" else 403


def login(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))


@pytest.mark.parametrize("role", ROLES)
def test_open_page_permissions(client, world, role):
    meeting = make_meeting(world.process)
    login(client, world, role)
    url = reverse("ideas:wall_open", args=[world.process.slug, meeting.pk])
    response = client.get(url)
    assert response.status_code == (200 if role in STAFF else denied(role))
    response = client.post(url, {"title": "Mi hiányzik?", "dots_per_person": 3, "columns": "A\nB"})
    if role in STAFF:
        wall = Wall.objects.get(meeting=meeting)
        assert response.status_code == 302
        assert response["Location"] == reverse("ideas:wall_projector", args=[wall.pk])
        assert [c.title for c in wall.columns.all()] == ["A", "B"]
    else:
        assert response.status_code == denied(role) and not Wall.objects.exists()


def test_open_form_bad_input_keeps_what_was_typed(client, world):
    meeting = make_meeting(world.process)
    client.force_login(world.facilitator)
    url = reverse("ideas:wall_open", args=[world.process.slug, meeting.pk])
    response = client.post(url, {"title": "Kérdés", "dots_per_person": "sok", "columns": "A"})
    assert response.status_code == 200 and not Wall.objects.exists()
    assert "Kérdés" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_projector_and_controls_permissions(client, world, role):
    wall = open_wall(world)
    login(client, world, role)
    response = client.get(reverse("ideas:wall_projector", args=[wall.pk]))
    assert response.status_code == (200 if role in STAFF else denied(role))
    response = client.post(
        reverse("ideas:wall_control", args=[wall.pk, "column_add"]), {"title": "Új oszlop"}
    )
    assert response.status_code == (302 if role in STAFF else denied(role))
    assert wall.columns.filter(title="Új oszlop").exists() == (role in STAFF)


def test_projector_shows_code_qr_and_cards(client, world):
    wall = open_wall(world)
    me = services.wall_participant_join(wall=wall, user=world.member)
    services.wall_card_post(participant=me, kind="idea", text="Kézműves tábor", client_id="1")
    client.force_login(world.facilitator)
    page = client.get(reverse("ideas:wall_projector", args=[wall.pk])).content.decode()
    assert wall.code in page and "<svg" in page and f"/w/{wall.code}/" in page
    assert "Kézműves tábor" in page and 'draggable="true"' in page


def test_controls_move_timer_voting_close(client, world):
    wall = open_wall(world)
    me = services.wall_participant_join(wall=wall, user=world.member)
    card, _ = services.wall_card_post(participant=me, kind="idea", text="Tárlat", client_id="1")
    second = wall.columns.last()
    client.force_login(world.facilitator)

    def control(action, data):
        return client.post(reverse("ideas:wall_control", args=[wall.pk, action]), data)

    control("move", {"card": card.pk, "column": second.pk})
    control("column_rename", {"column": second.pk, "title": "Igények"})
    control("timer", {"minutes": 7})
    control("voting", {"open": "1"})
    card.refresh_from_db()
    second.refresh_from_db()
    wall.refresh_from_db()
    assert card.column == second and second.title == "Igények"
    assert wall.timer_ends_at and wall.voting_open
    control("timer", {"minutes": 0})
    wall.refresh_from_db()
    assert wall.timer_ends_at is None
    # Bad input: a clear message, nothing changed, no error page.
    assert control("move", {"card": "x", "column": second.pk}).status_code == 302
    assert control("timer", {"minutes": -3}).status_code == 302
    assert control("nonsense", {}).status_code == 404
    response = control("close", {})
    assert response.status_code == 302
    assert Contribution.objects.filter(wall_card=card, source="wall").exists()
    assert ActivityLog.objects.filter(verb="wall.close").count() == 1
    page = client.get(reverse("ideas:wall_projector", args=[wall.pk]))
    assert page.status_code == 200


def test_member_joins_directly_and_posts_without_javascript(client, world):
    wall = open_wall(world)
    client.force_login(world.member)
    response = client.get(reverse("ideas:wall_join", args=[wall.code]))
    assert response.status_code == 200
    participant = WallParticipant.objects.get(wall=wall, person=world.member)
    assert response.cookies[token_cookie_name(wall.code)].value == participant.token
    data = {"kind": "need", "text": "Könyvtár hétvégén", "client_id": "form-1"}
    url = reverse("ideas:wall_post", args=[wall.code])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # double submit: still one card
    assert WallCard.objects.get(wall=wall).author == participant


def test_post_bad_input_keeps_the_text(client, world):
    wall = open_wall(world)
    client.force_login(world.member)
    client.get(reverse("ideas:wall_join", args=[wall.code]))
    url = reverse("ideas:wall_post", args=[wall.code])
    response = client.post(url, {"kind": "bogus", "text": "Megtartandó szöveg", "client_id": "1"})
    assert response.status_code == 400 and "Megtartandó szöveg" in response.content.decode()
    assert not WallCard.objects.exists()


def test_anonymous_needs_login_when_guests_are_not_allowed(client, world):
    wall = open_wall(world, allow_guests=False)
    response = client.get(reverse("ideas:wall_join", args=[wall.code]))
    assert response.status_code == 302 and "login" in response["Location"]
    response = client.post(reverse("ideas:wall_post", args=[wall.code]), {"text": "x"})
    assert response.status_code == 302 and not WallCard.objects.exists()


def test_guest_joins_with_name_and_resumes_with_the_cookie(client, world):
    wall = open_wall(world, allow_guests=True)
    url = reverse("ideas:wall_join", args=[wall.code])
    assert client.get(url).status_code == 200  # the name form
    assert client.post(url, {"name": " ", "organisation": ""}).status_code == 200
    assert not WallParticipant.objects.exists()
    response = client.post(url, {"name": "Kovács Anna", "organisation": "Egyesület"})
    assert response.status_code == 302
    visitor = WallParticipant.objects.get(wall=wall)
    assert visitor.guest_name == "Kovács Anna"
    page = client.get(url)
    assert page.status_code == 200 and page.context["participant"] == visitor
    client.post(
        reverse("ideas:wall_post", args=[wall.code]),
        {"kind": "idea", "text": "Néptánc", "client_id": "g1"},
    )
    assert WallCard.objects.get().author == visitor


def test_dots_over_http(client, world):
    wall = open_wall(world, dots_per_person=1)
    visitor_wall_member = services.wall_participant_join(wall=wall, user=world.member)
    card, _ = services.wall_card_post(
        participant=visitor_wall_member, kind="idea", text="Mozi", client_id="1"
    )
    services.wall_voting_set(actor=world.facilitator, wall=wall, voting_open=True)
    client.force_login(world.member)
    url = reverse("ideas:wall_dot", args=[wall.code])
    client.post(url, {"card": card.pk})
    client.post(url, {"card": card.pk})  # over the limit: refused with a message
    assert card.dots.count() == 1
    client.post(url, {"card": card.pk, "action": "remove"})
    assert card.dots.count() == 0
    assert client.post(url, {"card": "nope"}).status_code == 302


def test_dot_buttons_name_their_card(client, world):
    """Every card has an "Add a dot" button: its accessible name says which card it is for."""
    wall = open_wall(world, dots_per_person=2)
    joined = services.wall_participant_join(wall=wall, user=world.member)
    card, _ = services.wall_card_post(participant=joined, kind="idea", text="Mozi", client_id="1")
    services.wall_voting_set(actor=world.facilitator, wall=wall, voting_open=True)
    services.wall_dot_add(participant=joined, card=card)
    client.force_login(world.member)
    page = client.get(reverse("ideas:wall_join", args=[wall.code])).content.decode()
    assert f'aria-label="{gettext("Add a dot")}: Mozi"' in page
    assert f'aria-label="{gettext("Take back a dot")}: Mozi"' in page


def test_state_json_only_for_participants_and_staff(client, world):
    wall = open_wall(world, allow_guests=True)
    url = reverse("ideas:wall_state", args=[wall.code])
    assert client.get(url).status_code == 404
    client.force_login(world.facilitator)
    assert client.get(url).json()["wall"]["id"] == wall.pk


def test_unknown_or_malformed_codes(client, world):
    assert client.get(reverse("ideas:wall_join", args=["NOPE42"])).status_code == 404
    assert client.get("/w/%3Cscript%3E/").status_code == 404


def test_closed_wall_page_shows_cards_without_form(client, world):
    wall = open_wall(world, allow_guests=True)
    visitor = guest(wall)
    services.wall_card_post(participant=visitor, kind="idea", text="Zárt kártya", client_id="1")
    services.wall_close(actor=world.facilitator, wall=wall)
    client.force_login(world.outsider)
    page = client.get(reverse("ideas:wall_join", args=[wall.code]))
    assert page.status_code == 200
    assert "Zárt kártya" in page.content.decode() and b"wall-card-form" not in page.content


def test_projector_query_count_does_not_grow(client, world, django_assert_max_num_queries):
    wall = open_wall(world)
    me = services.wall_participant_join(wall=wall, user=world.member)
    client.force_login(world.facilitator)
    url = reverse("ideas:wall_projector", args=[wall.pk])

    def post_many(prefix, count):
        WallCard.objects.bulk_create(
            WallCard(wall=wall, author=me, text=f"{prefix}{i}", client_id=f"{prefix}{i}")
            for i in range(count)
        )

    post_many("k", 10)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    post_many("m", 100)
    hidden = WallCard.objects.filter(wall=wall).last()
    services.wall_card_hide(actor=world.facilitator, wall=wall, card=hidden)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_projector_view_hides_the_facilitators_controls(client, world):
    """?view=screen is what the room sees: the cards, the QR code and the timer, without the
    buttons that move, hide or delete cards, edit columns or close the wall."""
    wall = open_wall(world)
    me = services.wall_participant_join(wall=wall, user=world.member)
    services.wall_card_post(participant=me, kind="idea", text="Kézműves tábor", client_id="1")
    client.force_login(world.facilitator)
    url = reverse("ideas:wall_projector", args=[wall.pk])
    controls = ["wall-controls", "wall-moderate", "wall-move", "wall-column-tools", "wall-hidden"]
    with_controls = client.get(url).content.decode()
    assert all(name in with_controls for name in controls)
    screen = client.get(url + "?view=screen").content.decode()
    assert "Kézműves tábor" in screen and wall.code in screen
    assert not [name for name in controls if f'class="{name}' in screen or f" {name}" in screen]
    assert f'href="{url}"' in screen  # back to the controls


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_facilitator_puts_the_projector_view_on_screen(new_page):
    """The facilitator opens the wall, switches to the projector view: the room sees the cards
    and the join code, and no button to move, hide or delete a card or close the wall."""
    from tests.factories import PASSWORD, make_world

    world = make_world()
    wall = open_wall(world)
    me = services.wall_participant_join(wall=wall, user=world.member)
    services.wall_card_post(participant=me, kind="idea", text="Kézműves tábor", client_id="1")
    page = new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", world.facilitator.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/me/")
    page.goto(reverse("ideas:wall_projector", args=[wall.pk]))
    page.get_by_role("button", name="Elrejtés").first.wait_for()  # the controls are there
    page.get_by_role("link", name="Kivetítőnézet, vezérlők nélkül").click()
    page.wait_for_url("**?view=screen")
    page.locator(".wall-card", has_text="Kézműves tábor").first.wait_for()
    assert page.locator(".wall-code").inner_text() == wall.code
    visible_buttons = [b for b in page.locator("main button").all() if b.is_visible()]
    assert visible_buttons == []
    page.get_by_role("link", name="A vezérlők megjelenítése").click()
    page.get_by_role("button", name="A fal lezárása").first.wait_for()
