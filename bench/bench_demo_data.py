"""Time `manage.py demo_data` on a fresh SQLite database (a benchmark, not a test).

    .venv/bin/python bench/bench_demo_data.py --scale large [--seed 1] [--keep]

Creates a temporary database file, migrates it, loads the demo data at the chosen
scale, and prints the row counts and the seconds each step took.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["small", "county", "large"], default="large")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the database file")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="cultiva-bench-"))
    db_path = workdir / "bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "cultiva.settings"
    os.environ["CULTIVA_SQLITE_PATH"] = str(db_path)
    os.environ.setdefault("CULTIVA_VAR_DIR", str(workdir))
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT / "src"))

    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from cultiva.accounts.models import Membership, Organisation, User
    from cultiva.core.models import Locality, Settlement, TaxonomyTerm
    from cultiva.ideas.models import Contribution
    from cultiva.meetings.models import (
        AgendaItem,
        FeedbackResponse,
        Material,
        Meeting,
        Minutes,
        Registration,
        Speaker,
    )
    from cultiva.portfolio.models import Project, ProjectOrigin
    from cultiva.strategy.models import Measure, MeasureProject

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter()
    call_command("demo_data", scale=args.scale, seed=args.seed)
    loaded = time.perf_counter()

    counts = {
        "settlements": Settlement.objects.count(),
        "localities": Locality.objects.count(),
        "taxonomy terms": TaxonomyTerm.objects.count(),
        "people": User.objects.count(),
        "organisations": Organisation.objects.count(),
        "memberships": Membership.objects.count(),
        "meetings": Meeting.objects.count(),
        "meetings over": Meeting.objects.filter(ends_at__lte=timezone.now()).count(),
        "speakers": Speaker.objects.count(),
        "agenda items": AgendaItem.objects.count(),
        "registrations": Registration.objects.count(),
        "  confirmed": Registration.objects.filter(status="confirmed").count(),
        "  waiting": Registration.objects.filter(status="waiting").count(),
        "  cancelled": Registration.objects.filter(status="cancelled").count(),
        "  present": Registration.objects.filter(attendance="present").count(),
        "feedback answers": FeedbackResponse.objects.count(),
        "minutes": Minutes.objects.count(),
        "materials": Material.objects.count(),
        "contributions": Contribution.objects.count(),
        "contribution domains": Contribution.domains.through.objects.count(),
        "projects": Project.objects.count(),
        "project origins": ProjectOrigin.objects.count(),
        "measures": Measure.objects.count(),
        "measure links": MeasureProject.objects.count(),
    }
    print()
    print(f"scale {args.scale}, seed {args.seed}, database {db_path}")
    for name, value in counts.items():
        print(f"  {name:<22} {value:>8,}")
    print(f"  migrate               {migrated - started:8.1f} s")
    print(f"  demo_data             {loaded - migrated:8.1f} s")
    print(f"  database size         {db_path.stat().st_size / 1024 / 1024:8.1f} MB")
    if not args.keep:
        for path in workdir.iterdir():
            path.unlink()
        workdir.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
