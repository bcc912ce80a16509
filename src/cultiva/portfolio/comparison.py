"""Comparing saved portfolios side by side. Plain data in, plain data out; no ORM.

Each selection is a list of `ProjectFacts`; `compare` returns, per selection, its total
budget, the cultural domains and micro-regions it covers, the needs and shortcomings it
answers (those linked as origins of its projects), its mean score, and the projects that
are in it and in none of the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class ProjectFacts:
    pk: int
    code: str
    title: str = ""
    budget: Decimal | None = None
    score: float | None = None
    domains: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    needs: frozenset[int] = frozenset()  # ids of the needs/shortcomings it answers


@dataclass
class Summary:
    name: str
    count: int
    total_budget: Decimal
    without_budget: int
    domains: frozenset[str]
    regions: frozenset[str]
    needs: frozenset[int]
    mean_score: float | None
    scored: int
    only_here: list[ProjectFacts] = field(default_factory=list)


@dataclass
class Comparison:
    summaries: list[Summary]
    # Rows of the coverage tables: (domain or micro-region, [covered by selection i, …]).
    domain_rows: list[tuple[str, list[bool]]]
    region_rows: list[tuple[str, list[bool]]]
    in_all: list[ProjectFacts]


def summarise(name: str, projects: Sequence[ProjectFacts]) -> Summary:
    scores = [p.score for p in projects if p.score is not None]
    return Summary(
        name=name,
        count=len(projects),
        total_budget=sum((p.budget for p in projects if p.budget is not None), Decimal("0")),
        without_budget=sum(1 for p in projects if p.budget is None),
        domains=frozenset().union(*(p.domains for p in projects)),
        regions=frozenset().union(*(p.regions for p in projects)),
        needs=frozenset().union(*(p.needs for p in projects)),
        mean_score=sum(scores) / len(scores) if scores else None,
        scored=len(scores),
    )


def compare(
    selections: Sequence[tuple[str, Sequence[ProjectFacts]]],
    *,
    all_domains: Sequence[str] = (),
    all_regions: Sequence[str] = (),
) -> Comparison:
    """Two or three selections side by side. The coverage rows list `all_domains` and
    `all_regions` (so an uncovered one shows as a gap) plus any other a selection covers."""
    if not 2 <= len(selections) <= 3:
        raise ValueError("compare two or three selections")
    summaries = [summarise(name, projects) for name, projects in selections]
    members = [{p.pk for p in projects} for _name, projects in selections]
    for index, (_name, projects) in enumerate(selections):
        others = set().union(*(m for i, m in enumerate(members) if i != index))
        summaries[index].only_here = sorted(
            (p for p in projects if p.pk not in others), key=lambda p: p.code
        )
    common = set.intersection(*members)
    in_all = sorted(
        {p.pk: p for _n, projects in selections for p in projects if p.pk in common}.values(),
        key=lambda p: p.code,
    )

    def rows(universe: Sequence[str], attribute: str) -> list[tuple[str, list[bool]]]:
        names = list(
            dict.fromkeys(
                [*universe, *sorted(set().union(*(getattr(s, attribute) for s in summaries)))]
            )
        )
        return [(n, [n in getattr(s, attribute) for s in summaries]) for n in names]

    return Comparison(
        summaries=summaries,
        domain_rows=rows(all_domains, "domains"),
        region_rows=rows(all_regions, "regions"),
        in_all=in_all,
    )
