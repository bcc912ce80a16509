"""The whole set-up from nothing, through Cultiva's own pages, as each role (issue 13's first
quality bar). An empty installation gets its reference data and its platform administrator
from the management commands; everything after that happens in the browser:

1. the platform administrator logs in and creates a process, naming its coordinator;
2. the coordinator adds a workshops phase and a submission phase and publishes the process;
3. the coordinator invites a facilitator and a member by e-mail; each opens the link from the
   e-mail (which carries the configured site address), creates an account and lands with the role;
4. the member registers an organisation; the coordinator verifies it;
5. the facilitator creates a meeting and opens a live wall; the member posts a card; the
   facilitator closes the wall; the member finds the card as their own contribution on /me/.

Every request any browser makes is recorded: none goes to /admin/.

The pages are served by uvicorn (the `wall_server` fixture), since the live wall needs a
WebSocket, which pytest-django's live server cannot serve.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command

from cultiva.accounts.models import Organisation, User
from cultiva.core.models import ActivityLog
from cultiva.ideas.models import Contribution
from cultiva.meetings.models import Meeting
from cultiva.processes.models import Process, ProcessRole
from tests.browser.fixtures import page_opener

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # WhiteNoise serves the static files through Django's ASGI handler here.
    pytest.mark.filterwarnings("ignore:StreamingHttpResponse must consume synchronous"),
]

SLUG = "udvarhely-2027"
ADMIN = ("operator@example.org", "hargita-operator-jelszo-2027")
COORDINATOR = ("koordinator@example.org", "koordinator-jelszo-2027")
FACILITATOR = ("moderator@example.org", "moderator-jelszo-2027")
MEMBER = ("tag@example.org", "tag-jelszo-2027-hosszu")
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def new_page(browser, wall_server, settings):
    settings.SITE_URL = wall_server.url  # what CULTIVA_SITE_URL sets
    with page_opener(browser, wall_server.url) as open_page:
        yield open_page


def log_in(page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.fill("main input[name=login]", email)
    page.fill("main input[name=password]", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/me/")


def emailed_link(address: str, path: str, site_url: str) -> str:
    """The link to `path` in the one e-mail sent to `address`, on the configured site address."""
    (message,) = [message for message in mail.outbox if message.to == [address]]
    link = re.search(rf"\S+{re.escape(path)}\S+", message.body)[0]
    assert link.startswith(site_url + "/"), link
    return link


def accept_invitation(page, link: str, *, name: str, password: str, slug: str) -> None:
    page.goto(link)
    page.fill("main input[name=full_name]", name)
    page.fill("main input[name=password1]", password)
    page.fill("main input[name=password2]", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/p/{slug}/")
    assert name in page.locator("header").inner_text()


def test_set_up_from_nothing_through_the_sites_own_pages(
    new_page, axe_check, wall_server, settings
):
    from playwright.sync_api import expect

    requested: list[str] = []

    def open_page(**options):
        page = new_page(**options)
        page.set_default_timeout(10_000)
        page.on("request", lambda request: requested.append(urlsplit(request.url).path))
        return page

    # --- 0. An empty installation: its reference data and its operator, from the shell ----
    call_command("load_territory", verbosity=0)
    call_command("load_taxonomy", verbosity=0)
    call_command("create_platform_admin", ADMIN[0], name="Operátor Olga", password=ADMIN[1])

    # --- 1. The coordinator-to-be signs up; the administrator creates the process ----------
    # The create page names only people who have an account, so the coordinator makes one.
    coordinating = open_page()
    coordinating.goto("/accounts/signup/")
    axe_check(coordinating)
    coordinating.fill("main input[name=email]", COORDINATOR[0])
    coordinating.fill("main input[name=full_name]", "Kelemen Kata")
    coordinating.fill("main input[name=password1]", COORDINATOR[1])
    coordinating.fill("main input[name=password2]", COORDINATOR[1])
    coordinating.locator("main form button[type=submit]").click()
    coordinating.wait_for_url("**/accounts/confirm-email/")
    coordinating.goto(emailed_link(COORDINATOR[0], "/accounts/confirm-email/", wall_server.url))
    coordinating.locator("main form button[type=submit]").click()
    coordinating.wait_for_url(lambda url: "/confirm-email/" not in url)
    log_in(coordinating, *COORDINATOR)
    coordinator = User.objects.get(email=COORDINATOR[0])
    assert coordinator.emailaddress_set.get().verified
    mail.outbox.clear()

    admin = open_page()
    log_in(admin, *ADMIN)
    admin.get_by_role("link", name="Beállítás").click()
    admin.get_by_role("link", name="Folyamat létrehozása").click()
    admin.wait_for_url("**/processes/new/")
    admin.get_by_label("Személyek keresése név vagy e-mail-cím szerint").fill("Kelemen")
    admin.get_by_role("button", name="Keresés").click()
    admin.wait_for_url("**/processes/new/?q=Kelemen")
    assert COORDINATOR[0] in admin.locator(".people-found").inner_text()
    admin.fill("main textarea[name=coordinators]", COORDINATOR[0])
    admin.fill("main input[name=title_hu]", "Udvarhelyszéki kulturális stratégia")
    admin.fill("main input[name=title_ro]", "Strategia culturală Odorhei")
    admin.fill("main input[name=slug]", SLUG)
    # One county loaded: the form has already chosen it.
    assert admin.locator("select[name=county] option:checked").inner_text().startswith("Hargita")
    admin.check("main input[name=languages][value=hu]")
    admin.check("main input[name=languages][value=ro]")
    admin.fill("main input[name=starts_on]", "2027-01-01")
    admin.fill("main input[name=ends_on]", "2027-12-31")
    admin.get_by_role("button", name="A folyamat létrehozása").click()
    admin.wait_for_url(f"**/p/{SLUG}/setup/")
    process = Process.objects.get(slug=SLUG)
    assert process.roles.filter(user=coordinator, role="coordinator").exists()

    # --- 2. The coordinator sets the phases and publishes the process ----------------------
    coordinating.goto("/me/")  # now with the process they coordinate
    coordinating.get_by_role("link", name="Beállítás").click()
    coordinating.get_by_role("link", name="Udvarhelyszéki kulturális stratégia").click()
    coordinating.wait_for_url(f"**/p/{SLUG}/setup/")
    for kind, title, start, end in (
        ("workshops", "Műhelyek", "2027-02-01", "2027-04-30"),
        ("submission", "Ötletgyűjtés", "2027-03-01", "2027-05-31"),
    ):
        coordinating.get_by_role("link", name="Szakasz hozzáadása").click()
        coordinating.wait_for_url("**/setup/phases/new/")
        coordinating.select_option("main select[name=kind]", kind)
        coordinating.fill("main input[name=title_hu]", title)
        coordinating.fill("main input[name=starts_on]", start)
        coordinating.fill("main input[name=ends_on]", end)
        if kind == "submission":
            coordinating.check("main input[name=accepts_contributions]")
        coordinating.get_by_role("button", name="Mentés").click()
        coordinating.wait_for_url(f"**/p/{SLUG}/setup/")
    coordinating.get_by_role("button", name="Közzététel").click()
    coordinating.wait_for_url(f"**/p/{SLUG}/setup/")
    process.refresh_from_db()
    assert process.is_published
    assert list(process.phases.values_list("kind", flat=True)) == ["workshops", "submission"]
    assert process.phases.get(kind="submission").accepts_contributions

    # --- 3. Invitations by e-mail; each invitee accepts in a browser of their own ----------
    coordinating.goto(f"/p/{SLUG}/")
    coordinating.locator(f"main a[href='/p/{SLUG}/people/']").first.click()
    coordinating.wait_for_url(f"**/p/{SLUG}/people/")
    coordinating.locator(f"main a[href='/p/{SLUG}/invitations/']").first.click()
    coordinating.wait_for_url(f"**/p/{SLUG}/invitations/")
    for address, role in ((FACILITATOR[0], "facilitator"), (MEMBER[0], "member")):
        coordinating.fill("main input[name=email]", address)
        coordinating.select_option("main select[name=role]", role)
        coordinating.locator("main form[method=post] button[type=submit]").first.click()
        coordinating.wait_for_url(f"**/p/{SLUG}/invitations/")
        expect(coordinating.locator("main table")).to_contain_text(address)
    assert sorted(message.to[0] for message in mail.outbox) == sorted([FACILITATOR[0], MEMBER[0]])

    facilitating = open_page()
    accept_invitation(
        facilitating,
        emailed_link(FACILITATOR[0], "/invitation/", wall_server.url),
        name="Moldovan Ioana",
        password=FACILITATOR[1],
        slug=SLUG,
    )
    member_page = open_page(viewport=PHONE)  # the member does everything from a phone
    accept_invitation(
        member_page,
        emailed_link(MEMBER[0], "/invitation/", wall_server.url),
        name="Bartha Botond",
        password=MEMBER[1],
        slug=SLUG,
    )
    facilitator = User.objects.get(email=FACILITATOR[0])
    member = User.objects.get(email=MEMBER[0])
    assert process.roles.filter(user=facilitator, role=ProcessRole.Role.FACILITATOR).exists()
    assert process.roles.filter(user=member, role=ProcessRole.Role.MEMBER).exists()

    # --- 4. The member registers an organisation; the coordinator verifies it --------------
    member_page.goto("/organisations/")
    member_page.locator("main a[href='/organisations/new/']").click()
    member_page.wait_for_url("**/organisations/new/")
    member_page.fill("main input[name=name_hu]", "Udvarhelyi Néptáncegyüttes")
    member_page.fill("main input[name=name_ro]", "Ansamblul de Dansuri Populare Odorhei")
    member_page.select_option("main select[name=legal_form]", "association")
    member_page.select_option("main select[name=sector]", index=1)
    # The shared settlement picker: type in its search box, then pick the option found.
    member_page.fill("main #id_settlement-search", "odorheiu")
    found = member_page.locator("main select[name=settlement] option:not([hidden])")
    settlement_value = found.filter(has_text="Odorheiu Secuiesc").first.get_attribute("value")
    member_page.select_option("main select[name=settlement]", settlement_value)
    member_page.fill("main input[name=registry_code]", "RO14399840")
    member_page.locator("main form button[type=submit]").click()
    member_page.wait_for_url(re.compile(r"/organisations/\d+/$"))
    organisation = Organisation.objects.get(registry_code="14399840")
    assert member_page.locator("main [data-verified]").count() == 0

    coordinating.goto("/organisations/")
    coordinating.locator("main a", has_text="Udvarhelyi Néptáncegyüttes").first.click()
    coordinating.wait_for_url(f"**/organisations/{organisation.pk}/")
    coordinating.locator(
        f"main form[action='/organisations/{organisation.pk}/verify/'] button"
    ).click()
    expect(coordinating.locator("h1 [data-verified]")).to_have_count(1)
    member_page.goto(f"/organisations/{organisation.pk}/")
    expect(member_page.locator("h1 [data-verified]")).to_have_count(1)

    # --- 5. The facilitator's meeting and live wall; the member's card becomes theirs ------
    facilitating.goto(f"/p/{SLUG}/programme/")
    facilitating.locator(f"main a[href='/p/{SLUG}/meetings/new/']").click()
    facilitating.wait_for_url(f"**/p/{SLUG}/meetings/new/")
    facilitating.select_option("main select[name=kind]", label="műhely")
    facilitating.fill("main input[name=title_hu]", "Műhely: mi hiányzik a városban?")
    facilitating.fill("main input[name=title_ro]", "Atelier: ce lipsește în oraș?")
    facilitating.fill("main input[name=starts_at]", "2027-03-10T17:00")
    facilitating.fill("main input[name=ends_at]", "2027-03-10T19:00")
    facilitating.fill("main input[name=venue]", "Városháza, díszterem")
    facilitating.check("main input[name=is_published]")
    facilitating.locator("main form button[type=submit]").first.click()
    facilitating.wait_for_url(re.compile(rf"/p/{SLUG}/meetings/\d+/$"))
    meeting = Meeting.objects.get(process=process)
    facilitating.locator("main").get_by_role("link", name="Élő fal").click()
    facilitating.wait_for_url(f"**/p/{SLUG}/meetings/{meeting.pk}/walls/")
    facilitating.fill("main input[name=title]", "Mi hiányzik a városban?")
    facilitating.fill("main textarea[name=columns]", "Ötletek\nEgyéb")
    facilitating.locator("main form button[type=submit]").click()
    facilitating.wait_for_url("**/walls/*/")
    facilitating.wait_for_selector("#wall[data-connection=connected]", timeout=5000)
    code = facilitating.locator(".wall-code").inner_text().strip()  # shown on the projector

    member_page.goto(f"/w/{code}/")
    member_page.wait_for_selector("#wall[data-connection=connected]", timeout=5000)
    axe_check(member_page)
    text = "Próbaterem a fiatal zenekaroknak"
    member_page.fill("#id_text", text)
    member_page.locator("#wall-card-form button[type=submit]").click()
    expect(facilitating.locator("#wall-board")).to_contain_text(text, timeout=3000)
    facilitating.locator("form[action$='/close/'] button").click()
    expect(facilitating.locator("main")).to_contain_text("A fal lezárult")
    contribution = Contribution.objects.get(process=process)
    assert contribution.author == member
    assert not contribution.is_guest

    member_page.goto("/me/")
    member_page.get_by_role("link", name=text).click()
    expect(member_page.locator("dl.facts").first).to_contain_text("Bartha Botond")
    axe_check(member_page)

    # Every change above is in the activity log.
    assert {
        "account.platform_admin_created",
        "account.signed_up",
        "account.email_confirmed",
        "process.created",
        "process_role.granted",
        "phase.created",
        "process.published",
        "invitation.created",
        "invitation.accepted",
        "person.created_from_invitation",
        "organisation.registered",
        "organisation.verified",
        "meeting.created",
        "wall.open",
        "wall.close",
    } <= set(ActivityLog.objects.values_list("verb", flat=True))

    assert requested, "the browsers made no requests?"
    assert not [path for path in requested if path.startswith("/admin/")]
