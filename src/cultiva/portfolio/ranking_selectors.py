"""Reads of a review round's ranking: the round's rows turned into `portfolio.ranking`'s plain
input (four queries whatever the number of projects and reviews), and its output dressed for
the pages, the spreadsheet and the API.

What counts: the submitted reviews of assignments still assigned (not removed for a conflict
of interest or by the coordinator). The projects ranked: those entered into the round as
eligible, plus any project with a counted review.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cultiva.core.http import get_or_not_found
from cultiva.core.i18n import localize
from cultiva.portfolio import ranking
from cultiva.portfolio.models import (
    Criterion,
    Project,
    Review,
    ReviewAssignment,
    ReviewRound,
    RoundProject,
    Score,
)
from cultiva.portfolio.ranking_rules import RANKING_READERS
from cultiva.processes.models import Process
from cultiva.processes.rules import has_role

BAR_WIDTH = 120  # the stability bar's width, in SVG units


def review_round_of(*, process: Process, pk: int) -> ReviewRound:
    """The round, reached through the process in the address (404 from another one)."""
    return get_or_not_found(
        ReviewRound.objects.filter(process=process).select_related("process"),
        _("There is no such review round in this process."),
        pk=pk,
    )


@dataclass
class ReviewRow:
    pk: int
    reviewer: object  # the User
    project_id: int
    recommendation: str
    scores: dict = field(default_factory=dict)  # criterion pk -> value
    reasons: dict = field(default_factory=dict)  # criterion pk -> reason


@dataclass
class RoundData:
    review_round: ReviewRound
    criteria: list[Criterion]
    projects: list[Project]
    reviews: list[ReviewRow]


def round_data(*, review_round: ReviewRound) -> RoundData:
    """Criteria, projects, counted reviews and their scores: four queries."""
    criteria = list(Criterion.objects.filter(round=review_round).order_by("position", "pk"))
    entries = (
        RoundProject.objects.filter(round=review_round, eligible=True)
        .select_related("project__lead_organisation")
        .order_by("project__code", "project__pk")
    )
    projects = {entry.project_id: entry.project for entry in entries}
    counted = (
        Review.objects.filter(
            assignment__round=review_round,
            assignment__status=ReviewAssignment.Status.ASSIGNED,
            status=Review.Status.SUBMITTED,
        )
        .select_related("assignment__reviewer", "assignment__project__lead_organisation")
        .order_by("assignment__reviewer_id", "pk")
    )
    rows = {}
    for review in counted:
        assignment = review.assignment
        projects.setdefault(assignment.project_id, assignment.project)
        rows[review.pk] = ReviewRow(
            pk=review.pk,
            reviewer=assignment.reviewer,
            project_id=assignment.project_id,
            recommendation=review.recommendation,
        )
    scores = Score.objects.filter(review__in=counted.values("pk")).values_list(
        "review_id", "criterion_id", "value", "reason"
    )
    for review_id, criterion_id, value, reason in scores:
        row = rows.get(review_id)
        if row is not None:
            row.scores[criterion_id] = value
            row.reasons[criterion_id] = reason
    ordered = sorted(projects.values(), key=lambda p: (p.code, p.pk))
    return RoundData(
        review_round=review_round,
        criteria=criteria,
        projects=ordered,
        reviews=list(rows.values()),
    )


def ranking_input(data: RoundData) -> dict:
    """`ranking.rank`'s keyword arguments (projects, criteria, reviews) from the round's rows."""
    return {
        "projects": [project.pk for project in data.projects],
        "criteria": [
            ranking.CriterionIn(
                key=c.pk, weight=float(c.weight), scale_min=c.scale_min, scale_max=c.scale_max
            )
            for c in data.criteria
        ],
        "reviews": [
            ranking.ReviewIn(reviewer=row.reviewer.pk, project=row.project_id, scores=row.scores)
            for row in data.reviews
        ],
    }


@dataclass
class Reason:
    reviewer: str  # the name, or "Reviewer 2" when names are not published
    value: int | None
    text: str


@dataclass
class CriterionResult:
    criterion: Criterion
    mean: float | None
    reasons: list[Reason]


@dataclass
class RankedProject:
    project: Project
    result: ranking.ProjectRanking
    criteria: list[CriterionResult]
    recommendations: dict  # Review.Recommendation value -> count
    explanation: str = ""
    bar: dict | None = None  # SVG geometry of the stability interval

    @property
    def score_points(self) -> float | None:
        return None if self.result.score is None else round(self.result.score * 100, 1)

    @property
    def raw_score_points(self) -> float | None:
        return None if self.result.raw_score is None else round(self.result.raw_score * 100, 1)

    @property
    def spread_points(self) -> int | None:
        """How far apart the reviewers' totals are, out of 100."""
        return None if self.result.spread is None else round(self.result.spread * 100)

    @property
    def rank_change(self) -> int | None:
        """How many places the normalisation moved it up (negative: down)."""
        if self.result.rank is None or self.result.raw_rank is None:
            return None
        return self.result.raw_rank - self.result.rank

    @property
    def rank_change_abs(self) -> int:
        return abs(self.rank_change or 0)

    @property
    def recommendation_counts(self) -> list[tuple[str, str, int]]:
        """(value, label, count) for each recommendation, in the form's order."""
        return [
            (value, label, self.recommendations.get(value, 0))
            for value, label in Review.Recommendation.choices
        ]

    @property
    def stability(self) -> ranking.Stability | None:
        return self.result.stability

    @property
    def share_percent(self) -> int | None:
        stability = self.result.stability
        if stability is None or stability.share_in is None:
            return None
        return round(stability.share_in * 100)


@dataclass
class RoundRanking:
    review_round: ReviewRound
    criteria: list[Criterion]
    rows: list[RankedProject]
    result: ranking.RankingResult
    ranked_count: int
    review_count: int

    @property
    def labels(self) -> Counter:
        return Counter(
            row.stability.label for row in self.rows if row.stability and row.stability.label
        )

    @property
    def disagreement_count(self) -> int:
        return sum(row.result.disagreement for row in self.rows)


def round_ranking(*, review_round: ReviewRound, draws: int = ranking.DRAWS) -> RoundRanking:
    """The round's ranking with everything the pages show (four queries)."""
    data = round_data(review_round=review_round)
    result = ranking.rank(
        **ranking_input(data),
        normalise=review_round.normalise_severity,
        funding_line=review_round.funding_line,
        draws=draws,
    )
    projects = {project.pk: project for project in data.projects}
    criteria_by_pk = {c.pk: c for c in data.criteria}
    reviews_of: dict[int, list[ReviewRow]] = {}
    for row in data.reviews:
        reviews_of.setdefault(row.project_id, []).append(row)
    show_names = review_round.publish_reviewer_names
    ranked_count = sum(1 for row in result.projects if row.rank is not None)
    rows = []
    for outcome in result.projects:
        reviews = sorted(reviews_of.get(outcome.project, []), key=lambda r: r.pk)
        names = {
            row.pk: row.reviewer.public_name
            if show_names
            else _("Reviewer %(number)s") % {"number": number}
            for number, row in enumerate(reviews, start=1)
        }
        criteria = [
            CriterionResult(
                criterion=c,
                mean=outcome.criterion_means.get(c.pk),
                reasons=[
                    Reason(
                        reviewer=names[row.pk],
                        value=row.scores.get(c.pk),
                        text=row.reasons.get(c.pk, ""),
                    )
                    for row in reviews
                    if row.reasons.get(c.pk) or c.pk in row.scores
                ],
            )
            for c in data.criteria
        ]
        item = RankedProject(
            project=projects[outcome.project],
            result=outcome,
            criteria=criteria,
            recommendations=Counter(row.recommendation for row in reviews if row.recommendation),
        )
        if outcome.stability is not None:
            item.bar = _bar(outcome, ranked_count, review_round.funding_line)
            if outcome.stability.label == ranking.BORDERLINE:
                item.explanation = borderline_explanation(
                    outcome, review_round.funding_line, criteria_by_pk
                )
        rows.append(item)
    return RoundRanking(
        review_round=review_round,
        criteria=data.criteria,
        rows=rows,
        result=result,
        ranked_count=ranked_count,
        review_count=len(data.reviews),
    )


def _bar(outcome: ranking.ProjectRanking, ranked: int, line: int | None) -> dict:
    """Where the interval, the rank and the funding line fall on a bar of BAR_WIDTH units
    (rank 1 on the left)."""
    stability = outcome.stability
    step = BAR_WIDTH / max(ranked, 1)
    low = (stability.rank_low - 1) * step
    high = stability.rank_high * step
    return {
        "width": BAR_WIDTH,
        "x": round(low, 1),
        "w": round(max(high - low, 2.0), 1),
        "rank": round((outcome.rank - 0.5) * step, 1),
        "line": round(line * step, 1) if line and line < ranked else None,
    }


def borderline_explanation(
    outcome: ranking.ProjectRanking, funding_line: int | None, criteria_by_pk: dict
) -> str:
    """Why a project is borderline, in words decision-makers read."""
    stability = outcome.stability
    share = round(stability.share_in * 100)
    text = [
        ngettext(
            "In the top %(line)s in %(share)s%% of the draws (ranks %(low)s–%(high)s).",
            "In the top %(line)s in %(share)s%% of the draws (ranks %(low)s–%(high)s).",
            funding_line or 0,
        )
        % {
            "line": funding_line,
            "share": share,
            "low": stability.rank_low,
            "high": stability.rank_high,
        }
    ]
    if stability.reason == ranking.REASON_REVIEWERS:
        totals = sorted(outcome.reviewer_totals.values())
        # "Disagree" only for a project flagged so; otherwise its place still hangs on them.
        sentence = (
            _(
                "Its reviewers disagree: their totals range from %(low)s to %(high)s out of "
                "100, so its place depends on which of them one listens to (with its reviewers "
                "resampled alone, it is in the top %(line)s in %(share)s%% of the draws)."
            )
            if outcome.disagreement
            else _(
                "Its place depends on its reviewers: their totals range from %(low)s to "
                "%(high)s out of 100 (with its reviewers resampled alone, it is in the top "
                "%(line)s in %(share)s%% of the draws)."
            )
        )
        text.append(
            sentence
            % {
                "low": round(totals[0] * 100),
                "high": round(totals[-1] * 100),
                "line": funding_line,
                "share": round(stability.share_in_reviewers_only * 100),
            }
        )
    elif stability.reason == ranking.REASON_RIVALS:
        text.append(
            _(
                "Its own reviewers agree, but the reviewers of the projects beside it do not: "
                "with the reviewers drawn again, it is in the top %(line)s in %(share)s%% of "
                "the draws."
            )
            % {"line": funding_line, "share": round(stability.share_in_reviewers_only * 100)}
        )
    elif stability.reason == ranking.REASON_WEIGHT:
        effect = stability.weight_effect
        text.append(
            _(
                "Its rank depends on the weight of the criterion “%(criterion)s”: with that "
                "weight 20%% higher it ranks %(heavier)s, 20%% lower %(lighter)s."
            )
            % {
                "criterion": localize(criteria_by_pk[effect.criterion].name),
                "heavier": effect.rank_heavier,
                "lighter": effect.rank_lighter,
            }
        )
    else:
        text.append(
            _(
                "Its score is so close to the line's that small changes of the weights and "
                "reviewers together move it across."
            )
        )
    return " ".join(text)


def rounds_to_read(*, process, user) -> tuple[list, bool]:
    """The review rounds whose ranking (for its readers) or published results (for everyone
    else) this person may open from the portfolio, newest first; and whether it is the
    ranking. One query."""
    reads_ranking = has_role(user, process, *RANKING_READERS)
    rounds = ReviewRound.objects.filter(process=process).order_by("-created_at", "-pk")
    if reads_ranking:
        rounds = rounds.exclude(status=ReviewRound.Status.DRAFT)
    else:
        rounds = rounds.filter(status=ReviewRound.Status.PUBLISHED)
    return list(rounds), reads_ranking
