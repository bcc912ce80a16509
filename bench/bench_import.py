"""Importing 10,000 contributions from a CSV file: the dry run and the commit, timed apart.

Not a test: prints numbers for the team's notes.

    .venv/bin/python bench/bench_import.py [--rows 10000] [--no-villages]

Every third row names a village (Locality) instead of its administrative unit, mapped to the
unit by the dry run; --no-villages names units only.

The upload limit for people is 5,000 rows; the benchmark raises it to measure a larger
file. Uses a throw-away SQLite file unless DATABASE_URL is set (then PostgreSQL).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from benchkit import bench_process  # noqa: E402 - after the path to src


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--no-villages", action="store_true")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        path = Path(tempfile.mkdtemp(prefix="cultiva-bench-")) / "import.sqlite3"
        os.environ["CULTIVA_SQLITE_PATH"] = str(path)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cultiva.settings")
    os.environ.setdefault("CULTIVA_TESTING", "1")
    os.environ.setdefault("CULTIVA_TASKS_IMMEDIATE", "true")
    # Embeddings are timed by bench_embeddings.py; inline here they would swamp the indexing.
    os.environ.setdefault("CULTIVA_EMBED_ON_SAVE", "false")

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from cultiva.core.models import County, Locality, MicroRegion, Settlement, TaxonomyTerm
    from cultiva.ideas.imports import services
    from cultiva.ideas.imports.tasks import import_batch_index
    from cultiva.ideas.models import Contribution

    translation.activate("hu")
    call_command("migrate", verbosity=0)
    stamp = int(time.time())
    county, _ = County.objects.get_or_create(siruta=190, defaults={"name_ro": "Harghita"})
    region, _ = MicroRegion.objects.get_or_create(county=county, name="Csík")
    settlements = Settlement.objects.bulk_create(
        Settlement(
            county=county,
            micro_region=region,
            siruta=stamp % 100_000 * 1000 + i,
            kind="commune",
            name_hu=f"Falu {i}",
            name_ro=f"Sat {i}",
        )
        for i in range(60)
    )
    # Three villages per unit, as in Harghita (264 villages in 67 units).
    Locality.objects.bulk_create(
        Locality(
            settlement=settlement,
            siruta=stamp % 100_000 * 1000 + 100 + i * 3 + j,
            name_hu=f"Tanya {stamp} {i}-{j}",  # unique per run: a reused database keeps
            name_ro=f"Cătun {stamp} {i}-{j}",  # earlier runs' villages
        )
        for i, settlement in enumerate(settlements)
        for j in range(3)
    )
    for i in range(12):
        TaxonomyTerm.objects.get_or_create(
            vocabulary="domain",
            slug=f"bench-domain-{i}",
            defaults={"name": {"hu": f"Terület {i}", "ro": f"Domeniu {i}", "en": f"Domain {i}"}},
        )
    process, facilitator = bench_process("import")

    kinds = ["ötlet", "nevoie", "hiányosság", "good practice"]
    lines = ["Típus;Cím;Leírás;Kulturális terület;Település;Összeg -tól;Összeg -ig"]
    for i in range(args.rows):
        place = f"Falu {i % 60}"
        if not args.no_villages and i % 3 == 0:
            place = f"Catun {stamp} {i % 60}-1" if i % 2 else f"Tanya {stamp} {i % 60}-0"
        lines.append(
            f"{kinds[i % 4]};Ötlet száma {i};Leírás a(z) {i}. sorhoz, ékezetekkel: ő ű ș ț.;"
            f"Terület {i % 12}, Domeniu {(i + 1) % 12};{place};{i} 000;{i + 1} 500"
        )
    data = "\r\n".join(lines).encode("utf-8")
    print(f"database: {connection.vendor}; rows: {args.rows}; file: {len(data) / 1e6:.1f} MB")

    t0 = time.perf_counter()
    batch = services.import_upload(
        process=process,
        uploaded_by=facilitator,
        filename="bench.csv",
        data=data,
        max_rows=args.rows,
    )
    print(f"upload (read and keep the file): {time.perf_counter() - t0:.2f} s")

    with CaptureQueriesContext(connection) as queries:
        t0 = time.perf_counter()
        check = services.import_check(batch=batch, actor=facilitator)
        elapsed = time.perf_counter() - t0
    print(
        f"dry run: {elapsed:.2f} s, {len(queries)} queries; "
        f"ok {check.ok_count}, problems {check.problem_count}, "
        f"villages mapped {sum(count for _note, count in check.village_notes)}"
    )
    assert check.can_commit, check.problem_rows[:3]

    enqueue = services._enqueue_index
    services._enqueue_index = lambda batch_id: None  # timed on its own below
    with CaptureQueriesContext(connection) as queries:
        t0 = time.perf_counter()
        batch = services.import_commit(batch=batch, actor=facilitator)
        elapsed = time.perf_counter() - t0
    services._enqueue_index = enqueue
    print(
        f"commit (checks again, then writes): {elapsed:.2f} s, {len(queries)} queries; "
        f"created {batch.created_count}"
    )
    t0 = time.perf_counter()
    import_batch_index.call(batch.pk)
    print(f"search words of the new rows (background task): {time.perf_counter() - t0:.2f} s")
    assert Contribution.objects.filter(import_batch=batch).count() == args.rows

    again = services.import_upload(
        process=process,
        uploaded_by=facilitator,
        filename="bench.csv",
        data=data,
        max_rows=args.rows,
    )
    t0 = time.perf_counter()
    again = services.import_commit(batch=again, actor=facilitator)
    print(
        f"re-import of the same file: {time.perf_counter() - t0:.2f} s; "
        f"created {again.created_count}, skipped {again.skipped_count}"
    )
    del settlements


if __name__ == "__main__":
    main()
