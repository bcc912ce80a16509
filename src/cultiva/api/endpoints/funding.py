"""Funding: a process's funders, programmes and calls (public facts: whoever sees the process
reads them), and an organisation's own applications (with a token).

Every call, funder and programme is reached through its process: a call of an unpublished
process is 404 for those who may not see the process. Applications are the applicant's
business: a token reads its owner's organisations' applications, and every application of
the processes where its owner is a coordinator or facilitator.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from django.db.models import Max, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema
from ninja.pagination import paginate

from cultiva.api.auth import request_user, require_token
from cultiva.api.pagination import PageNumberPagination
from cultiva.api.params import MAX_BIGINT, ObjectId, ProcessSlug, SlugFilter
from cultiva.api.queries import visible_process_or_404
from cultiva.api.responses import ApiRouter, errors
from cultiva.api.schemas import Multilingual, OrganisationRef, choice
from cultiva.core.http import NotFound
from cultiva.core.i18n import localize
from cultiva.funding import catalogue_selectors, match_selectors, rules
from cultiva.funding.models import (
    Application,
    ApplicationStep,
    Call,
    CallDeadline,
    Funder,
    Programme,
)

router = ApiRouter(tags=["funding"])
applications_router = ApiRouter(tags=["funding"])

FunderKind = choice(Funder.Kind)
ApplicationStatus = choice(Application.Status)
CallStatus = Literal["upcoming", "open", "closed"]
IdFilter = Annotated[int | None, Query(ge=1, le=MAX_BIGINT, description="Id of the funder.")]
CallStatusFilter = Annotated[
    CallStatus | None,
    Query(
        description="upcoming: opens later; open: open now, with a deadline ahead or none; "
        "closed: every deadline is past."
    ),
]
ApplicationStatusFilter = Annotated[
    ApplicationStatus | None, Query(description="Status of the application.")
]


# Schemas ---------------------------------------------------------------------------------


class FunderRef(Schema):
    id: int
    short_name: str
    display_name: str

    @staticmethod
    def resolve_display_name(obj) -> str:
        return localize(obj.name)


class FunderOut(Schema):
    id: int
    process: str = Field(description="Slug of the process.")
    name: Multilingual
    display_name: str
    short_name: str
    kind: FunderKind
    country: str
    website: str

    @staticmethod
    def resolve_process(obj) -> str:
        return obj.process.slug

    @staticmethod
    def resolve_display_name(obj) -> str:
        return localize(obj.name)


class ProgrammeOut(Schema):
    id: int
    funder: FunderRef
    name: Multilingual
    display_name: str
    description: Multilingual
    source_url: str

    @staticmethod
    def resolve_display_name(obj) -> str:
        return localize(obj.name)


class ProgrammeRef(Schema):
    id: int
    display_name: str

    @staticmethod
    def resolve_display_name(obj) -> str:
        return localize(obj.name)


class DeadlineOut(Schema):
    stage: Multilingual
    due_at: dt.datetime


class CallOut(Schema):
    id: int
    process: str = Field(description="Slug of the process.")
    code: str
    title: Multilingual
    display_title: str
    funder: FunderRef
    programme: ProgrammeRef
    status: CallStatus
    currency: str
    min_amount: Decimal | None
    max_amount: Decimal | None
    total_budget: Decimal | None
    own_contribution_min_pct: Decimal | None
    funding_rate_max_pct: Decimal | None
    partners_min: int | None
    countries_min: int | None
    duration_max_months: int | None
    opens_on: dt.date | None
    deadlines: list[DeadlineOut]
    source_url: str
    checked_on: dt.date | None

    @staticmethod
    def resolve_process(obj) -> str:
        return obj.process.slug

    @staticmethod
    def resolve_display_title(obj) -> str:
        return localize(obj.title)

    @staticmethod
    def resolve_funder(obj):
        return obj.programme.funder

    @staticmethod
    def resolve_status(obj) -> str:
        return call_status(obj)

    @staticmethod
    def resolve_deadlines(obj) -> list:
        return list(obj.deadlines.all())


class CallDocumentOut(Schema):
    name: Multilingual
    required: bool


class CallAreaOut(Schema):
    basis: str
    country: str
    county: str | None
    settlement: int | None = Field(description="SIRUTA code.")

    @staticmethod
    def resolve_county(obj) -> str | None:
        return str(obj.county) if obj.county_id else None

    @staticmethod
    def resolve_settlement(obj) -> int | None:
        return obj.settlement.siruta if obj.settlement_id else None


class CallDetailOut(CallOut):
    description: Multilingual
    applicant_types: Multilingual
    legal_forms: list[str]
    individuals_admitted: bool
    sectors: list[str] = Field(description="Slugs of the sectors admitted (empty: any).")
    domains: list[Multilingual] = Field(description="The funder's own domains (empty: any).")
    own_contribution_forms: list[str]
    implementation_start: dt.date | None
    implementation_end: dt.date | None
    eligible_costs: Multilingual
    max_applications_per_applicant: int | None
    exclusions: Multilingual
    areas: list[CallAreaOut]
    documents: list[CallDocumentOut]

    @staticmethod
    def resolve_sectors(obj) -> list[str]:
        return [term.slug for term in obj.sectors.all()]

    @staticmethod
    def resolve_domains(obj) -> list:
        return [domain.label for domain in obj.domains.all()]

    @staticmethod
    def resolve_areas(obj) -> list:
        return list(obj.areas.all())

    @staticmethod
    def resolve_documents(obj) -> list:
        return list(obj.documents.all())


class CodedRef(Schema):
    """A project or a call as other objects name it: its id, code and title."""

    id: int
    code: str
    display_title: str

    @staticmethod
    def resolve_display_title(obj) -> str:
        return localize(obj.title)


class ProjectRef(CodedRef):
    pass


class CallRef(CodedRef):
    pass


class ApplicationStepOut(Schema):
    source: ApplicationStatus
    target: ApplicationStatus
    at: dt.datetime

    @staticmethod
    def resolve_at(obj) -> dt.datetime:
        return obj.taken_at


class ApplicationOut(Schema):
    id: int
    process: str = Field(description="Slug of the process.")
    project: ProjectRef
    call: CallRef
    funder: FunderRef
    organisation: OrganisationRef = Field(description="The applicant.")
    status: ApplicationStatus
    currency: str
    requested_amount: Decimal | None
    own_contribution: Decimal | None
    own_contribution_sources: list[str]
    awarded_amount: Decimal | None
    submitted_on: dt.date | None
    decided_on: dt.date | None
    contracted_on: dt.date | None
    funder_reference: str
    notes: str
    rejection_reason: str
    steps: list[ApplicationStepOut] = Field(description="Its history, newest first.")

    @staticmethod
    def resolve_process(obj) -> str:
        return obj.process.slug

    @staticmethod
    def resolve_funder(obj):
        return obj.call.programme.funder

    @staticmethod
    def resolve_steps(obj) -> list:
        return list(obj.steps.all())


# Reads -----------------------------------------------------------------------------------


def call_status(call, now: dt.datetime | None = None) -> str:
    deadlines = [deadline.due_at for deadline in call.deadlines.all()]
    return catalogue_selectors.call_status(call.opens_on, deadlines, now or timezone.now())


def _calls(process) -> QuerySet:
    return (
        Call.objects.filter(process=process)
        .select_related("process", "programme__funder")
        .prefetch_related(Prefetch("deadlines", queryset=CallDeadline.objects.order_by("due_at")))
        .order_by("pk")
    )


def _status_q(status: str) -> Q:
    now = timezone.now()
    today = timezone.localdate(now)
    upcoming = Q(opens_on__gt=today)
    closed = Q(last_deadline__lt=now)
    if status == "upcoming":
        return upcoming
    if status == "closed":
        return ~upcoming & closed
    return ~upcoming & (Q(last_deadline__isnull=True) | Q(last_deadline__gte=now))


def _catalogue_process(request, slug: str):
    user = request_user(request)
    process = visible_process_or_404(user=user, slug=slug)
    if not rules.can_view_catalogue(user, process):
        raise NotFound(_("No process with this address."))
    return process


@router.get(
    "/{slug}/funders",
    response={200: list[FunderOut], **errors(404)},
    summary="List the funders of a process's funding catalogue",
)
@paginate(PageNumberPagination)
def funders(request, slug: ProcessSlug):
    process = _catalogue_process(request, slug)
    return Funder.objects.filter(process=process).select_related("process").order_by("pk")


@router.get(
    "/{slug}/funders/{id}",
    response={200: FunderOut, **errors(404)},
    summary="One funder",
)
def funder(request, slug: ProcessSlug, id: ObjectId):
    process = _catalogue_process(request, slug)
    found = Funder.objects.filter(process=process, pk=id).select_related("process").first()
    if found is None:
        raise NotFound(_("No funder with this id in the process."))
    return found


@router.get(
    "/{slug}/programmes",
    response={200: list[ProgrammeOut], **errors(404)},
    summary="List the funders' programmes",
)
@paginate(PageNumberPagination)
def programmes(request, slug: ProcessSlug, funder: IdFilter = None):
    process = _catalogue_process(request, slug)
    found = Programme.objects.filter(funder__process=process).select_related("funder")
    if funder is not None:
        found = found.filter(funder_id=funder)
    return found.order_by("pk")


@router.get(
    "/{slug}/funding-calls",
    response={200: list[CallOut], **errors(404)},
    summary="List the calls for funding",
)
@paginate(PageNumberPagination)
def calls(request, slug: ProcessSlug, status: CallStatusFilter = None, funder: IdFilter = None):
    """By id. `status` and `funder` narrow the list."""
    process = _catalogue_process(request, slug)
    found = _calls(process)
    if funder is not None:
        found = found.filter(programme__funder_id=funder)
    if status is not None:
        found = found.annotate(last_deadline=Max("deadlines__due_at")).filter(_status_q(status))
    return found


@router.get(
    "/{slug}/funding-calls/{id}",
    response={200: CallDetailOut, **errors(404)},
    summary="One call for funding, with its terms",
)
def call(request, slug: ProcessSlug, id: ObjectId):
    process = _catalogue_process(request, slug)
    found = (
        _calls(process)
        .prefetch_related("sectors", "domains", "areas__county", "areas__settlement", "documents")
        .filter(pk=id)
        .first()
    )
    if found is None:
        raise NotFound(_("No call with this id in the process."))
    return found


class ReasonOut(Schema):
    key: str = Field(description="The rule: legal_form, amount_max, own_contribution, ...")
    status: Literal["ok", "fixable", "blocking"]
    text: str = Field(description="The finding, in the request's language, with its numbers.")
    fix: str = Field(description="What would make it pass, when it can be fixed.")


class CallMatchOut(Schema):
    project: ProjectRef
    verdict: Literal["eligible", "eligible_if", "not_eligible"]
    reasons: list[ReasonOut]


@router.get(
    "/{slug}/funding-calls/{id}/matches",
    response={200: list[CallMatchOut], **errors(404)},
    summary="Which portfolio projects fit a call, best first, each with its verdict and reasons",
)
@paginate(PageNumberPagination)
def call_project_matches(request, slug: ProcessSlug, id: ObjectId):
    """The projects the caller may see: every portfolio project for the process's staff and
    decision-makers, their own organisations' projects for the others (none anonymously)."""
    process = _catalogue_process(request, slug)
    found = _calls(process).filter(pk=id).first()
    if found is None:
        raise NotFound(_("No call with this id in the process."))
    rows = match_selectors.call_matches(user=request_user(request), call=found)
    return [
        {
            "project": row.project_obj,
            "verdict": row.verdict,
            "reasons": [
                {"key": r.key, "status": r.status, "text": str(r.text), "fix": str(r.fix or "")}
                for r in row.reasons
            ],
        }
        for row in rows
    ]


def _applications(user) -> QuerySet:
    return (
        Application.objects.filter(rules.visible_applications_q(user))
        .select_related("process", "project", "call__programme__funder", "organisation")
        .prefetch_related(
            Prefetch("steps", queryset=ApplicationStep.objects.order_by("-taken_at", "-pk"))
        )
        .order_by("-pk")
    )


@applications_router.get(
    "",
    response={200: list[ApplicationOut], **errors(403)},
    summary="Your organisations' applications for funding (with a token)",
)
@paginate(PageNumberPagination)
def applications(request, process: SlugFilter = None, status: ApplicationStatusFilter = None):
    """Newest first: the applications of the token owner's organisations, and every
    application of the processes where the owner is a coordinator or facilitator."""
    user = request_user(request)
    require_token(user)
    found = _applications(user)
    if process:
        found = found.filter(process__slug=process)
    if status is not None:
        found = found.filter(status=status.value if hasattr(status, "value") else status)
    return found


@applications_router.get(
    "/{id}",
    response={200: ApplicationOut, **errors(403, 404)},
    summary="One of your organisations' applications (with a token)",
)
def application(request, id: ObjectId):
    user = request_user(request)
    require_token(user)
    found = _applications(user).filter(pk=id).first()
    if found is None:
        raise NotFound(_("No application with this id among yours."))
    return found
