"""The demo's saved portfolios: one picked by hand, one chosen by a rule.

By hand: the projects of the micro-region with the most projects (what a micro-regional
association would put forward). By a rule: the best projects by review score within
2,000,000 RON (it chooses nothing until the process has a closed or published review round;
the page says so).
"""

from __future__ import annotations

from collections import Counter

from cultiva.portfolio.models import Project, SavedPortfolio

HAND_MAX = 8
RULE_BUDGET = "2000000.00"


def demo_saved_portfolios(generator) -> None:
    process, coordinator = generator.process, generator.coordinator
    projects = list(
        Project.objects.in_portfolio()
        .filter(process=process)
        .prefetch_related("settlements__micro_region")
        .order_by("code")
    )
    regions = Counter(
        s.micro_region.name
        for p in projects
        for s in {s.micro_region_id: s for s in p.settlements.all() if s.micro_region}.values()
    )
    saved = 0
    if regions:
        region = regions.most_common(1)[0][0]
        picked = [
            p.pk
            for p in projects
            if any(s.micro_region and s.micro_region.name == region for s in p.settlements.all())
        ][:HAND_MAX]
        hand = SavedPortfolio.objects.create(
            process=process,
            name=f"{region} – kistérségi csomag / pachet microregional",
            kind=SavedPortfolio.Kind.HAND,
            created_by=coordinator,
        )
        hand.projects.set(picked)
        saved += 1
    SavedPortfolio.objects.create(
        process=process,
        name="Kétmillió lej, pontszám szerint / Două milioane de lei, după punctaj",
        kind=SavedPortfolio.Kind.RULE,
        rule="within_budget",
        parameters={"budget": RULE_BUDGET},
        created_by=coordinator,
    )
    generator.counts["saved_portfolios"] = saved + 1
