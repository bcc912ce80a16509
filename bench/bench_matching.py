"""Matching 2,000 projects × 100 calls, every verdict with its reasons (issue 15's target:
≤ 2 s).

Not a test: prints numbers for the team's notes. No database: `funding.eligibility` and
`funding.matching` are plain modules, fed synthetic calls (mixed currencies, legal forms,
areas, domains, amounts, partners, durations, deadlines) and projects. The reasons' texts are
built when read: the second timing reads the reasons' texts of the top 20 projects of every
call (in Hungarian), as the pages do.

    .venv/bin/python bench/bench_matching.py [--projects 2000] [--calls 100] [--runs 3]

Session of 2026-12-07, quiet machine: 200,000 pairs, 1,695,950 reasons, median 1.98 s, best
1.83 s (target ≤ 2 s); the texts of the top 20 per call 0.86 s more.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

FORMS = ["association", "foundation", "public_institution", "local_government", "church"]


def synthetic(projects: int, calls: int, seed: int = 1):
    from cultiva.funding.eligibility import Area, CallTerms, Place, ProjectFacts
    from cultiva.funding.money import Rates

    rng = random.Random(seed)
    today = dt.date(2026, 12, 7)
    rates = Rates(
        [
            ("EUR", Decimal("4.97"), dt.date(2026, 11, 30)),
            ("HUF", Decimal("0.0126"), dt.date(2026, 11, 30)),
        ]
    )
    counties = list(range(1, 6))
    settlements = {s: rng.choice(counties) for s in range(1, 201)}
    call_rows = []
    for i in range(calls):
        currency = rng.choice(["RON", "RON", "EUR", "HUF"])
        scale = {"RON": 1, "EUR": Decimal("0.2"), "HUF": 80}[currency]
        maximum = Decimal(rng.choice([50_000, 250_000, 1_000_000])) * scale
        registered = ()
        if rng.random() < 0.5:
            registered = (Area(country=rng.choice(["RO", "RO", "HU"]), label="RO"),)
        activity = ()
        if rng.random() < 0.3:
            county = rng.choice(counties)
            activity = (Area(county_id=county, label=f"County {county}"),)
        deadline = today + dt.timedelta(days=rng.randint(-60, 200))
        call_rows.append(
            CallTerms(
                id=i + 1,
                title=f"Call {i + 1}",
                currency=currency,
                legal_forms=frozenset(rng.sample(FORMS, 3)) if rng.random() < 0.6 else frozenset(),
                domain_term_ids=frozenset(rng.sample(range(1, 13), 4))
                if rng.random() < 0.7
                else frozenset(),
                domain_labels=("music", "theatre", "heritage", "dance"),
                registered_areas=registered,
                activity_areas=activity,
                min_amount=maximum / 10 if rng.random() < 0.4 else None,
                max_amount=maximum,
                own_contribution_min_pct=Decimal(rng.choice([0, 10, 20])),
                funding_rate_max_pct=Decimal(rng.choice([100, 90, 80])),
                partners_min=rng.choice([None, None, 2, 3]),
                countries_min=rng.choice([None, None, 3]),
                duration_max_months=rng.choice([12, 24, 48]),
                max_applications_per_applicant=rng.choice([None, 1, 2]),
                opens_on=today + dt.timedelta(days=rng.randint(-90, 60)),
                deadlines=(deadline,),
                exclusions="de minimis" if rng.random() < 0.3 else "",
            )
        )
    project_rows = []
    for j in range(projects):
        start = today + dt.timedelta(days=rng.randint(0, 300))
        budget = Decimal(rng.randint(10, 2000) * 1000)
        own = (budget * Decimal(rng.choice([0, 5, 10, 25])) / 100).quantize(Decimal(1))
        settlement = rng.randint(1, 200)
        activity = tuple(
            Place("RO", settlements[s], s, f"S{s}")
            for s in rng.sample(range(1, 201), rng.randint(0, 3))
        )
        project_rows.append(
            ProjectFacts(
                id=j + 1,
                title=f"Project {j + 1}",
                lead_organisation_id=rng.randint(1, 400),
                lead_legal_form=rng.choice(FORMS),
                lead_legal_form_label="association",
                registered=Place("RO", settlements[settlement], settlement, f"S{settlement}"),
                activity=activity,
                domain_ids=frozenset(rng.sample(range(1, 13), rng.randint(0, 3))),
                budget_total=budget if rng.random() < 0.9 else None,
                currency="RON",
                own_contribution=own,
                partners_count=rng.randint(0, 4),
                partner_countries=tuple(rng.choice(["RO", "HU", "AT"]) for _ in range(2)),
                start_date=start,
                end_date=start + dt.timedelta(days=rng.randint(90, 1200)),
                applications_by_call={rng.randint(1, calls): 1} if rng.random() < 0.2 else {},
            )
        )
    return call_rows, project_rows, rates, today


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=2000)
    parser.add_argument("--calls", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cultiva.settings")
    import django

    django.setup()
    from django.utils import translation

    from cultiva.funding.matching import match_all

    calls, projects, rates, today = synthetic(args.projects, args.calls)
    print(f"{args.projects:,} projects × {args.calls} calls = {args.projects * args.calls:,} pairs")
    times, cpu = [], []
    result = {}
    for _ in range(args.runs):
        result = {}
        started, started_cpu = time.perf_counter(), time.process_time()
        result = match_all(projects, calls, rates, today)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    verdicts = Counter(m.verdict for matches in result.values() for m in matches)
    reasons = sum(len(m.result.findings) for matches in result.values() for m in matches)
    print(
        f"every verdict with its reasons: median {statistics.median(times):.2f} s, "
        f"best {min(times):.2f} s (CPU time: best {min(cpu):.2f} s; target ≤ 2 s); "
        f"{reasons:,} reasons; " + ", ".join(f"{k} {v:,}" for k, v in sorted(verdicts.items()))
    )
    # Reading the texts: what a page does for the rows it shows (here: every reason of the
    # first 20 projects of each call).
    started = time.perf_counter()
    with translation.override("hu"):
        chars = sum(
            len(r.text) + len(r.fix)
            for matches in result.values()
            for m in matches[:20]
            for r in m.reasons
        )
    print(
        f"texts of the top 20 projects of every call (hu): {time.perf_counter() - started:.2f} s "
        f"({chars:,} characters)"
    )


if __name__ == "__main__":
    main()
