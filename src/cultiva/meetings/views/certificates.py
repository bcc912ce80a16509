"""Certificates: download as PDF (meeting or whole series) and the public verification page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify

from cultiva.core.site import absolute_url
from cultiva.meetings import rules
from cultiva.meetings.forms.attendance import VerifyForm
from cultiva.meetings.models import Certificate
from cultiva.meetings.selectors.attendance import (
    attended_registrations,
    certificate_by_code,
    normalise_verification_code,
)
from cultiva.meetings.services import certificates as services
from cultiva.meetings.views.common import visible_meeting
from cultiva.processes.views import get_visible_process


def _verification_url(request, certificate: Certificate) -> str:
    return absolute_url(
        reverse("meetings:certificate_verify", args=[certificate.verification_code])
    )


def _pdf_response(request, certificate: Certificate, stem: str):
    languages = services.certificate_languages(request.GET.get("lang"), request.user)
    pdf = services.certificate_render_pdf(
        certificate=certificate,
        languages=languages,
        verification_url=_verification_url(request, certificate),
    )
    filename = f"{slugify(stem) or 'certificate'}-{'-'.join(languages)}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _ask_for_name(request):
    """Someone without a name is sent to their profile first: a certificate is made out to a
    name, never to "participant"."""
    verdict = rules.has_name_for_certificate(request.user)
    if verdict:
        return None
    messages.info(request, verdict.reason)
    return redirect("accounts:profile")


def meeting_certificate(request, slug: str, pk: int):
    meeting = visible_meeting(request, slug, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    rules.can_get_meeting_certificate(request.user, meeting).enforce()
    if unnamed := _ask_for_name(request):
        return unnamed
    certificate = services.certificate_issue_for_meeting(person=request.user, meeting=meeting)
    return _pdf_response(request, certificate, f"certificate-{meeting.pk}")


def series_certificate(request, slug: str):
    process = get_visible_process(request, slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    rules.can_get_series_certificate(request.user, process).enforce()
    if unnamed := _ask_for_name(request):
        return unnamed
    certificate = services.certificate_issue_for_series(person=request.user, process=process)
    return _pdf_response(request, certificate, f"certificate-{process.slug}")


def certificate_verify_form(request):
    form = VerifyForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("meetings:certificate_verify", code=form.cleaned_data["code"])
    return render(request, "meetings/certificates/verify_form.html", {"form": form})


def certificate_verify(request, code: str):
    """Public: is there a certificate with this code, and what does it say?"""
    normalised = normalise_verification_code(code)
    certificate = certificate_by_code(code=code) if normalised else None
    if certificate is None:
        return render(
            request,
            "meetings/certificates/verify_missing.html",
            {"form": VerifyForm(), "malformed": normalised is None, "code": code[:40]},
            status=404,
        )
    if normalised != code:
        return redirect("meetings:certificate_verify", code=normalised)
    validity = rules.certificate_validity(certificate)
    if not validity:
        return render(
            request,
            "meetings/certificates/verify_invalid.html",
            {"certificate": certificate, "reason": validity.reason, "form": VerifyForm()},
        )
    meetings = []
    if certificate.kind == Certificate.Kind.SERIES:
        meetings = [
            registration.meeting
            for registration in attended_registrations(
                person=certificate.person_id,
                process=certificate.process,
                until=certificate.issued_at,
            )
        ]
    return render(
        request,
        "meetings/certificates/verify.html",
        {"certificate": certificate, "meetings": meetings, "process": certificate.process},
    )
