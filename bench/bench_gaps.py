"""The portfolio's gap analysis on the large demo: the page, its variants and the export.

Not a test: prints numbers for the team's notes.

    .venv/bin/python bench/bench_gaps.py --scale large --repeat 20 [--db /tmp/large.sqlite3]

Uses a throw-away SQLite file unless DATABASE_URL is set (then that database, which must be
empty or hold an earlier demo); `--db` keeps the SQLite file to reuse between runs. Prints,
for the computation alone (`portfolio.gaps`, no database) and for each page as the
coordinator sees it: p50 and p95 over --repeat requests, the queries and the bytes.

Session of 2026-12-07, SQLite, large demo (20,010 contributions, 2,000 projects, 30,161
supports), --repeat 20, on a 2-core machine shared with other jobs (load 8-9, so absolute
times are pessimistic): micro-regions 4 rows × 15 domains, 0 gap cells; settlements 67 × 15,
12 gap cells; 9,127 needs and shortcomings, 7,354 taken up by no project. The computation
alone (settlements): p50 284 ms. Pages, p50 / p95, 21 queries each: micro-regions 1.75 s /
2.22 s, settlements 2.16 s / 2.35 s, meetings only 1.25 s / 1.88 s, one target group 1.14 s /
1.55 s; the XLSX (settlements, every unanswered need) 4.4 s / 8.3 s, 19 queries; the portfolio
list, for scale, 0.58 s / 0.68 s. PostgreSQL 15 (DATABASE_URL), same demo, while a test suite
ran beside it (load 12-15): the computation 427 ms; pages 4.1 s / 4.9 s (micro-regions),
5.5 s / 6.8 s (settlements), 2.1 s / 4.0 s (meetings only), 2.6 s / 4.1 s (target group), the
XLSX 11.1 s / 12.6 s; the portfolio list 0.34 s / 0.41 s. The twelve reads of `gap_data` take
1.4 s of it at that load (the contribution-side ones about 0.2 s each). Before the taken-up
contributions were read by a query of their own, SQLite ran the correlated EXISTS's subquery
once per contribution: 37 s a page.

Session of 2026-12-07 (later), SQLite, same large demo, --repeat 6, baseline (the code
before) and this code run one after the other on the same file (load 6-10). Where the time
went (cProfile, cold page, micro-regions, 4.4 s under load): `gap_data` 2.4 s — of it 0.8 s
turning the many-to-many rows into tuples, most of which was Python's cyclic garbage
collector walking the 100,000 new objects — the counting 0.85 s, the template 0.67 s.
Changes: the matrix, its display rows and the first 50 unanswered needs are computed once
per (process, filters, language) and cached under a fingerprint of every table they read
(`gap_data_version`, one query: count, largest id, sums of the foreign keys, latest
`updated_at`), so the page changes right after a project takes up a need; the collector is
paused while the rows are read and counted (the computation alone 1.6 s → 1.0 s measured
apart). p50 / p95, before → after:

    micro-regions      2.27 s / 11.6 s → cold 1.46 s / 9.9 s, warm 0.32 s / 0.47 s
    settlements        2.84 s / 3.89 s → cold 1.81 s / 2.03 s, warm 0.85 s / 1.22 s
    meetings only      2.47 s / 2.92 s → cold 1.57 s / 1.63 s, warm 0.34 s / 0.40 s
    target group       2.34 s / 4.07 s → cold 0.52 s / 1.09 s, warm 0.34 s / 0.81 s
    XLSX (uncached)    5.20 s / 6.25 s → 3.21 s / 3.58 s
    API, settlements   warm 0.30 s, 5 queries

Queries: 21 before; 22 cold (the fingerprint) and 10 warm. The warm page's rest is the
fingerprint (60-350 ms depending on load: `MAX(updated_at)` scans the contributions table;
an index on it would make it instant) and the template (settlements: 1,005 cells).
"""

from __future__ import annotations

import argparse
import time

from benchkit import demo_setup, percentiles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="large", choices=["small", "county", "large"])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--db", help="SQLite file to reuse between runs")
    args = parser.parse_args()

    demo_setup(scale=args.scale, db=args.db, name="gaps")
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cultiva.accounts.models import User
    from cultiva.ideas.models import Contribution, Support
    from cultiva.portfolio import gap_selectors
    from cultiva.portfolio.models import Project
    from cultiva.processes.models import Process

    process = Process.objects.get(slug="hargita-2027")
    print(
        f"rows: contributions {Contribution.objects.count():,}, "
        f"projects {Project.objects.count():,}, supports {Support.objects.count():,}"
    )

    # What the page finds: the holes of the demo.
    data = gap_selectors.gap_data(process=process)
    for rows in (gap_selectors.REGIONS, gap_selectors.SETTLEMENTS):
        matrix = gap_selectors.gap_matrix_of(data, rows=rows)
        print(
            f"{rows}: {len(matrix.rows)} rows × {len(matrix.domains)} domains, "
            f"{matrix.gap_count} gap cells"
        )
    needs = [c for c in data.contributions if c.is_need]
    print(
        f"needs and shortcomings {len(needs):,}, of which no project takes up "
        f"{sum(1 for c in needs if not c.taken_up):,}"
    )

    # The computation alone, on the rows already read.
    timings = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        gap_selectors.gap_matrix_of(data, rows=gap_selectors.SETTLEMENTS)
        timings.append((time.perf_counter() - started) * 1000)
    p50, p95 = percentiles(timings)
    print(f"{'compute (settlements)':<28}{p50:>9.1f}{p95:>9.1f}")

    client = Client(HTTP_ACCEPT_LANGUAGE="hu")
    client.force_login(User.objects.get(email="coordinator@demo.cultiva.local"))
    base = f"/p/{process.slug}/portfolio/gaps/"
    # Each gap page twice: "cold" empties the cache before every request (the matrix is
    # computed), "warm" is what readers get until the data changes (the cached matrix).
    pages = []
    for name, url in [
        ("gaps (micro-regions)", base),
        ("gaps (settlements)", f"{base}?rows=settlements"),
        ("gaps (meetings only)", f"{base}?meeting=series"),
        ("gaps (target group)", f"{base}?target_group=youth"),
    ]:
        pages += [(f"{name} cold", url), (f"{name} warm", url)]
    pages += [
        ("gaps api (settlements) warm", f"/api/v1/processes/{process.slug}/gaps?rows=settlements"),
        ("gaps xlsx", f"{base}export.xlsx?rows=settlements"),
        ("projects (for scale)", f"/p/{process.slug}/projects/"),
    ]
    print(f"{'page':<34}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}{'bytes':>11}")
    for name, url in pages:
        timings = []
        cold = name.endswith("cold")
        repeat = max(3, args.repeat // 4) if name.endswith("xlsx") else args.repeat
        for _ in range(repeat):
            if cold:
                cache.clear()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        p50, p95 = percentiles(timings)
        print(f"{name:<34}{p50:>9.1f}{p95:>9.1f}{len(queries):>9}{len(response.content):>11,}")


if __name__ == "__main__":
    main()
