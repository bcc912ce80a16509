"""The programme of the series: pages, meeting editing with its checks, speakers, calendars."""

import datetime as dt

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cultiva.core.models import ActivityLog
from cultiva.meetings.models import AgendaItem, Meeting, Registration, Speaker
from cultiva.meetings.views.programme import personal_feed_token
from tests.factories import make_meeting, make_settlement, make_user

ROLES = ["anonymous", "outsider", "member", "facilitator", "coordinator"]


def as_role(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))


def outcome(response):
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    return response.status_code


def meeting_data(**overrides):
    start = timezone.localtime() + dt.timedelta(days=10)
    data = {
        "kind": "lecture",
        "format": "in_person",
        "title_hu": "Kulturális menedzsment előadás",
        "title_ro": "Prelegere despre management cultural",
        "title_en": "",
        "description_hu": "",
        "description_ro": "",
        "description_en": "",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "venue": "Megyei Könyvtár",
        "capacity": "30",
        "requires_registration": "on",
        "waiting_list_enabled": "on",
        "reminder_hours": "24",
        "is_published": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.parametrize(
    "role,expected",
    list(zip(ROLES, ["login", 403, 403, 200, 200], strict=True)),
)
def test_who_may_create_meetings(client, world, role, expected):
    as_role(client, world, role)
    assert outcome(client.get(reverse("meetings:create", args=[world.process.slug]))) == expected


@pytest.mark.parametrize("role", ROLES)
def test_public_pages_open_to_everyone(client, world, role):
    meeting = make_meeting(world.process)
    speaker = Speaker.objects.create(process=world.process, full_name="Dr. Kovács Ágnes")
    meeting.speakers.add(speaker)
    as_role(client, world, role)
    slug = world.process.slug
    for url in (
        reverse("meetings:programme", args=[slug]),
        reverse("meetings:calendar", args=[slug]),
        reverse("meetings:detail", args=[slug, meeting.pk]),
        reverse("meetings:speakers", args=[slug]),
        reverse("meetings:speaker", args=[slug, speaker.pk]),
        reverse("meetings:process_feed", args=[slug]),
        reverse("meetings:meeting_ics", args=[slug, meeting.pk]),
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "role,sees",
    [("anonymous", False), ("member", False), ("facilitator", True), ("coordinator", True)],
)
def test_draft_meetings_only_for_staff(client, world, role, sees):
    draft = make_meeting(
        world.process, is_published=False, title={"hu": "Titkos előkészítő megbeszélés"}
    )
    as_role(client, world, role)
    page = client.get(reverse("meetings:programme", args=[world.process.slug])).content.decode()
    assert ("Titkos előkészítő megbeszélés" in page) is sees
    detail = client.get(reverse("meetings:detail", args=[world.process.slug, draft.pk]))
    assert detail.status_code == (200 if sees else 404)


def test_facilitator_creates_a_meeting_and_it_is_logged(client, world):
    client.force_login(world.facilitator)
    response = client.post(reverse("meetings:create", args=[world.process.slug]), meeting_data())
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert meeting.title == {
        "hu": "Kulturális menedzsment előadás",
        "ro": "Prelegere despre management cultural",
    }
    assert meeting.capacity == 30
    entry = ActivityLog.objects.get(verb="meeting.created")
    assert entry.actor == world.facilitator and entry.process == world.process


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"ends_at": "2020-01-01T10:00"}, "ends_at"),
        (
            {
                "registration_opens_at": "2030-05-02T10:00",
                "registration_closes_at": "2030-05-01T10:00",
            },
            "registration_closes_at",
        ),
        ({"format": "online"}, "online_url"),
        ({"venue": ""}, "venue"),
        ({"starts_at": "holnap"}, "starts_at"),
        ({"capacity": "-3"}, "capacity"),
    ],
)
def test_bad_meeting_input_is_refused_field_by_field(client, world, overrides, field):
    client.force_login(world.facilitator)
    response = client.post(
        reverse("meetings:create", args=[world.process.slug]), meeting_data(**overrides)
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Meeting.objects.exists()
    # What was typed stays in the form.
    assert "Kulturális menedzsment előadás" in response.content.decode()


def test_capacity_cannot_drop_below_confirmed_places(client, world):
    meeting = make_meeting(world.process, capacity=5, venue="Művelődési ház")
    for _ in range(3):
        Registration.objects.create(meeting=meeting, person=make_user(), status="confirmed")
    client.force_login(world.coordinator)
    data = meeting_data(
        capacity="2",
        starts_at=timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M"),
        ends_at=timezone.localtime(meeting.ends_at).strftime("%Y-%m-%dT%H:%M"),
    )
    response = client.post(reverse("meetings:edit", args=[world.process.slug, meeting.pk]), data)
    assert response.status_code == 200
    assert "capacity" in response.context["form"].errors
    meeting.refresh_from_db()
    assert meeting.capacity == 5


def test_agenda_items_stay_within_the_meeting(client, world):
    meeting = make_meeting(world.process, venue="Művelődési ház")
    client.force_login(world.facilitator)
    url = reverse("meetings:agenda_add", args=[world.process.slug, meeting.pk])
    start = timezone.localtime(meeting.starts_at)
    good = {
        "agenda-title_hu": "Nyitó előadás",
        "agenda-title_ro": "",
        "agenda-title_en": "",
        "agenda-description_hu": "",
        "agenda-description_ro": "",
        "agenda-description_en": "",
        "agenda-starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "agenda-ends_at": (start + dt.timedelta(minutes=45)).strftime("%Y-%m-%dT%H:%M"),
    }
    response = client.post(url, good)
    assert response.status_code == 302, response.context["agenda_form"].errors
    late = good | {
        "agenda-starts_at": (start + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "agenda-ends_at": (start + dt.timedelta(days=1, hours=1)).strftime("%Y-%m-%dT%H:%M"),
    }
    assert client.post(url, late).status_code == 400
    assert AgendaItem.objects.count() == 1
    page = client.get(reverse("meetings:detail", args=[world.process.slug, meeting.pk]))
    assert "Nyitó előadás" in page.content.decode()


def test_speaker_page_lists_their_lectures(client, world):
    speaker = Speaker.objects.create(
        process=world.process, full_name="Dr. Szabó Ödön", biography={"hu": "Muzeológus."}
    )
    lecture = make_meeting(world.process, title={"hu": "Múzeumpedagógia ma"})
    lecture.speakers.add(speaker)
    make_meeting(world.process, title={"hu": "Másik előadás"})
    page = client.get(reverse("meetings:speaker", args=[world.process.slug, speaker.pk]))
    text = page.content.decode()
    assert "Múzeumpedagógia ma" in text and "Másik előadás" not in text
    assert "Muzeológus." in text


def _events(body: bytes):
    calendar = icalendar.Calendar.from_ical(body)
    return [c for c in calendar.walk() if c.name == "VEVENT"]


def test_process_feed_is_valid_icalendar(client, world):
    settlement = make_settlement("Gyergyószentmiklós", "Gheorgheni")
    meeting = make_meeting(
        world.process, title={"hu": "Műhely Gyergyóban"}, venue="Kultúrház", settlement=settlement
    )
    make_meeting(world.process, is_published=False)
    response = client.get(reverse("meetings:process_feed", args=[world.process.slug]))
    assert response["Content-Type"].startswith("text/calendar")
    events = _events(response.content)
    assert len(events) == 1
    event = events[0]
    assert str(event["summary"]) == "Műhely Gyergyóban"
    assert event.decoded("dtstart") == meeting.starts_at.replace(microsecond=0)
    assert event.decoded("dtend") == meeting.ends_at.replace(microsecond=0)
    assert "Gyergyószentmiklós" in str(event["location"])
    assert str(event["uid"]) == f"meeting-{meeting.pk}@cultiva"
    assert icalendar.Calendar.from_ical(response.content)["version"] == "2.0"


def test_personal_feed_holds_confirmed_meetings_and_needs_the_secret(client, world):
    mine = make_meeting(world.process, title={"hu": "Ahol ott leszek"})
    waiting = make_meeting(world.process, title={"hu": "Várólistán"})
    Registration.objects.create(meeting=mine, person=world.member, status="confirmed")
    Registration.objects.create(meeting=waiting, person=world.member, status="waiting")
    url = reverse(
        "meetings:personal_feed", args=[world.member.pk, personal_feed_token(world.member)]
    )
    titles = [str(e["summary"]) for e in _events(client.get(url).content)]
    assert titles == ["Ahol ott leszek"]
    forged = reverse("meetings:personal_feed", args=[world.member.pk, "kitalalt"])
    assert client.get(forged).status_code == 404
    other = reverse(
        "meetings:personal_feed", args=[world.outsider.pk, personal_feed_token(world.member)]
    )
    assert client.get(other).status_code == 404


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_programme_query_count_does_not_grow(client, world):
    speaker = Speaker.objects.create(process=world.process, full_name="Előadó")
    url = reverse("meetings:programme", args=[world.process.slug])

    def add(n):
        for _ in range(n):
            make_meeting(world.process).speakers.add(speaker)

    add(5)
    few = count_queries(client, url)
    add(40)
    assert count_queries(client, url) == few


def test_meeting_page_query_count_does_not_grow_with_agenda(client, world):
    meeting = make_meeting(world.process, venue="Kultúrház")
    speaker = Speaker.objects.create(process=world.process, full_name="Előadó")
    url = reverse("meetings:detail", args=[world.process.slug, meeting.pk])

    def add(n):
        for i in range(n):
            item = AgendaItem.objects.create(
                meeting=meeting,
                starts_at=meeting.starts_at + dt.timedelta(minutes=i),
                ends_at=meeting.starts_at + dt.timedelta(minutes=i + 1),
                title={"hu": f"Pont {i}"},
            )
            item.speakers.add(speaker)

    add(2)
    client.force_login(world.member)
    few = count_queries(client, url)
    add(30)
    assert count_queries(client, url) == few


def test_raising_capacity_moves_people_up_from_the_waiting_list(client, world):
    meeting = make_meeting(world.process, capacity=1, venue="Kultúrház")
    first, second = make_user(), make_user()
    Registration.objects.create(meeting=meeting, person=first, status="confirmed")
    Registration.objects.create(meeting=meeting, person=second, status="waiting")
    client.force_login(world.facilitator)
    data = meeting_data(
        capacity="2",
        venue="Kultúrház",
        starts_at=timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M"),
        ends_at=timezone.localtime(meeting.ends_at).strftime("%Y-%m-%dT%H:%M"),
    )
    response = client.post(reverse("meetings:edit", args=[world.process.slug, meeting.pk]), data)
    assert response.status_code == 302
    assert Registration.objects.get(person=second).status == "confirmed"


def test_facilitator_sets_registration_questions(client, world):
    meeting = make_meeting(world.process, venue="Kultúrház")
    client.force_login(world.facilitator)
    url = reverse("meetings:question_add", args=[world.process.slug, meeting.pk])
    base = {
        "question-label_hu": "Étkezési igény",
        "question-label_ro": "Preferințe alimentare",
        "question-label_en": "",
        "question-kind": "choice",
        "question-is_required": "on",
    }
    refused = client.post(url, base | {"question-choices_text": "általános"})
    assert refused.status_code == 400
    assert "choices_text" in refused.context["question_form"].errors
    client.post(
        url, base | {"question-choices_text": "általános | general\nvegetáriánus | vegetarian"}
    )
    question = meeting.registration_questions.get()
    assert question.choices == [
        {"hu": "általános", "ro": "general"},
        {"hu": "vegetáriánus", "ro": "vegetarian"},
    ]
    assert question.is_required
    client.force_login(world.member)
    form = client.get(reverse("meetings:register", args=[world.process.slug, meeting.pk]))
    assert "Étkezési igény" in form.content.decode()
    client.force_login(world.member)
    remove = reverse("meetings:question_remove", args=[world.process.slug, meeting.pk, question.pk])
    assert client.post(remove).status_code == 403
    client.force_login(world.coordinator)
    client.post(remove)
    assert not meeting.registration_questions.exists()


def test_process_page_shows_the_next_meetings_only(client, world):
    make_meeting(
        world.process,
        title={"hu": "Elmúlt műhely"},
        starts_at=timezone.now() - dt.timedelta(days=20),
    )
    for i in range(8):
        make_meeting(world.process, title={"hu": f"Jövő {i}"})
    page = client.get(reverse("processes:detail", args=[world.process.slug])).content.decode()
    assert "Elmúlt műhely" not in page
    assert sum(f"Jövő {i}<" in page for i in range(8)) == 6
    assert reverse("meetings:programme", args=[world.process.slug]) in page
