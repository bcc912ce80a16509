"""The gap matrix of a process: where its needs have no project yet (the portfolio's gap page).

The same filters and the same numbers as the page (`portfolio.views_gaps`): rows by
micro-region or by settlement, contributions raised at a meeting (or at any / none of the
series' meetings) and aimed at a target group. A filter value the page does not offer is
refused with 422 and a message per parameter, in the request's language.
"""

from decimal import Decimal
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Schema
from ninja.errors import ValidationError

from cultiva.api.auth import request_user
from cultiva.api.params import SLUG_PATTERN, ProcessSlug, SlugFilter
from cultiva.api.queries import visible_process_or_404
from cultiva.api.responses import ApiRouter, errors
from cultiva.core.http import NotFound
from cultiva.core.i18n import localize
from cultiva.portfolio import gap_selectors as selectors
from cultiva.portfolio import gaps
from cultiva.portfolio.gap_reports import UNANSWERED_SHOWN, GapFilters, gap_computed
from cultiva.portfolio.rules import can_view_portfolio

router = ApiRouter(tags=["projects"])

RowsFilter = Annotated[
    Literal["regions", "settlements"] | None,
    Query(description="The matrix's rows: micro-regions (the default) or settlements."),
]
MeetingFilter = Annotated[
    str | None,
    Query(
        max_length=20,
        pattern=SLUG_PATTERN,
        description="Only what was raised at this meeting (its id), at any meeting of the "
        "series (`series`) or outside the meetings (`outside`).",
    ),
]


class GapDomainOut(Schema):
    slug: str
    display_name: str


class GapCountsOut(Schema):
    needs: int = Field(description="Needs and shortcomings raised.")
    unanswered: int = Field(description="Of which no portfolio project takes up.")
    ideas: int
    projects: int = Field(description="Portfolio projects (dropped ones answer nothing).")
    budget: Decimal = Field(description="Budget planned: each project's share.")


class GapCellOut(GapCountsOut):
    domain: str = Field(description="Slug of the cultural domain.")
    gap: bool = Field(description="Needs raised here, and no project here.")


class GapTotalOut(GapCountsOut):
    gap_domains: int = Field(description="How many of the row's cells are gaps.")


class GapRowOut(Schema):
    micro_region: int | None = Field(description="Id of the micro-region (rows by region).")
    siruta: int | None = Field(description="SIRUTA code of the settlement (rows by settlement).")
    county_wide: bool = Field(description="What names no settlement (or no micro-region).")
    name: str
    cells: list[GapCellOut]
    total: GapTotalOut


class UnansweredOut(Schema):
    id: int = Field(description="Id of the contribution.")
    kind: str
    title: str
    supports: int = Field(description="Supports plus live-wall dots.")
    settlements: list[int] = Field(description="SIRUTA codes.")
    domains: list[str] = Field(description="Slugs of the cultural domains.")


class WithoutDomainOut(Schema):
    contributions: int
    projects: int


class GapMatrixOut(Schema):
    process: str = Field(description="Slug of the process.")
    rows: Literal["regions", "settlements"]
    meeting: str | None
    target_group: str | None
    currency: str = Field(description="Currency of the budgets (empty when mixed or none).")
    domains: list[GapDomainOut] = Field(description="The columns, in the taxonomy's order.")
    matrix: list[GapRowOut]
    gap_count: int = Field(description="Cells with needs and no project.")
    without_domain: WithoutDomainOut = Field(description="Counted in no cell: no domain given.")
    unanswered_total: int
    unanswered: list[UnansweredOut] = Field(
        description=f"The {UNANSWERED_SHOWN} most supported needs and shortcomings no "
        "portfolio project takes up."
    )


def _counts(cell: gaps.Cell) -> dict:
    return {
        "needs": cell.needs,
        "unanswered": cell.unanswered,
        "ideas": cell.ideas,
        "projects": cell.projects,
        "budget": cell.budget.quantize(Decimal("0.01")),
    }


@router.get(
    "/{slug}/gaps",
    response={200: GapMatrixOut, **errors(404)},
    summary="The gap matrix of a process",
)
def gap_matrix(
    request,
    slug: ProcessSlug,
    rows: RowsFilter = None,
    meeting: MeetingFilter = None,
    target_group: SlugFilter = None,
):
    """Rows × cultural domains: the needs, ideas, projects and budget of each cell, and
    whether it is a gap; then the needs no project takes up, most supported first."""
    user = request_user(request)
    process = visible_process_or_404(user=user, slug=slug)
    if not can_view_portfolio(user, process):
        raise NotFound(_("No process with this address."))
    choices = selectors.gap_filter_choices(user=user, process=process)
    query = {"rows": rows or "", "meeting": meeting or "", "target_group": target_group or ""}
    form = GapFilters(query, choices=choices)
    if not form.is_valid():
        raise ValidationError(
            [
                {"type": "value_error", "loc": ["query", name], "msg": message}
                for name, messages in form.errors.items()
                for message in messages
            ]
        )
    mode = rows or selectors.REGIONS
    computed = gap_computed(
        process=process, meeting=meeting or None, target_group=target_group or "", rows=mode
    )
    data, matrix = computed.data, computed.matrix
    siruta = {pk: info.siruta for pk, info in data.settlements.items()}
    slugs = {term.pk: term.slug for term in data.domains}
    matrix_rows = []
    for row in computed.display_rows:
        county_wide = row.key is gaps.COUNTY_WIDE
        matrix_rows.append(
            {
                "micro_region": None if county_wide or mode != selectors.REGIONS else row.key,
                "siruta": None if county_wide or mode == selectors.REGIONS else siruta[row.key],
                "county_wide": county_wide,
                "name": row.label,
                "cells": [
                    {"domain": term.slug, "gap": cell.gap, **_counts(cell)}
                    for term, cell in row.cells
                ],
                "total": {"gap_domains": row.total.gap_domains, **_counts(row.total)},
            }
        )
    return {
        "process": process.slug,
        "rows": mode,
        "meeting": meeting or None,
        "target_group": target_group or None,
        "currency": data.currencies[0] if len(data.currencies) == 1 else "",
        "domains": [
            {"slug": term.slug, "display_name": localize(term.name) or term.slug}
            for term in data.domains
        ],
        "matrix": matrix_rows,
        "gap_count": matrix.gap_count,
        "without_domain": matrix.without_domain,
        "unanswered_total": computed.unanswered_total,
        "unanswered": [
            {
                "id": need.id,
                "kind": need.kind,
                "title": need.title,
                "supports": need.supports,
                "settlements": [siruta[pk] for pk in need.settlement_ids if pk in siruta],
                "domains": [slugs[pk] for pk in need.domain_ids if pk in slugs],
            }
            for need in computed.unanswered
        ],
    }
