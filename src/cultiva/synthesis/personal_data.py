"""The personal data `synthesis` holds: opinion statements and votes. They stay on erasure
(the opinion map's counts), attributed to the erased account."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cultiva.accounts.data_rights import PersonalData, register, rows


def _opinions(person) -> list[dict]:
    from cultiva.synthesis.models import OpinionVote, Statement

    statements = rows(
        Statement.objects.filter(author=person), ["conversation__title", "text", "created_at"]
    )
    votes = rows(
        OpinionVote.objects.filter(voter=person), ["statement__text", "value", "updated_at"]
    )
    return [{"statement": s} for s in statements] + [{"vote": v} for v in votes]


def register_sources() -> None:
    register(PersonalData("synthesis.opinions", _("Opinion statements and votes"), _opinions))
