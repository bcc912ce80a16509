"""The ranking of a review round with its stability: 2,000 projects × 5 reviewers × 6 criteria,
1,000 bootstrap draws (issue 14's target: ≤ 5 s).

Not a test: prints numbers for the team's notes. No database: `portfolio.ranking` is a plain
module, fed synthetic reviews (each project a true quality, each of 200 reviewers a severity,
scores on 1–5 with noise).

    .venv/bin/python bench/bench_ranking.py [--projects 2000] [--reviewers-per-project 5]
        [--criteria 6] [--draws 1000] [--runs 3] [--normalise] [--line 200]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def synthetic(projects: int, per_project: int, criteria: int, reviewers: int = 200, seed=1):
    import numpy as np

    from cultiva.portfolio.ranking import CriterionIn, ReviewIn

    rng = np.random.default_rng(seed)
    quality = rng.normal(3.2, 0.7, size=projects)
    severity = rng.normal(0.0, 0.4, size=reviewers)
    crits = [
        CriterionIn(key=j, weight=float(w), scale_min=1, scale_max=5)
        for j, w in enumerate(rng.integers(1, 4, size=criteria))
    ]
    reviews = []
    for p in range(projects):
        for r in rng.choice(reviewers, size=per_project, replace=False):
            values = np.clip(
                np.rint(quality[p] - severity[r] + rng.normal(0, 0.6, size=criteria)), 1, 5
            )
            reviews.append(
                ReviewIn(
                    reviewer=int(r),
                    project=p,
                    scores={j: int(v) for j, v in enumerate(values)},
                )
            )
    return list(range(projects)), crits, reviews


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=2000)
    parser.add_argument("--reviewers-per-project", type=int, default=5)
    parser.add_argument("--criteria", type=int, default=6)
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--line", type=int, default=200)
    parser.add_argument("--normalise", action="store_true")
    args = parser.parse_args()

    from cultiva.portfolio.ranking import rank

    projects, criteria, reviews = synthetic(
        args.projects, args.reviewers_per_project, args.criteria
    )
    print(
        f"{args.projects} projects × {args.reviewers_per_project} reviewers × "
        f"{args.criteria} criteria ({len(reviews):,} reviews), {args.draws} draws, "
        f"funding line {args.line}, normalisation {'on' if args.normalise else 'off'}"
    )
    times = []
    result = None
    for _ in range(args.runs):
        started = time.perf_counter()
        result = rank(
            projects=projects,
            criteria=criteria,
            reviews=reviews,
            normalise=args.normalise,
            funding_line=args.line,
            draws=args.draws,
        )
        times.append(time.perf_counter() - started)
    labels = Counter(row.stability.label for row in result.projects)
    reasons = Counter(row.stability.reason for row in result.projects if row.stability.reason)
    flagged = sum(row.disagreement for row in result.projects)
    print(
        f"rank(): p50 {statistics.median(times):.2f} s, max {max(times):.2f} s over "
        f"{args.runs} runs (target ≤ 5 s)"
    )
    print(f"labels: {dict(labels)}; borderline reasons: {dict(reasons)}; disagreement: {flagged}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak RSS of the process: {rss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
