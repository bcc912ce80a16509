"""The opinion map and the voting page of a poll with 1,000 participants × 300 statements.

Not a test: prints numbers for the team's notes.

    .venv/bin/python bench/bench_opinion_pages.py [--participants 1000] [--statements 300]

Plants opinion groups among external voters (as after a Pol.is import), about 40 % of the
participant × statement cells voted, then times: computing the analysis through the service
(what the background task does), the facilitator's map page with the stored analysis
(p50/p95 over --repeat requests, queries, bytes), and a member's voting page.
Uses a throw-away SQLite file unless DATABASE_URL is set. The compute alone is
bench/bench_opinion.py.
"""

from __future__ import annotations

import argparse
import statistics
import time

from benchkit import bench_process, django_setup


def planted(participants: int, statements: int, *, groups: int = 4, voted: float = 0.4, seed=0):
    """(participant, statement index, vote) rows: each group agrees with its own block."""
    import numpy as np

    rng = np.random.default_rng(seed)
    block = statements // groups
    rows = []
    for person in range(participants):
        group = person % groups
        for statement in range(statements):
            if rng.random() > voted:
                continue
            own = block * group <= statement < block * (group + 1)
            agree = 0.85 if own else 0.25
            vote = 1 if rng.random() < agree else (-1 if rng.random() < 0.8 else 0)
            rows.append((person, statement, vote))
    return rows


def timed(client, url: str, repeat: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries, size = [], 0, 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries, size = len(captured), len(response.content)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return statistics.median(times), p95, queries, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--statements", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    django_setup("opinion")
    from django.test import Client
    from django.urls import reverse

    from cultiva.accounts.models import User
    from cultiva.processes.models import ProcessRole
    from cultiva.synthesis.models import Conversation, OpinionVote, Statement
    from cultiva.synthesis.services.opinion import analysis_compute

    process, facilitator = bench_process("opinion")
    member = User.objects.create_user(email=f"m-{process.slug}@example.org")
    ProcessRole.objects.create(process=process, user=member, role="member")
    conversation = Conversation.objects.create(
        process=process, title="Mire költsön a megye?", created_by=facilitator
    )
    Statement.objects.bulk_create(
        Statement(conversation=conversation, text=f"Állítás {i}: a megye támogassa ezt.")
        for i in range(args.statements)
    )
    statements = list(conversation.statements.order_by("pk"))
    rows = planted(args.participants, args.statements)
    started = time.perf_counter()
    OpinionVote.objects.bulk_create(
        (OpinionVote(statement=statements[s], external_voter=f"v{p}", value=v) for p, s, v in rows),
        batch_size=5000,
    )
    print(f"{len(rows):,} votes written in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    analysis = analysis_compute(conversation=conversation, actor=facilitator)
    print(
        f"analysis (service, stored): {time.perf_counter() - started:.2f} s, "
        f"{len(analysis.result.get('groups', []))} groups"
    )

    client = Client()
    client.force_login(facilitator)
    map_url = reverse("synthesis:conversation_map", args=[process.slug, conversation.pk])
    p50, p95, queries, size = timed(client, map_url, args.repeat)
    print(f"map page: p50 {p50:.0f} ms, p95 {p95:.0f} ms, {queries} queries, {size:,} bytes")

    client.force_login(member)
    vote_url = reverse("synthesis:conversation_detail", args=[process.slug, conversation.pk])
    p50, p95, queries, size = timed(client, vote_url, args.repeat)
    print(f"voting page: p50 {p50:.0f} ms, p95 {p95:.0f} ms, {queries} queries, {size:,} bytes")


if __name__ == "__main__":
    main()
