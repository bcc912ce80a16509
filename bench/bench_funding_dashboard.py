"""The funding dashboard on the large demo extended with calls and applications.

Not a test: prints numbers for the team's notes.

    .venv/bin/python bench/bench_funding_dashboard.py --scale large --repeat 20 [--db FILE]

Uses a throw-away SQLite file unless DATABASE_URL is set (see benchkit.demo_setup); `--db`
keeps the file to reuse. When the demo process has no call yet (the demo catalogue is not
loaded), it adds a bench catalogue: 8 funders × 2 programmes × 3 calls in RON, EUR and HUF,
with deadlines from 200 days ago to 60 days ahead, and the EUR and HUF rates; then the demo's
applications (`demo.funding_applications`) are written afresh. Prints, as the decision-maker
sees them: p50 and p95 over --repeat requests of the page and of the XLSX export, their
queries and bytes, and the queries again with another seed's applications (constant).

Session of 2026-12-07, SQLite, quiet machine, large demo (2,001 portfolio projects) with the
shipped catalogue (11 calls) and the demo's applications (1,704, 5,364 steps, written in
1.0 s), --repeat 20: the page p50 96 ms / p95 296 ms, 18 queries, 53 kB (the fit counts of
the calls closing soon included); the XLSX p50 111 ms / p95 180 ms, 15 queries. Another
seed's 1,678 applications: the same 18 and 15 queries.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from decimal import Decimal
from types import SimpleNamespace

from benchkit import demo_setup, percentiles


def bench_catalogue(process) -> int:
    from django.utils import timezone

    from cultiva.funding.models import Call, CallDeadline, ExchangeRate, Funder, Programme

    now = timezone.now()
    ExchangeRate.objects.get_or_create(
        process=process,
        currency="EUR",
        valid_on=now.date(),
        defaults={"ron_per_unit": Decimal("4.9731")},
    )
    ExchangeRate.objects.get_or_create(
        process=process,
        currency="HUF",
        valid_on=now.date(),
        defaults={"ron_per_unit": Decimal("0.012541")},
    )
    currencies = ["RON", "EUR", "HUF"]
    made = 0
    for f in range(8):
        funder = Funder.objects.create(
            process=process,
            name={"hu": f"Bench alap {f}", "ro": f"Fond bench {f}"},
            short_name=f"BF{f}",
            kind=Funder.Kind.NATIONAL,
            country="RO",
        )
        for p in range(2):
            programme = Programme.objects.create(
                funder=funder, name={"hu": f"Program {f}.{p}", "ro": f"Program {f}.{p}"}
            )
            for c in range(3):
                currency = currencies[(f + c) % 3]
                scale = {"RON": 1, "EUR": Decimal("0.2"), "HUF": 80}[currency]
                call = Call.objects.create(
                    programme=programme,
                    process=process,
                    code=f"B-{f}{p}{c}",
                    title={"hu": f"Kiírás {f}.{p}.{c}", "ro": f"Apel {f}.{p}.{c}"},
                    currency=currency,
                    min_amount=Decimal(5000) * scale,
                    max_amount=Decimal(200000) * scale,
                    own_contribution_min_pct=Decimal(10 * (c % 3)),
                )
                days = -200 + (f * 6 + p * 3 + c) * 5
                CallDeadline.objects.create(call=call, due_at=now + dt.timedelta(days=days))
                made += 1
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="large", choices=["small", "county", "large"])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--db", help="SQLite file to reuse between runs")
    args = parser.parse_args()

    demo_setup(scale=args.scale, db=args.db, name="funding-dashboard")
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from cultiva.accounts.models import User
    from cultiva.demo import funding_applications
    from cultiva.funding.models import Application, ApplicationStep, Call
    from cultiva.portfolio.models import Project
    from cultiva.processes.models import Process

    process = Process.objects.get(slug="hargita-2027")
    if not Call.objects.filter(process=process).exists():
        print(f"bench catalogue: {bench_catalogue(process)} calls")
    started = time.perf_counter()
    Application.objects.filter(process=process).delete()
    generator = SimpleNamespace(
        process=process,
        seed=1,
        now=timezone.now(),
        counts={},
        coordinator=User.objects.get(email="coordinator@demo.cultiva.local"),
    )
    funding_applications.create_applications(generator)
    print(
        f"demo applications: {time.perf_counter() - started:.1f} s; "
        f"projects in the portfolio {Project.objects.in_portfolio().count():,}, "
        f"calls {Call.objects.filter(process=process).count()}, "
        f"applications {Application.objects.count():,}, steps {ApplicationStep.objects.count():,}"
    )

    client = Client(HTTP_ACCEPT_LANGUAGE="hu")
    client.force_login(User.objects.get(email="decision@demo.cultiva.local"))
    base = f"/p/{process.slug}/funding/dashboard/"
    pages = [("dashboard", base), ("dashboard XLSX", f"{base}export/")]
    print(f"{'page':<20}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}{'bytes':>10}")
    queries_of = {}
    for name, url in pages:
        timings = []
        size = 0
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            size = len(response.content)
        p50, p95 = percentiles(timings)
        queries_of[name] = len(queries)
        print(f"{name:<20}{p50:>9.1f}{p95:>9.1f}{len(queries):>9}{size:>10,}")

    # Other applications (another seed): the same number of queries.
    before = Application.objects.count()
    Application.objects.filter(process=process).delete()
    generator.seed = 2
    funding_applications.create_applications(generator)
    for name, url in pages:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        print(
            f"{name}: {queries_of[name]} queries with {before:,} applications, "
            f"{len(queries)} with {Application.objects.count():,}"
        )


if __name__ == "__main__":
    main()
