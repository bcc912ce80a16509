"""The personal data `meetings` holds: registrations and attendance, invitations, feedback,
certificates, a speaker profile. Erasure anonymises: the rows stay (counts of places and
attendance, certificates' verification), without the person's answers, name or address."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cultiva.accounts.data_rights import PersonalData, register, rows


def _registrations(person) -> list[dict]:
    from cultiva.meetings.models import Registration

    return rows(
        Registration.objects.filter(person=person).order_by("created_at", "id"),
        [
            "meeting__title",
            "meeting__starts_at",
            "status",
            "answers",
            "personal_code",
            "created_at",
            "cancelled_at",
            "attendance",
            "checked_in_at",
        ],
    )


def _erase_registrations(person) -> int:
    from cultiva.meetings.models import Registration

    return Registration.objects.filter(person=person).update(answers={})


def _invitations_of(person):
    from cultiva.meetings.models import Invitation

    return Invitation.objects.filter(Q(person=person) | Q(email__iexact=person.email))


def _invitations(person) -> list[dict]:
    return rows(_invitations_of(person), ["email", "meeting__title", "sent_at"])


def _erase_invitations(person) -> int:
    return _invitations_of(person).delete()[0]


def _feedback(person) -> list[dict]:
    from cultiva.meetings.models import FeedbackResponse

    return rows(
        FeedbackResponse.objects.filter(respondent=person),
        ["meeting__title", "answers", "created_at"],
    )


def _erase_feedback(person) -> int:
    from cultiva.meetings.models import FeedbackResponse

    return FeedbackResponse.objects.filter(respondent=person).update(respondent=None)


def _certificates(person) -> list[dict]:
    from cultiva.meetings.models import Certificate

    return rows(
        Certificate.objects.filter(person=person),
        [
            "kind",
            "process__slug",
            "meeting__title",
            "holder_name",
            "verification_code",
            "issued_at",
        ],
    )


def _erase_certificates(person) -> int:
    """The certificate stays verifiable; verification says the name was erased on request."""
    from cultiva.meetings.models import Certificate

    return Certificate.objects.filter(person=person).update(holder_name="")


def _speaker(person) -> list[dict]:
    from cultiva.meetings.models import Speaker

    return rows(
        Speaker.objects.filter(person=person), ["full_name", "affiliation", "biography", "email"]
    )


def _erase_speaker(person) -> int:
    from cultiva.meetings.models import Speaker

    return Speaker.objects.filter(person=person).update(person=None, email="")


def _announcements(person) -> list[dict]:
    from cultiva.meetings.models import AnnouncementDelivery

    return rows(
        AnnouncementDelivery.objects.filter(person=person).order_by("announcement__sent_at", "id"),
        ["announcement__subject", "language", "sent_at"],
    )


def _erase_announcements(person) -> int:
    # The announcement keeps its count of recipients; who they were goes.
    from cultiva.meetings.models import AnnouncementDelivery

    return AnnouncementDelivery.objects.filter(person=person).delete()[0]


def _takes_part(person, process) -> bool:
    from cultiva.meetings.models import Registration

    return Registration.objects.filter(person=person, meeting__process=process).exists()


def register_sources() -> None:
    register(
        PersonalData(
            "meetings.registrations",
            _("Registrations and attendance"),
            _registrations,
            _erase_registrations,
            _takes_part,
        )
    )
    register(
        PersonalData("meetings.invitations", _("Invitations"), _invitations, _erase_invitations)
    )
    register(
        PersonalData("meetings.feedback", _("Feedback on meetings"), _feedback, _erase_feedback)
    )
    register(
        PersonalData("meetings.certificates", _("Certificates"), _certificates, _erase_certificates)
    )
    register(PersonalData("meetings.speaker", _("Speaker profile"), _speaker, _erase_speaker))
    register(
        PersonalData(
            "meetings.announcements",
            _("Announcements received"),
            _announcements,
            _erase_announcements,
        )
    )
