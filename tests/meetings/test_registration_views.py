"""Registration pages: who may open them, what they do, bad input, query counts."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cultiva.accounts.models import Membership
from cultiva.meetings.models import Invitation, Registration, RegistrationQuestion
from cultiva.meetings.services import registration as services
from tests.factories import make_meeting, make_organisation, make_process, make_user

Status = Registration.Status
ROLES = ("anonymous", "outsider", "member", "facilitator", "coordinator")
STAFF = ("facilitator", "coordinator")


@pytest.fixture
def meeting(world):
    return make_meeting(world.process, capacity=2, venue="Megyeháza")


def login(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))


def meeting_url(name, meeting):
    return reverse(f"meetings:{name}", args=[meeting.process.slug, meeting.pk])


def is_login_redirect(response):
    return response.status_code == 302 and reverse("account_login") in response["Location"]


# --- permissions per role -----------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_register_page_per_role(client, world, meeting, role):
    login(client, world, role)
    response = client.get(meeting_url("register", meeting))
    if role == "anonymous":
        assert is_login_redirect(response)
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["registrations", "registrations_csv", "invite"])
def test_staff_pages_per_role(client, world, meeting, role, name):
    login(client, world, role)
    response = client.get(meeting_url(name, meeting))
    if role == "anonymous":
        assert is_login_redirect(response)
    elif role in STAFF:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_register_colleagues_page_per_role(client, world, meeting, role):
    login(client, world, role)
    response = client.get(meeting_url("register_colleagues", meeting))
    if role == "anonymous":
        assert is_login_redirect(response)
    elif role in STAFF:
        assert response.status_code == 200
    else:  # plain members are not their organisation's contact
        assert response.status_code == 403


def test_contact_opens_register_colleagues(client, world, meeting):
    Membership.objects.filter(user=world.member).update(role=Membership.Role.CONTACT)
    client.force_login(world.member)
    response = client.get(meeting_url("register_colleagues", meeting))
    assert response.status_code == 200
    assert world.member.full_name.encode() in response.content  # people by name


def test_colleagues_are_named_never_by_their_address(client, world, meeting):
    Membership.objects.filter(user=world.member).update(role=Membership.Role.CONTACT)
    nameless = make_user("nameless.colleague@example.org", full_name="")
    Membership.objects.create(user=nameless, organisation=world.organisation)
    client.force_login(world.member)
    page = client.get(meeting_url("register_colleagues", meeting)).content.decode()
    assert "nameless.colleague@example.org" not in page
    assert "n…@example.org" in page  # enough to tell two unnamed colleagues apart


@pytest.mark.parametrize("role", ROLES)
def test_my_registrations_per_role(client, world, meeting, role):
    login(client, world, role)
    response = client.get(reverse("meetings:my_registrations"))
    if role == "anonymous":
        assert is_login_redirect(response)
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_cancel_someone_elses_registration_per_role(client, world, meeting, role):
    registration = services.registration_create(actor=world.expert, meeting=meeting)
    login(client, world, role)
    response = client.post(reverse("meetings:registration_cancel", args=[registration.pk]))
    registration.refresh_from_db()
    if role == "anonymous":
        assert is_login_redirect(response)
    elif role in STAFF:
        assert response.status_code == 302
        assert registration.status == Status.CANCELLED
        return
    else:
        assert response.status_code == 403
    assert registration.status == Status.CONFIRMED


def test_cancel_needs_post(client, world, meeting):
    registration = services.registration_create(actor=world.member, meeting=meeting)
    client.force_login(world.member)
    response = client.get(reverse("meetings:registration_cancel", args=[registration.pk]))
    assert response.status_code == 405


def test_hidden_process_is_404(client, world):
    process = make_process(is_published=False)
    meeting = make_meeting(process)
    client.force_login(world.member)
    for name in ("register", "register_colleagues", "registrations", "invite"):
        assert client.get(meeting_url(name, meeting)).status_code == 404


def test_draft_meeting_is_404_for_members(client, world):
    meeting = make_meeting(world.process, is_published=False)
    client.force_login(world.member)
    assert client.get(meeting_url("register", meeting)).status_code == 404


# --- registering through the pages --------------------------------------------------------


def test_member_registers_and_sees_code_on_the_meeting_page(client, world, meeting, mailoutbox):
    client.force_login(world.member)
    response = client.post(
        meeting_url("register", meeting), {"organisation": world.organisation.pk}
    )
    assert response.status_code == 302
    registration = Registration.objects.get(meeting=meeting, person=world.member)
    assert registration.status == Status.CONFIRMED
    assert registration.organisation == world.organisation
    assert len(mailoutbox) == 1
    page = client.get(meeting_url("detail", meeting))
    assert registration.personal_code.encode() in page.content
    assert reverse("meetings:registration_cancel", args=[registration.pk]).encode() in (
        page.content
    )


def test_cancel_from_my_registrations_page(client, world, meeting, mailoutbox):
    registration = services.registration_create(actor=world.member, meeting=meeting)
    client.force_login(world.member)
    mine = reverse("meetings:my_registrations")
    page = client.get(mine)
    assert registration.personal_code.encode() in page.content
    response = client.post(
        reverse("meetings:registration_cancel", args=[registration.pk]), {"next": mine}
    )
    assert response.status_code == 302 and response["Location"] == mine
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED


def test_cancel_ignores_foreign_next(client, world, meeting):
    registration = services.registration_create(actor=world.member, meeting=meeting)
    client.force_login(world.member)
    response = client.post(
        reverse("meetings:registration_cancel", args=[registration.pk]),
        {"next": "https://evil.example.com/"},
    )
    assert response["Location"] == meeting_url("detail", meeting)


def test_required_question_missing_on_the_form(client, world, meeting):
    question = RegistrationQuestion.objects.create(
        meeting=meeting, label={"hu": "Étrend"}, kind="text", is_required=True
    )
    client.force_login(world.member)
    response = client.post(meeting_url("register", meeting), {f"question_{question.pk}": " "})
    assert response.status_code == 200
    assert response.context["form"].errors[f"question_{question.pk}"]
    assert not Registration.objects.exists()
    response = client.post(meeting_url("register", meeting), {f"question_{question.pk}": "vegán"})
    assert response.status_code == 302
    assert Registration.objects.get().answers == {str(question.pk): "vegán"}


def test_bad_organisation_on_the_form(client, world, meeting):
    client.force_login(world.member)
    response = client.post(
        meeting_url("register", meeting), {"organisation": world.other_organisation.pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["organisation"]
    assert not Registration.objects.exists()


def test_full_meeting_without_waiting_list_on_the_form(client, world):
    meeting = make_meeting(world.process, capacity=1, waiting_list_enabled=False)
    services.registration_create(actor=world.expert, meeting=meeting)
    client.force_login(world.member)
    response = client.post(meeting_url("register", meeting), {}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Registration.objects.filter(person=world.member).exists()
    page = client.get(meeting_url("detail", meeting))
    assert meeting_url("register", meeting).encode() not in page.content


def test_waiting_list_position_shown(client, world):
    meeting = make_meeting(world.process, capacity=1)
    services.registration_create(actor=world.expert, meeting=meeting)
    services.registration_create(actor=world.outsider, meeting=meeting)
    client.force_login(world.member)
    client.post(meeting_url("register", meeting))
    registration = Registration.objects.get(person=world.member)
    assert registration.status == Status.WAITING
    page = client.get(reverse("meetings:my_registrations"))
    assert page.context["upcoming"][0].waiting_position == 2
    detail = client.get(meeting_url("detail", meeting), HTTP_ACCEPT_LANGUAGE="en")
    assert b"number 2 on the waiting list" in detail.content


@pytest.mark.parametrize(
    ("opens", "closes"),
    [(-5, -1), (1, 2)],
    ids=["closed", "not-yet-open"],
)
def test_window_refused_with_a_message(client, world, opens, closes):
    now = timezone.now()
    meeting = make_meeting(
        world.process,
        registration_opens_at=now + dt.timedelta(days=opens),
        registration_closes_at=now + dt.timedelta(days=closes),
    )
    client.force_login(world.member)
    response = client.post(meeting_url("register", meeting), follow=True)
    assert not Registration.objects.exists()
    assert list(response.context["messages"])
    assert meeting_url("register", meeting).encode() not in response.content


def test_register_colleagues_through_the_page(client, world, meeting, mailoutbox):
    Membership.objects.filter(user=world.member).update(role=Membership.Role.CONTACT)
    colleague = make_user("colleague@example.org")
    Membership.objects.create(user=colleague, organisation=world.organisation)
    client.force_login(world.member)
    url = meeting_url("register_colleagues", meeting)
    response = client.post(url, {"organisation": world.organisation.pk, "people": [colleague.pk]})
    assert response.status_code == 302
    registration = Registration.objects.get(person=colleague)
    assert registration.registered_by == world.member
    assert mailoutbox[0].to == [colleague.email]
    # Someone from another organisation cannot be slipped in.
    response = client.post(
        url, {"organisation": world.organisation.pk, "people": [world.outsider.pk]}
    )
    assert response.status_code == 200
    assert not Registration.objects.filter(person=world.outsider).exists()


def test_contact_cannot_use_another_organisation(client, world, meeting):
    Membership.objects.filter(user=world.member).update(role=Membership.Role.CONTACT)
    client.force_login(world.member)
    response = client.post(
        meeting_url("register_colleagues", meeting),
        {"organisation": world.other_organisation.pk, "people": [world.outsider.pk]},
    )
    # The other organisation is not offered; the contact's own one is used instead.
    assert response.status_code == 200
    assert not Registration.objects.filter(person=world.outsider).exists()


# --- invitations through the page ---------------------------------------------------------


def test_invite_page_sends_and_skips(client, world, meeting, mailoutbox):
    client.force_login(world.facilitator)
    url = meeting_url("invite", meeting)
    response = client.post(
        url, {"organisations": [world.organisation.pk], "emails": "guest@example.org"}
    )
    assert response.status_code == 200
    assert sorted(response.context["report"].sent) == ["guest@example.org", world.member.email]
    assert len(mailoutbox) == 2
    response = client.post(url, {"emails": "guest@example.org\nnew@example.org"})
    report = response.context["report"]
    assert report.sent == ["new@example.org"] and report.skipped == ["guest@example.org"]
    assert len(mailoutbox) == 3


@pytest.mark.parametrize(
    "emails",
    [
        "good@example.org, not an address",
        "\n".join(f"p{i}@example.org" for i in range(201)),
        "",
    ],
    ids=["invalid", "too-many", "empty"],
)
def test_invite_bad_input(client, world, meeting, mailoutbox, emails):
    client.force_login(world.facilitator)
    response = client.post(meeting_url("invite", meeting), {"emails": emails})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_invite_unpublished_meeting_refused(client, world, mailoutbox):
    meeting = make_meeting(world.process, is_published=False)
    client.force_login(world.facilitator)
    response = client.post(meeting_url("invite", meeting), {"emails": "a@example.org"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Invitation.objects.exists()


# --- the staff list and its CSV -----------------------------------------------------------


def test_registrations_list_and_csv(client, world, meeting):
    question = RegistrationQuestion.objects.create(
        meeting=meeting,
        label={"hu": "Szekció"},
        kind="choice",
        choices=[{"hu": "Délelőtt"}, {"hu": "Délután"}],
    )
    evil = make_user("evil@example.org", full_name='=HYPERLINK("http://x")')
    services.registration_create(
        actor=world.member,
        meeting=meeting,
        organisation=world.organisation,
        answers={str(question.pk): "1"},
    )
    services.registration_create(actor=evil, meeting=meeting)
    services.registration_create(actor=world.outsider, meeting=meeting)
    client.force_login(world.facilitator)
    page = client.get(meeting_url("registrations", meeting))
    assert "Délután" in page.content.decode()
    rows = page.context["rows"]
    assert [r.registration.status for r in rows] == [
        Status.CONFIRMED,
        Status.CONFIRMED,
        Status.WAITING,
    ]
    assert rows[2].waiting_position == 1
    response = client.get(meeting_url("registrations_csv", meeting))
    assert response["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(table) == 4
    assert table[0][-1] == "Szekció"
    assert table[1][-1] == "Délután"
    assert table[2][0].startswith("'=")


def test_csv_safe():
    from cultiva.meetings.views.registration import csv_safe

    for risky in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx"):
        assert csv_safe(risky).startswith("'")
    assert csv_safe("Kovács Anna") == "Kovács Anna"
    assert csv_safe(None) == ""


def add_registrations(meeting, questions, n, organisation):
    people = [make_user() for _ in range(n)]
    Membership.objects.bulk_create(Membership(user=p, organisation=organisation) for p in people)
    Registration.objects.bulk_create(
        Registration(
            meeting=meeting,
            person=p,
            registered_by=p,
            organisation=organisation,
            status=[Status.CONFIRMED, Status.WAITING, Status.CANCELLED][i % 3],
            personal_code=f"{p.pk:06d}",
            answers={str(q.pk): "igen" for q in questions},
        )
        for i, p in enumerate(people)
    )


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["registrations", "registrations_csv"])
def test_staff_list_query_count_constant(client, world, name):
    meeting = make_meeting(world.process, capacity=None)
    questions = [
        RegistrationQuestion.objects.create(meeting=meeting, label={"hu": f"K{i}"}, kind="text")
        for i in range(3)
    ]
    organisation = make_organisation()
    client.force_login(world.facilitator)
    url = meeting_url(name, meeting)
    add_registrations(meeting, questions, 10, organisation)
    few = count_queries(client, url)
    add_registrations(meeting, questions, 110, organisation)
    many = count_queries(client, url)
    assert few == many


def test_my_registrations_query_count_constant(client, world):
    client.force_login(world.member)
    url = reverse("meetings:my_registrations")

    def add(n):
        for i in range(n):
            meeting = make_meeting(world.process, capacity=None)
            Registration.objects.create(
                meeting=meeting,
                person=world.member,
                status=Status.WAITING if i % 2 else Status.CONFIRMED,
            )

    add(3)
    few = count_queries(client, url)
    add(12)
    many = count_queries(client, url)
    assert few == many


def test_panel_query_count_is_small(client, world, meeting):
    """The panel adds a handful of queries however many people registered."""
    from django.template import Context, Template
    from django.test import RequestFactory

    services.registration_create(actor=world.member, meeting=meeting)
    request = RequestFactory().get("/")
    request.user = world.member
    template = Template("{% load meetings_registration %}{% registration_panel meeting %}")
    meeting = type(meeting).objects.select_related("process").get(pk=meeting.pk)
    with CaptureQueriesContext(connection) as queries:
        html = template.render(Context({"request": request, "meeting": meeting}))
    assert "personal-code" in html
    assert len(queries) <= 5


def test_registrations_page_offers_registering_people_only_while_registration_is_open(
    client, world, meeting
):
    login(client, world, "facilitator")
    colleagues = meeting_url("register_colleagues", meeting)
    assert colleagues in client.get(meeting_url("registrations", meeting)).content.decode()
    past = make_meeting(world.process, starts_at=timezone.now() - dt.timedelta(days=3))
    page = client.get(meeting_url("registrations", past)).content.decode()
    assert meeting_url("register_colleagues", past) not in page
    # The page itself still refuses with the reason, for anyone who opens it anyway.
    response = client.get(meeting_url("register_colleagues", past), follow=True)
    assert response.redirect_chain and response.status_code == 200


def test_cancel_with_a_bare_word_as_next_goes_to_the_meeting(client, world, meeting):
    registration = services.registration_create(actor=world.member, meeting=meeting)
    client.force_login(world.member)
    response = client.post(
        reverse("meetings:registration_cancel", args=[registration.pk]), {"next": "-1x"}
    )
    assert response.status_code == 302
    assert response["Location"] == meeting_url("detail", meeting)
