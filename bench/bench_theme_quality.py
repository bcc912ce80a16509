"""Theme quality on the labelled evaluation set: adjusted Rand index over seeds.

Not a test: prints numbers for the team's notes (tests/synthesis/test_clustering.py guards a
floor with one seed). No database.

    .venv/bin/python bench/bench_theme_quality.py [--seeds 8]

The set is src/cultiva/synthesis/data/evaluation_contributions.csv (340 rows, 10 themes, hu and
ro). It prints, as mean [min–max] over the seeds:
  - the baseline the issue names, TF-IDF + k-means with the true number of themes;
  - `clustering.cluster` on the stored kind of vectors (embeddings.get_embedder()), with the
    number of themes chosen automatically and with the true number;
  - guided runs: a facilitator places 3, 6 or 10 random contributions of each theme by hand
    (pinned), and the next run starts from them (`cluster(pinned=...)`); and the same with the
    ten themes described beforehand (data/evaluation_theme_descriptions.csv, written without
    seeing the contributions; `cluster(described=...)`), alone and with placements;
  - the agreement of a second, blind annotator with the gold themes, when
    data/evaluation_second_annotator.csv is there (a ceiling for any method).

Measured 2026-11-25 (session 3), seeds 0–7: baseline 0.009; automatic count 0.468
[0.396–0.544] (7–9 themes); true count 0.507 [0.462–0.553]; guided 3 / 6 / 10 placed per
theme 0.557 / 0.590 / 0.671; second annotator ARI 0.974. With one view and plain k-means
(session 2 code): automatic 0.34, true count 0.36.

Session 4 (guided runs in 80 dimensions, no mixture step): guided 3 / 6 / 10 placed 0.564 /
0.638 / 0.718; described themes alone 0.608; described + 3 / 6 / 10 placed 0.639 / 0.692 /
0.762. Unguided numbers unchanged.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DATA = ROOT / "src" / "cultiva" / "synthesis" / "data"


def _labels(result, rows: int) -> list[int]:
    labels = [0] * rows
    for number, theme in enumerate(result.themes):
        for row in theme.members:
            labels[row] = number
    return labels


def _summary(values: list[float]) -> str:
    return f"{sum(values) / len(values):.3f} [{min(values):.3f}–{max(values):.3f}]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=8)
    args = parser.parse_args()

    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import adjusted_rand_score

    from cultiva.synthesis import clustering, embeddings

    with (DATA / "evaluation_contributions.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    texts = [row["text"] for row in rows]
    gold = [row["theme"] for row in rows]
    themes = sorted(set(gold))
    seeds = range(args.seeds)

    embedder = embeddings.get_embedder()
    started = time.perf_counter()
    vectors = embedder.embed(texts)
    print(
        f"{len(texts)} texts, {len(themes)} themes; embedded by {embedder.name} "
        f"in {time.perf_counter() - started:.1f} s"
    )

    tfidf = TfidfVectorizer().fit_transform(texts)
    baseline = [
        adjusted_rand_score(gold, KMeans(len(themes), n_init=10, random_state=s).fit_predict(tfidf))
        for s in seeds
    ]
    print(f"TF-IDF + k-means (true count):  {_summary(baseline)}")

    for name, count in (("automatic count", None), ("true count", len(themes))):
        scores, found = [], []
        for seed in seeds:
            result = clustering.cluster(vectors, texts, n_themes=count, seed=seed)
            scores.append(adjusted_rand_score(gold, _labels(result, len(texts))))
            found.append(result.theme_count)
        print(f"themes, {name + ':':16} {_summary(scores)}  (themes found: {found})")

    with (DATA / "evaluation_theme_descriptions.csv").open(encoding="utf-8") as handle:
        written = {
            row["theme"]: embeddings.text_for_embedding(row["label"], row["description"])
            for row in csv.DictReader(handle)
        }
    described_vectors = embedder.embed([written[theme] for theme in themes])
    described = dict(zip(themes, described_vectors, strict=True))

    for placed in (0, 3, 6, 10):
        for with_descriptions in (False, True):
            if not placed and not with_descriptions:
                continue
            scores = []
            for seed in seeds:
                rng = random.Random(seed)
                pinned = {}
                for theme in themes:
                    members = [row for row, label in enumerate(gold) if label == theme]
                    for row in rng.sample(members, placed):
                        pinned[row] = theme
                result = clustering.cluster(
                    vectors,
                    texts,
                    seed=seed,
                    pinned=pinned,
                    described=described if with_descriptions else None,
                )
                scores.append(adjusted_rand_score(gold, _labels(result, len(texts))))
            how = f"{placed:2} placed per theme" + (" + described" if with_descriptions else "")
            print(f"guided, {how + ':':33} {_summary(scores)}")

    second = DATA / "evaluation_second_annotator.csv"
    if second.exists():
        with second.open(encoding="utf-8") as handle:
            other = {row["id"]: row["theme"] for row in csv.DictReader(handle)}
        ids = [row["id"] for row in rows if row["id"] in other]
        if ids:
            by_id = {row["id"]: row["theme"] for row in rows}
            agreement = adjusted_rand_score([by_id[i] for i in ids], [other[i] for i in ids])
            same = sum(by_id[i] == other[i] for i in ids) / len(ids)
            print(
                f"second annotator vs gold:       ARI {agreement:.3f}, same theme {same:.0%} "
                f"({len(ids)} rows)"
            )


if __name__ == "__main__":
    main()
