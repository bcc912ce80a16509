"""Attendance certificates: PDF per meeting and per series, issued once, publicly verifiable."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cultiva.core.models import ActivityLog
from cultiva.meetings.models import Certificate, Registration
from cultiva.meetings.services.certificates import (
    certificate_issue_for_meeting,
    certificate_issue_for_series,
    certificate_languages,
)
from cultiva.processes.models import ProcessRole
from tests.factories import make_meeting, make_settlement, make_user

ROLES = ["anonymous", "outsider", "member", "facilitator", "coordinator"]
Attendance = Registration.Attendance
HOLDER = "Kovács Ágnes Ildikó"


def register(meeting, person, attendance=""):
    return Registration.objects.create(
        meeting=meeting,
        person=person,
        status=Registration.Status.CONFIRMED,
        attendance=attendance,
    )


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def attended(world):
    """A past meeting in Csíkszereda the member attended, the member named with diacritics."""
    world.member.full_name = HOLDER
    world.member.save()
    meeting = make_meeting(
        world.process,
        title={"hu": "Kulturális menedzsment műhely", "ro": "Atelier de management cultural"},
        starts_at=timezone.now() - dt.timedelta(days=2),
        venue="Megyeháza",
        settlement=make_settlement(),
    )
    register(meeting, world.member, Attendance.PRESENT)
    register(meeting, world.outsider, Attendance.ABSENT)
    return meeting


def certificate_url(world, meeting, lang=None):
    url = reverse("meetings:certificate", args=[world.process.slug, meeting.pk])
    return f"{url}?lang={lang}" if lang else url


@pytest.mark.parametrize("index", range(len(ROLES)))
def test_meeting_certificate_permissions(client, world, attended, index):
    role = ROLES[index]
    expected = ["login", 403, 200, 403, 403][index]
    if role != "anonymous":
        client.force_login(world.user(role))
    response = client.get(certificate_url(world, attended))
    status = response.status_code
    if status == 302 and "/accounts/login/" in response["Location"]:
        status = "login"
    assert status == expected
    assert Certificate.objects.exists() == (expected == 200)


def test_absent_person_is_told_why(client, world, attended):
    client.force_login(world.outsider)
    response = client.get(certificate_url(world, attended), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert b"recorded as present" in response.content


def test_meeting_certificate_pdf(client, world, attended):
    client.force_login(world.member)
    response = client.get(certificate_url(world, attended, "hu"))
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    certificate = Certificate.objects.get()
    assert certificate.holder_name == HOLDER
    assert certificate.kind == Certificate.Kind.MEETING
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    text = pdf_text(response.content)
    assert HOLDER in text
    assert certificate.verification_code in text
    assert "Kulturális menedzsment műhely" in text
    assert "Megyeháza" in text
    assert "Hargita kulturális stratégia" in text  # the process
    verify = reverse("meetings:certificate_verify", args=[certificate.verification_code])
    assert f"http://testserver{verify}" in text.replace("\n", "")


def test_bilingual_certificate_has_both_titles(client, world, attended):
    client.force_login(world.member)
    response = client.get(certificate_url(world, attended, "hu-ro"))
    text = pdf_text(response.content)
    assert "Kulturális menedzsment műhely" in text
    assert "Atelier de management cultural" in text
    assert text.count(HOLDER) == 2


def test_certificate_is_issued_once(client, world, attended):
    client.force_login(world.member)
    for lang in ("hu", "ro", "en", "hu-ro", "xx"):
        assert client.get(certificate_url(world, attended, lang)).status_code == 200
    assert Certificate.objects.count() == 1
    entries = ActivityLog.objects.filter(verb="certificate.issued")
    assert entries.count() == 1
    assert entries.get().actor == world.member
    # the name is frozen: renaming the account later does not change the certificate
    world.member.full_name = "Más Név"
    world.member.save()
    again = certificate_issue_for_meeting(person=world.member, meeting=attended)
    assert again.holder_name == HOLDER


def test_language_choice(world):
    world.member.preferred_language = "ro"
    assert certificate_languages(None, world.member) == ["ro"]
    assert certificate_languages("en", world.member) == ["en"]
    assert certificate_languages("hu-ro", world.member) == ["hu", "ro"]
    assert certificate_languages("<script>", world.member) == ["ro"]
    world.member.preferred_language = ""
    assert certificate_languages(None, world.member) == ["hu"]  # the active language


# --- verification -------------------------------------------------------------------------------


@pytest.mark.parametrize("index", range(len(ROLES)))
def test_verification_page_confirms_a_real_code(client, world, attended, index):
    certificate = certificate_issue_for_meeting(person=world.member, meeting=attended)
    role = ROLES[index]
    if role != "anonymous":
        client.force_login(world.user(role))
    response = client.get(
        reverse("meetings:certificate_verify", args=[certificate.verification_code])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert HOLDER in html
    assert "Kulturális menedzsment műhely" in html


def test_verification_accepts_a_typed_code(client, world, attended):
    certificate = certificate_issue_for_meeting(person=world.member, meeting=attended)
    code = certificate.verification_code
    typed = f" {code[:4].lower()}-{code[4:8]} {code[8:].lower()} "
    response = client.get(reverse("meetings:certificate_verify_form"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:certificate_verify", args=[code])
    # a lower-case address redirects to the canonical one
    response = client.get(reverse("meetings:certificate_verify", args=[code.lower()]))
    assert response.status_code == 302


@pytest.mark.parametrize("code", ["ABCDEFGHJKMN", "ABC", "0000OOOO1111", "<script>", "x" * 300])
def test_verification_rejects_fake_codes(client, world, attended, code):
    certificate_issue_for_meeting(person=world.member, meeting=attended)
    response = client.get(reverse("meetings:certificate_verify", args=[code]))
    assert response.status_code == 404
    assert "meetings/certificates/verify_missing.html" in [t.name for t in response.templates]
    assert HOLDER not in response.content.decode()


@pytest.mark.parametrize("code", ["", "short", "ABCDEFGHJKM0"])
def test_verification_form_rejects_malformed_codes(client, db, code):
    response = client.get(reverse("meetings:certificate_verify_form"), {"code": code})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_verification_form_page(client, db):
    assert client.get(reverse("meetings:certificate_verify_form")).status_code == 200


# --- the series certificate -----------------------------------------------------------------


@pytest.fixture
def series(world, attended):
    """The process needs 3 meetings; the member attended `attended` and one more."""
    world.process.series_certificate_min_meetings = 3
    world.process.save()
    meetings = [attended]
    for days in (20, 10):
        meeting = make_meeting(
            world.process,
            title={"hu": f"Előadás {days}", "ro": f"Prelegere {days}"},
            starts_at=timezone.now() - dt.timedelta(days=days),
        )
        meetings.append(meeting)
    register(meetings[1], world.member, Attendance.PRESENT)
    third = register(meetings[2], world.member, Attendance.EXCUSED)
    return meetings, third


def test_series_certificate_below_threshold_is_refused(client, world, series):
    client.force_login(world.member)
    url = reverse("meetings:series_certificate", args=[world.process.slug])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert b"3" in response.content and b"2" in response.content
    assert not Certificate.objects.exists()


def test_series_certificate_at_threshold(client, world, series):
    meetings, third = series
    third.attendance = Attendance.PRESENT
    third.save()
    client.force_login(world.member)
    url = reverse("meetings:series_certificate", args=[world.process.slug])
    response = client.get(url + "?lang=hu")
    assert response.status_code == 200
    certificate = Certificate.objects.get(kind=Certificate.Kind.SERIES)
    assert certificate.attended_count == 3
    text = pdf_text(response.content)
    assert HOLDER in text
    assert certificate.verification_code in text
    assert "Előadás 20" in text and "Előadás 10" in text
    assert "Kulturális menedzsment műhely" in text
    # issued once, frozen
    client.get(url)
    assert Certificate.objects.filter(kind=Certificate.Kind.SERIES).count() == 1
    verify = client.get(
        reverse("meetings:certificate_verify", args=[certificate.verification_code])
    )
    assert "Előadás 20" in verify.content.decode()


def test_series_service_enforces_the_threshold(world, series):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        certificate_issue_for_series(person=world.member, process=world.process)


@pytest.mark.parametrize("index", range(len(ROLES)))
def test_series_certificate_permissions(client, world, series, index):
    meetings, third = series
    third.attendance = Attendance.PRESENT
    third.save()
    role = ROLES[index]
    expected = ["login", 403, 200, 403, 403][index]
    if role != "anonymous":
        client.force_login(world.user(role))
    response = client.get(reverse("meetings:series_certificate", args=[world.process.slug]))
    status = response.status_code
    if status == 302 and "/accounts/login/" in response["Location"]:
        status = "login"
    assert status == expected


# --- the meeting page panel -------------------------------------------------------------------


def render_panel(world, meeting, user):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load meetings_attendance %}{% attendance_panel meeting %}")
    return template.render(Context({"request": request, "meeting": meeting}))


def test_panel_per_role(world, attended):
    from django.contrib.auth.models import AnonymousUser

    upcoming = make_meeting(world.process)
    mine = register(upcoming, world.outsider)
    assert render_panel(world, upcoming, AnonymousUser()) == ""
    staff = render_panel(world, upcoming, world.facilitator)
    assert reverse("meetings:checkin", args=[world.process.slug, upcoming.pk]) in staff
    assert reverse("meetings:checkin_poster", args=[world.process.slug, upcoming.pk]) in staff
    participant = render_panel(world, upcoming, world.outsider)
    assert mine.personal_code in participant
    present = render_panel(world, attended, world.member)
    assert reverse("meetings:certificate", args=[world.process.slug, attended.pk]) in present
    assert "?lang=ro" in present
    decision = render_panel(world, upcoming, world.decision_maker)
    assert reverse("meetings:cohort", args=[world.process.slug]) in decision


def test_panel_offers_the_series_certificate(world, series):
    meetings, third = series
    assert "series_certificate" not in render_panel(world, meetings[0], world.member)
    url = reverse("meetings:series_certificate", args=[world.process.slug])
    assert url not in render_panel(world, meetings[0], world.member)
    third.attendance = Attendance.PRESENT
    third.save()
    assert url in render_panel(world, meetings[0], world.member)


def test_certificate_for_someone_outside_the_process(client, world, attended):
    """A person with no role in the process but recorded present still gets it."""
    guest = make_user(full_name="Vendég Vilma")
    register(attended, guest, Attendance.PRESENT)
    assert not ProcessRole.objects.filter(user=guest).exists()
    client.force_login(guest)
    assert client.get(certificate_url(world, attended)).status_code == 200


# --- one A4 page, nothing crossing the frame --------------------------------------------------

LONG_HOLDER = "Szentgyörgyi-Bartalis Erzsébet Ildikó Krisztina Magdolna Ștefania-Mărioara Țăranu"
LONG_TITLE = {
    "hu": (
        "A székelyföldi hagyományőrző egyesületek és a kortárs művészeti kezdeményezések "
        "együttműködésének lehetőségei a megyei kulturális stratégia végrehajtásában: "
        "forrásteremtés, közös pályázatírás, önkéntesek bevonása és a fiatalok megtartása"
    ),
    "ro": (
        "Posibilitățile de cooperare dintre asociațiile de păstrare a tradițiilor din ținutul "
        "secuiesc și inițiativele de artă contemporană în implementarea strategiei culturale "
        "județene: atragerea de fonduri, scrierea de proiecte, voluntariat și tineri"
    ),
}
LONG_ORGANISATION = {
    "hu": (
        "Gyergyószentmiklósi Örmény Katolikus Hagyományőrző és Közművelődési Egyesület "
        "Népművészeti, Kézműves és Ifjúsági Szakosztálya"
    ),
    "ro": (
        "Asociația Culturală și de Păstrare a Tradițiilor Armeano-Catolice din Gheorgheni, "
        "Secția de Artă Populară, Meșteșuguri și Tineret"
    ),
}
LONG_PROCESS = {
    "hu": "Hargita Megye Kulturális Stratégiája 2027–2035: részvételi tervezési folyamat",
    "ro": "Strategia culturală a județului Harghita 2027–2035: proces de planificare participativă",
}


def frame_violations(pdf_document) -> list[str]:
    """Every text box on the first page that leaves the frame's inside or runs into the
    footer (the QR code and the verification address) from above."""
    page = pdf_document.pages[0]._page_box
    boxes = list(_descendants(page))

    def classes(box) -> set[str]:
        element = getattr(box, "element", None)
        return set((element.get("class") or "").split()) if element is not None else set()

    frame = next(box for box in boxes if "frame" in classes(box))
    footer = next(box for box in boxes if "footer" in classes(box))
    border = frame.border_left_width
    left, top = frame.border_box_x() + border, frame.border_box_y() + border
    right = frame.border_box_x() + frame.border_width() - border
    bottom = frame.border_box_y() + frame.border_height() - border
    footer_top = footer.border_box_y()
    footer_ids = {id(box) for box in _descendants(footer)}
    problems = []
    for box in boxes:
        if type(box).__name__ != "TextBox" or not box.text.strip():
            continue
        x, y = box.position_x, box.position_y
        x2, y2 = x + box.width, y + box.height
        if x < left - 0.5 or x2 > right + 0.5 or y < top - 0.5 or y2 > bottom + 0.5:
            problems.append(f"outside the frame: {box.text!r}")
        if id(box) not in footer_ids and y2 > footer_top + 0.5:
            problems.append(f"runs into the footer: {box.text!r}")
    return problems


def _descendants(box):
    yield box
    for child in getattr(box, "children", []) or []:
        yield from _descendants(child)


@pytest.fixture
def long_certificate(world):
    """Everything on the certificate as long as people really make it."""
    from tests.factories import make_organisation

    world.process.title = LONG_PROCESS
    world.process.save()
    world.member.full_name = LONG_HOLDER
    world.member.save()
    organisation = make_organisation()
    organisation.name = LONG_ORGANISATION
    organisation.save()
    meeting = make_meeting(
        world.process,
        title=LONG_TITLE,
        starts_at=timezone.now() - dt.timedelta(days=2),
        venue="Gyergyószentmiklósi Művelődési Ház, nagyterem és előcsarnok, II. emelet, 12. terem",
        settlement=make_settlement(name_hu="Gyergyószentmiklós", name_ro="Gheorgheni"),
    )
    Registration.objects.create(
        meeting=meeting,
        person=world.member,
        organisation=organisation,
        status=Registration.Status.CONFIRMED,
        attendance=Attendance.PRESENT,
    )
    return certificate_issue_for_meeting(person=world.member, meeting=meeting)


@pytest.mark.parametrize("languages", [["hu", "ro"], ["hu"], ["ro"], ["en"]])
def test_long_certificate_fits_one_page_inside_the_frame(long_certificate, languages):
    from cultiva.meetings.services.certificates import certificate_render_pdf

    url = "https://cultiva.example.org/certificates/verify/" + long_certificate.verification_code
    pdf = certificate_render_pdf(
        certificate=long_certificate, languages=languages, verification_url=url
    )
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = " ".join(pdf_text(pdf).split())
    assert LONG_HOLDER in text  # whole, not cut
    assert long_certificate.verification_code in text
    if "ro" in languages:
        assert "Secția de Artă Populară, Meșteșuguri și Tineret" in text
    if "hu" in languages:
        assert "Népművészeti, Kézműves és Ifjúsági Szakosztálya" in text


@pytest.mark.parametrize("languages", [["hu", "ro"], ["hu"]])
def test_long_certificate_layout_stays_inside_the_frame(long_certificate, languages):
    from cultiva.meetings.services.certificates import certificate_document

    url = "https://cultiva.example.org/certificates/verify/" + long_certificate.verification_code
    document = certificate_document(
        certificate=long_certificate, languages=languages, verification_url=url
    )
    assert len(document.pages) == 1
    assert frame_violations(document) == []


def test_the_frame_check_sees_text_crossing_the_frame():
    """The check above is not blind: a word too long for the line runs out of the frame."""
    import weasyprint

    html = (
        "<style>@page { size: A4 landscape; margin: 12mm 12mm 50mm; }"
        ".frame { position: fixed; top: 0; left: 0; right: 0; bottom: -38mm;"
        " border: 2.5mm double #7a2e1f; }"
        ".footer { position: fixed; left: 12mm; bottom: -31mm; }</style>"
        '<div class="frame"></div><p>' + "Hosszúnév" * 60 + "</p>"
        '<div class="footer">QR</div>'
    )
    problems = frame_violations(weasyprint.HTML(string=html).render())
    assert problems and "outside the frame" in problems[0]


def test_even_absurd_lengths_keep_to_one_page(world, long_certificate):
    """A form allows a 4,000-character title: the densest layout shortens it, still one page."""
    from cultiva.meetings.services.certificates import certificate_document

    meeting = long_certificate.meeting
    meeting.title = {key: (value + " ") * 25 for key, value in LONG_TITLE.items()}
    meeting.venue = "Művelődési Ház " * 13
    meeting.save()
    long_certificate.meeting = meeting
    document = certificate_document(
        certificate=long_certificate, languages=["hu", "ro"], verification_url="https://x.org/v/"
    )
    assert len(document.pages) == 1
    assert frame_violations(document) == []


def test_long_series_certificate_fits_one_page(world, long_certificate):
    """Twenty-four attended meetings with long titles, listed under the series certificate."""
    from cultiva.meetings.services.certificates import certificate_document

    world.process.series_certificate_min_meetings = 3
    world.process.save()
    for days in range(3, 27):
        meeting = make_meeting(
            world.process,
            title={key: f"{value[:90]} {days}" for key, value in LONG_TITLE.items()},
            starts_at=timezone.now() - dt.timedelta(days=days),
        )
        register(meeting, world.member, Attendance.PRESENT)
    certificate = certificate_issue_for_series(person=world.member, process=world.process)
    assert certificate.attended_count == 25
    for languages in (["hu", "ro"], ["ro"]):
        document = certificate_document(
            certificate=certificate, languages=languages, verification_url="https://x.org/v/"
        )
        assert len(document.pages) == 1
        assert frame_violations(document) == []


# --- only for what happened -------------------------------------------------------------------


@pytest.fixture
def running_meeting(world):
    """Begun ten minutes ago, three hours long; the member checked in at the door."""
    meeting = make_meeting(world.process, starts_at=timezone.now() - dt.timedelta(minutes=10))
    register(meeting, world.member, Attendance.PRESENT)
    return meeting


def test_no_certificate_before_the_meeting_is_over(client, world, running_meeting):
    from django.core.exceptions import PermissionDenied

    client.force_login(world.member)
    response = client.get(certificate_url(world, running_meeting), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert b"has not taken place yet" in response.content
    with pytest.raises(PermissionDenied):
        certificate_issue_for_meeting(person=world.member, meeting=running_meeting)
    assert not Certificate.objects.exists()
    # The meeting page says when it comes instead of offering a download.
    panel = render_panel(world, running_meeting, world.member)
    assert reverse("meetings:certificate", args=[world.process.slug, running_meeting.pk]) not in (
        panel
    )
    # Once it is over, it is there.
    running_meeting.starts_at -= dt.timedelta(hours=4)
    running_meeting.ends_at -= dt.timedelta(hours=4)
    running_meeting.save()
    assert client.get(certificate_url(world, running_meeting)).status_code == 200
    panel = render_panel(world, running_meeting, world.member)
    assert reverse("meetings:certificate", args=[world.process.slug, running_meeting.pk]) in panel


def test_no_certificate_for_a_future_meeting_even_if_marked_present(client, world):
    """Attendance recorded before the rule existed (or typed into the admin) proves nothing."""
    future = make_meeting(world.process)  # in three days
    register(future, world.member, Attendance.PRESENT)
    client.force_login(world.member)
    assert client.get(certificate_url(world, future)).status_code == 403
    assert not Certificate.objects.exists()


def test_certificate_of_a_meeting_not_yet_held_does_not_verify_as_valid(client, world):
    future = make_meeting(world.process)
    register(future, world.member, Attendance.PRESENT)
    # Issued by the old code, which did not ask whether the meeting had taken place.
    certificate = Certificate.objects.create(
        kind=Certificate.Kind.MEETING,
        person=world.member,
        process=world.process,
        meeting=future,
        holder_name=HOLDER,
    )
    response = client.get(
        reverse("meetings:certificate_verify", args=[certificate.verification_code]),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "meetings/certificates/verify_invalid.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "not valid" in html and "has not taken place yet" in html
    assert "is valid" not in html and "Genuine" not in html
    # Nor can it be downloaded again.
    client.force_login(world.member)
    assert client.get(certificate_url(world, future)).status_code == 403


def test_series_counts_only_meetings_that_took_place(client, world, series):
    """Two attended meetings that are over and one going on now: not yet the three needed."""
    meetings, third = series
    third.meeting.starts_at = timezone.now() - dt.timedelta(minutes=30)
    third.meeting.ends_at = timezone.now() + dt.timedelta(hours=2)
    third.meeting.save()
    third.attendance = Attendance.PRESENT
    third.save()
    client.force_login(world.member)
    url = reverse("meetings:series_certificate", args=[world.process.slug])
    assert client.get(url).status_code == 403
    assert url not in render_panel(world, meetings[0], world.member)
    third.meeting.starts_at -= dt.timedelta(hours=3)
    third.meeting.ends_at -= dt.timedelta(hours=3)
    third.meeting.save()
    assert client.get(url).status_code == 200
    assert Certificate.objects.get(kind=Certificate.Kind.SERIES).attended_count == 3


def test_a_certificate_is_made_out_to_a_name_never_to_participant(client, world, attended):
    """Someone without a name is sent to their profile; once named, the PDF carries the name."""
    world.member.full_name = ""
    world.member.save()
    panel = render_panel(world, attended, world.member)
    assert reverse("accounts:profile") in panel
    assert reverse("meetings:certificate", args=[world.process.slug, attended.pk]) not in panel
    client.force_login(world.member)
    response = client.get(certificate_url(world, attended, "hu"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:profile")
    assert not Certificate.objects.filter(person=world.member).exists()
    with pytest.raises(PermissionDenied):
        certificate_issue_for_meeting(person=world.member, meeting=attended)

    world.member.full_name = "Szőcs Ildikó"
    world.member.save()
    response = client.get(certificate_url(world, attended, "hu"))
    assert response.status_code == 200
    assert "Szőcs Ildikó" in pdf_text(response.content)
