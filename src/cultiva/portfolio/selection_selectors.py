"""Reads of saved portfolios: their evaluation and comparison, in a fixed number of queries.

The score a rule ranks by comes from a *score source*: a callable taking the process and
returning `RoundScores` (the round it used, if any, and a score per project id). The default,
`review_round_scores`, takes the process's latest review round that is closed or published
and gives each project the mean of its submitted reviews' weighted scores (see
`selection_rules.mean_weighted_scores`); reviews of assignments removed for a conflict of
interest do not count. Pass another source (the ranking's, once it exists) to
`selection_evaluate` / `selection_compare` to rank by something else.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import Count, Prefetch, QuerySet

from cultiva.core.i18n import localize
from cultiva.core.models import Settlement
from cultiva.ideas.models import Contribution
from cultiva.portfolio import selection_rules
from cultiva.portfolio.comparison import Comparison, ProjectFacts, compare
from cultiva.portfolio.models import (
    Project,
    ProjectOrigin,
    ProjectPartner,
    ReviewAssignment,
    ReviewRound,
    SavedPortfolio,
    Score,
)
from cultiva.processes.models import Process

NEED_KINDS = (Contribution.Kind.NEED, Contribution.Kind.SHORTCOMING)
# A project picked by hand that has since left the portfolio (a proposal sent back, declined).
NOT_IN_PORTFOLIO = "not_in_portfolio"


@dataclass
class RoundScores:
    round: ReviewRound | None
    scores: dict[int, float] = field(default_factory=dict)


ScoreSource = Callable[[Process], RoundScores]


def review_round_scores(process: Process) -> RoundScores:
    """The mean weighted score of each project in the latest closed or published round
    (two queries)."""
    review_round = (
        ReviewRound.objects.filter(
            process=process,
            status__in=[ReviewRound.Status.CLOSED, ReviewRound.Status.PUBLISHED],
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    if review_round is None:
        return RoundScores(round=None)
    rows = Score.objects.filter(
        review__assignment__round=review_round,
        review__assignment__status=ReviewAssignment.Status.ASSIGNED,
        review__status="submitted",
    ).values_list("review__assignment__project_id", "review_id", "value", "criterion__weight")
    return RoundScores(round=review_round, scores=selection_rules.mean_weighted_scores(rows))


def process_projects(*, process: Process) -> list[Project]:
    """Every project of the process with what selections show, compare and print in the
    catalogue (six queries)."""
    needs = ProjectOrigin.objects.filter(contribution__kind__in=NEED_KINDS).only(
        "project_id", "contribution_id"
    )
    return list(
        Project.objects.filter(process=process)
        .select_related("lead_organisation")
        .prefetch_related(
            "domains",
            Prefetch(
                "partnerships", queryset=ProjectPartner.objects.select_related("organisation")
            ),
            Prefetch("settlements", queryset=Settlement.objects.select_related("micro_region")),
            Prefetch("origin_links", queryset=needs, to_attr="need_links"),
        )
        .order_by("code")
    )


def regions_of(project: Project) -> frozenset[str]:
    return frozenset(s.micro_region.name for s in project.settlements.all() if s.micro_region)


def facts_of(project: Project, scores: dict[int, float]) -> ProjectFacts:
    return ProjectFacts(
        pk=project.pk,
        code=project.code,
        title=localize(project.title),
        budget=project.budget_total,
        score=scores.get(project.pk),
        domains=frozenset(str(d) for d in project.domains.all()),
        regions=regions_of(project),
        needs=frozenset(link.contribution_id for link in project.need_links),
    )


def selections_of(*, process: Process) -> QuerySet[SavedPortfolio]:
    return (
        SavedPortfolio.objects.filter(process=process)
        .select_related("created_by")
        .annotate(picked=Count("projects"))
        .order_by("name", "pk")
    )


def selection_of(*, process: Process) -> QuerySet[SavedPortfolio]:
    """The process's saved portfolios with their hand-picked project ids (pick one with
    .get(pk=)); a saved portfolio of another process is not among them."""
    return (
        SavedPortfolio.objects.filter(process=process)
        .select_related("process", "created_by")
        .prefetch_related(Prefetch("projects", queryset=Project.objects.only("pk")))
    )


def rule_budget(selection: SavedPortfolio) -> Decimal | None:
    try:
        return Decimal(str(selection.parameters.get("budget")))
    except (InvalidOperation, TypeError, ValueError):
        return None


@dataclass
class Evaluation:
    selection: SavedPortfolio
    projects: list[Project]
    excluded: list[tuple[Project, str]]
    round_scores: RoundScores
    region_of: dict[int, list[str]] = field(default_factory=dict)
    spent: Decimal | None = None

    @property
    def scores(self) -> dict[int, float]:
        return self.round_scores.scores

    @property
    def total_budget(self) -> Decimal:
        return sum((p.budget_total for p in self.projects if p.budget_total), Decimal("0"))


def selection_evaluate(
    *,
    selection: SavedPortfolio,
    projects: Sequence[Project] | None = None,
    round_scores: RoundScores | None = None,
    score_source: ScoreSource | None = None,
) -> Evaluation:
    """The projects a saved portfolio holds today, in order, and those left out with why."""
    if projects is None:
        projects = process_projects(process=selection.process)
    if round_scores is None:
        round_scores = (score_source or review_round_scores)(selection.process)
    by_pk = {p.pk: p for p in projects}
    in_portfolio = [p for p in projects if p.proposal_status == Project.ProposalStatus.ACCEPTED]
    scores = round_scores.scores
    if selection.kind == SavedPortfolio.Kind.HAND:
        picked = sorted(
            (by_pk[p.pk] for p in selection.projects.all() if p.pk in by_pk),
            key=lambda p: p.code,
        )
        return Evaluation(
            selection=selection,
            projects=[p for p in picked if p.proposal_status == Project.ProposalStatus.ACCEPTED],
            excluded=[
                (p, NOT_IN_PORTFOLIO)
                for p in picked
                if p.proposal_status != Project.ProposalStatus.ACCEPTED
            ],
            round_scores=round_scores,
        )
    candidates = [
        selection_rules.Candidate(
            pk=p.pk,
            code=p.code,
            score=scores.get(p.pk),
            budget=p.budget_total,
            regions=regions_of(p),
        )
        for p in in_portfolio
    ]
    spent = None
    if selection.rule == SavedPortfolio.Rule.TOP_N:
        outcome = selection_rules.top_n(candidates, int(selection.parameters.get("n") or 1))
    elif selection.rule == SavedPortfolio.Rule.BEST_PER_REGION:
        outcome = selection_rules.best_per_region(candidates)
    else:
        outcome = selection_rules.within_budget(candidates, rule_budget(selection) or Decimal(0))
        spent = outcome.spent
    return Evaluation(
        selection=selection,
        projects=[by_pk[pk] for pk in outcome.chosen],
        excluded=[(by_pk[pk], reason) for pk, reason in outcome.excluded],
        round_scores=round_scores,
        region_of=outcome.region_of,
        spent=spent,
    )


@dataclass
class SelectionComparison:
    evaluations: list[Evaluation]
    comparison: Comparison
    needs_raised: int


def selection_compare(
    *,
    process: Process,
    selections: Sequence[SavedPortfolio],
    score_source: ScoreSource | None = None,
) -> SelectionComparison:
    """Two or three saved portfolios of the process side by side (a fixed number of queries:
    the projects and scores are loaded once for all of them)."""
    projects = process_projects(process=process)
    round_scores = (score_source or review_round_scores)(process)
    evaluations = [
        selection_evaluate(selection=s, projects=projects, round_scores=round_scores)
        for s in selections
    ]
    in_portfolio = [p for p in projects if p.proposal_status == Project.ProposalStatus.ACCEPTED]
    all_domains = sorted({str(d) for p in in_portfolio for d in p.domains.all()})
    all_regions = sorted(set().union(*(regions_of(p) for p in in_portfolio)))
    comparison = compare(
        [
            (e.selection.name, [facts_of(p, round_scores.scores) for p in e.projects])
            for e in evaluations
        ],
        all_domains=all_domains,
        all_regions=all_regions,
    )
    needs_raised = Contribution.objects.filter(
        process=process,
        kind__in=NEED_KINDS,
        status__in=[Contribution.Status.SUBMITTED, Contribution.Status.IN_PORTFOLIO],
    ).count()
    return SelectionComparison(
        evaluations=evaluations, comparison=comparison, needs_raised=needs_raised
    )
