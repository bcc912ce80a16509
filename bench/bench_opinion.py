"""Opinion groups for 1,000 participants × 300 statements: time and memory of `analyse()`.

Not a test: prints numbers for the team's notes.

    .venv/bin/python bench/bench_opinion.py [--participants 1000] [--statements 300]
        [--voted 0.4] [--runs 5] [--groups 4]

Synthetic votes with planted groups (each group leans to agree with its own block of
statements, with noise); about --voted of the participant × statement cells carry a vote.
Prints p50 / max of `analyse()` over --runs runs, peak memory traced by tracemalloc during one
run (numpy's buffers included), the process's peak RSS, and the adjusted Rand index of the
groups found against the planted ones. Also times reading the same votes as a Pol.is export
(`polis.read_polis_export`), and with --export-rows N (e.g. 2000000, the limit) a
synthetic export of N vote rows. No database.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def planted(participants: int, statements: int, voted: float, groups: int, seed: int = 0):
    import numpy as np

    rng = np.random.default_rng(seed)
    truth = rng.integers(0, groups, size=participants)
    block = rng.integers(0, groups, size=statements)
    agree = np.where(truth[:, None] == block[None, :], 0.8, 0.25)
    cast = rng.random((participants, statements)) < voted
    noise = rng.random((participants, statements)) < 0.1
    values = np.where(rng.random((participants, statements)) < agree, 1, -1)
    values = np.where(noise, rng.integers(-1, 2, size=(participants, statements)), values)
    rows, cols = np.nonzero(cast)
    votes = [
        (str(r), str(c), int(values[r, c]))
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True)
    ]
    return votes, {str(i): int(g) for i, g in enumerate(truth.tolist())}


def as_polis(votes) -> tuple[str, str]:
    statements = sorted({s for _p, s, _v in votes}, key=int)
    comments = ["timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body"]
    comments += [f"{1000 + int(s)},x,{s},1,0,0,1,Statement {s}" for s in statements]
    rows = ["timestamp,datetime,comment-id,voter-id,vote"]
    rows += [f"{2000 + i},x,{s},{p},{v}" for i, (p, s, v) in enumerate(votes)]
    return "\n".join(comments) + "\n", "\n".join(rows) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--statements", type=int, default=300)
    parser.add_argument("--voted", type=float, default=0.4)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--groups", type=int, default=4)
    parser.add_argument("--export-rows", type=int, default=0)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cultiva.settings")
    os.environ.setdefault("CULTIVA_TESTING", "1")

    import django

    django.setup()
    from sklearn.metrics import adjusted_rand_score

    from cultiva.synthesis.opinion import analyse
    from cultiva.synthesis.polis import read_polis_export

    votes, truth = planted(args.participants, args.statements, args.voted, args.groups)
    print(
        f"{args.participants} participants × {args.statements} statements, "
        f"{len(votes):,} votes ({len(votes) / (args.participants * args.statements):.0%} voted), "
        f"{args.groups} planted groups"
    )
    analyse(votes[:2000])  # imports and thread pools warmed up outside the timings
    times = []
    result = None
    for _ in range(args.runs):
        started = time.perf_counter()
        result = analyse(votes)
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    analyse(votes)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    placed = result.participants
    ari = adjusted_rand_score([truth[p.participant] for p in placed], [p.group for p in placed])
    print(
        f"analyse(): p50 {statistics.median(times):.2f} s, max {max(times):.2f} s "
        f"over {args.runs} runs; {result.group_count} groups found "
        f"(silhouette {result.silhouette}), ARI against planted {ari:.3f}, "
        f"{result.excluded_participants} participants left out"
    )
    print(f"peak memory traced during analyse(): {peak / 2**20:.1f} MiB")

    comments_csv, votes_csv = as_polis(votes)
    started = time.perf_counter()
    export = read_polis_export(comments_csv.encode(), votes_csv.encode())
    elapsed = time.perf_counter() - started
    print(
        f"read_polis_export(): {len(export.votes):,} vote rows "
        f"({len(votes_csv) / 2**20:.1f} MiB) in {elapsed:.2f} s"
    )
    if args.export_rows:
        import numpy as np

        rng = np.random.default_rng(1)
        n = args.export_rows
        voters, comments = rng.integers(0, 20_000, n), rng.integers(0, 500, n)
        values = rng.integers(-1, 2, n)
        comments_csv = "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,"
        comments_csv += "comment-body\n" + "".join(f"{i},x,{i},1,0,0,1,c{i}\n" for i in range(500))
        data = (
            "timestamp,datetime,comment-id,voter-id,vote\n"
            + "".join(
                f"{1_600_000_000_000 + i},x,{comments[i]},{voters[i]},{values[i]}\n"
                for i in range(n)
            )
        ).encode()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        export = read_polis_export(comments_csv.encode(), data)
        elapsed = time.perf_counter() - started
        grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
        print(
            f"read_polis_export(): {n:,} vote rows ({len(data) / 2**20:.0f} MiB) in "
            f"{elapsed:.1f} s, {len(export.votes):,} votes kept, "
            f"peak RSS grew {grown / 1024:.0f} MiB"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak RSS of the process: {rss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
