"""The project portfolio of a process, with each project's origins and measures."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema
from ninja.pagination import paginate

from cultiva.api.auth import request_user
from cultiva.api.pagination import PageNumberPagination
from cultiva.api.params import ObjectId, ProcessSlug
from cultiva.api.queries import (
    project_detail_for_api,
    project_list_for_api,
    visible_process_or_404,
)
from cultiva.api.responses import ApiRouter, errors
from cultiva.api.schemas import (
    Multilingual,
    OrganisationRef,
    ProjectDetailOut,
    ProjectMaturity,
    ProjectOut,
    choice,
)
from cultiva.core.http import NotFound
from cultiva.portfolio.card_layout import BudgetRow, budget_summary
from cultiva.portfolio.models import BudgetLine, Project, ProjectPartner
from cultiva.portfolio.rules import can_view_portfolio, can_view_project
from cultiva.synthesis.models import Theme

router = ApiRouter(tags=["projects"])

BudgetSource = choice(BudgetLine.Source)
MaturityFilter = Annotated[ProjectMaturity | None, Query(description="Maturity of the project.")]


@router.get(
    "/{slug}/projects",
    response={200: list[ProjectOut], **errors(404)},
    summary="List the projects of a process",
)
@paginate(PageNumberPagination)
def projects(request, slug: ProcessSlug, maturity: MaturityFilter = None):
    """By code. `origins` lists only the contributions the caller may read."""
    user = request_user(request)
    process = visible_process_or_404(user=user, slug=slug)
    if not can_view_portfolio(user, process):
        raise NotFound(_("No process with this address."))
    return project_list_for_api(
        user=user, process=process, maturity=maturity.value if maturity else None
    )


@router.get(
    "/{slug}/projects/{id}",
    response={200: ProjectDetailOut, **errors(404)},
    summary="One project",
)
def project(request, slug: ProcessSlug, id: ObjectId):
    user = request_user(request)
    process = visible_process_or_404(user=user, slug=slug)
    found = project_detail_for_api(user=user, process=process, pk=id)
    if not can_view_project(user, found):
        raise NotFound(_("No project with this id in the process."))
    return found


# Project cards -------------------------------------------------------------------------
# The whole card of a portfolio project (proposals still in draft or review are not cards
# yet). Public fields only: no private notes, no e-mail address of anyone.


class PartnerOut(Schema):
    organisation: OrganisationRef
    role: Multilingual


class MilestoneOut(Schema):
    date: dt.date
    name: Multilingual


class BudgetLineOut(Schema):
    year: int
    source: BudgetSource
    planned: Decimal
    secured: Decimal


class BudgetTotalsOut(Schema):
    planned: Decimal
    secured: Decimal


class RiskOut(Schema):
    description: Multilingual
    mitigation: Multilingual


class IndicatorOut(Schema):
    name: Multilingual
    unit: str
    target: Decimal


class AttachmentOut(Schema):
    title: str
    content_type: str
    size: int
    url: str = Field(description="Address of the file (downloaded with the project's visibility).")


class ThemeRef(Schema):
    id: int
    label: Multilingual


class ProjectCardOut(ProjectOut):
    development_area: Multilingual
    programme_theme: Multilingual
    objectives: Multilingual
    rationale: Multilingual
    activities: Multilingual
    expected_results: Multilingual
    synergies: Multilingual
    synergy_projects: list[str] = Field(
        description="Codes of the portfolio projects it works with."
    )
    financing: Multilingual
    responsible_body: Multilingual
    presentation_ideas: Multilingual
    related_proposals: Multilingual
    partners: list[PartnerOut]
    target_groups: list[str] = Field(description="Slugs of the target groups.")
    start_date: dt.date | None
    end_date: dt.date | None
    milestones: list[MilestoneOut]
    budget_lines: list[BudgetLineOut]
    budget_totals: BudgetTotalsOut = Field(description="Sums of the budget lines.")
    risks: list[RiskOut]
    output_indicators: list[IndicatorOut]
    attachments: list[AttachmentOut]
    themes: list[ThemeRef] = Field(description="Themes of the synthesis it came from.")
    version: int

    @staticmethod
    def resolve_partners(obj) -> list[dict]:
        return [{"organisation": p.organisation, "role": p.role} for p in obj.partnerships.all()]

    @staticmethod
    def resolve_target_groups(obj) -> list[str]:
        return [term.slug for term in obj.target_groups.all()]

    @staticmethod
    def resolve_synergy_projects(obj) -> list[str]:
        return [p.code for p in obj.synergy_projects.all()]

    @staticmethod
    def resolve_milestones(obj):
        return obj.milestones.all()

    @staticmethod
    def resolve_budget_lines(obj):
        return obj.budget_lines.all()

    @staticmethod
    def resolve_budget_totals(obj) -> dict:
        summary = budget_summary(
            BudgetRow(b.year, b.source, b.planned, b.secured) for b in obj.budget_lines.all()
        )
        return {"planned": summary.total[0], "secured": summary.total[1]}

    @staticmethod
    def resolve_risks(obj):
        return obj.risks.all()

    @staticmethod
    def resolve_output_indicators(obj):
        return obj.output_indicators.all()

    @staticmethod
    def resolve_attachments(obj) -> list[dict]:
        return [
            {
                "title": a.title,
                "content_type": a.content_type,
                "size": a.size,
                "url": reverse("portfolio:attachment", args=[obj.process.slug, obj.pk, a.pk]),
            }
            for a in obj.attachments.all()
        ]

    @staticmethod
    def resolve_themes(obj):
        return obj.themes.all()


def project_cards_for_api(*, user, process):
    """The portfolio's cards with every part, a fixed number of queries per page."""
    in_portfolio = Project.objects.in_portfolio().order_by("code").only("id", "code", "process_id")
    return (
        project_list_for_api(user=user, process=process)
        .filter(proposal_status=Project.ProposalStatus.ACCEPTED)
        .prefetch_related(
            Prefetch(
                "partnerships",
                queryset=ProjectPartner.objects.select_related("organisation").order_by("pk"),
            ),
            "target_groups",
            Prefetch("synergy_projects", queryset=in_portfolio),
            "milestones",
            "budget_lines",
            "risks",
            "output_indicators",
            "attachments",
            Prefetch(
                "themes", queryset=Theme.objects.order_by("pk").only("id", "label", "project_id")
            ),
        )
    )


@router.get(
    "/{slug}/project-cards",
    response={200: list[ProjectCardOut], **errors(404)},
    summary="The project cards of a process's portfolio",
)
@paginate(PageNumberPagination)
def project_cards(request, slug: ProcessSlug, maturity: MaturityFilter = None):
    """By code; only projects in the portfolio (not proposals). Public fields only."""
    user = request_user(request)
    process = visible_process_or_404(user=user, slug=slug)
    if not can_view_portfolio(user, process):
        raise NotFound(_("No process with this address."))
    cards = project_cards_for_api(user=user, process=process)
    return cards.filter(maturity=maturity.value) if maturity else cards


@router.get(
    "/{slug}/project-cards/{id}",
    response={200: ProjectCardOut, **errors(404)},
    summary="One project card",
)
def project_card(request, slug: ProcessSlug, id: ObjectId):
    user = request_user(request)
    process = visible_process_or_404(user=user, slug=slug)
    found = project_cards_for_api(user=user, process=process).filter(pk=id).first()
    if found is None or not can_view_project(user, found):
        raise NotFound(_("No project with this id in the process."))
    return found
