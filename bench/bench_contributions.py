"""Contribution list, search and map timings and query counts at 20,000 contributions.

Not a test: prints numbers for the team's notes.

    .venv/bin/python bench/bench_contributions.py --scale large --repeat 20

Uses a throw-away SQLite file unless DATABASE_URL is set (then that database, which must be
empty or hold an earlier demo). `manage.py reindex_contributions` runs first, timed, so the
search words exist for every row (demo data may be bulk-created without them).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

# Hungarian and Romanian words, with and without accents, one and several words.
SEARCHES = [
    "múzeum",
    "muzeum",
    "közművelődés",
    "kozmuvelodes",
    "tábor",
    "néptánc fesztivál",
    "muzeu",
    "școală",
    "scoala",
    "tradiții meșteșugărești",
    "zzzyxw",
]


def percentile(timings: list[float], share: float) -> float:
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="large", choices=["small", "county", "large"])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--db", help="SQLite file to reuse between runs")
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL"):
        path = args.db or str(Path(tempfile.mkdtemp(prefix="cultiva-bench-")) / "bench.sqlite3")
        os.environ["CULTIVA_SQLITE_PATH"] = path
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cultiva.settings")
    os.environ.setdefault("CULTIVA_TESTING", "1")  # plain static storage, no collectstatic

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    settings.ALLOWED_HOSTS = ["*"]
    setup_test_environment()  # so responses carry their template context (row counts)
    call_command("migrate", verbosity=0)
    from cultiva.accounts.models import User
    from cultiva.ideas.models import Contribution
    from cultiva.processes.models import Process

    if not Process.objects.exists():
        started = time.perf_counter()
        call_command("demo_data", scale=args.scale, seed=1, verbosity=0)
        print(f"demo_data --scale {args.scale}: {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    call_command("reindex_contributions", stdout=StringIO())
    count = Contribution.objects.count()
    print(
        f"reindex_contributions: {time.perf_counter() - started:.1f} s for {count} contributions"
        f" ({connection.vendor})"
    )

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics after the bulk load
    process = Process.objects.get(slug="hargita-2027")
    slug = process.slug
    anonymous = Client(HTTP_ACCEPT_LANGUAGE="hu")
    coordinator = Client(HTTP_ACCEPT_LANGUAGE="hu")
    coordinator.force_login(User.objects.get(email="coordinator@demo.cultiva.local"))
    settlement = (
        Contribution.settlements.through.objects.filter(contribution__process=process)
        .values_list("settlement__siruta", flat=True)
        .first()
    )

    base = f"/p/{slug}/contributions/"
    pages = [
        ("list p1", base, {}),
        ("list p100", base, {"page": 100}),
        ("list kind+domain", base, {"kind": "need", "domain": "heritage"}),
        ("list settlement", base, {"settlement": settlement}),
        *[(f"search {q}", base, {"q": q}) for q in SEARCHES],
        ("search + kind", base, {"q": "fesztivál", "kind": "idea"}),
        ("map", f"{base}map/", {}),
        ("map search", f"{base}map/", {"q": "múzeum"}),
        ("api list", f"/api/v1/processes/{slug}/contributions", {}),
        ("api search", f"/api/v1/processes/{slug}/contributions", {"q": "tabor"}),
    ]
    for who, client in (("anonymous", anonymous), ("coordinator", coordinator)):
        print(f"\n{who}")
        print(f"{'page':<34}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}{'rows':>8}")
        for name, url, params in pages:
            full = f"{url}?{urlencode(params)}" if params else url
            timings = []
            for _ in range(args.repeat):
                reset_queries()  # the query log keeps 9,000 entries: counts would be wrong
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(full)
                    timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (full, response.status_code)
            rows = ""
            if response.get("Content-Type", "").startswith("application/json"):
                rows = response.json().get("count", "")
            elif response.context is not None:
                page = response.context.get("page")
                rows = (
                    page.paginator.count if page is not None else response.context.get("total", "")
                )
            print(
                f"{name:<34}{statistics.median(timings):>9.1f}{percentile(timings, 0.95):>9.1f}"
                f"{len(queries):>9}{rows!s:>8}"
            )


if __name__ == "__main__":
    main()
