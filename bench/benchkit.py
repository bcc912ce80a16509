"""What the benchmarks share: Django on a throw-away database, and a process to measure in."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def django_setup(name: str) -> None:
    """Set up Django on a throw-away SQLite file `name`.sqlite3 (or DATABASE_URL when set),
    background tasks run inline, and migrate."""
    sys.path.insert(0, str(ROOT / "src"))
    if not os.environ.get("DATABASE_URL"):
        path = Path(tempfile.mkdtemp(prefix="cultiva-bench-")) / f"{name}.sqlite3"
        os.environ["CULTIVA_SQLITE_PATH"] = str(path)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cultiva.settings")
    os.environ.setdefault("CULTIVA_TESTING", "1")
    os.environ.setdefault("CULTIVA_TASKS_IMMEDIATE", "true")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)


def bench_process(name: str):
    """A published process of 30 days from today and its facilitator: (process, user)."""
    import datetime as dt

    from django.utils import timezone

    from cultiva.accounts.models import User
    from cultiva.core.models import County
    from cultiva.processes.models import Process, ProcessRole

    county, _ = County.objects.get_or_create(siruta=190, defaults={"name_ro": "Harghita"})
    today = timezone.localdate()
    process = Process.objects.create(
        slug=f"bench-{name}-{int(time.time())}",
        title={"hu": "Mérés"},
        county=county,
        is_published=True,
        starts_on=today,
        ends_on=today + dt.timedelta(days=30),
    )
    facilitator = User.objects.create_user(email=f"{name}-{process.slug}@example.org")
    ProcessRole.objects.create(process=process, user=facilitator, role="facilitator")
    return process, facilitator


def percentiles(timings: list[float]) -> tuple[float, float]:
    """p50 and p95 of the timings (the nearest rank)."""
    import statistics

    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered), p95


def demo_setup(*, scale: str, db: str | None, name: str = "bench") -> None:
    """Django on the demo data set at `scale`: a throw-away SQLite file (or `db`, kept to reuse
    between runs, or DATABASE_URL when set), migrated; the demo is generated when the database
    holds no process yet (an earlier run's demo is reused). Background tasks are not inline:
    the demo's embeddings are not the benchmark's business."""
    if not os.environ.get("DATABASE_URL"):
        path = db or str(Path(tempfile.mkdtemp(prefix="cultiva-bench-")) / f"{name}.sqlite3")
        os.environ["CULTIVA_SQLITE_PATH"] = path
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cultiva.settings")
    os.environ.setdefault("CULTIVA_TESTING", "1")  # plain static storage, no collectstatic

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    from cultiva.processes.models import Process

    if not Process.objects.exists():
        started = time.perf_counter()
        call_command("demo_data", scale=scale, seed=1, verbosity=0)
        print(f"demo_data --scale {scale}: {time.perf_counter() - started:.1f} s")
