"""Page timings and query counts on a large demo database.

Not a test: prints numbers for the team's notes.

    .venv/bin/python bench/bench_pages.py --scale large --repeat 30

Uses a throw-away SQLite file unless DATABASE_URL is set (then it uses that database, which
must be empty or hold an earlier demo).

Session 5 (2026-11-25, SQLite, large demo, --repeat 10): the contributions export of all
20,010 rows takes 3.8 s as CSV and 9.6 s as XLSX (p50), 10 queries; before the related names
were read as plain values (`ideas.selectors.contribution_related_names`) and the choice labels
translated once per export (the previous commit, same database and settings): 9.2 s and 14.9 s;
the CSV is byte-for-byte the same. Most of what is left of the XLSX is openpyxl writing 440,000
cells (lxml would save about a tenth); in write-only mode (`core.spreadsheets.xlsx_bytes`) the
XLSX export takes 6.7 s instead of 9.9 s. The strategy PDF: laid out 6.4 s; downloaded again, from
the cache (`core.documents.html_to_pdf_cached`), 0.12 s. Every page: under 0.25 s at p50.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="large", choices=["small", "county", "large"])
    parser.add_argument("--repeat", type=int, default=30)
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
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    from cultiva.processes.models import Process

    if not Process.objects.exists():
        started = time.perf_counter()
        call_command("demo_data", scale=args.scale, seed=1, verbosity=0)
        print(f"demo_data --scale {args.scale}: {time.perf_counter() - started:.1f} s")

    from cultiva.ideas.models import Contribution
    from cultiva.portfolio.models import Project
    from cultiva.strategy.models import Strategy

    process = Process.objects.get(slug="hargita-2027")
    strategy = Strategy.objects.filter(process=process).first()
    project = Project.objects.filter(process=process).first()
    contribution = Contribution.objects.filter(process=process, status="submitted").first()
    from cultiva.meetings.models import Meeting

    meeting = Meeting.objects.filter(process=process, kind="workshop").order_by("pk").first()
    print(f"rows: contributions {Contribution.objects.count()}, projects {Project.objects.count()}")

    client = Client(HTTP_ACCEPT_LANGUAGE="hu")
    from cultiva.accounts.models import User

    client.force_login(User.objects.get(email="coordinator@demo.cultiva.local"))
    slug = process.slug
    pages = [
        ("home", "/"),
        ("process", f"/p/{slug}/"),
        ("contributions p1", f"/p/{slug}/contributions/"),
        ("contributions p200", f"/p/{slug}/contributions/?page=200"),
        ("contributions search", f"/p/{slug}/contributions/?q=tábor"),
        ("contribution", f"/contributions/{contribution.pk}/"),
        ("projects", f"/p/{slug}/projects/"),
        ("project", f"/projects/{project.pk}/"),
        ("organisations", "/organisations/"),
        ("programme", f"/p/{slug}/programme/"),
        ("programme p5", f"/p/{slug}/programme/?page=5"),
        ("calendar", f"/p/{slug}/programme/calendar/?month=2026-10"),
        ("meeting", f"/p/{slug}/meetings/{meeting.pk}/"),
        ("speakers", f"/p/{slug}/speakers/"),
        ("programme.ics", f"/p/{slug}/programme.ics"),
        ("strategy", f"/strategies/{strategy.pk}/"),
        ("strategy pdf", f"/strategies/{strategy.pk}/pdf/?lang=hu"),
        ("strategy pdf again", f"/strategies/{strategy.pk}/pdf/?lang=hu"),
        ("contributions csv", f"/p/{slug}/contributions/export.csv"),
        ("contributions xlsx", f"/p/{slug}/contributions/export.xlsx"),
        ("api contributions", f"/api/v1/processes/{slug}/contributions"),
        ("api projects", f"/api/v1/processes/{slug}/projects"),
    ]
    print(f"{'page':<22}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}")
    for name, url in pages:
        timings = []
        # Whole documents (all 20,000 contributions, the strategy) take seconds each.
        slow = "pdf" in name or name.endswith(("csv", "xlsx"))
        repeat = max(3, args.repeat // 5) if slow else args.repeat
        for _ in range(repeat):
            if name == "strategy pdf":
                cache.clear()  # laid out each time; "again" is the cached download
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(round(0.95 * (len(timings) - 1))))]
        print(f"{name:<22}{statistics.median(timings):>9.1f}{p95:>9.1f}{len(queries):>9}")


if __name__ == "__main__":
    main()
