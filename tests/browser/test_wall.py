"""The live wall in real browsers: two phones and the projector, over a real WebSocket.

pytest-django's live server speaks only HTTP, so this module's `new_page` points at
`wall_server` (tests/browser/fixtures.py): uvicorn running the project's ASGI application in a
thread of this process, on the same test database (SQLite or PostgreSQL).
"""

from __future__ import annotations

import pytest

from tests.browser.fixtures import page_opener
from tests.factories import PASSWORD, make_world
from tests.ideas.wall_helpers import open_wall

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # WhiteNoise serves the static files through Django's ASGI handler here.
    pytest.mark.filterwarnings("ignore:StreamingHttpResponse must consume synchronous"),
]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def new_page(browser, wall_server):
    with page_opener(browser, wall_server.url) as open_page:
        yield open_page


def log_in(page, email):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/me/")


def wait_connected(page):
    page.wait_for_selector("#wall[data-connection=connected]", timeout=5000)


def test_cards_and_dots_reach_every_screen(new_page, axe_check):
    from playwright.sync_api import expect

    world = make_world()
    wall = open_wall(world, allow_guests=True, dots_per_person=2)

    projector = new_page()
    log_in(projector, world.facilitator.email)
    projector.goto(f"/walls/{wall.pk}/")
    wait_connected(projector)

    guest = new_page(viewport=PHONE)
    guest.goto(f"/w/{wall.code}/")
    guest.fill("input[name=name]", "Kovács Anna")
    guest.fill("input[name=organisation]", "Ifjúsági Egyesület")
    guest.locator("main form button[type=submit]").click()
    wait_connected(guest)

    member = new_page(viewport=PHONE)
    log_in(member, world.member.email)
    member.goto(f"/w/{wall.code}/")
    wait_connected(member)

    text = "Közösségi kert a Szék utcában"
    guest.fill("#id_text", text)
    guest.select_option("#id_kind", "need")
    guest.locator("#wall-card-form button[type=submit]").click()
    expect(member.locator("#wall-cards")).to_contain_text(text, timeout=3000)
    expect(projector.locator("#wall-board")).to_contain_text(text, timeout=3000)
    expect(guest.locator("#wall-cards .is-pending")).to_have_count(0)

    # The facilitator opens dot voting; the member puts two dots on the card.
    projector.locator("form[action$='/voting/'] button").click()
    wait_connected(projector)
    add = member.locator("#wall-cards li[data-card] .actions button").first
    expect(add).to_be_visible(timeout=3000)
    add.click()
    expect(projector.locator("#wall-board .dot-count").first).to_have_text("1", timeout=3000)
    member.locator("#wall-cards li[data-card] .actions button").first.click()
    expect(projector.locator("#wall-board .dot-count").first).to_have_text("2", timeout=3000)
    expect(guest.locator("#wall-cards .dot-count").first).to_have_text("2", timeout=3000)

    # The keyboard alternative to drag and drop: choose a column and press Move.
    second = wall.columns.last()
    projector.select_option("#wall-board select", str(second.pk))
    projector.locator("#wall-board .wall-move button").click()
    expect(projector.locator(f"section[data-column='{second.pk}']")).to_contain_text(
        text, timeout=3000
    )

    width = member.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1
    axe_check(guest)
    axe_check(member)
    axe_check(projector)


def test_facilitator_moderates_live(new_page, axe_check):
    """Hiding a card takes it off the phone at once; restoring brings it back; columns move
    with buttons (the keyboard way) and a deleted column's cards stay on the wall."""
    from django.utils.translation import gettext
    from playwright.sync_api import expect

    from cultiva.ideas.wall import services

    world = make_world()
    wall = open_wall(world, allow_guests=True)

    projector = new_page()
    log_in(projector, world.facilitator.email)
    projector.goto(f"/walls/{wall.pk}/")
    wait_connected(projector)

    member = new_page(viewport=PHONE)
    log_in(member, world.member.email)
    member.goto(f"/w/{wall.code}/")
    wait_connected(member)

    rude = "Ez egy sértő kártya"
    member.fill("#id_text", rude)
    member.locator("#wall-card-form button[type=submit]").click()
    card = projector.locator("#wall-board li[data-card]", has_text=rude)
    expect(card).to_have_count(1, timeout=3000)

    card.locator(".wall-moderate button").first.click()  # Hide
    expect(member.locator("#wall-cards")).not_to_contain_text(rude, timeout=3000)
    expect(projector.locator("#wall-board")).not_to_contain_text(rude, timeout=3000)
    expect(projector.locator("#wall-hidden")).to_contain_text(rude)
    projector.locator("#wall-hidden button").click()  # Restore
    expect(member.locator("#wall-cards")).to_contain_text(rude, timeout=3000)
    expect(projector.locator("#wall-hidden")).to_be_hidden()

    # Columns: "move right" from the keyboard, then delete the first column.
    first, second = wall.columns.order_by("position")
    projector.locator(f"section[data-column='{first.pk}'] .wall-column-tools button").nth(1).focus()
    projector.keyboard.press("Enter")
    expect(projector.locator("#wall-board section.wall-column").first).to_have_attribute(
        "data-column", str(second.pk), timeout=3000
    )
    projector.on("dialog", lambda dialog: dialog.accept())
    projector.locator(f"section[data-column='{first.pk}'] .wall-column-tools button").nth(2).click()
    expect(projector.locator("section[data-column='none']")).to_contain_text(rude, timeout=3000)
    axe_check(projector)

    # Posting too fast: a translated message, and the text back in the field.
    for i in range(services.POSTS_PER_MINUTE - 1):
        member.fill("#id_text", f"Gyors kártya {i}")
        member.locator("#wall-card-form button[type=submit]").click()
    expect(member.locator("#wall-cards li[data-card]")).to_have_count(
        services.POSTS_PER_MINUTE, timeout=5000
    )
    member.fill("#id_text", "Egy túl sok")
    member.locator("#wall-card-form button[type=submit]").click()
    refused = gettext(
        "You have posted %(count)s cards within a minute. Please wait a little, "
        "then send this card again."
    ) % {"count": services.POSTS_PER_MINUTE}
    expect(member.locator("#wall-error")).to_have_text(refused, timeout=3000)
    expect(member.locator("#id_text")).to_have_value("Egy túl sok")


def test_closed_wall_board_can_be_scrolled_with_the_keyboard(new_page, axe_check):
    """On a phone the board scrolls sideways; once closed it has no buttons left to tab to,
    so the board itself takes the focus (axe: scrollable-region-focusable)."""
    from cultiva.ideas.wall import services

    world = make_world()
    wall = open_wall(world)
    participant = services.wall_participant_join(wall=wall, user=world.member)
    for number in range(3):
        services.wall_card_post(
            participant=participant, kind="idea", text=f"Kártya {number}", client_id=str(number)
        )
    services.wall_close(actor=world.facilitator, wall=wall)

    page = new_page(viewport=PHONE)
    log_in(page, world.facilitator.email)
    page.goto(f"/walls/{wall.pk}/")
    board = page.locator("#wall-board")
    assert board.evaluate("el => el.scrollWidth > el.clientWidth")
    board.focus()
    assert page.evaluate("document.activeElement.id") == "wall-board"
    axe_check(page)


def test_members_card_becomes_their_contribution_when_the_wall_closes(new_page, axe_check):
    """The facilitator gives the first column a domain, a member posts a card from a phone,
    the facilitator closes the wall: the member finds the contribution on their own page as
    theirs, with the meeting's settlement and the column's domain, linked to the wall."""
    from playwright.sync_api import expect

    from cultiva.ideas.wall import services
    from tests.factories import make_meeting, make_settlement, make_term

    world = make_world()
    settlement = make_settlement("Székelyudvarhely", "Odorheiu Secuiesc")
    music = make_term(slug="music", hu="Zene", ro="Muzică", en="Music")
    wall = services.wall_open(
        actor=world.facilitator,
        meeting=make_meeting(world.process, settlement=settlement),
        title="Mi hiányzik a városban?",
        columns=["Első kérdés", "Egyéb"],
    )
    first = wall.columns.order_by("position").first()

    projector = new_page()
    log_in(projector, world.facilitator.email)
    projector.goto(f"/walls/{wall.pk}/")
    projector.select_option(f"#domain-{first.pk}", str(music.pk))
    projector.locator(f"#domain-{first.pk} ~ button").click()
    expect(projector.locator(f"#domain-{first.pk}")).to_have_value(str(music.pk))
    expect(projector.locator(f"section[data-column='{first.pk}']")).to_contain_text("Zene")
    wait_connected(projector)

    member = new_page(viewport=PHONE)
    log_in(member, world.member.email)
    member.goto(f"/w/{wall.code}/")
    wait_connected(member)
    text = "Próbaterem a fiatal zenekaroknak"
    member.fill("#id_text", text)
    member.locator("#wall-card-form button[type=submit]").click()
    expect(projector.locator("#wall-board")).to_contain_text(text, timeout=3000)

    projector.locator("form[action$='/close/'] button").click()
    expect(projector.locator("#wall-board")).to_contain_text(text)
    axe_check(projector)

    member.goto("/me/")
    member.get_by_role("link", name=text).click()
    facts = member.locator("dl.facts").first
    expect(facts).to_contain_text(world.member.public_name)
    expect(facts).to_contain_text("Zene")
    expect(facts).to_contain_text("Székelyudvarhely")
    axe_check(member)
    member.locator("#provenance-heading ~ dl a", has_text=wall.title).click()
    expect(member.locator(f"#card-{wall.cards.get().pk}")).to_contain_text(text)
