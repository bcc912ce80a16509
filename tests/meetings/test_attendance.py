"""Check-in by a facilitator (list, search, states, walk-ins), the QR poster and self check-in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from cultiva.core.models import ActivityLog
from cultiva.meetings.models import Registration
from cultiva.meetings.selectors.attendance import fold, search_registrations
from cultiva.meetings.services.attendance import (
    CheckInError,
    attendance_record,
    attendance_self_check_in,
    normalise_personal_code,
)
from tests.factories import make_meeting, make_organisation, make_user

ROLES = ["anonymous", "outsider", "member", "facilitator", "coordinator"]
Status = Registration.Status
Attendance = Registration.Attendance


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def register(meeting, person, status=Status.CONFIRMED, organisation=None, **kw):
    return Registration.objects.create(
        meeting=meeting,
        person=person,
        registered_by=person,
        organisation=organisation,
        status=status,
        confirmed_at=timezone.now() if status == Status.CONFIRMED else None,
        **kw,
    )


@pytest.fixture
def running(world):
    """A meeting that started ten minutes ago: self check-in is open."""
    return make_meeting(world.process, starts_at=timezone.now() - dt.timedelta(minutes=10))


def status_for(client, world, role, method, url, data=None):
    if role != "anonymous":
        client.force_login(world.user(role))
    response = client.post(url, data or {}) if method == "post" else client.get(url)
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    return response.status_code


# --- permissions --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "method", "expected"),
    [
        ("checkin", "get", ["login", 403, 403, 200, 200]),
        ("checkin_poster", "get", ["login", 403, 403, 200, 200]),
        ("checkin_qr", "get", ["login", 403, 403, 200, 200]),
        ("checkin_mark", "post", ["login", 403, 403, 302, 302]),
        ("checkin_walkin", "post", ["login", 403, 403, 302, 302]),
    ],
)
@pytest.mark.parametrize("index", range(len(ROLES)))
def test_checkin_permissions(client, world, running, name, method, expected, index):
    role = ROLES[index]
    registration = register(running, world.member, organisation=world.organisation)
    args = [world.process.slug, running.pk]
    data = None
    if name == "checkin_mark":
        args.append(registration.pk)
        data = {"attendance": "present"}
    if name == "checkin_walkin":
        data = {"person": world.expert.pk}
    url = reverse(f"meetings:{name}", args=args)
    assert status_for(client, world, role, method, url, data) == expected[index]
    changed = Registration.objects.filter(meeting=running, attendance=Attendance.PRESENT).exists()
    assert changed == (expected[index] == 302)


def test_checkin_of_a_draft_meeting_is_hidden_from_others(client, world):
    draft = make_meeting(world.process, is_published=False)
    client.force_login(world.member)
    assert (
        client.get(reverse("meetings:checkin", args=[world.process.slug, draft.pk])).status_code
        == 404
    )
    client.force_login(world.facilitator)
    assert (
        client.get(reverse("meetings:checkin", args=[world.process.slug, draft.pk])).status_code
        == 200
    )


def test_meeting_of_another_process_is_404(client, world, running):
    from tests.factories import make_process

    other = make_process()
    client.force_login(world.facilitator)
    url = reverse("meetings:checkin", args=[other.slug, running.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("index", range(len(ROLES)))
def test_self_checkin_page_is_open_to_everyone(client, world, running, index):
    url = reverse("meetings:self_checkin", args=[running.checkin_code])
    assert status_for(client, world, ROLES[index], "get", url) == 200


# --- the facilitator's list ---------------------------------------------------------------------


def test_checkin_list_shows_confirmed_people_only(client, world, running):
    register(running, world.member, organisation=world.organisation)
    register(running, world.outsider, status=Status.WAITING)
    register(running, world.expert, status=Status.CANCELLED)
    client.force_login(world.facilitator)
    response = client.get(reverse("meetings:checkin", args=[world.process.slug, running.pk]))
    assert [r.person for r in response.context["registrations"]] == [world.member]
    assert response.context["counts"]["total"] == 1
    assert "Csíki Hagyományőrző Egyesület" in response.content.decode()


def test_search_ignores_case_and_diacritics(client, world, running):
    szekely = make_user("anna@example.org", full_name="Székely Anna")
    other = make_user("bela@example.org", full_name="Kovács Béla")
    org = make_organisation(name="Gyergyói Színjátszó Kör")
    register(running, szekely)
    register(running, other, organisation=org)
    client.force_login(world.facilitator)
    url = reverse("meetings:checkin", args=[world.process.slug, running.pk])

    def names(q):
        response = client.get(url, {"q": q})
        return [r.person.full_name for r in response.context["registrations"]]

    assert names("Szekely") == ["Székely Anna"]
    assert names("SZÉKELY anna") == ["Székely Anna"]
    assert names("kovacs") == ["Kovács Béla"]
    assert names("gyergyoi szinjatszo") == ["Kovács Béla"]  # organisation
    assert names("bela@example") == ["Kovács Béla"]  # e-mail
    assert names("nobody") == []


def test_fold_handles_romanian_and_hungarian_letters():
    assert fold("Ștefănescu Țiței ŐSZ Űr") == "stefanescu titei osz ur"
    assert fold("Şerban") == "serban"  # cedilla form


def test_search_helper_requires_every_word(world, running):
    anna = make_user(full_name="Székely Anna")
    regs = [register(running, anna), register(running, world.member)]
    regs = list(Registration.objects.filter(pk__in=[r.pk for r in regs]).select_related("person"))
    assert [r.person for r in search_registrations(regs, "szekely anna")] == [anna]
    assert search_registrations(regs, "szekely bela") == []
    assert len(search_registrations(regs, "   ")) == 2


def test_state_changes_are_logged(client, world, running):
    registration = register(running, world.member, organisation=world.organisation)
    client.force_login(world.facilitator)
    url = reverse("meetings:checkin_mark", args=[world.process.slug, running.pk, registration.pk])
    response = client.post(url, {"attendance": "present", "q": "csik"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"?q=csik#r{registration.pk}")
    registration.refresh_from_db()
    assert registration.attendance == Attendance.PRESENT
    assert registration.checkin_method == Registration.CheckinMethod.FACILITATOR
    assert registration.checked_in_by == world.facilitator
    assert registration.checked_in_at is not None
    client.post(url, {"attendance": "excused"})
    registration.refresh_from_db()
    assert registration.attendance == Attendance.EXCUSED
    assert registration.checked_in_at is None
    client.post(url, {"attendance": "excused"})  # no change: no log row
    entries = ActivityLog.objects.filter(verb="registration.attendance").order_by("id")
    assert [e.changes["attendance"] for e in entries] == [["", "present"], ["present", "excused"]]
    assert all(e.actor == world.facilitator and e.process == world.process for e in entries)


@pytest.mark.parametrize("value", ["", "late", "unknown", "PRESENT"])
def test_invalid_state_changes_nothing(client, world, running, value):
    registration = register(running, world.member)
    client.force_login(world.facilitator)
    url = reverse("meetings:checkin_mark", args=[world.process.slug, running.pk, registration.pk])
    response = client.post(url, {"attendance": value}, follow=True)
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.attendance == ""
    assert not ActivityLog.objects.filter(verb="registration.attendance").exists()


def test_waiting_registration_cannot_be_marked(client, world, running):
    registration = register(running, world.member, status=Status.WAITING)
    client.force_login(world.facilitator)
    url = reverse("meetings:checkin_mark", args=[world.process.slug, running.pk, registration.pk])
    response = client.post(url, {"attendance": "present"}, follow=True)
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.attendance == ""


def test_registration_of_another_meeting_is_404(client, world, running):
    other = make_meeting(world.process)
    registration = register(other, world.member)
    client.force_login(world.facilitator)
    url = reverse("meetings:checkin_mark", args=[world.process.slug, running.pk, registration.pk])
    assert client.post(url, {"attendance": "present"}).status_code == 404


def test_service_enforces_the_rule(world, running):
    from django.core.exceptions import PermissionDenied

    registration = register(running, world.member)
    with pytest.raises(PermissionDenied):
        attendance_record(registration=registration, actor=world.member, attendance="present")


# --- walk-ins -----------------------------------------------------------------------------------


def test_walk_in_beyond_capacity(client, world, running):
    running.capacity = 1
    running.save()
    register(running, world.member)
    client.force_login(world.facilitator)
    url = reverse("meetings:checkin", args=[world.process.slug, running.pk])
    response = client.get(url, {"walkin": "outsider@"})
    assert [p.pk for p in response.context["candidates"]] == [world.outsider.pk]
    # someone already holding a confirmed place is no candidate
    response = client.get(url, {"walkin": "member@"})
    assert response.context["candidates"] == []
    walkin = reverse("meetings:checkin_walkin", args=[world.process.slug, running.pk])
    assert client.post(walkin, {"person": world.outsider.pk}).status_code == 302
    registration = Registration.objects.get(meeting=running, person=world.outsider)
    assert registration.status == Status.CONFIRMED
    assert registration.attendance == Attendance.PRESENT
    assert registration.organisation == world.other_organisation
    assert registration.registered_by == world.facilitator
    assert Registration.objects.filter(meeting=running, status=Status.CONFIRMED).count() == 2
    entry = ActivityLog.objects.get(verb="registration.walk_in")
    assert entry.changes["status"] == [None, "confirmed"]
    assert entry.changes["attendance"] == [None, "present"]


def test_walk_in_promotes_a_waiting_registration(client, world, running):
    registration = register(running, world.outsider, status=Status.WAITING)
    client.force_login(world.coordinator)
    walkin = reverse("meetings:checkin_walkin", args=[world.process.slug, running.pk])
    client.post(walkin, {"person": world.outsider.pk})
    registration.refresh_from_db()
    assert (registration.status, registration.attendance) == (Status.CONFIRMED, Attendance.PRESENT)
    assert Registration.objects.filter(meeting=running).count() == 1


@pytest.mark.parametrize("person", ["", "abc", "0", "999999"])
def test_walk_in_bad_input(client, world, running, person):
    client.force_login(world.facilitator)
    walkin = reverse("meetings:checkin_walkin", args=[world.process.slug, running.pk])
    response = client.post(walkin, {"person": person}, follow=True)
    assert response.status_code == 200
    assert not Registration.objects.filter(meeting=running).exists()


# --- the poster -------------------------------------------------------------------------------


def test_poster_has_a_qr_code_of_the_self_checkin_url(client, world, running):
    client.force_login(world.facilitator)
    response = client.get(reverse("meetings:checkin_poster", args=[world.process.slug, running.pk]))
    html = response.content.decode()
    assert "<svg" in html
    assert f"http://testserver/checkin/{running.checkin_code}/" in html
    svg = client.get(reverse("meetings:checkin_qr", args=[world.process.slug, running.pk]))
    assert svg["Content-Type"] == "image/svg+xml"
    assert b"<svg" in svg.content


# --- self check-in ------------------------------------------------------------------------------


def self_url(meeting):
    return reverse("meetings:self_checkin", args=[meeting.checkin_code])


def test_self_checkin_with_personal_code(client, world, running):
    registration = register(running, world.member)
    code = registration.personal_code
    messy = " ".join(code[:3].lower()) + "  " + code[3:].lower()  # "a b c  def"
    response = client.post(self_url(running), {"code": messy})
    assert response.status_code == 200
    assert "meetings/attendance/self_checkin_done.html" in [t.name for t in response.templates]
    registration.refresh_from_db()
    assert registration.attendance == Attendance.PRESENT
    assert registration.checkin_method == Registration.CheckinMethod.SELF
    entry = ActivityLog.objects.get(verb="registration.attendance")
    assert entry.changes == {"attendance": ["", "present"], "method": "self"}
    # again: nothing changes, no second log row
    response = client.post(self_url(running), {"code": code})
    assert response.context["changed"] is False
    assert ActivityLog.objects.filter(verb="registration.attendance").count() == 1


def test_logged_in_participant_confirms_with_one_button(client, world, running):
    registration = register(running, world.member)
    client.force_login(world.member)
    page = client.get(self_url(running))
    assert b'name="confirm"' in page.content
    client.post(self_url(running), {"confirm": "1"})
    registration.refresh_from_db()
    assert registration.attendance == Attendance.PRESENT
    assert registration.checkin_method == Registration.CheckinMethod.SELF


def test_logged_in_but_not_registered_gets_a_message(client, world, running):
    client.force_login(world.outsider)
    response = client.post(self_url(running), {"confirm": "1"})
    assert response.status_code == 200
    assert response.context["error"] == str(
        gettext_lazy("You are not registered for this meeting.")
    )
    assert not Registration.objects.filter(meeting=running).exists()


def refused(client, meeting, code):
    response = client.post(self_url(meeting), {"code": code})
    assert response.status_code in (200, 429)
    assert "meetings/attendance/self_checkin.html" in [t.name for t in response.templates]
    return response.context["error"]


@pytest.mark.parametrize(
    "code", ["", "ABC", "ABCDEFG", "ABCDE0", "ABCDEI", "ABC-DE!", "ÁBCDEF", "x" * 200]
)
def test_malformed_codes(client, world, running, code):
    registration = register(running, world.member)
    assert refused(client, running, code)
    registration.refresh_from_db()
    assert registration.attendance == ""


def test_unknown_foreign_waiting_and_cancelled_codes(client, world, running):
    other = make_meeting(world.process, starts_at=running.starts_at)
    foreign = register(other, world.member)
    waiting = register(running, world.outsider, status=Status.WAITING)
    cancelled = register(running, world.expert, status=Status.CANCELLED)
    register(running, world.member)
    codes = set(Registration.objects.values_list("personal_code", flat=True))
    unknown = next(code for code in ("222222", "333333", "444444") if code not in codes)
    messages = {
        "unknown": refused(client, running, unknown),
        "foreign": refused(client, running, foreign.personal_code),
        "waiting": refused(client, running, waiting.personal_code),
        "cancelled": refused(client, running, cancelled.personal_code),
    }
    assert all(messages.values())
    assert messages["waiting"] != messages["unknown"]
    assert messages["cancelled"] != messages["waiting"]
    assert not Registration.objects.filter(attendance=Attendance.PRESENT).exists()
    assert not ActivityLog.objects.filter(verb="registration.attendance").exists()


@pytest.mark.parametrize(
    ("starts_in", "open_"),
    [
        (dt.timedelta(minutes=61), False),
        (dt.timedelta(minutes=59), True),
        (dt.timedelta(hours=-2, minutes=-59), True),  # 3-hour meeting, one minute left
        (dt.timedelta(hours=-3, minutes=-1), False),  # over
    ],
)
def test_time_window(client, world, starts_in, open_):
    meeting = make_meeting(world.process, starts_at=timezone.now() + starts_in)
    registration = register(meeting, world.member)
    response = client.post(self_url(meeting), {"code": registration.personal_code})
    registration.refresh_from_db()
    assert (registration.attendance == Attendance.PRESENT) is open_
    if not open_:
        assert response.context["window_closed"]


def test_window_is_checked_by_the_service_too(world):
    meeting = make_meeting(world.process)  # in three days
    registration = register(meeting, world.member)
    with pytest.raises(CheckInError):
        attendance_self_check_in(meeting=meeting, code=registration.personal_code)
    early = meeting.starts_at - dt.timedelta(minutes=30)
    attendance_self_check_in(meeting=meeting, code=registration.personal_code, now=early)
    registration.refresh_from_db()
    assert registration.attendance == Attendance.PRESENT


def test_rate_limit_after_ten_wrong_codes(client, world, running):
    registration = register(running, world.member)
    wrong = "222222" if registration.personal_code != "222222" else "333333"
    for _attempt in range(10):
        assert client.post(self_url(running), {"code": wrong}).status_code == 200
    response = client.post(self_url(running), {"code": registration.personal_code})
    assert response.status_code == 429
    registration.refresh_from_db()
    assert registration.attendance == ""
    # another session (another phone) is not blocked
    client.cookies.clear()
    response = client.post(self_url(running), {"code": registration.personal_code})
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.attendance == Attendance.PRESENT


def test_unknown_checkin_address_is_a_clear_404(client, db):
    for code in ("NOSUCHCD", "!!", "x" * 300):
        response = client.get(reverse("meetings:self_checkin", args=[code]))
        assert response.status_code == 404
        assert "meetings/attendance/self_checkin_unknown.html" in [
            t.name for t in response.templates
        ]


def test_normalise_personal_code():
    assert normalise_personal_code(" k7m 2qx ") == "K7M2QX"
    assert normalise_personal_code("K7M-2QX") == "K7M2QX"
    assert normalise_personal_code("K7M2Q") is None
    assert normalise_personal_code("K7M2Q0") is None  # 0 is not in the alphabet
    assert normalise_personal_code(None) is None


# --- query counts -------------------------------------------------------------------------------


def add_registrations(meeting, n, start):
    org = make_organisation()
    users = [
        make_user(f"p{start + i}@example.org", full_name=f"Résztvevő {start + i}") for i in range(n)
    ]
    Registration.objects.bulk_create(
        Registration(
            meeting=meeting,
            person=user,
            organisation=org,
            status=Status.CONFIRMED,
            personal_code=f"{start + i:06d}".replace("0", "A").replace("1", "B"),
            attendance=["", "present", "absent", "excused"][i % 4],
        )
        for i, user in enumerate(users)
    )


def test_checkin_query_count_is_constant(client, world, running):
    client.force_login(world.facilitator)
    url = reverse("meetings:checkin", args=[world.process.slug, running.pk])
    add_registrations(running, 10, 0)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"q": "resztvevo"}).status_code == 200
    add_registrations(running, 90, 100)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"q": "resztvevo"})
    assert len(response.context["registrations"]) == 100
    assert len(few) == len(many)


# --- nobody is recorded before check-in opens, on any channel ---------------------------------


def _by_facilitator(client, world, meeting, registration, attendance="present"):
    client.force_login(world.facilitator)
    url = reverse("meetings:checkin_mark", args=[world.process.slug, meeting.pk, registration.pk])
    response = client.post(url, {"attendance": attendance}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    return [str(m) for m in response.context["messages"]]


def _walk_in(client, world, meeting, registration, attendance="present"):
    registration.delete()
    client.force_login(world.facilitator)
    url = reverse("meetings:checkin_walkin", args=[world.process.slug, meeting.pk])
    response = client.post(url, {"person": world.member.pk}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    return [str(m) for m in response.context["messages"]]


def _self_with_code(client, world, meeting, registration, attendance="present"):
    response = client.post(
        self_url(meeting), {"code": registration.personal_code}, HTTP_ACCEPT_LANGUAGE="en"
    )
    return [response.context["error"]] if "error" in response.context else []


def _self_logged_in(client, world, meeting, registration, attendance="present"):
    client.force_login(world.member)
    response = client.post(self_url(meeting), {"confirm": "1"}, HTTP_ACCEPT_LANGUAGE="en")
    return [response.context["error"]] if "error" in response.context else []


def _through_the_api(client, world, meeting, registration, attendance="present"):
    from cultiva.api.services import api_token_create

    _token, raw = api_token_create(user=world.facilitator, name="desk")
    response = client.put(
        f"/api/v1/processes/{world.process.slug}/meetings/{meeting.pk}"
        f"/registrations/{registration.pk}/attendance",
        {"attendance": attendance},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    return [] if response.status_code == 200 else [str(response.json()["detail"])]


CHANNELS = {
    "facilitator": _by_facilitator,
    "walk-in": _walk_in,
    "self check-in with the code": _self_with_code,
    "self check-in logged in": _self_logged_in,
    "API": _through_the_api,
}


def _recorded(world, meeting) -> bool:
    return Registration.objects.filter(
        meeting=meeting, person=world.member, attendance=Attendance.PRESENT
    ).exists()


@pytest.mark.parametrize("channel", CHANNELS)
def test_three_days_early_nobody_is_recorded(client, world, channel):
    meeting = make_meeting(world.process)  # in three days
    registration = register(meeting, world.member)
    said = " ".join(CHANNELS[channel](client, world, meeting, registration))
    assert "Check-in opens 60 minutes before the meeting starts" in said
    assert not _recorded(world, meeting)
    assert not ActivityLog.objects.filter(
        verb__in=["registration.attendance", "registration.walk_in"]
    ).exists()


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(("minutes_to_start", "recorded"), [(20, False), (10, True), (-5, True)])
def test_checkin_window_is_configurable(
    client, world, settings, channel, minutes_to_start, recorded
):
    """With the door opening 15 minutes before the start: 20 minutes before is too early."""
    settings.CULTIVA_CHECKIN_OPENS_MINUTES_BEFORE = 15
    starts_at = timezone.now() + dt.timedelta(minutes=minutes_to_start)
    meeting = make_meeting(world.process, starts_at=starts_at)
    registration = register(meeting, world.member)
    said = " ".join(CHANNELS[channel](client, world, meeting, registration))
    assert _recorded(world, meeting) is recorded
    if not recorded:
        assert "Check-in opens 15 minutes before the meeting starts" in said


@pytest.mark.parametrize("attendance", ["absent", "excused"])
def test_absent_or_excused_cannot_be_recorded_early_either(client, world, attendance):
    meeting = make_meeting(world.process)
    registration = register(meeting, world.member)
    said = _by_facilitator(client, world, meeting, registration, attendance)
    assert any("Check-in opens" in message for message in said)
    registration.refresh_from_db()
    assert registration.attendance == ""


def test_facilitator_records_after_the_meeting_from_the_paper_list(client, world):
    """Self check-in closes at the end; the facilitator can still record who came."""
    meeting = make_meeting(world.process, starts_at=timezone.now() - dt.timedelta(days=1))
    registration = register(meeting, world.member)
    assert _self_with_code(client, world, meeting, registration)  # refused: over
    _by_facilitator(client, world, meeting, registration)
    registration.refresh_from_db()
    assert registration.attendance == Attendance.PRESENT


def test_pages_say_when_checkin_opens(client, world, settings):
    settings.CULTIVA_CHECKIN_OPENS_MINUTES_BEFORE = 15
    meeting = make_meeting(world.process)
    client.force_login(world.facilitator)
    checkin = client.get(
        reverse("meetings:checkin", args=[world.process.slug, meeting.pk]),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Check-in opens 15 minutes before the meeting starts" in checkin.content.decode()
    poster = client.get(
        reverse("meetings:checkin_poster", args=[world.process.slug, meeting.pk]),
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert "Check-in opens 15 minutes before the start." in poster
    assert "a kezdés előtt 15 perccel" in poster  # the Hungarian half of the poster
    settings.CULTIVA_CHECKIN_OPENS_MINUTES_BEFORE = 0
    poster = client.get(
        reverse("meetings:checkin_poster", args=[world.process.slug, meeting.pk]),
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert "Check-in opens when the meeting starts." in poster


@pytest.mark.parametrize("value", ["-1", "abc", "1441", "1.5"])
def test_bad_window_setting_is_reported_at_start(settings, monkeypatch, value):
    from django.core.exceptions import ImproperlyConfigured

    from cultiva.meetings.conf import check_configuration, checkin_opens_minutes

    del settings.CULTIVA_CHECKIN_OPENS_MINUTES_BEFORE
    monkeypatch.setenv("CULTIVA_CHECKIN_OPENS_MINUTES_BEFORE", value)
    with pytest.raises(ImproperlyConfigured):
        checkin_opens_minutes()
    assert [error.id for error in check_configuration()] == ["cultiva.meetings.E001"]
    monkeypatch.setenv("CULTIVA_CHECKIN_OPENS_MINUTES_BEFORE", "30")
    assert checkin_opens_minutes() == 30
    assert check_configuration() == []
