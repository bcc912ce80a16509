"""Project proposals of a process, written with a token (see `portfolio.proposal_services`).

A member proposes a project for one of their organisations (a draft), changes it while it is
a draft or changes were asked for, and submits it; the facilitators decide on the site. The
same rules hold as on the site: a draft is seen by its organisation's people and the
process's facilitators and coordinators only (404 for everyone else).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from ninja.errors import ValidationError

from cultiva.accounts.models import Organisation
from cultiva.api.auth import request_user, require_token
from cultiva.api.endpoints.contributions import (
    MULTILINE_PATTERN,
    Reference,
    SirutaCode,
    Slug,
    _django_errors,
    _field_error,
    _terms,
)
from cultiva.api.params import ObjectId, ProcessSlug
from cultiva.api.queries import visible_process_or_404
from cultiva.api.responses import ApiRouter, ObjectIn, errors
from cultiva.api.schemas import OrganisationRef, choice
from cultiva.core.http import NotFound
from cultiva.core.i18n import localize
from cultiva.core.models import Settlement
from cultiva.portfolio import proposal_services as services
from cultiva.portfolio import rules
from cultiva.portfolio.models import Project
from cultiva.portfolio.proposal_selectors import origin_choices, proposal_detail
from cultiva.portfolio.proposals import EDITABLE_BY_LEAD

router = ApiRouter(tags=["proposals"])

S = Project.ProposalStatus
ProposalStatus = choice(S)
Text = Annotated[str, Field(max_length=4000, pattern=MULTILINE_PATTERN)]
MultilingualIn = dict[Literal["hu", "ro", "en"], Text]


class ProposalStepOut(Schema):
    status: ProposalStatus
    reason: str = Field(description="Why (when changes were asked for, or it was declined).")
    at: dt.datetime

    @staticmethod
    def resolve_status(obj) -> str:
        return obj.target

    @staticmethod
    def resolve_at(obj) -> dt.datetime:
        return obj.taken_at


class ProposalOut(Schema):
    id: int
    process: str = Field(description="Slug of the process.")
    code: str = Field(description="Empty until the proposal is accepted into the portfolio.")
    status: ProposalStatus
    title: dict[str, str]
    display_title: str
    summary: dict[str, str]
    objectives: dict[str, str]
    lead_organisation: OrganisationRef | None
    domains: list[str] = Field(description="Slugs of the cultural domains.")
    settlements: list[int] = Field(description="SIRUTA codes.")
    origins: list[int] = Field(description="Ids of the contributions it builds on.")
    version: int
    steps: list[ProposalStepOut] = Field(description="Its history, newest first.")

    @staticmethod
    def resolve_process(obj) -> str:
        return obj.process.slug

    @staticmethod
    def resolve_status(obj) -> str:
        return obj.proposal_status

    @staticmethod
    def resolve_display_title(obj) -> str:
        return localize(obj.title)

    @staticmethod
    def resolve_domains(obj) -> list[str]:
        return [term.slug for term in obj.domains.all()]

    @staticmethod
    def resolve_settlements(obj) -> list[int]:
        return [settlement.siruta for settlement in obj.settlements.all()]

    @staticmethod
    def resolve_origins(obj) -> list[int]:
        return [link.contribution_id for link in obj.origin_links.all()]

    @staticmethod
    def resolve_steps(obj) -> list:
        return list(obj.proposal_steps.all())


class ProposalIn(ObjectIn):
    title: MultilingualIn = Field(description="At least one language.")
    summary: MultilingualIn = Field(default_factory=dict)
    objectives: MultilingualIn = Field(default_factory=dict)
    lead_organisation: Reference = Field(description="One of your organisations.")
    domains: list[Slug] = Field(default_factory=list, max_length=20, description="Domain slugs.")
    settlements: list[SirutaCode] = Field(
        default_factory=list, max_length=100, description="SIRUTA codes."
    )
    origins: list[Reference] = Field(
        default_factory=list,
        max_length=100,
        description="Ids of the process's published contributions it builds on.",
    )


class ProposalPatch(ObjectIn):
    """Only the fields sent are changed."""

    title: MultilingualIn | None = None
    summary: MultilingualIn | None = None
    objectives: MultilingualIn | None = None
    lead_organisation: Reference | None = None
    domains: list[Slug] | None = Field(None, max_length=20)
    settlements: list[SirutaCode] | None = Field(None, max_length=100)
    origins: list[Reference] | None = Field(None, max_length=100)


def _clean(value: dict[str, str] | None) -> dict[str, str]:
    return {code: text.strip() for code, text in (value or {}).items() if text.strip()}


def _resolve(process, payload, errors: list) -> dict:
    """The payload's references as objects; unknown ones noted in `errors`."""
    found: dict = {}
    if payload.get("lead_organisation") is not None:
        organisation = Organisation.objects.filter(
            pk=payload["lead_organisation"], merged_into__isnull=True
        ).first()
        if organisation is None:
            errors.append(_field_error("lead_organisation", _("No organisation with this id.")))
        found["lead_organisation"] = organisation
    if payload.get("domains") is not None:
        found["domains"] = _terms("domain", payload["domains"], "domains", errors)
    if payload.get("settlements") is not None:
        wanted = list(dict.fromkeys(payload["settlements"]))
        settlements = list(Settlement.objects.filter(siruta__in=wanted))
        if len(settlements) != len(wanted):
            known = {s.siruta for s in settlements}
            unknown = ", ".join(str(code) for code in wanted if code not in known)
            errors.append(
                _field_error("settlements", _("Unknown: %(values)s.") % {"values": unknown})
            )
        found["settlements"] = settlements
    if payload.get("origins") is not None:
        wanted = list(dict.fromkeys(payload["origins"]))
        origins = list(origin_choices(process=process).filter(pk__in=wanted))
        if len(origins) != len(wanted):
            errors.append(
                _field_error("origins", _("Choose published contributions of this process."))
            )
        found["origins"] = origins
    for name in ("title", "summary", "objectives"):
        if payload.get(name) is not None:
            found[name] = _clean(payload[name])
    if "title" in found and not found["title"]:
        errors.append(_field_error("title", _("Fill in the text in at least one language.")))
    return found


def _proposal(user, process, id: int) -> Project:
    try:
        project = proposal_detail(process=process, pk=id)
    except Project.DoesNotExist:
        project = None
    if project is None or not rules.can_view_project(user, project):
        raise NotFound(_("No proposal with this id in the process."))
    return project


@router.post(
    "/{slug}/proposals",
    response={201: ProposalOut, **errors(403, 404)},
    summary="Propose a project for your organisation (a draft)",
)
def proposal_create(request, slug: ProcessSlug, payload: ProposalIn):
    user = request_user(request)
    require_token(user)
    process = visible_process_or_404(user=user, slug=slug)
    rules.can_propose(user, process).enforce()
    problems: list[dict] = []
    found = _resolve(process, payload.dict(), problems)
    if problems:
        raise ValidationError(problems)
    try:
        created = services.proposal_create(
            actor=user,
            process=process,
            title=found["title"],
            summary=found.get("summary", {}),
            objectives=found.get("objectives", {}),
            lead_organisation=found["lead_organisation"],
            domains=found.get("domains", []),
            settlements=found.get("settlements", []),
            origins=found.get("origins", []),
        )
    except DjangoValidationError as exc:
        raise ValidationError(_django_errors(exc)) from None
    return Status(201, proposal_detail(process=process, pk=created.pk))


@router.get(
    "/{slug}/proposals/{id}",
    response={200: ProposalOut, **errors(404)},
    summary="One proposal (its organisation's people and the process's staff)",
)
def proposal(request, slug: ProcessSlug, id: ObjectId):
    user = request_user(request)
    process = visible_process_or_404(user=user, slug=slug)
    return _proposal(user, process, id)


@router.patch(
    "/{slug}/proposals/{id}",
    response={200: ProposalOut, **errors(403, 404, 409)},
    summary="Change a proposal (while a draft, or when changes were asked for)",
)
def proposal_update(request, slug: ProcessSlug, id: ObjectId, payload: ProposalPatch):
    user = request_user(request)
    require_token(user)
    process = visible_process_or_404(user=user, slug=slug)
    project = _proposal(user, process, id)
    _refuse_unless(user, project, rules.can_edit_proposal(user, project))
    problems: list[dict] = []
    found = _resolve(process, payload.dict(exclude_unset=True), problems)
    if problems:
        raise ValidationError(problems)
    values = {
        "title": found.get("title", project.title),
        "summary": found.get("summary", project.summary),
        "objectives": found.get("objectives", project.objectives),
        "lead_organisation": found.get("lead_organisation", project.lead_organisation),
        "domains": found.get("domains", list(project.domains.all())),
        "settlements": found.get("settlements", list(project.settlements.all())),
        "origins": found.get("origins", [link.contribution for link in project.origin_links.all()]),
    }
    try:
        services.proposal_update(actor=user, project=project, **values)
    except DjangoValidationError as exc:
        raise ValidationError(_django_errors(exc)) from None
    return proposal_detail(process=process, pk=project.pk)


@router.post(
    "/{slug}/proposals/{id}/submit",
    response={200: ProposalOut, **errors(403, 404, 409)},
    summary="Submit a proposal for the facilitators' decision",
)
def proposal_submit(request, slug: ProcessSlug, id: ObjectId):
    user = request_user(request)
    require_token(user)
    process = visible_process_or_404(user=user, slug=slug)
    project = _proposal(user, process, id)
    verdict = rules.can_take_proposal_step(user, project, S.SUBMITTED)
    _refuse_unless(user, project, verdict)
    services.proposal_step_take(
        actor=user, project=project, target=S.SUBMITTED, source=project.proposal_status
    )
    return proposal_detail(process=process, pk=project.pk)


def _refuse_unless(user, project: Project, verdict) -> None:
    """403 for who may not; 409 for the proposal's people when its state does not allow it."""
    if verdict:
        return
    if rules.is_lead_person(user, project) and project.proposal_status not in EDITABLE_BY_LEAD:
        raise DjangoValidationError(
            _("The proposal is “%(status)s”: this is not possible now.")
            % {"status": project.get_proposal_status_display()},
            code="conflict",
        )
    raise PermissionDenied(verdict.reason)
