"""Published review results: a process's published review rounds and each one's ranking, with
aggregated scores, stability and the reviewers' reasons (their names only when the round
publishes them). Nothing of a round shows before its results are published."""

from typing import Literal

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import paginate

from cultiva.api.auth import request_user
from cultiva.api.pagination import PageNumberPagination
from cultiva.api.params import ObjectId, ProcessSlug
from cultiva.api.queries import visible_process_or_404
from cultiva.api.responses import ApiRouter, errors
from cultiva.api.schemas import Multilingual, OrganisationRef
from cultiva.core.http import NotFound
from cultiva.core.i18n import localize
from cultiva.portfolio import ranking
from cultiva.portfolio.models import Criterion, ReviewRound
from cultiva.portfolio.ranking_rules import can_view_results
from cultiva.portfolio.ranking_selectors import round_ranking

router = ApiRouter(tags=["review results"])


class ReviewCriterionOut(Schema):
    id: int
    name: Multilingual
    display_name: str
    weight: float
    scale_min: int
    scale_max: int

    @staticmethod
    def resolve_display_name(obj) -> str:
        return localize(obj.name)

    @staticmethod
    def resolve_weight(obj) -> float:
        return float(obj.weight)


class ReviewRoundOut(Schema):
    id: int
    process: str = Field(description="Slug of the process.")
    title: Multilingual
    display_title: str
    funding_line: int | None = Field(description="How many projects the money reaches (top N).")
    normalise_severity: bool = Field(description="Whether reviewers' severity was normalised.")
    reviewer_names_published: bool
    criteria: list[ReviewCriterionOut]

    @staticmethod
    def resolve_process(obj) -> str:
        return obj.process.slug

    @staticmethod
    def resolve_display_title(obj) -> str:
        return localize(obj.title)

    @staticmethod
    def resolve_reviewer_names_published(obj) -> bool:
        return obj.publish_reviewer_names

    @staticmethod
    def resolve_criteria(obj) -> list:
        return list(obj.criteria.all())


class ReviewedProjectRef(Schema):
    id: int
    code: str
    title: Multilingual
    display_title: str
    lead_organisation: OrganisationRef | None

    @staticmethod
    def resolve_display_title(obj) -> str:
        return localize(obj.title) or obj.code


class CriterionMeanOut(Schema):
    criterion: int = Field(description="Id of the criterion.")
    mean: float | None = Field(description="Mean score on the criterion's own scale.")


class ReviewReasonOut(Schema):
    criterion: int
    reviewer: str = Field(
        description="The reviewer's name when the round publishes names, else “Reviewer n”."
    )
    score: int | None
    reason: str


class RecommendationsOut(Schema):
    fund: int
    maybe: int
    no: int


class ReviewResultOut(Schema):
    project: ReviewedProjectRef
    rank: int | None = Field(description="Equal scores share a rank (1, 2, 2, 4); null: no review.")
    tied: bool
    score: float | None = Field(description="Weighted score out of 100.")
    review_count: int
    criterion_means: list[CriterionMeanOut]
    recommendations: RecommendationsOut
    disagreement: bool = Field(description="The reviewers' totals are far apart.")
    rank_low: int | None = Field(description="Best rank of the stability interval (5th pct).")
    rank_high: int | None = Field(description="Worst rank of the stability interval (95th pct).")
    share_in_top: float | None = Field(
        description="Share of bootstrap draws in which the project is within the funding line."
    )
    stability: Literal["in", "borderline", "out"] | None
    explanation: str = Field(description="Why the project is borderline, in words.")
    reasons: list[ReviewReasonOut]


class ReviewRoundResultsOut(ReviewRoundOut):
    results: list[ReviewResultOut]


def _published_rounds(process):
    return (
        ReviewRound.objects.filter(process=process, status=ReviewRound.Status.PUBLISHED)
        .select_related("process")
        .prefetch_related(
            Prefetch("criteria", queryset=Criterion.objects.order_by("position", "pk"))
        )
        .order_by("-created_at", "-pk")
    )


@router.get(
    "/{slug}/review-rounds",
    response={200: list[ReviewRoundOut], **errors(404)},
    summary="The published review rounds of a process",
)
@paginate(PageNumberPagination)
def review_rounds(request, slug: ProcessSlug):
    """Only rounds whose results are published; newest first."""
    process = visible_process_or_404(user=request_user(request), slug=slug)
    return _published_rounds(process)


@router.get(
    "/{slug}/review-rounds/{id}",
    response={200: ReviewRoundResultsOut, **errors(404)},
    summary="The published results of a review round",
)
def review_round_results(request, slug: ProcessSlug, id: ObjectId):
    """The ranking, by rank, projects without a review last."""
    user = request_user(request)
    process = visible_process_or_404(user=user, slug=slug)
    found = _published_rounds(process).filter(pk=id).first()
    if found is None or not can_view_results(user, found):
        raise NotFound(_("No published review round with this id in the process."))
    outcome = round_ranking(review_round=found)
    found.results = [_result(row) for row in outcome.rows]
    return found


def _result(row) -> dict:
    result, stability = row.result, row.stability
    return {
        "project": row.project,
        "rank": result.rank,
        "tied": result.tied,
        "score": row.score_points,
        "review_count": result.review_count,
        "criterion_means": [
            {"criterion": c.criterion.pk, "mean": None if c.mean is None else round(c.mean, 3)}
            for c in row.criteria
        ],
        "recommendations": {value: count for value, _label, count in row.recommendation_counts},
        "disagreement": result.disagreement,
        "rank_low": stability.rank_low if stability else None,
        "rank_high": stability.rank_high if stability else None,
        "share_in_top": stability.share_in if stability else None,
        "stability": stability.label if stability else None,
        "explanation": row.explanation
        if stability and stability.label == ranking.BORDERLINE
        else "",
        "reasons": [
            {
                "criterion": c.criterion.pk,
                "reviewer": reason.reviewer,
                "score": reason.value,
                "reason": reason.text,
            }
            for c in row.criteria
            for reason in c.reasons
        ],
    }
