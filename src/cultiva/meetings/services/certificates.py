"""Attendance certificates: issued once, frozen, verifiable; rendered to PDF on request."""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy

from cultiva.core.activity import activity_record
from cultiva.core.documents import html_to_document_fitting
from cultiva.core.i18n import localize
from cultiva.meetings import rules
from cultiva.meetings.models import Certificate, Meeting, Registration
from cultiva.meetings.rules import can_get_series_certificate  # noqa: F401 - re-exported
from cultiva.meetings.selectors.attendance import attended_count, attended_registrations

BILINGUAL = "hu-ro"
FOOTER_LABELS = {
    "code": gettext_lazy("Verification code"),
    "check": gettext_lazy("Check that this certificate is genuine at"),
}


def _issue(*, person, lookup: dict, defaults: dict, process) -> Certificate:
    existing = Certificate.objects.filter(person=person, **lookup).first()
    if existing:
        return existing
    rules.has_name_for_certificate(person).enforce()
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(person=person, **lookup, **defaults)
    except IntegrityError:  # issued a moment ago by a parallel request
        return Certificate.objects.get(person=person, **lookup)
    activity_record(
        actor=person,
        verb="certificate.issued",
        target=certificate,
        process=process,
        changes={
            "kind": certificate.kind,
            "holder_name": certificate.holder_name,
            "attended_count": certificate.attended_count,
            "verification_code": certificate.verification_code,
        },
    )
    return certificate


@transaction.atomic
def certificate_issue_for_meeting(*, person, meeting: Meeting) -> Certificate:
    """The person's certificate for one meeting, issued the first time it is asked for."""
    rules.can_get_meeting_certificate(person, meeting).enforce()
    return _issue(
        person=person,
        lookup={"kind": Certificate.Kind.MEETING, "meeting": meeting},
        defaults={
            "process": meeting.process,
            "holder_name": person.get_full_name()[:150],
            "attended_count": 1,
        },
        process=meeting.process,
    )


@transaction.atomic
def certificate_issue_for_series(*, person, process) -> Certificate:
    """The person's certificate for the whole series, once they reached the threshold."""
    existing = Certificate.objects.filter(
        person=person, process=process, kind=Certificate.Kind.SERIES
    ).first()
    if existing:
        return existing
    rules.can_get_series_certificate(person, process).enforce()
    return _issue(
        person=person,
        lookup={"kind": Certificate.Kind.SERIES, "process": process},
        defaults={
            "holder_name": person.get_full_name()[:150],
            "attended_count": attended_count(person=person, process=process),
        },
        process=process,
    )


# --- rendering ----------------------------------------------------------------------------


def certificate_languages(requested: str | None, person=None) -> list[str]:
    """?lang=hu|ro|en one language, hu-ro both side by side; else the person's or the active."""
    if requested == BILINGUAL:
        return ["hu", "ro"]
    if requested in settings.CONTENT_LANGUAGES:
        return [requested]
    preferred = getattr(person, "preferred_language", "") or ""
    if preferred in settings.CONTENT_LANGUAGES:
        return [preferred]
    active = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return [active if active in settings.CONTENT_LANGUAGES else settings.LANGUAGE_CODE]


def qr_svg(url: str, *, title: str | None = None) -> str:
    """An inline SVG QR code for a URL: no XML declaration, sized by CSS through its viewBox."""
    return segno.make(url, error="m").svg_inline(
        scale=1, omitsize=True, dark="#000", light="#fff", title=title
    )


def qr_svg_file(url: str) -> bytes:
    """The same QR code as a standalone SVG file."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=10, dark="#000", light="#fff")
    return buffer.getvalue()


# Denser layouts tried in turn until the certificate holds on one page (see the template).
FIT_LEVELS = 4
# The last, densest one also shortens texts beyond these lengths (a form allows 4,000
# characters for a title); before it, nothing is cut.
DENSEST_CUT = {"title": 300, "long": 180, "item": 120}
UNCUT = dict.fromkeys(DENSEST_CUT, 100_000)


def _holder_organisation(certificate: Certificate, attended: list[Registration]):
    """The organisation the holder came on behalf of: of the meeting, or the latest named one."""
    if certificate.kind == Certificate.Kind.MEETING:
        registration = (
            Registration.objects.filter(
                meeting=certificate.meeting_id, person=certificate.person_id
            )
            .select_related("organisation")
            .first()
        )
        return registration.organisation if registration else None
    named = [r.organisation for r in attended if r.organisation_id]
    return named[-1] if named else None


def certificate_document(*, certificate: Certificate, languages: list[str], verification_url: str):
    """The certificate laid out on one A4 landscape page (a WeasyPrint document)."""
    attended = []
    meetings = []
    if certificate.kind == Certificate.Kind.SERIES:
        attended = attended_registrations(
            person=certificate.person_id, process=certificate.process, until=certificate.issued_at
        )
        for registration in attended:
            titles = [localize(registration.meeting.title, language) for language in languages]
            meetings.append(
                {
                    "starts_at": registration.meeting.starts_at,
                    "title": " / ".join(dict.fromkeys(titles)),
                }
            )
    labels = {}
    for key, text in FOOTER_LABELS.items():
        translated = []
        for language in languages:
            with translation.override(language):
                translated.append(str(text))
        labels[key] = " / ".join(dict.fromkeys(translated))
    context = {
        "certificate": certificate,
        "process": certificate.process,
        "meeting": certificate.meeting,
        "organisation": _holder_organisation(certificate, attended),
        "meetings": meetings,
        "languages": languages,
        "document_language": languages[0],
        "verification_url": verification_url,
        "qr": qr_svg(verification_url),
        "labels": labels,
    }
    return html_to_document_fitting(
        lambda level: render_to_string(
            "meetings/certificates/document.html",
            {
                **context,
                "fit": level,
                "cut": DENSEST_CUT if level == FIT_LEVELS - 1 else UNCUT,
            },
        ),
        levels=FIT_LEVELS,
    )


def certificate_render_pdf(
    *, certificate: Certificate, languages: list[str], verification_url: str
) -> bytes:
    """The certificate as an A4 landscape PDF in one language or several side by side."""
    return certificate_document(
        certificate=certificate, languages=languages, verification_url=verification_url
    ).write_pdf()
